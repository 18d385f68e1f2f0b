// Licence text fingerprints: which common licences a free-form text (a Debian copyright file
// that is not machine-readable, a LICENSE/COPYING file) states, recognised by short key phrases
// of our own over a normalised token stream (lower case; punctuation, whitespace and comment
// markers collapsed; "licence" read as "license"). No licence text is stored and nothing is
// guessed: what the phrases cannot place (a GNU licence without a version, a permission notice
// of an unknown licence, a public-domain dedication) is reported, never turned into an id.
//
// The GNU family: "either version N [of the License], or (at your option) any later version",
// "version N or later", "GPL-N+" -> -or-later; a plain "version N" / "GPL-N" ->
// -only; a GNU licence named in a grant without any version is reported. Debian's pointers
// (/usr/share/common-licenses/GPL-2, LGPL-2.1, Apache-2.0, Artistic, BSD, MPL-2.0, GFDL-1.3,
// CC0-1.0) name the version. A -only statement of a version an -or-later statement of the same
// family already covers (the Debian pointer "GPL-2" next to "version 2 or later") is dropped.
//
// Alternatives: two licences named a few connecting words apart with "or" between them ("and"
// after "dual") and a word of choice ("either", "dual", "at your option", "alternatively") are
// one OR expression. Exceptions (GCC Runtime Library 3.1, Linux-syscall-note, Classpath, Bison
// 2.2, Autoconf 3.0, Texinfo) recognised by a key phrase of their text are attached with WITH to
// the one GNU licence of the set they extend (reported, not attached, when there are several).
//
// Bounded: the first kLicenseTextCap bytes are read (truncated is set beyond); matching is one
// pass over the tokens with a fixed phrase table indexed by the first word, and every
// look-around window has a fixed length, so the work is linear in the input (steps counts it).
// Internal to src/bulwark/extract (and its tests).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::extract {

inline constexpr std::size_t kLicenseTextCap = std::size_t{4} << 20;

struct LicenseFingerprint {
  // SPDX identifiers, parenthesised OR expressions ("(Artistic-1.0-Perl OR GPL-1.0-or-later)",
  // "(MIT OR Apache-2.0)" from "dual licensed under ... or ...") or "X WITH exception"
  // ("GPL-3.0-or-later WITH GCC-exception-3.1"), sorted, without repeats: the licence set is
  // their AND.
  std::vector<std::string> licenses;
  // What the text states that no identifier was given for ("GNU GPL without a version", ...),
  // sorted, without repeats. Empty licenses and empty unknown: the text names no licence at all.
  std::vector<std::string> unknown;
  bool truncated = false;  // the text was longer than kLicenseTextCap
  std::size_t tokens = 0;  // words read
  std::size_t steps = 0;   // token comparisons and window steps: linear in tokens
};

LicenseFingerprint fingerprint_license_text(std::string_view text);

// The most steps a token can cost (the phrase table's bound): steps <= this * tokens.
std::size_t license_text_steps_per_token();

}  // namespace bulwark::extract
