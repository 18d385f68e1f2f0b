// libFuzzer entry point for the network answer parsers of `bulwark exposure net`
// (exposure/net_probe.hpp): SSH identification, KEXINIT, binary packets, KEX_ECDH_REPLY and host
// key blobs, TLS ServerHello/alert, SNMP responses (BER), FTP/SMTP replies, IMAP and POP3
// answers, banners and HTTP answers, the scope file and the TCP/UDP port lists. Any input parses,
// asks for more bytes, or fails with a named error; never a crash or an out-of-bounds read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/net.hpp"
#include "bulwark/exposure/net_probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = bulwark::exposure::detail;
  namespace x = bulwark::exposure;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto id = d::parse_ssh_identification(in); id && *id) {
    if ((*id)->consumed > in.size()) std::abort();
    auto k = d::parse_ssh_kexinit(in.substr((*id)->consumed));
    if (k && k->kexinit) (void)d::weak_ssh_algorithms(*k->kexinit);
  }
  if (auto k = d::parse_ssh_kexinit(in); k && k->kexinit) {
    (void)d::weak_ssh_algorithms(*k->kexinit);
    if (d::missing_modern_ssh_algorithms(*k->kexinit).size() > 2) std::abort();
  }
  if (auto p = d::parse_ssh_packet(in); p && p->payload) {
    if (p->consumed > in.size() || p->payload->size() > p->consumed) std::abort();
    if (auto blob = d::parse_ssh_ecdh_reply(*p->payload); blob)
      if (auto k = d::parse_ssh_host_key(*blob); k) (void)d::weak_ssh_host_key(*k);
  }
  if (auto k = d::parse_ssh_host_key(in); k) {
    if (k->bits < 0 || ((k->type == "ssh-rsa" || k->type == "ssh-dss") &&
                        k->bits > 8 * static_cast<int>(in.size())))
      std::abort();
    (void)d::weak_ssh_host_key(*k);
  }
  if (auto s = d::parse_snmp_response(in); s) {
    if (s->value.size() > 1024 || s->community.size() > 255) std::abort();
  } else if (s.error().message.find("snmp: ") != 0) {
    std::abort();  // every error names the protocol and field
  }
  if (auto r = d::parse_ftp_reply(in); r && *r) {
    if ((*r)->consumed > in.size() || (*r)->lines.empty() || (*r)->lines.size() > 64) std::abort();
  }
  if (auto a = d::parse_imap_answer(in, "a1"); a && *a && (*a)->consumed > in.size()) std::abort();
  for (bool multi : {false, true})
    if (auto a = d::parse_pop3_answer(in, multi); a && *a && (*a)->consumed > in.size())
      std::abort();
  (void)d::parse_tls_answer(in);
  (void)d::classify_banner(in);
  if (d::banner_text(in).size() > 120) std::abort();
  (void)d::parse_http_answer(in);
  auto scope = x::parse_scope(in);
  if (!scope && scope.error().message.find("line") == std::string::npos) std::abort();
  (void)x::parse_ports(in);
  if (auto u = x::parse_udp_ports(in); u && (u->empty() || u->size() > 257)) std::abort();
  return 0;
}
