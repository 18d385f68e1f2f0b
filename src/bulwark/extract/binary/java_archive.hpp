// Java archives (JAR/WAR/EAR): Maven coordinates from META-INF/maven/<g>/<a>/pom.properties,
// else from META-INF/MANIFEST.MF, for the archive and for the jars it bundles one level deep
// (BOOT-INF/lib, WEB-INF/lib, lib). Helpers exposed for tests.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::extract::binary {

// "key=value" / "key: value" lines of a .properties file (comments and blanks skipped).
std::vector<std::pair<std::string, std::string>> parse_properties(std::string_view text);

// The main section of a MANIFEST.MF (continuation lines joined).
std::vector<std::pair<std::string, std::string>> parse_manifest(std::string_view text);

}  // namespace bulwark::extract::binary
