// Helpers of the feed tests: a store in a temporary directory, imports that must succeed, and
// writers for small feed files (facts written here, not copies of corpus files).
#pragma once

#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../vulndb/fixtures.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::test {

inline std::filesystem::path feeds_data(const std::string& name) {
  return source_dir() / "tests" / "feeds" / "data" / name;
}

class FeedStore : public ::testing::Test {
 protected:
  std::filesystem::path db_path(const std::string& name = "v.db") const {
    return tmp.path() / name;
  }
  std::filesystem::path file(const std::string& rel) const { return tmp.path() / "in" / rel; }

  std::unique_ptr<vulndb::Store> open(const std::string& name = "v.db") {
    auto s = vulndb::Store::open(db_path(name).string());
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }

  static vulndb::ImportReport import(vulndb::Store& s,
                                     const std::vector<std::filesystem::path>& paths,
                                     bool strict = false) {
    std::vector<std::string> p;
    for (const auto& x : paths) p.push_back(x.string());
    vulndb::ImportOptions o;
    o.strict = strict;
    auto r = s.import(p, o);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : vulndb::ImportReport{};
  }

  // Every table a feed import writes, for before/after comparisons.
  std::string dump_feeds(const std::string& name = "v.db") const {
    const auto db = db_path(name);
    return dump_tables(db) + dump_query(db, "SELECT * FROM kev ORDER BY cve") +
           dump_query(db, "SELECT * FROM epss ORDER BY cve") +
           dump_query(db,
                      "SELECT cve, description, last_modified, status, config_operators FROM "
                      "nvd_cves ORDER BY cve") +
           dump_query(db,
                      "SELECT c.cve, m.* FROM nvd_matches m JOIN nvd_cves c USING (nid) ORDER BY "
                      "1, m.idx") +
           dump_query(db, "SELECT * FROM feeds ORDER BY name");
  }

  TempDir tmp;
};

}  // namespace bulwark::test
