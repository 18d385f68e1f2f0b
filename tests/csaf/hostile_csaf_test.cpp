// Hostile CSAF input: the nesting limit on branches (and the JSON pre-scan), the hand-written
// shape checks that replaced std::regex (same verdicts, linear on long input), and key selection
// for signing by full fingerprint only.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/csaf/detail.hpp"
#include "shared.hpp"

namespace bulwark::csaf {
namespace {

namespace fs = std::filesystem;

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

// `depth` nested branches; the product sits in the innermost one.
std::string branches(std::size_t depth) {
  return R"({"document":{"csaf_version":"2.0","category":"csaf_vex","tracking":{"id":"X-1"}},"product_tree":{"branches":[)" +
         repeat(R"({"category":"vendor","name":"v","branches":[)", depth - 1) +
         R"({"category":"product_version","name":"1","product":{"product_id":"P","name":"p"}})" +
         repeat("]}", depth - 1) +
         R"(]},"vulnerabilities":[{"cve":"CVE-2099-0001","product_status":{"known_not_affected":["P"]}}]})";
}

TEST(HostileCsaf, BranchesNestUpToTheLimitOfTheDocument) {
  // Each branch level is two JSON levels ([ and {); the document adds four: 48 levels fit in 100.
  auto ok = read_vex(branches(48), "ok.json");
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->statements.size(), 1u);
  auto deep = read_vex(branches(20000), "deep.json");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(
      deep.error().message.starts_with("deep.json: nesting deeper than 100 at line 1, column "))
      << deep.error().message;
}

TEST(HostileCsaf, NumberOutOfRangeIsAnErrorNotAnException) {
  auto r = read_vex(R"({"document":{"csaf_version":"2.0","x":1e999999}})", "big.json");
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with("big.json")) << r.error().message;
}

TEST(HostileCsaf, ShapeChecksWithoutRegex) {
  using namespace detail;
  EXPECT_TRUE(is_rfc3339("2026-01-05T00:00:00Z"));
  EXPECT_TRUE(is_rfc3339("2026-01-05T00:00:00.123+01:30"));
  EXPECT_FALSE(is_rfc3339("2026-01-05t00:00:00Z"));  // the CSAF schema pattern wants 'T' and 'Z'
  EXPECT_FALSE(is_rfc3339("2026-01-05T00:00:00."));
  EXPECT_FALSE(is_rfc3339("2026-13-05T00:00:00Z"));  // shape ok, date not
  EXPECT_TRUE(is_rfc3339("2026-01-05T00:00:00." + std::string(300000, '1') + "Z"));
  EXPECT_FALSE(is_rfc3339("2026-01-05T00:00:00." + std::string(300000, '1') + "X"));

  EXPECT_TRUE(is_integer_version("0"));
  EXPECT_TRUE(is_integer_version("42"));
  EXPECT_FALSE(is_integer_version("042"));
  EXPECT_FALSE(is_integer_version(""));
  EXPECT_FALSE(is_integer_version("1.0"));

  for (const char* v : {"1.0.0", "0.0.1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
                        "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700",
                        "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD"})
    EXPECT_TRUE(is_semantic_version(v)) << v;
  for (const char* v : {"1", "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b",
                        "1.0.0+a+b", "1.0.0 ", "1.0.0-é"})
    EXPECT_FALSE(is_semantic_version(v)) << v;
  EXPECT_FALSE(is_semantic_version("1.0.0-" + repeat("a.", 100000)));

  for (const char* t : {"en", "de-DE", "eng", "zh-Hant-TW", "en-12345678"})
    EXPECT_TRUE(is_language_tag(t)) << t;
  for (const char* t : {"e", "engl", "en-", "en-a", "en-123456789", "en_US", "1n"})
    EXPECT_FALSE(is_language_tag(t)) << t;

  EXPECT_TRUE(is_cve("CVE-2021-44228"));
  EXPECT_TRUE(is_cve("CVE-1999-0001"));
  EXPECT_FALSE(is_cve("CVE-2021-123"));
  EXPECT_FALSE(is_cve("cve-2021-44228"));
  EXPECT_FALSE(is_cve("CVE-21-44228"));
  EXPECT_FALSE(is_cve("CVE-2021-4422x"));

  EXPECT_TRUE(looks_like_version_range("all versions"));
  EXPECT_TRUE(looks_like_version_range("Prior to 2.0"));
  EXPECT_TRUE(looks_like_version_range("<2.0"));
  EXPECT_TRUE(looks_like_version_range("vers:npm/<2.0"));
  EXPECT_FALSE(looks_like_version_range("2.0-allfixes"));
  EXPECT_FALSE(looks_like_version_range("1.0.0"));
  EXPECT_FALSE(looks_like_version_range(repeat("a ", 150000)));
}

// A throwaway key in a temporary GNUPGHOME (as in publish_test.cpp).
class TempGpgHome {
 public:
  TempGpgHome() {
    home_ = tmp_.path() / "gnupg";
    fs::create_directories(home_);
    fs::permissions(home_, fs::perms::owner_all, fs::perm_options::replace);
    auto r = test::run("gpg --homedir " + test::shell_quote(home_) +
                       " --batch --passphrase '' --quick-gen-key 'Bulwark Test "
                       "<csaf-test@example.invalid>' default default never");
    if (r.exit_code != 0) return;
    auto l = test::run("gpg --homedir " + test::shell_quote(home_) +
                       " --with-colons --list-secret-keys");
    auto pos = l.out.find("\nfpr:");
    if (pos == std::string::npos) return;
    const std::string line = l.out.substr(pos + 1, l.out.find('\n', pos + 1) - pos - 1);
    auto parts = split(line, ':');
    if (parts.size() > 9) fingerprint_ = std::string(parts[9]);
  }
  ~TempGpgHome() { test::run("gpgconf --homedir " + test::shell_quote(home_) + " --kill all"); }
  std::string home() const { return home_.string(); }
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  test::TempDir tmp_;
  fs::path home_;
  std::string fingerprint_;
};

TEST(HostileCsaf, SigningKeyOnlyByFullFingerprint) {
  if (test::run("command -v gpg").exit_code != 0)
    GTEST_SKIP() << "gpg is not installed: signing not tested";
  TempGpgHome gpg;
  ASSERT_EQ(gpg.fingerprint().size(), 40u) << "key generation failed";
  const std::string& fpr = gpg.fingerprint();
  // The full fingerprint, in either case, signs (loopback pinentry: no dialogue for this key).
  auto sig = detail::gpg_sign_detached("data", fpr, gpg.home());
  ASSERT_TRUE(sig) << sig.error().message;
  EXPECT_TRUE(sig->starts_with("-----BEGIN PGP SIGNATURE-----"));
  EXPECT_TRUE(detail::gpg_sign_detached("data", to_lower(fpr), gpg.home()));
  // Long and short key ids, a user id, a 0x prefix: ambiguous, refused before GPGME is asked.
  for (const std::string& id : {fpr.substr(24), fpr.substr(32), "0x" + fpr.substr(24),
                                std::string("csaf-test@example.invalid"), "0x" + fpr}) {
    auto r = detail::gpg_sign_detached("data", id, gpg.home());
    ASSERT_FALSE(r) << id;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << id;
    EXPECT_NE(r.error().message.find("not a full OpenPGP fingerprint"), std::string::npos)
        << r.error().message;
    auto e = detail::gpg_export_public(id, gpg.home());
    EXPECT_FALSE(e) << id;
  }
  auto missing = detail::gpg_sign_detached("data", std::string(40, 'A'), gpg.home());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace bulwark::csaf
