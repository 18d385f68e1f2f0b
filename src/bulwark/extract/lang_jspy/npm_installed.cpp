// Installed npm packages: node_modules/<name>/package.json (and @scope/name). A lockfile lists
// the packages but not who made them; the installed manifest's "author" is the component's
// creator (TR-03183-2 "creator of the component", NTIA "supplier name"), a fact the core gives
// to the component of that name and version (facts.hpp). The manifest lists no component of its
// own: the lockfile does.
#include "bulwark/extract/json_input.hpp"
#include "bulwark/extract/lang_jspy/common.hpp"

namespace bulwark::extract::jspy {
namespace {

using nlohmann::json;

// "a/node_modules/@s/b/package.json" -> true; deeper files of a package are not its manifest.
bool installed_manifest(std::string_view path) {
  if (!path.ends_with("/package.json")) return false;
  std::string_view dir = path.substr(0, path.size() - 13);
  auto nm = dir.rfind("node_modules/");
  if (nm == std::string_view::npos || (nm != 0 && dir[nm - 1] != '/')) return false;
  std::string_view name = dir.substr(nm + 13);
  const auto first = name.find('/');
  if (name.empty() || name.starts_with('.')) return false;
  if (!name.starts_with('@')) return first == std::string_view::npos;
  return first != std::string_view::npos && first + 1 < name.size() &&
         name.find('/', first + 1) == std::string_view::npos;
}

// A contact that is one token without spaces or angle brackets (what the writers can split).
bool clean(std::string_view s) {
  return !s.empty() && s.size() <= 256 && s.find_first_of(" <>()\t\r\n") == std::string_view::npos;
}

// "Name <e-mail> (URL)" (npm's person string) or {"name", "email", "url"} -> "Name <e-mail>",
// "Name (URL)" or "Name"; "" when there is no name.
std::string creator_of(const json& author) {
  std::string name, email, url;
  if (author.is_object()) {
    name = string_at(author, "name");
    email = string_at(author, "email");
    url = string_at(author, "url");
  } else if (author.is_string()) {
    std::string_view s = author.get_ref<const std::string&>();
    if (s.size() > 1024) return {};
    auto lt = s.find('<');
    auto gt = lt == std::string_view::npos ? lt : s.find('>', lt);
    auto lp = s.find('(');
    auto rp = lp == std::string_view::npos ? lp : s.find(')', lp);
    name = std::string(trim(s.substr(0, std::min(lt, lp))));
    if (gt != std::string_view::npos) email = std::string(trim(s.substr(lt + 1, gt - lt - 1)));
    if (rp != std::string_view::npos) url = std::string(trim(s.substr(lp + 1, rp - lp - 1)));
  }
  name = std::string(trim(name));
  if (name.empty() || name.size() > 256 || name.find_first_of("<>()\r\n") != std::string::npos)
    return {};
  if (clean(email) && email.find('@') != std::string::npos) return name + " <" + email + ">";
  if (clean(url) && (url.starts_with("https://") || url.starts_with("http://")))
    return name + " (" + url + ")";
  return name;
}

class NpmInstalledExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "javascript/installed-manifest"; }
  bool wants(const FileInfo& f) const override { return installed_manifest(f.path); }
  Result<Inventory> extract(const ScanInput& in) const override {
    Inventory inv;
    auto doc = parse_json_object(in);
    if (!doc) return std::unexpected(std::move(doc).error());
    PackageCreator c;
    c.ecosystem = "npm";
    c.package = string_at(*doc, "name");
    c.version = string_at(*doc, "version");
    c.path = in.info.path;
    if (auto a = doc->find("author"); a != doc->end()) c.creator = creator_of(*a);
    if (c.package.empty() || c.version.empty() || c.creator.empty()) return inv;
    inv.creators.push_back(std::move(c));
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_npm_installed_extractor() {
  return std::make_unique<NpmInstalledExtractor>();
}

}  // namespace bulwark::extract::jspy
