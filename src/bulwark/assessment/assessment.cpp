#include "bulwark/assessment/assessment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "bulwark/core/text.hpp"

namespace bulwark::assessment {
namespace {

constexpr std::array<std::string_view, 5> kLevels = {"none", "low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 6> kLikelihood = {"-",        "rare",   "unlikely",
                                                         "possible", "likely", "almost certain"};
constexpr std::array<std::string_view, 6> kImpact = {"none",     "negligible", "minor",
                                                     "moderate", "major",      "severe"};
constexpr std::array<std::string_view, 4> kNeeds = {"none", "low", "medium", "high"};
constexpr std::array<std::string_view, 6> kStride = {"spoofing",          "tampering",
                                                     "repudiation",       "information_disclosure",
                                                     "denial_of_service", "elevation_of_privilege"};

template <class T>
std::string list_ids(const std::vector<T>& v) {
  std::vector<std::string> ids;
  for (const auto& x : v) ids.push_back(x.id);
  return join(ids, ", ");
}

template <class T>
Result<std::set<std::string>> unique_ids(const std::vector<T>& v, std::string_view field) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].id.empty()) return invalid_input(fmt::format("/{}/{}/id: empty id", field, i));
    if (!ids.insert(v[i].id).second)
      return invalid_input(fmt::format("/{}/{}/id: duplicate id '{}'", field, i, v[i].id));
  }
  return ids;
}

Result<void> check_refs(const std::vector<std::string>& refs, const std::set<std::string>& known,
                        const std::string& pointer, std::string_view what) {
  for (std::size_t i = 0; i < refs.size(); ++i)
    if (!known.contains(refs[i]))
      return invalid_input(fmt::format("{}/{}: unknown {} '{}'", pointer, i, what, refs[i]));
  return {};
}

Result<void> check_rating(const Rating& r, const std::string& pointer) {
  if (r.likelihood < 1 || r.likelihood > kMaxLikelihood)
    return invalid_input(fmt::format("{}/likelihood: {} is outside the scale 1..{}", pointer,
                                     r.likelihood, kMaxLikelihood));
  const std::array<std::pair<const char*, int>, 3> dims = {
      {{"health_safety", r.impact.health_safety},
       {"business", r.impact.business},
       {"critical_infrastructure", r.impact.critical_infrastructure}}};
  for (const auto& [name, v] : dims)
    if (v < 0 || v > kMaxImpact)
      return invalid_input(
          fmt::format("{}/impact/{}: {} is outside the scale 0..{}", pointer, name, v, kMaxImpact));
  return {};
}

template <class T>
void merge_by_id(std::vector<T>& base, const std::vector<T>& overlay) {
  for (const auto& o : overlay) {
    auto it = std::find_if(base.begin(), base.end(), [&](const T& b) { return b.id == o.id; });
    if (it != base.end())
      *it = o;
    else
      base.push_back(o);
  }
}

template <class T>
void diff_by_id(const std::vector<T>& from, const std::vector<T>& to, std::string_view kind,
                std::vector<Change>& out) {
  for (const auto& f : from) {
    auto it = std::find_if(to.begin(), to.end(), [&](const T& t) { return t.id == f.id; });
    if (it == to.end())
      out.push_back({std::string(kind), f.id, "removed", ""});
    else if (!(*it == f))
      out.push_back({std::string(kind), f.id, "changed", ""});
  }
  for (const auto& t : to)
    if (std::none_of(from.begin(), from.end(), [&](const T& f) { return f.id == t.id; }))
      out.push_back({std::string(kind), t.id, "added", ""});
}

}  // namespace

std::string_view to_string(RiskLevel l) { return kLevels[static_cast<std::size_t>(l)]; }
std::string_view likelihood_label(int l) {
  return l >= 1 && l <= kMaxLikelihood ? kLikelihood[static_cast<std::size_t>(l)] : "?";
}
std::string_view impact_label(int i) {
  return i >= 0 && i <= kMaxImpact ? kImpact[static_cast<std::size_t>(i)] : "?";
}

int Impact::overall() const { return std::max({health_safety, business, critical_infrastructure}); }
int Rating::score() const { return likelihood * impact.overall(); }
RiskLevel Rating::level() const { return level_of(score()); }

RiskLevel level_of(int score) {
  if (score <= 0) return RiskLevel::kNone;
  if (score <= 4) return RiskLevel::kLow;
  if (score <= 9) return RiskLevel::kMedium;
  if (score <= 16) return RiskLevel::kHigh;
  return RiskLevel::kCritical;
}

std::string_view to_string(Need n) { return kNeeds[static_cast<std::size_t>(n)]; }
std::optional<Need> need_from_string(std::string_view s) {
  const std::string l = to_lower(trim(s));
  for (std::size_t i = 0; i < kNeeds.size(); ++i)
    if (l == kNeeds[i]) return static_cast<Need>(i);
  return std::nullopt;
}

std::string_view to_string(Stride s) { return kStride[static_cast<std::size_t>(s)]; }
std::optional<Stride> stride_from_string(std::string_view s) {
  std::string l;
  for (char c : trim(s)) l += (c == ' ' || c == '-') ? '_' : static_cast<char>(std::tolower(c));
  if (l == "elevation_of_privileges") l = "elevation_of_privilege";
  if (l.size() == 1) {
    constexpr std::string_view kLetters = "stride";
    if (auto p = kLetters.find(l[0]); p != std::string_view::npos) return static_cast<Stride>(p);
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kStride.size(); ++i)
    if (l == kStride[i]) return static_cast<Stride>(i);
  return std::nullopt;
}

const std::vector<std::string>& part1_point_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (char c = 'a'; c <= 'm'; ++c) v.push_back(std::string("AI.P1.2") + c);
    return v;
  }();
  return ids;
}

bool is_part1_point(std::string_view id) {
  const auto& ids = part1_point_ids();
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Result<void> validate(const Assessment& a) {
  auto actors = unique_ids(a.actors, "actors");
  if (!actors) return std::unexpected(actors.error());
  auto assets = unique_ids(a.assets, "assets");
  if (!assets) return std::unexpected(assets.error());
  auto ifaces = unique_ids(a.interfaces, "interfaces");
  if (!ifaces) return std::unexpected(ifaces.error());
  auto threats = unique_ids(a.threats, "threats");
  if (!threats) return std::unexpected(threats.error());
  auto mits = unique_ids(a.mitigations, "mitigations");
  if (!mits) return std::unexpected(mits.error());
  for (std::size_t i = 0; i < a.assets.size(); ++i)
    if (a.assets[i].kind != "data" && a.assets[i].kind != "function")
      return invalid_input(
          fmt::format("/assets/{}/kind: '{}' is neither data nor function", i, a.assets[i].kind));
  for (std::size_t i = 0; i < a.interfaces.size(); ++i)
    if (auto r = check_refs(a.interfaces[i].assets, *assets,
                            fmt::format("/interfaces/{}/assets", i), "asset");
        !r)
      return r;
  for (std::size_t i = 0; i < a.threats.size(); ++i) {
    const auto& t = a.threats[i];
    const std::string p = fmt::format("/threats/{}", i);
    if (t.title.empty()) return invalid_input(p + "/title: empty title");
    if (auto r = check_refs(t.assets, *assets, p + "/assets", "asset"); !r) return r;
    if (auto r = check_refs(t.interfaces, *ifaces, p + "/interfaces", "interface"); !r) return r;
    if (auto r = check_refs(t.mitigations, *mits, p + "/mitigations", "mitigation"); !r) return r;
    if (auto r = check_rating(t.inherent, p + "/inherent"); !r) return r;
    if (t.residual) {
      if (auto r = check_rating(*t.residual, p + "/residual"); !r) return r;
      if (t.residual->score() > t.inherent.score())
        return invalid_input(
            fmt::format("{}/residual: residual risk {} is above the inherent risk {}", p,
                        t.residual->score(), t.inherent.score()));
    }
  }
  for (std::size_t i = 0; i < a.mitigations.size(); ++i) {
    const auto& m = a.mitigations[i];
    if (m.status != "planned" && m.status != "implemented" && m.status != "verified")
      return invalid_input(fmt::format(
          "/mitigations/{}/status: '{}' is not planned, implemented or verified", i, m.status));
    for (std::size_t j = 0; j < m.requirements.size(); ++j)
      if (!is_part1_point(m.requirements[j]))
        return invalid_input(
            fmt::format("/mitigations/{}/requirements/{}: '{}' is not an Annex I Part I (2) "
                        "point (AI.P1.2a..AI.P1.2m)",
                        i, j, m.requirements[j]));
  }
  for (std::size_t i = 0; i < a.accepted_risks.size(); ++i) {
    const auto& r = a.accepted_risks[i];
    const std::string p = fmt::format("/accepted_risks/{}", i);
    if (!threats->contains(r.threat))
      return invalid_input(fmt::format("{}/threat: unknown threat '{}'", p, r.threat));
    if (trim(r.rationale).empty()) return invalid_input(p + "/rationale: a rationale is required");
    if (trim(r.accepted_by).empty())
      return invalid_input(p + "/accepted_by: who accepted the risk is required");
  }
  std::set<std::string> behind, unreachable;
  for (const auto& in : a.interfaces)
    for (const auto& c : in.components) behind.insert(to_lower(c));
  for (std::size_t i = 0; i < a.reachability.unreachable.size(); ++i) {
    const auto& u = a.reachability.unreachable[i];
    const std::string p = fmt::format("/reachability/unreachable/{}", i);
    const std::string name = to_lower(trim(u.component));
    if (name.empty()) return invalid_input(p + "/component: a component name is required");
    if (!unreachable.insert(name).second)
      return invalid_input(fmt::format("{}/component: '{}' is stated twice", p, u.component));
    if (behind.contains(name))
      return invalid_input(fmt::format(
          "{}/component: '{}' is stated unreachable but an interface lists it", p, u.component));
    if (trim(u.rationale).empty())
      return invalid_input(
          fmt::format("{}/rationale: why nothing reaches '{}' is required", p, u.component));
  }
  std::set<std::string> stated;
  for (std::size_t i = 0; i < a.applicability.size(); ++i) {
    const auto& s = a.applicability[i];
    const std::string p = fmt::format("/applicability/{}", i);
    if (!is_part1_point(s.requirement))
      return invalid_input(fmt::format(
          "{}/requirement: '{}' is not an Annex I Part I (2) point (AI.P1.2a..AI.P1.2m)", p,
          s.requirement));
    if (!stated.insert(s.requirement).second)
      return invalid_input(
          fmt::format("{}/requirement: a second statement on {}", p, s.requirement));
    if (!s.applicable && trim(s.justification).empty())
      return invalid_input(fmt::format(
          "{}/justification: {} is marked not applicable without a justification (A13.4)", p,
          s.requirement));
  }
  return {};
}

std::vector<std::string> warnings(const Assessment& a) {
  std::vector<std::string> w;
  if (a.context.intended_purpose.empty()) w.push_back("/context/intended_purpose: missing");
  if (a.context.foreseeable_misuse.empty())
    w.push_back("/context/foreseeable_misuse: no reasonably foreseeable misuse stated");
  if (a.context.operational_environment.empty())
    w.push_back("/context/operational_environment: missing");
  if (a.context.expected_time_in_use.empty()) w.push_back("/context/expected_time_in_use: missing");
  std::set<std::string> touched, accepted;
  for (const auto& r : a.accepted_risks) accepted.insert(r.threat);
  for (std::size_t i = 0; i < a.threats.size(); ++i) {
    const auto& t = a.threats[i];
    touched.insert(t.assets.begin(), t.assets.end());
    if (t.stride.empty())
      w.push_back(fmt::format("/threats/{}/stride: threat {} has no STRIDE category", i, t.id));
    const auto lvl = t.residual_or_inherent().level();
    if ((lvl == RiskLevel::kHigh || lvl == RiskLevel::kCritical) && !accepted.contains(t.id))
      w.push_back(fmt::format("/threats/{}: threat {} keeps a {} residual risk and is not accepted",
                              i, t.id, to_string(lvl)));
  }
  for (std::size_t i = 0; i < a.mitigations.size(); ++i)
    if (a.mitigations[i].evidence.empty() && a.mitigations[i].status != "planned")
      w.push_back(fmt::format("/mitigations/{}/evidence: mitigation {} is {} without evidence", i,
                              a.mitigations[i].id, a.mitigations[i].status));
  for (std::size_t i = 0; i < a.assets.size(); ++i)
    if (!touched.contains(a.assets[i].id))
      w.push_back(fmt::format("/assets/{}: no threat touches asset {}", i, a.assets[i].id));
  return w;
}

Result<std::vector<DerivedPoint>> derive_applicability(const Assessment& a) {
  std::vector<DerivedPoint> out;
  for (const auto& id : part1_point_ids()) {
    DerivedPoint d;
    d.requirement = id;
    std::set<std::string> threat_ids;
    for (const auto& m : a.mitigations) {
      if (std::find(m.requirements.begin(), m.requirements.end(), id) == m.requirements.end())
        continue;
      d.mitigations.push_back(m.id);
      d.evidence.insert(d.evidence.end(), m.evidence.begin(), m.evidence.end());
      for (const auto& t : a.threats)
        if (std::find(t.mitigations.begin(), t.mitigations.end(), m.id) != t.mitigations.end())
          threat_ids.insert(t.id);
    }
    d.threats.assign(threat_ids.begin(), threat_ids.end());
    auto st = std::find_if(a.applicability.begin(), a.applicability.end(),
                           [&](const Applicability& s) { return s.requirement == id; });
    if (st != a.applicability.end()) {
      d.stated = true;
      d.applicable = st->applicable;
      if (!st->applicable && trim(st->justification).empty())
        return invalid_input(
            fmt::format("{}: marked not applicable without a justification (A13.4)", id));
      if (!st->applicable && !d.mitigations.empty())
        return invalid_input(fmt::format(
            "{}: marked not applicable but mitigations {} implement it", id, join(d.mitigations)));
      d.justification = st->justification;
    }
    if (d.justification.empty() && !d.mitigations.empty())
      d.justification = fmt::format("implemented by {}{}", join(d.mitigations),
                                    d.threats.empty() ? "" : " against " + join(d.threats));
    else if (d.applicable && !d.mitigations.empty())
      d.justification += fmt::format(" (implemented by {})", join(d.mitigations));
    if (d.justification.empty()) d.justification = "applies; no mitigation in the assessment yet";
    out.push_back(std::move(d));
  }
  return out;
}

Assessment merge(Assessment base, const Assessment& o) {
  if (!o.product.empty()) base.product = o.product;
  if (!o.release.empty()) base.release = o.release;
  auto& c = base.context;
  if (!o.context.intended_purpose.empty()) c.intended_purpose = o.context.intended_purpose;
  if (!o.context.foreseeable_use.empty()) c.foreseeable_use = o.context.foreseeable_use;
  if (!o.context.foreseeable_misuse.empty()) c.foreseeable_misuse = o.context.foreseeable_misuse;
  if (!o.context.operational_environment.empty())
    c.operational_environment = o.context.operational_environment;
  if (!o.context.expected_time_in_use.empty())
    c.expected_time_in_use = o.context.expected_time_in_use;
  if (!o.context.assumptions.empty()) c.assumptions = o.context.assumptions;
  merge_by_id(base.actors, o.actors);
  merge_by_id(base.assets, o.assets);
  merge_by_id(base.interfaces, o.interfaces);
  merge_by_id(base.threats, o.threats);
  merge_by_id(base.mitigations, o.mitigations);
  for (const auto& r : o.accepted_risks) {
    auto it = std::find_if(base.accepted_risks.begin(), base.accepted_risks.end(),
                           [&](const AcceptedRisk& b) { return b.threat == r.threat; });
    if (it != base.accepted_risks.end())
      *it = r;
    else
      base.accepted_risks.push_back(r);
  }
  for (const auto& s : o.applicability) {
    auto it = std::find_if(base.applicability.begin(), base.applicability.end(),
                           [&](const Applicability& b) { return b.requirement == s.requirement; });
    if (it != base.applicability.end())
      *it = s;
    else
      base.applicability.push_back(s);
  }
  base.reachability.complete = base.reachability.complete || o.reachability.complete;
  for (const auto& u : o.reachability.unreachable) {
    auto& v = base.reachability.unreachable;
    auto it = std::find_if(v.begin(), v.end(), [&](const Unreachable& b) {
      return equals_icase(b.component, u.component);
    });
    if (it != v.end())
      *it = u;
    else
      v.push_back(u);
  }
  return base;
}

std::vector<Change> diff(const Assessment& from, const Assessment& to) {
  std::vector<Change> out;
  if (!(from.context == to.context)) out.push_back({"context", "", "changed", ""});
  diff_by_id(from.actors, to.actors, "actor", out);
  diff_by_id(from.assets, to.assets, "asset", out);
  diff_by_id(from.interfaces, to.interfaces, "interface", out);
  const std::size_t first_threat = out.size();
  diff_by_id(from.threats, to.threats, "threat", out);
  for (std::size_t i = first_threat; i < out.size(); ++i) {
    auto find = [&](const std::vector<Threat>& v) {
      auto it =
          std::find_if(v.begin(), v.end(), [&](const Threat& t) { return t.id == out[i].id; });
      return it == v.end() ? nullptr : &*it;
    };
    const Threat* f = find(from.threats);
    const Threat* t = find(to.threats);
    auto lvl = [](const Threat* x) {
      return x ? std::string(to_string(x->residual_or_inherent().level())) : std::string("-");
    };
    out[i].detail = fmt::format("residual {} -> {}", lvl(f), lvl(t));
  }
  diff_by_id(from.mitigations, to.mitigations, "mitigation", out);
  std::map<std::string, const AcceptedRisk*> fa, ta;
  for (const auto& r : from.accepted_risks) fa[r.threat] = &r;
  for (const auto& r : to.accepted_risks) ta[r.threat] = &r;
  for (const auto& [id, r] : fa)
    if (!ta.contains(id))
      out.push_back({"accepted_risk", id, "removed", ""});
    else if (!(*ta[id] == *r))
      out.push_back({"accepted_risk", id, "changed", ""});
  for (const auto& [id, r] : ta)
    if (!fa.contains(id)) out.push_back({"accepted_risk", id, "added", "by " + r->accepted_by});
  if (from.reachability.complete != to.reachability.complete)
    out.push_back({"reachability", "complete", "changed",
                   to.reachability.complete
                       ? "interfaces now list every reachable component"
                       : "interfaces no longer list every reachable component"});
  std::map<std::string, const Unreachable*> fu, tu;
  for (const auto& u : from.reachability.unreachable) fu[to_lower(u.component)] = &u;
  for (const auto& u : to.reachability.unreachable) tu[to_lower(u.component)] = &u;
  for (const auto& [name, u] : fu)
    if (!tu.contains(name))
      out.push_back({"reachability", u->component, "removed", "no longer stated unreachable"});
    else if (!(*tu[name] == *u))
      out.push_back({"reachability", tu[name]->component, "changed", ""});
  for (const auto& [name, u] : tu)
    if (!fu.contains(name))
      out.push_back({"reachability", u->component, "added", "stated unreachable"});
  auto df = derive_applicability(from);
  auto dt = derive_applicability(to);
  if (df && dt)
    for (std::size_t i = 0; i < df->size(); ++i)
      if ((*df)[i].applicable != (*dt)[i].applicable)
        out.push_back({"applicability", (*dt)[i].requirement, "changed",
                       (*dt)[i].applicable ? "now applicable" : "now not applicable"});
  return out;
}

}  // namespace bulwark::assessment
