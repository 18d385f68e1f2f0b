// The extractors of the "other languages" group: Rust, Go, Ruby, PHP, Java, .NET, C/C++ (Conan),
// Dart and Elixir/Erlang manifests and lockfiles.
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract {

std::vector<std::unique_ptr<Extractor>> other_language_extractors() {
  std::vector<std::unique_ptr<Extractor>> all;
  all.push_back(other::make_cargo_lock_extractor());
  all.push_back(other::make_go_mod_extractor());
  all.push_back(other::make_gemfile_lock_extractor());
  all.push_back(other::make_composer_lock_extractor());
  all.push_back(other::make_pom_xml_extractor());
  all.push_back(other::make_gradle_lockfile_extractor());
  all.push_back(other::make_nuget_lock_extractor());
  all.push_back(other::make_conan_lock_extractor());
  all.push_back(other::make_pubspec_lock_extractor());
  all.push_back(other::make_mix_lock_extractor());
  return all;
}

}  // namespace bulwark::extract
