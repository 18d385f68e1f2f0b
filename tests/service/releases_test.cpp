// Products and releases through the service: validation and canonical CRA classes, the one
// support-period rule at release add (five calendar years, leap days, rationale), SBOMs given as
// bytes, conflicts, and the product documents.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "handling_world.hpp"

namespace bulwark::service {
namespace {

using testing::HandlingWorld;

constexpr const char* kSbom = "data/sample/sbom/sample-product.cdx.json";

Result<AddedRelease> add(HandlingWorld& w, const std::string& version, const std::string& released,
                         const std::string& end, const std::string& rationale = "") {
  ReleaseInput in;
  in.sbom_path = kSbom;
  in.released_at = released;
  in.support_end = end;
  in.support_rationale = rationale;
  return add_release(*w.store, nullptr, w.product, version, in, w.clock);
}

TEST(ServiceProducts, AddValidatesAndStoresTheCanonicalClass) {
  HandlingWorld w(false, false);
  EXPECT_EQ(w.product.cra_class, "important-1");
  EXPECT_EQ(w.product.security_contact,
            "mailto:security@acme.example");       // e-mail made a mailto: URI
  EXPECT_EQ(w.product.created_at, testing::kNow);  // from the clock
  ProductInput p;
  p.name = "router";
  p.cra_class = "Important-II";  // an alias
  auto added = add_product(*w.store, p, w.clock);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->cra_class, "important-2");
  EXPECT_EQ(portfolio::cra_category_of(*added), cra::ProductCategory::kImportantClassII);
  p.name = "other";
  p.cra_class = "class-3";
  auto bad = add_product(*w.store, p, w.clock);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(bad.error().message.starts_with("cra_class: ")) << bad.error().message;
  p.cra_class = "default";
  p.website = "http://plain.example";
  EXPECT_FALSE(add_product(*w.store, p, w.clock));
  p.website.clear();
  p.security_contact = "nobody";
  EXPECT_FALSE(add_product(*w.store, p, w.clock));
  p.security_contact.clear();
  p.name = "acme-gateway";
  auto dup = add_product(*w.store, p, w.clock);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto list = list_products(*w.store);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->products.size(), 2u);  // acme-gateway, router: nothing else was stored
}

TEST(ServiceProducts, CraClassNamesHaveOneImplementation) {
  for (auto [name, canonical] :
       {std::pair{"default", "default"}, std::pair{"important-i", "important-1"},
        std::pair{"CLASS-II", "important-2"}, std::pair{"critical", "critical"}}) {
    auto c = portfolio::canonical_cra_class(name);
    ASSERT_TRUE(c) << name;
    EXPECT_EQ(*c, canonical);
    EXPECT_TRUE(portfolio::valid_cra_class(name));
  }
  EXPECT_FALSE(portfolio::valid_cra_class("important-3"));
  portfolio::Product p;
  p.cra_class = "important-i";  // stored by an older version as given
  EXPECT_EQ(portfolio::product_class_of(p), risk::ProductClass::kImportantI);
  EXPECT_EQ(portfolio::cra_category_of(p), cra::ProductCategory::kImportantClassI);
  p.cra_class = "critical";
  EXPECT_EQ(portfolio::cra_category_of(p), cra::ProductCategory::kCritical);
}

TEST(ServiceReleases, SupportPeriodOneDayUnderFiveYearsNeedsARationale) {
  HandlingWorld w(false, false);
  // 1,825 days (2026-03-02 .. 2031-03-01): under five calendar years, refused without a rationale.
  auto r = add(w, "1.0", "2026-03-02", "2031-03-01");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("under five years"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("--"), std::string::npos) << "a library error names no option";
  auto none = w.store->releases(w.product.id);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(add(w, "1.0", "2026-03-02", "2031-03-01", "field trial of four years and 364 days"));
  // Exactly five years: accepted without a rationale.
  EXPECT_TRUE(add(w, "1.1", "2026-03-02", "2031-03-02"));
  EXPECT_TRUE(add(w, "1.2", "2025-08-31", "2030-08-31"));
  EXPECT_FALSE(add(w, "1.3", "2025-01-31", "2030-01-30"));
}

TEST(ServiceReleases, LeapDayReleaseGetsAValidDefaultSupportEnd) {
  HandlingWorld w(false, false);
  auto r = add(w, "1.0", "2024-02-29", "");
  ASSERT_TRUE(r) << r.error().message;
  auto d = show_product(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->releases.size(), 1u);
  EXPECT_EQ(d->releases[0].support.end, "2029-02-28");
  EXPECT_EQ(d->releases[0].support.status, "supported");
  auto j = nlohmann::json::parse(product_details_json(*d));
  EXPECT_EQ(j["releases"][0]["support_end"], "2029-02-28");
  EXPECT_EQ(j["releases"][0]["support_status"], "supported");
  // Month ends stay month ends.
  ASSERT_TRUE(add(w, "1.1", "2025-01-31", ""));
  ASSERT_TRUE(add(w, "1.2", "2025-08-31", ""));
  d = show_product(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->releases[1].support.end, "2030-01-31");
  EXPECT_EQ(d->releases[2].support.end, "2030-08-31");
}

TEST(ServiceReleases, SupportStatusFollowsTheClock) {
  HandlingWorld w(false, false);
  ASSERT_TRUE(add(w, "1.0", "2021-01-01", "2026-12-31", "legacy line"));
  auto d = show_product(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->releases[0].support.status, "ending_soon");
  w.clock.set(testing::at("2027-01-01T00:00:00Z"));
  d = show_product(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->releases[0].support.status, "ended");
}

TEST(ServiceReleases, SbomBytesAreStoredAsReceivedAndAnExistingReleaseConflicts) {
  HandlingWorld w(false);
  auto text = read_file(kSbom);
  ASSERT_TRUE(text);
  ReleaseInput in;
  in.sbom_bytes = *text;
  in.sbom_name = "upload.cdx.json";
  in.released_at = "2026-03-02";
  auto r = add_release(*w.store, w.vulns.get(), "acme-gateway", "3.2.0", in, w.clock);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->matched);
  EXPECT_GE(r->findings, 8u);
  EXPECT_EQ(r->release.sbom_name, "upload.cdx.json");
  EXPECT_EQ(r->release.created_at, testing::kNow);
  auto original = w.store->release_sbom(r->release.id, true);
  ASSERT_TRUE(original);
  EXPECT_EQ(*original, *text);
  auto again = add_release(*w.store, w.vulns.get(), "acme-gateway", "3.2.0", in, w.clock);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto unknown = add_release(*w.store, w.vulns.get(), "nope", "1.0", in, w.clock);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  in.sbom_bytes = R"({"hello": "world"})";
  auto bad = add_release(*w.store, w.vulns.get(), "acme-gateway", "3.3.0", in, w.clock);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("upload.cdx.json"), std::string::npos) << bad.error().message;
  in.sbom_path = kSbom;  // two sources
  EXPECT_FALSE(add_release(*w.store, w.vulns.get(), "acme-gateway", "3.3.0", in, w.clock));
}

TEST(ServiceProducts, ListAndShowDocuments) {
  HandlingWorld w;
  auto list = list_products(*w.store);
  ASSERT_TRUE(list);
  auto lj = nlohmann::json::parse(product_list_json(*list));
  ASSERT_EQ(lj.size(), 1u);
  EXPECT_EQ(lj[0]["name"], "acme-gateway");
  EXPECT_EQ(lj[0]["releases"], nlohmann::json::array({"3.2.0", "3.3.0"}));
  auto d = show_product(*w.store, "acme-gateway", w.clock);
  ASSERT_TRUE(d);
  auto j = nlohmann::json::parse(product_details_json(*d));
  ASSERT_EQ(j["releases"].size(), 2u);
  EXPECT_EQ(j["releases"][0]["support_end"], "2031-03-02");
  EXPECT_GE(j["releases"][0]["open_findings"].get<int>(), 8);
  EXPECT_EQ(j["analyses"], 0);
  auto missing = show_product(*w.store, "nope", w.clock);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto malformed = resolve_target(*w.store, "@1.0", false);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidInput);
}

// Where-used across the portfolio: by purl (a version in it ignored), by name for components
// without one, and with version constraints in the component's ecosystem order.
TEST(ServiceReleases, WhereUsedFindsEveryReleaseShippingAComponent) {
  HandlingWorld w;
  auto all = where_used(*w.store, {"pkg:npm/minimist@9.9.9", ""});
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].product, "acme-gateway");
  EXPECT_EQ((*all)[0].release_version, "3.2.0");
  EXPECT_EQ((*all)[1].release_version, "3.3.0");
  EXPECT_EQ((*all)[0].component.version, "1.2.5");
  EXPECT_EQ((*all)[0].component.purl, "pkg:npm/minimist@1.2.5");
  auto below = where_used(*w.store, {"pkg:npm/minimist", "<1.2.6"});
  ASSERT_TRUE(below);
  EXPECT_EQ(below->size(), 2u);
  auto fixed = where_used(*w.store, {"pkg:npm/minimist", "<1.2.5"});
  ASSERT_TRUE(fixed);
  EXPECT_TRUE(fixed->empty());
  // Without a purl there is no ecosystem to order versions by: only = and != apply.
  auto by_name = where_used(*w.store, {"XZ-Utils", "=5.6.1"});
  ASSERT_TRUE(by_name) << by_name.error().message;
  EXPECT_EQ(by_name->size(), 2u);
  auto unordered = where_used(*w.store, {"xz-utils", ">=5.6.0"});
  ASSERT_TRUE(unordered);
  EXPECT_TRUE(unordered->empty());
  auto none = where_used(*w.store, {"pkg:npm/left-pad", ""});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto bad = where_used(*w.store, {"pkg:", ""});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(bad.error().message.starts_with("component: "));
  auto bad_scope = where_used(*w.store, {"pkg:npm/minimist", "<1.2.6,"});
  ASSERT_FALSE(bad_scope);
  EXPECT_TRUE(bad_scope.error().message.starts_with("versions: "));
}

}  // namespace
}  // namespace bulwark::service
