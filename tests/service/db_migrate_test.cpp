// `db migrate` (issue 16): a SQLite database holding something in every store is copied to a
// throwaway PostgreSQL database and back to a second SQLite file, and the two files compared
// table by table, row by row; a destination holding data is refused; a copy failing part way
// leaves the destination empty; a source schema newer than this build is refused. The PostgreSQL
// tests skip with a message where the server binaries are not installed.
#include "bulwark/service/db_migrate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bulwark/accounts/store.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/metrics_store.hpp"
#include "bulwark/service/cra_cases.hpp"
#include "bulwark/service/db_copy.hpp"
#include "bulwark/service/triage.hpp"
#include "handling_world.hpp"
#include "pg_cluster.hpp"
#include "raw_db.hpp"

namespace bulwark::service {
namespace {

using testing::HandlingWorld;

// Something in every store of `w`'s database: releases with findings, analyses with a trail, a
// CRA case with its events, a user/team/API key with audit entries, a job, a notification rule
// and an exposure run (vulnerability data and products come with the world).
void seed(HandlingWorld& w) {
  TriageRequest t;
  t.vulnerability = "CVE-2021-44906";
  t.analysis.state = AnalysisState::kUnderInvestigation;
  t.analysis.detail = "looking\tinto it\nline two \\ with a backslash";
  ASSERT_TRUE(triage(*w.store, "acme-gateway@3.2.0", t, w.clock));
  t.analysis.state = AnalysisState::kNotAffected;
  t.analysis.justification = Justification::kVulnerableCodeNotInExecutePath;
  t.analysis.detail = "the parser is never called";
  t.analysis.responses = {"will_not_fix"};
  ASSERT_TRUE(triage(*w.store, "acme-gateway@3.2.0", t, w.clock));

  auto cra = portfolio::CraStore::open(w.db);
  ASSERT_TRUE(cra) << cra.error().message;
  OpenCaseRequest c;
  c.target = "acme-gateway";
  c.vulnerabilities = {"GHSA-35jh-r3h4-6jhm"};
  c.source = "vendor advisory";
  c.actor = "psirt";
  auto opened = open_case(*w.store, **cra, c, w.clock);
  ASSERT_TRUE(opened) << opened.error().message;

  auto acc = accounts::AccountStore::open(w.db);
  ASSERT_TRUE(acc) << acc.error().message;
  accounts::User u;
  u.name = "alice";
  u.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";
  u.created_at = testing::kNow;
  auto user = (*acc)->add_user(u);
  ASSERT_TRUE(user) << user.error().message;
  accounts::Team team;
  team.uuid = "0f9a8b7c-1d2e-4f30-a1b2-c3d4e5f60718";
  team.name = "psirt";
  team.permissions = {accounts::Permission::kView, accounts::Permission::kTriage};
  team.product_ids = {w.product.id};
  team.user_ids = {user->id};
  team.created_at = testing::kNow;
  auto added_team = (*acc)->add_team(team);
  ASSERT_TRUE(added_team) << added_team.error().message;
  accounts::ApiKey key;
  key.public_id = "abcdef123456";
  key.secret_hash = std::string(64, 'a');
  key.team_id = added_team->id;
  key.comment = "ci";
  key.created_at = testing::kNow;
  ASSERT_TRUE((*acc)->add_key(key));
  accounts::AuditEntry e;
  e.at = testing::kNow;
  e.actor = "user:alice";
  e.action = "triage.record";
  e.object = "product:acme-gateway";
  e.product_id = w.product.id;
  e.after = R"({"state":"not_affected"})";
  ASSERT_TRUE((*acc)->append_audit(e));
  ASSERT_TRUE((*acc)->append_audit(e));

  auto jobs = jobs::JobStore::open(w.db);
  ASSERT_TRUE(jobs) << jobs.error().message;
  jobs::Job j;
  j.token = "5b0e0c53-2d6f-4d55-9a43-0f2d1c9b8a71";
  j.kind = "monitor";
  j.payload = R"({"scope":"all"})";
  // A queued job's input travels as bytes (BLOB ⇄ BYTEA): backslashes, a NUL, a non-UTF-8 byte.
  j.input = std::string("{\"bom\":\"a\\\\b\"}\0\xff tail", 21);
  j.created_at = testing::kNow;
  j.run_after = testing::kNow;
  ASSERT_TRUE((*jobs)->enqueue(j));

  auto notes = notify::Store::open(w.db);
  ASSERT_TRUE(notes) << notes.error().message;
  notify::Rule rule;
  rule.name = "psirt hook";
  rule.url = "https://hooks.example/bulwark";
  rule.secret = "s3cret";
  rule.events = {"finding.new"};
  rule.created_at = testing::kNow;
  ASSERT_TRUE((*notes)->add_rule(rule));

  auto exposure = portfolio::ExposureStore::open(w.db);
  ASSERT_TRUE(exposure) << exposure.error().message;
  portfolio::ExposureRun run;
  run.product_id = w.product.id;
  run.release = "3.2.0";
  run.recorded_at = testing::kNow;
  run.target = "rootfs.tar";
  run.catalogue_version = "1";
  run.fail = 2;
  run.pass = 40;
  run.worst = "high";
  run.report = R"({"checks":[]})";
  ASSERT_TRUE((*exposure)->add_run(run));

  auto metrics = portfolio::MetricsStore::open(w.db);
  ASSERT_TRUE(metrics) << metrics.error().message;
  portfolio::DailyMetrics day;
  day.day = "2026-11-30";
  day.product_id = w.product.id;
  day.releases = 2;
  day.components = 31;
  day.open = 7;
  day.kev = 1;
  day.high = 4;
  day.p1 = 3;
  day.recorded_at = testing::kNow;
  auto appended = (*metrics)->append({day});
  ASSERT_TRUE(appended) << appended.error().message;
  ASSERT_EQ(*appended, 1u);
}

// Every row of every table of the database at `location`, as comparable text (tables by name,
// rows sorted); values keep their type (integer, real, text, blob).
std::vector<std::string> dump(const std::string& location) {
  auto db = detail::Database::open(location, true);
  EXPECT_TRUE(db) << db.error().message;
  std::vector<std::string> out;
  if (!db) return out;
  auto tables = (*db)->tables();
  EXPECT_TRUE(tables);
  for (const auto& t : *tables) {
    auto cols = (*db)->columns(t);
    EXPECT_TRUE(cols);
    std::vector<std::string> rows;
    auto n = (*db)->read(t, *cols, [&](const detail::Row& row) -> Result<void> {
      std::string line = t + ":";
      for (const auto& v : row) {
        switch (v.tag) {
          case detail::Value::kNull:
            line += " NULL";
            break;
          case detail::Value::kInteger:
            line += " i" + std::to_string(v.integer);
            break;
          case detail::Value::kReal:
            line += " r" + std::to_string(v.real);
            break;
          default:
            line += " '" + v.bytes + "'";
        }
      }
      rows.push_back(std::move(line));
      return {};
    });
    EXPECT_TRUE(n) << n.error().message;
    std::sort(rows.begin(), rows.end());
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

std::size_t rows_of(const MigrateResult& r, const std::string& table) {
  for (const auto& t : r.tables)
    if (t.name == table) return t.destination_rows;
  return 0;
}

class DbMigrate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = test::pg_unavailable()) GTEST_SKIP() << "postgresql: " << *why;
  }
};

TEST_F(DbMigrate, SqliteToPostgresqlAndBackKeepsEveryRow) {
  HandlingWorld w;
  seed(w);
  const std::string pg = test::pg_fresh_database();

  auto there = migrate_database({w.db, pg, {}});
  ASSERT_TRUE(there) << there.error().message;
  EXPECT_TRUE(there->verified()) << (there->differences.empty() ? "" : there->differences[0]);
  EXPECT_EQ(there->releases_compared, 2u);
  EXPECT_GT(there->findings_compared, 0u);
  EXPECT_EQ(there->analyses_compared, 1u);
  for (const char* table : {"records", "release", "finding", "analysis", "analysis_history",
                            "cra_case", "cra_case_event", "account_user", "team", "api_key",
                            "audit_log", "job", "notify_rule", "exposure_run", "metrics_daily"})
    EXPECT_GT(rows_of(*there, table), 0u) << table;
  EXPECT_EQ(rows_of(*there, "analysis_history"), 2u);
  for (const auto& t : there->tables) EXPECT_EQ(t.source_rows, t.destination_rows) << t.name;

  const std::string back = (w.dir.path() / "back.db").string();
  auto returned = migrate_database({pg, back, {}});
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_TRUE(returned->verified())
      << (returned->differences.empty() ? "" : returned->differences[0]);
  EXPECT_EQ(returned->rows, there->rows);

  // Byte for byte: every table, every row, every value with its type.
  const auto a = dump(w.db);
  const auto b = dump(back);
  EXPECT_EQ(a.size(), there->rows);
  EXPECT_EQ(a, b);
  // Both backends keep the release's count of open findings: copied like every other column.
  EXPECT_TRUE(there->skipped_columns.empty());
}

TEST_F(DbMigrate, NewRowsOnPostgresqlGetFreshIds) {
  HandlingWorld w;
  seed(w);
  const std::string pg = test::pg_fresh_database();
  ASSERT_TRUE(migrate_database({w.db, pg, {}}));
  auto store = portfolio::Store::open(pg);
  ASSERT_TRUE(store) << store.error().message;
  ProductInput p;
  p.name = "second-product";
  auto added = add_product(**store, p, w.clock);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->id, w.product.id + 1);
  TriageRequest t;
  t.vulnerability = "CVE-2021-44906";
  t.analysis.state = AnalysisState::kAffected;
  auto again = triage(**store, "acme-gateway@3.2.0", t, w.clock);  // analysis_history appends
  ASSERT_TRUE(again) << again.error().message;
  auto history = (*store)->history(w.product.id);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->size(), 3u);
  auto acc = accounts::AccountStore::open(pg);
  ASSERT_TRUE(acc);
  accounts::AuditEntry e;
  e.at = testing::kNow;
  e.actor = "cli";
  e.action = "product.add";
  auto appended = (*acc)->append_audit(e);
  ASSERT_TRUE(appended) << appended.error().message;
  EXPECT_EQ(appended->seq, 3);
}

TEST_F(DbMigrate, RefusesADestinationThatHoldsData) {
  HandlingWorld w;
  const std::string pg = test::pg_fresh_database();
  ASSERT_TRUE(migrate_database({w.db, pg, {}}));
  auto again = migrate_database({w.db, pg, {}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kPrecondition);
  EXPECT_NE(again.error().message.find("already holds data"), std::string::npos)
      << again.error().message;
  EXPECT_NE(again.error().message.find("product (1 rows)"), std::string::npos)
      << again.error().message;

  // The same for a SQLite destination, and the source is the destination.
  const std::string other = (w.dir.path() / "other.db").string();
  ASSERT_TRUE(migrate_database({pg, other, {}}));
  auto into_sqlite = migrate_database({pg, other, {}});
  ASSERT_FALSE(into_sqlite);
  EXPECT_EQ(into_sqlite.error().code, ErrorCode::kPrecondition);
  auto same = migrate_database({w.db, w.db, {}});
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kUsage);
  auto missing = migrate_database({(w.dir.path() / "missing.db").string(), other, {}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(DbMigrate, AFailurePartWayLeavesTheDestinationEmpty) {
  HandlingWorld w;
  seed(w);
  // A finding event of no finding: SQLite let it in (foreign keys off), PostgreSQL refuses it,
  // after every table before finding_event has been copied.
  ASSERT_FALSE(test::raw_exec(
      w.db,
      "INSERT INTO finding_event (finding_id, at, kind, detail) VALUES (999999, '', 'x', '')"));
  const std::string pg = test::pg_fresh_database();
  auto r = migrate_database({w.db, pg, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDatabase);
  EXPECT_NE(r.error().message.find("finding_event"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("nothing was written"), std::string::npos) << r.error().message;
  auto db = detail::Database::open(pg, true);
  ASSERT_TRUE(db);
  auto tables = (*db)->tables();
  ASSERT_TRUE(tables);
  EXPECT_GT(tables->size(), 30u);  // the schema exists...
  for (const auto& t : *tables) {
    auto n = (*db)->count(t);
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 0u) << t;  // ...and holds nothing
  }
  // Once the bad row is gone, the same destination takes the copy.
  ASSERT_FALSE(test::raw_exec(w.db, "DELETE FROM finding_event WHERE finding_id = 999999"));
  auto retried = migrate_database({w.db, pg, {}});
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_TRUE(retried->verified());
}

TEST_F(DbMigrate, ASourceNewerThanThisBuildIsRefused) {
  HandlingWorld w;
  ASSERT_FALSE(test::raw_exec(
      w.db, "UPDATE schema_migrations SET version = version + 1 WHERE component = 'portfolio'"));
  auto r = migrate_database({w.db, test::pg_fresh_database(), {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPrecondition);
  EXPECT_NE(r.error().message.find("portfolio schema version"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace bulwark::service
