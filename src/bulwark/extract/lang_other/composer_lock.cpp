// composer.lock (PHP): "packages" and "packages-dev" (dev group); licences, the source or dist
// commit, and "require" edges between locked packages.
#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/json_input.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

using nlohmann::json;

std::string commit_of(const json& pkg) {
  for (const char* where : {"source", "dist"}) {
    auto ref = string_at(pkg.value(where, json::object()), "reference");
    bool is_sha =
        ref.size() == 40 && ref.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (is_sha) return ref;
  }
  return {};
}

void add_section(const json& doc, const char* section, bool dev, PackageSet& set,
                 std::vector<std::pair<std::string, json>>& requires_,
                 std::vector<std::string>& notes) {
  auto it = doc.find(section);
  if (it == doc.end() || !it->is_array()) return;
  std::size_t index = 0;
  for (const auto& entry : *it) {
    Package p;
    p.name = string_at(entry, "name");
    p.version = string_at(entry, "version");
    if (p.name.empty() || p.version.empty()) {
      notes.push_back(std::string(section) + "[" + std::to_string(index++) +
                      "]: skipped entry without name or version");
      continue;
    }
    ++index;
    if (auto slash = p.name.find('/'); slash != std::string::npos) {
      p.purl_ns = p.name.substr(0, slash);
      p.purl_name = p.name.substr(slash + 1);
    }
    p.commit = commit_of(entry);
    if (dev) p.groups.push_back("dev");
    if (auto lic = entry.find("license"); lic != entry.end() && lic->is_array())
      for (const auto& l : *lic)
        if (l.is_string()) p.licenses.push_back(l.get<std::string>());
    std::string key = default_key(p.name, p.version);
    set.add(std::move(p), key);
    if (auto req = entry.find("require"); req != entry.end() && req->is_object())
      requires_.emplace_back(key, *req);
  }
}

class ComposerLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "php/composerlock"; }
  bool wants(const FileInfo& file) const override {
    return base_name(file.path) == "composer.lock";
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto doc = parse_json_object(input);
    if (!doc) return std::unexpected(std::move(doc.error()));
    PackageSet set("composer");
    std::vector<std::string> notes;
    std::vector<std::pair<std::string, json>> requires_;
    add_section(*doc, "packages", false, set, requires_, notes);
    add_section(*doc, "packages-dev", true, set, requires_, notes);
    std::unordered_map<std::string, std::string> key_by_name;
    for (const auto* section : {"packages", "packages-dev"})
      for (const auto& e : doc->value(section, json::array()))
        if (auto n = string_at(e, "name"); !n.empty())
          key_by_name.emplace(to_lower(n), default_key(n, string_at(e, "version")));
    for (const auto& [key, req] : requires_)
      for (const auto& [dep, _] : req.items())
        if (auto it = key_by_name.find(to_lower(dep)); it != key_by_name.end())
          set.find(key)->depends_on.push_back(it->second);
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_composer_lock_extractor() {
  return std::make_unique<ComposerLockExtractor>();
}

}  // namespace bulwark::extract::other
