// libFuzzer entry point for the exposure ELF reader and hardening checks: any input gives either a
// named error or facts every EXP.BIN check can judge without reading outside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "bulwark/exposure/internal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto facts = bulwark::exposure::read_elf(bytes);
  if (!facts) {
    if (facts.error().message.empty()) std::abort();
    return 0;
  }
  std::vector<bulwark::exposure::Observation> out;
  bulwark::exposure::detail::check_elf(*facts, {"fuzz", "", 0100755, 0, 0, false}, out);
  if (out.empty()) std::abort();
  return 0;
}
