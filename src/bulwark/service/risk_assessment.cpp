#include "bulwark/service/risk_assessment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bulwark/core/text.hpp"
#include "bulwark/service/cra_common.hpp"
#include "bulwark/service/exposure.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/products.hpp"

namespace bulwark::service {
namespace {

// A stored decision on a proposal, shown on its view.
void take_decision(ProposalView& v, const portfolio::ProposalDecision& d) {
  v.state = d.decision;
  v.decided_by = d.actor;
  v.reason = d.reason;
  v.decided_at = d.at;
  v.revision = d.revision;
}

struct Spec {
  std::string target;  // PRODUCT@VERSION
  int revision = 0;
};

Result<Spec> parse_spec(const std::string& spec) {
  Spec s{spec, 0};
  if (auto hash = spec.rfind('#'); hash != std::string::npos) {
    s.target = spec.substr(0, hash);
    const std::string n = spec.substr(hash + 1);
    if (n.empty() || n.size() > 6 || !std::all_of(n.begin(), n.end(), ::isdigit))
      return invalid_input(fmt::format("'{}': expected PRODUCT@VERSION#REVISION", spec));
    s.revision = std::stoi(n);
  }
  return s;
}

Result<RevisionView> make_view(const portfolio::Product& p, assessment::Revision r) {
  auto a =
      assessment::parse(r.content, fmt::format("{}@{} revision {}", p.name, r.release, r.number));
  if (!a) return std::unexpected(a.error());
  auto derived = assessment::derive_applicability(*a);
  if (!derived) return std::unexpected(derived.error());
  RevisionView v;
  v.product = p;
  r.product = p.name;
  v.revision = std::move(r);
  v.warnings = assessment::warnings(*a);
  v.assessment = std::move(*a);
  v.applicability = std::move(*derived);
  return v;
}

// The revision a merge or a proposal builds on: the release's latest, else the newest approved
// revision of the product.
Result<std::optional<assessment::Revision>> base_revision(portfolio::RiskStore& risk,
                                                          const portfolio::Product& p,
                                                          const std::string& release) {
  auto revs = risk.revisions(p.id, release);
  if (!revs) return std::unexpected(revs.error());
  if (!revs->empty()) return std::optional(revs->back().value);
  auto all = risk.revisions(p.id, "");
  if (!all) return std::unexpected(all.error());
  const assessment::Revision* best = nullptr;
  for (const auto& r : *all)
    if (r.value.state == assessment::ReviewState::kApproved &&
        (!best || *r.value.approved_at > *best->approved_at))
      best = &r.value;
  return best ? std::optional(*best) : std::nullopt;
}

// Stores a new draft revision with the content (validated by the caller).
Result<assessment::Revision> new_draft(portfolio::RiskStore& risk, const portfolio::Product& p,
                                       const std::string& release, const std::string& content,
                                       const std::string& source, const std::string& author,
                                       TimePoint now) {
  auto n = risk.next_revision(p.id, release);
  if (!n) return std::unexpected(n.error());
  auto r = assessment::create_revision(p.name, release, *n, content, source, author, now);
  if (!r) return std::unexpected(r.error());
  if (auto s = risk.save_revision({p.id, *r}); !s) return std::unexpected(s.error());
  return r;
}

Result<assessment::Revision> pick(portfolio::RiskStore& risk, const portfolio::Product& p,
                                  const std::string& release, int number, const std::string& spec) {
  if (number > 0) {
    auto r = risk.find_revision(p.id, release, number);
    if (!r) return std::unexpected(r.error());
    if (!*r) return not_found(fmt::format("{}: no such assessment revision", spec));
    return (*r)->value;
  }
  auto revs = risk.revisions(p.id, release);
  if (!revs) return std::unexpected(revs.error());
  if (revs->empty())
    return not_found(fmt::format("{}: no risk assessment recorded for this release", spec));
  return revs->back().value;
}

}  // namespace

Result<RiskImportResult> import_assessment(portfolio::Store& store, portfolio::RiskStore& risk,
                                           const RiskImportRequest& req, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  if (trim(req.author).empty()) return invalid_input("author: empty (who wrote the assessment)");
  auto t = resolve_target(store, req.target, true);
  if (!t) return std::unexpected(t.error());
  auto imported = assessment::import_document(req.text, req.name, req.format, !req.merge);
  if (!imported) return std::unexpected(imported.error());
  auto& a = imported->assessment;
  if (imported->format == assessment::SourceFormat::kNative && !a.product.empty() &&
      a.product != t->product.name)
    return invalid_input(fmt::format("{}: /product: '{}' is not the product '{}'", req.name,
                                     a.product, t->product.name));
  RiskImportResult out;
  out.format = imported->format;
  out.mapped = imported->mapped;
  out.not_mapped = imported->not_mapped;
  const std::string release = t->release->version;
  auto r = risk.transaction([&]() -> Result<void> {
    auto base = base_revision(risk, t->product, release);
    if (!base) return std::unexpected(base.error());
    assessment::Assessment content = a;
    if (req.merge && *base) {
      auto b = assessment::parse((*base)->content, "stored revision");
      if (!b) return std::unexpected(b.error());
      content = assessment::merge(std::move(*b), a);
      out.based_on = (*base)->release == release ? (*base)->number : 0;
    }
    content.product = t->product.name;
    content.release = release;
    if (auto v = assessment::validate(content); !v)
      return std::unexpected(std::move(v.error()).with_context(req.name));
    if (auto d = assessment::derive_applicability(content); !d)
      return std::unexpected(std::move(d.error()).with_context(req.name));
    const std::string text = assessment::to_json(content);
    auto latest = risk.revisions(t->product.id, release);
    if (!latest) return std::unexpected(latest.error());
    if (!latest->empty() && latest->back().value.content == text) {
      out.unchanged = true;
      auto v = make_view(t->product, latest->back().value);
      if (!v) return std::unexpected(v.error());
      out.view = std::move(*v);
      return {};
    }
    const std::string source =
        fmt::format("{} ({}{})", req.name, assessment::to_string(imported->format),
                    req.merge ? ", merged" : "");
    auto rev = new_draft(risk, t->product, release, text, source, req.author, *now);
    if (!rev) return std::unexpected(rev.error());
    auto v = make_view(t->product, *rev);
    if (!v) return std::unexpected(v.error());
    out.view = std::move(*v);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<RevisionView> load_revision(portfolio::Store& store, portfolio::RiskStore& risk,
                                   const std::string& spec) {
  auto s = parse_spec(spec);
  if (!s) return std::unexpected(s.error());
  auto t = resolve_target(store, s->target, true);
  if (!t) return std::unexpected(t.error());
  auto r = pick(risk, t->product, t->release->version, s->revision, spec);
  if (!r) return std::unexpected(r.error());
  return make_view(t->product, std::move(*r));
}

Result<RevisionView> review_step(portfolio::Store& store, portfolio::RiskStore& risk,
                                 const std::string& spec, const std::string& action,
                                 const std::string& actor, const std::string& comment,
                                 const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto s = parse_spec(spec);
  if (!s) return std::unexpected(s.error());
  auto t = resolve_target(store, s->target, true);
  if (!t) return std::unexpected(t.error());
  const std::string release = t->release->version;
  RevisionView out;
  auto r = risk.transaction([&]() -> Result<void> {
    auto cur = pick(risk, t->product, release, s->revision, spec);
    if (!cur) return std::unexpected(cur.error());
    cur->product = t->product.name;
    Result<assessment::Revision> next =
        invalid_input("action '" + action + "': expected review, approve or return");
    if (action == "review") next = assessment::review(*cur, actor, comment, *now);
    if (action == "approve") next = assessment::approve(*cur, actor, comment, *now);
    if (action == "return") next = assessment::return_to_draft(*cur, actor, comment, *now);
    if (!next) return std::unexpected(next.error());
    if (action == "approve") {
      auto revs = risk.revisions(t->product.id, release);
      if (!revs) return std::unexpected(revs.error());
      for (auto& old : *revs)
        if (old.value.state == assessment::ReviewState::kApproved &&
            old.value.number != next->number) {
          old.value.product = t->product.name;
          auto sup = assessment::supersede(old.value, next->number, *now);
          if (!sup) return std::unexpected(sup.error());
          if (auto w = risk.save_revision({t->product.id, *sup}); !w) return w;
        }
    }
    if (auto w = risk.save_revision({t->product.id, *next}); !w) return w;
    auto v = make_view(t->product, *next);
    if (!v) return std::unexpected(v.error());
    out = std::move(*v);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<std::vector<portfolio::RiskEvent>> risk_history(portfolio::Store& store,
                                                       portfolio::RiskStore& risk,
                                                       const std::string& spec) {
  auto t = resolve_target(store, spec, false);
  if (!t) return std::unexpected(t.error());
  return risk.history(t->product.id, t->release ? t->release->version : "");
}

Result<RiskDiff> diff_revisions(portfolio::Store& store, portfolio::RiskStore& risk,
                                const std::string& from, const std::string& to) {
  auto load = [&](const std::string& spec) -> Result<assessment::Assessment> {
    if (spec.find('@') != std::string::npos) {
      auto v = load_revision(store, risk, spec);
      if (v) return v->assessment;
      if (v.error().code != ErrorCode::kNotFound || spec.find('/') == std::string::npos)
        return std::unexpected(v.error());
    }
    auto text = read_file(spec);
    if (!text) return std::unexpected(text.error());
    auto im = assessment::import_document(*text, spec);
    if (!im) return std::unexpected(im.error());
    return im->assessment;
  };
  auto a = load(from);
  if (!a) return std::unexpected(a.error());
  auto b = load(to);
  if (!b) return std::unexpected(b.error());
  return RiskDiff{from, to, assessment::diff(*a, *b)};
}

std::string ApprovedAssessment::label() const {
  return fmt::format("{}@{} {}{}", revision.product, revision.release,
                     assessment::describe(revision),
                     carried_over ? " [carried over from an earlier release: review under "
                                    "Article 13(7)]"
                                  : "");
}

Result<std::optional<ApprovedAssessment>> approved_assessment(portfolio::Store& store,
                                                              portfolio::RiskStore& risk,
                                                              const portfolio::Product& product,
                                                              const std::string& release) {
  auto rels = store.releases(product.id);
  if (!rels) return std::unexpected(rels.error());
  auto all = risk.revisions(product.id, "");
  if (!all) return std::unexpected(all.error());
  // Releases in the store's order (oldest first); judge `release` or the newest.
  std::vector<std::string> order;
  for (const auto& r : *rels) order.push_back(r.version);
  std::size_t upto = order.size();
  if (!release.empty()) {
    auto it = std::find(order.begin(), order.end(), release);
    if (it == order.end())
      return not_found(fmt::format("{}@{}: unknown release", product.name, release));
    upto = static_cast<std::size_t>(it - order.begin()) + 1;
  }
  for (std::size_t i = upto; i-- > 0;) {
    const assessment::Revision* best = nullptr;
    for (const auto& r : *all)
      if (r.value.release == order[i] && r.value.state == assessment::ReviewState::kApproved &&
          (!best || r.value.number > best->number))
        best = &r.value;
    if (!best) continue;
    auto v = make_view(product, *best);
    if (!v) return std::unexpected(v.error());
    ApprovedAssessment out;
    out.revision = v->revision;
    out.assessment = std::move(v->assessment);
    out.applicability = std::move(v->applicability);
    out.carried_over = !release.empty() && order[i] != release;
    return std::optional(std::move(out));
  }
  return std::optional<ApprovedAssessment>{};
}

Result<ProposalList> risk_proposals(portfolio::Store& store, portfolio::RiskStore& risk,
                                    portfolio::CraStore& cra, vulndb::Store& vulns,
                                    const std::string& target, const Clock& clock,
                                    portfolio::ExposureStore* exposure) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto t = resolve_target(store, target, true);
  if (!t) return std::unexpected(t.error());
  const std::string release = t->release->version;
  assessment::ProposalFacts f;
  f.product = t->product.name;
  f.release = release;
  f.now = *now;
  auto cp = cra_product(cra, t->product.id);
  if (!cp) return std::unexpected(cp.error());
  f.category_item = cp->category_item;
  ViewOptions vo;
  vo.today = format_rfc3339(*now).substr(0, 10);
  vo.risk = &risk;
  auto view = release_view(store, vulns, t->product, *t->release, vo);
  if (!view) return std::unexpected(view.error());
  for (const auto& c : view->sbom.components)
    f.components.push_back({c.name, c.version, c.purl, c.type});
  for (const auto& fd : view->result.findings) {
    const auto& c = view->sbom.components[fd.component];
    f.findings.push_back(
        {fd->id, c.name, c.version, fd->kev, fd->priority, join(fd->fixed_versions)});
  }
  if (exposure) {
    auto stored = release_exposures(*exposure, t->product.id, release);
    if (!stored) return std::unexpected(stored.error());
    for (const auto& s : *stored) {
      const std::string run = fmt::format(
          "{} run {}", s.report.target_kind == "network" ? "network scan" : "file analysis",
          s.run.seq);
      for (const auto& o : s.report.observations)
        if (o.status == exposure::Status::kFail && !o.waiver)
          f.exposure.push_back({o.check, o.path, o.message, run});
    }
  }
  auto rels = store.releases(t->product.id);
  if (!rels) return std::unexpected(rels.error());
  for (std::size_t i = 0; i < rels->size(); ++i)
    if ((*rels)[i].version == release && i > 0) {
      const auto& prev = (*rels)[i - 1];
      f.previous_release = prev.version;
      auto pv = release_view(store, vulns, t->product, prev, vo);
      if (!pv) return std::unexpected(pv.error());
      for (const auto& c : pv->sbom.components)
        f.previous_components.push_back({c.name, c.version, c.purl, c.type});
    }
  auto base = base_revision(risk, t->product, release);
  if (!base) return std::unexpected(base.error());
  std::optional<assessment::Assessment> cur;
  ProposalList out;
  out.product = t->product;
  out.release = release;
  if (*base) {
    auto a = assessment::parse((*base)->content, "stored revision");
    if (!a) return std::unexpected(a.error());
    cur = std::move(*a);
    out.base_revision = (*base)->release == release ? (*base)->number : 0;
  }
  auto decided = risk.decisions(t->product.id, release);
  if (!decided) return std::unexpected(decided.error());
  for (auto& p : assessment::propose(cur ? &*cur : nullptr, f)) {
    ProposalView v;
    v.proposal = std::move(p);
    for (const auto& d : *decided)
      if (d.key == v.proposal.key) take_decision(v, d);
    out.proposals.push_back(std::move(v));
  }
  // Decisions on proposals the facts no longer produce (e.g. accepted: now covered) stay listed.
  for (const auto& d : *decided)
    if (std::none_of(out.proposals.begin(), out.proposals.end(),
                     [&](const ProposalView& v) { return v.proposal.key == d.key; })) {
      ProposalView v;
      v.proposal.key = d.key;
      v.proposal.kind = d.key.substr(0, d.key.find(':'));
      v.proposal.title = "(decided earlier)";
      take_decision(v, d);
      out.proposals.push_back(std::move(v));
    }
  return out;
}

Result<ProposalDecided> decide_proposal(portfolio::Store& store, portfolio::RiskStore& risk,
                                        portfolio::CraStore& cra, vulndb::Store& vulns,
                                        const ProposalDecisionRequest& req, const Clock& clock,
                                        portfolio::ExposureStore* exposure) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  if (trim(req.actor).empty()) return invalid_input("actor: empty (who decides)");
  if (!req.accept && trim(req.reason).empty())
    return invalid_input(fmt::format("proposal {}: a rejection needs a reason", req.key));
  auto list = risk_proposals(store, risk, cra, vulns, req.target, clock, exposure);
  if (!list) return std::unexpected(list.error());
  auto it = std::find_if(list->proposals.begin(), list->proposals.end(),
                         [&](const ProposalView& v) { return v.proposal.key == req.key; });
  if (it == list->proposals.end())
    return not_found(
        fmt::format("{}: no proposal '{}' (bulwark risk propose lists them)", req.target, req.key));
  if (it->state != "open")
    return conflict(
        fmt::format("proposal {} was already {} by {}", req.key, it->state, it->decided_by));
  ProposalDecided out;
  out.view = *it;
  const std::string now_text = format_rfc3339(*now);
  auto r = risk.transaction([&]() -> Result<void> {
    portfolio::ProposalDecision d{
        list->product.id, list->release, req.key,  req.accept ? "accepted" : "rejected",
        req.actor,        req.reason,    now_text, 0};
    if (req.accept && it->proposal.kind != "review") {
      auto base = base_revision(risk, list->product, list->release);
      if (!base) return std::unexpected(base.error());
      assessment::Assessment content;
      if (*base) {
        auto b = assessment::parse((*base)->content, "stored revision");
        if (!b) return std::unexpected(b.error());
        content = std::move(*b);
      }
      content = assessment::merge(std::move(content), it->proposal.fragment);
      content.product = list->product.name;
      content.release = list->release;
      if (auto v = assessment::validate(content); !v)
        return std::unexpected(std::move(v.error()).with_context("proposal " + req.key));
      auto rev = new_draft(risk, list->product, list->release, assessment::to_json(content),
                           "proposal " + req.key, req.actor, *now);
      if (!rev) return std::unexpected(rev.error());
      d.revision = rev->number;
      auto v = make_view(list->product, *rev);
      if (!v) return std::unexpected(v.error());
      out.draft = std::move(*v);
    }
    if (auto s = risk.save_decision(d); !s) return s;
    out.view.state = d.decision;
    out.view.decided_by = d.actor;
    out.view.reason = d.reason;
    out.view.decided_at = d.at;
    out.view.revision = d.revision;
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

std::string revision_json(const RevisionView& v) {
  nlohmann::ordered_json doc;
  const auto& r = v.revision;
  doc["product"] = v.product.name;
  doc["release"] = r.release;
  doc["revision"] = r.number;
  doc["state"] = assessment::to_string(r.state);
  doc["author"] = r.author;
  doc["reviewer"] = r.reviewer;
  doc["approver"] = r.approver;
  doc["created_at"] = r.created_at ? format_rfc3339(*r.created_at) : "";
  doc["approved_at"] = r.approved_at ? format_rfc3339(*r.approved_at) : "";
  doc["source"] = r.source;
  doc["assessment"] = nlohmann::ordered_json::parse(assessment::to_json(v.assessment));
  nlohmann::ordered_json risks = nlohmann::ordered_json::array();
  for (const auto& t : v.assessment.threats)
    risks.push_back({{"threat", t.id},
                     {"inherent_score", t.inherent.score()},
                     {"inherent_level", assessment::to_string(t.inherent.level())},
                     {"residual_score", t.residual_or_inherent().score()},
                     {"residual_level", assessment::to_string(t.residual_or_inherent().level())}});
  doc["risks"] = risks;
  nlohmann::ordered_json app = nlohmann::ordered_json::array();
  for (const auto& d : v.applicability)
    app.push_back({{"requirement", d.requirement},
                   {"applicable", d.applicable},
                   {"justification", d.justification},
                   {"mitigations", d.mitigations},
                   {"threats", d.threats}});
  doc["applicability"] = app;
  doc["warnings"] = v.warnings;
  nlohmann::ordered_json hist = nlohmann::ordered_json::array();
  for (const auto& e : r.history)
    hist.push_back({{"at", format_rfc3339(e.time)},
                    {"actor", e.actor},
                    {"action", e.action},
                    {"detail", e.detail}});
  doc["history"] = hist;
  return doc.dump(2);
}

}  // namespace bulwark::service
