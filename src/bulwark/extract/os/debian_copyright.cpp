// Debian machine-readable copyright files (DEP-5, usr/share/doc/<package>/copyright): the licence
// of each Files stanza, mapped to SPDX and reduced to the package's licence set. Packaging-only
// stanzas (Files: debian/*) are left out: those files are not delivered. Licence names map through
// a table of the common Debian short names (GPL-2+ -> GPL-2.0-or-later, Expat -> MIT, ...); a name
// the table does not know becomes LicenseRef-<name> and is reported. A copyright file that is not
// machine-readable yields nothing (the licence stays unknown; it is never guessed).
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/os/os_common.hpp"

namespace bulwark::extract::os {
namespace {

struct Mapping {
  std::string_view debian;
  std::string_view spdx;
};

// Debian short names (copyright-format 1.0, "Short name" table, and common practice) -> SPDX.
// Matched case-insensitively; SPDX identifiers used as such are recognised through kSpdx.
constexpr std::array<Mapping, 48> kDebian{{
    {"GPL-1", "GPL-1.0-only"},
    {"GPL-1+", "GPL-1.0-or-later"},
    {"GPL-2", "GPL-2.0-only"},
    {"GPL-2+", "GPL-2.0-or-later"},
    {"GPL-3", "GPL-3.0-only"},
    {"GPL-3+", "GPL-3.0-or-later"},
    {"LGPL-2", "LGPL-2.0-only"},
    {"LGPL-2+", "LGPL-2.0-or-later"},
    {"LGPL-2.1", "LGPL-2.1-only"},
    {"LGPL-2.1+", "LGPL-2.1-or-later"},
    {"LGPL-3", "LGPL-3.0-only"},
    {"LGPL-3+", "LGPL-3.0-or-later"},
    {"AGPL-3", "AGPL-3.0-only"},
    {"AGPL-3+", "AGPL-3.0-or-later"},
    {"GFDL-1.2", "GFDL-1.2-only"},
    {"GFDL-1.2+", "GFDL-1.2-or-later"},
    {"GFDL-1.3", "GFDL-1.3-only"},
    {"GFDL-1.3+", "GFDL-1.3-or-later"},
    {"GFDL-NIV-1.2+", "GFDL-1.2-no-invariants-or-later"},
    {"GFDL-NIV-1.3+", "GFDL-1.3-no-invariants-or-later"},
    {"Apache-2", "Apache-2.0"},
    {"Apache-2.0", "Apache-2.0"},
    {"Artistic", "Artistic-1.0-Perl"},
    {"Artistic-1", "Artistic-1.0"},
    {"Artistic-2", "Artistic-2.0"},
    {"BSD-2-clause", "BSD-2-Clause"},
    {"BSD-3-clause", "BSD-3-Clause"},
    {"BSD-4-clause", "BSD-4-Clause"},
    {"Expat", "MIT"},
    {"MIT", "MIT"},
    {"ISC", "ISC"},
    {"Zlib", "Zlib"},
    {"CC0", "CC0-1.0"},
    {"CC0-1.0", "CC0-1.0"},
    {"MPL-1.1", "MPL-1.1"},
    {"MPL-2.0", "MPL-2.0"},
    {"PSF-2", "PSF-2.0"},
    {"Python", "Python-2.0"},
    {"OpenSSL", "OpenSSL"},
    {"BSL-1.0", "BSL-1.0"},
    {"X11", "X11"},
    {"curl", "curl"},
    {"FSFAP", "FSFAP"},
    {"FSFUL", "FSFUL"},
    {"FSFULLR", "FSFULLR"},
    {"Unicode-DFS-2016", "Unicode-DFS-2016"},
    {"bzip2-1.0.6", "bzip2-1.0.6"},
    {"ZPL-2.1", "ZPL-2.1"},
}};

// Exceptions named after "with": Debian's "GPL-3+ with GCC-Runtime exception".
constexpr std::array<Mapping, 5> kExceptions{{
    {"GCC-Runtime", "GCC-exception-3.1"},
    {"GCC", "GCC-exception-3.1"},
    {"Autoconf", "Autoconf-exception-3.0"},
    {"Bison", "Bison-exception-2.2"},
    {"OpenSSL", "openvpn-openssl-exception"},
}};

bool id_char(unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; }

// LicenseRef-<name> with the characters SPDX allows (others become '-').
std::string license_ref(std::string_view name) {
  std::string out = "LicenseRef-";
  for (unsigned char c : name) out += id_char(c) ? static_cast<char>(c) : '-';
  return out;
}

struct Mapped {
  std::string spdx;
  bool known = true;
};

Mapped map_name(std::string_view name) {
  name = trim(name);
  for (const auto& m : kDebian)
    if (equals_icase(m.debian, name)) return {std::string(m.spdx)};
  // Already an SPDX "-only"/"-or-later" identifier, or "GPL-2.0+" style.
  for (const auto& m : kDebian)
    if (equals_icase(m.spdx, name)) return {std::string(m.spdx)};
  return {license_ref(name), false};
}

// One DEP-5 licence synopsis ("GPL-2+ or Artistic", "GPL-3+ with GCC-Runtime exception",
// "LGPL-2.1+ and BSD-3-clause", "GPL-2+, and LGPL-2+") as an SPDX expression.
std::string synopsis_expression(std::string_view text, std::vector<std::string>& unknown) {
  std::vector<std::string_view> words = split(text, ' ');
  std::erase_if(words, [](std::string_view w) { return trim(w).empty(); });
  std::string out;
  std::size_t terms = 0;
  bool any_or = false, any_and = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view w = trim(words[i]);
    bool comma = w.ends_with(',');
    if (comma) w.remove_suffix(1);
    if (w.empty()) continue;
    if (equals_icase(w, "or") || equals_icase(w, "and")) {
      const bool is_or = equals_icase(w, "or");
      (is_or ? any_or : any_and) = true;
      out += is_or ? " OR " : " AND ";
      continue;
    }
    if (equals_icase(w, "with") && i + 1 < words.size()) {
      std::string_view ex = trim(words[++i]);
      if (i + 1 < words.size() && equals_icase(trim(words[i + 1]), "exception")) ++i;
      std::string mapped;
      for (const auto& m : kExceptions)
        if (equals_icase(m.debian, ex)) mapped = std::string(m.spdx);
      if (mapped.empty()) {
        unknown.push_back(std::string(ex) + " exception");
        // An unknown exception cannot follow WITH in SPDX; keep it as a licence term.
        out += " AND " + license_ref(std::string(ex) + "-exception");
        continue;
      }
      out += " WITH " + mapped;
      continue;
    }
    if (!out.empty() && !out.ends_with(" OR ") && !out.ends_with(" AND ")) out += " AND ";
    Mapped m = map_name(w);
    if (!m.known) unknown.push_back(std::string(w));
    out += m.spdx;
    ++terms;
  }
  if (any_or && any_and && terms > 1) return "(" + out + ")";  // mixed: keep it one term
  if (any_or && terms > 1) return "(" + out + ")";
  return out;
}

struct Stanza {
  std::string_view files;
  std::string_view license;  // first line only (the synopsis)
  bool header = false;
};

std::vector<Stanza> stanzas(std::string_view content) {
  std::vector<Stanza> out;
  Stanza cur;
  bool open = false;
  std::string_view field;  // the field a continuation line belongs to
  LineReader lines(content);
  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) {
      if (open) out.push_back(cur);
      cur = Stanza{};
      open = false;
      field = {};
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (field == "Files")
        cur.files =
            std::string_view(cur.files.data(), line.data() + line.size() - cur.files.data());
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    open = true;
    field = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (equals_icase(field, "Files")) {
      field = "Files";
      cur.files = value;
    } else if (equals_icase(field, "License")) {
      cur.license = value;
    } else if (equals_icase(field, "Format") || equals_icase(field, "Format-Specification")) {
      cur.header = true;
    }
  }
  if (open) out.push_back(cur);
  return out;
}

// Every pattern of the stanza names packaging files (debian/...).
bool packaging_only(std::string_view files) {
  bool any = false;
  for (auto line : split(files, '\n'))
    for (auto w : split(line, ' ')) {
      w = trim(w);
      if (w.empty()) continue;
      any = true;
      if (!w.starts_with("debian/")) return false;
    }
  return any;
}

class DebianCopyrightExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "os/debian-copyright"; }
  bool wants(const FileInfo& f) const override {
    std::string_view p = f.path;
    if (!p.starts_with("usr/share/doc/") || !p.ends_with("/copyright")) return false;
    std::string_view pkg = p.substr(14, p.size() - 14 - 10);
    return !pkg.empty() && pkg.find('/') == std::string_view::npos;
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    Inventory inv;
    std::string_view p = input.info.path;
    std::string package(p.substr(14, p.size() - 14 - 10));
    auto all = stanzas(input.content);
    if (all.empty() || !all.front().header) return inv;  // not machine-readable: unknown
    PackageLicenses out{"deb", package, {}, {}};
    std::vector<std::string> terms;  // distinct, in order of appearance
    auto add = [&](std::string_view synopsis) {
      std::string e = synopsis_expression(synopsis, out.unknown);
      // An AND-only expression adds its licences one by one (the package's licence set).
      std::vector<std::string> atoms;
      if (e.find(" OR ") == std::string::npos && e.find('(') == std::string::npos) {
        std::string_view rest = e;
        for (auto pos = rest.find(" AND "); pos != std::string_view::npos;
             pos = rest.find(" AND ")) {
          atoms.emplace_back(rest.substr(0, pos));
          rest.remove_prefix(pos + 5);
        }
        atoms.emplace_back(rest);
      } else {
        atoms.push_back(std::move(e));
      }
      for (auto& a : atoms)
        if (!a.empty() && std::find(terms.begin(), terms.end(), a) == terms.end())
          terms.push_back(std::move(a));
    };
    for (const auto& s : all)
      if (!s.files.empty() && !s.license.empty() && !packaging_only(s.files)) add(s.license);
    if (terms.empty()) {
      // Only a header licence, or only packaging stanzas: the header's licence is the package's.
      for (const auto& s : all)
        if (s.header && !s.license.empty()) add(s.license);
    }
    if (terms.empty()) return inv;
    std::string expr;
    for (const auto& t : terms) {
      if (!expr.empty()) expr += " AND ";
      expr += t;
    }
    out.licenses.push_back(std::move(expr));
    std::sort(out.unknown.begin(), out.unknown.end());
    out.unknown.erase(std::unique(out.unknown.begin(), out.unknown.end()), out.unknown.end());
    inv.licenses.push_back(std::move(out));
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_debian_copyright_extractor() {
  return std::make_unique<DebianCopyrightExtractor>();
}

}  // namespace bulwark::extract::os
