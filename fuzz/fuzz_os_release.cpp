// libFuzzer entry point for the os-release parser: any input is an OsRelease or an error naming
// a line; parsing is linear (no quadratic unquoting).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/extract/os/os_release.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto os = bulwark::extract::parse_os_release(text);
  if (os && (os->id.size() > size || os->version_id.size() > size || os->pretty_name.size() > size))
    std::abort();
  if (!os && os.error().message.empty()) std::abort();
  return 0;
}
