// libFuzzer entry point for the DNS/mDNS answer parser of `bulwark exposure net` (UDP 53 and
// 5353, exposure/net_probe.hpp parse_dns_response): compression pointers, labels, record data
// and TXT strings are bounds-checked; any datagram parses or fails with an error naming DNS.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/net_probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = bulwark::exposure::detail;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = d::parse_dns_response(in);
  if (!r) {
    if (r.error().message.find("dns: ") != 0) std::abort();
    return 0;
  }
  if (r->answers.size() > 64 || r->qdcount > 16) std::abort();
  for (const auto& a : r->answers) {
    // A name is at most 255 bytes on the wire; printed with dots it stays under 256 + labels.
    if (a.name.size() > 255 + 128 || a.value.size() > 400) std::abort();
  }
  (void)d::dns_rcode_name(r->rcode);
  // The query builder round-trips through the parser's header reader.
  auto q = d::build_dns_query(7, in.substr(0, 300), d::kDnsTxt, d::kDnsClassChaos, true);
  if (q.size() > 12 + 255 + 4 + 1) std::abort();
  return 0;
}
