// libFuzzer entry: `sbom check` (BSI TR-03183-2 / NTIA) on arbitrary bytes in every profile, and
// both renderings of what it reports. Never a crash, a leak or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bulwark/sbom/check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  using bulwark::sbom::CheckProfile;
  for (CheckProfile p : {CheckProfile::kAll, CheckProfile::kBsi, CheckProfile::kNtia}) {
    auto report = bulwark::sbom::check(content, "fuzz-input", p);
    if (!report) return 0;  // the reader refused it: the same for every profile
    (void)bulwark::sbom::render_check_json(*report, 3);
    (void)bulwark::sbom::render_check_table(*report, 3);
  }
  return 0;
}
