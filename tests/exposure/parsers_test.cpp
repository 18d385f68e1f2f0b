// The catalogue, the bounded configuration parsers, token rules and PEM detection.
#include <gtest/gtest.h>

#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"
#include "fixtures.hpp"

namespace bulwark::exposure::test {
namespace {

using namespace bulwark::exposure::detail;

TEST(ExposureCatalogue, CoversEveryGroupWithUniqueCompleteEntries) {
  std::set<std::string> ids, groups;
  for (const auto& c : catalogue()) {
    EXPECT_TRUE(ids.insert(std::string(c.id)).second) << "duplicate " << c.id;
    EXPECT_FALSE(c.title.empty() || c.rationale.empty() || c.remediation.empty() || c.annex.empty())
        << c.id;
    EXPECT_TRUE(c.annex.starts_with("AI.P1.2")) << c.id;
    auto second = c.id.find('.', 4);
    groups.insert(std::string(c.id.substr(0, second)));
  }
  for (auto g :
       {"EXP.BIN", "EXP.KRN", "EXP.ACC", "EXP.SVC", "EXP.SEC", "EXP.FS", "EXP.DBG", "EXP.LOG"})
    EXPECT_TRUE(groups.count(g)) << g;
  EXPECT_EQ(catalogue_sha256().size(), 64u);
  EXPECT_NE(find_check("EXP.BIN.NX"), nullptr);
  EXPECT_EQ(find_check("EXP.NOPE"), nullptr);
}

TEST(ExposureParsers, PasswdErrorNamesTheLine) {
  auto ok = parse_passwd(
      "root:x:0:0:root:/root:/bin/sh\n# comment\n\nuser::1000:1000::/home/u:/bin/sh\n");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1].name, "user");
  EXPECT_EQ((*ok)[1].line, 4u);
  EXPECT_TRUE((*ok)[1].password.empty());
  auto bad = parse_passwd("root:x:0:0:root:/root:/bin/sh\nbroken-line\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_shadow(std::string("a:b\0c", 5)));
}

TEST(ExposureParsers, InittabKeepsColonsInTheProcess) {
  auto e =
      parse_inittab("::respawn:/usr/sbin/telnetd -l /bin/sh\nttyS0::askfirst:-/bin/sh -c 'a:b'\n");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->size(), 2u);
  EXPECT_EQ((*e)[0].action, "respawn");
  EXPECT_EQ((*e)[0].process, "/usr/sbin/telnetd -l /bin/sh");
  EXPECT_EQ((*e)[1].id, "ttyS0");
  EXPECT_EQ((*e)[1].process, "-/bin/sh -c 'a:b'");
  auto bad = parse_inittab("ok::sysinit:/etc/rcS\nno-colons-here\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
}

TEST(ExposureParsers, SshdConfigKeywordsAreCaseInsensitive) {
  auto c = parse_keyword_config(
      "# x\nPermitRootLogin yes\n  PasswordAuthentication=no\nSubsystem sftp /usr/lib/sftp\n");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->size(), 3u);
  EXPECT_EQ((*c)[0].key, "permitrootlogin");
  EXPECT_EQ((*c)[0].value, "yes");
  EXPECT_EQ((*c)[1].key, "passwordauthentication");
  EXPECT_EQ((*c)[1].value, "no");
  EXPECT_EQ((*c)[1].line, 3u);
}

TEST(ExposureSecrets, ProviderTokensFoundAndPlaceholdersIgnored) {
  auto hits = find_tokens(
      "key=AKIAZ7Q2M4XW6KD3PLRT\nexample=AKIAIOSFODNN7EXAMPLE\n"
      "gh: ghp_R8fK2mQ9xV4tL7pW1nB6cZ3yH5jD0sA2eG4u\n",
      false);
  std::set<std::string> rules;
  for (const auto& h : hits) {
    rules.insert(h.rule);
    EXPECT_EQ(h.redacted.find("AKIAZ7Q2M4XW6KD3PLRT"), std::string::npos);
    EXPECT_EQ(h.redacted.find("R8fK2mQ9xV4tL7pW1nB6"), std::string::npos);
  }
  EXPECT_EQ(hits.size(), 2u);
  EXPECT_TRUE(rules.count("aws-access-key-id"));
  EXPECT_TRUE(rules.count("github-token"));
  // Keyword rules only in configuration files, with entropy and placeholder filters.
  std::string cfg = "password = Zx8#qLm2$Vt9\npassword = changeme\napi_key = aaaaaaaaaaaa\n";
  EXPECT_EQ(find_tokens(cfg, true).size(), 1u);
  EXPECT_TRUE(find_tokens(cfg, false).empty());
}

TEST(ExposureSecrets, PemObjectsConfirmedByOpenSsl) {
  auto now = *parse_rfc3339("2026-12-01T00:00:00Z");
  auto key = parse_pem_objects(make_private_key(), now);
  ASSERT_EQ(key.size(), 1u);
  EXPECT_EQ(key[0].kind, "private-key");
  EXPECT_EQ(key[0].key_type, "EC");
  EXPECT_EQ(key[0].bits, 256);
  EXPECT_FALSE(key[0].encrypted);
  EXPECT_EQ(key[0].fingerprint.size(), 64u);
  auto certs = parse_pem_objects(make_certificate("a", "20200101000000Z", "20210101000000Z") +
                                     make_certificate("b", "20250101000000Z", "20300101000000Z"),
                                 now);
  ASSERT_EQ(certs.size(), 2u);
  EXPECT_TRUE(certs[0].expired);
  EXPECT_FALSE(certs[1].expired);
  EXPECT_EQ(certs[0].not_after, "2021-01-01T00:00:00Z");
  // A marker without a parseable body is not a key (no false alarm).
  EXPECT_TRUE(
      parse_pem_objects("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n", now)
          .empty());
}

TEST(ExposureJson, RejectsAnotherSchemaVersionAndBadStatus) {
  Report r;
  r.target = "x";
  r.observations.push_back(observe("EXP.BIN.NX", Status::kPass, "a", "ok", {}));
  finish(r);
  std::string j = to_json(r);
  ASSERT_TRUE(from_json(j));
  std::string other = j;
  other.replace(other.find("\"schema_version\": 1"), 19, "\"schema_version\": 9");
  auto e = from_json(other);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kUnsupported);
  std::string bad = j;
  bad.replace(bad.find("\"status\": \"pass\""), 16, "\"status\": \"maybe\"");
  auto s = from_json(bad);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("/observations/0/status"), std::string::npos)
      << s.error().message;
}

}  // namespace
}  // namespace bulwark::exposure::test

namespace bulwark::exposure::test {
namespace {

TEST(ExposureDocs, CatalogueTableMatchesTheData) {
  auto text = read_file((bulwark::test::source_dir() / "docs/exposure.md").string());
  ASSERT_TRUE(text) << text.error().message;
  for (const auto& c : catalogue()) {
    std::string row = "| `" + std::string(c.id) + "` | " + std::string(c.title) + " | " +
                      std::string(to_string(c.severity)) + " | " +
                      std::string(to_string(c.confidence)) + " | " + std::string(c.annex) + " |";
    EXPECT_NE(text->find(row), std::string::npos)
        << "docs/exposure.md lacks or differs for " << c.id;
  }
}

}  // namespace
}  // namespace bulwark::exposure::test

namespace bulwark::exposure::test {
namespace {

using bulwark::exposure::detail::RuleSet;

constexpr std::string_view kRules = R"toml(
title = "our rules"

[[rules]]
id = "acme-device-token"
description = "ACME device token"
regex = '''(?i)acme[_-]device\s*[:=]\s*["']?(ACME-[0-9a-f]{16})'''
secretGroup = 1
keywords = ["acme"]

[[rules]]
id = "multi"
regex = """zz-[A-Z]{4}"""
keywords = [
  "zz-",
]
[rules.allowlist]
regexes = ['''ignored''']

[allowlist]
paths = ['''^docs/''']
)toml";

TEST(ExposureRules, GitleaksTomlRulesRunWithRe2) {
  auto set = RuleSet::parse(kRules);
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->size(), 2u);
  auto hits = set->scan("etc/app.conf", "# x\nacme_device = \"ACME-9f8e7d6c5b4a3f2e\"\nzz-ABCD\n");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].rule, "custom:acme-device-token");
  EXPECT_EQ(hits[0].line, 2u);
  EXPECT_EQ(hits[0].redacted.find("9f8e7d6c5b4a"), std::string::npos);
  EXPECT_EQ(hits[1].rule, "custom:multi");
  // Keywords gate the regex.
  EXPECT_TRUE(set->scan("a", "ACME-9f8e7d6c5b4a3f2e without the key word\n").size() <= 1u);
}

TEST(ExposureRules, BadRegexNamesTheRuleAndLine) {
  auto set = RuleSet::parse("[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n");
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message.find("line 1"), std::string::npos) << set.error().message;
  EXPECT_NE(set.error().message.find("broken"), std::string::npos) << set.error().message;
  auto open = RuleSet::parse("[[rules]]\nregex = '''abc\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("unterminated"), std::string::npos);
}

TEST(ExposureRules, AnalyseUsesTheRulesFile) {
  bulwark::test::TempDir dir;
  make_clean_rootfs(dir.path() / "root");
  write(dir.path() / "root/etc/app/device.conf", "acme_device = ACME-9f8e7d6c5b4a3f2e\n");
  write(dir.path() / "rules.toml", std::string(kRules));
  Options o;
  auto without = analyse((dir.path() / "root").string(), o, test_clock());
  ASSERT_TRUE(without);
  EXPECT_TRUE(find(*without, "EXP.SEC.TOKEN", Status::kFail).empty());
  o.rules_file = (dir.path() / "rules.toml").string();
  auto with = analyse((dir.path() / "root").string(), o, test_clock());
  ASSERT_TRUE(with) << with.error().message;
  auto fails = find(*with, "EXP.SEC.TOKEN", Status::kFail);
  ASSERT_EQ(fails.size(), 1u);
  EXPECT_EQ(fails[0]->path, "etc/app/device.conf");
  o.rules_file = (dir.path() / "missing.toml").string();
  EXPECT_FALSE(analyse((dir.path() / "root").string(), o, test_clock()));
}

}  // namespace
}  // namespace bulwark::exposure::test
