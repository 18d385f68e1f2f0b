// poetry.lock and uv.lock ([[package]] tables read with the small TOML reader).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "bulwark/extract/lang_jspy/common.hpp"
#include "bulwark/extract/lang_jspy/toml_lite.hpp"

namespace bulwark::extract::jspy {
namespace {

// Packages of a lockfile with their dependency names (resolved by name afterwards).
struct Pending {
  Package pkg;
  std::vector<std::string> dep_names;
};

std::vector<std::string> string_array(std::string_view raw) {
  std::vector<std::string> out;
  for (auto part : split(raw, ',')) {
    std::string_view p = strip(part);
    while (!p.empty() && (p.front() == '[' || p.front() == '\n' || p.front() == ' '))
      p.remove_prefix(1);
    while (!p.empty() && (p.back() == ']' || p.back() == '\n' || p.back() == ' '))
      p.remove_suffix(1);
    if (!p.empty()) out.push_back(toml::decode_string(p));
  }
  return out;
}

Inventory resolve(std::vector<Pending>& pending) {
  std::unordered_map<std::string, std::string> key_by_name;
  for (const auto& p : pending)
    key_by_name.emplace(pep503_normalise(p.pkg.name),
                        p.pkg.name + "@" + (p.pkg.commit.empty() ? p.pkg.version : p.pkg.commit));
  PackageSet set(Ecosystem::kPypi);
  for (auto& p : pending) {
    for (const auto& d : p.dep_names)
      if (auto it = key_by_name.find(pep503_normalise(d)); it != key_by_name.end())
        p.pkg.depends_on.push_back(it->second);
    std::string key = p.pkg.name + "@" + (p.pkg.commit.empty() ? p.pkg.version : p.pkg.commit);
    set.add(key, std::move(p.pkg));
  }
  return set.finish();
}

std::vector<std::string> poetry_groups(const toml::Table& t) {
  std::vector<std::string> groups;
  if (const std::string* g = t.raw("groups")) {
    auto names = string_array(*g);
    if (std::find(names.begin(), names.end(), "main") == names.end()) groups = std::move(names);
  } else if (t.string("category") == "dev") {
    groups.emplace_back("dev");
  }
  if (t.boolean("optional")) groups.emplace_back("optional");
  return groups;
}

Result<Inventory> extract_poetry(const std::vector<toml::Table>& tables) {
  std::vector<Pending> pending;
  for (const auto& t : tables) {
    if (t.header == "package" && t.array) {
      Pending p;
      p.pkg.name = t.string("name");
      p.pkg.version = t.string("version");
      p.pkg.groups = poetry_groups(t);
      if (p.pkg.name.empty() || p.pkg.version.empty())
        return invalid_input(fmt::format("line {}: [[package]] without name or version", t.line));
      pending.push_back(std::move(p));
    } else if (!pending.empty() && t.header == "package.source" && !t.array) {
      if (t.string("type") == "git") pending.back().pkg.commit = t.string("resolved_reference");
    } else if (!pending.empty() && t.header == "package.dependencies" && !t.array) {
      for (const auto& kv : t.values) pending.back().dep_names.push_back(kv.first);
    }
  }
  return resolve(pending);
}

std::string uv_commit(const toml::Table& t) {
  const std::string* source = t.raw("source");
  if (!source) return {};
  std::string git = toml::inline_field(*source, "git");
  auto hash = git.rfind('#');
  return hash == std::string::npos ? std::string() : git.substr(hash + 1);
}

bool uv_is_project(const toml::Table& t) {
  const std::string* source = t.raw("source");
  return source && (!toml::inline_field(*source, "virtual").empty() ||
                    !toml::inline_field(*source, "editable").empty());
}

Result<Inventory> extract_uv(const std::vector<toml::Table>& tables) {
  std::vector<Pending> pending;
  std::vector<std::string> direct;
  bool in_package = false;
  for (const auto& t : tables) {
    if (t.header == "package" && t.array) {
      in_package = !uv_is_project(t);
      const std::string* deps = t.raw("dependencies");
      if (!in_package) {
        if (deps) direct = toml::names_in_array(*deps);
        continue;
      }
      Pending p;
      p.pkg.name = t.string("name");
      p.pkg.version = t.string("version");
      p.pkg.commit = uv_commit(t);
      if (p.pkg.name.empty() || p.pkg.version.empty())
        return invalid_input(fmt::format("line {}: [[package]] without name or version", t.line));
      if (deps) p.dep_names = toml::names_in_array(*deps);
      pending.push_back(std::move(p));
    }
  }
  const std::unordered_set<std::string> direct_names(direct.begin(), direct.end());
  for (auto& p : pending)
    if (direct_names.count(p.pkg.name)) p.pkg.direct = true;
  return resolve(pending);
}

class TomlLockExtractor final : public Extractor {
 public:
  using Fn = Result<Inventory> (*)(const std::vector<toml::Table>&);
  TomlLockExtractor(std::string_view name, std::string_view file, Fn fn)
      : name_(name), file_(file), fn_(fn) {}
  std::string_view name() const override { return name_; }
  bool wants(const FileInfo& f) const override { return base_name(f.path) == file_; }
  Result<Inventory> extract(const ScanInput& in) const override {
    auto tables = toml::parse(in.content);
    if (!tables) return std::unexpected(std::move(tables.error()).with_context(in.info.path));
    auto inv = fn_(*tables);
    if (!inv) return std::unexpected(std::move(inv.error()).with_context(in.info.path));
    return inv;
  }

 private:
  std::string_view name_;
  std::string_view file_;
  Fn fn_;
};

}  // namespace

std::unique_ptr<Extractor> make_poetry_lock_extractor() {
  return std::make_unique<TomlLockExtractor>("python/poetrylock", "poetry.lock", &extract_poetry);
}
std::unique_ptr<Extractor> make_uv_lock_extractor() {
  return std::make_unique<TomlLockExtractor>("python/uvlock", "uv.lock", &extract_uv);
}

}  // namespace bulwark::extract::jspy
