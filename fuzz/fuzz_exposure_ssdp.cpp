// libFuzzer entry point for the SSDP answer parser of `bulwark exposure net` (UDP 1900,
// exposure/net_probe.hpp parse_ssdp_response): any datagram parses or fails with an error naming
// SSDP; the kept header values stay printable and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/net_probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = bulwark::exposure::detail;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = d::parse_ssdp_response(in);
  if (!r) {
    if (r.error().message.find("ssdp: ") != 0) std::abort();
    return 0;
  }
  if (r->status < 0 || r->status > 999) std::abort();
  for (const auto* v : {&r->status_line, &r->server, &r->location, &r->st, &r->usn}) {
    if (v->size() > 200) std::abort();
    for (char c : *v)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
        std::abort();
  }
  return 0;
}
