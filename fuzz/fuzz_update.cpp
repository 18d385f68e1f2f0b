// libFuzzer entry: the `db update` configuration reader (sources.conf) and the update state
// reader (<db>.update-state.json, read from a temporary file). Read only: nothing is fetched.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bulwark/update/state.hpp"
#include "bulwark/update/update.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bulwark::update::parse_config(text, "fuzz.conf");
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/bulwark-fuzz-state-" +
           std::to_string(::getpid()) + ".json";
  }();
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    (void)bulwark::update::detail::load_state(path);
    std::remove(path.c_str());
  }
  return 0;
}
