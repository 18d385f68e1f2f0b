// Pipfile.lock: "default" (production) and "develop" (dev group) maps of name -> {"version":
// "==1.2.3", ...}. Entries without a version (VCS or path requirements) are noted and skipped.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/extract/json_input.hpp"
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
    auto parsed = parse_json_object(in);
    if (!parsed) return std::unexpected(parsed.error());
    const json& doc = *parsed;
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
