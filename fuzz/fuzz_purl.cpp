// libFuzzer entry point for the purl parser: any input must either be rejected with an error or
// parse to a purl whose canonical form parses back to the same canonical form (in every mode).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bulwark/purl/purl.hpp"

namespace {

void check_round_trip(std::string_view text, bulwark::purl::Mode mode) {
  auto parsed = bulwark::purl::parse(text, mode);
  if (!parsed) return;
  std::string canonical = bulwark::purl::to_string(*parsed);
  auto again = bulwark::purl::parse(canonical, mode);
  if (!again || bulwark::purl::to_string(*again) != canonical) std::abort();
  auto rebuilt = bulwark::purl::build(*parsed, mode);
  if (!rebuilt || bulwark::purl::to_string(*rebuilt) != canonical) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_round_trip(text, bulwark::purl::Mode::kStrict);
  check_round_trip(text, bulwark::purl::Mode::kLenient);
  check_round_trip(text, bulwark::purl::Mode::kPermissive);
  return 0;
}
