// Debian machine-readable copyright files (DEP-5) as SPDX expressions: alternatives (" or ",
// ", or", "|") are OR, " and " / "and/or" AND; "with ... exception" becomes WITH and an SPDX
// exception id when the exception's text or an unambiguous name identifies one, and stays a
// LicenseRef- beside the licence (reported) otherwise. Every copyright file here is written for
// the test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {
namespace {

constexpr const char* kHeader =
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
    "Upstream-Name: example\n\n";

struct Read {
  std::vector<std::string> licenses;
  std::vector<std::string> unknown;
};

Read read(const std::string& stanzas) {
  static const auto extractors = all_extractors();
  const std::string content = kHeader + stanzas;
  FileInfo info{"usr/share/doc/example/copyright", content.size(), true};
  for (const auto& e : extractors) {
    if (e->name() != "os/debian-copyright") continue;
    auto inv = e->extract(ScanInput{info, content, nullptr});
    EXPECT_TRUE(inv) << (inv ? "" : inv.error().message);
    if (!inv || inv->licenses.empty()) return {};
    return {inv->licenses.front().licenses, inv->licenses.front().unknown};
  }
  ADD_FAILURE() << "no os/debian-copyright extractor";
  return {};
}

// The package's one expression ("" when none).
std::string expr(const std::string& stanzas) {
  auto r = read(stanzas);
  return r.licenses.empty() ? std::string() : r.licenses.front();
}

std::string files(const std::string& license, const std::string& text = "") {
  return "Files: *\nCopyright: 2020 Someone\nLicense: " + license + "\n" + text + "\n";
}

TEST(Dep5Licences, AlternativesAreOr) {
  EXPECT_EQ(expr(files("GPL-1+ or Artistic")), "(GPL-1.0-or-later OR Artistic-1.0-Perl)");
  EXPECT_EQ(expr(files("LGPL-3+ or GPL-2+")), "(LGPL-3.0-or-later OR GPL-2.0-or-later)");
  EXPECT_EQ(expr(files("MPL-1.1 or GPL-2+ or LGPL-2.1+")),
            "(MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later)");
  // '|' as written by some packagers, with and without spaces.
  EXPECT_EQ(expr(files("GPL-2+ | Expat")), "(GPL-2.0-or-later OR MIT)");
  EXPECT_EQ(expr(files("GPL-2+|BSD-3-clause")), "(GPL-2.0-or-later OR BSD-3-Clause)");
  // ", or" joins two groups with OR (AND binds tighter than OR in SPDX).
  EXPECT_EQ(expr(files("GPL-2+ and BSD-2-clause, or Expat")),
            "(GPL-2.0-or-later AND BSD-2-Clause OR MIT)");
}

// Short names seen in Debian 12's own copyright files (libdb5.3, coreutils, e2fsprogs, ...) that
// SPDX lists under another spelling or as such.
TEST(Dep5Licences, DebianShortNamesWithAnSpdxIdAreNoLicenseRef) {
  EXPECT_EQ(expr(files("Sleepycat and BSD-3-clause")), "Sleepycat AND BSD-3-Clause");
  EXPECT_EQ(expr(files("Ms-PL")), "MS-PL");
  EXPECT_EQ(expr(files("Latex2e")), "Latex2e");
  EXPECT_EQ(expr(files("GPL-3+ and BSD-4-clause-UC")), "GPL-3.0-or-later AND BSD-4-Clause-UC");
  EXPECT_EQ(expr(files("GFDL-NIV-1.3")), "GFDL-1.3-no-invariants-only");
  EXPECT_EQ(expr(files("GFDL-NIV-1.3+")), "GFDL-1.3-no-invariants-or-later");
  EXPECT_EQ(expr(files("TCL")), "TCL");
  // Names SPDX does not list stay LicenseRef- (reported).
  EXPECT_EQ(expr(files("TCL-like")), "LicenseRef-TCL-like");
}

TEST(Dep5Licences, AndStaysAndAndCommaClosesAGroup) {
  EXPECT_EQ(expr(files("GPL-3+ and ISC")), "GPL-3.0-or-later AND ISC");
  EXPECT_EQ(expr(files("BSD-3-clause and/or GPL-3+")), "BSD-3-Clause AND GPL-3.0-or-later");
  // SPDX precedence inside a group: AND binds tighter than OR.
  EXPECT_EQ(expr(files("GPL-1+ or Artistic, and Expat")),
            "(GPL-1.0-or-later OR Artistic-1.0-Perl) AND MIT");
  EXPECT_EQ(expr(files("Zlib, and GPL-1+ or Artistic")),
            "Zlib AND (GPL-1.0-or-later OR Artistic-1.0-Perl)");
  // Per-file stanzas: the package's set is their AND, each alternative kept whole.
  EXPECT_EQ(
      expr(files("GPL-2+") + "\nFiles: lib/*\nCopyright: x\nLicense: BSD-3-clause or GPL-2\n"),
      "GPL-2.0-or-later AND (BSD-3-Clause OR GPL-2.0-only)");
}

TEST(Dep5Licences, ExceptionsByName) {
  EXPECT_EQ(expr(files("GPL-3+ with GCC-exception-3.1")),
            "GPL-3.0-or-later WITH GCC-exception-3.1");
  EXPECT_EQ(expr(files("GPL-3+ with GCC-Runtime exception")),
            "GPL-3.0-or-later WITH GCC-exception-3.1");
  EXPECT_EQ(expr(files("GPL-2+ with GCC exception")), "GPL-2.0-or-later WITH GCC-exception-2.0");
  EXPECT_EQ(expr(files("GPL-2 with Linux-syscall-note exception")),
            "GPL-2.0-only WITH Linux-syscall-note");
  EXPECT_EQ(expr(files("GPL-2+ with Classpath exception")),
            "GPL-2.0-or-later WITH Classpath-exception-2.0");
  EXPECT_EQ(expr(files("GPL-2+ with Font exception")), "GPL-2.0-or-later WITH Font-exception-2.0");
  EXPECT_EQ(expr(files("GPL-3+ with Bison exception")),
            "GPL-3.0-or-later WITH Bison-exception-2.2");
  EXPECT_EQ(expr(files("GPL-3+ with Bison-2.2 exception")),
            "GPL-3.0-or-later WITH Bison-exception-2.2");
  EXPECT_EQ(expr(files("GPL-2+ with Texinfo exception")),
            "GPL-2.0-or-later WITH Texinfo-exception");
  // Written as one word.
  EXPECT_EQ(expr(files("GPL-3+-WITH-BISON-EXCEPTION")),
            "GPL-3.0-or-later WITH Bison-exception-2.2");
  // WITH binds tighter than OR.
  EXPECT_EQ(expr(files("GPL-2+ with Font exception or OFL-1.1")),
            "(GPL-2.0-or-later WITH Font-exception-2.0 OR LicenseRef-OFL-1.1)");
  // A licence name that merely contains "with" is a name.
  EXPECT_EQ(expr(files("BSD-3-clause-with-weird-numbering")),
            "LicenseRef-BSD-3-clause-with-weird-numbering");
}

TEST(Dep5Licences, ExceptionsByTheirText) {
  // "Autoconf" names three different texts: the paragraph decides.
  const std::string generic =
      " As a special exception to the GNU General Public License, if you\n"
      " distribute this file as part of a program that contains a\n"
      " configuration script generated by Autoconf, you may include it under\n"
      " the same distribution terms that you use for the rest of that program.\n";
  EXPECT_EQ(expr(files("GPL-3+ with Autoconf exception", generic)),
            "GPL-3.0-or-later WITH Autoconf-exception-generic");
  // The text in a stand-alone License paragraph of the same synopsis, any case.
  EXPECT_EQ(expr(files("GPL-2+ with Autoconf-data exception") +
                 "\nLicense: GPL-2+ with autoconf-DATA exception\n This program is free "
                 "software ...\n .\n" +
                 generic),
            "GPL-2.0-or-later WITH Autoconf-exception-generic");
  EXPECT_EQ(expr(files("GPL-3+ with Autoconf exception",
                       " AUTOCONF CONFIGURE SCRIPT EXCEPTION\n Version 3.0, 18 August 2009\n")),
            "GPL-3.0-or-later WITH Autoconf-exception-3.0");
  EXPECT_EQ(expr(files("GPL-2+ with Autoconf exception",
                       " As a special exception, the Free Software Foundation gives unlimited\n"
                       " permission to copy, distribute and modify the configure scripts that\n"
                       " are the output of Autoconf.\n")),
            "GPL-2.0-or-later WITH Autoconf-exception-2.0");
  // GPL-2 with a Bison exception: only the text tells 1.24 from 2.2.
  EXPECT_EQ(expr(files("GPL-2+ with Bison exception",
                       " As a special exception, when this file is copied by Bison into a\n"
                       " Bison output file, you may use that output file without restriction.\n")),
            "GPL-2.0-or-later WITH Bison-exception-1.24");
  EXPECT_EQ(expr(files("LGPL-2.1+ with runtime exception",
                       " GCC RUNTIME LIBRARY EXCEPTION\n Version 3.1, 31 March 2009\n")),
            "LGPL-2.1-or-later WITH GCC-exception-3.1");
}

TEST(Dep5Licences, UnknownExceptionsStayLicenseRefAndAreReported) {
  // No generic OpenSSL exception in the SPDX list (openvpn-, x11vnc-, ... are per project).
  auto r = read(files("GPL-2+ with OpenSSL exception",
                      " In addition, as a special exception, the copyright holders give\n"
                      " permission to link the code of portions of this program with the\n"
                      " OpenSSL library.\n"));
  ASSERT_EQ(r.licenses.size(), 1u);
  EXPECT_EQ(r.licenses[0], "GPL-2.0-or-later AND LicenseRef-OpenSSL-exception");
  EXPECT_EQ(r.unknown, std::vector<std::string>{"OpenSSL exception"});
  // A name of several words, up to "exception".
  r = read(files("BSD-3-clause with BINARY LIBRARY-LIKE PACKAGES exception"));
  ASSERT_EQ(r.licenses.size(), 1u);
  EXPECT_EQ(r.licenses[0], "BSD-3-Clause AND LicenseRef-BINARY-LIBRARY-LIKE-PACKAGES-exception");
  // "Autoconf" without its text: not guessed.
  r = read(files("GPL-3+ with Autoconf exception"));
  ASSERT_EQ(r.licenses.size(), 1u);
  EXPECT_EQ(r.licenses[0], "GPL-3.0-or-later AND LicenseRef-Autoconf-exception");
  EXPECT_EQ(r.unknown, std::vector<std::string>{"Autoconf exception"});
  // An unknown exception inside an alternative keeps the alternative.
  EXPECT_EQ(expr(files("GPL-2+ with distribution exception or Expat")),
            "(GPL-2.0-or-later AND LicenseRef-distribution-exception OR MIT)");
}

TEST(Dep5Licences, LongSynopsesStayBounded) {
  // Many stanzas sharing one long stand-alone exception text: each paragraph is read once.
  std::string body;
  for (int i = 0; i < 2000; ++i) body += " words words words words words words words words\n";
  std::string doc = "License: GPL-2+ with Foo exception\n" + body + "\n";
  for (int i = 0; i < 2000; ++i)
    doc +=
        "Files: f" + std::to_string(i) + "\nCopyright: x\nLicense: GPL-2+ with Foo exception\n\n";
  auto r = read(doc);
  ASSERT_EQ(r.licenses.size(), 1u);
  EXPECT_EQ(r.licenses[0], "GPL-2.0-or-later AND LicenseRef-Foo-exception");
  // "with" followed by more words than an exception name has: the rest are licences again.
  EXPECT_EQ(expr(files("GPL-2+ with a b c d e f g h i j exception")).substr(0, 33),
            "GPL-2.0-or-later AND LicenseRef-a");
}

}  // namespace
}  // namespace bulwark::extract
