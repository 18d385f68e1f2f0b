// Test fixture of the CRA use-case tests: a temporary database with the bundled sample data
// (OSV records, CISA KEV, EPSS, NVD) imported, the product acme-gateway (as the CRA walk-through
// sets it up), the CRA store on the same file and a FixedClock at the walk-through's awareness.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::test {

inline TimePoint at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

struct CraWorld {
  TempDir dir;
  std::string db;
  std::unique_ptr<vulndb::Store> vulns;
  std::unique_ptr<portfolio::Store> store;
  std::unique_ptr<portfolio::CraStore> cra;
  portfolio::Product product;
  FixedClock clock{at("2026-11-29T10:00:00Z")};

  CraWorld() {
    db = (dir.path() / "bulwark.db").string();
    auto v = vulndb::Store::open(db);
    EXPECT_TRUE(v) << v.error().message;
    vulns = std::move(*v);
    const auto data = source_dir() / "data/sample";
    auto imp = vulns->import(
        {(data / "osv").string(), (data / "feeds/kev-sample.json").string(),
         (data / "feeds/epss-sample.csv").string(), (data / "feeds/nvd-sample.json").string()},
        {});
    EXPECT_TRUE(imp) << imp.error().message;
    auto s = portfolio::Store::open_sqlite(db);
    EXPECT_TRUE(s) << s.error().message;
    store = std::move(*s);
    auto c = portfolio::CraStore::open_sqlite(db);
    EXPECT_TRUE(c) << c.error().message;
    cra = std::move(*c);
    portfolio::Product p;
    p.name = "acme-gateway";
    p.vendor = "Acme Devices GmbH";
    p.cra_class = "important-1";
    p.security_contact = "security@acme.example";
    p.website = "https://acme.example";
    p.support_years = 5;
    p.description = "Industrial IoT gateway";
    p.created_at = "2026-11-29T10:00:00Z";
    auto added = store->add_product(p);
    EXPECT_TRUE(added) << added.error().message;
    product = *added;
  }

  // A release with the sample SBOM of that version ("3.2.0" or "3.3.0"); released: YYYY-MM-DD or
  // "".
  void release(const std::string& version, const std::string& released) {
    service::ReleaseInput in;
    in.sbom_path =
        (source_dir() / (version == "3.3.0" ? "data/sample/sbom/sample-product-3.3.0.cdx.json"
                                            : "data/sample/sbom/sample-product.cdx.json"))
            .string();
    in.released_at = released;
    auto now = clock.now_rfc3339();
    auto r = service::add_release(*store, vulns.get(), product, version, in, *now);
    ASSERT_TRUE(r) << r.error().message;
  }
};

}  // namespace bulwark::test
