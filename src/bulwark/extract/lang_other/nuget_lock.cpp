// packages.lock.json (NuGet, lock file version 1): every framework's resolved packages, merged
// across frameworks; "Direct" entries are direct dependencies; "dependencies" give the edges.
#include <string>
#include <unordered_map>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/json_input.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

using nlohmann::json;

class NugetLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "dotnet/packageslockjson"; }
  bool wants(const FileInfo& file) const override {
    return base_name(file.path) == "packages.lock.json";
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto doc = parse_json_object(input);
    if (!doc) return std::unexpected(std::move(doc.error()));
    auto version = doc->find("version");
    if (version == doc->end() || !version->is_number_integer() || version->get<long long>() != 1)
      return file_error(input,
                        "unsupported lock file version " +
                            (version == doc->end() ? std::string("(none)") : version->dump()) +
                            " (field \"version\"; only 1 is supported)");
    PackageSet set("nuget");
    std::vector<std::string> notes;
    auto frameworks = doc->value("dependencies", json::object());
    if (!frameworks.is_object())
      return file_error(input, "field \"dependencies\" is not an object");
    // Per framework: name (lower case) -> key, to resolve the edges within that framework.
    for (const auto& [framework, packages] : frameworks.items()) {
      if (!packages.is_object()) continue;
      std::unordered_map<std::string, std::string> key_by_name;
      for (const auto& [pkg_name, entry] : packages.items()) {
        Package p;
        p.name = pkg_name;
        p.version = string_at(entry, "resolved");
        if (p.version.empty()) {
          notes.push_back("dependencies/" + framework + "/" + pkg_name +
                          ": skipped entry without \"resolved\"");
          continue;
        }
        p.direct = string_at(entry, "type") == "Direct";
        auto key = default_key(p.name, p.version);
        bool direct = p.direct;
        set.add(std::move(p), key).direct |= direct;
        key_by_name[to_lower(pkg_name)] = key;
      }
      for (const auto& [pkg_name, entry] : packages.items()) {
        auto from = key_by_name.find(to_lower(pkg_name));
        auto deps =
            entry.is_object() ? entry.value("dependencies", json::object()) : json::object();
        if (from == key_by_name.end() || !deps.is_object()) continue;
        for (const auto& [dep, _] : deps.items())
          if (auto to = key_by_name.find(to_lower(dep)); to != key_by_name.end())
            set.find(from->second)->depends_on.push_back(to->second);
      }
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_nuget_lock_extractor() {
  return std::make_unique<NugetLockExtractor>();
}

}  // namespace bulwark::extract::other
