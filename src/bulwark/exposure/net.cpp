// bulwark exposure net (net.hpp): scope, port lists, the rate-limited TCP connect scan and the
// per-service probes. All I/O is here; the parsers are in net_probe.cpp. OpenSSL stays in this
// file (TLS 1.3 and the certificate).
#include "bulwark/exposure/net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <set>
#include <thread>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"
#include "bulwark/exposure/net_probe.hpp"

namespace bulwark::exposure {
namespace {

using detail::observe;
using steady = std::chrono::steady_clock;

constexpr std::size_t kMaxPorts = 4096;
constexpr std::size_t kMaxAnswer = 64 * 1024;
constexpr int kMaxCipherRounds = 64;
constexpr std::chrono::milliseconds kLoginTimeout{6000};

// ---- addresses --------------------------------------------------------------------------------

struct Address {
  bool v6 = false;
  unsigned char bytes[16] = {};
  std::string text;
};

std::optional<Address> parse_address(std::string_view s) {
  Address a;
  std::string t(s);
  if (t == "localhost") t = "127.0.0.1";
  if (inet_pton(AF_INET, t.c_str(), a.bytes) == 1) {
    a.text = t;
    return a;
  }
  if (inet_pton(AF_INET6, t.c_str(), a.bytes) == 1) {
    a.v6 = true;
    a.text = t;
    return a;
  }
  return std::nullopt;
}

bool in_range(const Address& a, const Scope::Range& r) {
  if (a.v6 != r.v6) return false;
  int bits = r.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (r.addr[i] & mask)) return false;
  }
  return true;
}

// ---- sockets ----------------------------------------------------------------------------------

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Socket& operator=(Socket&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  ~Socket() { reset(); }
  int fd() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
};

class RateLimiter {
 public:
  explicit RateLimiter(double per_second)
      : gap_(std::chrono::duration_cast<steady::duration>(
            std::chrono::duration<double>(1.0 / std::max(per_second, 0.1)))) {}
  void wait() {
    auto now = steady::now();
    if (next_ > now) std::this_thread::sleep_for(next_ - now);
    next_ = std::max(next_, now) + gap_;
  }

 private:
  steady::duration gap_;
  steady::time_point next_{};
};

enum class ConnectResult { kOpen, kClosed, kFiltered };

struct Scanner;
// The plaintext dialogue that turns a fresh connection into one waiting for a ClientHello
// (SMTP/IMAP/POP3 STARTTLS, FTP AUTH TLS); "" when the server agreed, else what it said.
std::string starttls_upgrade(Scanner& sc, const Socket& s, std::string_view proto);

struct Scanner {
  const NetOptions& o;
  Address addr;
  RateLimiter limiter;
  std::size_t connections = 0;
  std::size_t datagrams = 0;
  std::string starttls;  // "smtp", "ftp", "imap", "pop3": TLS probes upgrade first

  sockaddr_storage sockaddr_of(int port, socklen_t& len) const {
    sockaddr_storage ss{};
    if (addr.v6) {
      auto* a6 = reinterpret_cast<sockaddr_in6*>(&ss);
      a6->sin6_family = AF_INET6;
      a6->sin6_port = htons(static_cast<std::uint16_t>(port));
      std::memcpy(&a6->sin6_addr, addr.bytes, 16);
      len = sizeof(sockaddr_in6);
    } else {
      auto* a4 = reinterpret_cast<sockaddr_in*>(&ss);
      a4->sin_family = AF_INET;
      a4->sin_port = htons(static_cast<std::uint16_t>(port));
      std::memcpy(&a4->sin_addr, addr.bytes, 4);
      len = sizeof(sockaddr_in);
    }
    return ss;
  }

  // A connection for a TLS probe: upgraded with STARTTLS first when `starttls` is set.
  std::pair<ConnectResult, Socket> tls_connect(int port) {
    auto c = connect(port);
    if (c.first == ConnectResult::kOpen && !starttls.empty() &&
        !starttls_upgrade(*this, c.second, starttls).empty())
      return {ConnectResult::kFiltered, Socket()};
    return c;
  }

  std::pair<ConnectResult, Socket> connect(int port) {
    limiter.wait();
    ++connections;
    int fd = ::socket(addr.v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return {ConnectResult::kFiltered, Socket()};
    Socket s(fd);
    socklen_t len = 0;
    sockaddr_storage ss = sockaddr_of(port, len);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&ss), len);
    if (rc != 0 && errno != EINPROGRESS)
      return {errno == ECONNREFUSED ? ConnectResult::kClosed : ConnectResult::kFiltered, Socket()};
    if (rc != 0) {
      pollfd p{fd, POLLOUT, 0};
      int n = ::poll(&p, 1, static_cast<int>(o.connect_timeout.count()));
      if (n <= 0) return {ConnectResult::kFiltered, Socket()};
      int err = 0;
      socklen_t el = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
      if (err != 0)
        return {err == ECONNREFUSED ? ConnectResult::kClosed : ConnectResult::kFiltered, Socket()};
    }
    return {ConnectResult::kOpen, std::move(s)};
  }

  // Reads what arrives within the read timeout, until `enough` says the answer is complete, the
  // peer closes, or kMaxAnswer bytes.
  template <class Enough>
  std::string read(const Socket& s, Enough enough, std::chrono::milliseconds timeout) {
    std::string out;
    auto deadline = steady::now() + timeout;
    char buf[4096];
    while (out.size() < kMaxAnswer) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
      if (left.count() <= 0) break;
      pollfd p{s.fd(), POLLIN, 0};
      int n = ::poll(&p, 1, static_cast<int>(left.count()));
      if (n <= 0) break;
      auto got = ::recv(s.fd(), buf, sizeof buf, 0);
      if (got <= 0) break;
      out.append(buf, static_cast<std::size_t>(got));
      if (enough(out)) break;
    }
    return out;
  }

  bool send_all(const Socket& s, std::string_view data) {
    while (!data.empty()) {
      pollfd p{s.fd(), POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(o.read_timeout.count())) <= 0) return false;
      auto n = ::send(s.fd(), data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
};

std::string port_path(int port) { return fmt::format("tcp/{}", port); }

// ---- TLS ----------------------------------------------------------------------------------------

struct TlsProbe {
  std::optional<detail::TlsAnswer> answer;
  std::string error;
};

TlsProbe hello(Scanner& sc, int port, std::uint16_t version,
               const std::vector<std::uint16_t>& suites) {
  TlsProbe out;
  auto [state, s] = sc.tls_connect(port);
  if (state != ConnectResult::kOpen) {
    out.error = "connection failed";
    return out;
  }
  if (!sc.send_all(s, detail::build_client_hello(version, suites, sc.o.host))) {
    out.error = "send failed";
    return out;
  }
  std::string error;
  auto data = sc.read(
      s,
      [&](const std::string& d) {
        auto a = detail::parse_tls_answer(d);
        if (!a) {
          error = a.error().message;
          return true;
        }
        return a->has_value();
      },
      sc.o.read_timeout);
  auto a = detail::parse_tls_answer(data);
  if (!a)
    out.error = a.error().message;
  else
    out.answer = *a;
  return out;
}

std::vector<std::uint16_t> all_suites() {
  std::vector<std::uint16_t> v;
  for (const auto& s : detail::probe_cipher_suites()) v.push_back(s.id);
  return v;
}

// The suites a version accepts: offer all, remove the one chosen, repeat.
std::vector<std::uint16_t> accepted_suites(Scanner& sc, int port, std::uint16_t version) {
  std::vector<std::uint16_t> offer = all_suites(), accepted;
  for (int round = 0; round < kMaxCipherRounds && !offer.empty(); ++round) {
    auto p = hello(sc, port, version, offer);
    if (!p.answer || p.answer->kind != detail::TlsAnswer::kServerHello ||
        p.answer->version != version)
      break;
    auto it = std::find(offer.begin(), offer.end(), p.answer->cipher);
    if (it == offer.end()) break;  // a suite we did not offer: stop
    accepted.push_back(p.answer->cipher);
    offer.erase(it);
  }
  return accepted;
}

struct CertFacts {
  bool got = false;
  std::string version, cipher;  // what OpenSSL negotiated
  std::string subject, issuer, not_after, key_type, signature;
  int bits = 0;
  bool expired = false, self_signed = false;
  std::string error;
};

std::string x509_name(X509_NAME* n) {
  char buf[256] = {};
  X509_NAME_oneline(n, buf, sizeof buf);
  return buf;
}

// `greeting`: also read what the server says first over TLS (implicit-TLS mail services greet).
CertFacts openssl_handshake(Scanner& sc, int port, int min_version, int max_version, TimePoint now,
                            std::string* greeting = nullptr) {
  CertFacts f;
  auto [state, s] = sc.tls_connect(port);
  if (state != ConnectResult::kOpen) {
    f.error = "connection failed";
    return f;
  }
  // Blocking with a receive/send timeout for the handshake.
  int flags = ::fcntl(s.fd(), F_GETFL);
  ::fcntl(s.fd(), F_SETFL, flags & ~O_NONBLOCK);
  timeval tv{static_cast<time_t>(sc.o.read_timeout.count() / 1000),
             static_cast<suseconds_t>((sc.o.read_timeout.count() % 1000) * 1000)};
  ::setsockopt(s.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(s.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  if (!ctx) {
    f.error = "no TLS context";
    return f;
  }
  SSL_CTX_set_security_level(ctx.get(), 0);  // see what is offered, however weak
  SSL_CTX_set_min_proto_version(ctx.get(), min_version);
  SSL_CTX_set_max_proto_version(ctx.get(), max_version);
  SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), s.fd());
  if (!parse_address(sc.o.host) || sc.o.host == "localhost")
    SSL_set_tlsext_host_name(ssl.get(), sc.o.host.c_str());
  if (SSL_connect(ssl.get()) != 1) {
    unsigned long e = ERR_get_error();
    char buf[256] = {};
    ERR_error_string_n(e, buf, sizeof buf);
    f.error = e ? buf : "handshake failed";
    ERR_clear_error();
    return f;
  }
  f.got = true;
  f.version = SSL_get_version(ssl.get());
  f.cipher = SSL_get_cipher_name(ssl.get());
  X509* cert = SSL_get1_peer_certificate(ssl.get());
  if (cert) {
    f.subject = x509_name(X509_get_subject_name(cert));
    f.issuer = x509_name(X509_get_issuer_name(cert));
    const ASN1_TIME* na = X509_get0_notAfter(cert);
    ASN1_TIME* now_t = ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(now));
    int day = 0, sec = 0;
    if (now_t && ASN1_TIME_diff(&day, &sec, now_t, na))
      f.expired = day < 0 || (day == 0 && sec < 0);
    ASN1_TIME_free(now_t);
    struct tm tm {};
    if (ASN1_TIME_to_tm(na, &tm) == 1)
      f.not_after = fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    EVP_PKEY* key = X509_get0_pubkey(cert);
    if (key) {
      f.bits = EVP_PKEY_get_bits(key);
      const char* t = EVP_PKEY_get0_type_name(key);
      f.key_type = t ? t : "";
    }
    f.signature = OBJ_nid2ln(X509_get_signature_nid(cert));
    f.self_signed = X509_check_issued(cert, cert) == X509_V_OK;
    X509_free(cert);
  }
  if (greeting) {
    auto wait = std::min(sc.o.read_timeout, std::chrono::milliseconds(800));
    timeval gtv{static_cast<time_t>(wait.count() / 1000),
                static_cast<suseconds_t>((wait.count() % 1000) * 1000)};
    ::setsockopt(s.fd(), SOL_SOCKET, SO_RCVTIMEO, &gtv, sizeof gtv);
    char buf[512];
    for (int i = 0; i < 4 && greeting->size() < 512 && greeting->find('\n') == std::string::npos;
         ++i) {
      int n = SSL_read(ssl.get(), buf, static_cast<int>(sizeof buf - greeting->size()));
      if (n <= 0) break;
      greeting->append(buf, static_cast<std::size_t>(n));
    }
    ERR_clear_error();
  }
  SSL_shutdown(ssl.get());
  return f;
}

// `service`: set to "smtps", "imaps" or "pop3s" when the server greets over TLS like one
// (implicit TLS), with its greeting in `greeting`.
void probe_tls(Scanner& sc, int port, TimePoint now, std::vector<Observation>& out,
               std::string* service = nullptr, std::string* greeting = nullptr) {
  const std::string path = port_path(port);
  const std::size_t first = out.size();
  std::vector<std::string> legacy, offered;
  std::map<std::uint16_t, std::set<std::string>> weak;  // suite -> versions
  std::size_t strong = 0;
  for (std::uint16_t v : {detail::kSsl3, detail::kTls10, detail::kTls11, detail::kTls12}) {
    auto p = hello(sc, port, v, all_suites());
    if (!p.answer || p.answer->kind != detail::TlsAnswer::kServerHello || p.answer->version != v)
      continue;
    offered.push_back(detail::tls_version_name(v));
    if (v < detail::kTls12) legacy.push_back(detail::tls_version_name(v));
    for (auto id : accepted_suites(sc, port, v)) {
      const auto* cs = detail::find_cipher_suite(id);
      std::string_view w = cs ? cs->weakness : "unknown";
      if (w.empty() || w == "CBC")
        ++strong;
      else
        weak[id].insert(detail::tls_version_name(v));
    }
  }
  std::string said;
  std::string* ask = service ? &said : nullptr;
  auto tls13 = openssl_handshake(sc, port, TLS1_3_VERSION, TLS1_3_VERSION, now, ask);
  if (tls13.got) offered.push_back("TLS 1.3");
  Evidence ev{{"offered", join(offered, ", ")}};
  if (offered.empty()) {
    out.push_back(observe("EXP.NET.TLSVERSION", Status::kIndeterminate, path,
                          "TLS answered, but no probed version completed a ServerHello", ev,
                          "tls"));
  } else if (!legacy.empty()) {
    out.push_back(observe("EXP.NET.TLSVERSION", Status::kFail, path,
                          "legacy protocol versions offered: " + join(legacy, ", "), ev, "tls",
                          std::find(legacy.begin(), legacy.end(), "SSLv3") != legacy.end()
                              ? std::optional(Severity::kCritical)
                              : std::nullopt));
  } else {
    out.push_back(observe("EXP.NET.TLSVERSION", Status::kPass, path,
                          "only " + join(offered, ", ") + " offered", ev, "tls"));
  }
  if (!offered.empty()) {
    Evidence cev;
    std::vector<std::string> names;
    for (const auto& [id, versions] : weak) {
      const auto* cs = detail::find_cipher_suite(id);
      std::string name = cs ? std::string(cs->name) : fmt::format("0x{:04x}", id);
      cev.emplace_back(
          name,
          fmt::format("{} ({})", cs ? cs->weakness : "unknown",
                      join(std::vector<std::string>(versions.begin(), versions.end()), ", ")));
      names.push_back(name);
    }
    if (weak.empty())
      out.push_back(observe("EXP.NET.TLSCIPHER", Status::kPass, path,
                            fmt::format("{} accepted suite(s), none weak", strong), cev, "tls"));
    else {
      bool broken = std::any_of(weak.begin(), weak.end(), [](const auto& w) {
        const auto* cs = detail::find_cipher_suite(w.first);
        return cs && cs->weakness != "no forward secrecy";
      });
      out.push_back(
          observe("EXP.NET.TLSCIPHER", Status::kFail, path,
                  fmt::format("{} weak suite(s) accepted: {}", weak.size(), join(names, ", ")), cev,
                  "tls", broken ? std::nullopt : std::optional(Severity::kMedium)));
    }
  }
  // The certificate, from any version OpenSSL can complete (security level 0).
  CertFacts cert =
      tls13.got ? tls13 : openssl_handshake(sc, port, TLS1_VERSION, TLS1_3_VERSION, now, ask);
  if (service && !said.empty()) {
    auto inner = detail::classify_banner(said);
    if (inner == "smtp" || inner == "imap" || inner == "pop3") {
      *service = inner + "s";
      if (greeting) *greeting = detail::banner_text(said);
      for (std::size_t i = first; i < out.size(); ++i)
        out[i].evidence.emplace_back("service", *service + " (implicit TLS)");
    }
  }
  if (!cert.got || cert.subject.empty()) {
    out.push_back(observe(
        "EXP.NET.CERT", Status::kIndeterminate, path,
        "no certificate read: " + (cert.error.empty() ? "no handshake" : cert.error), {}, "cert"));
    return;
  }
  Evidence cev{
      {"subject", cert.subject},     {"issuer", cert.issuer},
      {"not_after", cert.not_after}, {"key", fmt::format("{} {}", cert.key_type, cert.bits)},
      {"signature", cert.signature}, {"negotiated", cert.version + " " + cert.cipher}};
  std::vector<std::string> problems;
  std::optional<Severity> sev;
  if (cert.expired) problems.push_back("expired on " + cert.not_after);
  bool rsa_like = cert.key_type == "RSA" || cert.key_type == "RSA-PSS" || cert.key_type == "DSA";
  if ((rsa_like && cert.bits < 2048) || (!rsa_like && cert.bits > 0 && cert.bits < 224)) {
    problems.push_back(fmt::format("{}-bit {} key", cert.bits, cert.key_type));
    sev = Severity::kHigh;
  }
  std::string sig = cert.signature;
  std::transform(sig.begin(), sig.end(), sig.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (sig.find("md5") != std::string::npos || sig.find("sha1") != std::string::npos) {
    problems.push_back("signature " + cert.signature);
    sev = Severity::kHigh;
  }
  if (cert.self_signed) problems.push_back("self-signed");
  if (problems.empty())
    out.push_back(observe("EXP.NET.CERT", Status::kPass, path,
                          "certificate valid until " + cert.not_after + ", " + cert.key_type + " " +
                              std::to_string(cert.bits),
                          cev, "cert"));
  else
    out.push_back(observe("EXP.NET.CERT", Status::kFail, path,
                          "certificate: " + join(problems, ", "), cev, "cert", sev));
}

// ---- SSH ----------------------------------------------------------------------------------------

void probe_ssh_host_keys(Scanner& sc, int port, const detail::SshKexInit& kx, Evidence& ev,
                         std::vector<std::string>& weak);

void probe_ssh(Scanner& sc, const Socket& s, std::string data, int port,
               std::vector<Observation>& out) {
  const std::string path = port_path(port);
  auto id = detail::parse_ssh_identification(data);
  if (!id || !*id) {
    out.push_back(observe(
        "EXP.NET.SSH", Status::kIndeterminate, path,
        "SSH identification unreadable: " + (id ? std::string("incomplete") : id.error().message),
        {}, "ssh"));
    return;
  }
  Evidence ev{{"identification", "SSH-" + (*id)->proto + "-" + (*id)->software +
                                     ((*id)->comments.empty() ? "" : " " + (*id)->comments)}};
  if ((*id)->proto != "2.0" && (*id)->proto != "1.99") {
    out.push_back(observe("EXP.NET.SSH", Status::kFail, path,
                          "SSH protocol " + (*id)->proto + " (SSH-1)", ev, "ssh", Severity::kHigh));
    return;
  }
  sc.send_all(s, "SSH-2.0-bulwark_exposure\r\n");
  std::string rest = data.substr((*id)->consumed);
  std::string error;
  rest += sc.read(
      s,
      [&](const std::string& d) {
        auto k = detail::parse_ssh_kexinit(rest + d);
        if (!k) return true;
        return k->kexinit.has_value();
      },
      sc.o.read_timeout);
  auto k = detail::parse_ssh_kexinit(rest);
  if (!k || !k->kexinit) {
    out.push_back(observe("EXP.NET.SSH", Status::kIndeterminate, path,
                          "no KEXINIT read: " + (k ? std::string("incomplete") : k.error().message),
                          ev, "ssh"));
    return;
  }
  const auto& kx = *k->kexinit;
  ev.emplace_back("kex", join(kx.kex, ","));
  ev.emplace_back("host_key", join(kx.host_key, ","));
  // The host keys' types and sizes (one key exchange per key family), in both checks' evidence.
  auto weak = detail::weak_ssh_algorithms(kx);
  Evidence keys;
  probe_ssh_host_keys(sc, port, kx, keys, weak);
  ev.insert(ev.end(), keys.begin(), keys.end());
  Evidence mev = ev;
  ev.emplace_back("ciphers", join(kx.cipher_s2c, ","));
  ev.emplace_back("macs", join(kx.mac_s2c, ","));
  // EXP.NET.SSHMODERN: the modern classes (curve25519-class key exchange, Ed25519 host keys).
  auto missing = detail::missing_modern_ssh_algorithms(kx);
  if (missing.empty()) {
    out.push_back(
        observe("EXP.NET.SSHMODERN", Status::kPass, path,
                (*id)->software + ": curve25519-class key exchange and Ed25519 host key offered",
                mev, "ssh"));
  } else {
    for (const auto& m : missing) mev.emplace_back("missing", m);
    std::vector<std::string> sizes;
    for (const auto& [key, value] : keys)
      if (key == "host_key_size" && value.find("not read") == std::string::npos)
        sizes.push_back(value);
    out.push_back(
        observe("EXP.NET.SSHMODERN", Status::kFail, path,
                fmt::format("{}: {}{}", (*id)->software, join(missing, "; "),
                            sizes.empty() ? "" : " (host keys: " + join(sizes, ", ") + ")"),
                mev, "ssh"));
  }
  if (weak.empty())
    out.push_back(observe("EXP.NET.SSH", Status::kPass, path,
                          (*id)->software + ": no weak algorithm offered", ev, "ssh"));
  else {
    for (const auto& w : weak) ev.emplace_back("weak", w);
    out.push_back(observe(
        "EXP.NET.SSH", Status::kFail, path,
        fmt::format("{}: {} weak algorithm(s): {}", (*id)->software, weak.size(), join(weak, "; ")),
        ev, "ssh"));
  }
}

// ---- SSH host keys ------------------------------------------------------------------------------

// The client half of an X25519 exchange (the server's answer is never used: no keys derived).
std::string x25519_public() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> k(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"), EVP_PKEY_free);
  unsigned char pub[32] = {};
  std::size_t len = sizeof pub;
  if (!k || EVP_PKEY_get_raw_public_key(k.get(), pub, &len) != 1 || len != 32) return {};
  return std::string(reinterpret_cast<const char*>(pub), len);
}

// The client half of an ECDH exchange on `curve` ("P-256" ...): the uncompressed point.
std::string ecdh_public(const std::string& curve) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> k(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve.c_str()), EVP_PKEY_free);
  unsigned char pub[160] = {};
  std::size_t len = 0;
  if (!k || EVP_PKEY_get_octet_string_param(k.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub,
                                            sizeof pub, &len) != 1)
    return {};
  return std::string(reinterpret_cast<const char*>(pub), len);
}

using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
// The MODP prime of a fixed group (RFC 2409 group 1, RFC 3526 groups 14..18).
Bignum modp_prime(int group) {
  BIGNUM* p = nullptr;
  switch (group) {
    case 1:
      p = BN_get_rfc2409_prime_1024(nullptr);
      break;
    case 14:
      p = BN_get_rfc3526_prime_2048(nullptr);
      break;
    case 15:
      p = BN_get_rfc3526_prime_3072(nullptr);
      break;
    case 16:
      p = BN_get_rfc3526_prime_4096(nullptr);
      break;
    case 17:
      p = BN_get_rfc3526_prime_6144(nullptr);
      break;
    case 18:
      p = BN_get_rfc3526_prime_8192(nullptr);
      break;
  }
  return Bignum(p, BN_free);
}
// The client's DH value e = g^x mod p for a random 512-bit x, as an SSH mpint ("" on failure).
std::string dh_public(const BIGNUM* p, const BIGNUM* g) {
  Bignum x(BN_new(), BN_free), e(BN_new(), BN_free);
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
  if (!p || !g || !x || !e || !ctx ||
      BN_rand(x.get(), 512, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_mod_exp(e.get(), g, x.get(), p, ctx.get()) != 1)
    return {};
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(e.get())), '\0');
  BN_bn2bin(e.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return detail::ssh_mpint(bytes);
}

// Reads the next key exchange packet with message `msg` (SSH_MSG_IGNORE and DEBUG skipped, at
// most 8 packets): its payload, taken from the front of `data`.
Result<std::string> ssh_kex_packet(Scanner& sc, const Socket& s, std::string& data,
                                   std::uint8_t msg, std::string_view name) {
  for (int packets = 0; packets < 8; ++packets) {
    data += sc.read(
        s,
        [&](const std::string& d) {
          auto p = detail::parse_ssh_packet(data + d);
          return !p || p->payload.has_value();
        },
        sc.o.read_timeout);
    auto p = detail::parse_ssh_packet(data);
    if (!p) return std::unexpected(p.error());
    if (!p->payload) return invalid_input(fmt::format("ssh: no {} within the timeout", name));
    std::string payload(*p->payload);
    data.erase(0, p->consumed);
    auto m = payload.empty() ? 0 : static_cast<unsigned char>(payload[0]);
    if (m == 2 || m == 4) continue;  // SSH_MSG_IGNORE, SSH_MSG_DEBUG
    if (m == 1) return invalid_input("ssh: the server disconnected during the key exchange");
    if (m != msg)
      return invalid_input(
          fmt::format("ssh packet: message {} where {} ({}) was expected", m, name, msg));
    return payload;
  }
  return invalid_input(fmt::format("ssh: more than 8 packets without a {}", name));
}

// One key exchange (`kex`, see choose_ssh_host_key_kex) on a fresh connection, asking for
// `algorithm`'s host key: the blob of the server's reply, parsed. Never authenticates, never
// sends NEWKEYS; the server's exchange value and signature are not used.
Result<detail::SshHostKey> ssh_host_key(Scanner& sc, int port, const detail::SshKexChoice& kex,
                                        const std::string& algorithm) {
  auto [state, s] = sc.connect(port);
  if (state != ConnectResult::kOpen) return io_error("connection failed");
  if (!sc.send_all(s, "SSH-2.0-bulwark_exposure\r\n")) return io_error("send failed");
  std::string data = sc.read(
      s,
      [](const std::string& d) {
        auto id = detail::parse_ssh_identification(d);
        if (!id) return true;
        if (!*id) return false;
        auto k = detail::parse_ssh_kexinit(std::string_view(d).substr((*id)->consumed));
        return !k || k->kexinit.has_value();
      },
      sc.o.read_timeout);
  auto id = detail::parse_ssh_identification(data);
  if (!id) return std::unexpected(id.error());
  if (!*id) return invalid_input("ssh identification: incomplete");
  data.erase(0, (*id)->consumed);
  auto k = detail::parse_ssh_kexinit(data);
  if (!k) return std::unexpected(k.error());
  if (!k->kexinit) return invalid_input("ssh KEXINIT: incomplete");
  data.erase(0, k->consumed);
  const std::string kexinit = detail::build_ssh_kexinit(*k->kexinit, kex.name, algorithm);
  std::uint8_t reply = 31;
  std::string_view reply_name = "KEX_ECDH_REPLY";
  switch (kex.kind) {
    case detail::SshKexChoice::kCurve25519:
    case detail::SshKexChoice::kEcdh: {
      std::string pub =
          kex.kind == detail::SshKexChoice::kEcdh ? ecdh_public(kex.curve) : x25519_public();
      if (pub.empty()) return io_error("ECDH key generation failed (" + kex.name + ")");
      if (!sc.send_all(s, kexinit + detail::build_ssh_kex_message(30, pub)))
        return io_error("send failed");
      break;
    }
    case detail::SshKexChoice::kDhGroup: {
      auto p = modp_prime(kex.group);
      Bignum g(BN_new(), BN_free);
      if (!g || BN_set_word(g.get(), 2) != 1) return io_error("DH setup failed");
      std::string e = dh_public(p.get(), g.get());
      if (e.empty()) return io_error("DH key generation failed (" + kex.name + ")");
      if (!sc.send_all(s, kexinit + detail::build_ssh_kex_message(30, e)))
        return io_error("send failed");
      reply_name = "KEXDH_REPLY";
      break;
    }
    case detail::SshKexChoice::kDhGex: {
      if (!sc.send_all(s, kexinit + detail::build_ssh_gex_request(1024, 2048, 8192)))
        return io_error("send failed");
      auto payload = ssh_kex_packet(sc, s, data, 31, "KEX_DH_GEX_GROUP");
      if (!payload) return std::unexpected(payload.error());
      auto group = detail::parse_ssh_gex_group(*payload);
      if (!group) return std::unexpected(group.error());
      auto bn = [](const std::string& m) {
        return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(m.data()),
                                static_cast<int>(m.size()), nullptr),
                      BN_free);
      };
      auto p = bn(group->p), g = bn(group->g);
      std::string e = dh_public(p.get(), g.get());
      if (e.empty()) return io_error("DH key generation failed (" + kex.name + ")");
      if (!sc.send_all(s, detail::build_ssh_kex_message(32, e))) return io_error("send failed");
      reply = 33;
      reply_name = "KEX_DH_GEX_REPLY";
      break;
    }
    case detail::SshKexChoice::kNone:
      return invalid_input("ssh: no key exchange this probe speaks");
  }
  auto payload = ssh_kex_packet(sc, s, data, reply, reply_name);
  if (!payload) return std::unexpected(payload.error());
  auto blob = detail::parse_ssh_kex_reply(*payload, reply);
  if (!blob) return std::unexpected(blob.error());
  return detail::parse_ssh_host_key(*blob);
}

// Each host key the server offers (one exchange per key family, by the first key exchange of
// choose_ssh_host_key_kex the server offers), into the evidence; weak keys (RSA under 2048
// bits, DSA) into `weak`.
void probe_ssh_host_keys(Scanner& sc, int port, const detail::SshKexInit& kx, Evidence& ev,
                         std::vector<std::string>& weak) {
  const auto kex = detail::choose_ssh_host_key_kex(kx);
  if (kex.kind == detail::SshKexChoice::kNone) {
    ev.emplace_back("host_key_size",
                    "not read: no curve25519, ECDH, fixed-group or group-exchange "
                    "Diffie-Hellman key exchange offered");
    return;
  }
  ev.emplace_back("host_key_exchange", kex.name);
  std::vector<std::string> families;
  for (const auto& a : kx.host_key) {
    auto f = detail::ssh_host_key_family(a);
    if (f.empty() || std::find(families.begin(), families.end(), f) != families.end()) continue;
    if (families.size() >= 8) break;
    families.push_back(f);
    auto key = ssh_host_key(sc, port, kex, a);
    if (!key) {
      ev.emplace_back("host_key_size", a + ": not read (" + key.error().message + ")");
      continue;
    }
    ev.emplace_back("host_key_size",
                    key->type + (key->bits ? fmt::format(" {} bits", key->bits) : std::string()));
    if (auto w = detail::weak_ssh_host_key(*key); !w.empty()) weak.push_back(w);
  }
}

// ---- STARTTLS, FTP ------------------------------------------------------------------------------

// Reads one complete FTP/SMTP reply (more lines if the first read stopped inside it).
Result<detail::ReplyLines> read_reply(Scanner& sc, const Socket& s, std::string& buffer,
                                      std::optional<std::chrono::milliseconds> timeout = {}) {
  auto complete = [](const std::string& d) {
    auto r = detail::parse_ftp_reply(d);
    return !r || r->has_value();
  };
  if (!complete(buffer))
    buffer += sc.read(
        s, [&](const std::string& d) { return complete(buffer + d); },
        timeout.value_or(sc.o.read_timeout));
  auto r = detail::parse_ftp_reply(buffer);
  if (!r) return std::unexpected(r.error());
  if (!*r) return invalid_input("reply: none within the timeout");
  buffer.erase(0, (*r)->consumed);
  return std::move(**r);
}

std::string reply_text(const detail::ReplyLines& r) {
  return fmt::format("{} {}", r.code, r.lines.empty() ? std::string() : r.lines.front());
}

// Sends one command on an IMAP (tag "a1") or POP3 connection and reads until its answer is
// complete (`multiline`: POP3's CAPA list); the raw answer is kept for the evidence.
struct TextReply {
  Result<std::optional<detail::TextAnswer>> answer;
  std::string raw;
};
TextReply text_command(Scanner& sc, const Socket& s, bool imap, std::string_view command,
                       bool multiline) {
  if (!sc.send_all(s, command)) return {make_error(ErrorCode::kIo, "send failed"), ""};
  auto answer = [&](const std::string& d) -> Result<std::optional<detail::TextAnswer>> {
    return imap ? detail::parse_imap_answer(d, "a1") : detail::parse_pop3_answer(d, multiline);
  };
  auto got = sc.read(
      s,
      [&](const std::string& d) {
        auto a = answer(d);
        return !a || a->has_value();
      },
      sc.o.read_timeout);
  auto parsed = answer(got);
  return {std::move(parsed), std::move(got)};
}

std::string starttls_upgrade(Scanner& sc, const Socket& s, std::string_view proto) {
  std::string buffer;
  if (proto == "smtp" || proto == "ftp") {
    auto greeting = read_reply(sc, s, buffer);
    if (!greeting) return greeting.error().message;
    if (proto == "smtp") {
      if (!sc.send_all(s, "EHLO bulwark.invalid\r\n")) return "send failed";
      auto ehlo = read_reply(sc, s, buffer);
      if (!ehlo) return ehlo.error().message;
      if (!sc.send_all(s, "STARTTLS\r\n")) return "send failed";
    } else if (!sc.send_all(s, "AUTH TLS\r\n")) {
      return "send failed";
    }
    auto r = read_reply(sc, s, buffer);
    if (!r) return r.error().message;
    if (r->code != (proto == "smtp" ? 220 : 234)) return reply_text(*r);
    return "";
  }
  const bool imap = proto == "imap";
  auto first_line = sc.read(
      s, [](const std::string& d) { return d.find('\n') != std::string::npos; }, sc.o.read_timeout);
  if (first_line.find('\n') == std::string::npos) return "no greeting";
  auto r = text_command(sc, s, imap, imap ? "a1 STARTTLS\r\n" : "STLS\r\n", false);
  if (!r.answer) return r.answer.error().message;
  if (!*r.answer) return "no answer to STARTTLS";
  if (!(*r.answer)->ok) return detail::banner_text(r.raw);
  return "";
}

// What a plaintext mail service offers before any upgrade ("" when STARTTLS is advertised).
struct Advertised {
  bool starttls = false;
  bool read = false;                    // the capabilities were read
  std::vector<std::string> auth;        // authentication offered in clear ("AUTH PLAIN", ...)
  std::vector<std::string> other_auth;  // challenge-response mechanisms (CRAM-MD5, SCRAM-...)
  std::string said;                     // the capability list or the error
};
// Whether a SASL mechanism sends the password itself (PLAIN, LOGIN) rather than a proof.
bool cleartext_mechanism(std::string_view m) { return m == "PLAIN" || m == "LOGIN"; }
Advertised advertised_starttls(Scanner& sc, int port, std::string_view proto) {
  Advertised out;
  auto [state, s] = sc.connect(port);
  if (state != ConnectResult::kOpen) {
    out.said = "connection failed";
    return out;
  }
  std::string buffer;
  auto has = [&](const std::vector<std::string>& caps, std::string_view word) {
    return std::find(caps.begin(), caps.end(), word) != caps.end();
  };
  if (proto == "smtp") {
    auto greeting = read_reply(sc, s, buffer);
    if (!greeting || !sc.send_all(s, "EHLO bulwark.invalid\r\n")) {
      out.said = greeting ? "send failed" : greeting.error().message;
      return out;
    }
    auto ehlo = read_reply(sc, s, buffer);
    if (!ehlo) {
      out.said = ehlo.error().message;
      return out;
    }
    std::vector<std::string> caps;
    for (std::size_t i = 1; i < ehlo->lines.size(); ++i) {
      std::vector<std::string> words;
      std::string w;
      for (std::size_t j = 0; j <= ehlo->lines[i].size() && words.size() < 32; ++j) {
        char c = j < ehlo->lines[i].size() ? ehlo->lines[i][j] : ' ';
        if (c == ' ' || c == '=') {  // "AUTH PLAIN LOGIN", old "AUTH=LOGIN"
          if (!w.empty()) words.push_back(std::move(w));
          w.clear();
        } else if (w.size() < 64) {
          w += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
      }
      if (words.empty()) continue;
      if (words[0] == "AUTH")
        for (std::size_t j = 1; j < words.size(); ++j)
          (cleartext_mechanism(words[j]) ? out.auth : out.other_auth).push_back("AUTH " + words[j]);
      caps.push_back(words[0]);
    }
    out.read = true;
    out.starttls = has(caps, "STARTTLS");
    out.said = "EHLO: " + join(caps, " ");
  } else {
    const bool imap = proto == "imap";
    auto greeting = sc.read(
        s, [](const std::string& d) { return d.find('\n') != std::string::npos; },
        sc.o.read_timeout);
    auto r = text_command(sc, s, imap, imap ? "a1 CAPABILITY\r\n" : "CAPA\r\n", true);
    const auto& a = r.answer;
    if (!a || !*a) {
      out.said = a ? "no capability answer" : a.error().message;
      return out;
    }
    const auto& caps = (*a)->capabilities;
    out.read = true;
    out.starttls = has(caps, imap ? "STARTTLS" : "STLS");
    out.said = (imap ? "CAPABILITY: " : "CAPA: ") + join(caps, " ");
    // IMAP LOGIN works unless LOGINDISABLED (RFC 3501 6.2.3); POP3 USER/PASS when USER is listed.
    if (imap && !has(caps, "LOGINDISABLED")) out.auth.push_back("LOGIN command");
    if (!imap && has(caps, "USER")) out.auth.push_back("USER/PASS");
    std::set<std::string> seen;
    for (const auto& c : caps)
      if (c.starts_with("AUTH=") && seen.insert(c).second)
        (cleartext_mechanism(std::string_view(c).substr(5)) ? out.auth : out.other_auth)
            .push_back("AUTH " + c.substr(5));
  }
  return out;
}

// EXP.NET.STARTTLS for a plaintext SMTP/IMAP/POP3/FTP service; after a successful upgrade the
// TLS checks run over it (every probe connection upgrades first).
void probe_starttls(Scanner& sc, int port, std::string_view proto, TimePoint now,
                    std::vector<Observation>& out) {
  const std::string path = port_path(port);
  const std::string command = proto == "ftp" ? "AUTH TLS" : proto == "pop3" ? "STLS" : "STARTTLS";
  Evidence ev{{"protocol", std::string(proto)}};
  if (proto != "ftp") {
    auto adv = advertised_starttls(sc, port, proto);
    ev.emplace_back("capabilities", adv.said.substr(0, 200));
    // EXP.NET.PLAINAUTH: authentication offered on the unencrypted connection.
    Evidence aev = ev;
    for (const auto& a : adv.auth) aev.emplace_back("cleartext_auth", a);
    for (const auto& a : adv.other_auth) aev.emplace_back("other_auth", a);
    if (!adv.read)
      out.push_back(observe("EXP.NET.PLAINAUTH", Status::kIndeterminate, path,
                            "capabilities not read: " + adv.said.substr(0, 120), aev, "plainauth"));
    else if (adv.auth.empty())
      out.push_back(observe("EXP.NET.PLAINAUTH", Status::kPass, path,
                            fmt::format("{} offers no clear-text authentication before TLS", proto),
                            aev, "plainauth"));
    else
      out.push_back(observe(
          "EXP.NET.PLAINAUTH", Status::kFail, path,
          fmt::format("{} offers {} on the unencrypted connection{}", proto, join(adv.auth, ", "),
                      adv.starttls ? " (STARTTLS offered but not required first)"
                                   : " and no STARTTLS: passwords travel in clear text"),
          aev, "plainauth", adv.starttls ? std::optional(Severity::kMedium) : std::nullopt));
    if (!adv.starttls) {
      out.push_back(observe("EXP.NET.STARTTLS", Status::kFail, path,
                            fmt::format("{} service does not offer {}: credentials and mail "
                                        "travel in clear text",
                                        proto, command),
                            ev, "starttls"));
      return;
    }
  }
  auto [state, s] = sc.connect(port);
  std::string said = state == ConnectResult::kOpen ? starttls_upgrade(sc, s, proto)
                                                   : std::string("connection failed");
  s = Socket();
  if (!said.empty()) {
    ev.emplace_back("answer", said.substr(0, 200));
    out.push_back(
        observe("EXP.NET.STARTTLS", Status::kFail, path,
                fmt::format("{} service refuses {}: {}", proto, command, said.substr(0, 120)), ev,
                "starttls"));
    return;
  }
  // Does a TLS handshake follow the upgrade?
  sc.starttls = std::string(proto);
  auto t = hello(sc, port, detail::kTls12, all_suites());
  bool tls = t.answer && (t.answer->kind == detail::TlsAnswer::kServerHello ||
                          t.answer->kind == detail::TlsAnswer::kAlert);
  if (!tls) {
    sc.starttls.clear();
    out.push_back(observe("EXP.NET.STARTTLS", Status::kIndeterminate, path,
                          fmt::format("{} accepted, but no TLS answer followed", command), ev,
                          "starttls"));
    return;
  }
  out.push_back(observe("EXP.NET.STARTTLS", Status::kPass, path,
                        fmt::format("{} upgrades the {} service to TLS", command, proto), ev,
                        "starttls"));
  probe_tls(sc, port, now, out);
  sc.starttls.clear();
}

// USER anonymous / PASS on an FTP control connection whose greeting is in `banner`: the reply
// to the login ("" when the server did not answer in FTP).
struct FtpLogin {
  bool accepted = false;
  int code = 0;  // the login's final reply code (0: none)
  std::string said;
};
FtpLogin ftp_anonymous(Scanner& sc, const Socket& s, std::string banner) {
  FtpLogin out;
  auto greeting = read_reply(sc, s, banner);
  if (!greeting) {
    out.said = greeting.error().message;
    return out;
  }
  if (!sc.send_all(s, "USER anonymous\r\n")) {
    out.said = "send failed";
    return out;
  }
  auto user = read_reply(sc, s, banner);
  if (!user) {
    out.said = user.error().message;
    return out;
  }
  if (user->code == 331) {
    if (!sc.send_all(s, "PASS bulwark@example.invalid\r\n")) {
      out.said = "send failed";
      return out;
    }
    // Servers delay failed logins on purpose (vsftpd with PAM: about 3 s).
    auto pass = read_reply(sc, s, banner, std::max(sc.o.read_timeout, kLoginTimeout));
    if (!pass) {
      out.said = pass.error().message;
      return out;
    }
    user = std::move(pass);
  }
  out.accepted = user->code == 230;
  out.code = user->code;
  out.said = reply_text(*user);
  sc.send_all(s, "QUIT\r\n");
  return out;
}

// ---- SNMP (UDP) ---------------------------------------------------------------------------------

enum class UdpState { kAnswered, kSilent, kClosed };

// SNMP v2c and v1 GetRequests for sysDescr.0 with the communities public and private.
UdpState probe_snmp(Scanner& sc, int port, std::vector<Observation>& out) {
  const std::string path = fmt::format("udp/{}", port);
  int fd = ::socket(sc.addr.v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    out.push_back(
        observe("EXP.NET.SNMP", Status::kIndeterminate, path, "no UDP socket", {}, "snmp"));
    return UdpState::kSilent;
  }
  Socket s(fd);
  socklen_t len = 0;
  sockaddr_storage ss = sc.sockaddr_of(port, len);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    out.push_back(observe("EXP.NET.SNMP", Status::kIndeterminate, path,
                          fmt::format("UDP connect failed: {}", std::strerror(errno)), {}, "snmp"));
    return UdpState::kSilent;
  }
  Evidence ev;
  std::vector<std::string> accepted, errors;
  std::string descr;
  bool closed = false;
  std::uint32_t request_id = 0x4255000 + static_cast<std::uint32_t>(port);
  for (const char* community : {"public", "private"}) {
    for (int version : {1, 0}) {
      if (closed) break;
      ++request_id;
      sc.limiter.wait();
      ++sc.datagrams;
      auto msg = detail::build_snmp_get(version, community, request_id);
      if (::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL) < 0) {
        closed = errno == ECONNREFUSED;
        if (!closed) errors.push_back(std::strerror(errno));
        continue;
      }
      auto deadline = steady::now() + sc.o.read_timeout;
      for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[4096];
        auto got = ::recv(fd, buf, sizeof buf, 0);
        if (got < 0) {
          if (errno == ECONNREFUSED) closed = true;
          break;
        }
        auto r = detail::parse_snmp_response(std::string_view(buf, static_cast<std::size_t>(got)));
        if (!r) {
          errors.push_back(r.error().message);
          break;
        }
        if (r->request_id != request_id) continue;  // a late answer to an earlier probe
        accepted.push_back(fmt::format("{} (SNMP{})", community, version == 1 ? "v2c" : "v1"));
        if (descr.empty() && r->value_type == "string") descr = detail::banner_text(r->value);
        if (descr.empty() && !r->value_type.empty()) descr = "(" + r->value_type + ")";
        break;
      }
      // One answered version per community is enough.
      if (!accepted.empty() && accepted.back().starts_with(community)) break;
    }
  }
  if (!accepted.empty()) {
    for (const auto& a : accepted) ev.emplace_back("community", a);
    if (!descr.empty()) ev.emplace_back("sysDescr", descr);
    out.push_back(observe(
        "EXP.NET.SNMP", Status::kFail, path,
        fmt::format("SNMP answers the default communit{} {}{}; an SNMP responder open to any "
                    "source is also a traffic reflector",
                    accepted.size() > 1 ? "ies" : "y", join(accepted, ", "),
                    descr.empty() ? "" : ": sysDescr '" + descr + "'"),
        ev, "snmp"));
    return UdpState::kAnswered;
  }
  if (!errors.empty()) {
    ev.emplace_back("error", errors.front());
    out.push_back(observe("EXP.NET.SNMP", Status::kIndeterminate, path,
                          "unreadable SNMP answer: " + errors.front(), ev, "snmp"));
    return UdpState::kAnswered;
  }
  ev.emplace_back("answer", closed ? "closed (ICMP port unreachable)" : "none (open or filtered)");
  out.push_back(observe("EXP.NET.SNMP", Status::kPass, path,
                        closed ? "UDP port closed: no SNMP agent"
                               : "no answer to SNMP v1/v2c GetRequests with the communities "
                                 "public and private",
                        ev, "snmp"));
  return closed ? UdpState::kClosed : UdpState::kSilent;
}

// ---- SSDP, mDNS, DNS, NTP (UDP)
// -------------------------------------------------------------------

constexpr std::size_t kMaxUdpDatagrams = 32;

// What one request on a fresh UDP socket connected to the target's port brought back: the
// datagrams within the read timeout (at most 32 and 64 KiB; `done` stops early once the answer
// is complete), or that the port is closed (ICMP port unreachable).
struct UdpReply {
  std::vector<std::string> datagrams;
  std::size_t bytes = 0;
  bool closed = false;
  std::string error;
};
template <class Done>
UdpReply udp_ask(Scanner& sc, int port, std::string_view request, Done done) {
  UdpReply out;
  int fd = ::socket(sc.addr.v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    out.error = "no UDP socket";
    return out;
  }
  Socket s(fd);
  socklen_t len = 0;
  sockaddr_storage ss = sc.sockaddr_of(port, len);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    out.error = fmt::format("UDP connect failed: {}", std::strerror(errno));
    return out;
  }
  sc.limiter.wait();
  ++sc.datagrams;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
    out.closed = errno == ECONNREFUSED;
    if (!out.closed) out.error = std::strerror(errno);
    return out;
  }
  auto deadline = steady::now() + sc.o.read_timeout;
  while (out.datagrams.size() < kMaxUdpDatagrams && out.bytes < kMaxAnswer) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[9000];
    auto got = ::recv(fd, buf, sizeof buf, 0);
    if (got < 0) {
      if (errno == ECONNREFUSED) out.closed = out.datagrams.empty();
      break;
    }
    out.datagrams.emplace_back(buf, static_cast<std::size_t>(got));
    out.bytes += static_cast<std::size_t>(got);
    if (done(out.datagrams.back())) break;
  }
  return out;
}

// The amplification evidence: bytes asked and answered.
std::string amplification(std::size_t asked, std::size_t answered, std::size_t datagrams) {
  return fmt::format("{} byte(s) asked, {} byte(s) in {} datagram(s) answered (factor {:.1f})",
                     asked, answered, datagrams,
                     asked ? static_cast<double>(answered) / static_cast<double>(asked) : 0.0);
}

// A silent or closed UDP port: a pass (silence cannot tell an open port from a filtered one).
UdpState udp_silence(const UdpReply& r, std::string_view check, const std::string& path,
                     std::string message, std::string_view key, std::vector<Observation>& out) {
  if (!r.error.empty()) {
    out.push_back(observe(check, Status::kIndeterminate, path, "UDP probe failed: " + r.error,
                          {{"error", r.error}}, key));
    return UdpState::kSilent;
  }
  out.push_back(observe(
      check, Status::kPass, path, r.closed ? "UDP port closed" : std::move(message),
      {{"answer", r.closed ? "closed (ICMP port unreachable)" : "none (open or filtered)"}}, key));
  return r.closed ? UdpState::kClosed : UdpState::kSilent;
}

// ---- UPnP device description --------------------------------------------------------------------

// One HTTP GET of `url` on the probed host (the caller checked the host): the 200 answer's body
// (at most 64 KiB, within the read timeout).
Result<std::string> http_fetch(Scanner& sc, const detail::HttpUrl& url) {
  auto [state, s] = sc.connect(url.port);
  if (state != ConnectResult::kOpen)
    return io_error(fmt::format("tcp/{}: connection failed", url.port));
  if (!sc.send_all(s, detail::build_http_get(url))) return io_error("send failed");
  std::string data = sc.read(
      s,
      [](const std::string& d) {
        auto r = detail::parse_http_document(d, false);
        return !r || r->has_value();
      },
      sc.o.read_timeout);
  if (data.size() >= kMaxAnswer) return invalid_input("http: answer over 64 KiB");
  auto r = detail::parse_http_document(data, true);
  if (!r) return std::unexpected(r.error());
  if (!*r) return invalid_input("http: no complete answer within the timeout");
  if ((*r)->status != 200) return invalid_input(fmt::format("http: status {}", (*r)->status));
  return std::move((*r)->body);
}

// Whether `url` names the probed address itself (numerically: names are never resolved).
bool same_host(const Scanner& sc, const detail::HttpUrl& url) {
  if (url.host == "localhost") return false;
  auto a = parse_address(url.host);
  return a && a->v6 == sc.addr.v6 && std::memcmp(a->bytes, sc.addr.bytes, a->v6 ? 16 : 4) == 0;
}

// The device description behind an SSDP LOCATION (EXP.NET.UPNPIGD): fetched over HTTP only
// from the probed host, then the service descriptions (SCPD) of port-mapping services, for
// their actions. The model fields and services also go into `ev` (EXP.NET.UPNP's evidence).
void describe_upnp(Scanner& sc, const std::string& path, const std::set<std::string>& locations,
                   Evidence& ev, std::vector<Observation>& out) {
  Evidence iev;
  std::string why;
  std::optional<detail::UpnpDescription> desc;
  detail::HttpUrl base;
  for (const auto& location : locations) {
    if (desc) break;
    auto url = detail::parse_http_url(location);
    if (!url) {
      why = url.error().message;
      continue;
    }
    if (!same_host(sc, *url)) {
      why = "LOCATION " + location + " names another host than the probed " + sc.addr.text +
            " (never followed)";
      continue;
    }
    auto body = http_fetch(sc, *url);
    if (!body) {
      why = location + ": " + body.error().message;
      continue;
    }
    auto d = detail::parse_upnp_description(*body);
    if (!d) {
      why = location + ": " + d.error().message;
      continue;
    }
    iev.emplace_back("description_url", location);
    iev.emplace_back("description_sha256", bulwark::sha256_hex(*body));
    base = *url;
    desc = std::move(*d);
  }
  if (!desc) {
    ev.emplace_back("description", "not read: " + why);
    out.push_back(observe("EXP.NET.UPNPIGD", Status::kIndeterminate, path,
                          "UPnP device description not read: " + why, iev, "upnp"));
    return;
  }
  // URLBase (UDA 1.0) counts only when it names the probed host too.
  if (!desc->url_base.empty())
    if (auto b = detail::parse_http_url(desc->url_base); b && same_host(sc, *b)) base = *b;
  Evidence model;
  for (const auto& [key, value] :
       {std::pair{"device_type", desc->device_type}, std::pair{"manufacturer", desc->manufacturer},
        std::pair{"model_name", desc->model_name}, std::pair{"model_number", desc->model_number},
        std::pair{"model_description", desc->model_description}})
    if (!value.empty()) model.emplace_back(key, value);
  for (const auto& svc : desc->services)
    model.emplace_back("service", detail::upnp_short_type(svc.type));
  ev.insert(ev.end(), model.begin(), model.end());
  iev.insert(iev.end(), model.begin(), model.end());
  std::vector<std::string> mapping;
  int scpd_fetches = 0;
  for (const auto& svc : desc->services) {
    if (!detail::upnp_port_mapping_service(svc.type)) continue;
    std::string item = detail::upnp_short_type(svc.type);
    if (!svc.control_url.empty()) item += " control " + svc.control_url;
    std::string actions = "actions not read";
    if (!svc.scpd_url.empty() && scpd_fetches < 4) {
      auto url = detail::resolve_http_url(base, svc.scpd_url);
      if (!url) {
        actions += " (" + url.error().message + ")";
      } else if (!same_host(sc, *url)) {
        actions += " (SCPDURL names another host)";
      } else {
        ++scpd_fetches;
        auto body = http_fetch(sc, *url);
        auto names = body ? detail::parse_upnp_scpd(*body)
                          : Result<std::vector<std::string>>(std::unexpected(body.error()));
        if (!names) {
          actions += " (" + names.error().message + ")";
        } else {
          std::vector<std::string> risky;
          for (const auto& n : *names)
            if (n == "AddPortMapping" || n == "AddAnyPortMapping" || n == "AddPinhole")
              risky.push_back(n);
          actions = risky.empty() ? "no port mapping action" : join(risky, ",");
        }
      }
    }
    mapping.push_back(item + " (" + actions + ")");
  }
  for (const auto& m : mapping) iev.emplace_back("port_mapping", m);
  const std::string who = desc->manufacturer.empty() && desc->model_name.empty()
                              ? std::string()
                              : " (" + desc->manufacturer +
                                    (desc->model_name.empty() ? "" : " " + desc->model_name) + ")";
  if (mapping.empty()) {
    out.push_back(observe("EXP.NET.UPNPIGD", Status::kPass, path,
                          fmt::format("UPnP device{}: no port mapping service among {} service(s)",
                                      who, desc->services.size()),
                          iev, "upnp"));
    return;
  }
  out.push_back(observe(
      "EXP.NET.UPNPIGD", Status::kFail, path,
      fmt::format("UPnP IGD port mapping control reachable{}: {}; whoever reaches it can open "
                  "ports through the device",
                  who, join(mapping, "; ")),
      iev, "upnp"));
}

// SSDP: a unicast M-SEARCH for ssdp:all (EXP.NET.UPNP).
UdpState probe_ssdp(Scanner& sc, int port, std::vector<Observation>& out) {
  const std::string path = fmt::format("udp/{}", port);
  const auto request = detail::build_ssdp_msearch(sc.addr.text, port);
  auto r = udp_ask(sc, port, request, [](const std::string&) { return false; });
  if (r.datagrams.empty())
    return udp_silence(r, "EXP.NET.UPNP", path, "no answer to a unicast SSDP M-SEARCH", "upnp",
                       out);
  Evidence ev;
  std::set<std::string> servers, locations, targets;
  std::string error;
  for (const auto& d : r.datagrams) {
    auto a = detail::parse_ssdp_response(d);
    if (!a) {
      if (error.empty()) error = a.error().message;
      continue;
    }
    if (a->status != 200) continue;
    if (!a->server.empty()) servers.insert(a->server);
    if (!a->location.empty()) locations.insert(a->location);
    if (!a->st.empty() && targets.size() < 16) targets.insert(a->st);
  }
  if (servers.empty() && locations.empty() && targets.empty()) {
    if (!error.empty()) ev.emplace_back("error", error);
    out.push_back(observe(
        "EXP.NET.UPNP", Status::kIndeterminate, path,
        "unreadable answer to SSDP M-SEARCH" + (error.empty() ? "" : ": " + error), ev, "upnp"));
    return UdpState::kAnswered;
  }
  for (const auto& v : servers) ev.emplace_back("server", v);
  for (const auto& v : locations) ev.emplace_back("location", v);
  for (const auto& v : targets) ev.emplace_back("st", v);
  ev.emplace_back("amplification", amplification(request.size(), r.bytes, r.datagrams.size()));
  if (!locations.empty()) {
    std::set<std::string> first;  // at most 4 LOCATIONs tried
    for (const auto& l : locations)
      if (first.size() < 4) first.insert(l);
    describe_upnp(sc, path, first, ev, out);
  }
  out.push_back(observe(
      "EXP.NET.UPNP", Status::kFail, path,
      fmt::format("UPnP exposed: answers unicast SSDP M-SEARCH{}{} ({} answer(s))",
                  servers.empty() ? "" : ", SERVER '" + *servers.begin() + "'",
                  locations.empty() ? "" : ", LOCATION " + *locations.begin(), r.datagrams.size()),
      ev, "upnp"));
  return UdpState::kAnswered;
}

// mDNS: a unicast PTR query for the DNS-SD service list (EXP.NET.MDNS).
UdpState probe_mdns(Scanner& sc, int port, std::vector<Observation>& out) {
  const std::string path = fmt::format("udp/{}", port);
  const auto request = detail::build_dns_query(0, "_services._dns-sd._udp.local", detail::kDnsPtr,
                                               detail::kDnsClassIn, false);
  auto r = udp_ask(sc, port, request, [](const std::string& d) {
    auto a = detail::parse_dns_response(d);
    return a && a->qr;
  });
  if (r.datagrams.empty())
    return udp_silence(r, "EXP.NET.MDNS", path, "no answer to a unicast mDNS query", "mdns", out);
  std::optional<detail::DnsResponse> answer;
  std::string error;
  for (const auto& d : r.datagrams) {
    auto a = detail::parse_dns_response(d);
    if (a && a->qr) {
      answer = std::move(*a);
      break;
    }
    if (!a && error.empty()) error = a.error().message;
  }
  if (!answer) {
    out.push_back(observe("EXP.NET.MDNS", Status::kIndeterminate, path,
                          "unreadable answer to an mDNS query: " +
                              (error.empty() ? std::string("not a DNS response") : error),
                          {{"error", error}}, "mdns"));
    return UdpState::kAnswered;
  }
  Evidence ev;
  std::vector<std::string> services;
  for (const auto& a : answer->answers)
    if (a.type == detail::kDnsPtr && services.size() < 16) services.push_back(a.value);
  for (const auto& v : services) ev.emplace_back("service", v);
  ev.emplace_back("rcode", detail::dns_rcode_name(answer->rcode));
  ev.emplace_back("amplification", amplification(request.size(), r.bytes, r.datagrams.size()));
  out.push_back(observe(
      "EXP.NET.MDNS", Status::kFail, path,
      services.empty()
          ? fmt::format("mDNS responder answers unicast queries ({}, no service listed)",
                        detail::dns_rcode_name(answer->rcode))
          : fmt::format("mDNS responder answers unicast queries and lists {} service type(s): {}",
                        services.size(), join(services, ", ")),
      ev, "mdns"));
  return UdpState::kAnswered;
}

// DNS: recursion for a name outside any device zone, and version.bind (EXP.NET.DNS).
UdpState probe_dns(Scanner& sc, int port, std::vector<Observation>& out) {
  const std::string path = fmt::format("udp/{}", port);
  // Reads the response to query `id` (or the first parse error) from an exchange.
  auto response = [](const UdpReply& r, std::uint16_t id, std::string& error) {
    std::optional<detail::DnsResponse> found;
    for (const auto& d : r.datagrams) {
      auto a = detail::parse_dns_response(d);
      if (!a) {
        if (error.empty()) error = a.error().message;
        continue;
      }
      if (a->qr && a->id == id) {
        found = std::move(*a);
        break;
      }
    }
    return found;
  };
  auto matches = [](std::uint16_t id) {
    return [id](const std::string& d) {
      auto a = detail::parse_dns_response(d);
      return a && a->qr && a->id == id;
    };
  };
  const std::uint16_t rid = static_cast<std::uint16_t>(0xb000 + (port & 0x0fff));
  const auto rq =
      detail::build_dns_query(rid, "www.example.com", detail::kDnsA, detail::kDnsClassIn, true);
  auto rr = udp_ask(sc, port, rq, matches(rid));
  if (rr.closed || !rr.error.empty()) return udp_silence(rr, "EXP.NET.DNS", path, "", "dns", out);
  const std::uint16_t vid = static_cast<std::uint16_t>(rid + 1);
  const auto vq =
      detail::build_dns_query(vid, "version.bind", detail::kDnsTxt, detail::kDnsClassChaos, false);
  auto vr = udp_ask(sc, port, vq, matches(vid));
  std::string error;
  auto rec = response(rr, rid, error);
  auto ver = response(vr, vid, error);
  if (!rec && !ver) {
    if (rr.datagrams.empty() && vr.datagrams.empty())
      return udp_silence(vr, "EXP.NET.DNS", path,
                         "no answer to a recursive query or to version.bind", "dns", out);
    out.push_back(observe("EXP.NET.DNS", Status::kIndeterminate, path,
                          "unreadable DNS answer: " +
                              (error.empty() ? std::string("no response to our query id") : error),
                          {{"error", error}}, "dns"));
    return UdpState::kAnswered;
  }
  Evidence ev;
  bool open = false;
  if (rec) {
    // Recursion granted: RA set and an answer other than a refusal (SERVFAIL with RA: the
    // resolver tried and its upstream failed).
    open = rec->ra && (rec->rcode == 0 || rec->rcode == 2 || rec->rcode == 3);
    ev.emplace_back("recursion", fmt::format("www.example.com A, RD set: {}, RA {}, {} answer(s)",
                                             detail::dns_rcode_name(rec->rcode),
                                             rec->ra ? "set" : "clear", rec->ancount));
    if (open)
      ev.emplace_back("amplification", amplification(rq.size(), rr.bytes, rr.datagrams.size()));
  } else {
    ev.emplace_back("recursion", "no answer");
  }
  std::string version;
  if (ver) {
    for (const auto& a : ver->answers)
      if (a.type == detail::kDnsTxt && version.empty()) version = a.value;
    ev.emplace_back("version.bind", version.empty()
                                        ? std::string("answered without a TXT record (") +
                                              detail::dns_rcode_name(ver->rcode) + ")"
                                        : version);
  }
  if (open)
    out.push_back(observe("EXP.NET.DNS", Status::kFail, path,
                          "open recursive resolver: answers recursion for names outside its "
                          "zones (a reflector against other networks)" +
                              (version.empty() ? "" : "; version.bind '" + version + "'"),
                          ev, "dns"));
  else if (!version.empty())
    out.push_back(observe(
        "EXP.NET.DNS", Status::kFail, path,
        "DNS server discloses its version (version.bind '" + version + "'); recursion refused", ev,
        "dns", Severity::kLow));
  else
    out.push_back(observe("EXP.NET.DNS", Status::kPass, path,
                          "DNS server refuses recursion and discloses no version", ev, "dns"));
  return UdpState::kAnswered;
}

// NTP: mode 7 monlist and mode 6 READVAR (EXP.NET.NTP).
UdpState probe_ntp(Scanner& sc, int port, std::vector<Observation>& out) {
  const std::string path = fmt::format("udp/{}", port);
  const auto mq = detail::build_ntp_monlist();
  auto mr = udp_ask(sc, port, mq, [](const std::string& d) {
    auto a = detail::parse_ntp_response(d);
    return a && a->mode == 7 && !a->more;
  });
  if (mr.closed || !mr.error.empty()) return udp_silence(mr, "EXP.NET.NTP", path, "", "ntp", out);
  const std::uint16_t seq = static_cast<std::uint16_t>(0x4200 + (port & 0xff));
  const auto vq = detail::build_ntp_readvar(seq);
  auto vr = udp_ask(sc, port, vq, [seq](const std::string& d) {
    auto a = detail::parse_ntp_response(d);
    return a && a->mode == 6 && a->sequence == seq && !a->more;
  });
  Evidence ev;
  std::string error;
  std::size_t monlist_items = 0;
  bool monlist = false, monlist_refused = false;
  for (const auto& d : mr.datagrams) {
    auto a = detail::parse_ntp_response(d);
    if (!a) {
      if (error.empty()) error = a.error().message;
      continue;
    }
    if (a->mode != 7 || !a->response || a->request_code != 42) continue;
    if (a->error)
      monlist_refused = true;
    else {
      monlist = true;
      monlist_items += static_cast<std::size_t>(a->items);
    }
  }
  std::string vars;
  bool readvar = false;
  for (const auto& d : vr.datagrams) {
    auto a = detail::parse_ntp_response(d);
    if (!a) {
      if (error.empty()) error = a.error().message;
      continue;
    }
    if (a->mode != 6 || !a->response || a->sequence != seq || a->opcode != 2 || a->error) continue;
    readvar = true;
    if (vars.size() < 200) vars += a->data.substr(0, 200 - vars.size());
  }
  if (mr.datagrams.empty() && vr.datagrams.empty())
    return udp_silence(vr, "EXP.NET.NTP", path, "no answer to NTP mode 7 monlist or mode 6 READVAR",
                       "ntp", out);
  if (!monlist && !readvar && !error.empty()) {
    out.push_back(observe("EXP.NET.NTP", Status::kIndeterminate, path,
                          "unreadable NTP answer: " + error, {{"error", error}}, "ntp"));
    return UdpState::kAnswered;
  }
  ev.emplace_back("monlist", monlist           ? fmt::format("answered, {} entries", monlist_items)
                             : monlist_refused ? "refused with an error"
                                               : "no answer");
  if (monlist)
    ev.emplace_back("monlist_amplification",
                    amplification(mq.size(), mr.bytes, mr.datagrams.size()));
  ev.emplace_back("readvar", readvar ? vars : "no answer");
  if (readvar)
    ev.emplace_back("readvar_amplification",
                    amplification(vq.size(), vr.bytes, vr.datagrams.size()));
  if (monlist)
    out.push_back(observe(
        "EXP.NET.NTP", Status::kFail, path,
        fmt::format("NTP answers mode 7 monlist ({} entries; CVE-2013-5211 amplification){}",
                    monlist_items, readvar ? " and mode 6 READVAR" : ""),
        ev, "ntp", Severity::kHigh));
  else if (readvar)
    out.push_back(observe("EXP.NET.NTP", Status::kFail, path,
                          "NTP answers mode 6 READVAR from any source (amplification and version "
                          "disclosure): " +
                              vars.substr(0, 120),
                          ev, "ntp"));
  else
    out.push_back(observe("EXP.NET.NTP", Status::kPass, path,
                          "NTP refuses mode 6 and mode 7 queries", ev, "ntp"));
  return UdpState::kAnswered;
}

}  // namespace

Scope loopback_scope() {
  auto s = parse_scope("127.0.0.0/8\n::1/128\n");
  return *s;
}

Result<Scope> parse_scope(std::string_view text) {
  Scope out;
  std::size_t line = 0, pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    auto l = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line;
    if (auto hash = l.find('#'); hash != std::string_view::npos) l = trim(l.substr(0, hash));
    if (l.empty()) continue;
    if (out.ranges.size() >= 10000)
      return invalid_input(fmt::format("scope line {}: more than 10000 ranges", line));
    auto slash = l.find('/');
    auto a = parse_address(l.substr(0, slash));
    if (!a || l.substr(0, slash) == "localhost")
      return invalid_input(fmt::format("scope line {}: '{}' is not an IPv4/IPv6 address or CIDR",
                                       line, std::string(l.substr(0, 60))));
    Scope::Range r;
    r.v6 = a->v6;
    std::memcpy(r.addr, a->bytes, 16);
    r.prefix = a->v6 ? 128 : 32;
    if (slash != std::string_view::npos) {
      auto p = l.substr(slash + 1);
      int n = -1;
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
      if (ec != std::errc() || ptr != p.data() + p.size() || n < 0 || n > r.prefix)
        return invalid_input(
            fmt::format("scope line {}: bad prefix length '{}'", line, std::string(p)));
      r.prefix = n;
    }
    r.text = std::string(l);
    out.ranges.push_back(std::move(r));
  }
  return out;
}

Result<Scope> read_scope(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(std::move(text).error());
  auto s = parse_scope(*text);
  if (!s) return std::unexpected(std::move(s).error().with_context(path));
  return s;
}

namespace {

// Calls fn with each non-empty, trimmed item of a comma-separated list; stops at its first error.
template <class F>
Result<void> for_each_item(std::string_view list, F&& fn) {
  std::size_t at = 0;
  while (at <= list.size()) {
    auto comma = list.find(',', at);
    if (comma == std::string_view::npos) comma = list.size();
    auto item = trim(list.substr(at, comma - at));
    at = comma + 1;
    if (item.empty()) continue;
    if (auto r = fn(item); !r) return r;
  }
  return {};
}

}  // namespace

Result<std::vector<int>> parse_ports(std::string_view list) {
  std::set<int> ports;
  auto each = for_each_item(list, [&](std::string_view item) -> Result<void> {
    auto num = [&](std::string_view t) -> std::optional<int> {
      int n = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
      if (ec != std::errc() || ptr != t.data() + t.size() || n < 1 || n > 65535)
        return std::nullopt;
      return n;
    };
    auto dash = item.find('-');
    auto lo = num(item.substr(0, dash));
    auto hi = dash == std::string_view::npos ? lo : num(item.substr(dash + 1));
    if (!lo || !hi || *hi < *lo)
      return invalid_input(fmt::format("ports: '{}' is not a port (1-65535) or a range LOW-HIGH",
                                       std::string(item.substr(0, 40))));
    if (static_cast<std::size_t>(*hi - *lo) + ports.size() >= kMaxPorts)
      return invalid_input("ports: more than 4096 ports");
    for (int p = *lo; p <= *hi; ++p) ports.insert(p);
    return {};
  });
  if (!each) return std::unexpected(each.error());
  if (ports.empty()) return invalid_input("ports: the list is empty");
  return std::vector<int>(ports.begin(), ports.end());
}

std::string_view udp_probe_name(UdpProbe p) {
  switch (p) {
    case UdpProbe::kSnmp:
      return "snmp";
    case UdpProbe::kSsdp:
      return "ssdp";
    case UdpProbe::kMdns:
      return "mdns";
    case UdpProbe::kDns:
      return "dns";
    case UdpProbe::kNtp:
      return "ntp";
  }
  return "";
}

std::vector<UdpTarget> default_udp_ports() {
  return {{53, UdpProbe::kDns},
          {123, UdpProbe::kNtp},
          {161, UdpProbe::kSnmp},
          {1900, UdpProbe::kSsdp},
          {5353, UdpProbe::kMdns}};
}

Result<std::vector<UdpTarget>> parse_udp_ports(std::string_view list) {
  static constexpr std::size_t kMaxUdpPorts = 256;
  std::vector<UdpTarget> out;
  auto each = for_each_item(list, [&](std::string_view item) -> Result<void> {
    const std::string shown(item.substr(0, 40));
    std::optional<UdpProbe> probe;
    auto colon = item.find(':');
    if (colon != std::string_view::npos) {
      auto name = item.substr(0, colon);
      for (auto p :
           {UdpProbe::kSnmp, UdpProbe::kSsdp, UdpProbe::kMdns, UdpProbe::kDns, UdpProbe::kNtp})
        if (name == udp_probe_name(p)) probe = p;
      if (!probe)
        return invalid_input(
            fmt::format("udp ports: '{}' names no probe (snmp, ssdp, mdns, dns, ntp)", shown));
      item = item.substr(colon + 1);
    }
    auto ports = parse_ports(item);
    if (!ports)
      return invalid_input(
          fmt::format("udp ports: '{}' is not a port (1-65535) or a range", shown));
    for (int port : *ports) {
      std::optional<UdpProbe> p = probe;
      if (!p)
        for (const auto& d : default_udp_ports())
          if (d.port == port) p = d.probe;
      if (!p)
        return invalid_input(fmt::format(
            "udp ports: {} is no well-known UDP service port (53, 123, 161, 1900, 5353); "
            "name its probe as SERVICE:PORT (snmp, ssdp, mdns, dns, ntp)",
            port));
      if (std::none_of(out.begin(), out.end(),
                       [&](const UdpTarget& t) { return t.port == port && t.probe == *p; }))
        out.push_back({port, *p});
      if (out.size() > kMaxUdpPorts) return invalid_input("udp ports: more than 256 ports");
    }
    return {};
  });
  if (!each) return std::unexpected(each.error());
  if (out.empty()) return invalid_input("udp ports: the list is empty");
  return out;
}

std::vector<int> default_ports() {
  return {21,   22,   23,   25,   53,   80,   110,  139,  143,  161,  443,
          445,  465,  502,  554,  587,  993,  995,  1883, 1900, 2323, 5000,
          5555, 7547, 8000, 8080, 8081, 8443, 8883, 9000, 49152};
}

Result<Report> scan_network(const NetOptions& o, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto addr = parse_address(o.host);
  if (!addr)
    return invalid_input("host '" + o.host +
                         "': a numeric IPv4/IPv6 address or localhost is expected (names are not "
                         "resolved)");
  if (std::none_of(o.scope.ranges.begin(), o.scope.ranges.end(),
                   [&](const Scope::Range& r) { return in_range(*addr, r); }))
    return precondition_failed("host " + addr->text +
                               " is outside the scan scope (loopback only without a scope file)");
  const std::vector<int> ports = o.ports.empty() ? default_ports() : o.ports;
  Report r;
  r.catalogue_sha256 = catalogue_sha256();
  r.target = o.host;
  r.target_kind = "network";
  r.generated_at = format_rfc3339(*now);
  if (o.manifest) r.manifest = fmt::format("{} sha256:{}", o.manifest->name, o.manifest->sha256);
  Scanner sc{o, *addr, RateLimiter(o.rate)};
  std::vector<int> open;
  std::size_t closed = 0, filtered = 0;
  auto& out = r.observations;
  // EXP.NET.PORT of an open port against the manifest's declarations of its protocol.
  auto port_check = [&](int port, std::string_view protocol, Evidence ev) {
    const std::string path = fmt::format("{}/{}", protocol, port);
    if (!o.manifest) {
      out.push_back(observe("EXP.NET.PORT", Status::kIndeterminate, path,
                            "open; no interface manifest to compare with", std::move(ev), "port"));
      return;
    }
    auto d = std::find_if(
        o.manifest->ports.begin(), o.manifest->ports.end(),
        [&](const DeclaredPort& p) { return p.port == port && p.protocol == protocol; });
    if (d != o.manifest->ports.end()) {
      ev.emplace_back("manifest", fmt::format("declared (line {})", d->line));
      out.push_back(observe("EXP.NET.PORT", Status::kPass, path,
                            "open and declared" + (d->service.empty() ? "" : " as " + d->service),
                            std::move(ev), "port"));
    } else {
      ev.emplace_back("manifest", "undeclared");
      out.push_back(observe("EXP.NET.PORT", Status::kFail, path,
                            "open port not declared in the manifest", std::move(ev), "port"));
    }
  };
  for (int port : ports) {
    auto [state, s] = sc.connect(port);
    if (state == ConnectResult::kClosed) ++closed;
    if (state == ConnectResult::kFiltered) ++filtered;
    if (state != ConnectResult::kOpen) continue;
    open.push_back(port);
    const std::string path = port_path(port);
    // What the server says unprompted.
    std::string banner = sc.read(
        s, [](const std::string& d) { return d.find('\n') != std::string::npos || d.size() > 512; },
        std::min(o.read_timeout, std::chrono::milliseconds(800)));
    std::string kind = detail::classify_banner(banner);
    Evidence ev;
    if (!banner.empty()) ev.emplace_back("banner", detail::banner_text(banner));
    if (kind == "ssh") {
      probe_ssh(sc, s, banner, port, out);
    } else if (kind == "telnet") {
      out.push_back(
          observe("EXP.NET.TELNET", Status::kFail, path, "telnet service listening", ev, "telnet"));
    } else if (kind == "ftp") {
      auto login = ftp_anonymous(sc, s, banner);
      Evidence fev = ev;
      fev.emplace_back("anonymous_login", std::string(login.accepted ? "accepted: "
                                                      : login.code   ? "refused: "
                                                                     : "not determined: ") +
                                              login.said.substr(0, 120));
      out.push_back(observe("EXP.NET.FTP", Status::kFail, path,
                            "plaintext FTP service listening: " + detail::banner_text(banner) +
                                (login.accepted ? "; anonymous login accepted" : ""),
                            fev, "ftp",
                            login.accepted ? std::optional(Severity::kHigh) : std::nullopt));
      s = Socket();
      probe_starttls(sc, port, "ftp", *now, out);
    } else if (kind == "smtp" || kind == "imap" || kind == "pop3") {
      s = Socket();
      probe_starttls(sc, port, kind, *now, out);
    } else if (kind.empty() && banner.empty()) {
      s = Socket();
      auto t = hello(sc, port, detail::kTls12, all_suites());
      bool tls = t.answer && (t.answer->kind == detail::TlsAnswer::kServerHello ||
                              t.answer->kind == detail::TlsAnswer::kAlert);
      if (tls) {
        kind = "tls";
        std::string inner, greeting;
        probe_tls(sc, port, *now, out, &inner, &greeting);
        if (!inner.empty()) {
          kind = inner;
          ev.emplace_back("greeting", greeting);
        }
      } else {
        auto [st2, s2] = sc.connect(port);
        if (st2 == ConnectResult::kOpen &&
            sc.send_all(s2, "GET / HTTP/1.0\r\nHost: " + o.host +
                                "\r\nUser-Agent: bulwark-exposure\r\n\r\n")) {
          auto answer = sc.read(
              s2, [](const std::string& d) { return d.find("\r\n\r\n") != std::string::npos; },
              o.read_timeout);
          if (auto h = detail::parse_http_answer(answer)) {
            kind = "http";
            Evidence hev{{"status", h->status_line}};
            if (!h->server.empty()) hev.emplace_back("server", h->server);
            if (h->basic_auth) hev.emplace_back("authentication", "Basic");
            out.push_back(observe(
                "EXP.NET.HTTP", Status::kFail, path,
                h->basic_auth ? "plain HTTP asking for Basic authentication (credentials in clear)"
                              : "plain HTTP service: " + h->status_line,
                hev, "http", h->basic_auth ? std::optional(Severity::kHigh) : std::nullopt));
          }
        }
      }
    }
    ev.emplace_back("service", kind.empty() ? "unknown" : kind);
    port_check(port, "tcp", std::move(ev));
  }
  // UDP: one probe per listed port and service.
  std::vector<int> udp_open;
  std::size_t udp_closed = 0, udp_silent = 0;
  for (const auto& t : o.udp_ports) {
    UdpState st = UdpState::kSilent;
    switch (t.probe) {
      case UdpProbe::kSnmp:
        st = probe_snmp(sc, t.port, out);
        break;
      case UdpProbe::kSsdp:
        st = probe_ssdp(sc, t.port, out);
        break;
      case UdpProbe::kMdns:
        st = probe_mdns(sc, t.port, out);
        break;
      case UdpProbe::kDns:
        st = probe_dns(sc, t.port, out);
        break;
      case UdpProbe::kNtp:
        st = probe_ntp(sc, t.port, out);
        break;
    }
    if (st == UdpState::kClosed) ++udp_closed;
    if (st == UdpState::kSilent) ++udp_silent;
    if (st != UdpState::kAnswered) continue;
    if (std::find(udp_open.begin(), udp_open.end(), t.port) != udp_open.end()) continue;
    udp_open.push_back(t.port);
    port_check(t.port, "udp", Evidence{{"service", std::string(udp_probe_name(t.probe))}});
  }
  if (o.manifest) {
    for (const auto& d : o.manifest->ports) {
      if (d.protocol == "tcp" && std::find(ports.begin(), ports.end(), d.port) != ports.end() &&
          std::find(open.begin(), open.end(), d.port) == open.end())
        r.notes.push_back(
            fmt::format("declared port tcp/{} (manifest line {}) is not open", d.port, d.line));
      else if (d.protocol == "udp" &&
               std::any_of(o.udp_ports.begin(), o.udp_ports.end(),
                           [&](const UdpTarget& t) { return t.port == d.port; }) &&
               std::find(udp_open.begin(), udp_open.end(), d.port) == udp_open.end())
        r.notes.push_back(
            fmt::format("declared port udp/{} (manifest line {}) did not answer", d.port, d.line));
    }
  }
  r.notes.push_back(
      fmt::format("{} port(s) scanned on {}: {} open, {} closed, {} filtered; {} "
                  "connection(s) at most {} per second",
                  ports.size(), addr->text, open.size(), closed, filtered, sc.connections, o.rate));
  if (!o.udp_ports.empty())
    r.notes.push_back(fmt::format(
        "{} UDP probe(s) sent: {} port(s) answered, {} closed, {} silent; {} datagram(s)",
        o.udp_ports.size(), udp_open.size(), udp_closed, udp_silent, sc.datagrams));
  if (open.empty() && udp_open.empty())
    out.push_back(observe("EXP.NET.PORT", Status::kPass, "", "no open port among those scanned",
                          {{"ports", std::to_string(ports.size())}}, "none"));
  if (o.manifest) apply_manifest(r, *o.manifest, *now);
  finish(r);
  return r;
}

}  // namespace bulwark::exposure
