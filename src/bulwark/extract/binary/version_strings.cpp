// Embedded version strings: a table of literal anchors (each found with memmem, no regular
// expressions over whole files) and a small version-token parser. Written for Bulwark after
// the ideas of cve-bin-tool's checkers and syft's binary classifiers; CPE vendor:product pairs
// are the NVD ones.
#include "bulwark/extract/binary/version_strings.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <set>
#include <string>

#include "bulwark/extract/binary/common.hpp"

namespace bulwark::extract::binary {
namespace {

constexpr std::size_t kMaxVersion = 40;
constexpr std::size_t kMaxHitsPerAnchor = 64;  // occurrences tried per anchor before giving up
constexpr std::string_view kNul("\0", 1);
constexpr std::string_view kNulSpace("\0 \r\n", 4);

std::vector<VersionRule> make_rules() {
  using R = VersionRule;
  std::vector<R> r;
  auto add = [&r](R rule) { r.push_back(rule); };
  add({.name = "openssl",
       .vendor = "openssl",
       .product = "openssl",
       .anchor = "OpenSSL ",
       .date_follows = true});
  add({.name = "busybox",
       .vendor = "busybox",
       .product = "busybox",
       .anchor = "BusyBox v",
       .kind = "application"});
  add({.name = "zlib",
       .vendor = "zlib",
       .product = "zlib",
       .anchor = "deflate ",
       .suffix = " Copyright"});
  add({.name = "zlib",
       .vendor = "zlib",
       .product = "zlib",
       .anchor = "inflate ",
       .suffix = " Copyright"});
  add({.name = "curl",
       .vendor = "haxx",
       .product = "libcurl",
       .anchor = "libcurl/",
       .terminators = kNulSpace});
  add({.name = "curl",
       .vendor = "haxx",
       .product = "libcurl",
       .anchor = "CLIENT libcurl ",
       .terminators = kNulSpace});
  add({.name = "sqlite",
       .vendor = "sqlite",
       .product = "sqlite",
       .anchor = "3.",
       .gate = "SQLite format 3",
       .terminators = kNul,
       .standalone = true});
  add({.name = "libpng", .vendor = "libpng", .product = "libpng", .anchor = "libpng version "});
  add({.name = "dropbear",
       .vendor = "dropbear_ssh_project",
       .product = "dropbear_ssh",
       .anchor = "dropbear_",
       .terminators = kNulSpace,
       .kind = "application"});
  add({.name = "dropbear",
       .vendor = "dropbear_ssh_project",
       .product = "dropbear_ssh",
       .anchor = "Dropbear SSH multi-purpose v",
       .kind = "application"});
  add({.name = "dropbear",
       .vendor = "dropbear_ssh_project",
       .product = "dropbear_ssh",
       .anchor = "Dropbear sshd v",
       .kind = "application"});
  add({.name = "openssh",
       .vendor = "openbsd",
       .product = "openssh",
       .anchor = "OpenSSH_",
       .terminators = kNulSpace,
       .kind = "application"});
  add({.name = "lighttpd",
       .vendor = "lighttpd",
       .product = "lighttpd",
       .anchor = "lighttpd/",
       .terminators = kNulSpace,
       .kind = "application"});
  add({.name = "dnsmasq",
       .vendor = "thekelleys",
       .product = "dnsmasq",
       .anchor = "dnsmasq-",
       .terminators = kNulSpace,
       .kind = "application"});
  add({.name = "linux",
       .vendor = "linux",
       .product = "linux_kernel",
       .anchor = "Linux version ",
       .kind = "operating-system",
       .numeric_only = true});
  add({.name = "expat",
       .vendor = "libexpat_project",
       .product = "libexpat",
       .anchor = "expat_",
       .terminators = kNul});
  add({.name = "libxml2",
       .vendor = "xmlsoft",
       .product = "libxml2",
       .anchor = "libxml2-",
       .terminators = kNulSpace});
  add({.name = "libxml2",
       .vendor = "xmlsoft",
       .product = "libxml2",
       .anchor = "2",
       .gate = "xmlParserVersion",
       .terminators = kNul,
       .packed = true});
  add({.name = "bzip2",
       .vendor = "bzip",
       .product = "bzip2",
       .anchor = "1.",
       .gate = "bzip2/libbzip2",
       .suffix = ", ",
       .standalone = true});
  add({.name = "xz",
       .vendor = "tukaani",
       .product = "xz",
       .anchor = "xz (XZ Utils) ",
       .kind = "application"});
  add({.name = "xz",
       .vendor = "tukaani",
       .product = "xz",
       .anchor = "5.",
       .gate = "\xFD"
               "7zXZ",
       .terminators = kNul,
       .standalone = true});
  add({.name = "gnutls", .vendor = "gnu", .product = "gnutls", .anchor = "Enabled GnuTLS "});
  add({.name = "mbedtls",
       .vendor = "arm",
       .product = "mbed_tls",
       .anchor = "mbed TLS ",
       .terminators = kNulSpace});
  add({.name = "mbedtls",
       .vendor = "arm",
       .product = "mbed_tls",
       .anchor = "Mbed TLS ",
       .terminators = kNulSpace});
  add({.name = "wolfssl",
       .vendor = "wolfssl",
       .product = "wolfssl",
       .anchor = "wolfSSL ",
       .terminators = kNulSpace});
  add({.name = "nginx",
       .vendor = "f5",
       .product = "nginx",
       .anchor = "nginx/",
       .terminators = kNulSpace,
       .kind = "application"});
  add({.name = "httpd",
       .vendor = "apache",
       .product = "http_server",
       .anchor = "Apache/",
       .terminators = kNulSpace,
       .kind = "application"});
  add({.name = "u-boot",
       .vendor = "denx",
       .product = "u-boot",
       .anchor = "U-Boot ",
       .terminators = kNulSpace,
       .kind = "firmware"});
  add({.name = "glibc",
       .vendor = "gnu",
       .product = "glibc",
       .anchor = "release version ",
       .gate = "GNU C Library"});
  add({.name = "uclibc-ng",
       .vendor = "uclibc-ng_project",
       .product = "uclibc-ng",
       .anchor = "uClibc-ng "});
  add({.name = "uclibc", .vendor = "uclibc", .product = "uclibc", .anchor = "uClibc "});
  add({.name = "musl",
       .vendor = "musl-libc",
       .product = "musl",
       .anchor = "1.",
       .gate = "musl libc (",
       .terminators = kNul,
       .standalone = true});
  return r;
}

bool version_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '+' || c == '~';
}

bool has(std::string_view data, std::string_view needle) {
  if (needle.empty()) return true;
  return memmem(data.data(), data.size(), needle.data(), needle.size()) != nullptr;
}

// " 27 Jan 2026" (one or more blanks before the day).
bool date_at(std::string_view s) {
  std::size_t i = 0;
  if (i >= s.size() || s[i] != ' ') return false;
  while (i < s.size() && s[i] == ' ') ++i;
  auto digits = [&](std::size_t lo, std::size_t hi) {
    std::size_t n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++n;
    return n >= lo && n <= hi;
  };
  if (!digits(1, 2) || i >= s.size() || s[i++] != ' ') return false;
  for (int k = 0; k < 3; ++k, ++i)
    if (i >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i]))) return false;
  if (i >= s.size() || s[i++] != ' ') return false;
  return digits(4, 4);
}

// "20914" -> "2.9.14" (major, two-digit minor, two-digit patch).
std::string unpack(std::string_view digits) {
  auto num = [&](std::size_t at, std::size_t n) {
    return std::stoi(std::string(digits.substr(at, n)));
  };
  return fmt::format("{}.{}.{}", num(0, 1), num(1, 2), num(3, 2));
}

bool packed_at(std::string_view data, std::size_t pos) {
  if (pos > 0 && (std::isalnum(static_cast<unsigned char>(data[pos - 1])) || data[pos - 1] == '.'))
    return false;
  if (data.size() - pos < 6 || (data[pos + 5] != '\0' && data[pos + 5] != '-')) return false;
  for (std::size_t i = 0; i < 5; ++i)
    if (!std::isdigit(static_cast<unsigned char>(data[pos + i]))) return false;
  return true;
}

// The version that starts at `pos`, or empty when the rule's conditions do not hold.
std::string_view version_at(const VersionRule& rule, std::string_view data, std::size_t pos) {
  std::size_t end = pos;
  while (end < data.size() && end - pos <= kMaxVersion && version_char(data[end])) ++end;
  if (end - pos > kMaxVersion || end == pos) return {};
  if (!std::isdigit(static_cast<unsigned char>(data[pos]))) return {};
  std::string_view rest = data.substr(end);
  if (!rule.terminators.empty() &&
      (rest.empty() || rule.terminators.find(rest.front()) == std::string_view::npos))
    return {};
  if (!rule.suffix.empty() && !rest.starts_with(rule.suffix)) return {};
  if (rule.date_follows && !date_at(rest)) return {};
  auto v = data.substr(pos, end - pos);
  if (rule.numeric_only) v = v.substr(0, v.find_first_not_of("0123456789."));
  while (!v.empty() && (v.back() == '.' || v.back() == '-' || v.back() == '_')) v.remove_suffix(1);
  if (v.find('.') == std::string_view::npos) return {};
  return v;
}

// The printable text around a hit, for the evidence property.
std::string evidence_at(std::string_view data, std::size_t start, std::size_t version_end) {
  std::size_t end = version_end;
  while (end < data.size() && end - start < 120 &&
         std::isprint(static_cast<unsigned char>(data[end])))
    ++end;
  return std::string(data.substr(start, end - start));
}

std::string cpe_escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      out += '\\';
    out += c;
  }
  return out;
}

// The first hit at or after offset `from`.
bool first_hit(const VersionRule& rule, std::string_view data, VersionHit& hit,
               std::size_t from = 0) {
  // A packed number anchors on one digit: every occurrence is tried (the rule is gated).
  const std::size_t max_tries = rule.packed ? data.size() : kMaxHitsPerAnchor;
  for (std::size_t tries = 0; tries < max_tries && from < data.size(); ++tries) {
    const void* p =
        memmem(data.data() + from, data.size() - from, rule.anchor.data(), rule.anchor.size());
    if (p == nullptr) return false;
    std::size_t at = static_cast<const char*>(p) - data.data();
    from = at + 1;
    if (rule.standalone && at > 0 && data[at - 1] != '\0') continue;
    std::size_t vpos = rule.standalone || rule.packed ? at : at + rule.anchor.size();
    std::string v;
    if (rule.packed) {
      if (!packed_at(data, at)) continue;
      v = unpack(data.substr(at, 5));
    } else {
      v = std::string(version_at(rule, data, vpos));
    }
    if (v.empty()) continue;
    hit.name = std::string(rule.name);
    hit.version = v;
    hit.cpe =
        fmt::format("cpe:2.3:a:{}:{}:{}:*:*:*:*:*:*:*", rule.vendor, rule.product, cpe_escape(v));
    if (rule.kind == "operating-system") hit.cpe[8] = 'o';
    hit.evidence = evidence_at(data, at, vpos + (rule.packed ? 5 : v.size()));
    hit.offset = at;
    return true;
  }
  return false;
}

// The first hit, refined by a later occurrence that extends its version with a suffix
// ("OpenSSH_9.2" as the protocol banner, then "OpenSSH_9.2p1 Debian-2" as the release string):
// the longer version is the package's. Versions that differ otherwise keep the first.
bool best_hit(const VersionRule& rule, std::string_view data, VersionHit& hit) {
  if (!first_hit(rule, data, hit)) return false;
  if (rule.packed) return true;
  std::size_t from = hit.offset + 1;
  for (std::size_t tries = 0; tries < kMaxHitsPerAnchor; ++tries) {
    VersionHit later;
    if (!first_hit(rule, data, later, from)) break;
    from = later.offset + 1;
    const std::string& v = later.version;
    if (v.size() > hit.version.size() && v.starts_with(hit.version) &&
        !std::isdigit(static_cast<unsigned char>(v[hit.version.size()])) &&
        v[hit.version.size()] != '.') {
      hit = std::move(later);
    }
  }
  return true;
}

}  // namespace

const std::vector<VersionRule>& version_rules() {
  static const std::vector<VersionRule> rules = make_rules();
  return rules;
}

std::vector<VersionHit> scan_version_strings(std::string_view data) {
  std::vector<VersionHit> hits;
  std::set<std::string_view> found;  // one version per product and file: the first match wins
  for (const auto& rule : version_rules()) {
    if (found.contains(rule.name) || !has(data, rule.gate)) continue;
    VersionHit hit;
    if (!best_hit(rule, data, hit)) continue;
    found.insert(rule.name);
    hits.push_back(std::move(hit));
  }
  return hits;
}

namespace {

std::string_view kind_of(std::string_view name) {
  for (const auto& r : version_rules())
    if (r.name == name) return r.kind;
  return "library";
}

class VersionStringExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "binary/versionstrings"; }
  bool wants(const FileInfo& file) const override { return looks_like_binary(file); }
  Result<Inventory> extract(const ScanInput& input) const override {
    Inventory inv;
    auto base = base_name(input.info.path);
    bool image = base.starts_with("vmlinu") || base.starts_with("u-boot");
    if (!has_executable_magic(input.content) && !image) return inv;
    for (auto& hit : scan_version_strings(input.content)) {
      Component c;
      c.bom_ref = fmt::format("binary:{}@{}", hit.name, hit.version);
      c.type = std::string(kind_of(hit.name));
      c.name = hit.name;
      c.version = hit.version;
      c.purl = make_purl("generic", "", hit.name, hit.version, {}, inv.notes);
      c.cpes.push_back(hit.cpe);
      c.location = input.info.path;
      c.properties.emplace_back("bulwark:evidence", hit.evidence);
      c.properties.emplace_back("bulwark:evidence-offset", std::to_string(hit.offset));
      inv.components.push_back(std::move(c));
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_version_string_extractor() {
  return std::make_unique<VersionStringExtractor>();
}

}  // namespace bulwark::extract::binary
