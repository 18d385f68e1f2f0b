// libFuzzer entry: osv::parse_json on arbitrary bytes, and on their YAML conversion. Either
// returns a Result; neither may crash, leak or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bulwark/osv/osv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = bulwark::osv::parse_json(text);
  if (record) {
    volatile std::size_t n = record->affected.size() + record->aliases.size();
    (void)n;
  }
  (void)bulwark::osv::sortable_time(text);
  if (size < (1u << 20)) {  // YAML conversion: bounded by the nesting limit and the node cap
    if (auto json = bulwark::osv::yaml_to_json(text)) (void)bulwark::osv::parse_json(*json);
  }
  return 0;
}
