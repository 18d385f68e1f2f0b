// libFuzzer entry point for the network answer parsers of `bulwark exposure net`
// (exposure/net_probe.hpp): SSH identification and KEXINIT, TLS ServerHello/alert, banners and
// HTTP answers, the scope file and port lists. Any input parses, asks for more bytes, or fails
// with a named error; never a crash or an out-of-bounds read.
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
  if (auto k = d::parse_ssh_kexinit(in); k && k->kexinit) (void)d::weak_ssh_algorithms(*k->kexinit);
  (void)d::parse_tls_answer(in);
  (void)d::classify_banner(in);
  if (d::banner_text(in).size() > 120) std::abort();
  (void)d::parse_http_answer(in);
  auto scope = x::parse_scope(in);
  if (!scope && scope.error().message.find("line") == std::string::npos) std::abort();
  (void)x::parse_ports(in);
  return 0;
}
