// libFuzzer entry point for the licence text fingerprints (extract/license_text.hpp) and the
// Debian copyright extractor that uses them on free-form files: any input ends in a result,
// never a crash; the counted work stays within the table's bound per word (linear); the
// licences are non-empty, sorted and without repeats; and the extractor's checks of
// extract_common.hpp hold for the same input as a copyright file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/extract/license_text.hpp"
#include "extract_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto fp = bulwark::extract::fingerprint_license_text(text);
  if (fp.steps > bulwark::extract::license_text_steps_per_token() * fp.tokens + 1) std::abort();
  if (fp.tokens > text.size()) std::abort();
  if (fp.truncated != (text.size() > bulwark::extract::kLicenseTextCap)) std::abort();
  for (const auto& l : fp.licenses)
    if (l.empty()) std::abort();
  if (!std::is_sorted(fp.licenses.begin(), fp.licenses.end()) ||
      std::adjacent_find(fp.licenses.begin(), fp.licenses.end()) != fp.licenses.end())
    std::abort();
  bulwark_fuzz::run_extractors_for("usr/share/doc/pkg/copyright", data, size);
  bulwark_fuzz::run_extractors_for("node_modules/@scope/pkg/LICENSE.md", data, size);
  return 0;
}
