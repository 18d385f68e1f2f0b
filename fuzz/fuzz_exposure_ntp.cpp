// libFuzzer entry point for the NTP mode 6/7 answer parser of `bulwark exposure net` (UDP 123,
// exposure/net_probe.hpp parse_ntp_response): header fields and data lengths stay within the
// datagram; any input parses or fails with an error naming NTP.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/net_probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = bulwark::exposure::detail;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = d::parse_ntp_response(in);
  if (!r) {
    if (r.error().message.find("ntp: ") != 0) std::abort();
    return 0;
  }
  if (r->mode != 6 && r->mode != 7) std::abort();
  if (r->data.size() > 400 || r->count > 468) std::abort();
  if (r->mode == 6 && static_cast<std::size_t>(r->count) + 12 > size) std::abort();
  if (r->mode == 7 && static_cast<std::size_t>(r->items) * r->item_size + 8 > size) std::abort();
  return 0;
}
