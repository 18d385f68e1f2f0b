// A portfolio world for the handling use-case tests: a temp SQLite file with the sample OSV/KEV/NVD
// data, one product (acme-gateway, important-1) and, unless asked otherwise, its two releases
// 3.2.0 and 3.3.0 from the sample SBOMs; a FixedClock at kNow.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::service::testing {

inline constexpr const char* kNow = "2026-11-29T10:00:00Z";

inline TimePoint at(const char* s) { return parse_rfc3339(s).value(); }

struct HandlingWorld {
  test::TempDir dir;
  std::string db;
  std::unique_ptr<vulndb::Store> vulns;
  std::unique_ptr<portfolio::Store> store;
  portfolio::Product product;
  FixedClock clock{at(kNow)};

  explicit HandlingWorld(bool with_releases = true, bool with_data = true) {
    db = (dir.path() / "bulwark.db").string();
    auto v = vulndb::Store::open(db);
    EXPECT_TRUE(v) << v.error().message;
    vulns = std::move(*v);
    if (with_data) {
      auto imp = vulns->import({"data/sample/osv", "data/sample/feeds/kev-sample.json",
                                "data/sample/feeds/nvd-sample.json"},
                               {});
      EXPECT_TRUE(imp) << imp.error().message;
    }
    auto s = portfolio::Store::open_sqlite(db);
    EXPECT_TRUE(s) << s.error().message;
    store = std::move(*s);
    ProductInput p;
    p.name = "acme-gateway";
    p.vendor = "Acme Devices GmbH";
    p.website = "https://acme.example";
    p.security_contact = "security@acme.example";
    p.cra_class = "important-1";
    auto added = add_product(*store, p, clock);
    EXPECT_TRUE(added) << added.error().message;
    product = *added;
    if (!with_releases) return;
    add("3.2.0", "data/sample/sbom/sample-product.cdx.json");
    add("3.3.0", "data/sample/sbom/sample-product-3.3.0.cdx.json");
  }

  AddedRelease add(const std::string& version, const std::string& sbom,
                   const std::string& released = "2026-03-02") {
    ReleaseInput in;
    in.sbom_path = sbom;
    in.released_at = released;
    auto r = add_release(*store, vulns.get(), product, version, in, clock);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : AddedRelease{};
  }

  Target target(const std::string& spec) {
    auto t = resolve_target(*store, spec, false);
    EXPECT_TRUE(t) << t.error().message;
    return *t;
  }
};

}  // namespace bulwark::service::testing
