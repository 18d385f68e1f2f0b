// Alpine apk database (lib/apk/db/installed): blocks of "K:value" lines separated by blank
// lines. P name, V version, A arch, L licence, o origin (source package), m maintainer,
// c aports commit, D dependencies, p provides.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/os/os_common.hpp"

namespace bulwark::extract::os {
namespace {

struct ApkEntry {
  std::size_t line = 0;
  std::string_view name, version, arch, license, origin, maintainer, commit, depends, provides;
  std::vector<std::string> files;  // F: directory + R: file, relative to the root
  std::string_view dir;            // the current F: line
};

void set_field(ApkEntry& e, char key, std::string_view value) {
  switch (key) {
    case 'P':
      e.name = value;
      break;
    case 'V':
      e.version = value;
      break;
    case 'A':
      e.arch = value;
      break;
    case 'L':
      e.license = value;
      break;
    case 'o':
      e.origin = value;
      break;
    case 'm':
      e.maintainer = value;
      break;
    case 'c':
      e.commit = value;
      break;
    case 'D':
      e.depends = value;
      break;
    case 'p':
      e.provides = value;
      break;
    case 'F':
      e.dir = value;
      break;
    case 'R':
      if (!value.empty())
        e.files.push_back(e.dir.empty() ? std::string(value)
                                        : std::string(e.dir) + "/" + std::string(value));
      break;
    default:
      break;
  }
}

Result<std::vector<ApkEntry>> parse_entries(std::string_view content, const std::string& path) {
  std::vector<ApkEntry> entries;
  ApkEntry cur;
  bool open = false;
  LineReader lines(content);
  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) {
      if (open) entries.push_back(cur);
      cur = ApkEntry{};
      open = false;
      continue;
    }
    if (line.size() < 2 || line[1] != ':')
      return invalid_input(path + ": line " + std::to_string(lines.line_no()) +
                           ": expected a 'K:value' record");
    if (!open) {
      open = true;
      cur.line = lines.line_no();
    }
    set_field(cur, line[0], line.substr(2));
  }
  if (open) entries.push_back(cur);
  return entries;
}

// "so:libc.musl-x86_64.so.1=1" -> "so:libc.musl-x86_64.so.1"; "musl>=1.2" -> "musl".
std::string_view dep_name(std::string_view token) {
  if (!token.empty() && token.front() == '!') return {};  // conflict, not a dependency
  return token.substr(0, token.find_first_of("=<>~"));
}

std::vector<std::string_view> words(std::string_view s) {
  auto w = split(s, ' ');
  std::erase_if(w, [](std::string_view x) { return x.empty(); });
  return w;
}

// Older databases list several licences separated by spaces ("MIT BSD-2-Clause"): all apply.
// Text with operators, or words that are no licence identifiers ("Public Domain"), is kept.
std::string license_expression(std::string_view l) {
  auto ws = words(l);
  if (ws.size() < 2) return std::string(trim(l));
  static constexpr std::string_view kPlain[] = {
      "MIT", "ISC",      "Zlib",     "Unlicense", "curl",     "Ruby", "Vim",
      "X11", "OpenSSL",  "Beerware", "JSON",      "HPND",     "NCSA", "ICU",
      "IJG", "blessing", "libtiff",  "Libpng",    "Sleepycat"};
  for (auto w : ws) {
    if (w == "AND" || w == "OR" || w == "WITH" || w.find_first_of("()") != std::string_view::npos)
      return std::string(trim(l));
    const bool id = w.find_first_of("-0123456789") != std::string_view::npos ||
                    std::find(std::begin(kPlain), std::end(kPlain), w) != std::end(kPlain);
    if (!id) return std::string(trim(l));
  }
  std::string out;
  for (auto w : ws) out += (out.empty() ? "" : " AND ") + std::string(w);
  return out;
}

Component make_component(const ApkEntry& e, const OsRelease* os) {
  Component c;
  c.type = "library";
  c.name = std::string(e.name);
  c.version = std::string(e.version);
  c.supplier = std::string(e.maintainer);
  if (!e.license.empty()) c.licenses.push_back(license_expression(e.license));
  c.properties.emplace_back("bsi:component:filename", c.name + "-" + c.version + ".apk");
  if (!e.origin.empty()) {
    c.source_name = std::string(e.origin);
    c.source_version = c.version;
  }
  if (!e.commit.empty()) c.properties.emplace_back("bulwark:apk-commit", std::string(e.commit));
  c.purl = make_purl("apk", namespace_or(os, "alpine"), c.name, c.version,
                     {{"arch", std::string(e.arch)}, {"distro", distro_qualifier(os)}});
  c.bom_ref = c.purl.empty() ? "apk:" + c.name + "@" + c.version : c.purl;
  return c;
}

std::vector<Dependency> dependency_edges(const std::vector<const ApkEntry*>& kept,
                                         const std::vector<Component>& comps) {
  std::unordered_map<std::string_view, std::size_t> by_name;
  for (std::size_t i = 0; i < kept.size(); ++i) by_name.emplace(kept[i]->name, i);
  for (std::size_t i = 0; i < kept.size(); ++i)
    for (auto p : words(kept[i]->provides))
      if (auto n = dep_name(p); !n.empty()) by_name.emplace(n, i);
  std::vector<Dependency> deps;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    Dependency d{comps[i].bom_ref, {}};
    std::unordered_set<std::string_view> seen;  // linear de-duplication of a long Depends list
    for (auto tok : words(kept[i]->depends)) {
      auto it = by_name.find(dep_name(tok));
      if (it == by_name.end() || it->second == i) continue;
      const auto& ref = comps[it->second].bom_ref;
      if (seen.insert(ref).second) d.depends_on.push_back(ref);
    }
    if (!d.depends_on.empty()) deps.push_back(std::move(d));
  }
  return deps;
}

class ApkExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/apk"; }
  bool wants(const FileInfo& f) const override { return path_is(f.path, "lib/apk/db/installed"); }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto entries = parse_entries(input.content, input.info.path);
    if (!entries) return std::unexpected(std::move(entries.error()));
    Inventory inv;
    std::vector<const ApkEntry*> kept;
    for (const auto& e : *entries) {
      if (e.name.empty() || e.version.empty()) {
        inv.notes.push_back("line " + std::to_string(e.line) + ": skipped entry without " +
                            (e.name.empty() ? "P: (name)" : "V: (version)"));
        continue;
      }
      kept.push_back(&e);
      inv.components.push_back(make_component(e, input.os));
      inv.owned.push_back(OwnedFiles{"apk", std::string(e.name), e.files});
    }
    assign_unique_refs(inv.components);
    inv.dependencies = dependency_edges(kept, inv.components);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_apk_extractor() { return std::make_unique<ApkExtractor>(); }

}  // namespace bulwark::extract::os
