// libFuzzer entry point: any input must yield an Sbom or an Error, never a crash or a leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bulwark/sbom/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  auto sbom = bulwark::sbom::read(content, "fuzz-input");
  if (sbom) {
    // Touch the result so that the reader's output is materialised.
    volatile std::size_t n = sbom->components.size() + sbom->dependencies.size();
    (void)n;
  }
  return 0;
}
