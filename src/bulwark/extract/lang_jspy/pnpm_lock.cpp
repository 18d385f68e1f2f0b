// pnpm-lock.yaml, lockfile versions 5.x ("/name/1.2.3_peer@1.0.0"), 6.x ("/name@1.2.3(peer@1.0.0)")
// and 9.x ("name@1.2.3" in `packages`, peers in `snapshots`). Uses yaml-cpp.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "bulwark/extract/lang_jspy/common.hpp"
#include "bulwark/extract/nesting.hpp"

namespace bulwark::extract::jspy {
namespace {

struct NameVersion {
  std::string name;
  std::string version;
};

std::string scalar(const YAML::Node& n, const char* key) {
  if (!n.IsMap()) return {};
  YAML::Node v = n[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

bool starts_with_digit(std::string_view s) {
  return !s.empty() && s.front() >= '0' && s.front() <= '9';
}

// "name@version" where the name may start with '@'.
NameVersion split_at_version(std::string_view s) {
  auto at = s.find('@', 1);
  if (at == std::string_view::npos) return {std::string(s), {}};
  return {std::string(s.substr(0, at)), std::string(s.substr(at + 1))};
}

// Parses a dependency path of lockfile version < 9. An error for a path without '/'.
Result<NameVersion> parse_path(std::string_view path) {
  if (path.starts_with("file:")) return NameVersion{};
  path = path.substr(0, path.find('('));
  std::vector<std::string_view> parts = split(path, '/');
  if (parts.size() < 2) return invalid_input(fmt::format("invalid package path '{}'", path));
  std::size_t i = 1;
  NameVersion nv;
  if (parts[i].starts_with('@') && i + 1 < parts.size()) {
    nv.name = fmt::format("{}/{}", parts[i], parts[i + 1]);
    i += 2;
  } else {
    nv.name = std::string(parts[i]);
    ++i;
  }
  if (i < parts.size()) nv.version = std::string(parts[i]);
  if (nv.version.empty()) nv = split_at_version(nv.name);
  if (!starts_with_digit(nv.version)) return NameVersion{};
  nv.version = nv.version.substr(0, nv.version.find('_'));
  return nv;
}

NameVersion parse_v9_key(std::string_view key) {
  if (key.starts_with("file:")) return {};
  return split_at_version(key.substr(0, key.find('(')));
}

double lockfile_version(const YAML::Node& doc) {
  std::string v = scalar(doc, "lockfileVersion");
  try {
    return v.empty() ? 0.0 : std::stod(v);
  } catch (const std::exception&) {
    return 0.0;
  }
}

// A dependency reference ("1.2.3_peer", "1.2.3(peer)", "/alias/1.0.0", "alias@1.0.0") as a key.
std::string dep_key(const std::string& name, std::string_view ref, bool v9) {
  if (ref.starts_with("link:") || ref.starts_with("file:")) return {};
  if (ref.starts_with('/')) {
    auto nv = parse_path(ref);
    return nv && !nv->name.empty() ? nv->name + "@" + nv->version : std::string();
  }
  if (!starts_with_digit(ref)) {
    NameVersion nv = parse_v9_key(ref);
    return nv.version.empty() ? std::string() : nv.name + "@" + nv.version;
  }
  std::string_view v = ref.substr(0, ref.find('('));
  if (!v9) v = v.substr(0, v.find('_'));
  return fmt::format("{}@{}", name, v);
}

void collect_deps(const YAML::Node& node, bool v9, std::vector<std::string>& out) {
  for (const char* field : {"dependencies", "optionalDependencies", "devDependencies"}) {
    YAML::Node deps = node[field];
    if (!deps || !deps.IsMap()) continue;
    for (const auto& kv : deps) {
      const YAML::Node& ref = kv.second;
      std::string v = ref.IsScalar() ? ref.Scalar() : scalar(ref, "version");
      if (auto k = dep_key(kv.first.as<std::string>(), v, v9); !k.empty())
        out.push_back(std::move(k));
    }
  }
}

std::string commit_of(const YAML::Node& pkg) {
  YAML::Node res = pkg["resolution"];
  if (!res || !res.IsMap()) return {};
  if (std::string c = scalar(res, "commit"); !c.empty()) return c;
  std::string tarball = scalar(res, "tarball");
  return tarball.find("codeload.") != std::string::npos ? extract_commit(tarball) : std::string();
}

Result<void> add_packages(const YAML::Node& packages, bool v9, PackageSet& set) {
  for (const auto& kv : packages) {
    std::string path = kv.first.as<std::string>();
    const YAML::Node& pkg = kv.second;
    NameVersion nv;
    if (v9) {
      nv = parse_v9_key(path);
    } else {
      auto parsed = parse_path(path);
      if (!parsed)
        return std::unexpected(std::move(parsed.error())
                                   .with_context(fmt::format("line {}", kv.first.Mark().line + 1)));
      nv = std::move(*parsed);
    }
    Package p;
    p.name = scalar(pkg, "name").empty() ? nv.name : scalar(pkg, "name");
    p.version = scalar(pkg, "version").empty() ? nv.version : scalar(pkg, "version");
    if (p.name.empty() || p.version.empty()) continue;
    p.commit = commit_of(pkg);
    if (scalar(pkg, "dev") == "true") p.groups.emplace_back("dev");
    if (pkg.IsMap()) collect_deps(pkg, v9, p.depends_on);
    std::string key = p.name + "@" + p.version;
    set.add(key, std::move(p));
  }
  return {};
}

void add_snapshot_edges(const YAML::Node& snapshots, PackageSet& set) {
  for (const auto& kv : snapshots) {
    NameVersion nv = parse_v9_key(kv.first.as<std::string>());
    Package* p = set.find(nv.name + "@" + nv.version);
    if (p && kv.second.IsMap()) collect_deps(kv.second, true, p->depends_on);
  }
}

void mark_direct(const YAML::Node& doc, bool v9, PackageSet& set) {
  std::vector<std::string> direct;
  if (YAML::Node importers = doc["importers"]; importers && importers.IsMap()) {
    for (const auto& kv : importers)
      if (kv.second.IsMap()) collect_deps(kv.second, v9, direct);
  } else {
    collect_deps(doc, v9, direct);
  }
  for (const auto& k : direct)
    if (auto* p = set.find(k)) p->direct = true;
}

class PnpmLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "javascript/pnpmlock"; }
  bool wants(const FileInfo& f) const override {
    return base_name(f.path) == "pnpm-lock.yaml" &&
           f.path.find("node_modules/") == std::string::npos;
  }
  Result<Inventory> extract(const ScanInput& in) const override {
    if (auto problem = yaml_too_large(in.content))
      return invalid_input(fmt::format("{}: {}", in.info.path, *problem));
    YAML::Node doc;
    try {
      doc = YAML::Load(std::string(in.content));
    } catch (const YAML::Exception& e) {
      return invalid_input(
          fmt::format("{}: line {}: not valid YAML: {}", in.info.path, e.mark.line + 1, e.msg));
    }
    if (doc.IsNull()) return Inventory{};
    if (!doc.IsMap())
      return invalid_input(
          fmt::format("{}: line 1: a pnpm lockfile must be a YAML mapping", in.info.path));
    const bool v9 = lockfile_version(doc) >= 9.0;
    PackageSet set(Ecosystem::kNpm);
    try {
      if (YAML::Node packages = doc["packages"]; packages && packages.IsMap())
        if (auto ok = add_packages(packages, v9, set); !ok)
          return std::unexpected(std::move(ok.error()).with_context(in.info.path));
      if (YAML::Node snapshots = doc["snapshots"]; v9 && snapshots && snapshots.IsMap())
        add_snapshot_edges(snapshots, set);
      mark_direct(doc, v9, set);
    } catch (const YAML::Exception& e) {
      return invalid_input(fmt::format("{}: line {}: unexpected structure: {}", in.info.path,
                                       e.mark.line + 1, e.msg));
    }
    return set.finish();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pnpm_lock_extractor() {
  return std::make_unique<PnpmLockExtractor>();
}

}  // namespace bulwark::extract::jspy
