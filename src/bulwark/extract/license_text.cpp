// Licence text fingerprints (see license_text.hpp). The phrases below are short key phrases
// written for this table (a licence's title, its grant sentence or one distinctive clause),
// in normalised form: lower-case words separated by single spaces.
#include "bulwark/extract/license_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>

namespace bulwark::extract {
namespace {

enum class Kind : std::uint8_t {
  kGnu,         // a GNU licence named: the version comes from the words around it
  kLicense,     // names the licence `id`
  kMitText,     // the MIT/Expat grant sentence (counts against kPermission)
  kIscText,     // the ISC grant sentence (counts against kPermissionToUse)
  kUnlicense,   // the Unlicense's dedication (counts against kPublicDomain)
  kPerl,        // "same terms as Perl itself"
  kBsd,         // the BSD licences' redistribution sentence
  kBsdName,     // the non-endorsement clause (BSD-3-Clause)
  kBsdAdvert,   // the advertising clause (BSD-4-Clause)
  kPermission,  // "permission is hereby granted": some permissive licence
  kPermissionToUse,
  kPublicDomain,
  kZlibClause,  // Zlib's "altered source versions" clause (also in bzip2's BSD-style licence)
  kShadow,      // a licence's text speaking of other licences: GNU names just after are no grant
  kException,   // an exception to a GNU licence (`id` the SPDX exception id)
};

struct Phrase {
  std::string_view text;
  Kind kind;
  std::string_view id;  // SPDX id, or the GNU family ("?" when the word before decides)
};

constexpr std::string_view kPerlExpr = "(Artistic-1.0-Perl OR GPL-1.0-or-later)";

constexpr std::array kPhrases{
    Phrase{"general public license", Kind::kGnu, "?"},
    Phrase{"gpl", Kind::kGnu, "?"},
    Phrase{"lgpl", Kind::kGnu, "LGPL"},
    Phrase{"agpl", Kind::kGnu, "AGPL"},
    Phrase{"free documentation license", Kind::kGnu, "GFDL"},
    Phrase{"gfdl", Kind::kGnu, "GFDL"},
    Phrase{"permission is hereby granted free of charge to any person obtaining a copy of this "
           "software",
           Kind::kMitText, "MIT"},
    Phrase{"under the mit license", Kind::kLicense, "MIT"},
    Phrase{"under the expat license", Kind::kLicense, "MIT"},
    Phrase{"permission is hereby granted", Kind::kPermission, ""},
    Phrase{"permission to use copy modify and or distribute this software for any purpose with or "
           "without fee is hereby granted provided that the above copyright notice and this "
           "permission notice appear in all copies",
           Kind::kIscText, "ISC"},
    Phrase{"under the isc license", Kind::kLicense, "ISC"},
    Phrase{"permission to use copy modify", Kind::kPermissionToUse, ""},
    Phrase{"redistribution and use in source and binary forms with or without modification are "
           "permitted",
           Kind::kBsd, ""},
    Phrase{"neither the name", Kind::kBsdName, ""},
    Phrase{"endorse or promote products derived from this software", Kind::kBsdName, ""},
    Phrase{"all advertising materials mentioning features or use of this software must display",
           Kind::kBsdAdvert, ""},
    Phrase{"bsd 2 clause", Kind::kLicense, "BSD-2-Clause"},
    Phrase{"2 clause bsd", Kind::kLicense, "BSD-2-Clause"},
    Phrase{"bsd 3 clause", Kind::kLicense, "BSD-3-Clause"},
    Phrase{"3 clause bsd", Kind::kLicense, "BSD-3-Clause"},
    Phrase{"bsd 4 clause", Kind::kLicense, "BSD-4-Clause"},
    Phrase{"common licenses bsd", Kind::kLicense, "BSD-3-Clause"},
    Phrase{"apache license version 2.0", Kind::kLicense, "Apache-2.0"},
    Phrase{"apache license 2.0", Kind::kLicense, "Apache-2.0"},
    Phrase{"apache 2.0 license", Kind::kLicense, "Apache-2.0"},
    Phrase{"apache software license version 2.0", Kind::kLicense, "Apache-2.0"},
    Phrase{"license apache 2.0", Kind::kLicense, "Apache-2.0"},
    Phrase{"common licenses apache 2.0", Kind::kLicense, "Apache-2.0"},
    Phrase{"mozilla public license version 2.0", Kind::kLicense, "MPL-2.0"},
    Phrase{"mozilla public license 2.0", Kind::kLicense, "MPL-2.0"},
    Phrase{"mozilla public license v 2.0", Kind::kLicense, "MPL-2.0"},
    Phrase{"mpl 2.0", Kind::kLicense, "MPL-2.0"},
    Phrase{"mozilla public license version 1.1", Kind::kLicense, "MPL-1.1"},
    Phrase{"mpl 1.1", Kind::kLicense, "MPL-1.1"},
    Phrase{"altered source versions must be plainly marked as such and must not be misrepresented "
           "as being the original software",
           Kind::kZlibClause, "Zlib"},
    Phrase{"under the zlib license", Kind::kLicense, "Zlib"},
    Phrase{"same terms as perl itself", Kind::kPerl, kPerlExpr},
    Phrase{"common licenses artistic", Kind::kLicense, "Artistic-1.0-Perl"},
    Phrase{"artistic license 2.0", Kind::kLicense, "Artistic-2.0"},
    Phrase{"artistic license version 2.0", Kind::kLicense, "Artistic-2.0"},
    Phrase{"free and unencumbered software released into the public domain", Kind::kUnlicense,
           "Unlicense"},
    Phrase{"cc0 1.0", Kind::kLicense, "CC0-1.0"},
    Phrase{"creative commons zero", Kind::kLicense, "CC0-1.0"},
    Phrase{"boost software license version 1.0", Kind::kLicense, "BSL-1.0"},
    Phrase{"boost software license 1.0", Kind::kLicense, "BSL-1.0"},
    Phrase{"python software foundation license", Kind::kLicense, "PSF-2.0"},
    Phrase{"psf license agreement", Kind::kLicense, "PSF-2.0"},
    Phrase{"developed by the openssl project for use in the openssl toolkit", Kind::kLicense,
           "OpenSSL"},
    Phrase{"cryptographic software written by eric young", Kind::kLicense, "OpenSSL"},
    Phrase{"public domain", Kind::kPublicDomain, ""},
    // Exceptions to the GNU licences (attached with WITH to the GNU licence they extend).
    Phrase{"gcc runtime library exception", Kind::kException, "GCC-exception-3.1"},
    Phrase{"this copyright does not cover user programs that use kernel services by normal "
           "system calls",
           Kind::kException, "Linux-syscall-note"},
    Phrase{"permission to link this library with independent modules to produce an executable "
           "regardless of the license terms of these independent modules",
           Kind::kException, "Classpath-exception-2.0"},
    Phrase{"you may create a larger work that contains part or all of the bison parser skeleton",
           Kind::kException, "Bison-exception-2.2"},
    Phrase{"autoconf configure script exception", Kind::kException, "Autoconf-exception-3.0"},
    Phrase{"when this file is read by tex when processing a texinfo source document you may use "
           "the result without restriction",
           Kind::kException, "Texinfo-exception"},
    // MPL-2.0's definition of its secondary licences (GPL-2.0, LGPL-2.1, AGPL-3.0).
    Phrase{"secondary license means", Kind::kShadow, ""},
    // The LLVM exception to Apache-2.0 ("... with software that is licensed under the GPLv2").
    Phrase{"combine or link compiled forms of this software with software", Kind::kShadow, ""},
};

// Words that may stand between a GNU licence's name and its version ("GNU General Public
// License as published by the Free Software Foundation; either version 2") and between the
// version and "later" ("version 2 of the License, or (at your option) any later version").
constexpr std::array<std::string_view, 17> kBeforeVersion{
    "as", "published", "by",      "the", "free", "software", "foundation", "fsf",   "either",
    "of", "license",   "version", "its", "gnu",  "public",   "general",    "lesser"};
constexpr std::array<std::string_view, 13> kBeforeLater{
    "of",  "the",     "license", "or",      "at",     "your",     "option",
    "any", "version", "gnu",     "general", "public", "published"};
constexpr std::array<std::string_view, 5> kGrantWords{"under", "terms", "licensed", "license",
                                                      "licenses"};

constexpr std::size_t kVersionWindow = 16;
constexpr std::size_t kLaterWindow = 10;
constexpr std::size_t kGrantWindow = 5;
constexpr std::size_t kBsdRegion = 400;    // tokens after the redistribution sentence
constexpr std::size_t kShadowRegion = 80;  // tokens after a kShadow phrase
// Alternatives ("dual licensed under the MIT or the Apache License 2.0", "either the Artistic
// License or the GPL version 1"): two licence names at most kAltGap words apart, only
// connecting words between them, one of them "or" ("and" after "dual"), and a word of choice
// ("either", "dual", "option", "choice", ...) between them or in the kCueWindow words before
// the first.
constexpr std::size_t kAltGap = 8;
constexpr std::size_t kCueWindow = 8;
constexpr std::array<std::string_view, 20> kAltGapWords{
    "or",     "and",   "the",     "under",        "terms", "of", "license", "licenses",
    "either", "at",    "your",    "option",       "a",     "an", "choice",  "its",
    "any",    "later", "version", "alternatively"};
constexpr std::array<std::string_view, 9> kCueWords{"either",        "dual",        "dually",
                                                    "option",        "choice",      "choose",
                                                    "alternatively", "alternative", "optionally"};
constexpr std::size_t kWindowSteps =
    kVersionWindow + kLaterWindow + kGrantWindow + kAltGap + kCueWindow + 6;

struct Table {
  std::unordered_map<std::string_view, std::uint16_t> vocabulary;  // word -> id (0: other)
  std::vector<std::vector<std::uint16_t>> words;                   // per phrase
  std::vector<std::vector<std::uint16_t>> by_first;                // first word id -> phrases
  std::size_t max_bucket = 0;  // most token comparisons one position can cost
};

const Table& table() {
  static const Table t = [] {
    Table t;
    t.words.resize(kPhrases.size());
    for (std::size_t i = 0; i < kPhrases.size(); ++i) {
      std::string_view s = kPhrases[i].text;
      while (!s.empty()) {
        auto sp = s.find(' ');
        std::string_view w = s.substr(0, sp);
        auto [it, fresh] =
            t.vocabulary.emplace(w, static_cast<std::uint16_t>(t.vocabulary.size() + 1));
        t.words[i].push_back(it->second);
        s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
      }
    }
    t.by_first.resize(t.vocabulary.size() + 1);
    for (std::size_t i = 0; i < kPhrases.size(); ++i)
      t.by_first[t.words[i].front()].push_back(static_cast<std::uint16_t>(i));
    for (const auto& b : t.by_first) {
      std::size_t sum = 0;
      for (auto p : b) sum += t.words[p].size();
      t.max_bucket = std::max(t.max_bucket, sum);
    }
    return t;
  }();
  return t;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_number(std::string_view t) {
  if (t.empty() || !is_digit(t.front()) || !is_digit(t.back())) return false;
  for (char c : t)
    if (!is_digit(c) && c != '.') return false;
  return true;
}

template <std::size_t N>
bool in(const std::array<std::string_view, N>& set, std::string_view w) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// Lower-case words of letters and digits ('.' kept between digits: "2.1"), '+' a word of its
// own. "licence" reads as "license"; "gplv2" as "gpl version 2"; "v2" as "version 2".
std::vector<std::string_view> tokenize(std::string& buf) {
  std::vector<std::string_view> out;
  auto push = [&](std::string_view t) {
    if (t == "licence") t = "license";
    if (t == "licences") t = "licenses";
    for (std::string_view family : {"gpl", "lgpl", "agpl", "gfdl", "v"}) {
      if (t.size() <= family.size() || !t.starts_with(family)) continue;
      std::string_view rest = t.substr(family.size());
      if (rest.starts_with('v') && family != "v") rest.remove_prefix(1);
      if (!is_number(rest)) continue;
      if (family != "v") out.push_back(family);
      out.push_back("version");
      out.push_back(rest);
      return;
    }
    out.push_back(t);
  };
  const std::size_t n = buf.size();
  std::size_t i = 0;
  while (i < n) {
    char c = buf[i];
    if (c >= 'A' && c <= 'Z') c = buf[i] = static_cast<char>(c - 'A' + 'a');
    const bool word = (c >= 'a' && c <= 'z') || is_digit(c);
    if (!word) {
      if (c == '+') out.push_back("+");
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < n) {
      char d = buf[i];
      if (d >= 'A' && d <= 'Z') d = buf[i] = static_cast<char>(d - 'A' + 'a');
      if ((d >= 'a' && d <= 'z') || is_digit(d)) {
        ++i;
        continue;
      }
      if (d == '.' && i > start && is_digit(buf[i - 1]) && i + 1 < n && is_digit(buf[i + 1])) {
        ++i;
        continue;
      }
      break;
    }
    push(std::string_view(buf).substr(start, i - start));
  }
  return out;
}

// "2" -> "2.0" for the GPL family; "" when the family has no such version.
std::string gnu_version(std::string_view family, std::string_view v) {
  std::string s(v);
  if (s.find('.') == std::string::npos) s += ".0";
  static constexpr std::array<std::string_view, 3> kGpl{"1.0", "2.0", "3.0"};
  static constexpr std::array<std::string_view, 3> kLgpl{"2.0", "2.1", "3.0"};
  static constexpr std::array<std::string_view, 3> kAgpl{"1.0", "3.0", "3.0"};
  static constexpr std::array<std::string_view, 3> kGfdl{"1.1", "1.2", "1.3"};
  const auto& valid = family == "GPL"    ? kGpl
                      : family == "LGPL" ? kLgpl
                      : family == "AGPL" ? kAgpl
                                         : kGfdl;
  for (auto ok : valid)
    if (ok == s) return s;
  return {};
}

struct Gnu {
  std::map<std::string, bool> versions;  // version -> -or-later
  bool unversioned_grant = false;
};

// One licence named in the text: tokens [start, end), its SPDX id (for the GNU family: the
// family, version and whether later versions are allowed).
struct Mention {
  std::size_t start = 0, end = 0;
  std::string id;
  std::string_view family;  // GNU family, else ""
  std::string version;
  bool later = false;
  std::size_t group = 0;  // 1-based alternative group, 0 = none
};

}  // namespace

std::size_t license_text_steps_per_token() { return table().max_bucket + 1 + kWindowSteps; }

LicenseFingerprint fingerprint_license_text(std::string_view text) {
  LicenseFingerprint fp;
  fp.truncated = text.size() > kLicenseTextCap;
  std::string buf(text.substr(0, kLicenseTextCap));
  const std::vector<std::string_view> tok = tokenize(buf);
  const std::size_t n = tok.size();
  fp.tokens = n;
  const Table& t = table();
  std::vector<std::uint16_t> ids(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    ++fp.steps;
    if (auto it = t.vocabulary.find(tok[i]); it != t.vocabulary.end()) ids[i] = it->second;
  }

  std::map<std::string_view, Gnu> gnu;
  std::vector<std::string> found;
  std::vector<Mention> mentions;
  std::vector<std::string_view> exceptions;
  std::array<std::size_t, 16> count{};
  std::vector<std::size_t> bsd, bsd_name, bsd_advert, zlib;
  std::size_t shadow_end = 0;  // GNU names before this token are spoken of, not granted
  auto window_step = [&] { ++fp.steps; };

  auto gnu_mention = [&](std::size_t start, std::size_t end, std::string_view family) {
    if (family == "?") {
      std::size_t q = start;
      if (q > 0 && tok[q - 1] == "gnu") --q;
      std::string_view before = q > 0 ? tok[q - 1] : std::string_view();
      if (before == "ordinary") return;  // the LGPL-2.1 text speaking of the GPL
      family = before == "lesser" || before == "library" ? "LGPL"
               : before == "affero"                      ? "AGPL"
                                                         : "GPL";
    }
    std::string version;
    std::size_t k = end;
    for (; k < n && k - end < kVersionWindow; ++k) {
      window_step();
      if (is_number(tok[k]) && (k == end || tok[k - 1] == "version")) {
        version = gnu_version(family, tok[k]);
        break;
      }
      if (!in(kBeforeVersion, tok[k])) break;
    }
    if (version.empty()) {
      bool grant = end < n && tok[end] == "as";
      for (std::size_t b = start; b > 0 && start - b < kGrantWindow; --b) {
        window_step();
        grant = grant || in(kGrantWords, tok[b - 1]);
      }
      Gnu& g = gnu[family];
      g.unversioned_grant = g.unversioned_grant || grant;
      return;
    }
    bool later = k + 1 < n && tok[k + 1] == "+";
    std::size_t last = later ? k + 1 : k;
    bool said_or = false;
    for (std::size_t m = k + 1; !later && m < n && m - k <= kLaterWindow; ++m) {
      window_step();
      if (said_or && (tok[m] == "later" || tok[m] == "newer")) {
        later = true;
        last = m;
      }
      said_or = said_or || tok[m] == "or";
      if (!later && !in(kBeforeLater, tok[m])) break;
    }
    std::size_t from = start;
    if (from > 0 && tok[from - 1] == "gnu") --from;
    mentions.push_back(Mention{
        from, last + 1, std::string(family) + "-" + version + (later ? "-or-later" : "-only"),
        family, version, later});
  };

  for (std::size_t i = 0; i < n; ++i) {
    if (ids[i] == 0) continue;
    for (auto p : t.by_first[ids[i]]) {
      const auto& w = t.words[p];
      if (i + w.size() > n) continue;
      std::size_t j = 0;
      while (j < w.size()) {
        ++fp.steps;
        if (ids[i + j] != w[j]) break;
        ++j;
      }
      if (j != w.size()) continue;
      const Phrase& ph = kPhrases[p];
      ++count[static_cast<std::size_t>(ph.kind)];
      switch (ph.kind) {
        case Kind::kGnu:
          if (i >= shadow_end) gnu_mention(i, i + w.size(), ph.id);
          break;
        case Kind::kShadow:
          shadow_end = i + kShadowRegion;
          break;
        case Kind::kZlibClause:
          zlib.push_back(i);
          break;
        case Kind::kLicense:
        case Kind::kMitText:
        case Kind::kIscText:
        case Kind::kUnlicense:
        case Kind::kPerl:
          mentions.push_back(Mention{i, i + w.size(), std::string(ph.id)});
          break;
        case Kind::kException:
          exceptions.push_back(ph.id);
          break;
        case Kind::kBsd:
          bsd.push_back(i);
          break;
        case Kind::kBsdName:
          bsd_name.push_back(i);
          break;
        case Kind::kBsdAdvert:
          bsd_advert.push_back(i);
          break;
        default:
          break;
      }
    }
  }

  // Alternatives: consecutive mentions joined by "or" with a word of choice nearby form one
  // group, written "(A OR B)"; the others are licences of their own (the set's AND).
  std::sort(mentions.begin(), mentions.end(),
            [](const Mention& x, const Mention& y) { return x.start < y.start; });
  std::size_t groups = 0;
  for (std::size_t m = 0; m + 1 < mentions.size(); ++m) {
    Mention& x = mentions[m];
    Mention& y = mentions[m + 1];
    if (y.start < x.end || y.start - x.end > kAltGap) continue;
    bool said_or = false, said_and = false, cue = false, connecting = true;
    for (std::size_t k = x.end; k < y.start; ++k) {
      window_step();
      connecting = connecting && in(kAltGapWords, tok[k]);
      said_or = said_or || tok[k] == "or";
      said_and = said_and || tok[k] == "and";
      cue = cue || in(kCueWords, tok[k]);
    }
    if (!connecting) continue;
    bool dual = false;
    for (std::size_t b = x.start; b > 0 && x.start - b < kCueWindow; --b) {
      window_step();
      cue = cue || in(kCueWords, tok[b - 1]);
      dual = dual || tok[b - 1] == "dual" || tok[b - 1] == "dually";
    }
    if (!cue || !(said_or || (dual && said_and))) continue;
    if (x.group == 0) x.group = ++groups;
    y.group = x.group;
  }
  std::vector<std::vector<std::string>> alternatives(groups);
  for (const auto& m : mentions) {
    if (m.group != 0) {
      auto& a = alternatives[m.group - 1];
      if (std::find(a.begin(), a.end(), m.id) == a.end()) a.push_back(m.id);
    } else if (!m.family.empty()) {
      auto [it, fresh] = gnu[m.family].versions.emplace(m.version, m.later);
      if (!fresh) it->second = it->second || m.later;
    } else {
      found.push_back(m.id);
    }
  }
  for (const auto& a : alternatives) {
    if (a.size() == 1) {
      found.push_back(a.front());
      continue;
    }
    std::string e = "(";
    for (const auto& id : a) e += (e.size() > 1 ? " OR " : "") + id;
    found.push_back(e + ")");
  }

  // Each BSD redistribution sentence with the clauses that follow it (up to the next one). With
  // Zlib's "altered source versions" clause it is bzip2's licence; a Zlib clause outside every
  // such region is Zlib.
  std::size_t a = 0, b = 0, z = 0;
  std::size_t zlib_outside = 0;
  for (std::size_t m = 0; m < bsd.size(); ++m) {
    const std::size_t from = bsd[m];
    const std::size_t to = std::min(m + 1 < bsd.size() ? bsd[m + 1] : n, from + kBsdRegion);
    bool name = false, advert = false, altered = false;
    for (; a < bsd_name.size() && bsd_name[a] < to; ++a, ++fp.steps)
      name = name || bsd_name[a] >= from;
    for (; b < bsd_advert.size() && bsd_advert[b] < to; ++b, ++fp.steps)
      advert = advert || bsd_advert[b] >= from;
    for (; z < zlib.size() && zlib[z] < to; ++z, ++fp.steps) {
      if (zlib[z] >= from)
        altered = true;
      else
        ++zlib_outside;
    }
    found.emplace_back(altered  ? "bzip2-1.0.6"
                       : advert ? "BSD-4-Clause"
                       : name   ? "BSD-3-Clause"
                                : "BSD-2-Clause");
  }
  if (zlib_outside + (zlib.size() - z) > 0) found.emplace_back("Zlib");

  const bool perl = count[static_cast<std::size_t>(Kind::kPerl)] > 0;
  for (auto& [family, g] : gnu) {
    std::string min_later;
    for (const auto& [v, later] : g.versions)
      if (later && (min_later.empty() || v < min_later)) min_later = v;
    for (const auto& [v, later] : g.versions) {
      // Debian's pointers to the Perl licence's two texts (GPL-1, Artistic) belong to it.
      if (perl && family == "GPL" && v == "1.0") continue;
      if (!later && !min_later.empty() && v >= min_later) continue;
      found.push_back(std::string(family) + "-" + v + (later ? "-or-later" : "-only"));
    }
    if (g.versions.empty() && g.unversioned_grant)
      fp.unknown.push_back("GNU " + std::string(family == "GFDL" ? "FDL" : family) +
                           " without a version");
  }
  if (perl) std::erase(found, std::string("Artistic-1.0-Perl"));

  // An exception extends the one GNU licence of the set it is written for (GCC 3.1 and Autoconf
  // 3.0: GPL-3; Linux-syscall-note and Classpath: GPL-2); it is attached with WITH as a licence of
  // its own beside that licence (other parts may be under the licence without the exception).
  // Not attached, and reported, when the set holds none or several such licences.
  std::sort(exceptions.begin(), exceptions.end());
  exceptions.erase(std::unique(exceptions.begin(), exceptions.end()), exceptions.end());
  for (std::string_view ex : exceptions) {
    std::string_view base = ex == "GCC-exception-3.1" || ex == "Autoconf-exception-3.0" ? "GPL-3.0-"
                            : ex == "Linux-syscall-note" || ex == "Classpath-exception-2.0"
                                ? "GPL-2.0-"
                                : "GPL-";
    std::vector<std::string> bases;
    for (const auto& f : found)
      if (f.starts_with(base)) bases.push_back(f);
    if (bases.size() == 1)
      found.push_back(bases.front() + " WITH " + std::string(ex));
    else
      fp.unknown.push_back(
          "the exception " + std::string(ex) + " (" +
          (bases.empty() ? "no GNU licence it extends" : "several GNU licences it may extend") +
          ": not attached)");
  }

  auto c = [&](Kind k) { return count[static_cast<std::size_t>(k)]; };
  if (c(Kind::kPermission) > c(Kind::kMitText))
    fp.unknown.emplace_back(
        "a permission notice ('permission is hereby granted') of a licence "
        "not recognised");
  if (c(Kind::kPermissionToUse) > c(Kind::kIscText))
    fp.unknown.emplace_back(
        "a permission notice ('permission to use, copy, modify') of a "
        "licence not recognised");
  if (c(Kind::kPublicDomain) > 0 && c(Kind::kUnlicense) == 0)
    fp.unknown.emplace_back("a public-domain statement (no licence identifier)");

  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  fp.licenses = std::move(found);
  std::sort(fp.unknown.begin(), fp.unknown.end());
  fp.unknown.erase(std::unique(fp.unknown.begin(), fp.unknown.end()), fp.unknown.end());
  return fp;
}

}  // namespace bulwark::extract
