// The backend-neutral parts of the CRA store: checklist validation before a write, and the
// checklist JSON shared by every backend. The SQLite implementation is in sqlite_cra_store.cpp.
#include "bulwark/portfolio/cra_store.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

namespace bulwark::portfolio {

Result<void> CraStore::save_checklist(std::int64_t product_id,
                                      const std::vector<cra::ChecklistItem>& items,
                                      const std::string& now) {
  if (auto v = cra::validate(items); !v) return v;
  return write_checklist(product_id, items, now);
}

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
