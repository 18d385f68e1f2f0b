// libFuzzer entry: csaf::read_vex on arbitrary bytes; when a document reads, its statements are
// written back as CSAF VEX and read again. Nothing may crash, leak or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bulwark/csaf/csaf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = bulwark::csaf::read_vex(text, "fuzz.json");
  if (!doc) return 0;
  bulwark::csaf::VexCsafOptions options;
  options.tracking_id = "FUZZ-1";
  options.publisher_name = "fuzz";
  options.publisher_namespace = "https://fuzz.example";
  options.initial_release_date = options.current_release_date = "2026-01-01T00:00:00Z";
  for (auto& s : doc->statements) s.analysis.timestamp.clear();
  if (auto written = bulwark::csaf::write_vex(*doc, options))
    (void)bulwark::csaf::read_vex(*written, "fuzz-rewritten.json");
  return 0;
}
