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
  std::size_t consumed = 0;  // the packet's bytes (when complete)
};
Result<KexInitParse> parse_ssh_kexinit(std::string_view data);

// The weak algorithms of a KEXINIT, one line each ("kex diffie-hellman-group1-sha1").
std::vector<std::string> weak_ssh_algorithms(const SshKexInit& k);

// One unencrypted binary packet (RFC 4253 6): length <= 35000, padding inside it. nullopt
// payload when `data` does not hold the whole packet yet (needed says how many bytes).
struct SshPacket {
  std::optional<std::string_view> payload;  // points into `data`
  std::size_t consumed = 0;                 // the packet's bytes (when complete)
  std::size_t needed = 0;
};
Result<SshPacket> parse_ssh_packet(std::string_view data);
// An unencrypted packet around `payload` (padding to a multiple of 8, at least 4 bytes, zeros).
std::string build_ssh_packet(std::string_view payload);
// Our KEXINIT: key exchange curve25519-sha256 (and its libssh.org alias), the single host key
// algorithm `host_key` (the server's choice is then that key), and the server's own cipher,
// MAC and compression lists, so that negotiation always succeeds.
std::string build_ssh_kexinit(const SshKexInit& server, std::string_view host_key);
// SSH_MSG_KEX_ECDH_INIT (30) with the client's 32-byte X25519 public key.
std::string build_ssh_ecdh_init(std::string_view client_public);
// The host key blob K_S of an SSH_MSG_KEX_ECDH_REPLY (31) payload (the exchange value and the
// signature are bounds-checked, never verified). Errors name the field.
Result<std::string> parse_ssh_ecdh_reply(std::string_view payload);

// What a host key blob is: "ssh-rsa" (modulus bits), "ssh-dss" (p bits), "ecdsa-sha2-nistp256"
// (curve bits), "ssh-ed25519" (256); other types are named with bits 0.
struct SshHostKey {
  std::string type;
  int bits = 0;
  std::string curve;  // ECDSA: "nistp256" ...
};
Result<SshHostKey> parse_ssh_host_key(std::string_view blob);
// "RSA modulus under 2048 bits", "DSA (1024-bit, SHA-1 signatures)" or "" when acceptable.
std::string weak_ssh_host_key(const SshHostKey& k);
// The key family a host key algorithm name signs with ("rsa" for ssh-rsa, rsa-sha2-256/512;
// "ecdsa-sha2-nistp256" ...; the name itself otherwise; "" for certificates, which are skipped).
std::string ssh_host_key_family(std::string_view algorithm);

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

// ---- SNMP (RFC 1157, RFC 3416)
// -------------------------------------------------------------------

// A GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0), hand-encoded BER: `version` 0 (SNMPv1) or
// 1 (SNMPv2c), the community (at most 64 bytes), the request id (0..0x7fffffff).
std::string build_snmp_get(int version, std::string_view community, std::uint32_t request_id);

struct SnmpResponse {
  int version = 0;  // 0 = v1, 1 = v2c
  std::string community;
  std::uint32_t request_id = 0;
  int error_status = 0;
  std::string oid;         // of the first variable binding, dotted ("1.3.6.1.2.1.1.1.0")
  std::string value;       // an OCTET STRING value, as received (at most 1024 bytes kept)
  std::string value_type;  // "string", "integer", "null", "noSuchObject", ... or "tag 0x.."
};
// One SNMP v1/v2c Response (PDU 0xa2) datagram, read by a bounded BER reader: definite lengths
// only (long form of at most 4 bytes), every length within its parent, no tag above 30,
// integers of at most 5 bytes, OIDs of at most 128 arcs, nesting fixed by the message layout.
// Errors name the field ("snmp: community ...").
Result<SnmpResponse> parse_snmp_response(std::string_view datagram);

// ---- FTP, SMTP, IMAP, POP3 -------------------------------------------------------------------

// A complete FTP/SMTP reply (RFC 959 4.2: "123-..." lines up to "123 ..."): the code and the
// text of its lines (joined with '\n'). nullopt when more bytes are needed; an error when the
// reply is not one (no 3-digit code) or longer than 64 lines / 8 KiB.
struct ReplyLines {
  int code = 0;
  std::vector<std::string> lines;  // each without the code and separator, printable only
  std::size_t consumed = 0;
};
Result<std::optional<ReplyLines>> parse_ftp_reply(std::string_view data);
// A complete IMAP tagged response for `tag` ("a1 OK ..." after any "* ..." lines) or a POP3
// answer ("+OK"/"-ERR" first line, then, for multi-line answers, up to "."): whether it was OK
// and the capability words seen (upper case). nullopt when more bytes are needed.
struct TextAnswer {
  bool ok = false;
  std::vector<std::string> capabilities;
  std::size_t consumed = 0;
};
Result<std::optional<TextAnswer>> parse_imap_answer(std::string_view data, std::string_view tag);
Result<std::optional<TextAnswer>> parse_pop3_answer(std::string_view data, bool multiline);

// ---- banners -----------------------------------------------------------------------------------

// What the first bytes a server sent unprompted (or its answer to an HTTP request) say it is:
// "ssh", "telnet" (IAC negotiation), "ftp" (220 greeting), "smtp", "imap" ("* OK"), "pop3"
// ("+OK"), "http", or "" when unknown.
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
