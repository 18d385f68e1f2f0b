// Property test (a deterministic, seeded stand-in for fuzz/fuzz_purl.cpp): random purl-like
// strings built from the characters and pieces that matter to the grammar must either be
// rejected or parse to a canonical form that is a fixed point of parse+to_string and of build,
// in every mode.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

#include "bulwark/purl/purl.hpp"

namespace bulwark::purl {
namespace {

constexpr std::array<const char*, 44> kPieces = {"pkg:",
                                                 "pkg:",
                                                 "PKG:",
                                                 "/",
                                                 "/",
                                                 "/",
                                                 "//",
                                                 "@",
                                                 "@",
                                                 "?",
                                                 "&",
                                                 "=",
                                                 "#",
                                                 ".",
                                                 "..",
                                                 "%2F",
                                                 "%40",
                                                 "%2E",
                                                 "%25",
                                                 "%",
                                                 "%FF",
                                                 "%3A",
                                                 " ",
                                                 "+",
                                                 ":",
                                                 "a",
                                                 "B",
                                                 "z9",
                                                 "-",
                                                 "_",
                                                 "~",
                                                 "npm",
                                                 "git",
                                                 "pypi",
                                                 "composer",
                                                 "golang",
                                                 "maven",
                                                 "mlflow",
                                                 "pub",
                                                 "cpan",
                                                 "Key",
                                                 "checksum=SHA1:AB",
                                                 "repository_url=x.azuredatabricks.net",
                                                 "uuid=1"};

std::string random_purl(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 14);
  std::string s = rng() % 4 == 0 ? "" : "pkg:";
  if (rng() % 2 == 0) s += kPieces[31 + rng() % 9], s += "/";  // a registered type
  for (int i = length(rng); i > 0; --i) s += kPieces[piece(rng)];
  return s;
}

// Empty when fine, else what went wrong.
std::string check(const std::string& text, Mode mode, int& parsed_count) {
  auto p = parse(text, mode);
  if (!p) return {};
  ++parsed_count;
  std::string canonical = to_string(*p);
  auto again = parse(canonical, mode);
  if (!again) return "canonical form " + canonical + " does not parse: " + again.error().message;
  if (to_string(*again) != canonical)
    return "not a fixed point: " + canonical + " -> " + to_string(*again);
  auto rebuilt = build(*p, mode);
  if (!rebuilt) return "build of parsed components fails: " + rebuilt.error().message;
  if (to_string(*rebuilt) != canonical)
    return "build differs: " + canonical + " vs " + to_string(*rebuilt);
  return {};
}

TEST(PurlRoundTripProperty, RandomInputsRoundTripInEveryMode) {
  std::mt19937 rng(20261129);
  constexpr int kInputs = 20000;
  int parsed = 0, failures = 0;
  for (int i = 0; i < kInputs && failures < 10; ++i) {
    std::string text = random_purl(rng);
    for (Mode mode : {Mode::kStrict, Mode::kLenient, Mode::kPermissive}) {
      std::string problem = check(text, mode, parsed);
      if (!problem.empty()) {
        ++failures;
        ADD_FAILURE() << "input '" << text << "' mode " << static_cast<int>(mode) << ": "
                      << problem;
      }
    }
  }
  std::cout << "[purl-roundtrip] " << kInputs << " random inputs x 3 modes, " << parsed
            << " parsed\n";
  RecordProperty("parsed", parsed);
  EXPECT_EQ(failures, 0);
  EXPECT_GE(parsed, kInputs / 10);  // the generator must reach the interesting (valid) paths
}

}  // namespace
}  // namespace bulwark::purl
