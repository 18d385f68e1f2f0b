// The JavaScript and Python extractors, listed explicitly.
#include "bulwark/extract/lang_jspy/common.hpp"

namespace bulwark::extract {

std::vector<std::unique_ptr<Extractor>> javascript_python_extractors() {
  std::vector<std::unique_ptr<Extractor>> v;
  v.push_back(jspy::make_npm_lock_extractor());
  v.push_back(jspy::make_yarn_lock_extractor());
  v.push_back(jspy::make_pnpm_lock_extractor());
  v.push_back(jspy::make_requirements_extractor());
  v.push_back(jspy::make_pipfile_lock_extractor());
  v.push_back(jspy::make_poetry_lock_extractor());
  v.push_back(jspy::make_uv_lock_extractor());
  v.push_back(jspy::make_python_metadata_extractor());
  v.push_back(jspy::make_license_file_extractor());
  v.push_back(jspy::make_npm_installed_extractor());
  return v;
}

}  // namespace bulwark::extract
