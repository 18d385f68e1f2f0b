// The matcher asks the store for every distinct package in one batch (find_many), never once per
// component (a networked store would pay a round trip each), and finds what find() would.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../vulndb/fixtures.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::test {
namespace {

// Forwards to a real store and counts the package lookups.
class CountingStore final : public vulndb::Store {
 public:
  explicit CountingStore(vulndb::Store& inner) : inner_(inner) {}
  Result<vulndb::ImportReport> import_osv(const std::vector<std::string>& p,
                                          const vulndb::ImportOptions& o) override {
    return inner_.import_osv(p, o);
  }
  Result<std::vector<vulndb::Candidate>> find(std::string_view e, std::string_view n) override {
    ++finds;
    return inner_.find(e, n);
  }
  Result<std::vector<std::vector<vulndb::Candidate>>> find_many(
      const std::vector<vulndb::PackageRef>& keys) override {
    ++batches;
    batch_keys += keys.size();
    return inner_.find_many(keys);
  }
  Result<std::vector<std::shared_ptr<const OsvRecord>>> lookup(std::string_view id) override {
    return inner_.lookup(id);
  }
  Result<std::vector<std::string>> ecosystems() override { return inner_.ecosystems(); }
  Result<std::size_t> record_count() override { return inner_.record_count(); }
  Result<bool> has_nvd() override { return inner_.has_nvd(); }
  Result<vulndb::Status> status() override { return inner_.status(); }
  Result<std::optional<vulndb::KevEntry>> kev(std::string_view c) override { return inner_.kev(c); }
  Result<std::optional<vulndb::EpssEntry>> epss(std::string_view c) override {
    return inner_.epss(c);
  }
  Result<std::vector<std::string>> epss_at_least(double score, double percentile) override {
    return inner_.epss_at_least(score, percentile);
  }
  Result<std::optional<vulndb::NvdRecord>> nvd(std::string_view c) override {
    return inner_.nvd(c);
  }
  Result<std::vector<vulndb::NvdRecord>> nvd_by_product(std::string_view v,
                                                        std::string_view p) override {
    return inner_.nvd_by_product(v, p);
  }

  int finds = 0;
  int batches = 0;
  std::size_t batch_keys = 0;

 private:
  vulndb::Store& inner_;
};

Component component(const std::string& purl) {
  Component c;
  c.purl = purl;
  c.name = purl.substr(purl.find('/') + 1, purl.find('@') - purl.find('/') - 1);
  c.version = purl.substr(purl.find('@') + 1);
  return c;
}

TEST(BatchLookup, OneBatchForAllDistinctPackages) {
  TempDir tmp;
  const auto dir = tmp.path() / "osv";
  write_json(dir / "GHSA-0001.json",
             osv_record("GHSA-0001", "2024-01-01T00:00:00Z", "npm", "left-pad"));
  write_json(dir / "PYSEC-1.json",
             osv_record("PYSEC-1", "2024-01-01T00:00:00Z", "PyPI", "requests"));
  auto store = vulndb::Store::open((tmp.path() / "v.db").string());
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->import({dir.string()}, {}));
  CountingStore counting(**store);

  Sbom sbom;
  sbom.components = {component("pkg:npm/left-pad@1.0.0"), component("pkg:npm/left-pad@1.0.0"),
                     component("pkg:npm/left-pad@3.0.0"), component("pkg:pypi/requests@1.5.0"),
                     component("pkg:pypi/flask@1.0.0"),   component("pkg:cargo/serde@1.0.0")};
  match::ScanOptions o;
  o.today = "2025-01-01";
  auto r = match::scan(sbom, counting, o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(counting.finds, 0);
  EXPECT_EQ(counting.batches, 1);
  EXPECT_EQ(counting.batch_keys, 3u);  // left-pad, requests, flask (crates.io has no data)
  std::vector<std::size_t> hit;
  for (const auto& f : r->findings) hit.push_back(f.component);
  EXPECT_EQ(hit, (std::vector<std::size_t>{0, 1, 3}));  // 3.0.0 is fixed (fixed 2.0.0)
}

}  // namespace
}  // namespace bulwark::test
