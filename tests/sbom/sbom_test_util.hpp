// Shared by the SBOM tests: building components for hand-made SBOMs.
#pragma once

#include <string>
#include <utility>

#include "bulwark/model/sbom.hpp"

namespace bulwark::sbom::test {

// A library component with a bom-ref, name, version and purl ("" for none).
inline Component make_component(std::string ref, std::string name, std::string version,
                                std::string purl) {
  Component c;
  c.bom_ref = std::move(ref);
  c.type = "library";
  c.name = std::move(name);
  c.version = std::move(version);
  c.purl = std::move(purl);
  return c;
}

}  // namespace bulwark::sbom::test
