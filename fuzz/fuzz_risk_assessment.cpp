// libFuzzer entry point for the risk assessment readers (assessment::import_document: the native
// JSON/YAML form, OWASP Threat Dragon 2.x, Open Threat Model, TM-BOM and CycloneDX 1.6 threat
// models, sniffed or forced): any input is rejected with an error naming the file, or yields an
// assessment that validates, whose exports do not crash and whose canonical JSON and YAML read
// back to the same assessment.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/assessment/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark::assessment;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto format : {SourceFormat::kAuto, SourceFormat::kNative, SourceFormat::kThreatDragon,
                      SourceFormat::kOtm, SourceFormat::kTmBom, SourceFormat::kCycloneDx}) {
    auto r = import_document(text, "model.json", format);
    if (!r) {
      if (!r.error().message.starts_with("model.json")) std::abort();
      continue;
    }
    if (!validate(r->assessment)) std::abort();  // an import hands over valid assessments only
    (void)to_markdown(r->assessment, {});
    (void)to_cyclonedx(r->assessment, {});
    for (const std::string& again : {to_json(r->assessment), to_yaml(r->assessment)}) {
      auto back = parse(again, "export");
      if (!back || !(*back == r->assessment)) std::abort();
    }
    if (format == SourceFormat::kAuto) break;  // the forced formats are tried when auto fails
  }
  return 0;
}
