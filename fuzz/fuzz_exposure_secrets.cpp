// libFuzzer entry point for PEM detection (OpenSSL parsing) and the token rules: any input is
// handled without a crash, and a reported value is always redacted.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/internal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = bulwark::exposure::detail;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto now = bulwark::parse_rfc3339("2026-12-01T00:00:00Z");
  if (!now) std::abort();
  if (d::has_pem_marker(text)) d::parse_pem_objects(text, *now);
  for (bool config : {false, true})
    for (const auto& hit : d::find_tokens(text, config))
      if (hit.redacted.find("sha256:") == std::string::npos) std::abort();
  return 0;
}
