// Pipfile.lock: "default" (production) and "develop" (dev group) maps of name -> {"version":
// "==1.2.3", ...}. Entries without a version (VCS or path requirements) are noted and skipped.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/extract/lang_jspy/common.hpp"
#include "bulwark/extract/nesting.hpp"

namespace bulwark::extract::jspy {
namespace {

using nlohmann::json;

void add_section(const json& doc, const char* section, PackageSet& set,
                 std::vector<std::string>& notes) {
  auto it = doc.find(section);
  if (it == doc.end() || !it->is_object()) return;
  const bool dev = std::string_view(section) == "develop";
  for (const auto& [name, d] : it->items()) {
    if (!d.is_object()) continue;
    auto v = d.find("version");
    Package p;
    p.name = name;
    if (v != d.end() && v->is_string()) p.version = v->get<std::string>();
    if (p.version.starts_with("==="))
      p.version.erase(0, 3);
    else if (p.version.starts_with("=="))
      p.version.erase(0, 2);
    if (p.version.empty()) {
      notes.push_back(fmt::format("{}.{}: skipped entry without version", section, name));
      continue;
    }
    if (dev) p.groups.emplace_back("dev");
    std::string key = p.name + "@" + p.version;
    set.add(key, std::move(p));
  }
}

class PipfileLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "python/pipfilelock"; }
  bool wants(const FileInfo& f) const override { return base_name(f.path) == "Pipfile.lock"; }
  Result<Inventory> extract(const ScanInput& in) const override {
    if (strip(in.content).empty()) return Inventory{};
    if (auto at = json_too_deep(in.content))
      return invalid_input(fmt::format("{}: line {}: JSON nested deeper than {} levels",
                                       in.info.path, line_of(in.content, *at), kMaxJsonDepth));
    json doc;
    try {
      doc = json::parse(in.content);
    } catch (const json::parse_error& e) {
      return invalid_input(fmt::format("{}: line {}: not valid JSON: {}", in.info.path,
                                       line_of(in.content, e.byte), e.what()));
    }
    if (!doc.is_object())
      return invalid_input(
          fmt::format("{}: line 1: a Pipfile.lock must be a JSON object", in.info.path));
    PackageSet set(Ecosystem::kPypi);
    std::vector<std::string> notes;
    add_section(doc, "default", set, notes);
    add_section(doc, "develop", set, notes);
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pipfile_lock_extractor() {
  return std::make_unique<PipfileLockExtractor>();
}

}  // namespace bulwark::extract::jspy
