// npm package-lock.json / npm-shrinkwrap.json (lockfileVersion 1, 2 and 3) and the hidden
// node_modules/.package-lock.json. v2/v3 read the "packages" map (paths such as
// "node_modules/a/node_modules/@s/b"); v1 reads the nested "dependencies" tree.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/extract/json_input.hpp"
#include "bulwark/extract/lang_jspy/common.hpp"
#include "bulwark/extract/nesting.hpp"

namespace bulwark::extract::jspy {
namespace {

using nlohmann::json;

constexpr std::string_view kNodeModules = "node_modules/";

std::string str_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool bool_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

std::vector<std::string> groups_of(const json& d) {
  bool dev = bool_field(d, "dev") || bool_field(d, "devOptional");
  bool optional = bool_field(d, "optional") || bool_field(d, "devOptional");
  std::vector<std::string> g;
  if (dev) g.emplace_back("dev");
  if (optional) g.emplace_back("optional");
  if (bool_field(d, "inBundle")) g.emplace_back("bundled");
  return g;
}

// "node_modules/a/node_modules/@s/b" -> "@s/b"; "packages/x" -> "x".
std::string name_from_path(std::string_view path) {
  auto nm = path.rfind(kNodeModules);
  if (nm != std::string_view::npos) return std::string(path.substr(nm + kNodeModules.size()));
  std::string_view base = base_name(path);
  std::string_view dir = path.substr(0, path.size() - base.size());
  if (!dir.empty()) dir.remove_suffix(1);
  std::string_view scope = base_name(dir);
  if (scope.starts_with('@')) return fmt::format("{}/{}", scope, base);
  return std::string(base);
}

// Splits an alias "npm:@s/name@1.2.3" into name and version.
bool split_alias(std::string_view v, std::string& name, std::string& version) {
  if (!v.starts_with("npm:")) return false;
  v.remove_prefix(4);
  auto at = v.rfind('@');
  if (at == std::string_view::npos || at == 0) return false;
  name = std::string(v.substr(0, at));
  version = std::string(v.substr(at + 1));
  return true;
}

// v1: the nested "dependencies" tree.
void walk_v1(const json& deps, PackageSet& set, int depth) {
  if (!deps.is_object() || depth > 256) return;
  for (const auto& [dep_name, d] : deps.items()) {
    if (!d.is_object()) continue;
    if (auto it = d.find("dependencies"); it != d.end()) walk_v1(*it, set, depth + 1);
    Package p;
    p.name = dep_name;
    std::string raw = str_field(d, "version");
    std::string key_version = raw;
    if (!split_alias(raw, p.name, p.version)) p.version = raw;
    if (raw.starts_with("file:")) {
      p.version.clear();
    } else if (auto commit = extract_commit(raw); !commit.empty()) {
      p.version.clear();
      p.commit = commit;
      key_version = commit;
    }
    p.groups = groups_of(d);
    p.sha512 = sha512_of_integrity(str_field(d, "integrity"));
    std::string key = p.name + "@" + key_version;
    set.add(key, std::move(p));
  }
}

struct V2Context {
  const json& packages;
  std::unordered_map<std::string, std::string> key_of_path;
};

// Node resolution: from `path` look for node_modules/<dep> upwards.
std::string resolve_dep(const V2Context& ctx, std::string path, const std::string& dep) {
  for (;;) {
    std::string candidate = path.empty() ? fmt::format("{}{}", kNodeModules, dep)
                                         : fmt::format("{}/{}{}", path, kNodeModules, dep);
    if (auto it = ctx.key_of_path.find(candidate); it != ctx.key_of_path.end()) return it->second;
    if (path.empty()) return {};
    auto nm = path.rfind(kNodeModules);
    if (nm == std::string::npos)
      path.clear();
    else
      path.resize(nm == 0 ? 0 : nm - 1);
  }
}

std::string v2_key(const std::string& path, const json& d, Package* out) {
  Package p;
  p.name = str_field(d, "name");
  if (p.name.empty()) p.name = name_from_path(path);
  p.version = str_field(d, "version");
  p.commit = extract_commit(str_field(d, "resolved"));
  p.groups = groups_of(d);
  p.license = str_field(d, "license");
  p.sha512 = sha512_of_integrity(str_field(d, "integrity"));
  std::string key = p.name + "@" + (p.commit.empty() ? p.version : p.commit);
  if (out) *out = std::move(p);
  return key;
}

void add_edges(const V2Context& ctx, const std::string& path, const json& d,
               std::vector<std::string>& out) {
  for (const char* field : {"dependencies", "optionalDependencies", "peerDependencies"}) {
    auto it = d.find(field);
    if (it == d.end() || !it->is_object()) continue;
    for (const auto& [dep, range] : it->items()) {
      (void)range;
      if (auto key = resolve_dep(ctx, path, dep); !key.empty()) out.push_back(std::move(key));
    }
  }
}

void walk_v2(const json& packages, PackageSet& set) {
  V2Context ctx{packages, {}};
  for (const auto& [path, d] : packages.items()) {
    if (path.empty() || !d.is_object() || bool_field(d, "link")) continue;
    ctx.key_of_path.emplace(path, v2_key(path, d, nullptr));
  }
  for (const auto& [path, d] : packages.items()) {  // links point at their target's key
    if (path.empty() || !d.is_object() || !bool_field(d, "link")) continue;
    if (auto it = ctx.key_of_path.find(str_field(d, "resolved")); it != ctx.key_of_path.end())
      ctx.key_of_path.emplace(path, it->second);
  }
  std::vector<std::string> direct;
  if (auto root = packages.find(""); root != packages.end() && root->is_object())
    add_edges(ctx, "", *root, direct);
  for (const auto& [path, d] : packages.items()) {
    if (path.empty() || !d.is_object() || bool_field(d, "link")) continue;
    Package p;
    std::string key = v2_key(path, d, &p);
    add_edges(ctx, path, d, p.depends_on);
    set.add(key, std::move(p));
  }
  for (const auto& key : direct)
    if (auto* p = set.find(key)) p->direct = true;
}

class NpmLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "javascript/packagelockjson"; }
  bool wants(const FileInfo& f) const override {
    std::string_view base = base_name(f.path);
    if (base == "package-lock.json" || base == "npm-shrinkwrap.json")
      return f.path.find("node_modules/") == std::string::npos;
    return base == ".package-lock.json" && f.path.ends_with("node_modules/.package-lock.json");
  }
  Result<Inventory> extract(const ScanInput& in) const override {
    auto parsed = parse_json_object(in);
    if (!parsed) return std::unexpected(parsed.error());
    const json& doc = *parsed;
    PackageSet set(Ecosystem::kNpm);
    if (auto pk = doc.find("packages"); pk != doc.end() && pk->is_object()) {
      walk_v2(*pk, set);
    } else if (auto deps = doc.find("dependencies"); deps != doc.end()) {
      walk_v1(*deps, set, 0);
    }
    return set.finish();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_npm_lock_extractor() {
  return std::make_unique<NpmLockExtractor>();
}

}  // namespace bulwark::extract::jspy
