// Debian machine-readable copyright files (DEP-5, usr/share/doc/<package>/copyright): the licence
// of each Files stanza, mapped to SPDX and reduced to the package's licence set. Packaging-only
// stanzas (Files: debian/*) are left out: those files are not delivered. Licence names map through
// a table of the common Debian short names (GPL-2+ -> GPL-2.0-or-later, Expat -> MIT, ...); a name
// the table does not know becomes LicenseRef-<name> and is reported. A copyright file that is not
// machine-readable goes through the licence text fingerprints (license_text.hpp): every licence
// they recognise, joined with AND and marked as a fingerprint; what they cannot place is reported
// and stays unknown.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/license_text.hpp"
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
constexpr std::array<Mapping, 9> kExceptions{{
    {"Linux-syscall-note", "Linux-syscall-note"},
    {"Texinfo", "Texinfo-exception"},
    {"Classpath", "Classpath-exception-2.0"},
    {"Font", "Font-exception-2.0"},
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
  // Already an SPDX "-only"/"-or-later" identifier.
  for (const auto& m : kDebian)
    if (equals_icase(m.spdx, name)) return {std::string(m.spdx)};
  // The GNU family in any spelling: "GPL-2.0", "GPL-2.0+", "LGPL-3.0+", "AGPL-3" -> -only /
  // -or-later with a minor version.
  for (std::string_view family : {"GPL-", "LGPL-", "AGPL-", "GFDL-"}) {
    if (name.size() <= family.size() || !equals_icase(name.substr(0, family.size()), family))
      continue;
    std::string_view v = name.substr(family.size());
    const bool later = v.ends_with('+');
    if (later) v.remove_suffix(1);
    if (v.empty() || v.find_first_not_of("0123456789.") != std::string_view::npos ||
        v.front() == '.' || v.back() == '.')
      break;
    std::string version(v);
    if (version.find('.') == std::string::npos) version += ".0";
    return {std::string(family) + version + (later ? "-or-later" : "-only")};
  }
  return {license_ref(name), false};
}

// One DEP-5 licence synopsis ("GPL-2+ or Artistic", "GPL-3+ with GCC-Runtime exception",
// "LGPL-2.1+ and BSD-3-clause", "GPL-2+ or Artistic-2.0, and BSD-3-clause") as an SPDX
// expression. A comma closes a group ("A or B, and C" is "(A OR B) AND C"); within a group SPDX
// precedence applies. An expression with a top-level OR comes back in parentheses.
std::string synopsis_expression(std::string_view text, std::vector<std::string>& unknown) {
  std::vector<std::string_view> words = split(text, ' ');
  std::erase_if(words, [](std::string_view w) { return trim(w).empty(); });
  struct Group {
    std::string expr;
    bool has_or = false;
  };
  std::vector<Group> groups(1);
  std::vector<std::string> joins;  // operator between groups[i] and groups[i + 1]
  bool closed = false;             // the previous word ended with a comma
  auto append_term = [&](const std::string& term) {
    std::string& e = groups.back().expr;
    if (!e.empty() && !e.ends_with(" OR ") && !e.ends_with(" AND ")) e += " AND ";
    e += term;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view w = trim(words[i]);
    const bool comma = w.ends_with(',');
    if (comma) w.remove_suffix(1);
    if (w.empty()) continue;
    if (equals_icase(w, "or") || equals_icase(w, "and")) {
      const bool is_or = equals_icase(w, "or");
      if (closed && !groups.back().expr.empty()) {
        joins.push_back(is_or ? " OR " : " AND ");
        groups.emplace_back();
      } else if (!groups.back().expr.empty()) {
        groups.back().expr += is_or ? " OR " : " AND ";
        groups.back().has_or |= is_or;
      }
      closed = false;
      continue;
    }
    if (equals_icase(w, "with") && i + 1 < words.size()) {
      std::string_view ex = trim(words[++i]);
      if (i + 1 < words.size() && equals_icase(trim(words[i + 1]), "exception")) ++i;
      std::string mapped;
      for (const auto& m : kExceptions)
        if (equals_icase(m.debian, ex)) mapped = std::string(m.spdx);
      if (mapped.empty()) {
        // An unknown exception cannot follow WITH in SPDX; it is kept as a licence term.
        unknown.push_back(std::string(ex) + " exception");
        append_term(license_ref(std::string(ex) + "-exception"));
      } else {
        groups.back().expr += " WITH " + mapped;
      }
      closed = comma || words[i].ends_with(',');
      continue;
    }
    Mapped m = map_name(w);
    if (!m.known) unknown.push_back(std::string(w));
    append_term(m.spdx);
    closed = comma;
  }
  // Drop a dangling operator ("GPL-2+ or").
  for (auto& g : groups)
    for (std::string_view op : {" OR ", " AND "})
      if (g.expr.ends_with(op)) g.expr.resize(g.expr.size() - op.size());
  std::erase_if(groups, [](const Group& g) { return g.expr.empty(); });
  if (groups.empty()) return {};
  if (groups.size() == 1) return groups[0].has_or ? "(" + groups[0].expr + ")" : groups[0].expr;
  std::string out;
  bool top_or = false;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) {
      const std::string& op = i - 1 < joins.size() ? joins[i - 1] : std::string(" AND ");
      top_or |= op == " OR ";
      out += op;
    }
    out += groups[i].has_or ? "(" + groups[i].expr + ")" : groups[i].expr;
  }
  return top_or ? "(" + out + ")" : out;
}

// Splits at the AND operators outside parentheses.
std::vector<std::string> top_level_and(std::string_view e) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '(') ++depth;
    if (e[i] == ')') --depth;
    if (depth == 0 && e.substr(i, 5) == " AND ") {
      out.emplace_back(e.substr(start, i - start));
      start = i + 5;
      i += 4;
    }
  }
  out.emplace_back(e.substr(start));
  return out;
}

struct Stanza {
  std::string files;         // the patterns, continuation lines joined with '\n'
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
      if (field == "Files") {
        cur.files += '\n';
        cur.files += trim(line);
      }
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    open = true;
    field = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (equals_icase(field, "Files")) {
      field = "Files";
      cur.files = std::string(value);
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
    if (all.empty() || !all.front().header) {  // free-form: the text fingerprints
      auto fp = fingerprint_license_text(input.content);
      PackageLicenses out{"deb", package, {}, {}, std::string(p), std::move(fp.unknown)};
      if (!fp.licenses.empty()) {
        std::string expr;
        for (const auto& l : fp.licenses) expr += (expr.empty() ? "" : " AND ") + l;
        out.licenses.push_back(std::move(expr));
      } else if (out.unplaced.empty()) {
        out.unplaced.emplace_back("no licence text recognised");
      }
      if (fp.truncated)
        out.unplaced.push_back("only the first " + std::to_string(kLicenseTextCap >> 20) +
                               " MiB were read");
      inv.licenses.push_back(std::move(out));
      return inv;
    }
    PackageLicenses out{"deb", package, {}, {}};
    std::vector<std::string> terms;  // distinct, in order of appearance
    auto add = [&](std::string_view synopsis) {
      // The AND terms one by one: the package's licence set, without repeats.
      for (auto& a : top_level_and(synopsis_expression(synopsis, out.unknown)))
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
