// Imports the public OSV corpora into one database and reports the rate (records/s).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

#include "bulwark/vulndb/store.hpp"
#include "fixtures.hpp"
#include "shared.hpp"

namespace fs = std::filesystem;
using bulwark::test::TempDir;

namespace {

struct Corpus {
  const char* sub;
  std::size_t records;  // exact count in the corpus snapshot
};

// Prints the wall-clock rate and the rate per CPU second (user + system of this process),
// which is what "records/s on one core" means on a shared machine.
bulwark::vulndb::ImportReport import_one(bulwark::vulndb::Store& store, const fs::path& path) {
  const std::clock_t cpu_start = std::clock();
  auto r = store.import_osv({path.string()}, {});
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  EXPECT_TRUE(r.has_value()) << r.error().message;
  if (!r) return {};
  std::printf(
      "[ import   ] %s: %zu records in %.3f s (%.0f records/s wall, %.0f records per CPU second)\n",
      path.filename().c_str(), r->seen, r->seconds,
      r->seconds > 0 ? static_cast<double>(r->seen) / r->seconds : 0.0,
      cpu > 0 ? static_cast<double>(r->seen) / cpu : 0.0);
  return *r;
}

TEST(CorpusImport, AllOsvCorpora) {
  BULWARK_REQUIRE_SHARED(dir, "corpora");
  for (const char* sub :
       {"golang-vulndb", "pypa-advisory-database", "rustsec-advisory-db", "osv-records-misc"})
    if (!fs::exists(dir / sub)) GTEST_SKIP() << "corpora/" << sub << " is absent";
  TempDir tmp;
  auto store = bulwark::vulndb::Store::open((tmp.path() / "v.db").string());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  const Corpus corpora[] = {{"golang-vulndb/data/osv", 4291},
                            {"pypa-advisory-database/vulns", 2661},
                            {"rustsec-advisory-db/crates", 1206},
                            {"osv-records-misc", 776}};
  std::size_t total = 0;
  double seconds = 0;
  for (const auto& c : corpora) {
    auto r = import_one(**store, dir / c.sub);
    EXPECT_EQ(r.seen, c.records) << c.sub;
    EXPECT_TRUE(r.invalid.empty())
        << c.sub << ": "
        << (r.invalid.empty() ? "" : r.invalid[0].file + ": " + r.invalid[0].reason);
    total += r.seen;
    seconds += r.seconds;
  }
  EXPECT_EQ(total, 8934u);
  // Distinct ids: osv-records-misc repeats records of its own sub-folders and of the Go and
  // PyPA corpora (counted as unchanged or updated).
  EXPECT_EQ((*store)->record_count().value(), 8551u);
  const double rate = seconds > 0 ? static_cast<double>(total) / seconds : 0;
  RecordProperty("records", static_cast<int>(total));
  RecordProperty("records_per_second", static_cast<int>(rate));
  std::printf("[ import   ] total: %zu records in %.3f s (%.0f records/s)\n", total, seconds, rate);

  // Spot checks of what matching will ask.
  auto go = (*store)->find("Go", "github.com/gin-gonic/gin");
  ASSERT_TRUE(go.has_value());
  EXPECT_FALSE(go->empty());
  auto alias = (*store)->lookup("CVE-2020-36567");
  ASSERT_TRUE(alias.has_value());
  ASSERT_FALSE(alias->empty());
  EXPECT_EQ((*alias)[0]->id, "GO-2020-0001");
  auto eco = (*store)->ecosystems().value();
  for (const char* e : {"Go", "PyPI", "crates.io", "Maven", "npm", "Debian", "Alpine"})
    EXPECT_NE(std::find(eco.begin(), eco.end(), e), eco.end()) << e;

  // Importing everything again changes nothing.
  auto again =
      (*store)->import_osv({(dir / corpora[0].sub).string(), (dir / corpora[2].sub).string()}, {});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->unchanged, 4291u + 1206u);
  EXPECT_EQ(again->inserted + again->updated, 0u);
}

}  // namespace
