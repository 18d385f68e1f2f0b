// dpkg status database (var/lib/dpkg/status, distroless var/lib/dpkg/status.d/*) and the
// opkg status file (same control-file syntax). One pass over the lines; fields are kept as
// views into the content.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/os/os_common.hpp"
#include "bulwark/extract/walker.hpp"

namespace bulwark::extract::os {
namespace {

struct Paragraph {
  std::size_t line = 0;  // first line of the paragraph
  std::string_view package, version, source, status, arch, maintainer, description;
  std::string_view depends, pre_depends, provides;
  bool has_status = false;
};

struct Config {
  std::string_view extractor_name;
  std::string_view purl_type;       // "deb" or "opkg"
  std::string_view default_vendor;  // purl namespace when the OS is unknown
};

void set_field(Paragraph& p, std::string_view key, std::string_view value) {
  struct Slot {
    std::string_view key;
    std::string_view Paragraph::*field;
  };
  static constexpr std::array<Slot, 10> kSlots{{{"Package", &Paragraph::package},
                                                {"Version", &Paragraph::version},
                                                {"Source", &Paragraph::source},
                                                {"Status", &Paragraph::status},
                                                {"Architecture", &Paragraph::arch},
                                                {"Maintainer", &Paragraph::maintainer},
                                                {"Description", &Paragraph::description},
                                                {"Depends", &Paragraph::depends},
                                                {"Pre-Depends", &Paragraph::pre_depends},
                                                {"Provides", &Paragraph::provides}}};
  for (const auto& s : kSlots) {
    if (equals_icase(key, s.key)) {
      p.*(s.field) = value;
      if (s.field == &Paragraph::status) p.has_status = true;
      return;
    }
  }
}

// "install ok installed": the third word is the current state.
bool is_installed(const Paragraph& p, bool status_optional) {
  if (!p.has_status) return status_optional;
  auto words = split(trim(p.status), ' ');
  std::erase_if(words, [](std::string_view w) { return w.empty(); });
  return words.size() == 3 && words[2] == "installed";
}

// The package name in a relation such as "libc6:any (>= 2.34) [amd64]".
std::string_view relation_name(std::string_view rel) {
  rel = trim(rel);
  std::size_t end = rel.find_first_of(" (:[<\t");
  return rel.substr(0, end);
}

struct Parsed {
  std::vector<Paragraph> paragraphs;
  std::vector<std::string> notes;
};

Parsed parse_paragraphs(std::string_view content) {
  Parsed out;
  Paragraph cur;
  bool open = false;
  auto close = [&] {
    if (open) out.paragraphs.push_back(cur);
    cur = Paragraph{};
    open = false;
  };
  LineReader lines(content);
  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) {
      close();
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') continue;  // continuation of a field
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
      out.notes.push_back("line " + std::to_string(lines.line_no()) +
                          ": not a 'Field: value' line, skipped");
      continue;
    }
    if (!open) {
      open = true;
      cur.line = lines.line_no();
    }
    set_field(cur, trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  close();
  return out;
}

// Splits "Source: name (version)".
std::pair<std::string_view, std::string_view> split_source(std::string_view src) {
  auto paren = src.find('(');
  if (paren == std::string_view::npos) return {trim(src), {}};
  auto close = src.find(')', paren);
  auto ver = src.substr(
      paren + 1, close == std::string_view::npos ? std::string_view::npos : close - paren - 1);
  return {trim(src.substr(0, paren)), trim(ver)};
}

Component make_component(const Paragraph& p, const Config& cfg, const OsRelease* os) {
  Component c;
  c.type = "library";
  c.name = std::string(p.package);
  c.version = std::string(p.version);
  c.supplier = std::string(p.maintainer);
  auto [src_name, src_ver] = split_source(p.source);
  c.source_name = std::string(src_name.empty() ? p.package : src_name);
  c.source_version = std::string(src_ver.empty() ? p.version : src_ver);
  std::string upstream;
  if (c.source_name != c.name) {
    upstream = c.source_name;
    if (c.source_version != c.version) upstream += "@" + c.source_version;
  }
  c.purl = make_purl(
      std::string(cfg.purl_type), namespace_or(os, cfg.default_vendor), c.name, c.version,
      {{"arch", std::string(p.arch)}, {"distro", distro_qualifier(os)}, {"upstream", upstream}});
  c.bom_ref = c.purl.empty() ? std::string(cfg.purl_type) + ":" + c.name + "@" + c.version : c.purl;
  // The deployable file: the package archive, named by Debian policy without the epoch.
  std::string_view bare =
      p.version.substr(p.version.find(':') == std::string_view::npos ? 0 : p.version.find(':') + 1);
  if (!p.arch.empty())
    c.properties.emplace_back("bsi:component:filename",
                              c.name + "_" + std::string(bare) + "_" + std::string(p.arch) + "." +
                                  (cfg.purl_type == "deb" ? "deb" : "ipk"));
  if (p.description.find("ransitional") != std::string_view::npos)
    c.properties.emplace_back("bulwark:transitional", "true");
  return c;
}

// Dependency edges from Depends/Pre-Depends to installed packages (by name or Provides);
// of alternatives "a | b" the first installed one is taken.
std::vector<Dependency> dependency_edges(const std::vector<const Paragraph*>& pars,
                                         const std::vector<Component>& comps) {
  std::unordered_map<std::string_view, std::size_t> by_name;
  for (std::size_t i = 0; i < pars.size(); ++i) by_name.emplace(pars[i]->package, i);
  for (std::size_t i = 0; i < pars.size(); ++i)
    for (auto prov : split(pars[i]->provides, ','))
      if (auto n = relation_name(prov); !n.empty()) by_name.emplace(n, i);
  std::vector<Dependency> deps;
  for (std::size_t i = 0; i < pars.size(); ++i) {
    Dependency d{comps[i].bom_ref, {}};
    std::unordered_set<std::string_view> seen;  // linear de-duplication of a long Depends list
    for (auto field : {pars[i]->pre_depends, pars[i]->depends}) {
      if (field.empty()) continue;
      for (auto group : split(field, ',')) {
        for (auto alt : split(group, '|')) {
          auto it = by_name.find(relation_name(alt));
          if (it == by_name.end() || it->second == i) continue;
          const auto& ref = comps[it->second].bom_ref;
          if (seen.insert(ref).second) d.depends_on.push_back(ref);
          break;
        }
      }
    }
    if (!d.depends_on.empty()) deps.push_back(std::move(d));
  }
  return deps;
}

// status.d files in distroless images carry one package each, without a Status field.
bool in_status_d(std::string_view path) {
  return path.find("dpkg/status.d/") != std::string_view::npos;
}

Result<Inventory> extract_control(const ScanInput& input, const Config& cfg) {
  Parsed parsed = parse_paragraphs(input.content);
  Inventory inv;
  inv.notes = std::move(parsed.notes);
  bool status_optional = in_status_d(input.info.path);
  std::vector<const Paragraph*> kept;
  for (const auto& p : parsed.paragraphs) {
    if (p.package.empty() || p.version.empty()) {
      inv.notes.push_back("line " + std::to_string(p.line) + ": skipped entry without " +
                          (p.package.empty() ? "Package" : "Version") + " field");
      continue;
    }
    if (!is_installed(p, status_optional)) continue;
    kept.push_back(&p);
    inv.components.push_back(make_component(p, cfg, input.os));
  }
  assign_unique_refs(inv.components);
  inv.dependencies = dependency_edges(kept, inv.components);
  return inv;
}

bool is_status_d_metadata(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kSuffixes{
      ".md5sums", ".preinst", ".postinst", ".prerm",    ".postrm",    ".conffiles",
      ".list",    ".shlibs",  ".symbols",  ".triggers", ".templates", ".config"};
  return std::any_of(kSuffixes.begin(), kSuffixes.end(), [&](auto s) { return name.ends_with(s); });
}

class DpkgExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/dpkg"; }
  bool wants(const FileInfo& f) const override {
    if (path_is(f.path, "var/lib/dpkg/status") || path_is(f.path, "usr/lib/dpkg/status"))
      return true;
    auto slash = f.path.rfind('/');
    if (slash == std::string::npos) return false;
    std::string_view dir = std::string_view(f.path).substr(0, slash + 1);
    std::string_view base = std::string_view(f.path).substr(slash + 1);
    bool status_d = dir.ends_with("/dpkg/status.d/") || dir == "var/lib/dpkg/status.d/";
    return status_d && !base.empty() && base.front() != '.' && !is_status_d_metadata(base);
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    static constexpr Config kCfg{"os/dpkg", "deb", "debian"};
    return extract_control(input, kCfg);
  }
};

// var/lib/dpkg/info/<package>[:<arch>].list: the files dpkg installed for the package, one
// absolute path a line.
class DpkgFileListExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/dpkg-files"; }
  bool wants(const FileInfo& f) const override {
    std::string_view p = f.path;
    if (!p.ends_with(".list")) return false;
    auto slash = p.rfind('/');
    if (slash == std::string_view::npos) return false;
    return path_is(p.substr(0, slash), "var/lib/dpkg/info");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    std::string_view p = input.info.path;
    std::string_view base = p.substr(p.rfind('/') + 1);
    base.remove_suffix(5);  // ".list"
    base = base.substr(0, base.find(':'));
    OwnedFiles owned{"deb", std::string(base), {}};
    LineReader lines(input.content);
    std::string_view line;
    while (lines.next(line)) {
      line = trim(line);
      while (line.starts_with('/')) line.remove_prefix(1);
      if (line.empty() || line == ".") continue;
      owned.paths.emplace_back(line);
    }
    Inventory inv;
    inv.owned.push_back(std::move(owned));
    return inv;
  }
};

// var/cache/apt/archives/<name>_<version>_<arch>.deb (the epoch written as %3a): the archive a
// package was installed from, when the tree still holds it.
class AptCacheExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/apt-cache"; }
  bool wants(const FileInfo& f) const override {
    std::string_view p = f.path;
    if (!p.ends_with(".deb")) return false;
    auto slash = p.rfind('/');
    return slash != std::string_view::npos && path_is(p.substr(0, slash), "var/cache/apt/archives");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    Inventory inv;
    std::string_view base = input.info.path;
    base = base.substr(base.rfind('/') + 1);
    auto parts = split(base.substr(0, base.size() - 4), '_');
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) return inv;
    if (!input.content.starts_with("!<arch>\n")) {
      inv.notes.push_back("not a Debian package archive (no ar header), skipped");
      return inv;
    }
    std::string version;
    for (std::size_t i = 0; i < parts[1].size(); ++i) {
      if (parts[1].substr(i, 3) == "%3a" || parts[1].substr(i, 3) == "%3A") {
        version += ':';
        i += 2;
      } else {
        version += parts[1][i];
      }
    }
    FileDigests d = sha256_sha512(input.content);
    inv.deployables.push_back(DeployableFile{"deb", std::string(parts[0]), std::move(version),
                                             std::string(base), std::move(d.sha256),
                                             std::move(d.sha512)});
    return inv;
  }
};

class OpkgExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/opkg"; }
  bool wants(const FileInfo& f) const override {
    return path_is(f.path, "usr/lib/opkg/status") || path_is(f.path, "var/lib/opkg/status");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    static constexpr Config kCfg{"os/opkg", "opkg", "openwrt"};
    return extract_control(input, kCfg);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_dpkg_extractor() { return std::make_unique<DpkgExtractor>(); }
std::unique_ptr<Extractor> make_dpkg_file_list_extractor() {
  return std::make_unique<DpkgFileListExtractor>();
}
std::unique_ptr<Extractor> make_apt_cache_extractor() {
  return std::make_unique<AptCacheExtractor>();
}
std::unique_ptr<Extractor> make_opkg_extractor() { return std::make_unique<OpkgExtractor>(); }

}  // namespace bulwark::extract::os
