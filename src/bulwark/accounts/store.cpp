#include "bulwark/accounts/store.hpp"

#include <utility>

#include "bulwark/pg/pg.hpp"

namespace bulwark::accounts {
namespace {

constexpr std::pair<Permission, std::string_view> kNames[] = {
    {Permission::kUpload, "upload"},
    {Permission::kView, "view"},
    {Permission::kTriage, "triage"},
    {Permission::kManageProducts, "manage-products"},
    {Permission::kCraReporting, "cra-reporting"},
    {Permission::kAdminister, "administer"},
};

}  // namespace

Result<std::unique_ptr<AccountStore>> AccountStore::open(const std::string& location) {
  return pg::is_url(location) ? open_postgresql(location) : open_sqlite(location);
}

std::string_view permission_name(Permission p) {
  for (const auto& [perm, name] : kNames)
    if (perm == p) return name;
  return "view";
}

std::optional<Permission> parse_permission(std::string_view name) {
  for (const auto& [perm, n] : kNames)
    if (n == name) return perm;
  return std::nullopt;
}

const std::vector<Permission>& all_permissions() {
  static const std::vector<Permission> all = [] {
    std::vector<Permission> v;
    for (const auto& [perm, name] : kNames) v.push_back(perm);
    return v;
  }();
  return all;
}

}  // namespace bulwark::accounts
