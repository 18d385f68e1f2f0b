// EXP.SEC.*: private keys and certificates confirmed by parsing them with OpenSSL (and the
// OpenSSH key container by its own layout), provider tokens by fixed-prefix formats written for
// Bulwark, keyword rules only in text configuration files, with entropy and placeholder filters.
// Values never leave this file unredacted.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <ctime>
#include <memory>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"

namespace bulwark::exposure::detail {
namespace {

constexpr std::size_t kMaxPemObjects = 32;
constexpr std::size_t kMaxPemBlock = 1 << 20;
constexpr std::size_t kMaxTokenHits = 64;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

int no_password(char*, int, int, void*) { return -1; }

std::string name_text(const X509_NAME* n) {
  if (!n) return {};
  char buf[512];
  X509_NAME_oneline(n, buf, sizeof buf);
  return buf;
}

std::string time_text(const ASN1_TIME* t) {
  if (!t) return {};
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void describe_key(EVP_PKEY* k, PemObject& o) {
  if (!k) return;
  const char* type = EVP_PKEY_get0_type_name(k);
  o.key_type = type ? type : "unknown";
  o.bits = EVP_PKEY_get_bits(k);
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(k, &der);
  if (n > 0) {
    o.fingerprint =
        sha256_hex(std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(n)));
    OPENSSL_free(der);
  }
}

std::string base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') clean += c;
  if (clean.empty() || clean.size() % 4 != 0) return {};
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0) return {};
  std::size_t pad = clean.ends_with("==") ? 2 : clean.ends_with("=") ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

// OpenSSH "openssh-key-v1" container: magic, cipher, kdf, kdf options, key count, public key.
bool parse_openssh(std::string_view body, PemObject& o) {
  std::string raw = base64_decode(body);
  std::string_view d = raw;
  static constexpr std::string_view kMagic{"openssh-key-v1\0", 15};
  if (!d.starts_with(kMagic)) return false;
  d.remove_prefix(kMagic.size());
  auto str = [&](std::string_view& out) {
    if (d.size() < 4) return false;
    std::uint32_t n = (std::uint32_t(std::uint8_t(d[0])) << 24) |
                      (std::uint32_t(std::uint8_t(d[1])) << 16) |
                      (std::uint32_t(std::uint8_t(d[2])) << 8) | std::uint8_t(d[3]);
    if (n > d.size() - 4) return false;
    out = d.substr(4, n);
    d.remove_prefix(4 + n);
    return true;
  };
  std::string_view cipher, kdf, kdfopts, pub;
  if (!str(cipher) || !str(kdf) || !str(kdfopts) || d.size() < 4) return false;
  d.remove_prefix(4);  // number of keys
  if (!str(pub)) return false;
  std::string_view saved = d;
  d = pub;
  std::string_view type;
  if (!str(type)) return false;
  d = saved;
  o.kind = "private-key";
  o.key_type = std::string(type);
  o.encrypted = cipher != "none";
  o.fingerprint = sha256_hex(pub);
  return true;
}

bool is_weak_signature(int nid) {
  switch (nid) {
    case NID_md5WithRSAEncryption:
    case NID_md2WithRSAEncryption:
    case NID_md4WithRSAEncryption:
    case NID_sha1WithRSAEncryption:
    case NID_ecdsa_with_SHA1:
    case NID_dsaWithSHA1:
      return true;
    default:
      return false;
  }
}

std::optional<PemObject> parse_block(std::string_view label, std::string_view block,
                                     std::string_view body, TimePoint now) {
  PemObject o;
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(block.data(), static_cast<int>(block.size())));
  if (!bio) return std::nullopt;
  if (label == "CERTIFICATE" || label == "TRUSTED CERTIFICATE" || label == "X509 CERTIFICATE") {
    std::unique_ptr<X509, X509Free> x(
        label == "TRUSTED CERTIFICATE" ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr)
                                       : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!x) return std::nullopt;
    o.kind = "certificate";
    o.subject = name_text(X509_get_subject_name(x.get()));
    o.issuer = name_text(X509_get_issuer_name(x.get()));
    o.not_before = time_text(X509_get0_notBefore(x.get()));
    o.not_after = time_text(X509_get0_notAfter(x.get()));
    int nid = X509_get_signature_nid(x.get());
    o.signature = nid != NID_undef ? OBJ_nid2sn(nid) : "unknown";
    o.weak_signature = is_weak_signature(nid);
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    o.expired = X509_cmp_time(X509_get0_notAfter(x.get()), &t) < 0;
    describe_key(X509_get0_pubkey(x.get()), o);
    return o;
  }
  if (label == "OPENSSH PRIVATE KEY") {
    if (!parse_openssh(body, o)) return std::nullopt;
    return o;
  }
  if (label == "ENCRYPTED PRIVATE KEY") {
    o.kind = "private-key";
    o.encrypted = true;
    o.key_type = "unknown (PKCS#8 encrypted)";
    return o;
  }
  if (label.ends_with("PRIVATE KEY")) {
    o.kind = "private-key";
    if (block.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos) {
      o.encrypted = true;
      o.key_type = std::string(label.substr(0, label.size() - 12));
      return o;
    }
    std::unique_ptr<EVP_PKEY, PkeyFree> k(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
    if (!k) return std::nullopt;
    describe_key(k.get(), o);
    return o;
  }
  return std::nullopt;
}

bool placeholder(std::string_view v) {
  std::string l = to_lower(v);
  static constexpr std::string_view kWords[] = {
      "example",  "xxxx",    "changeme", "change_me", "your",    "dummy", "sample", "placeholder",
      "redacted", "0000000", "1234567",  "abcdef",    "<",       "${",    "$(",     "{{",
      "%(",       "***",     "password", "secret",    "replace", "fixme", "todo"};
  for (auto w : kWords)
    if (l.find(w) != std::string::npos) return true;
  return false;
}

bool is_token_char(char c, std::string_view extra) {
  return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
}

struct PrefixRule {
  std::string_view rule;
  std::string_view prefix;
  std::size_t min_len, max_len;  // length of the part after the prefix
  std::string_view extra;        // allowed non-alphanumeric characters
  bool upper_base32 = false;     // [A-Z2-7] only (AWS key ids)
};

constexpr PrefixRule kPrefixRules[] = {
    {"aws-access-key-id", "AKIA", 16, 16, "", true},
    {"aws-access-key-id", "ASIA", 16, 16, "", true},
    {"github-token", "ghp_", 36, 36, ""},
    {"github-token", "gho_", 36, 36, ""},
    {"github-token", "ghu_", 36, 36, ""},
    {"github-token", "ghs_", 36, 36, ""},
    {"github-token", "ghr_", 36, 36, ""},
    {"github-fine-grained-pat", "github_pat_", 82, 82, "_"},
    {"gitlab-pat", "glpat-", 20, 20, "_-"},
    {"slack-token", "xoxb-", 20, 200, "-"},
    {"slack-token", "xoxp-", 20, 200, "-"},
    {"slack-token", "xoxa-", 20, 200, "-"},
    {"slack-token", "xoxr-", 20, 200, "-"},
    {"slack-token", "xoxs-", 20, 200, "-"},
    {"google-api-key", "AIza", 35, 35, "_-"},
    {"stripe-live-key", "sk_live_", 24, 99, ""},
    {"stripe-live-key", "rk_live_", 24, 99, ""},
    {"npm-token", "npm_", 36, 36, ""},
};

std::size_t line_of(std::string_view text, std::size_t pos) {
  std::size_t n = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) n += text[i] == '\n';
  return n;
}

constexpr std::string_view kSecretKeys[] = {"password",    "passwd",  "pwd",        "secret",
                                            "token",       "api_key", "apikey",     "access_key",
                                            "private_key", "psk",     "credential", "auth_key"};

}  // namespace

bool has_pem_marker(std::string_view content) {
  return content.find("-----BEGIN ") != std::string_view::npos;
}

std::vector<PemObject> parse_pem_objects(std::string_view content, TimePoint now) {
  std::vector<PemObject> out;
  std::size_t at = 0;
  while (out.size() < kMaxPemObjects) {
    auto begin = content.find("-----BEGIN ", at);
    if (begin == std::string_view::npos) break;
    auto label_end = content.find("-----", begin + 11);
    if (label_end == std::string_view::npos || label_end - begin > 80) break;
    std::string_view label = content.substr(begin + 11, label_end - begin - 11);
    std::string end_marker = "-----END " + std::string(label) + "-----";
    auto end = content.find(end_marker, label_end);
    if (end == std::string_view::npos) break;
    std::size_t stop = end + end_marker.size();
    at = stop;
    if (stop - begin > kMaxPemBlock) continue;
    std::string_view block = content.substr(begin, stop - begin);
    std::string_view body = content.substr(label_end + 5, end - label_end - 5);
    if (auto o = parse_block(label, block, body, now)) out.push_back(std::move(*o));
  }
  return out;
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<int, 256> count{};
  for (unsigned char c : s) ++count[c];
  double h = 0;
  for (int c : count)
    if (c) {
      double p = double(c) / double(s.size());
      h -= p * std::log2(p);
    }
  return h;
}

std::string redact(std::string_view value) {
  std::string h = sha256_hex(value).substr(0, 12);
  if (value.size() < 10)
    return "*** (" + std::to_string(value.size()) + " chars, sha256:" + h + ")";
  return std::string(value.substr(0, 2)) + "…" + std::string(value.substr(value.size() - 2)) +
         " (" + std::to_string(value.size()) + " chars, sha256:" + h + ")";
}

std::vector<TokenHit> find_tokens(std::string_view content, bool config_file) {
  std::vector<TokenHit> out;
  for (const auto& r : kPrefixRules) {
    std::size_t at = 0;
    while (out.size() < kMaxTokenHits) {
      auto pos = content.find(r.prefix, at);
      if (pos == std::string_view::npos) break;
      at = pos + r.prefix.size();
      if (pos > 0 && is_token_char(content[pos - 1], r.extra)) continue;
      std::size_t end = at;
      while (end < content.size() && end - at <= r.max_len && is_token_char(content[end], r.extra))
        ++end;
      std::size_t len = end - at;
      if (len < r.min_len || len > r.max_len) continue;
      std::string_view rest = content.substr(at, len);
      if (r.upper_base32 &&
          rest.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != std::string_view::npos)
        continue;
      std::string_view value = content.substr(pos, end - pos);
      if (placeholder(value) || shannon_entropy(rest) < 3.0) continue;
      out.push_back(TokenHit{std::string(r.rule), line_of(content, pos), redact(value)});
    }
  }
  if (!config_file) return out;
  std::vector<std::size_t> prefix_lines;
  for (const auto& h : out) prefix_lines.push_back(h.line);
  // Keyword rules: key=value or key: value lines of text configuration files.
  std::size_t n = 0;
  for (auto line : split(content, '\n')) {
    ++n;
    if (out.size() >= kMaxTokenHits) break;
    if (std::find(prefix_lines.begin(), prefix_lines.end(), n) != prefix_lines.end())
      continue;  // reported once
    auto t = trim(line);
    if (t.empty() || t.front() == '#' || t.front() == ';' || t.size() > 4096) continue;
    auto sep = t.find_first_of("=:");
    if (sep == std::string_view::npos || sep == 0) continue;
    std::string key = to_lower(trim(t.substr(0, sep)));
    if (!key.empty() && (key.front() == '"' || key.front() == '\'')) key = key.substr(1);
    if (!key.empty() && (key.back() == '"' || key.back() == '\'')) key.pop_back();
    if (key.find(' ') != std::string::npos || key.size() > 64) continue;
    bool secret_key = false;
    for (auto k : kSecretKeys) secret_key = secret_key || key.find(k) != std::string::npos;
    if (!secret_key) continue;
    std::string_view v = trim(t.substr(sep + 1));
    if (!v.empty() && v.back() == ',') v.remove_suffix(1);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    if (v.size() < 8 || v.front() == '/' || v.front() == '.' ||
        v.find(' ') != std::string_view::npos)
      continue;
    if (placeholder(v) || shannon_entropy(v) < 3.0) continue;
    std::string rule = key.find("aws_secret") != std::string::npos ? "aws-secret-access-key"
                       : key == "psk" || key.ends_with("_psk")     ? "wifi-psk"
                                                                   : "generic-" + key;
    out.push_back(TokenHit{rule, n, redact(v)});
  }
  return out;
}

}  // namespace bulwark::exposure::detail
