// Licence files of installed language packages: node_modules/<name>/LICENSE (and @scope/name;
// LICENCE, COPYING, with or without an extension) and <name>-<version>.dist-info/ (or
// .egg-info/) LICENSE*, COPYING* and licenses/... files. Their text goes through the licence
// text fingerprints (license_text.hpp); the result is a fact for the package of that name (and
// version, for Python), which the core applies only to a component whose metadata declares no
// licence, marked as a fingerprint.
#include "bulwark/extract/lang_jspy/common.hpp"
#include "bulwark/extract/license_text.hpp"

namespace bulwark::extract::jspy {
namespace {

// LICENSE, LICENCE, COPYING, optionally followed by '.', '-' or '_' and more ("LICENSE.md",
// "LICENSE-MIT", "COPYING.LIB"), any case.
bool licence_file_name(std::string_view base) {
  for (std::string_view stem : {"license", "licence", "copying"}) {
    if (base.size() < stem.size() || !equals_icase(base.substr(0, stem.size()), stem)) continue;
    if (base.size() == stem.size()) return true;
    char c = base[stem.size()];
    return c == '.' || c == '-' || c == '_';
  }
  return false;
}

struct Owner {
  std::string ecosystem;  // "npm" / "pypi"; empty: not a package's licence file
  std::string name;
  std::string version;
};

// "a/node_modules/@s/b/LICENSE" -> npm "@s/b"; "x/foo_bar-1.0.dist-info/licenses/LICENSE" ->
// pypi "foo-bar" 1.0.
Owner owner_of(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos || !licence_file_name(path.substr(slash + 1))) return {};
  std::string_view dir = path.substr(0, slash);
  if (auto nm = dir.rfind("node_modules/");
      nm != std::string_view::npos && (nm == 0 || dir[nm - 1] == '/')) {
    std::string_view name = dir.substr(nm + 13);
    const auto first = name.find('/');
    const bool scoped = name.starts_with('@');
    // "name" or "@scope/name", nothing deeper (a package's own sub-folders are not it).
    if (name.empty() || (!scoped && first != std::string_view::npos) ||
        (scoped && (first == std::string_view::npos || first + 1 == name.size() ||
                    name.find('/', first + 1) != std::string_view::npos)))
      return {};
    return {"npm", std::string(name), {}};
  }
  if (dir.ends_with("/licenses")) dir.remove_suffix(9);  // PEP 639: <dist-info>/licenses/...
  auto start = dir.rfind('/');
  std::string_view meta = start == std::string_view::npos ? dir : dir.substr(start + 1);
  for (std::string_view suffix : {".dist-info", ".egg-info"}) {
    if (!meta.ends_with(suffix)) continue;
    meta.remove_suffix(suffix.size());
    auto dash = meta.find('-');  // the name's own dashes are written '_' in these folders
    std::string_view name = meta.substr(0, dash);
    if (name.empty()) return {};
    return {"pypi", pep503_normalise(name),
            dash == std::string_view::npos ? std::string() : std::string(meta.substr(dash + 1))};
  }
  return {};
}

class LicenseFileExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "license/textfile"; }
  bool wants(const FileInfo& f) const override { return !owner_of(f.path).ecosystem.empty(); }
  Result<Inventory> extract(const ScanInput& in) const override {
    Inventory inv;
    Owner o = owner_of(in.info.path);
    if (o.ecosystem.empty()) return inv;
    auto fp = fingerprint_license_text(in.content);
    PackageLicenses out{o.ecosystem, o.name, {}, {}, in.info.path, std::move(fp.unknown)};
    out.version = std::move(o.version);
    if (!fp.licenses.empty()) {
      std::string expr;
      for (const auto& l : fp.licenses) expr += (expr.empty() ? "" : " AND ") + l;
      out.licenses.push_back(std::move(expr));
    }
    inv.licenses.push_back(std::move(out));
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_license_file_extractor() {
  return std::make_unique<LicenseFileExtractor>();
}

}  // namespace bulwark::extract::jspy
