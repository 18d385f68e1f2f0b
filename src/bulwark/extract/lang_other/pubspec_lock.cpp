// pubspec.lock (Dart/Flutter): the "packages" map; "direct dev" packages are in the dev group,
// "direct main"/"direct dev" are direct; git packages carry description.resolved-ref as commit.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"
#include "bulwark/extract/nesting.hpp"

namespace bulwark::extract::other {
namespace {

std::string scalar(const YAML::Node& node, const char* key) {
  if (!node.IsMap()) return {};
  auto v = node[key];
  return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

class PubspecLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "dart/pubspec"; }
  bool wants(const FileInfo& file) const override { return base_name(file.path) == "pubspec.lock"; }
  Result<Inventory> extract(const ScanInput& input) const override {
    try {
      return parse(input);
    } catch (const YAML::Exception& e) {
      return line_error(input, static_cast<std::size_t>(e.mark.line + 1),
                        "invalid pubspec.lock: " + e.msg);
    }
  }

 private:
  static Result<Inventory> parse(const ScanInput& input) {
    if (is_blank(input.content)) return Inventory{};
    if (auto problem = yaml_too_large(input.content)) return file_error(input, *problem);
    YAML::Node root;
    try {
      root = YAML::Load(std::string(input.content));
    } catch (const YAML::Exception& e) {
      return line_error(input, static_cast<std::size_t>(e.mark.line + 1), "invalid YAML: " + e.msg);
    }
    if (root.IsNull()) return Inventory{};
    if (!root.IsMap())
      return file_error(input, "not a pubspec.lock: the document is not a mapping");
    PackageSet set("pub");
    std::vector<std::string> notes;
    auto packages = root["packages"];
    if (!packages || packages.IsNull()) return set.finish();
    if (!packages.IsMap()) return file_error(input, "field \"packages\" is not a mapping");
    for (const auto& item : packages) {
      Package p;
      p.name = item.first.as<std::string>();
      p.version = scalar(item.second, "version");
      if (p.version.empty()) {
        notes.push_back("packages/" + p.name + ": skipped entry without version");
        continue;
      }
      auto dependency = scalar(item.second, "dependency");
      p.direct = dependency.starts_with("direct");
      if (dependency == "direct dev") p.groups.push_back("dev");
      if (scalar(item.second, "source") == "git")
        p.commit = scalar(item.second["description"], "resolved-ref");
      set.add(std::move(p));
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pubspec_lock_extractor() {
  return std::make_unique<PubspecLockExtractor>();
}

}  // namespace bulwark::extract::other
