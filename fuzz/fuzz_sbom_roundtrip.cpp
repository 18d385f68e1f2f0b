// libFuzzer entry: the SBOM writers as read -> write -> read round trips. Whatever reads must be
// written in every format without error, and what Bulwark writes (CycloneDX JSON/XML, SPDX
// JSON/tag-value) must read back with the same number of components; SPDX 3.0.1 JSON-LD (write
// only) must at least be written. A broken invariant aborts (a finding).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "round trip broken: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  auto sbom = bulwark::sbom::read(content, "fuzz-input");
  if (!sbom) return 0;
  bulwark::sbom::WriteOptions options;
  options.tool_version = "fuzz";
  options.timestamp = "2026-01-01T00:00:00Z";
  using bulwark::sbom::OutputFormat;
  for (OutputFormat f :
       {OutputFormat::kCycloneDxJson, OutputFormat::kCycloneDxXml, OutputFormat::kSpdxJson,
        OutputFormat::kSpdxTagValue, OutputFormat::kSpdx3JsonLd}) {
    std::ostringstream out;
    if (auto w = bulwark::sbom::write(*sbom, f, out, options); !w)
      fail(bulwark::sbom::format_name(f), w.error().message);
    if (f == OutputFormat::kSpdx3JsonLd) continue;
    auto again = bulwark::sbom::read(out.str(), "rewritten");
    if (!again) fail(bulwark::sbom::format_name(f), "re-read: " + again.error().message);
    if (again->components.size() != sbom->components.size())
      fail(bulwark::sbom::format_name(f), "component count " +
                                              std::to_string(sbom->components.size()) + " -> " +
                                              std::to_string(again->components.size()));
  }
  return 0;
}
