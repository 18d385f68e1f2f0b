#include "bulwark/model/sbom.hpp"

namespace bulwark {

const char* to_string(SbomFormat f) {
  switch (f) {
    case SbomFormat::kCycloneDxJson:
      return "cyclonedx-json";
    case SbomFormat::kCycloneDxXml:
      return "cyclonedx-xml";
    case SbomFormat::kSpdxJson:
      return "spdx-json";
    case SbomFormat::kSpdxTagValue:
      return "spdx-tag-value";
  }
  return "unknown";
}

}  // namespace bulwark
