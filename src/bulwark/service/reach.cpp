#include "bulwark/service/reach.hpp"

#include <algorithm>
#include <set>

#include "bulwark/assessment/text.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/service/risk_policy.hpp"

namespace bulwark::service {
namespace {

risk::Need need_of(assessment::Need n) {
  switch (n) {
    case assessment::Need::kLow:
      return risk::Need::kLow;
    case assessment::Need::kMedium:
      return risk::Need::kMedium;
    case assessment::Need::kHigh:
      return risk::Need::kHigh;
    default:
      return risk::Need::kNone;
  }
}

// The names a component is known by: its name, group/name, and the purl's name and
// namespace/name; lower-case.
std::set<std::string> names_of(const Component& c) {
  std::set<std::string> out;
  auto add = [&](std::string s) {
    if (!s.empty()) out.insert(to_lower(s));
  };
  add(c.name);
  if (!c.group.empty() && !c.name.empty()) add(c.group + "/" + c.name);
  if (!c.purl.empty()) {
    if (auto p = purl::parse(c.purl)) {
      add(p->name);
      if (!p->ns.empty()) add(p->ns + "/" + p->name);
    }
  }
  return out;
}

}  // namespace

ReleaseReach::ReleaseReach(const assessment::Assessment& a, int revision) : revision_(revision) {
  for (const auto& in : a.interfaces) {
    if (in.components.empty()) continue;
    risk::ReachPath p;
    p.interface = in.id;
    p.kind = in.kind;
    p.exposure = in.exposure;
    for (const auto& id : in.assets) {
      auto it = std::find_if(a.assets.begin(), a.assets.end(),
                             [&](const assessment::Asset& x) { return x.id == id; });
      if (it == a.assets.end()) continue;
      const std::pair<const char*, assessment::Need> dims[] = {
          {"confidentiality", it->confidentiality},
          {"integrity", it->integrity},
          {"availability", it->availability}};
      for (const auto& [dim, need] : dims) {
        if (p.asset.empty() || need_of(need) > p.need) {
          p.asset = it->id;
          p.dimension = dim;
          p.need = need_of(need);
        }
      }
    }
    const std::size_t index = paths_.size();
    paths_.push_back(std::move(p));
    for (const auto& c : in.components) {
      auto& v = by_name_[to_lower(c)];
      if (v.empty() || v.back() != index) v.push_back(index);
    }
  }
  complete_ = a.reachability.complete;
  for (const auto& u : a.reachability.unreachable)
    unreachable_.emplace(to_lower(trim(u.component)), u.rationale);
}

const risk::Reach* ReleaseReach::of(const Component& c) {
  if (!active()) return nullptr;
  const auto names = names_of(c);
  std::set<std::size_t> hit;
  for (const auto& n : names)
    if (auto it = by_name_.find(n); it != by_name_.end())
      hit.insert(it->second.begin(), it->second.end());
  std::string key = c.name;
  std::string unreachable;
  if (!hit.empty()) {
    for (auto i : hit) key += '\x1f' + std::to_string(i);
  } else {
    for (const auto& n : names)
      if (auto it = unreachable_.find(n); it != unreachable_.end()) {
        unreachable = "stated unreachable in assessment revision " + std::to_string(revision_) +
                      ": " + it->second;
        break;
      }
    if (unreachable.empty() && complete_)
      unreachable = "behind no interface of assessment revision " + std::to_string(revision_) +
                    ", whose interfaces list every reachable component";
    if (unreachable.empty()) return nullptr;
    key += '\x1e' + unreachable;
  }
  auto& slot = cache_[key];
  if (!slot) {
    slot = std::make_unique<risk::Reach>();
    slot->component = c.name;
    slot->revision = revision_;
    for (auto i : hit) slot->interfaces.push_back(paths_[i]);
    slot->unreachable = std::move(unreachable);
  }
  return slot.get();
}

Result<std::shared_ptr<ReleaseReach>> release_reach(portfolio::RiskStore* risk,
                                                    const portfolio::Product& product,
                                                    const std::string& release) {
  if (!risk) return std::shared_ptr<ReleaseReach>{};
  auto revs = risk->revisions(product.id, release);
  if (!revs) return std::unexpected(revs.error());
  const assessment::Revision* pick = nullptr;
  for (const auto& r : *revs) {
    if (r.value.release != release) continue;
    const bool approved = r.value.state == assessment::ReviewState::kApproved;
    const bool pick_approved = pick && pick->state == assessment::ReviewState::kApproved;
    if (!pick || (approved && !pick_approved) ||
        (approved == pick_approved && r.value.number > pick->number))
      pick = &r.value;
  }
  if (!pick) return std::shared_ptr<ReleaseReach>{};
  auto a = assessment::parse(
      pick->content, product.name + "@" + release + " revision " + std::to_string(pick->number));
  if (!a) return std::unexpected(a.error());
  auto reach = std::make_shared<ReleaseReach>(*a, pick->number);
  if (!reach->active()) return std::shared_ptr<ReleaseReach>{};
  return reach;
}

Result<match::ScanOptions> release_scan_options(portfolio::RiskStore* risk,
                                                const portfolio::Product& product,
                                                const std::string& release, std::string today) {
  match::ScanOptions so;
  so.product_class = portfolio::product_class_of(product);
  so.today = std::move(today);
  auto policy = product_policy(risk, product);
  if (!policy) return std::unexpected(policy.error());
  so.owned_policy = std::move(*policy);
  so.policy = so.owned_policy.get();
  auto reach = release_reach(risk, product, release);
  if (!reach) return std::unexpected(reach.error());
  if (*reach) so.reach = [r = std::move(*reach)](const Component& c) { return r->of(c); };
  return so;
}

}  // namespace bulwark::service
