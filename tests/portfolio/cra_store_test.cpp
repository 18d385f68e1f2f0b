// The SQLite CRA store beyond the backend contract (tests/store/cra_store_contract_test.cpp): the
// database itself refuses updates and deletes of the audit table (triggers), the schema is
// component "cra" of the shared migration mechanism (a fresh file is at version 1, a file written
// before it is adopted at version 1 with its cases intact), and the checklist helpers.
#include "bulwark/portfolio/cra_store.hpp"

#include <gtest/gtest.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"
#include "shared.hpp"

namespace bulwark::portfolio {
namespace {

TimePoint at(const char* s) { return *parse_rfc3339(s); }

cra::Case proposed_case(const std::string& id) {
  cra::Case c;
  c.id = id;
  c.product = "acme-gateway";
  c.releases = {"3.2.0"};
  c.vulnerability_ids = {"CVE-2021-44228"};
  c.aware_at = at("2026-11-29T10:00:00Z");
  c.exploited_source = "CISA KEV";
  c.audit.push_back({c.aware_at, "bulwark", "propose", "KEV-listed"});
  return c;
}

int cra_version(const std::string& path) {
  auto db = vulndb::detail::Database::open(path);
  EXPECT_TRUE(db);
  auto v = vulndb::detail::component_version(*db, "cra");
  EXPECT_TRUE(v) << v.error().message;
  return v ? *v : -1;
}

TEST(SqliteCraStore, AuditTableRefusesUpdatesAndDeletes) {
  test::TempDir tmp;
  const std::string path = (tmp.path() / "bulwark.db").string();
  auto store = CraStore::open_sqlite(path);
  ASSERT_TRUE(store) << store.error().message;
  auto c = proposed_case("CRA-2026-0001");
  auto confirmed = cra::confirm(c, "psirt", at("2026-11-29T12:00:00Z"));
  ASSERT_TRUE(confirmed);
  ASSERT_TRUE((*store)->save_case({*confirmed, 1, "{}", "2026-11-29T12:00:00Z"}));
  auto db = vulndb::detail::Database::open(path);
  ASSERT_TRUE(db);
  auto upd = db->exec("UPDATE cra_case_event SET actor = 'mallory'");
  ASSERT_FALSE(upd);
  EXPECT_NE(upd.error().message.find("append-only"), std::string::npos);
  EXPECT_FALSE(db->exec("DELETE FROM cra_case_event"));
  auto events = (*store)->events("CRA-2026-0001");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].event.actor, "psirt");
}

TEST(SqliteCraStore, FreshFileIsMigratedOnceToVersionOne) {
  test::TempDir tmp;
  const std::string path = (tmp.path() / "bulwark.db").string();
  for (int i = 0; i < 2; ++i) {
    auto store = CraStore::open_sqlite(path);
    ASSERT_TRUE(store) << store.error().message;
  }
  EXPECT_EQ(cra_version(path), 1);
}

TEST(SqliteCraStore, FileWrittenBeforeMigrationsIsAdoptedAtVersionOne) {
  test::TempDir tmp;
  const std::string path = (tmp.path() / "old.db").string();
  {
    // The tables as the store created them before the shared mechanism: no schema_migrations.
    auto db = vulndb::detail::Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec(R"sql(
      CREATE TABLE cra_case (id TEXT PRIMARY KEY, product_id INTEGER NOT NULL, status TEXT NOT NULL,
        json TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL);
      CREATE TABLE cra_case_event (case_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL,
        actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (case_id, seq));
      CREATE TABLE cra_checklist (product_id INTEGER PRIMARY KEY, json TEXT NOT NULL,
        updated_at TEXT NOT NULL);
      CREATE TABLE cra_product (product_id INTEGER PRIMARY KEY, category_item TEXT NOT NULL DEFAULT '',
        harmonised_standard_applied INTEGER NOT NULL DEFAULT 0, member_states TEXT NOT NULL DEFAULT '',
        cvd_policy_url TEXT NOT NULL DEFAULT '', manufacturer_address TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '');
      INSERT INTO cra_product (product_id, member_states) VALUES (4, 'AT DE');
    )sql"));
    EXPECT_EQ(cra_version(path), 0);
  }
  auto store = CraStore::open_sqlite(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(cra_version(path), 1);
  auto p = (*store)->product(4);
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->member_states, (std::vector<std::string>{"AT", "DE"}));
  ASSERT_TRUE((*store)->save_case({proposed_case("CRA-2026-0001"), 4, "{}", "t"}));
  auto next = (*store)->next_case_id("2026");
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, "CRA-2026-0002");
}

TEST(SqliteCraStore, NewerSchemaIsRefused) {
  test::TempDir tmp;
  const std::string path = (tmp.path() / "bulwark.db").string();
  ASSERT_TRUE(CraStore::open_sqlite(path));
  {
    auto db = vulndb::detail::Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("UPDATE schema_migrations SET version = 9 WHERE component = 'cra'"));
  }
  auto again = CraStore::open_sqlite(path);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("newer"), std::string::npos) << again.error().message;
}

TEST(CraChecklistJson, RoundTripAndMergeOverTheCatalogue) {
  auto items = cra::default_checklist();
  items[3].status = cra::ItemStatus::kMet;
  items[3].owner = "alice";
  items[3].evidence.push_back({"url", "https://acme.example/updates", "signed OTA", true});
  auto back = checklist_from_json(checklist_to_json(items));
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 22u);
  EXPECT_EQ((*back)[3].owner, "alice");
  ASSERT_EQ((*back)[3].evidence.size(), 1u);
  EXPECT_TRUE((*back)[3].evidence[0].automatic);
  auto bad = checklist_from_json(R"([{"id": "AI.P1.1", "status": "done"}])");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("/0/status"), std::string::npos);

  auto merged = merged_checklist({(*back)[3]});
  ASSERT_EQ(merged.size(), 22u);
  EXPECT_EQ(merged[3].owner, "alice");
  EXPECT_EQ(merged[4].status, cra::ItemStatus::kOpen);
}

}  // namespace
}  // namespace bulwark::portfolio
