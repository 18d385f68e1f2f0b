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
// The key exchange the host key probe runs, chosen from the server's kex list in this order:
// curve25519-sha256 (X25519), ecdh-sha2-nistp256/384/521 (ECDH), the fixed MODP groups
// (diffie-hellman-group14-sha256, group16-sha512, group18-sha512, group15-sha512,
// group17-sha512, group14-sha1, group1-sha1) and diffie-hellman-group-exchange-sha256/sha1
// (RFC 4419). kNone when the server offers none of them.
struct SshKexChoice {
  enum Kind { kNone, kCurve25519, kEcdh, kDhGroup, kDhGex } kind = kNone;
  std::string name;   // the algorithm name sent in our KEXINIT
  std::string curve;  // kEcdh: "P-256", "P-384", "P-521"
  int group = 0;      // kDhGroup: the MODP group number (1, 14, 15, 16, 17, 18)
};
SshKexChoice choose_ssh_host_key_kex(const SshKexInit& server);
// Our KEXINIT: key exchange `kex` (one name), the single host key algorithm `host_key` (the
// server's choice is then that key), and the server's own cipher, MAC and compression lists, so
// that negotiation always succeeds.
std::string build_ssh_kexinit(const SshKexInit& server, std::string_view kex,
                              std::string_view host_key);
// Curve25519: "curve25519-sha256,curve25519-sha256@libssh.org" as `kex`.
std::string build_ssh_kexinit(const SshKexInit& server, std::string_view host_key);
// SSH_MSG_KEX_ECDH_INIT (30) with the client's 32-byte X25519 public key.
std::string build_ssh_ecdh_init(std::string_view client_public);
// A client key exchange message: `msg` (30 KEXDH_INIT / KEX_ECDH_INIT, 32 KEX_DH_GEX_INIT)
// with one SSH string (an ECDH point, or an mpint from ssh_mpint).
std::string build_ssh_kex_message(std::uint8_t msg, std::string_view value);
// The SSH mpint encoding of a non-negative big-endian magnitude (leading zeros dropped, a zero
// byte added when the top bit is set), without the length.
std::string ssh_mpint(std::string_view magnitude);
// SSH_MSG_KEX_DH_GEX_REQUEST (34): min, preferred and max group bits.
std::string build_ssh_gex_request(std::uint32_t min, std::uint32_t n, std::uint32_t max);
// SSH_MSG_KEX_DH_GEX_GROUP (31): the safe prime p and generator g, as big-endian magnitudes.
// Errors name the field: a negative mpint, p outside 1024..8192 bits, g not in 2..p-1.
struct SshGexGroup {
  std::string p, g;
};
Result<SshGexGroup> parse_ssh_gex_group(std::string_view payload);
// The host key blob K_S of a key exchange reply: `msg` 31 (SSH_MSG_KEX_ECDH_REPLY and
// SSH_MSG_KEXDH_REPLY share it) or 33 (SSH_MSG_KEX_DH_GEX_REPLY). The exchange value and the
// signature are bounds-checked, never verified. Errors name the message and field.
Result<std::string> parse_ssh_kex_reply(std::string_view payload, std::uint8_t msg);
// parse_ssh_kex_reply(payload, 31).
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

// What a KEXINIT lacks of the modern algorithm classes, one line each ("kex: no curve25519,
// sntrup761x25519 or mlkem768x25519 key exchange", "host key: no Ed25519/Ed448 host key").
std::vector<std::string> missing_modern_ssh_algorithms(const SshKexInit& k);

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

// ---- UDP discovery and amplification: SSDP, DNS/mDNS, NTP ------------------------------------

// A unicast SSDP M-SEARCH (UPnP Device Architecture 1.1, 1.3.2) for ssdp:all, HOST naming the
// target address and port.
std::string build_ssdp_msearch(std::string_view host, int port);
struct SsdpResponse {
  std::string status_line;  // "HTTP/1.1 200 OK"
  int status = 0;
  std::string server, location, st, usn;  // printable, at most 200 characters each
};
// One SSDP answer datagram: an HTTP/1.x status line and headers (at most 64 lines, 8 KiB; lines
// of at most 1024 bytes). Errors name the field ("ssdp: ...").
Result<SsdpResponse> parse_ssdp_response(std::string_view datagram);

// ---- UPnP device description (UPnP Device Architecture 1.1, 2.1-2.5) ------------------------

// An absolute http:// URL ("http://HOST[:PORT][/PATH]"; HOST a numeric IPv4 address, a
// bracketed IPv6 address or a name; PORT 1..65535, default 80; at most 1024 bytes, no
// userinfo, printable only). Errors name the field ("upnp url: ...").
struct HttpUrl {
  std::string host;  // as written, brackets removed
  int port = 80;
  std::string path;  // "/..." ("/" when empty; the fragment dropped)
};
Result<HttpUrl> parse_http_url(std::string_view url);
// `ref` (an absolute http:// URL, an absolute path, or a path relative to `base`'s directory)
// resolved against `base`.
Result<HttpUrl> resolve_http_url(const HttpUrl& base, std::string_view ref);
// "GET PATH HTTP/1.0" with Host and "Connection: close".
std::string build_http_get(const HttpUrl& url);
// An HTTP/1.x response: the status and the body (Content-Length, chunked, or until the peer
// closed when `closed`). nullopt when more bytes are needed; errors name the field ("http:
// ..."): headers over 8 KiB or 64 lines, a body over 64 KiB, a bad chunk size.
struct HttpDocument {
  int status = 0;
  std::string body;
};
Result<std::optional<HttpDocument>> parse_http_document(std::string_view data, bool closed);

struct UpnpService {
  std::string type;  // "urn:schemas-upnp-org:service:WANIPConnection:2"
  std::string id, control_url, scpd_url;
};
struct UpnpDescription {
  // The root device's model fields (printable, at most 120 characters each); serialNumber and
  // UDN are unit identifiers and are never kept.
  std::string device_type, friendly_name, manufacturer, model_name, model_number, model_description;
  std::string url_base;                   // URLBase (UDA 1.0), "" when absent
  std::vector<std::string> device_types;  // every device's type, root first (at most 16)
  std::vector<UpnpService> services;      // of every device (at most 64)
};
// A device description read with pugixml: at most 64 KiB, no DOCTYPE (so no entity of any kind
// beyond XML's five predefined ones), elements nested at most 32 deep, a <root> element with a
// <device>. Errors name the field ("upnp description: ...").
Result<UpnpDescription> parse_upnp_description(std::string_view xml);
// The action names of a service description (SCPD: scpd/actionList/action/name; at most 128,
// same limits). Errors name the field ("upnp scpd: ...").
Result<std::vector<std::string>> parse_upnp_scpd(std::string_view xml);
// Whether a service type lets whoever reaches it change the router's port forwarding
// (WANIPConnection, WANPPPConnection: AddPortMapping; WANIPv6FirewallControl: AddPinhole).
bool upnp_port_mapping_service(std::string_view service_type);
// The short name of a service or device type ("WANIPConnection:2"), or the type as written.
std::string upnp_short_type(std::string_view type);

inline constexpr std::uint16_t kDnsA = 1, kDnsNs = 2, kDnsPtr = 12, kDnsTxt = 16, kDnsSrv = 33,
                               kDnsClassIn = 1, kDnsClassChaos = 3;
// A DNS query (RFC 1035 4.1) for `name` (dotted; labels of at most 63 bytes, at most 253 bytes),
// RD set when `recursion_desired`; mDNS unicast queries (RFC 6762 5.5) use the same format.
std::string build_dns_query(std::uint16_t id, std::string_view name, std::uint16_t qtype,
                            std::uint16_t qclass, bool recursion_desired);
struct DnsRecord {
  std::string name;
  std::uint16_t type = 0, klass = 0;
  std::string value;  // A: dotted address; PTR/NS/CNAME: the name; TXT: the strings joined by
                      // " " (printable, at most 200 characters); other types: "N bytes"
};
struct DnsResponse {
  std::uint16_t id = 0;
  bool qr = false, aa = false, tc = false, rd = false, ra = false;
  int opcode = 0, rcode = 0;
  std::uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
  std::vector<DnsRecord> answers;  // the answer section (at most 64 records kept)
};
// One DNS/mDNS answer datagram, read with bounds checks: a 12-byte header, at most 16 questions,
// names of at most 255 bytes / 128 labels, compression pointers only backwards and at most 32
// per name, each record's data within the datagram. Errors name the field ("dns: ...").
Result<DnsResponse> parse_dns_response(std::string_view datagram);
// "NOERROR", "SERVFAIL", "NXDOMAIN", "REFUSED", ... or "RCODE n".
std::string dns_rcode_name(int rcode);

// NTP control and private-mode requests (RFC 9327 mode 6; ntpd's mode 7): a mode 6 READVAR for
// the system variables (12 bytes) and a mode 7 MON_GETLIST_1 ("monlist", 48 bytes: the header
// padded with zeros as ntpdc sends it).
std::string build_ntp_readvar(std::uint16_t sequence);
std::string build_ntp_monlist();
struct NtpResponse {
  int mode = 0, version = 0;
  bool response = false, error = false, more = false;
  // mode 6
  int opcode = 0;
  std::uint16_t sequence = 0, status = 0, count = 0;
  std::string data;  // the variables as sent, printable, at most 400 characters
  // mode 7
  int implementation = 0, request_code = 0, err = 0, items = 0, item_size = 0;
};
// One NTP mode 6 or mode 7 answer datagram (other modes: an error naming the mode); the header
// is checked and the data length stays within the datagram (mode 6: count <= 468; mode 7: items
// times item size <= 500). Errors name the field ("ntp: ...").
Result<NtpResponse> parse_ntp_response(std::string_view datagram);

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
// and the capability words seen (upper case; a POP3 "SASL PLAIN LOGIN" line also gives AUTH=PLAIN
// and AUTH=LOGIN). nullopt when more bytes are needed.
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
