// Licence text fingerprints (src/bulwark/extract/license_text.hpp): one short text per licence,
// written here from the licences' key phrases (never a whole licence text), the -only /
// -or-later rule, several licences in one text, what stays unknown, hostile sizes (counted
// steps, not timings), and a differential run over this machine's /usr/share/doc/*/copyright.
#include "bulwark/extract/license_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/walker.hpp"
#include "shared.hpp"

namespace bulwark::extract {
namespace {

using Ids = std::vector<std::string>;

Ids ids(std::string_view text) { return fingerprint_license_text(text).licenses; }

TEST(LicenseText, PermissiveLicences) {
  EXPECT_EQ(ids("Permission is hereby granted, free of charge, to any person obtaining a copy\n"
                "of this software and associated documentation files (the \"Software\")"),
            Ids{"MIT"});
  EXPECT_EQ(ids("This library is released under the Expat license."), Ids{"MIT"});
  EXPECT_EQ(ids("Permission to use, copy, modify, and/or distribute this software for any\n"
                "purpose with or without fee is hereby granted, provided that the above\n"
                "copyright notice and this permission notice appear in all copies."),
            Ids{"ISC"});
  EXPECT_EQ(ids("  This software is provided 'as-is' ...\n"
                "  2. Altered source versions must be plainly marked as such, and must not be\n"
                "     misrepresented as being the original software."),
            Ids{"Zlib"});
  EXPECT_EQ(ids("Distributed under the Boost Software License, Version 1.0."), Ids{"BSL-1.0"});
  EXPECT_EQ(ids("PSF LICENSE AGREEMENT FOR PYTHON 3.11"), Ids{"PSF-2.0"});
  EXPECT_EQ(ids("This product includes software developed by the OpenSSL Project\n"
                "for use in the OpenSSL Toolkit."),
            Ids{"OpenSSL"});
  EXPECT_EQ(ids("This product includes cryptographic software written by Eric Young"),
            Ids{"OpenSSL"});
  EXPECT_EQ(ids("This is free and unencumbered software released into the public domain."),
            Ids{"Unlicense"});
  EXPECT_TRUE(fingerprint_license_text("This is free and unencumbered software released into "
                                       "the public domain.")
                  .unknown.empty());
  EXPECT_EQ(ids("To the extent possible under law, the authors waived all rights (CC0 1.0 "
                "Universal)."),
            Ids{"CC0-1.0"});
}

TEST(LicenseText, BsdClausesAreCounted) {
  const std::string redistribution =
      " * Redistribution and use in source and binary forms, with or without\n"
      " * modification, are permitted provided that the following conditions are met:\n"
      " * 1. Redistributions of source code must retain the above copyright notice.\n"
      " * 2. Redistributions in binary form must reproduce the above copyright notice.\n";
  const std::string name =
      " * 3. Neither the name of the project nor the names of its contributors may\n"
      " *    be used to endorse or promote products derived from this software.\n";
  const std::string advert =
      " * 3. All advertising materials mentioning features or use of this software\n"
      " *    must display the following acknowledgement.\n";
  EXPECT_EQ(ids(redistribution), Ids{"BSD-2-Clause"});
  EXPECT_EQ(ids(redistribution + name), Ids{"BSD-3-Clause"});
  EXPECT_EQ(ids(redistribution + advert + name), Ids{"BSD-4-Clause"});
  // Two licence texts: each redistribution sentence is read with the clauses after it.
  EXPECT_EQ(ids(redistribution + "\n---\n" + redistribution + name),
            (Ids{"BSD-2-Clause", "BSD-3-Clause"}));
  EXPECT_EQ(ids("Files: src/*  License: BSD-3-clause"), Ids{"BSD-3-Clause"});
}

TEST(LicenseText, ApacheFullTextAndNotice) {
  EXPECT_EQ(ids("                                 Apache License\n"
                "                           Version 2.0, January 2004\n"),
            Ids{"Apache-2.0"});
  EXPECT_EQ(ids("// Licensed under the Apache License, Version 2.0 (the \"License\");\n"
                "// you may not use this file except in compliance with the License."),
            Ids{"Apache-2.0"});
}

TEST(LicenseText, MozillaArtisticAndPerl) {
  EXPECT_EQ(ids("# This Source Code Form is subject to the terms of the Mozilla Public\n"
                "# License, v. 2.0. If a copy of the MPL was not distributed with this file,"),
            Ids{"MPL-2.0"});
  EXPECT_EQ(ids("This library is free software; you can redistribute it and/or modify\n"
                "it under the same terms as Perl itself."),
            Ids{"(Artistic-1.0-Perl OR GPL-1.0-or-later)"});
  // Debian's pointers to the two texts of Perl's licence belong to it.
  EXPECT_EQ(ids("under the same terms as Perl itself.\n On Debian systems the GNU General "
                "Public License version 1 is in /usr/share/common-licenses/GPL-1 and the "
                "Artistic Licence in /usr/share/common-licenses/Artistic."),
            Ids{"(Artistic-1.0-Perl OR GPL-1.0-or-later)"});
  EXPECT_EQ(ids("Copyright 2020 X. This is distributed under the Artistic License 2.0."),
            Ids{"Artistic-2.0"});
}

TEST(LicenseText, GnuOnlyAndOrLater) {
  // "either version N ..., or (at your option) any later version" -> -or-later.
  EXPECT_EQ(ids("This program is free software; you can redistribute it and/or modify\n"
                "it under the terms of the GNU General Public License as published by\n"
                "the Free Software Foundation; either version 2 of the License, or\n"
                "(at your option) any later version."),
            Ids{"GPL-2.0-or-later"});
  // A plain version -> -only.
  EXPECT_EQ(ids("This program is free software: you can redistribute it under the terms of\n"
                "the GNU General Public License version 3 as published by the Free Software\n"
                "Foundation."),
            Ids{"GPL-3.0-only"});
  EXPECT_EQ(ids("GPL-2+"), Ids{"GPL-2.0-or-later"});
  EXPECT_EQ(ids("licensed GPLv3+"), Ids{"GPL-3.0-or-later"});
  EXPECT_EQ(ids("GPL v2 only"), Ids{"GPL-2.0-only"});
  EXPECT_EQ(ids("under the GNU Library General Public License as published by the Free\n"
                "Software Foundation; either version 2 of the License, or (at your option)\n"
                "any later version."),
            Ids{"LGPL-2.0-or-later"});
  EXPECT_EQ(ids("the GNU Lesser General Public Licence, version 2.1"), Ids{"LGPL-2.1-only"});
  EXPECT_EQ(ids("GNU LGPL v3 or later"), Ids{"LGPL-3.0-or-later"});
  EXPECT_EQ(ids("the GNU Affero General Public License as published by the Free Software\n"
                "Foundation, either version 3 of the License, or (at your option) any later\n"
                "version."),
            Ids{"AGPL-3.0-or-later"});
  EXPECT_EQ(ids("under the terms of the GNU Free Documentation License, Version 1.3 or any\n"
                "later version published by the Free Software Foundation"),
            Ids{"GFDL-1.3-or-later"});
  // The LGPL-2.1 speaking of "the ordinary GNU General Public License" is no GPL statement.
  EXPECT_EQ(ids("GNU Lesser General Public License version 2.1. You may apply the terms of\n"
                "the ordinary GNU General Public License, version 2, instead"),
            Ids{"LGPL-2.1-only"});
}

TEST(LicenseText, DebianCommonLicencesPointers) {
  // The pointer names the version; with no "later" anywhere it is -only.
  EXPECT_EQ(ids("See /usr/share/common-licenses/GPL-2."), Ids{"GPL-2.0-only"});
  // With the grant's "or later" the pointer is the same licence, not a second one.
  EXPECT_EQ(ids("under the terms of the GNU General Public License as published by the\n"
                "Free Software Foundation; either version 2, or (at your option) any later\n"
                "version.\n\nOn Debian systems, the complete text of the GNU General Public\n"
                "License can be found in `/usr/share/common-licenses/GPL-2'."),
            Ids{"GPL-2.0-or-later"});
  // "version 2 or later" covers a pointer to the GPL-3 text.
  EXPECT_EQ(ids("GPL version 2 or later; see /usr/share/common-licenses/GPL-3"),
            Ids{"GPL-2.0-or-later"});
  EXPECT_EQ(ids("/usr/share/common-licenses/LGPL-2.1"), Ids{"LGPL-2.1-only"});
  EXPECT_EQ(ids("/usr/share/common-licenses/Apache-2.0"), Ids{"Apache-2.0"});
  EXPECT_EQ(ids("/usr/share/common-licenses/Artistic"), Ids{"Artistic-1.0-Perl"});
  EXPECT_EQ(ids("/usr/share/common-licenses/BSD"), Ids{"BSD-3-Clause"});
  EXPECT_EQ(ids("/usr/share/common-licenses/MPL-2.0"), Ids{"MPL-2.0"});
  EXPECT_EQ(ids("/usr/share/common-licenses/GFDL-1.3"), Ids{"GFDL-1.3-only"});
  EXPECT_EQ(ids("/usr/share/common-licenses/CC0-1.0"), Ids{"CC0-1.0"});
}

TEST(LicenseText, TwoLicencesInOneText) {
  auto fp = fingerprint_license_text(
      "The library is under the GNU LGPL version 2.1 or later; the tools are licensed under\n"
      "the Apache License, Version 2.0.");
  EXPECT_EQ(fp.licenses, (Ids{"Apache-2.0", "LGPL-2.1-or-later"}));
  EXPECT_TRUE(fp.unknown.empty());
}

TEST(LicenseText, AlternativesAreOneOrExpression) {
  EXPECT_EQ(ids("This library is dual licensed under the MIT license or the Apache License,\n"
                "Version 2.0, at your choice."),
            Ids{"(MIT OR Apache-2.0)"});
  EXPECT_EQ(ids("You may use this file under either the Mozilla Public License Version 2.0 or\n"
                "the GNU General Public License version 2 or later."),
            Ids{"(MPL-2.0 OR GPL-2.0-or-later)"});
  // "or, at your option," between the two names.
  EXPECT_EQ(ids("Distributed under the GNU LGPL version 2.1, or at your option under the MIT\n"
                "license."),
            Ids{"(LGPL-2.1-only OR MIT)"});
  // "dual licensed under ... and ..." is a choice too.
  EXPECT_EQ(ids("Dual licensed under the MIT license and the GPL version 2."),
            Ids{"(MIT OR GPL-2.0-only)"});
  // A licence also named on its own stays in the set beside the alternative.
  EXPECT_EQ(ids("The tools are under the GNU GPL version 3 or later. The library is available\n"
                "under either the GNU LGPL version 3 or later or the GPL version 2 or later."),
            (Ids{"(LGPL-3.0-or-later OR GPL-2.0-or-later)", "GPL-3.0-or-later"}));
  // No word of choice: "or" alone between two names is not read as an alternative.
  EXPECT_EQ(ids("Parts are under the MIT license or under the ISC license, see each file header."),
            (Ids{"ISC", "MIT"}));
  // Nor is a sentence between them.
  EXPECT_EQ(ids("Either way, the code is under the MIT license. Documentation: see the\n"
                "manual, or the Apache License, Version 2.0."),
            (Ids{"Apache-2.0", "MIT"}));
  // The GNU "either version 2 ..., or (at your option) any later version" stays one licence.
  EXPECT_EQ(ids("under the terms of the GNU General Public License as published by the Free\n"
                "Software Foundation; either version 2 of the License, or (at your option)\n"
                "any later version."),
            Ids{"GPL-2.0-or-later"});
}

TEST(LicenseText, ExceptionsAttachToTheGnuLicenceTheyExtend) {
  EXPECT_EQ(ids("GCC is free software; you can redistribute it under the terms of the GNU GPL\n"
                "version 3 or later. Files of the runtime libraries are also under the\n"
                "GCC RUNTIME LIBRARY EXCEPTION, Version 3.1."),
            (Ids{"GPL-3.0-or-later", "GPL-3.0-or-later WITH GCC-exception-3.1"}));
  EXPECT_EQ(ids("Licensed under the GNU General Public License version 2 only. NOTE! This\n"
                "copyright does *not* cover user programs that use kernel services by normal\n"
                "system calls."),
            (Ids{"GPL-2.0-only", "GPL-2.0-only WITH Linux-syscall-note"}));
  // Two GPL licences the exception could extend: reported, not attached.
  auto two = fingerprint_license_text(
      "Under the GNU GPL version 2; parts under the GNU GPL version 3 or later. As a special\n"
      "exception, you may create a larger work that contains part or all of the Bison parser\n"
      "skeleton and distribute that work under terms of your choice.");
  EXPECT_EQ(two.licenses, (Ids{"GPL-2.0-only", "GPL-3.0-or-later"}));
  EXPECT_EQ(two.unknown, Ids{"the exception Bison-exception-2.2 (several GNU licences it may "
                             "extend: not attached)"});
  // No GPL-2 for the Classpath exception: reported.
  auto none = fingerprint_license_text(
      "Licensed under the MIT license. As a special exception, the copyright holders of this\n"
      "library give you permission to link this library with independent modules to produce\n"
      "an executable, regardless of the license terms of these independent modules.");
  EXPECT_EQ(none.licenses, Ids{"MIT"});
  EXPECT_EQ(none.unknown, Ids{"the exception Classpath-exception-2.0 (no GNU licence it extends: "
                              "not attached)"});
}

TEST(LicenseText, UnknownIsReportedNeverGuessed) {
  auto gpl = fingerprint_license_text(
      "This program is distributed under the terms of the GNU General Public License.");
  EXPECT_TRUE(gpl.licenses.empty());
  EXPECT_EQ(gpl.unknown, Ids{"GNU GPL without a version"});
  // Mentions outside a grant ("a copy of the GNU GPL") report nothing.
  EXPECT_TRUE(fingerprint_license_text("You should have received a copy of the GNU General "
                                       "Public License along with this program.")
                  .unknown.empty());
  auto custom = fingerprint_license_text(
      "Permission to use, copy, modify, and distribute this software and its documentation\n"
      "for any purpose and without fee is hereby granted, provided that ...");
  EXPECT_TRUE(custom.licenses.empty());
  EXPECT_EQ(custom.unknown, Ids{"a permission notice ('permission to use, copy, modify') of a "
                                "licence not recognised"});
  auto mitlike = fingerprint_license_text("Permission is hereby granted to use this file.");
  EXPECT_TRUE(mitlike.licenses.empty());
  EXPECT_EQ(mitlike.unknown.size(), 1u);
  auto pd = fingerprint_license_text("This file is in the public domain.");
  EXPECT_TRUE(pd.licenses.empty());
  EXPECT_EQ(pd.unknown, Ids{"a public-domain statement (no licence identifier)"});
  // A version the family does not have is no version.
  EXPECT_EQ(fingerprint_license_text("licensed under GPL version 7").unknown,
            Ids{"GNU GPL without a version"});
  auto none = fingerprint_license_text("Copyright 2024 Someone. All rights reserved.");
  EXPECT_TRUE(none.licenses.empty());
  EXPECT_TRUE(none.unknown.empty());
  EXPECT_TRUE(fingerprint_license_text("").licenses.empty());
}

// A text made of the table's phrases cut one word short, again and again: every position
// starts candidate phrases and GNU windows. The counted work stays within the table's bound
// per word, doubling the input doubles it, and beyond the cap nothing more is read.
std::string hostile(std::size_t bytes) {
  const std::string unit =
      "permission is hereby granted free of charge to any person obtaining a copy of this "
      "gnu general public license as published by the free software foundation either version "
      "redistribution and use in source and binary forms with or without modification are "
      "gpl gpl version general public license lgpl ";
  std::string s;
  s.reserve(bytes);
  while (s.size() + unit.size() <= bytes) s += unit;
  s.resize(bytes, ' ');
  return s;
}

TEST(LicenseText, HostileSizesStayLinear) {
  const std::size_t bound = license_text_steps_per_token();
  auto half = fingerprint_license_text(hostile(kLicenseTextCap / 2));
  auto full = fingerprint_license_text(hostile(kLicenseTextCap));
  EXPECT_FALSE(full.truncated);
  ASSERT_GT(half.tokens, 100000u);
  EXPECT_LE(half.steps, bound * half.tokens);
  EXPECT_LE(full.steps, bound * full.tokens);
  // Linear, not quadratic: twice the text, about twice the work.
  EXPECT_LE(full.steps, 2 * half.steps + 2 * bound);
  auto huge = fingerprint_license_text(hostile(std::size_t{64} << 20));
  EXPECT_TRUE(huge.truncated);
  // The cap cuts the text (it is read up to kLicenseTextCap bytes, as the full-size one).
  EXPECT_LE(huge.tokens, full.tokens + 64);
  EXPECT_GE(huge.tokens + 64, full.tokens);
  EXPECT_LE(huge.steps, bound * huge.tokens);
  // No separators at all: one long word.
  auto word = fingerprint_license_text(std::string(std::size_t{64} << 20, 'a'));
  EXPECT_TRUE(word.truncated);
  EXPECT_EQ(word.tokens, 1u);
  EXPECT_TRUE(word.licenses.empty());
}

// --- language packages' licence files -------------------------------------------------------

std::string evidence(const Component& c) {
  for (const auto& [k, v] : c.properties)
    if (k == "bulwark:license-evidence") return v;
  return {};
}

const Component* named(const Sbom& s, std::string_view name) {
  for (const auto& c : s.components)
    if (c.name == name) return &c;
  return nullptr;
}

void put(const std::filesystem::path& p, std::string_view text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

TEST(LicenseTextFiles, NpmAndPythonPackagesWithoutDeclaredLicence) {
  bulwark::test::TempDir tmp;
  const std::filesystem::path r = tmp.path();
  put(r / "app/node_modules/.package-lock.json",
      R"({"name": "app", "lockfileVersion": 3, "packages": {
        "node_modules/declared": {"version": "1.0.0", "license": "MIT"},
        "node_modules/plain": {"version": "2.0.0"},
        "node_modules/@s/scoped": {"version": "3.0.0"},
        "node_modules/twice": {"version": "1.0.0"},
        "node_modules/declared/node_modules/twice": {"version": "0.9.0"}}})");
  // The declared licence wins over the file.
  put(r / "app/node_modules/declared/LICENSE", "Licensed under the Apache License, Version 2.0");
  put(r / "app/node_modules/plain/LICENSE.md",
      "Permission to use, copy, modify, and/or distribute this software for any purpose with or "
      "without fee is hereby granted, provided that the above copyright notice and this "
      "permission notice appear in all copies.");
  put(r / "app/node_modules/@s/scoped/COPYING",
      "under the terms of the GNU LGPL version 3 or later");
  // Two licence files of one name that disagree: left unknown, noted.
  put(r / "app/node_modules/twice/LICENSE", "Released under the MIT license.");
  put(r / "app/node_modules/declared/node_modules/twice/LICENSE",
      "Distributed under the Boost Software License, Version 1.0.");
  put(r / "lib/site-packages/Foo_Bar-1.2.dist-info/METADATA",
      "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.2\n\n");
  put(r / "lib/site-packages/Foo_Bar-1.2.dist-info/licenses/LICENSE",
      "# Licensed under the Apache License, Version 2.0");
  put(r / "lib/site-packages/other-1.0.dist-info/METADATA",
      "Metadata-Version: 2.1\nName: other\nVersion: 1.0\n\n");
  put(r / "lib/site-packages/other-1.0.dist-info/LICENSE.txt",
      "This program is distributed under the GNU General Public License.");
  InventoryReport report;
  auto s = inventory(r.string(), {}, &report);
  ASSERT_TRUE(s) << s.error().message;
  const Component* declared = named(*s, "declared");
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->licenses, Ids{"MIT"});
  EXPECT_EQ(evidence(*declared), "");
  const Component* plain = named(*s, "plain");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->licenses, Ids{"ISC"});
  EXPECT_EQ(evidence(*plain), "fingerprint: app/node_modules/plain/LICENSE.md");
  const Component* scoped = named(*s, "@s/scoped");
  ASSERT_TRUE(scoped);
  EXPECT_EQ(scoped->licenses, Ids{"LGPL-3.0-or-later"});
  for (const auto& c : s->components)
    if (c.name == "twice") EXPECT_TRUE(c.licenses.empty()) << c.version;
  const Component* py = named(*s, "Foo_Bar");
  ASSERT_TRUE(py);
  EXPECT_EQ(py->licenses, Ids{"Apache-2.0"});
  EXPECT_EQ(evidence(*py), "fingerprint: lib/site-packages/Foo_Bar-1.2.dist-info/licenses/LICENSE");
  const Component* other = named(*s, "other");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->licenses.empty());
  auto noted = [&](std::string_view what) {
    return std::any_of(report.notes.begin(), report.notes.end(),
                       [&](const std::string& n) { return n.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(noted("twice: its licence files disagree"));
  EXPECT_TRUE(
      noted("other: lib/site-packages/other-1.0.dist-info/LICENSE.txt: GNU GPL without a "
            "version (left unknown, not guessed)"));
  // A licence file of a package whose metadata declares a licence is not noted.
  EXPECT_FALSE(noted("app/node_modules/declared/LICENSE"));
}

// --- differential: this machine's Debian copyright files -------------------------------------

// The licence family of a licence name: "GPL-2.0-or-later" -> "gpl", "BSD-4-clause-UC" -> "bsd".
// Debian's and SPDX's names of one licence count as one family.
std::string family(std::string_view name) {
  std::string s = to_lower(name);
  if (s.starts_with("licenseref-")) s.erase(0, 11);
  std::size_t end = 0;
  while (end < s.size() && s[end] >= 'a' && s[end] <= 'z') ++end;
  s.resize(end);
  if (s == "x" || s == "expat") return "mit";
  if (s == "python") return "psf";
  if (s == "boost") return "bsl";
  if (s == "bzip") return "bsd";
  return s;
}

// The families of the ids in a fingerprint's licence ("(Artistic-1.0-Perl OR GPL-1.0-or-later)",
// "GPL-3.0-or-later WITH GCC-exception-3.1": an exception is no licence family).
std::set<std::string> families(std::string_view id) {
  std::set<std::string> out;
  bool exception = false;
  for (std::string_view w : split(id, ' ')) {
    while (!w.empty() && (w.front() == '(')) w.remove_prefix(1);
    while (!w.empty() && (w.back() == ')')) w.remove_suffix(1);
    if (std::exchange(exception, w == "WITH") || w == "WITH") continue;
    if (!w.empty() && w != "AND" && w != "OR") out.insert(family(w));
  }
  return out;
}

// The families the fingerprints can name; a declared name outside them is a custom licence.
const std::set<std::string> kKnown{"gpl",       "lgpl",   "agpl", "gfdl",    "mit",      "bsd",
                                   "isc",       "apache", "mpl",  "zlib",    "artistic", "cc",
                                   "unlicense", "bsl",    "psf",  "openssl", "public"};
// Families whose text a custom-named licence of Debian's often is (an MIT or BSD text under
// "SGI-2", "installsh", "ISC+IBM", "permissive-fsf", ...).
const std::set<std::string> kPermissive{"mit", "bsd", "isc", "zlib", "openssl"};

struct Declared {
  std::set<std::string> families;  // of every name and of every part of a name ("GPL2" in
                                   // "Apache-2.0-with-GPL2-LGPL2-Exception")
  bool custom = false;
};

// Every "License:" synopsis of the file, packaging stanzas and standalone paragraphs included
// (the fingerprints read the whole text).
Declared declared(std::string_view text) {
  Declared d;
  for (std::string_view line : split(text, '\n')) {
    if (line.size() < 8 || !equals_icase(line.substr(0, 8), "license:")) continue;
    bool after_with = false;
    for (std::string_view w : split(line.substr(8), ' ')) {
      while (!w.empty() && (w.back() == ',' || w.back() == ')' || w.back() == '\r'))
        w.remove_suffix(1);
      while (!w.empty() && w.front() == '(') w.remove_prefix(1);
      if (w.empty() || equals_icase(w, "and") || equals_icase(w, "or") ||
          equals_icase(w, "exception"))
        continue;
      if (equals_icase(w, "with")) {
        after_with = true;
        continue;
      }
      if (after_with) {  // the exception's name
        after_with = false;
        continue;
      }
      const std::string f = family(w);
      d.families.insert(f);
      d.custom = d.custom || !kKnown.count(f);
      for (std::string_view part : split(w, '-')) d.families.insert(family(part));
    }
  }
  return d;
}

// What the DEP-5 files of this machine say beyond their License fields (checked by hand, with
// the reason); a contradiction outside this list fails the test.
struct Explained {
  std::string_view package_prefix;
  std::string_view family;
  std::string_view why;
};
constexpr std::array kExplained{
    Explained{"libasound2", "lgpl", "declared as 'LPGL-2.1+' (a typo) over an LGPL-2.1+ text"},
    Explained{"libevent", "lgpl",
              "'copy of GNU Lesser General Public License version 2 is "
              "also located at .../GPL-2' in the GPL-2+ paragraph"},
    Explained{"libgdbm", "lgpl", "the same sentence as libevent's, versions 2 and 3"},
    Explained{"libreadline", "lgpl", "a comment: 'licensed under LGPL-2.1+', in no field"},
    Explained{"readline-common", "lgpl", "the same comment"},
    Explained{"libpq", "artistic", "'double-metaphone' is 'the same terms as Perl itself'"},
    Explained{"libpq", "gpl", "the same (Perl's licence is Artistic or GPL-1+)"},
    Explained{"postgresql", "artistic", "the same as libpq"},
    Explained{"postgresql", "gpl", "the same as libpq"},
    Explained{"openjdk-", "apache", "third-party notices quoted in the file, in no field"},
    Explained{"openjdk-", "mpl", "the same"},
    Explained{"openjdk-", "isc", "the same"},
    Explained{"openjdk-", "cc", "the same"},
    Explained{"libipt", "bsd", "the 'Expat' paragraph holds a BSD-3-Clause text"},
    Explained{"node-spdx-license-ids", "unlicense",
              "the Unlicense text under the name 'public-domain'"},
};

TEST(LicenseTextDifferential, ThisMachinesDebianCopyrightFiles) {
  namespace fs = std::filesystem;
  const fs::path doc = "/usr/share/doc";
  std::unique_ptr<Extractor> copyright;
  for (auto& e : os_package_extractors())
    if (e->name() == "os/debian-copyright") copyright = std::move(e);
  ASSERT_TRUE(copyright);
  std::size_t free_form = 0, free_form_licensed = 0, dep5 = 0;
  std::vector<std::string> contradictions, explained;
  std::error_code ec;
  for (fs::directory_iterator it(doc, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string package = it->path().filename().string();
    const fs::path file = it->path() / "copyright";
    if (!fs::is_regular_file(file, ec)) continue;
    auto content = read_file(file.string());
    if (!content) continue;
    const std::string path = "usr/share/doc/" + package + "/copyright";
    FileInfo info{path, content->size(), false};
    if (!copyright->wants(info)) continue;
    auto inv = copyright->extract(ScanInput{info, *content, nullptr});
    ASSERT_TRUE(inv) << path << ": " << inv.error().message;
    ASSERT_LE(inv->licenses.size(), 1u);
    if (!inv->licenses.empty() && !inv->licenses[0].fingerprint.empty()) {
      ++free_form;
      EXPECT_EQ(inv->licenses[0].fingerprint, path);
      if (!inv->licenses[0].licenses.empty()) ++free_form_licensed;
      continue;
    }
    ++dep5;
    const Declared d = declared(*content);
    for (const auto& id : fingerprint_license_text(*content).licenses)
      for (const auto& f : families(id)) {
        if (d.families.count(f) || (d.custom && kPermissive.count(f))) continue;
        const std::string what = path + ": the text names " + id;
        bool known = false;
        for (const auto& e : kExplained)
          known = known || (package.starts_with(e.package_prefix) && e.family == f);
        (known ? explained : contradictions).push_back(what);
      }
  }
  if (free_form + dep5 == 0) GTEST_SKIP() << doc << " holds no copyright files here";
  std::cout << "[ diff     ] " << free_form << " free-form copyright files, " << free_form_licensed
            << " with a licence from the fingerprints (before them: 0); " << dep5
            << " DEP-5 files: " << contradictions.size() << " contradictions, " << explained.size()
            << " explained\n";
  for (const auto& c : contradictions) std::cout << "[ diff     ]   " << c << "\n";
  EXPECT_TRUE(contradictions.empty());
  EXPECT_GT(free_form_licensed * 2, free_form) << "fewer than half the free-form files placed";
}

}  // namespace
}  // namespace bulwark::extract
