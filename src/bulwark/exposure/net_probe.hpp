// Internal to src/bulwark/exposure: the parsers and message builders of `bulwark exposure net`
// (net.cpp does the I/O). Every parser reads untrusted network answers with bounds checks and
// hard limits and never throws; each has a fuzz target (fuzz/fuzz_exposure_net.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::exposure::detail {

// ---- SSH (RFC 4253) ---------------------------------------------------------------------------

struct SshIdentification {
  std::string proto;     // "2.0", "1.99", "1.5"
  std::string software;  // "OpenSSH_9.2p1"
  std::string comments;
  std::size_t consumed = 0;  // bytes up to and including the line's end
};
// The server's identification line ("SSH-2.0-software comments\r\n"), after at most 20 other
// lines (RFC 4253 4.2 lets a server send those first). Lines over 255 bytes are an error;
// nullopt when no complete identification line is in `data` yet.
Result<std::optional<SshIdentification>> parse_ssh_identification(std::string_view data);

struct SshKexInit {
  std::vector<std::string> kex, host_key, cipher_c2s, cipher_s2c, mac_c2s, mac_s2c, comp_c2s,
      comp_s2c;
  bool first_kex_follows = false;
};
// The first binary packet after the identification: it must be an unencrypted SSH_MSG_KEXINIT
// (20). nullopt when `data` does not hold the whole packet yet (needed says how many bytes);
// errors name what is wrong (packet length over 35000, padding, name-list length, message).
struct KexInitParse {
  std::optional<SshKexInit> kexinit;
  std::size_t needed = 0;
};
Result<KexInitParse> parse_ssh_kexinit(std::string_view data);

// The weak algorithms of a KEXINIT, one line each ("kex diffie-hellman-group1-sha1").
std::vector<std::string> weak_ssh_algorithms(const SshKexInit& k);

// ---- TLS ---------------------------------------------------------------------------------------

inline constexpr std::uint16_t kSsl3 = 0x0300, kTls10 = 0x0301, kTls11 = 0x0302, kTls12 = 0x0303,
                               kTls13 = 0x0304;
std::string tls_version_name(std::uint16_t v);  // "SSLv3", "TLS 1.0", ... or "0x0305"

struct CipherSuite {
  std::uint16_t id;
  std::string_view name;      // IANA name
  std::string_view weakness;  // "" (strong), "no forward secrecy", "RC4", "3DES", "NULL", ...
};
// The suites the hand-built ClientHellos offer (a broad list, legacy included).
const std::vector<CipherSuite>& probe_cipher_suites();
const CipherSuite* find_cipher_suite(std::uint16_t id);

// A ClientHello record offering `version` (record version 0x0300 for SSLv3, else 0x0301) and
// `suites`; TLS versions get the supported_groups, ec_point_formats and (1.2)
// signature_algorithms extensions, and server_name when `sni` is a host name.
std::string build_client_hello(std::uint16_t version, const std::vector<std::uint16_t>& suites,
                               std::string_view sni);

struct TlsAnswer {
  enum Kind { kServerHello, kAlert, kOther } kind = kOther;
  std::uint16_t version = 0;  // ServerHello: the negotiated version (supported_versions honoured)
  std::uint16_t cipher = 0;
  int alert_level = 0, alert_description = 0;
};
// The server's first record(s) answering a ClientHello. nullopt when more bytes are needed.
// Errors name the field (record length over 18432, handshake length, session id over 32 ...).
Result<std::optional<TlsAnswer>> parse_tls_answer(std::string_view data);

// ---- banners -----------------------------------------------------------------------------------

// What the first bytes a server sent unprompted (or its answer to an HTTP request) say it is:
// "ssh", "telnet" (IAC negotiation), "ftp" (220 greeting), "smtp", "http", or "" when unknown.
std::string classify_banner(std::string_view first_bytes);
// The printable first line of a banner (control bytes and telnet negotiation dropped, at most
// 120 characters), for evidence.
std::string banner_text(std::string_view first_bytes);
// From an HTTP response: the status line and whether it asks for Basic authentication.
struct HttpAnswer {
  std::string status_line;
  bool basic_auth = false;
  std::string server;
};
std::optional<HttpAnswer> parse_http_answer(std::string_view data);

}  // namespace bulwark::exposure::detail
