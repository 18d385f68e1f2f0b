// libFuzzer entry: CSAF publish input. The bytes are one advisory handed to csaf::publish (and,
// split at a form feed, several), published into a fresh temporary provider directory which is
// removed afterwards. Any input must publish or be refused; never a crash or a sanitizer report.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/csaf/csaf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> docs;
  for (std::size_t start = 0;;) {
    const auto ff = text.find('\f', start);
    docs.emplace_back(
        text.substr(start, ff == std::string_view::npos ? std::string_view::npos : ff - start));
    if (ff == std::string_view::npos || docs.size() == 4) break;
    start = ff + 1;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/bulwark-fuzz-csaf-XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) return 0;
  bulwark::csaf::PublishOptions o;
  o.output_dir = dir + "/csaf";
  o.canonical_url = "https://fuzz.example/.well-known/csaf/provider-metadata.json";
  (void)bulwark::csaf::publish(docs, o);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
