// Package ownership, licence and TR-03183-2 property facts applied to the assembled inventory.
#include "bulwark/extract/facts.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::extract::detail {
namespace {

std::string_view property(const Component& c, std::string_view name) {
  for (const auto& [k, v] : c.properties)
    if (k == name) return v;
  return {};
}

// "pkg:deb/debian/libc6@2.36" -> "deb".
std::string_view purl_type(std::string_view purl) {
  if (!purl.starts_with("pkg:")) return {};
  purl.remove_prefix(4);
  return purl.substr(0, purl.find('/'));
}

bool is_os_package(const Component& c) {
  return property(c, "bulwark:extractor").starts_with("os/");
}

bool is_binary_detection(const Component& c) {
  auto e = property(c, "bulwark:extractor");
  return e == "binary/versionstrings" || e == "binary/elfpackagenote";
}

std::string key(std::string_view ecosystem, std::string_view name) {
  std::string k(ecosystem);
  k += ':';
  k += name;
  return k;
}

// The upstream part of a distribution version: "1:1.2.13.dfsg-1" -> "1.2.13.dfsg",
// "2.36-9+deb12u4" -> "2.36", "1.36.1-r5" -> "1.36.1".
std::string_view upstream_version(std::string_view v) {
  if (auto colon = v.find(':'); colon != std::string_view::npos && colon < 4)
    v.remove_prefix(colon + 1);
  if (auto dash = v.rfind('-'); dash != std::string_view::npos) v = v.substr(0, dash);
  return v;
}

// Does a version read from a binary agree with the package's version? The binary usually shows
// the upstream version, possibly shorter ("1.2.13" in "1.2.13.dfsg").
bool versions_agree(std::string_view binary, std::string_view package) {
  if (binary.empty()) return true;
  if (binary == package) return true;
  auto up = upstream_version(package);
  if (up == binary) return true;
  return up.size() > binary.size() && up.starts_with(binary) &&
         !std::isdigit(static_cast<unsigned char>(up[binary.size()]));
}

// Shared objects and programs: what makes a package executable code.
bool executable_path(std::string_view p) {
  auto slash = p.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
  std::string_view base = slash == std::string_view::npos ? p : p.substr(slash + 1);
  if (base.empty()) return false;
  if (dir == "bin" || dir == "sbin" || dir == "usr/bin" || dir == "usr/sbin" ||
      dir == "usr/local/bin" || dir == "usr/local/sbin" || dir.starts_with("usr/libexec") ||
      dir.starts_with("usr/lib/systemd"))
    return true;
  return base.ends_with(".so") || base.find(".so.") != std::string_view::npos;
}

bool merged_usr_alias(std::string_view p) {
  for (std::string_view top : {"bin/", "sbin/", "lib/", "lib32/", "lib64/", "libx32/"})
    if (p.starts_with(top)) return true;
  return false;
}

// The registry archive a language package is deployed as, named by the ecosystem's convention;
// "" where the ecosystem has several forms (PyPI wheel or sdist) or none.
std::string registry_file_name(const purl::Purl& p) {
  if (p.version.empty()) return {};
  if (p.type == "npm") return p.name + "-" + p.version + ".tgz";
  if (p.type == "cargo") return p.name + "-" + p.version + ".crate";
  if (p.type == "gem") return p.name + "-" + p.version + ".gem";
  if (p.type == "nuget") return to_lower(p.name + "." + p.version + ".nupkg");
  if (p.type == "hex") return p.name + "-" + p.version + ".tar";
  if (p.type == "golang") return p.version + ".zip";
  if (p.type == "maven") {
    std::string_view type = p.qualifier("type");
    return p.name + "-" + p.version + "." + std::string(type.empty() ? "jar" : type);
  }
  return {};
}

class Applier {
 public:
  Applier(Sbom& sbom, InventoryReport& report) : sbom_(sbom), report_(report) {
    for (std::size_t i = 0; i < sbom_.components.size(); ++i) {
      const Component& c = sbom_.components[i];
      if (!is_os_package(c)) continue;
      auto type = purl_type(c.purl);
      if (type.empty()) continue;
      by_name_.emplace(key(type, c.name), i);
      if (!c.source_name.empty()) by_source_[key(type, c.source_name)].push_back(i);
    }
  }

  void ownership(const std::vector<OwnedFiles>& owned) {
    std::unordered_map<std::string, std::size_t> owner_of;
    std::unordered_set<std::size_t> listed;
    for (const auto& o : owned) {
      auto it = by_name_.find(key(o.ecosystem, o.package));
      if (it == by_name_.end()) continue;
      listed.insert(it->second);
      bool exec = false;
      for (const auto& p : o.paths) {
        owner_of.emplace(p, it->second);
        // Merged /usr: /lib, /bin and /sbin are symlinks into usr/, which the walk sees.
        if (merged_usr_alias(p)) owner_of.emplace("usr/" + p, it->second);
        exec = exec || executable_path(p);
      }
      set_property(sbom_.components[it->second], "bsi:component:executable",
                   exec ? "executable" : "non-executable");
    }
    for (auto& [k, i] : by_name_) {
      Component& c = sbom_.components[i];
      set_property(c, "bsi:component:archive", "archive");
      set_property(c, "bsi:component:structured", "structured");
    }
    for (std::size_t i = 0; i < sbom_.components.size(); ++i) {
      Component& d = sbom_.components[i];
      if (!is_binary_detection(d)) continue;
      auto it = owner_of.find(d.location);
      if (it == owner_of.end() || it->second == i) continue;
      absorb(d, sbom_.components[it->second]);
      removed_.insert(i);
    }
  }

  void licenses(const std::vector<PackageLicenses>& facts) {
    std::unordered_map<std::string, const PackageLicenses*> by_key;
    for (const auto& f : facts) {
      // A file that yielded no licence (free text nothing was recognised in) leaves the way to
      // the source package's file open.
      if (!f.licenses.empty()) by_key.emplace(key(f.ecosystem, f.package), &f);
      for (const auto& u : f.unknown)
        report_.notes.push_back(f.package + ": licence '" + u +
                                "' has no SPDX identifier (written as a LicenseRef-)");
      if (language(f.ecosystem)) continue;  // noted when a component needs it
      for (const auto& u : f.unplaced) note_unplaced(f, u);
    }
    for (auto& [k, i] : by_name_) {
      Component& c = sbom_.components[i];
      if (!c.licenses.empty()) continue;
      const auto type = std::string(purl_type(c.purl));
      const PackageLicenses* found = nullptr;
      if (auto it = by_key.find(k); it != by_key.end()) found = it->second;
      if (!found && !c.source_name.empty())
        if (auto it = by_key.find(key(type, c.source_name)); it != by_key.end()) found = it->second;
      if (!found && !c.source_name.empty())
        if (auto s = by_source_.find(key(type, c.source_name)); s != by_source_.end())
          for (auto j : s->second)
            if (auto it = by_key.find(key(type, sbom_.components[j].name)); it != by_key.end()) {
              found = it->second;
              break;
            }
      if (!found || found->licenses.empty()) continue;
      c.licenses = found->licenses;
      c.properties.emplace_back("bulwark:license-evidence",
                                !found->fingerprint.empty() ? "fingerprint: " + found->fingerprint
                                : found->package == c.name  ? "own licence file"
                                                            : "licence file of " + found->package);
    }
    std::size_t without = 0;
    for (auto& [k, i] : by_name_)
      if (sbom_.components[i].licenses.empty()) ++without;
    if (without)
      report_.notes.push_back(std::to_string(without) +
                              " OS package(s) without a licence the scan could read (left "
                              "unknown)");
  }

  // Language packages whose metadata declares no licence take the fingerprint of their licence
  // files (node_modules/<name>/LICENSE, <name>-<version>.dist-info/LICENSE) when every such file
  // of that name (and version) gives the same licences.
  void language_licenses(const std::vector<PackageLicenses>& facts) {
    std::unordered_map<std::string, std::vector<const PackageLicenses*>> by_key;
    for (const auto& f : facts)
      if (language(f.ecosystem)) by_key[key(f.ecosystem, f.package)].push_back(&f);
    if (by_key.empty()) return;
    for (auto& c : sbom_.components) {
      if (!c.licenses.empty() || is_os_package(c)) continue;
      const auto type = purl_type(c.purl);
      if (!language(type)) continue;
      std::string name = c.name;
      if (type == "pypi") {  // the purl's name is the normalised one
        auto p = purl::parse(c.purl, purl::Mode::kPermissive);
        if (!p) continue;
        name = p->name;
      }
      auto it = by_key.find(key(type, name));
      if (it == by_key.end()) continue;
      const PackageLicenses* chosen = nullptr;
      bool agree = true;
      for (const auto* f : it->second) {
        if (!f->version.empty() && f->version != c.version) continue;
        for (const auto& u : f->unplaced) note_unplaced(*f, u);
        if (f->licenses.empty()) continue;
        if (chosen && chosen->licenses != f->licenses) agree = false;
        if (!chosen) chosen = f;
      }
      if (!chosen) continue;
      if (!agree) {
        std::string n = c.name + ": its licence files disagree (" + chosen->fingerprint +
                        " and others); the licence is left unknown";
        if (noted_.insert(n).second) report_.notes.push_back(std::move(n));
        continue;
      }
      c.licenses = chosen->licenses;
      c.properties.emplace_back("bulwark:license-evidence", "fingerprint: " + chosen->fingerprint);
    }
  }

  void deployables(const std::vector<DeployableFile>& files) {
    for (const auto& f : files) {
      auto it = by_name_.find(key(f.ecosystem, f.package));
      if (it == by_name_.end()) continue;
      Component& c = sbom_.components[it->second];
      if (c.version != f.version) continue;  // another version of the package, not this one
      if (!c.hashes.empty()) continue;
      c.hashes.push_back(Hash{"SHA-256", f.sha256});
      c.hashes.push_back(Hash{"SHA-512", f.sha512});
      // The name dpkg gives the archive in the pool (no epoch) stays when already known.
      if (property(c, "bsi:component:filename").empty())
        c.properties.emplace_back("bsi:component:filename", f.file_name);
    }
  }

  // Language packages read from a lockfile or installed metadata: their deployable form is the
  // registry archive (npm .tgz, .crate, .gem, .nupkg, .jar, module .zip): an archive carrying
  // its own metadata, not itself an executable.
  // A language package's creator from its installed metadata, where its own record names none:
  // the component of that name and version (a lockfile component does not know its author).
  void creators(const std::vector<PackageCreator>& facts) {
    if (facts.empty()) return;
    std::unordered_map<std::string, const PackageCreator*> by_key;
    for (const auto& f : facts) by_key.emplace(key(f.ecosystem, f.package) + '@' + f.version, &f);
    for (auto& c : sbom_.components) {
      if (!c.supplier.empty() || is_os_package(c)) continue;
      const auto type = purl_type(c.purl);
      if (!language(type)) continue;
      auto it = by_key.find(key(type, c.name) + '@' + c.version);
      if (it == by_key.end()) continue;
      c.supplier = it->second->creator;
      c.properties.emplace_back("bulwark:supplier-evidence", it->second->path);
    }
  }

  void language_packages() {
    for (auto& c : sbom_.components) {
      auto e = property(c, "bulwark:extractor");
      if (e.empty() || e.starts_with("os/") || e.starts_with("binary/") || e == "go/binary" ||
          e == "java/archive" || c.purl.empty())
        continue;
      auto p = purl::parse(c.purl, purl::Mode::kPermissive);
      if (!p) continue;
      std::string file = registry_file_name(*p);
      if (file.empty()) continue;
      if (property(c, "bsi:component:filename").empty())
        c.properties.emplace_back("bsi:component:filename", std::move(file));
      if (property(c, "bsi:component:archive").empty())
        c.properties.emplace_back("bsi:component:archive", "archive");
      if (property(c, "bsi:component:structured").empty())
        c.properties.emplace_back("bsi:component:structured", "structured");
      if (property(c, "bsi:component:executable").empty())
        c.properties.emplace_back("bsi:component:executable", "non-executable");
    }
  }

  void remove() {
    if (removed_.empty()) return;
    std::vector<int> new_index(sbom_.components.size(), -1);
    std::unordered_set<std::string> gone;
    std::vector<Component> kept;
    kept.reserve(sbom_.components.size() - removed_.size());
    for (std::size_t i = 0; i < sbom_.components.size(); ++i) {
      if (removed_.count(i)) {
        gone.insert(sbom_.components[i].bom_ref);
        continue;
      }
      new_index[i] = static_cast<int>(kept.size());
      kept.push_back(std::move(sbom_.components[i]));
    }
    for (auto& c : kept)
      if (c.parent >= 0)
        c.parent = static_cast<std::size_t>(c.parent) < new_index.size() ? new_index[c.parent] : -1;
    sbom_.components = std::move(kept);
    std::erase_if(sbom_.dependencies, [&](const Dependency& d) { return gone.count(d.ref) > 0; });
    for (auto& d : sbom_.dependencies)
      std::erase_if(d.depends_on, [&](const std::string& t) { return gone.count(t) > 0; });
  }

 private:
  static bool language(std::string_view ecosystem) {
    return ecosystem == "npm" || ecosystem == "pypi";
  }

  // Once per fact and statement.
  void note_unplaced(const PackageLicenses& f, const std::string& what) {
    std::string n = f.package + ": " + f.fingerprint + ": " + what + " (left unknown, not guessed)";
    if (noted_.insert(n).second) report_.notes.push_back(std::move(n));
  }

  static void set_property(Component& c, std::string_view name, std::string_view value) {
    for (auto& [k, v] : c.properties)
      if (k == name) {
        v = std::string(value);
        return;
      }
    c.properties.emplace_back(std::string(name), std::string(value));
  }

  void absorb(const Component& d, Component& owner) {
    const bool note_package = property(d, "bulwark:extractor") == "binary/elfpackagenote";
    std::string what = d.location + ": " + d.name + (d.version.empty() ? "" : " " + d.version) +
                       (note_package ? " (.note.package)" : " (version string)");
    owner.properties.emplace_back("bulwark:evidence:binary", what);
    if (note_package) {
      const std::string& source = owner.source_name.empty() ? owner.name : owner.source_name;
      if (d.name != source)
        report_.notes.push_back(d.location + ": .note.package names " + d.name +
                                ", the owning package " + owner.name + " is built from " + source);
      return;
    }
    if (!versions_agree(d.version, owner.version))
      report_.notes.push_back(d.location + ": the binary shows " + d.name + " " + d.version +
                              ", the owning package " + owner.name + " is version " +
                              owner.version);
  }

  Sbom& sbom_;
  InventoryReport& report_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_source_;
  std::unordered_set<std::size_t> removed_;
  std::unordered_set<std::string> noted_;
};

}  // namespace

void apply_facts(Sbom& sbom, Facts facts, InventoryReport& report) {
  Applier a(sbom, report);
  a.ownership(facts.owned);
  a.licenses(facts.licenses);
  a.language_licenses(facts.licenses);
  a.deployables(facts.deployables);
  a.creators(facts.creators);
  a.language_packages();
  a.remove();
}

void complete_graph(Sbom& sbom) {
  std::unordered_set<std::string> has;
  for (const auto& d : sbom.dependencies) has.insert(d.ref);
  for (const auto& c : sbom.components)
    if (!c.bom_ref.empty() && has.insert(c.bom_ref).second)
      sbom.dependencies.push_back(Dependency{c.bom_ref, {}});
}

}  // namespace bulwark::extract::detail
