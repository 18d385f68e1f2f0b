// Shared body of the extractor fuzz targets (fuzz_<format>.cpp): runs every extractor that wants
// the given path on the input. Any input must end in an Inventory or an Error, never a crash,
// a hang or a leak; every component has a name; and the output is bounded by the input size
// (components plus dependency edges at most 16 per input byte plus a fixed allowance), which
// catches amplification (alias bombs, shared blobs, repeated tags).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/extract/extractor.hpp"

namespace bulwark_fuzz {

inline void run_extractors_for(std::string_view path, const std::uint8_t* data, std::size_t size) {
  static const auto extractors = bulwark::extract::all_extractors();
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  bulwark::extract::FileInfo info{std::string(path), size, true};
  static const bulwark::extract::OsRelease os{"debian", "12", "Debian GNU/Linux 12"};
  bool wanted = false;
  for (const auto& e : extractors) {
    if (!e->wants(info)) continue;
    wanted = true;
    auto inv = e->extract(bulwark::extract::ScanInput{info, content, &os});
    if (!inv) {
      if (inv.error().message.empty()) std::abort();
      continue;
    }
    std::size_t out = inv->components.size();
    for (const auto& d : inv->dependencies) out += 1 + d.depends_on.size();
    if (out > 16 * size + 20000) std::abort();
    for (const auto& c : inv->components)
      if (c.name.empty()) std::abort();
  }
  if (!wanted) std::abort();  // the target's path must select an extractor
}

}  // namespace bulwark_fuzz

#define BULWARK_EXTRACTOR_FUZZ_TARGET(path)                                           \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    bulwark_fuzz::run_extractors_for(path, data, size);                               \
    return 0;                                                                         \
  }
