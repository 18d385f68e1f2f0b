// publish: the CSAF provider directory (files, hashes, index.txt, changes.csv,
// provider-metadata.json against the provider schema), re-publishing, OpenPGP signatures (gpg).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "csaf_oracles.hpp"

namespace bulwark::csaf {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string advisory(const std::string& id, const std::string& date,
                     const std::string& tlp = "WHITE") {
  AdvisoryInput in = testing::sample_advisory();
  in.tracking_id = id;
  in.initial_release_date = in.revisions[0].date = "2025-01-01T00:00:00Z";
  in.current_release_date = in.revisions[1].date = date;
  in.tlp = tlp;
  in.references.clear();
  auto r = write_advisory(in);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : "";
}

std::string slurp(const fs::path& p) {
  auto r = read_file(p.string());
  EXPECT_TRUE(r) << p;
  return r ? *r : "";
}

PublishOptions options(const fs::path& out) {
  PublishOptions o;
  o.output_dir = out.string();
  o.canonical_url = "https://acme.example/.well-known/csaf/provider-metadata.json";
  return o;
}

TEST(CsafPublish, FileNameOfTrackingId) {
  EXPECT_EQ(file_name_for("ACME-SA-2026-0001"), "acme-sa-2026-0001.json");
  EXPECT_EQ(file_name_for("example_company-2020-yh4711"), "example_company-2020-yh4711.json");
  EXPECT_EQ(file_name_for("RHSA-2021:5186"), "rhsa-2021_5186.json");
  EXPECT_EQ(file_name_for("a  b/../c+1"), "a_b_c+1.json");
}

TEST(CsafPublish, DirectoryLayoutHashesIndexAndChanges) {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "csaf";
  setenv("BULWARK_NOW", "2026-03-01T00:00:00Z", 1);
  const std::string a = advisory("ACME-SA-2025-0009", "2025-12-31T23:00:00Z");
  const std::string b = advisory("ACME-SA-2026:0001", "2026-02-01T09:30:00Z");
  ASSERT_TRUE(publish({a, b}, options(out)));
  const fs::path white = out / "white";
  EXPECT_EQ(slurp(white / "2025/acme-sa-2025-0009.json"), a);
  EXPECT_EQ(slurp(white / "2026/acme-sa-2026_0001.json"), b);
  EXPECT_EQ(slurp(white / "index.txt"),
            "2025/acme-sa-2025-0009.json\n2026/acme-sa-2026_0001.json\n");
  EXPECT_EQ(slurp(white / "changes.csv"),
            "\"2026/acme-sa-2026_0001.json\",\"2026-02-01T09:30:00Z\"\n"
            "\"2025/acme-sa-2025-0009.json\",\"2025-12-31T23:00:00Z\"\n");
  // The hash files are in sha256sum/sha512sum format: the tools verify them.
  auto r = test::run("cd " + test::shell_quote(white / "2026") +
                     " && sha256sum -c acme-sa-2026_0001.json.sha256 && sha512sum -c "
                     "acme-sa-2026_0001.json.sha512");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(slurp(white / "2026/acme-sa-2026_0001.json.sha256").size(), 64 + 2 + 22 + 1u);
  const json meta = json::parse(slurp(out / "provider-metadata.json"));
  EXPECT_EQ(meta["canonical_url"], "https://acme.example/.well-known/csaf/provider-metadata.json");
  EXPECT_EQ(meta["distributions"],
            json::parse(R"([{"directory_url":"https://acme.example/.well-known/csaf/white/"}])"));
  EXPECT_EQ(meta["metadata_version"], "2.0");
  EXPECT_EQ(meta["role"], "csaf_provider");
  EXPECT_EQ(meta["last_updated"], "2026-03-01T00:00:00Z");
  EXPECT_EQ(meta["list_on_CSAF_aggregators"], true);
  EXPECT_EQ(meta["publisher"]["name"], "ACME Corp PSIRT");
  EXPECT_FALSE(meta.contains("public_openpgp_keys"));
  unsetenv("BULWARK_NOW");
  // No temporary files are left behind.
  for (const auto& e : fs::recursive_directory_iterator(out))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();

  // provider-metadata.json meets the provider schema (python3-jsonschema).
  auto shared = test::shared_dir();
  const fs::path schema =
      shared ? *shared / "corpora/csaf/csaf_2.0/json_schema/provider_json_schema.json" : fs::path();
  if (shared && fs::exists(schema) && fs::exists("/usr/bin/python3")) {
    // The provider schema refers to the CSAF schema by its $id: resolve that offline.
    const char* script =
        "import json,sys,jsonschema\n"
        "p=json.load(open(sys.argv[1])); c=json.load(open(sys.argv[2]))\n"
        "r=jsonschema.RefResolver.from_schema(p, store={c['$id']: c})\n"
        "jsonschema.validators.validator_for(p)(p, "
        "resolver=r).validate(json.load(open(sys.argv[3])))\n"
        "print('ok')\n";
    const fs::path py = tmp.path() / "validate_provider.py";
    std::ofstream(py) << script;
    auto v =
        test::run("/usr/bin/python3 " + test::shell_quote(py) + " " + test::shell_quote(schema) +
                  " " + test::shell_quote(schema.parent_path() / "csaf_json_schema.json") + " " +
                  test::shell_quote(out / "provider-metadata.json"));
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
    EXPECT_EQ(v.out, "ok\n");
  }
}

TEST(CsafPublish, RepublishAddsUpdatesAndMovesYears) {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "csaf";
  ASSERT_TRUE(publish({advisory("ACME-SA-1", "2025-06-01T00:00:00Z"),
                       advisory("ACME-SA-2", "2025-07-01T00:00:00Z")},
                      options(out)));
  // ACME-SA-1 gets a new revision in 2026: it moves; ACME-SA-2 stays; ACME-SA-3 is new (TLP:GREEN).
  ASSERT_TRUE(publish({advisory("ACME-SA-1", "2026-01-05T00:00:00Z"),
                       advisory("ACME-SA-3", "2026-01-06T00:00:00Z", "GREEN")},
                      options(out)));
  EXPECT_FALSE(fs::exists(out / "white/2025/acme-sa-1.json"));
  EXPECT_FALSE(fs::exists(out / "white/2025/acme-sa-1.json.sha256"));
  EXPECT_TRUE(fs::exists(out / "white/2026/acme-sa-1.json"));
  EXPECT_TRUE(fs::exists(out / "white/2025/acme-sa-2.json"));
  EXPECT_EQ(slurp(out / "white/index.txt"), "2025/acme-sa-2.json\n2026/acme-sa-1.json\n");
  EXPECT_EQ(slurp(out / "green/index.txt"), "2026/acme-sa-3.json\n");
  const json meta = json::parse(slurp(out / "provider-metadata.json"));
  EXPECT_EQ(meta["distributions"].size(), 2u);
}

TEST(CsafPublish, Errors) {
  test::TempDir tmp;
  PublishOptions o = options(tmp.path());
  o.canonical_url = "http://acme.example/provider-metadata.json";
  auto r = publish({}, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "canonical_url: 'http://acme.example/provider-metadata.json' is not an https URL "
            "ending in /provider-metadata.json");
  o = options(tmp.path());
  o.role = "csaf_trusted_provider";
  r = publish({}, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "role csaf_trusted_provider needs gpg_key (signed documents)");
  o = options(tmp.path());
  r = publish({"{\"document\":{\"csaf_version\":\"2.0\",\"tracking\":{\"id\":\"X\",\"current_"
               "release_date\":\"2026-01-01T00:00:00Z\"}}}"},
              o);
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().message,
      "advisory_json_docs[0]: /document/distribution/tlp/label is missing or not a TLP label");
  const std::string a = advisory("ACME-SA-1", "2026-01-05T00:00:00Z");
  r = publish({a, a}, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "advisory_json_docs[0] and [1] both publish acme-sa-1.json");
}

// Hostile nesting is refused before nlohmann's recursive parser runs: in a document to publish
// and in a document already in the directory (read back for index.txt and changes.csv).
TEST(CsafPublish, DeepNestingIsRefusedNamingTheDocument) {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "csaf";
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  auto r = publish({deep}, options(out));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message.rfind("advisory_json_docs[0]: nesting deeper than", 0), 0u)
      << r.error().message;
  ASSERT_TRUE(publish({advisory("ACME-SA-1", "2025-06-01T00:00:00Z")}, options(out)));
  std::ofstream(out / "white/2025/planted.json") << deep;
  r = publish({advisory("ACME-SA-2", "2025-07-01T00:00:00Z")}, options(out));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("planted.json: nesting deeper than"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(fs::exists(out / "white/2025/acme-sa-2.json"));  // nothing half-published
}

// A throwaway key in a temporary GNUPGHOME; the agent is stopped when the test ends.
class GpgHome {
 public:
  GpgHome() {
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
    auto line = l.out.substr(pos + 1, l.out.find('\n', pos + 1) - pos - 1);
    auto parts = split(line, ':');
    if (parts.size() > 9) fingerprint_ = std::string(parts[9]);
  }
  ~GpgHome() { test::run("gpgconf --homedir " + test::shell_quote(home_) + " --kill all"); }
  const fs::path& home() const { return home_; }
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  test::TempDir tmp_;
  fs::path home_;
  std::string fingerprint_;
};

TEST(CsafPublish, SignsWithGpgmeAndPublishesTheKey) {
  if (test::run("command -v gpg").exit_code != 0)
    GTEST_SKIP() << "gpg is not installed: signing not tested";
  GpgHome gpg;
  ASSERT_EQ(gpg.fingerprint().size(), 40u) << "key generation failed";
  test::TempDir tmp;
  const fs::path out = tmp.path() / "csaf";
  PublishOptions o = options(out);
  o.role = "csaf_trusted_provider";
  o.gpg_key = gpg.fingerprint();
  o.gnupg_home = gpg.home().string();
  o.publisher_name = "ACME Corp PSIRT";
  o.publisher_namespace = "https://acme.example";
  auto r = publish({advisory("ACME-SA-7", "2026-01-05T00:00:00Z")}, o);
  ASSERT_TRUE(r) << r.error().message;
  const fs::path doc = out / "white/2026/acme-sa-7.json";
  EXPECT_TRUE(slurp(doc.string() + ".asc").starts_with("-----BEGIN PGP SIGNATURE-----"));
  auto v = test::run("gpg --homedir " + test::shell_quote(gpg.home()) + " --verify " +
                     test::shell_quote(doc.string() + ".asc") + " " + test::shell_quote(doc));
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.err.find("Good signature"), std::string::npos) << v.err;
  // A tampered document no longer verifies.
  std::ofstream(doc, std::ios::app) << " ";
  v = test::run("gpg --homedir " + test::shell_quote(gpg.home()) + " --verify " +
                test::shell_quote(doc.string() + ".asc") + " " + test::shell_quote(doc));
  EXPECT_NE(v.exit_code, 0);
  const json meta = json::parse(slurp(out / "provider-metadata.json"));
  EXPECT_EQ(meta["role"], "csaf_trusted_provider");
  ASSERT_EQ(meta["public_openpgp_keys"].size(), 1u);
  EXPECT_EQ(meta["public_openpgp_keys"][0]["fingerprint"], gpg.fingerprint());
  EXPECT_EQ(meta["public_openpgp_keys"][0]["url"],
            "https://acme.example/.well-known/csaf/openpgp/" + gpg.fingerprint() + ".asc");
  EXPECT_TRUE(slurp(out / ("openpgp/" + gpg.fingerprint() + ".asc"))
                  .starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
  o.gpg_key = "0000000000000000000000000000000000000000";
  r = publish({advisory("ACME-SA-8", "2026-01-05T00:00:00Z")}, o);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with(
      "acme-sa-8.json: gpg_key 0000000000000000000000000000000000000000: no secret key"))
      << r.error().message;
}

}  // namespace
}  // namespace bulwark::csaf
