// Parsers and message builders of `bulwark exposure net` (net_probe.hpp): SSH identification and
// KEXINIT, hand-built TLS ClientHellos and their answers, banners. Bounds-checked byte readers,
// hard limits, no exceptions.
#include "bulwark/exposure/net_probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace bulwark::exposure::detail {
namespace {

constexpr std::size_t kMaxIdentLine = 255;
constexpr int kMaxPreIdentLines = 20;
constexpr std::size_t kMaxSshPacket = 35000;
constexpr std::size_t kMaxNames = 256;
constexpr std::size_t kMaxTlsRecord = 16384 + 2048;

// A cursor over untrusted bytes: every read checks the remaining length.
class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool u8(std::uint8_t& v) {
    if (d_.size() < 1) return false;
    v = static_cast<std::uint8_t>(d_[0]);
    d_.remove_prefix(1);
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (d_.size() < 2) return false;
    v = static_cast<std::uint16_t>((byte(0) << 8) | byte(1));
    d_.remove_prefix(2);
    return true;
  }
  bool u24(std::uint32_t& v) {
    if (d_.size() < 3) return false;
    v = (std::uint32_t{byte(0)} << 16) | (std::uint32_t{byte(1)} << 8) | byte(2);
    d_.remove_prefix(3);
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (d_.size() < 4) return false;
    v = (std::uint32_t{byte(0)} << 24) | (std::uint32_t{byte(1)} << 16) |
        (std::uint32_t{byte(2)} << 8) | byte(3);
    d_.remove_prefix(4);
    return true;
  }
  bool bytes(std::size_t n, std::string_view& out) {
    if (d_.size() < n) return false;
    out = d_.substr(0, n);
    d_.remove_prefix(n);
    return true;
  }
  std::size_t left() const { return d_.size(); }

 private:
  std::uint32_t byte(std::size_t i) const { return static_cast<unsigned char>(d_[i]); }
  std::string_view d_;
};

void put16(std::string& s, std::uint16_t v) {
  s += static_cast<char>(v >> 8);
  s += static_cast<char>(v & 0xff);
}
void put24(std::string& s, std::uint32_t v) {
  s += static_cast<char>((v >> 16) & 0xff);
  s += static_cast<char>((v >> 8) & 0xff);
  s += static_cast<char>(v & 0xff);
}

void put32(std::string& s, std::uint32_t v) {
  put16(s, static_cast<std::uint16_t>(v >> 16));
  put16(s, static_cast<std::uint16_t>(v & 0xffff));
}
void put_ssh_string(std::string& s, std::string_view v) {
  put32(s, static_cast<std::uint32_t>(v.size()));
  s += v;
}
std::string join_names(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& n : v) out += (out.empty() ? "" : ",") + n;
  return out;
}
// An SSH string (uint32 length, bytes) within what is left.
bool ssh_string(Reader& r, std::string_view& out) {
  std::uint32_t len = 0;
  return r.u32(len) && r.bytes(len, out);
}
// The bit length of an SSH mpint's magnitude (leading zero bytes ignored).
int mpint_bits(std::string_view m) {
  while (!m.empty() && m[0] == '\0') m.remove_prefix(1);
  if (m.empty()) return 0;
  int top = 0;
  for (auto b = static_cast<unsigned char>(m[0]); b; b >>= 1) ++top;
  return static_cast<int>((m.size() - 1) * 8) + top;
}
std::string printable(std::string_view v, std::size_t max) {
  std::string out;
  for (char c : v) {
    if (out.size() >= max) break;
    auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

// ---- BER (SNMP) ---------------------------------------------------------------------------------

constexpr std::size_t kMaxBerLength = 65535;

std::string ber(std::uint8_t tag, std::string_view content) {
  std::string out(1, static_cast<char>(tag));
  if (content.size() < 0x80) {
    out += static_cast<char>(content.size());
  } else if (content.size() < 0x100) {
    out += '\x81';
    out += static_cast<char>(content.size());
  } else {
    out += '\x82';
    put16(out, static_cast<std::uint16_t>(content.size()));
  }
  out += content;
  return out;
}
std::string ber_int(std::uint32_t v) {
  std::string c;
  for (int shift = 24; shift >= 0; shift -= 8) {
    auto b = static_cast<char>((v >> shift) & 0xff);
    if (c.empty() && b == 0 && shift > 0) continue;
    c += b;
  }
  if (static_cast<unsigned char>(c[0]) & 0x80) c.insert(c.begin(), '\0');
  return ber(0x02, c);
}

struct Tlv {
  std::uint8_t tag = 0;
  std::string_view content;
};
// One TLV of `r`; `field` names it in errors.
Result<Tlv> read_tlv(Reader& r, std::string_view field) {
  Tlv t;
  std::uint8_t len0 = 0;
  if (!r.u8(t.tag) || !r.u8(len0)) return invalid_input(fmt::format("snmp: {} truncated", field));
  if ((t.tag & 0x1f) == 0x1f)
    return invalid_input(fmt::format("snmp: {} has a multi-byte tag", field));
  std::size_t len = len0;
  if (len0 == 0x80) return invalid_input(fmt::format("snmp: {} has an indefinite length", field));
  if (len0 > 0x80) {
    std::size_t n = len0 & 0x7f;
    if (n > 4) return invalid_input(fmt::format("snmp: {} length of {} bytes", field, n));
    len = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint8_t b = 0;
      if (!r.u8(b)) return invalid_input(fmt::format("snmp: {} length truncated", field));
      len = (len << 8) | b;
    }
  }
  if (len > kMaxBerLength || len > r.left())
    return invalid_input(
        fmt::format("snmp: {} length {} over the {} bytes left", field, len, r.left()));
  r.bytes(len, t.content);
  return t;
}
Result<std::string_view> expect_tlv(Reader& r, std::uint8_t tag, std::string_view field) {
  auto t = read_tlv(r, field);
  if (!t) return std::unexpected(t.error());
  if (t->tag != tag)
    return invalid_input(
        fmt::format("snmp: {} has tag 0x{:02x}, expected 0x{:02x}", field, t->tag, tag));
  return t->content;
}
Result<std::int64_t> ber_integer(std::string_view c, std::string_view field) {
  if (c.empty() || c.size() > 5)
    return invalid_input(fmt::format("snmp: {} is an integer of {} bytes", field, c.size()));
  std::int64_t v = (static_cast<unsigned char>(c[0]) & 0x80) ? -1 : 0;
  for (char b : c)
    v = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) << 8) |
        static_cast<unsigned char>(b);
  return v;
}
Result<std::string> ber_oid(std::string_view c) {
  if (c.empty()) return invalid_input("snmp: empty OID");
  std::string out;
  std::size_t arcs = 0;
  std::uint64_t v = 0;
  int bytes = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    auto b = static_cast<unsigned char>(c[i]);
    v = (v << 7) | (b & 0x7f);
    if (++bytes > 5) return invalid_input("snmp: OID arc longer than 5 bytes");
    if (b & 0x80) {
      if (i + 1 == c.size()) return invalid_input("snmp: OID ends inside an arc");
      continue;
    }
    if (++arcs > 128) return invalid_input("snmp: OID of more than 128 arcs");
    if (out.empty())
      out = v < 80 ? fmt::format("{}.{}", v / 40, v % 40) : fmt::format("2.{}", v - 80);
    else
      out += fmt::format(".{}", v);
    v = 0;
    bytes = 0;
  }
  return out;
}

bool is_ip_literal(std::string_view h) {
  return h.empty() || h.find(':') != std::string_view::npos ||
         std::all_of(h.begin(), h.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

// ---- SSH ----------------------------------------------------------------------------------------

Result<std::optional<SshIdentification>> parse_ssh_identification(std::string_view data) {
  using R = std::optional<SshIdentification>;
  std::size_t pos = 0;
  for (int n = 0; n <= kMaxPreIdentLines; ++n) {
    auto nl = data.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (data.size() - pos > kMaxIdentLine)
        return invalid_input(
            fmt::format("ssh identification: line {} longer than 255 bytes", n + 1));
      return R{};
    }
    std::string_view line = data.substr(pos, nl - pos);
    if (line.size() > kMaxIdentLine)
      return invalid_input(fmt::format("ssh identification: line {} longer than 255 bytes", n + 1));
    if (line.ends_with('\r')) line.remove_suffix(1);
    pos = nl + 1;
    if (!line.starts_with("SSH-")) continue;
    auto rest = line.substr(4);
    auto dash = rest.find('-');
    if (dash == std::string_view::npos || dash == 0)
      return invalid_input("ssh identification: no protocol version in '" + std::string(line) +
                           "'");
    SshIdentification id;
    id.proto = std::string(rest.substr(0, dash));
    auto sw = rest.substr(dash + 1);
    auto sp = sw.find(' ');
    id.software = std::string(sw.substr(0, sp));
    if (sp != std::string_view::npos) id.comments = std::string(sw.substr(sp + 1));
    for (auto& c : id.software)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    for (auto& c : id.comments)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    id.consumed = pos;
    return R(std::move(id));
  }
  return invalid_input("ssh identification: no SSH- line within the first 20 lines");
}

Result<SshPacket> parse_ssh_packet(std::string_view data) {
  SshPacket out;
  Reader r(data);
  std::uint32_t packet_length = 0;
  if (!r.u32(packet_length)) {
    out.needed = 4;
    return out;
  }
  if (packet_length < 2 || packet_length > kMaxSshPacket)
    return invalid_input(fmt::format("ssh packet: length {} outside 2..35000", packet_length));
  if (r.left() < packet_length) {
    out.needed = 4 + packet_length;
    return out;
  }
  std::uint8_t padding = 0;
  r.u8(padding);
  if (padding + 1u >= packet_length)
    return invalid_input(fmt::format("ssh packet: padding {} leaves no payload in {} bytes",
                                     padding, packet_length));
  std::string_view payload;
  r.bytes(packet_length - padding - 1, payload);
  out.payload = payload;
  out.consumed = 4 + packet_length;
  return out;
}

Result<KexInitParse> parse_ssh_kexinit(std::string_view data) {
  KexInitParse out;
  auto packet = parse_ssh_packet(data);
  if (!packet) return std::unexpected(packet.error());
  if (!packet->payload) {
    out.needed = packet->needed;
    return out;
  }
  out.consumed = packet->consumed;
  std::string_view payload = *packet->payload;
  Reader p(payload);
  std::uint8_t msg = 0;
  p.u8(msg);
  if (msg != 20)
    return invalid_input(
        fmt::format("ssh packet: message {} where KEXINIT (20) was expected", msg));
  std::string_view cookie;
  if (!p.bytes(16, cookie)) return invalid_input("ssh KEXINIT: truncated cookie");
  SshKexInit k;
  std::vector<std::string>* lists[] = {&k.kex,     &k.host_key, &k.cipher_c2s, &k.cipher_s2c,
                                       &k.mac_c2s, &k.mac_s2c,  &k.comp_c2s,   &k.comp_s2c};
  static constexpr std::array<std::string_view, 10> kNames = {
      "kex_algorithms",
      "server_host_key_algorithms",
      "encryption_algorithms_client_to_server",
      "encryption_algorithms_server_to_client",
      "mac_algorithms_client_to_server",
      "mac_algorithms_server_to_client",
      "compression_algorithms_client_to_server",
      "compression_algorithms_server_to_client",
      "languages_client_to_server",
      "languages_server_to_client"};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    std::uint32_t len = 0;
    std::string_view names;
    if (!p.u32(len)) return invalid_input(fmt::format("ssh KEXINIT: truncated {}", kNames[i]));
    if (len > p.left())
      return invalid_input(fmt::format("ssh KEXINIT: {} length {} over the {} bytes left",
                                       kNames[i], len, p.left()));
    p.bytes(len, names);
    if (i >= 8) continue;
    std::size_t at = 0;
    while (at < names.size()) {
      auto comma = names.find(',', at);
      if (comma == std::string_view::npos) comma = names.size();
      auto name = names.substr(at, comma - at);
      if (name.empty())
        return invalid_input(fmt::format("ssh KEXINIT: empty name in {}", kNames[i]));
      if (!std::all_of(name.begin(), name.end(), [](char c) {
            return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
          }))
        return invalid_input(fmt::format("ssh KEXINIT: non-printable name in {}", kNames[i]));
      if (lists[i]->size() >= kMaxNames)
        return invalid_input(fmt::format("ssh KEXINIT: more than 256 names in {}", kNames[i]));
      lists[i]->emplace_back(name);
      at = comma + 1;
    }
  }
  std::uint8_t follows = 0;
  std::uint32_t reserved = 0;
  if (!p.u8(follows) || !p.u32(reserved))
    return invalid_input("ssh KEXINIT: truncated first_kex_packet_follows/reserved");
  k.first_kex_follows = follows != 0;
  out.kexinit = std::move(k);
  return out;
}

std::vector<std::string> weak_ssh_algorithms(const SshKexInit& k) {
  std::vector<std::string> out;
  auto any = [](std::string_view n, std::initializer_list<std::string_view> parts) {
    return std::any_of(parts.begin(), parts.end(),
                       [&](std::string_view p) { return n.find(p) != std::string_view::npos; });
  };
  for (const auto& n : k.kex)
    if (n == "diffie-hellman-group1-sha1" || n == "diffie-hellman-group14-sha1" ||
        n == "diffie-hellman-group-exchange-sha1" || n.starts_with("rsa1024"))
      out.push_back("kex " + n);
  for (const auto& n : k.host_key)
    if (n == "ssh-dss" || n == "ssh-rsa" || n.starts_with("ssh-dss-cert") ||
        n.starts_with("ssh-rsa-cert"))
      out.push_back("host key " + n + (n.starts_with("ssh-rsa") ? " (SHA-1 signatures)" : ""));
  std::vector<std::string> ciphers = k.cipher_s2c;
  for (const auto& c : k.cipher_c2s)
    if (std::find(ciphers.begin(), ciphers.end(), c) == ciphers.end()) ciphers.push_back(c);
  for (const auto& n : ciphers)
    if (any(n, {"-cbc", "3des", "arcfour", "blowfish", "cast128", "des", "rijndael"}) ||
        n == "none")
      out.push_back("cipher " + n);
  std::vector<std::string> macs = k.mac_s2c;
  for (const auto& c : k.mac_c2s)
    if (std::find(macs.begin(), macs.end(), c) == macs.end()) macs.push_back(c);
  for (const auto& n : macs)
    if (any(n, {"md5", "-96", "ripemd", "umac-32"}) || n == "none") out.push_back("mac " + n);
  return out;
}

std::vector<std::string> missing_modern_ssh_algorithms(const SshKexInit& k) {
  std::vector<std::string> out;
  const bool kex = std::any_of(k.kex.begin(), k.kex.end(), [](const std::string& n) {
    return n.starts_with("curve25519-sha256") || n.starts_with("sntrup761x25519-sha512") ||
           n.starts_with("mlkem768x25519-sha256") || n.starts_with("curve448-sha512");
  });
  if (!kex) out.push_back("kex: no curve25519, sntrup761x25519 or mlkem768x25519 key exchange");
  const bool host = std::any_of(k.host_key.begin(), k.host_key.end(), [](const std::string& n) {
    return n.starts_with("ssh-ed25519") || n.starts_with("sk-ssh-ed25519") ||
           n.starts_with("ssh-ed448");
  });
  if (!host) out.push_back("host key: no Ed25519/Ed448 host key");
  return out;
}

std::string build_ssh_packet(std::string_view payload) {
  std::size_t padding = 8 - ((5 + payload.size()) % 8);
  if (padding < 4) padding += 8;
  std::string out;
  put32(out, static_cast<std::uint32_t>(payload.size() + padding + 1));
  out += static_cast<char>(padding);
  out += payload;
  out.append(padding, '\0');
  return out;
}

SshKexChoice choose_ssh_host_key_kex(const SshKexInit& server) {
  auto offered = [&](std::string_view n) {
    return std::find(server.kex.begin(), server.kex.end(), n) != server.kex.end();
  };
  SshKexChoice c;
  for (std::string_view n : {"curve25519-sha256", "curve25519-sha256@libssh.org"})
    if (offered(n)) return {SshKexChoice::kCurve25519, std::string(n), "", 0};
  static constexpr std::pair<std::string_view, std::string_view> kEcdh[] = {
      {"ecdh-sha2-nistp256", "P-256"},
      {"ecdh-sha2-nistp384", "P-384"},
      {"ecdh-sha2-nistp521", "P-521"}};
  for (const auto& [n, curve] : kEcdh)
    if (offered(n)) return {SshKexChoice::kEcdh, std::string(n), std::string(curve), 0};
  static constexpr std::pair<std::string_view, int> kGroups[] = {
      {"diffie-hellman-group14-sha256", 14}, {"diffie-hellman-group16-sha512", 16},
      {"diffie-hellman-group18-sha512", 18}, {"diffie-hellman-group15-sha512", 15},
      {"diffie-hellman-group17-sha512", 17}, {"diffie-hellman-group14-sha1", 14},
      {"diffie-hellman-group1-sha1", 1}};
  for (const auto& [n, group] : kGroups)
    if (offered(n)) return {SshKexChoice::kDhGroup, std::string(n), "", group};
  for (std::string_view n :
       {"diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1"})
    if (offered(n)) return {SshKexChoice::kDhGex, std::string(n), "", 0};
  return c;
}

std::string build_ssh_kexinit(const SshKexInit& server, std::string_view kex,
                              std::string_view host_key) {
  std::string p(1, '\x14');
  for (int i = 0; i < 16; ++i) p += static_cast<char>(0x62 + i);  // fixed cookie
  put_ssh_string(p, kex);
  put_ssh_string(p, host_key);
  for (const auto* l : {&server.cipher_c2s, &server.cipher_s2c, &server.mac_c2s, &server.mac_s2c,
                        &server.comp_c2s, &server.comp_s2c})
    put_ssh_string(p, join_names(*l));
  put_ssh_string(p, "");
  put_ssh_string(p, "");
  p += '\0';  // first_kex_packet_follows
  put32(p, 0);
  return build_ssh_packet(p);
}

std::string build_ssh_kexinit(const SshKexInit& server, std::string_view host_key) {
  return build_ssh_kexinit(server, "curve25519-sha256,curve25519-sha256@libssh.org", host_key);
}

std::string build_ssh_kex_message(std::uint8_t msg, std::string_view value) {
  std::string p(1, static_cast<char>(msg));
  put_ssh_string(p, value);
  return build_ssh_packet(p);
}

std::string build_ssh_ecdh_init(std::string_view client_public) {
  return build_ssh_kex_message(30, client_public);
}

std::string ssh_mpint(std::string_view m) {
  while (!m.empty() && m[0] == '\0') m.remove_prefix(1);
  std::string out;
  if (!m.empty() && (static_cast<unsigned char>(m[0]) & 0x80)) out += '\0';
  out += m;
  return out;
}

std::string build_ssh_gex_request(std::uint32_t min, std::uint32_t n, std::uint32_t max) {
  std::string p(1, '\x22');
  put32(p, min);
  put32(p, n);
  put32(p, max);
  return build_ssh_packet(p);
}

Result<SshGexGroup> parse_ssh_gex_group(std::string_view payload) {
  Reader r(payload);
  std::uint8_t msg = 0;
  if (!r.u8(msg)) return invalid_input("ssh KEX_DH_GEX_GROUP: empty packet");
  if (msg != 31)
    return invalid_input(
        fmt::format("ssh packet: message {} where KEX_DH_GEX_GROUP (31) was expected", msg));
  std::string_view p, g;
  if (!ssh_string(r, p)) return invalid_input("ssh KEX_DH_GEX_GROUP: truncated p");
  if (!ssh_string(r, g)) return invalid_input("ssh KEX_DH_GEX_GROUP: truncated g");
  for (auto [name, v] : {std::pair{"p", p}, std::pair{"g", g}})
    if (!v.empty() && (static_cast<unsigned char>(v[0]) & 0x80))
      return invalid_input(fmt::format("ssh KEX_DH_GEX_GROUP: {} is negative", name));
  const int pbits = mpint_bits(p);
  if (pbits < 1024 || pbits > 8192)
    return invalid_input(
        fmt::format("ssh KEX_DH_GEX_GROUP: p of {} bits outside 1024..8192", pbits));
  while (!p.empty() && p[0] == '\0') p.remove_prefix(1);
  while (!g.empty() && g[0] == '\0') g.remove_prefix(1);
  // 2 <= g < p, compared as magnitudes.
  const bool small = g.size() == 1 && static_cast<unsigned char>(g[0]) < 2;
  const bool below = g.size() < p.size() || (g.size() == p.size() && g < p);
  if (g.empty() || small || !below) return invalid_input("ssh KEX_DH_GEX_GROUP: g not in 2..p-1");
  return SshGexGroup{std::string(p), std::string(g)};
}

Result<std::string> parse_ssh_kex_reply(std::string_view payload, std::uint8_t expected) {
  const char* name = expected == 33 ? "KEX_DH_GEX_REPLY" : "KEX_ECDH_REPLY";
  Reader r(payload);
  std::uint8_t msg = 0;
  if (!r.u8(msg)) return invalid_input(fmt::format("ssh {}: empty packet", name));
  if (msg != expected)
    return invalid_input(
        fmt::format("ssh packet: message {} where {} ({}) was expected", msg, name, expected));
  std::string_view host_key, q_s, signature;
  if (!ssh_string(r, host_key))
    return invalid_input(fmt::format("ssh {}: truncated host key", name));
  if (!ssh_string(r, q_s))
    return invalid_input(fmt::format("ssh {}: truncated server exchange value", name));
  if (!ssh_string(r, signature))
    return invalid_input(fmt::format("ssh {}: truncated signature", name));
  if (host_key.empty()) return invalid_input(fmt::format("ssh {}: empty host key", name));
  return std::string(host_key);
}

Result<std::string> parse_ssh_ecdh_reply(std::string_view payload) {
  return parse_ssh_kex_reply(payload, 31);
}

Result<SshHostKey> parse_ssh_host_key(std::string_view blob) {
  Reader r(blob);
  std::string_view type;
  if (!ssh_string(r, type)) return invalid_input("ssh host key: truncated key type");
  if (type.empty() || type.size() > 64 || !std::all_of(type.begin(), type.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
      }))
    return invalid_input("ssh host key: key type not a printable name of 1..64 bytes");
  SshHostKey k;
  k.type = std::string(type);
  if (type == "ssh-rsa") {
    std::string_view e, n;
    if (!ssh_string(r, e) || !ssh_string(r, n))
      return invalid_input("ssh host key: truncated RSA exponent/modulus");
    k.bits = mpint_bits(n);
  } else if (type == "ssh-dss") {
    std::string_view p, q, g, y;
    if (!ssh_string(r, p) || !ssh_string(r, q) || !ssh_string(r, g) || !ssh_string(r, y))
      return invalid_input("ssh host key: truncated DSA parameters");
    k.bits = mpint_bits(p);
  } else if (type.starts_with("ecdsa-sha2-")) {
    std::string_view curve, q;
    if (!ssh_string(r, curve) || !ssh_string(r, q))
      return invalid_input("ssh host key: truncated ECDSA curve/point");
    k.curve = printable(curve, 32);
    k.bits = curve == "nistp256" ? 256 : curve == "nistp384" ? 384 : curve == "nistp521" ? 521 : 0;
  } else if (type == "ssh-ed25519") {
    std::string_view pk;
    if (!ssh_string(r, pk) || pk.size() != 32)
      return invalid_input("ssh host key: Ed25519 key not 32 bytes");
    k.bits = 256;
  }
  return k;
}

std::string weak_ssh_host_key(const SshHostKey& k) {
  if (k.type == "ssh-rsa" && k.bits < 2048)
    return fmt::format("host key ssh-rsa {} bits (under 2048)", k.bits);
  if (k.type == "ssh-dss") return fmt::format("host key ssh-dss {} bits (DSA)", k.bits);
  return "";
}

std::string ssh_host_key_family(std::string_view a) {
  if (a.find("-cert-") != std::string_view::npos) return "";
  if (a == "ssh-rsa" || a == "rsa-sha2-256" || a == "rsa-sha2-512") return "rsa";
  return std::string(a);
}

// ---- TLS ----------------------------------------------------------------------------------------

std::string tls_version_name(std::uint16_t v) {
  switch (v) {
    case kSsl3:
      return "SSLv3";
    case kTls10:
      return "TLS 1.0";
    case kTls11:
      return "TLS 1.1";
    case kTls12:
      return "TLS 1.2";
    case kTls13:
      return "TLS 1.3";
  }
  return fmt::format("0x{:04x}", v);
}

const std::vector<CipherSuite>& probe_cipher_suites() {
  static const std::vector<CipherSuite> kSuites = {
      {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ""},
      {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", ""},
      {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ""},
      {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ""},
      {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ""},
      {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ""},
      {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", ""},
      {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", ""},
      {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ""},
      {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "CBC"},
      {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "CBC"},
      {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "CBC"},
      {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "CBC"},
      {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "CBC"},
      {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "CBC"},
      {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "CBC"},
      {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "CBC"},
      {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "CBC"},
      {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "CBC"},
      {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "CBC"},
      {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "CBC"},
      {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", "no forward secrecy"},
      {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", "no forward secrecy"},
      {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", "no forward secrecy"},
      {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", "no forward secrecy"},
      {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", "no forward secrecy"},
      {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "no forward secrecy"},
      {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "no forward secrecy"},
      {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "no forward secrecy"},
      {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", "no forward secrecy"},
      {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", "IDEA"},
      {0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "3DES"},
      {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "3DES"},
      {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "3DES"},
      {0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "DES"},
      {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "DES"},
      {0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "RC4"},
      {0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4"},
      {0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4"},
      {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXPORT"},
      {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXPORT"},
      {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXPORT"},
      {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXPORT"},
      {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", "anonymous"},
      {0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA", "anonymous"},
      {0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "anonymous"},
      {0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "anonymous"},
      {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", "anonymous"},
      {0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL"},
      {0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL"},
      {0x003b, "TLS_RSA_WITH_NULL_SHA256", "NULL"},
      {0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "NULL"},
  };
  return kSuites;
}

const CipherSuite* find_cipher_suite(std::uint16_t id) {
  for (const auto& s : probe_cipher_suites())
    if (s.id == id) return &s;
  return nullptr;
}

std::string build_client_hello(std::uint16_t version, const std::vector<std::uint16_t>& suites,
                               std::string_view sni) {
  std::string body;
  put16(body, version);
  // A fixed random: probes need no secrecy, and fixed bytes keep the probes reproducible.
  for (int i = 0; i < 32; ++i) body += static_cast<char>(0x42 + i);
  body += '\0';  // no session id
  std::vector<std::uint16_t> list = suites;
  list.push_back(0x00ff);  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
  put16(body, static_cast<std::uint16_t>(list.size() * 2));
  for (auto s : list) put16(body, s);
  body += '\x01';
  body += '\0';  // compression: null
  if (version >= kTls10) {
    std::string ext;
    if (!is_ip_literal(sni) && sni.size() < 256) {
      put16(ext, 0x0000);
      put16(ext, static_cast<std::uint16_t>(sni.size() + 5));
      put16(ext, static_cast<std::uint16_t>(sni.size() + 3));
      ext += '\0';
      put16(ext, static_cast<std::uint16_t>(sni.size()));
      ext += sni;
    }
    // supported_groups: x25519, secp256r1, secp384r1, secp521r1, ffdhe2048
    const std::uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100};
    put16(ext, 0x000a);
    put16(ext, static_cast<std::uint16_t>(2 + sizeof groups));
    put16(ext, static_cast<std::uint16_t>(sizeof groups));
    for (auto g : groups) put16(ext, g);
    // ec_point_formats: uncompressed
    put16(ext, 0x000b);
    put16(ext, 2);
    ext += '\x01';
    ext += '\0';
    if (version >= kTls12) {
      const std::uint16_t sigs[] = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401,
                                    0x0501, 0x0601, 0x0203, 0x0201, 0x0402, 0x0202};
      put16(ext, 0x000d);
      put16(ext, static_cast<std::uint16_t>(2 + sizeof sigs));
      put16(ext, static_cast<std::uint16_t>(sizeof sigs));
      for (auto s : sigs) put16(ext, s);
    }
    put16(body, static_cast<std::uint16_t>(ext.size()));
    body += ext;
  }
  std::string hs;
  hs += '\x01';  // ClientHello
  put24(hs, static_cast<std::uint32_t>(body.size()));
  hs += body;
  std::string rec;
  rec += '\x16';
  put16(rec, version == kSsl3 ? kSsl3 : kTls10);
  put16(rec, static_cast<std::uint16_t>(hs.size()));
  rec += hs;
  return rec;
}

Result<std::optional<TlsAnswer>> parse_tls_answer(std::string_view data) {
  using R = std::optional<TlsAnswer>;
  Reader r(data);
  std::uint8_t type = 0;
  std::uint16_t rversion = 0, rlen = 0;
  if (!r.u8(type) || !r.u16(rversion) || !r.u16(rlen)) return R{};
  if (type != 21 && type != 22) {
    TlsAnswer a;  // not TLS (an SSLv2 answer, a plaintext protocol...)
    return R(a);
  }
  if ((rversion >> 8) != 3) return R(TlsAnswer{});
  if (rlen > kMaxTlsRecord)
    return invalid_input(fmt::format("tls record: length {} over 18432", rlen));
  std::string_view frag;
  if (!r.bytes(rlen, frag)) return R{};
  Reader f(frag);
  if (type == 21) {
    std::uint8_t level = 0, desc = 0;
    if (!f.u8(level) || !f.u8(desc)) return invalid_input("tls alert: shorter than 2 bytes");
    TlsAnswer a;
    a.kind = TlsAnswer::kAlert;
    a.alert_level = level;
    a.alert_description = desc;
    return R(a);
  }
  std::uint8_t hs_type = 0;
  std::uint32_t hs_len = 0;
  if (!f.u8(hs_type) || !f.u24(hs_len)) return invalid_input("tls handshake: truncated header");
  if (hs_type != 2) return R(TlsAnswer{});
  // A ServerHello split over records is not reassembled: its length must fit this record.
  if (hs_len > f.left())
    return invalid_input(fmt::format("tls ServerHello: length {} over the {} bytes of its record",
                                     hs_len, f.left()));
  std::string_view sh;
  f.bytes(hs_len, sh);
  Reader s(sh);
  TlsAnswer a;
  a.kind = TlsAnswer::kServerHello;
  std::string_view random, session;
  std::uint8_t sid_len = 0, comp = 0;
  if (!s.u16(a.version) || !s.bytes(32, random) || !s.u8(sid_len))
    return invalid_input("tls ServerHello: truncated version/random");
  if (sid_len > 32)
    return invalid_input(fmt::format("tls ServerHello: session id of {} bytes", sid_len));
  if (!s.bytes(sid_len, session) || !s.u16(a.cipher) || !s.u8(comp))
    return invalid_input("tls ServerHello: truncated session id/cipher/compression");
  std::uint16_t ext_len = 0;
  if (s.left() >= 2 && s.u16(ext_len)) {
    if (ext_len > s.left())
      return invalid_input(
          fmt::format("tls ServerHello: extensions length {} over {} bytes", ext_len, s.left()));
    std::string_view exts;
    s.bytes(ext_len, exts);
    Reader e(exts);
    for (int n = 0; e.left() >= 4 && n < 64; ++n) {
      std::uint16_t et = 0, el = 0;
      std::string_view ev;
      e.u16(et);
      e.u16(el);
      if (!e.bytes(el, ev))
        return invalid_input(fmt::format("tls ServerHello: extension {} truncated", et));
      if (et == 43 && ev.size() == 2)  // supported_versions: the TLS 1.3 selection
        a.version = static_cast<std::uint16_t>((static_cast<unsigned char>(ev[0]) << 8) |
                                               static_cast<unsigned char>(ev[1]));
    }
  }
  return R(a);
}

// ---- SNMP ---------------------------------------------------------------------------------------

std::string build_snmp_get(int version, std::string_view community, std::uint32_t request_id) {
  static constexpr char kSysDescr[] = "\x2b\x06\x01\x02\x01\x01\x01\x00";
  std::string varbind = ber(0x06, std::string_view(kSysDescr, 8)) + ber(0x05, "");
  std::string pdu =
      ber_int(request_id & 0x7fffffff) + ber_int(0) + ber_int(0) + ber(0x30, ber(0x30, varbind));
  std::string msg = ber_int(static_cast<std::uint32_t>(version == 0 ? 0 : 1)) +
                    ber(0x04, community.substr(0, 64)) + ber(0xa0, pdu);
  return ber(0x30, msg);
}

Result<SnmpResponse> parse_snmp_response(std::string_view datagram) {
  Reader top(datagram);
  auto message = expect_tlv(top, 0x30, "message");
  if (!message) return std::unexpected(message.error());
  Reader m(*message);
  SnmpResponse out;
  auto version = expect_tlv(m, 0x02, "version");
  if (!version) return std::unexpected(version.error());
  auto v = ber_integer(*version, "version");
  if (!v) return std::unexpected(v.error());
  if (*v != 0 && *v != 1)
    return invalid_input(fmt::format("snmp: version {} is not v1 (0) or v2c (1)", *v));
  out.version = static_cast<int>(*v);
  auto community = expect_tlv(m, 0x04, "community");
  if (!community) return std::unexpected(community.error());
  if (community->size() > 255)
    return invalid_input(fmt::format("snmp: community of {} bytes", community->size()));
  out.community = std::string(*community);
  auto pdu = read_tlv(m, "PDU");
  if (!pdu) return std::unexpected(pdu.error());
  if (pdu->tag != 0xa2)
    return invalid_input(fmt::format("snmp: PDU 0x{:02x} is not a Response (0xa2)", pdu->tag));
  Reader p(pdu->content);
  std::int64_t ints[3] = {};
  static constexpr std::string_view kIntNames[3] = {"request-id", "error-status", "error-index"};
  for (int i = 0; i < 3; ++i) {
    auto c = expect_tlv(p, 0x02, kIntNames[i]);
    if (!c) return std::unexpected(c.error());
    auto n = ber_integer(*c, kIntNames[i]);
    if (!n) return std::unexpected(n.error());
    ints[i] = *n;
  }
  out.request_id = static_cast<std::uint32_t>(ints[0]);
  out.error_status = static_cast<int>(std::clamp<std::int64_t>(ints[1], -1, 1000));
  auto list = expect_tlv(p, 0x30, "variable-bindings");
  if (!list) return std::unexpected(list.error());
  Reader l(*list);
  if (l.left() == 0) return out;
  auto vb = expect_tlv(l, 0x30, "variable-binding");
  if (!vb) return std::unexpected(vb.error());
  Reader b(*vb);
  auto oid = expect_tlv(b, 0x06, "name");
  if (!oid) return std::unexpected(oid.error());
  auto dotted = ber_oid(*oid);
  if (!dotted) return std::unexpected(dotted.error());
  out.oid = std::move(*dotted);
  auto value = read_tlv(b, "value");
  if (!value) return std::unexpected(value.error());
  switch (value->tag) {
    case 0x04:
      out.value_type = "string";
      out.value = std::string(value->content.substr(0, 1024));
      break;
    case 0x02:
      out.value_type = "integer";
      break;
    case 0x05:
      out.value_type = "null";
      break;
    case 0x06:
      out.value_type = "oid";
      break;
    case 0x80:
      out.value_type = "noSuchObject";
      break;
    case 0x81:
      out.value_type = "noSuchInstance";
      break;
    case 0x82:
      out.value_type = "endOfMibView";
      break;
    default:
      out.value_type = fmt::format("tag 0x{:02x}", value->tag);
  }
  return out;
}

// ---- SSDP ---------------------------------------------------------------------------------------

namespace {
constexpr std::size_t kMaxSsdp = 8192;
constexpr int kMaxSsdpLines = 64;
constexpr std::size_t kMaxSsdpLine = 1024;

std::string lower(std::string_view v) {
  std::string out;
  for (char c : v) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string build_ssdp_msearch(std::string_view host, int port) {
  std::string h =
      host.find(':') != std::string_view::npos ? "[" + std::string(host) + "]" : std::string(host);
  return fmt::format(
      "M-SEARCH * HTTP/1.1\r\nHOST: {}:{}\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n"
      "USER-AGENT: Linux/6 UPnP/1.1 bulwark-exposure/1\r\n\r\n",
      h, port);
}

Result<SsdpResponse> parse_ssdp_response(std::string_view d) {
  if (d.size() > kMaxSsdp)
    return invalid_input(fmt::format("ssdp: answer of {} bytes over 8192", d.size()));
  SsdpResponse out;
  std::size_t pos = 0;
  for (int n = 0; pos < d.size(); ++n) {
    if (n >= kMaxSsdpLines) return invalid_input("ssdp: more than 64 header lines");
    auto nl = d.find('\n', pos);
    auto line = d.substr(pos, nl == std::string_view::npos ? d.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? d.size() : nl + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.size() > kMaxSsdpLine)
      return invalid_input(fmt::format("ssdp: line {} longer than 1024 bytes", n + 1));
    if (n == 0) {
      if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ' ||
          !std::all_of(line.begin() + 9, line.begin() + 12,
                       [](char c) { return c >= '0' && c <= '9'; }))
        return invalid_input("ssdp: status line '" + printable(line.substr(0, 40), 40) +
                             "' is not HTTP/1.x NNN");
      out.status_line = printable(line, 200);
      out.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
      continue;
    }
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return invalid_input(fmt::format("ssdp: header line {} has no name", n + 1));
    auto key = lower(line.substr(0, colon));
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (key == "server")
      out.server = printable(value, 200);
    else if (key == "location")
      out.location = printable(value, 200);
    else if (key == "st")
      out.st = printable(value, 200);
    else if (key == "usn")
      out.usn = printable(value, 200);
  }
  return out;
}

// ---- DNS, mDNS ----------------------------------------------------------------------------------

namespace {
constexpr int kMaxDnsQuestions = 16;
constexpr std::size_t kMaxDnsAnswers = 64;
constexpr int kMaxDnsPointers = 32;
constexpr int kMaxDnsLabels = 128;

// The name at `at` in `msg` (with compression pointers, each pointing before the label that
// holds it); `at` moves past the name as written in place. Errors name `field`.
Result<std::string> dns_name(std::string_view msg, std::size_t& at, std::string_view field) {
  std::string out;
  std::size_t pos = at, length = 0;
  bool jumped = false;
  int pointers = 0, labels = 0;
  for (;;) {
    if (pos >= msg.size()) return invalid_input(fmt::format("dns: {} name truncated", field));
    auto len = static_cast<unsigned char>(msg[pos]);
    if ((len & 0xc0) == 0xc0) {
      if (pos + 1 >= msg.size())
        return invalid_input(fmt::format("dns: {} name pointer truncated", field));
      std::size_t target = ((len & 0x3fu) << 8) | static_cast<unsigned char>(msg[pos + 1]);
      if (target >= pos)
        return invalid_input(fmt::format("dns: {} name pointer does not point backwards", field));
      if (++pointers > kMaxDnsPointers)
        return invalid_input(fmt::format("dns: {} name has more than 32 pointers", field));
      if (!jumped) at = pos + 2;
      jumped = true;
      pos = target;
      continue;
    }
    if (len & 0xc0)
      return invalid_input(fmt::format("dns: {} name has a reserved label type", field));
    if (len == 0) {
      if (!jumped) at = pos + 1;
      return out.empty() ? std::string(".") : out;
    }
    if (pos + 1 + len > msg.size())
      return invalid_input(fmt::format("dns: {} name label truncated", field));
    if (++labels > kMaxDnsLabels || (length += len + 1) > 255)
      return invalid_input(fmt::format("dns: {} name longer than 255 bytes", field));
    if (!out.empty()) out += '.';
    out += printable(msg.substr(pos + 1, len), 63);
    pos += 1 + len;
  }
}
}  // namespace

std::string build_dns_query(std::uint16_t id, std::string_view name, std::uint16_t qtype,
                            std::uint16_t qclass, bool recursion_desired) {
  std::string out;
  put16(out, id);
  put16(out, recursion_desired ? 0x0100 : 0x0000);
  put16(out, 1);  // QDCOUNT
  put16(out, 0);
  put16(out, 0);
  put16(out, 0);
  std::size_t total = 0;  // the encoded labels: at most 254 bytes, 255 with the root
  while (!name.empty()) {
    auto dot = name.find('.');
    auto label = name.substr(0, std::min<std::size_t>(dot, 63));
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    if (label.empty()) continue;
    if (total + label.size() + 1 > 254) break;
    out += static_cast<char>(label.size());
    out += label;
    total += label.size() + 1;
  }
  out += '\0';
  put16(out, qtype);
  put16(out, qclass);
  return out;
}

Result<DnsResponse> parse_dns_response(std::string_view msg) {
  Reader r(msg);
  DnsResponse out;
  std::uint16_t flags = 0;
  if (!r.u16(out.id) || !r.u16(flags) || !r.u16(out.qdcount) || !r.u16(out.ancount) ||
      !r.u16(out.nscount) || !r.u16(out.arcount))
    return invalid_input(fmt::format("dns: header truncated ({} of 12 bytes)", msg.size()));
  out.qr = flags & 0x8000;
  out.opcode = (flags >> 11) & 0xf;
  out.aa = flags & 0x0400;
  out.tc = flags & 0x0200;
  out.rd = flags & 0x0100;
  out.ra = flags & 0x0080;
  out.rcode = flags & 0xf;
  if (out.qdcount > kMaxDnsQuestions)
    return invalid_input(fmt::format("dns: {} questions (at most 16)", out.qdcount));
  std::size_t at = 12;
  for (int q = 0; q < out.qdcount; ++q) {
    auto name = dns_name(msg, at, "question");
    if (!name) return std::unexpected(name.error());
    if (at + 4 > msg.size()) return invalid_input("dns: question type/class truncated");
    at += 4;
  }
  for (int a = 0; a < out.ancount && out.answers.size() < kMaxDnsAnswers; ++a) {
    DnsRecord rec;
    auto name = dns_name(msg, at, "answer");
    if (!name) return std::unexpected(name.error());
    rec.name = std::move(*name);
    Reader h(msg.substr(std::min(at, msg.size())));
    std::uint32_t ttl = 0;
    std::uint16_t rdlength = 0;
    if (!h.u16(rec.type) || !h.u16(rec.klass) || !h.u32(ttl) || !h.u16(rdlength))
      return invalid_input(fmt::format("dns: answer {} header truncated", a + 1));
    rec.klass &= 0x7fff;  // mDNS cache-flush bit
    at += 10;
    if (at + rdlength > msg.size())
      return invalid_input(fmt::format("dns: answer {} data of {} bytes over the {} left", a + 1,
                                       rdlength, msg.size() - at));
    std::string_view rdata = msg.substr(at, rdlength);
    if (rec.type == kDnsA && rdlength == 4) {
      rec.value = fmt::format(
          "{}.{}.{}.{}", static_cast<unsigned char>(rdata[0]), static_cast<unsigned char>(rdata[1]),
          static_cast<unsigned char>(rdata[2]), static_cast<unsigned char>(rdata[3]));
    } else if (rec.type == kDnsPtr || rec.type == kDnsNs || rec.type == 5) {
      // The name may point into the rest of the message: read it within the record's bounds.
      std::size_t p = at;
      auto target = dns_name(msg.substr(0, at + rdlength), p, "answer data");
      if (!target) return std::unexpected(target.error());
      rec.value = std::move(*target);
    } else if (rec.type == kDnsTxt) {
      Reader t(rdata);
      std::uint8_t len = 0;
      std::string_view chunk;
      while (t.left() > 0 && rec.value.size() < 200) {
        if (!t.u8(len) || !t.bytes(len, chunk))
          return invalid_input(fmt::format("dns: answer {} TXT string truncated", a + 1));
        if (!rec.value.empty()) rec.value += ' ';
        rec.value += printable(chunk, 200 - std::min<std::size_t>(rec.value.size(), 200));
      }
    } else {
      rec.value = fmt::format("{} bytes", rdlength);
    }
    at += rdlength;
    out.answers.push_back(std::move(rec));
  }
  return out;
}

std::string dns_rcode_name(int rcode) {
  static constexpr std::array<std::string_view, 6> kNames = {"NOERROR",  "FORMERR", "SERVFAIL",
                                                             "NXDOMAIN", "NOTIMP",  "REFUSED"};
  if (rcode >= 0 && rcode < static_cast<int>(kNames.size())) return std::string(kNames[rcode]);
  return fmt::format("RCODE {}", rcode);
}

// ---- NTP ----------------------------------------------------------------------------------------

std::string build_ntp_readvar(std::uint16_t sequence) {
  std::string out;
  out += '\x16';  // LI 0, version 2, mode 6
  out += '\x02';  // READVAR
  put16(out, sequence);
  put16(out, 0);  // status
  put16(out, 0);  // association 0: the system variables
  put16(out, 0);  // offset
  put16(out, 0);  // count
  return out;
}

std::string build_ntp_monlist() {
  std::string out("\x17\x00\x03\x2a", 4);  // version 2, mode 7; XNTPD; MON_GETLIST_1
  out.append(44, '\0');
  return out;
}

Result<NtpResponse> parse_ntp_response(std::string_view d) {
  Reader r(d);
  NtpResponse out;
  std::uint8_t b0 = 0;
  if (!r.u8(b0)) return invalid_input("ntp: empty datagram");
  out.mode = b0 & 7;
  out.version = (b0 >> 3) & 7;
  if (out.mode == 6) {
    std::uint8_t b1 = 0;
    std::uint16_t assoc = 0, offset = 0;
    if (!r.u8(b1) || !r.u16(out.sequence) || !r.u16(out.status) || !r.u16(assoc) ||
        !r.u16(offset) || !r.u16(out.count))
      return invalid_input(fmt::format("ntp: mode 6 header truncated ({} of 12 bytes)", d.size()));
    out.response = b1 & 0x80;
    out.error = b1 & 0x40;
    out.more = b1 & 0x20;
    out.opcode = b1 & 0x1f;
    if (out.count > 468)
      return invalid_input(fmt::format("ntp: mode 6 count {} over 468", out.count));
    std::string_view data;
    if (!r.bytes(out.count, data))
      return invalid_input(
          fmt::format("ntp: mode 6 count {} over the {} bytes left", out.count, r.left()));
    out.data = printable(data, 400);
    return out;
  }
  if (out.mode == 7) {
    std::uint8_t b1 = 0, impl = 0, code = 0;
    std::uint16_t e = 0, s = 0;
    if (!r.u8(b1) || !r.u8(impl) || !r.u8(code) || !r.u16(e) || !r.u16(s))
      return invalid_input(fmt::format("ntp: mode 7 header truncated ({} of 8 bytes)", d.size()));
    out.response = b0 & 0x80;
    out.more = b0 & 0x40;
    out.implementation = impl;
    out.request_code = code;
    out.err = e >> 12;
    out.items = e & 0x0fff;
    out.item_size = s & 0x0fff;
    out.error = out.err != 0;
    const std::size_t bytes = static_cast<std::size_t>(out.items) * out.item_size;
    if (bytes > 500)
      return invalid_input(fmt::format("ntp: mode 7 data of {} items of {} bytes over 500",
                                       out.items, out.item_size));
    if (bytes > r.left())
      return invalid_input(
          fmt::format("ntp: mode 7 data of {} bytes over the {} left", bytes, r.left()));
    return out;
  }
  return invalid_input(
      fmt::format("ntp: mode {} is not a control (6) or private (7) answer", out.mode));
}

// ---- FTP, SMTP, IMAP, POP3 ----------------------------------------------------------------------

namespace {
constexpr std::size_t kMaxReply = 8192;
constexpr int kMaxReplyLines = 64;

bool digit(char c) { return c >= '0' && c <= '9'; }

// The next complete line of `d` at `pos` (without CR LF); nullopt when none is complete.
std::optional<std::string_view> next_line(std::string_view d, std::size_t& pos) {
  auto nl = d.find('\n', pos);
  if (nl == std::string_view::npos) return std::nullopt;
  auto line = d.substr(pos, nl - pos);
  if (line.ends_with('\r')) line.remove_suffix(1);
  pos = nl + 1;
  return line;
}

std::vector<std::string> words_upper(std::string_view s, std::size_t max) {
  std::vector<std::string> out;
  std::string w;
  for (std::size_t i = 0; i <= s.size() && out.size() < max; ++i) {
    char c = i < s.size() ? s[i] : ' ';
    if (c == ' ' || c == '\t' || c == ']' || c == '[') {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else if (static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f &&
               w.size() < 64) {
      w += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}
}  // namespace

Result<std::optional<ReplyLines>> parse_ftp_reply(std::string_view d) {
  using R = std::optional<ReplyLines>;
  ReplyLines out;
  std::size_t pos = 0;
  std::string code;
  for (int n = 0;; ++n) {
    if (n >= kMaxReplyLines) return invalid_input("reply: more than 64 lines");
    auto line = next_line(d, pos);
    if (!line) {
      if (d.size() > kMaxReply) return invalid_input("reply: longer than 8 KiB");
      return R{};
    }
    if (pos > kMaxReply) return invalid_input("reply: longer than 8 KiB");
    bool coded = line->size() >= 3 && digit((*line)[0]) && digit((*line)[1]) && digit((*line)[2]);
    if (n == 0) {
      if (!coded)
        return invalid_input("reply: '" + printable(line->substr(0, 40), 40) +
                             "' does not start with a 3-digit code");
      code = std::string(line->substr(0, 3));
      out.code = std::stoi(code);
    }
    bool last = line->starts_with(code) && (line->size() == 3 || (*line)[3] == ' ');
    bool first_multi = n == 0 && line->size() > 3 && (*line)[3] == '-';
    if (n == 0 && !last && !first_multi)
      return invalid_input("reply: code not followed by ' ' or '-'");
    std::string_view text = *line;
    if (line->starts_with(code) && line->size() >= 3)
      text = line->substr(std::min<std::size_t>(4, line->size()));
    out.lines.push_back(printable(text, 200));
    if (last) break;
  }
  out.consumed = pos;
  return R(std::move(out));
}

Result<std::optional<TextAnswer>> parse_imap_answer(std::string_view d, std::string_view tag) {
  using R = std::optional<TextAnswer>;
  TextAnswer out;
  std::size_t pos = 0;
  for (int n = 0;; ++n) {
    if (n >= 200) return invalid_input("imap: more than 200 lines before the tagged answer");
    auto line = next_line(d, pos);
    if (!line) {
      if (d.size() > 2 * kMaxReply) return invalid_input("imap: answer longer than 16 KiB");
      return R{};
    }
    auto caps = [&](std::string_view rest) {
      auto w = words_upper(rest, 64);
      out.capabilities.insert(out.capabilities.end(), w.begin(), w.end());
    };
    if (line->starts_with("* CAPABILITY ")) caps(line->substr(13));
    auto b = line->find("[CAPABILITY ");
    if (b != std::string_view::npos) caps(line->substr(b + 12));
    if (!tag.empty() && line->size() > tag.size() && line->starts_with(tag) &&
        (*line)[tag.size()] == ' ') {
      auto status = line->substr(tag.size() + 1, 2);
      out.ok = status == "OK" || status == "ok";
      out.consumed = pos;
      return R(std::move(out));
    }
  }
}

Result<std::optional<TextAnswer>> parse_pop3_answer(std::string_view d, bool multiline) {
  using R = std::optional<TextAnswer>;
  TextAnswer out;
  std::size_t pos = 0;
  auto first = next_line(d, pos);
  if (!first) {
    if (d.size() > kMaxReply) return invalid_input("pop3: first line longer than 8 KiB");
    return R{};
  }
  if (first->starts_with("+OK"))
    out.ok = true;
  else if (!first->starts_with("-ERR"))
    return invalid_input("pop3: answer '" + printable(first->substr(0, 40), 40) +
                         "' is neither +OK nor -ERR");
  if (out.ok && multiline) {
    for (int n = 0;; ++n) {
      if (n >= 200) return invalid_input("pop3: more than 200 lines");
      auto line = next_line(d, pos);
      if (!line) {
        if (d.size() > 2 * kMaxReply) return invalid_input("pop3: answer longer than 16 KiB");
        return R{};
      }
      if (*line == ".") break;
      auto w = words_upper(*line, 32);
      if (w.empty()) continue;
      // "SASL PLAIN LOGIN" (RFC 5034): the mechanisms as IMAP writes them, AUTH=PLAIN ...
      if (w[0] == "SASL")
        for (std::size_t i = 1; i < w.size(); ++i) out.capabilities.push_back("AUTH=" + w[i]);
      out.capabilities.push_back(std::move(w[0]));
    }
  }
  out.consumed = pos;
  return R(std::move(out));
}

// ---- banners ------------------------------------------------------------------------------------

std::string classify_banner(std::string_view b) {
  if (b.empty()) return "";
  if (b.starts_with("SSH-")) return "ssh";
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (u(0) == 0xff && b.size() >= 2 && u(1) >= 0xfb && u(1) <= 0xfe) return "telnet";
  if (b.starts_with("HTTP/1.") || b.starts_with("HTTP/2")) return "http";
  if (b.size() >= 4 && b.starts_with("220") && (b[3] == ' ' || b[3] == '-')) {
    std::string low;
    for (std::size_t i = 0; i < b.size() && i < 200; ++i)
      low += static_cast<char>(std::tolower(u(i)));
    if (low.find("smtp") != std::string::npos || low.find("esmtp") != std::string::npos)
      return "smtp";
    return "ftp";
  }
  if (b.starts_with("* OK")) return "imap";
  if (b.starts_with("+OK")) return "pop3";
  // Telnet negotiation may follow a text greeting.
  for (std::size_t i = 0; i + 1 < b.size() && i < 256; ++i)
    if (u(i) == 0xff && u(i + 1) >= 0xfb && u(i + 1) <= 0xfe) return "telnet";
  return "";
}

std::string banner_text(std::string_view b) {
  std::string out;
  for (std::size_t i = 0; i < b.size() && out.size() < 120; ++i) {
    auto c = static_cast<unsigned char>(b[i]);
    if (c == 0xff && i + 2 < b.size() + 1) {  // IAC cmd opt
      i += (i + 1 < b.size() && static_cast<unsigned char>(b[i + 1]) >= 0xfb) ? 2 : 1;
      continue;
    }
    if (c == '\n') {
      if (!out.empty()) break;
      continue;
    }
    if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
  }
  return out;
}

std::optional<HttpAnswer> parse_http_answer(std::string_view d) {
  if (!d.starts_with("HTTP/")) return std::nullopt;
  HttpAnswer a;
  std::size_t pos = 0;
  for (int n = 0; n < 100 && pos < d.size(); ++n) {
    auto nl = d.find('\n', pos);
    std::string_view line = d.substr(pos, nl == std::string_view::npos ? d.size() - pos : nl - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (n == 0) {
      a.status_line = banner_text(line);
    } else {
      if (line.empty()) break;
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string key;
        for (char c : line.substr(0, colon))
          key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto value = line.substr(colon + 1);
        while (value.starts_with(' ')) value.remove_prefix(1);
        if (key == "www-authenticate" && value.size() >= 5) {
          std::string scheme;
          for (char c : value.substr(0, 5))
            scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (scheme == "basic") a.basic_auth = true;
        }
        if (key == "server") a.server = banner_text(value);
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return a;
}

}  // namespace bulwark::exposure::detail
