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
#include <unordered_map>
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
constexpr std::array<Mapping, 56> kDebian{{
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
    {"GFDL-NIV-1.2", "GFDL-1.2-no-invariants-only"},
    {"GFDL-NIV-1.2+", "GFDL-1.2-no-invariants-or-later"},
    {"GFDL-NIV-1.3", "GFDL-1.3-no-invariants-only"},
    {"GFDL-NIV-1.3+", "GFDL-1.3-no-invariants-or-later"},
    {"Apache-2", "Apache-2.0"},
    {"Apache-2.0", "Apache-2.0"},
    {"Artistic", "Artistic-1.0-Perl"},
    {"Artistic-1", "Artistic-1.0"},
    {"Artistic-2", "Artistic-2.0"},
    {"BSD-2-clause", "BSD-2-Clause"},
    {"BSD-3-clause", "BSD-3-Clause"},
    {"BSD-4-clause", "BSD-4-Clause"},
    {"BSD-4-clause-UC", "BSD-4-Clause-UC"},
    {"Sleepycat", "Sleepycat"},
    {"Ms-PL", "MS-PL"},
    {"Ms-RL", "MS-RL"},
    {"Latex2e", "Latex2e"},
    {"TCL", "TCL"},
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

// Exceptions named after "with" ("GPL-3+ with GCC-Runtime exception"), by name. Only names that
// stand for one exception text: "Autoconf" (three different texts in Debian's files) and
// "OpenSSL" (every project words its own; SPDX lists per-project ids) are read from the
// exception's text (kExceptionTexts) or stay unknown. "GCC" and "Bison" depend on the GPL version
// they are attached to (resolved in map_exception).
constexpr std::array<Mapping, 14> kExceptions{{
    {"Linux-syscall-note", "Linux-syscall-note"},
    {"Texinfo", "Texinfo-exception"},
    {"Classpath", "Classpath-exception-2.0"},
    {"Classpath-2.0", "Classpath-exception-2.0"},
    {"Font", "Font-exception-2.0"},
    {"Font-2.0", "Font-exception-2.0"},
    {"GCC-Runtime", "GCC-exception-3.1"},
    {"GCC-Runtime-3.1", "GCC-exception-3.1"},
    {"GCC-Runtime-Library", "GCC-exception-3.1"},
    {"Bison-2.2", "Bison-exception-2.2"},
    {"Bison-1.24", "Bison-exception-1.24"},
    {"Autoconf-3.0", "Autoconf-exception-3.0"},
    {"Autoconf-2.0", "Autoconf-exception-2.0"},
    {"LLVM", "LLVM-exception"},
}};

// SPDX exception ids written as such after "with" ("GPL-3+ with GCC-exception-3.1").
constexpr std::array<std::string_view, 17> kSpdxExceptions{"Autoconf-exception-2.0",
                                                           "Autoconf-exception-3.0",
                                                           "Autoconf-exception-generic",
                                                           "Autoconf-exception-generic-3.0",
                                                           "Bison-exception-1.24",
                                                           "Bison-exception-2.2",
                                                           "Classpath-exception-2.0",
                                                           "Font-exception-2.0",
                                                           "GCC-exception-2.0",
                                                           "GCC-exception-3.1",
                                                           "Libtool-exception",
                                                           "Linux-syscall-note",
                                                           "LLVM-exception",
                                                           "Texinfo-exception",
                                                           "Qt-GPL-exception-1.0",
                                                           "Qt-LGPL-exception-1.1",
                                                           "WxWindows-exception-3.1"};

// Key phrases of the exception texts (our own short excerpts, normalised: lower-case words of
// letters and digits separated by one space). Tried in order; the first found wins, so a text
// that extends another (generic-3.0 adds a sentence to generic) comes first.
struct ExceptionText {
  std::string_view phrase;
  std::string_view also;  // a second phrase that must also be present ("" = none)
  std::string_view spdx;
};
constexpr std::array<ExceptionText, 11> kExceptionTexts{{
    {"gcc runtime library exception", "", "GCC-exception-3.1"},
    {"unlimited permission to link the compiled version of this file into combinations with "
     "other programs",
     "", "GCC-exception-2.0"},
    {"autoconf configure script exception", "", "Autoconf-exception-3.0"},
    {"unlimited permission to copy distribute and modify the configure scripts that are the "
     "output of autoconf",
     "", "Autoconf-exception-2.0"},
    {"if you distribute this file as part of a program that contains a configuration script "
     "generated by autoconf you may include it under the same distribution terms that you use "
     "for the rest of that program",
     "additional permission under section 7 of the gnu general public license version 3",
     "Autoconf-exception-generic-3.0"},
    {"if you distribute this file as part of a program that contains a configuration script "
     "generated by autoconf you may include it under the same distribution terms that you use "
     "for the rest of that program",
     "", "Autoconf-exception-generic"},
    {"you may create a larger work that contains part or all of the bison parser skeleton", "",
     "Bison-exception-2.2"},
    {"when this file is copied by bison into a bison output file you may use that output file "
     "without restriction",
     "", "Bison-exception-1.24"},
    {"permission to link this library with independent modules to produce an executable "
     "regardless of the license terms of these independent modules",
     "", "Classpath-exception-2.0"},
    {"if you create a document which uses this font and embed this font or unaltered portions "
     "of this font into the document this font does not by itself cause the resulting document "
     "to be covered by the gnu general public license",
     "", "Font-exception-2.0"},
    {"when this file is read by tex when processing a texinfo source document you may use the "
     "result without restriction",
     "", "Texinfo-exception"},
}};

constexpr std::size_t kExceptionTextCap = 64 * 1024;  // of a licence paragraph read for phrases

// Lower-case words of letters and digits separated by one space (the first kExceptionTextCap
// bytes): one pass.
std::string normalise_words(std::string_view text) {
  std::string out;
  text = text.substr(0, std::min(text.size(), kExceptionTextCap));
  out.reserve(text.size());
  bool space = true;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  return out;
}

// The exception an exception text states, or "".
std::string_view exception_from_text(std::string_view body) {
  if (body.empty()) return {};
  const std::string words = normalise_words(body);
  for (const auto& e : kExceptionTexts)
    if (words.find(e.phrase) != std::string::npos &&
        (e.also.empty() || words.find(e.also) != std::string::npos))
      return e.spdx;
  return {};
}

// The SPDX exception id for the exception `name` attached to `base` (an SPDX licence):
// `from_text` (what exception_from_text read in the licence paragraph) when there is one, else
// from its name; "" when neither names one.
std::string map_exception(std::string_view name, std::string_view base,
                          std::string_view from_text) {
  if (!from_text.empty()) return std::string(from_text);
  for (auto id : kSpdxExceptions)
    if (equals_icase(id, name)) return std::string(id);
  for (const auto& m : kExceptions)
    if (equals_icase(m.debian, name)) return std::string(m.spdx);
  const bool gpl3 = base.starts_with("GPL-3.0") || base.starts_with("LGPL-3.0");
  const bool gpl2 = base.starts_with("GPL-2.0") || base.starts_with("LGPL-2");
  if (equals_icase(name, "GCC") && (gpl3 || gpl2))
    return gpl3 ? "GCC-exception-3.1" : "GCC-exception-2.0";
  // The Bison skeleton exception of Bison >= 2.2 (GPL-3+ since Bison 2.4); older skeletons
  // under GPL-2+ carry the 1.24 text or the 2.2 one, so GPL-2 needs the text.
  if (equals_icase(name, "Bison") && gpl3) return "Bison-exception-2.2";
  return {};
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

// The position of "-with-" in a single-word synopsis term whose rest names an exception
// ("GPL-3+-WITH-BISON-EXCEPTION"), else npos ("BSD-3-clause-with-weird-numbering" is a name).
std::size_t joined_with(std::string_view w) {
  if (w.size() < 16) return std::string_view::npos;
  if (!equals_icase(w.substr(w.size() - 10), "-exception")) return std::string_view::npos;
  for (std::size_t i = 1; i + 6 < w.size() - 10; ++i)
    if (equals_icase(w.substr(i, 6), "-with-")) return i;
  return std::string_view::npos;
}

constexpr std::size_t kMaxExceptionWords = 8;  // words of an exception's name after "with"

// One DEP-5 licence synopsis ("GPL-2+ or Artistic", "GPL-3+ with GCC-Runtime exception",
// "LGPL-2.1+ and BSD-3-clause", "GPL-2+ or Artistic-2.0, and BSD-3-clause") as an SPDX
// expression. ` or `, `|` and `, or` are alternatives (OR), ` and ` and `and/or` are AND. A
// comma closes a group ("A or B, and C" is "(A OR B) AND C"); within a group SPDX precedence
// applies. "X with NAME exception" is "X WITH <SPDX exception>" when the exception's text
// (`from_text`: what the licence paragraph states) or its name identifies one; an exception SPDX
// does not list cannot follow WITH and is kept beside the licence as "X AND
// LicenseRef-NAME-exception" (the exception only adds permissions; X stays visible) and reported.
// An expression with a top-level OR comes back in parentheses. Linear in the synopsis.
std::string synopsis_expression(std::string_view text, std::string_view from_text,
                                std::vector<std::string>& unknown) {
  // '|' as an alternative: "GPL-2+ | MIT", "GPL-2+|MIT".
  std::string spaced;
  for (char c : text) {
    if (c == '|')
      spaced += " or ";
    else
      spaced += c;
  }
  std::vector<std::string_view> words = split(spaced, ' ');
  std::erase_if(words, [](std::string_view w) { return trim(w).empty(); });
  struct Group {
    std::string expr;
    bool has_or = false;
  };
  std::vector<Group> groups(1);
  std::vector<std::string> joins;  // operator between groups[i] and groups[i + 1]
  bool closed = false;             // the previous word ended with a comma
  std::string last_term;           // the SPDX licence an exception attaches to
  auto append_term = [&](const std::string& term) {
    std::string& e = groups.back().expr;
    if (!e.empty() && !e.ends_with(" OR ") && !e.ends_with(" AND ")) e += " AND ";
    e += term;
  };
  auto add_exception = [&](std::string_view name) {
    std::string mapped = map_exception(name, last_term, from_text);
    if (mapped.empty() || groups.back().expr.empty() || last_term.empty()) {
      // An exception SPDX does not list cannot follow WITH; it is kept as a licence term.
      unknown.push_back(std::string(name) + " exception");
      append_term(license_ref(std::string(name) + "-exception"));
    } else {
      groups.back().expr += " WITH " + mapped;
    }
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view w = trim(words[i]);
    const bool comma = w.ends_with(',');
    if (comma) w.remove_suffix(1);
    if (w.empty()) continue;
    const bool is_or = equals_icase(w, "or");
    if (is_or || equals_icase(w, "and") || equals_icase(w, "and/or")) {
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
      // The exception's name: the words up to "exception" (or an operator, a comma, the end).
      std::string name;
      bool ends_comma = false;
      std::size_t last = i;  // the last word read as part of the exception
      for (std::size_t k = i + 1; k < words.size() && k - i <= kMaxExceptionWords; ++k) {
        std::string_view x = trim(words[k]);
        const bool c = x.ends_with(',');
        if (c) x.remove_suffix(1);
        if (equals_icase(x, "exception")) {
          last = k;
          ends_comma = c;
          break;
        }
        if (equals_icase(x, "or") || equals_icase(x, "and") || equals_icase(x, "and/or")) break;
        if (!name.empty()) name += '-';
        name += x;
        last = k;
        if (c) {
          ends_comma = true;
          break;
        }
      }
      i = last;
      if (name.size() > 10 &&
          equals_icase(std::string_view(name).substr(name.size() - 10), "-exception"))
        name.resize(name.size() - 10);
      if (!name.empty()) add_exception(name);
      closed = ends_comma;
      continue;
    }
    if (auto at = joined_with(w); at != std::string_view::npos) {
      Mapped m = map_name(w.substr(0, at));
      if (!m.known) unknown.push_back(std::string(w.substr(0, at)));
      append_term(m.spdx);
      last_term = m.spdx;
      add_exception(w.substr(at + 6, w.size() - at - 6 - 10));
      closed = comma;
      continue;
    }
    Mapped m = map_name(w);
    if (!m.known) unknown.push_back(std::string(w));
    append_term(m.spdx);
    last_term = m.spdx;
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
  std::string license_text;  // the continuation lines of the License field
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
      } else if (field == "License" && cur.license_text.size() < kExceptionTextCap) {
        cur.license_text += trim(line);
        cur.license_text += '\n';
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
      field = "License";
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
    // The exception a licence's text states: the stanza's own License paragraph, else the
    // stand-alone License paragraph of the same synopsis (case-insensitive). Each paragraph is
    // read once (a synopsis repeated in many stanzas costs no re-reading).
    std::unordered_map<std::string, std::string_view> standalone;  // synopsis -> text
    for (const auto& s : all)
      if (!trim(s.license_text).empty()) standalone.emplace(to_lower(s.license), s.license_text);
    std::unordered_map<const char*, std::string_view> read;  // paragraph -> exception
    auto exception_of = [&](const Stanza& s) -> std::string_view {
      if (to_lower(s.license).find("with") == std::string::npos) return {};
      std::string_view text = s.license_text;
      if (trim(text).empty()) {
        auto it = standalone.find(to_lower(s.license));
        if (it == standalone.end()) return {};
        text = it->second;
      }
      auto [it, fresh] = read.emplace(text.data(), std::string_view());
      if (fresh) it->second = exception_from_text(text);
      return it->second;
    };
    auto add = [&](const Stanza& s) {
      // The AND terms one by one: the package's licence set, without repeats.
      for (auto& a : top_level_and(synopsis_expression(s.license, exception_of(s), out.unknown)))
        if (!a.empty() && std::find(terms.begin(), terms.end(), a) == terms.end())
          terms.push_back(std::move(a));
    };
    for (const auto& s : all)
      if (!s.files.empty() && !s.license.empty() && !packaging_only(s.files)) add(s);
    if (terms.empty()) {
      // Only a header licence, or only packaging stanzas: the header's licence is the package's.
      for (const auto& s : all)
        if (s.header && !s.license.empty()) add(s);
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
