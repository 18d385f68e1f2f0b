// libFuzzer entry: the vex readers (OpenVEX and CycloneDX VEX) and sniff on arbitrary bytes, and
// the writers plus statement matching on whatever parsed. Nothing may crash, leak or trip a
// sanitizer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/vex/vex.hpp"

namespace {

void exercise(const bulwark::VexDocument& doc) {
  auto openvex = bulwark::vex::write_openvex(doc);
  auto cdx = bulwark::vex::write_cyclonedx_vex(doc);
  (void)bulwark::vex::read_openvex(openvex, "rewritten");
  (void)bulwark::vex::read_cyclonedx_vex(cdx, "rewritten");
  std::size_t limit = 0;
  for (const auto& s : doc.statements) {
    if (++limit > 16) break;
    std::vector<std::string> ids{s.vulnerability};
    for (const auto& c : s.components) (void)bulwark::vex::statement_applies(s, c, ids);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bulwark::vex::sniff(text);
  if (auto doc = bulwark::vex::read_openvex(text, "fuzz.json")) exercise(*doc);
  std::vector<std::string> notes;
  if (auto doc = bulwark::vex::read_cyclonedx_vex(text, "fuzz.json", &notes)) exercise(*doc);
  return 0;
}
