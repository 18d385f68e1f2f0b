// The backend-neutral parts of the CRA store: checklist validation before a write, and the
// checklist JSON shared by every backend. The SQLite implementation is in sqlite_cra_store.cpp.
#include "bulwark/portfolio/cra_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/cra/case_json.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/cra_rules.hpp"

#include <map>
#include <nlohmann/json.hpp>

namespace bulwark::portfolio {

Result<std::unique_ptr<CraStore>> CraStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

Result<void> CraStore::save_checklist(std::int64_t product_id,
                                      const std::vector<cra::ChecklistItem>& items,
                                      const std::string& now) {
  if (auto v = cra::validate(items); !v) return v;
  return write_checklist(product_id, items, now);
}

// ---- rules shared by the backends ----

namespace detail {

Result<void> check_trail_prefix(const cra::Case& c, const std::vector<StoredEventKey>& stored) {
  if (stored.size() > c.audit.size())
    return conflict(
        fmt::format("case {}: the audit trail has {} stored events but the case carries {}: "
                    "history cannot be rewritten",
                    c.id, stored.size(), c.audit.size()));
  for (const auto& s : stored) {
    const auto& e = c.audit[s.seq < c.audit.size() ? s.seq : 0];
    if (s.seq >= c.audit.size() || e.action != s.action || format_rfc3339(e.time) != s.at)
      return conflict(fmt::format(
          "case {}: audit event {} differs from the stored one: history cannot be rewritten", c.id,
          s.seq));
  }
  return {};
}

Result<void> check_case_keys(const cra::Case& c, std::int64_t product_id) {
  if (c.id.empty()) return invalid_input("case: empty id");
  if (product_id <= 0) return invalid_input(fmt::format("case {}: no product", c.id));
  return {};
}

std::string case_id_prefix(std::string_view year) { return fmt::format("CRA-{}-", year); }

Result<StoredCase> stored_case(std::string_view id, std::string_view json, std::int64_t product_id,
                               std::string_view detail, std::string_view updated_at) {
  auto c = cra::case_from_json(json);
  if (!c)
    return std::unexpected(std::move(c.error()).with_context(fmt::format("cra_case '{}'", id)));
  return StoredCase{std::move(*c), product_id, std::string(detail), std::string(updated_at)};
}

std::string next_case_id_after(std::string_view prefix, const std::vector<std::string>& ids) {
  int highest = 0;
  for (const auto& id : ids)
    if (id.starts_with(prefix))
      highest = std::max(highest, std::atoi(id.substr(prefix.size()).c_str()));
  return fmt::format("{}{:04}", prefix, highest + 1);
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  for (auto part : split(s, ' '))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

}  // namespace detail

// ---- checklist JSON ----

std::string checklist_to_json(const std::vector<cra::ChecklistItem>& items) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& it : items) {
    auto ev = nlohmann::ordered_json::array();
    for (const auto& e : it.evidence)
      ev.push_back({{"kind", e.kind},
                    {"uri", e.uri},
                    {"description", e.description},
                    {"automatic", e.automatic}});
    arr.push_back({{"id", it.id},
                   {"applicable", it.applicable},
                   {"justification", it.justification},
                   {"status", cra::to_string(it.status)},
                   {"owner", it.owner},
                   {"evidence", std::move(ev)}});
  }
  return arr.dump(2);
}

Result<std::vector<cra::ChecklistItem>> checklist_from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return invalid_input("checklist JSON: expected an array");
  std::vector<cra::ChecklistItem> out;
  try {
    for (std::size_t i = 0; i < j.size(); ++i) {
      const auto& o = j[i];
      cra::ChecklistItem it;
      it.id = o.at("id").get<std::string>();
      it.applicable = o.value("applicable", true);
      it.justification = o.value("justification", "");
      auto s = cra::item_status_from_string(o.value("status", "open"));
      if (!s) return invalid_input(fmt::format("checklist JSON: /{}/status: unknown status", i));
      it.status = *s;
      it.owner = o.value("owner", "");
      for (const auto& e : o.value("evidence", nlohmann::json::array()))
        it.evidence.push_back({e.value("kind", ""), e.value("uri", ""), e.value("description", ""),
                               e.value("automatic", false)});
      out.push_back(std::move(it));
    }
  } catch (const nlohmann::json::exception& e) {
    return invalid_input(fmt::format("checklist JSON: {}", e.what()));
  }
  return out;
}

std::vector<cra::ChecklistItem> merged_checklist(const std::vector<cra::ChecklistItem>& stored) {
  std::map<std::string, const cra::ChecklistItem*> by_id;
  for (const auto& it : stored) by_id[it.id] = &it;
  auto items = cra::default_checklist();
  for (auto& it : items)
    if (auto f = by_id.find(it.id); f != by_id.end()) it = *f->second;
  return items;
}

}  // namespace bulwark::portfolio
