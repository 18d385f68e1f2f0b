#include "bulwark/service/cra_common.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "bulwark/portfolio/cra_class.hpp"
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

namespace bulwark::service {

Result<TimePoint> parse_time_or_date(std::string_view text) {
  const std::string s(text);
  return parse_rfc3339(s.size() == 10 ? s + "T00:00:00Z" : s);
}

std::optional<cra::Stage> parse_stage(std::string_view text) {
  std::string s(text);
  std::replace(s.begin(), s.end(), '-', '_');
  return cra::stage_from_string(s);
}

std::string stage_slug(cra::Stage s) {
  std::string out(cra::to_string(s));
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

Result<portfolio::StoredCase> load_case(portfolio::CraStore& cra, std::string_view id) {
  auto c = cra.find_case(id);
  if (!c) return std::unexpected(c.error());
  if (!*c)
    return not_found(fmt::format("unknown case '{}' (bulwark cra case list shows the cases)", id));
  return std::move(**c);
}

Result<std::vector<portfolio::Product>> products_for(portfolio::Store& store,
                                                     std::string_view name) {
  if (name.empty()) return store.products();
  auto t = service::resolve_target(store, name, false);
  if (!t) return std::unexpected(t.error());
  return std::vector<portfolio::Product>{t->product};
}

Result<portfolio::CraProduct> cra_product(portfolio::CraStore& cra, std::int64_t product_id) {
  auto p = cra.product(product_id);
  if (!p) return std::unexpected(p.error());
  if (*p) return **p;
  portfolio::CraProduct d;
  d.product_id = product_id;
  return d;
}

cra::ProductCategory category_of(const portfolio::Product& p, const portfolio::CraProduct& facts) {
  if (auto item = cra::find_category_item(facts.category_item)) return item->category;
  if (p.cra_class == "important-1") return cra::ProductCategory::kImportantClassI;
  if (p.cra_class == "important-2") return cra::ProductCategory::kImportantClassII;
  if (p.cra_class == "critical") return cra::ProductCategory::kCritical;
  return cra::ProductCategory::kDefault;
}

Result<std::optional<cra::SupportPeriod>> support_period(const portfolio::Product& p,
                                                         const portfolio::Release& r) {
  if (r.released_at.empty()) return std::optional<cra::SupportPeriod>{};
  auto start = parse_time_or_date(r.released_at);
  if (!start)
    return std::unexpected(std::move(start.error())
                               .with_context(fmt::format("{}@{}: released_at", p.name, r.version)));
  TimePoint end = cra::add_calendar_months(*start, 12 * p.support_years);
  if (!r.support_end.empty()) {
    auto e = parse_time_or_date(r.support_end);
    if (!e)
      return std::unexpected(
          std::move(e.error()).with_context(fmt::format("{}@{}: support_end", p.name, r.version)));
    end = *e;
  }
  return std::optional(cra::SupportPeriod{p.name, r.version, *start, end, r.support_rationale});
}

std::vector<std::string> ids_of(const portfolio::StoredFinding& f) {
  std::vector<std::string> ids{f.vuln_id};
  ids.insert(ids.end(), f.aliases.begin(), f.aliases.end());
  return ids;
}

}  // namespace bulwark::service
