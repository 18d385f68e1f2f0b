// bulwark cra ...: the CRA compliance engine on top of the portfolio. Article 14 cases and their
// clocks (case, deadlines, draft), support periods (support), classification and conformity
// routes (classify), the Annex I checklist (checklist) and the generated documentation with its
// evidence bundle (docs). Every command honours BULWARK_NOW; see docs/cra-cli.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/cra/bundle.hpp"
#include "bulwark/cra/case_json.hpp"
#include "bulwark/cra/classification.hpp"
#include "bulwark/cra/docs.hpp"
#include "bulwark/cra/lifecycle.hpp"
#include "bulwark/cra/report.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/vulndb/store.hpp"
#include "common.hpp"
#include "commands.hpp"

namespace bulwark::cli {
namespace {

using json = nlohmann::ordered_json;

int usage(Context& ctx, std::string message) {
  report_error(ctx, Error{ErrorCode::kUsage, std::move(message)});
  return ctx.exit_code;
}

// ---- shared helpers -------------------------------------------------------------------------

// The stores and the clock every cra command needs.
struct Env {
  std::unique_ptr<portfolio::Store> store;
  std::optional<portfolio::CraStore> cra;
  TimePoint now;
  std::string now_text;
};

Result<Env> open_env(Context& ctx) {
  Env env;
  auto now = bulwark::now();
  if (!now) return std::unexpected(now.error());
  env.now = *now;
  env.now_text = format_rfc3339(*now);
  auto store = open_portfolio(ctx);
  if (!store) return std::unexpected(store.error());
  env.store = std::move(*store);
  auto cra = portfolio::CraStore::open(database_path(ctx));
  if (!cra) return std::unexpected(cra.error());
  env.cra.emplace(std::move(*cra));
  return env;
}

// RFC 3339 with any offset, or a date YYYY-MM-DD (midnight UTC). The error names the option.
Result<TimePoint> parse_time(const std::string& text, std::string_view option) {
  auto t = parse_rfc3339(text.size() == 10 ? text + "T00:00:00Z" : text);
  if (!t) return std::unexpected(std::move(t.error()).with_context(std::string(option)));
  return t;
}

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(sep)) + x;
  return s;
}

std::string actor_or_user(const std::string& by) {
  if (!by.empty()) return by;
  const char* user = std::getenv("USER");
  return user ? user : "unknown";
}

std::vector<std::string> ids_of(const portfolio::StoredFinding& f) {
  std::vector<std::string> ids{f.vuln_id};
  ids.insert(ids.end(), f.aliases.begin(), f.aliases.end());
  return ids;
}

bool shares_id(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      if (equals_icase(x, y)) return true;
  return false;
}

std::vector<std::string> core_ids(const match::FindingCore& c) {
  std::vector<std::string> ids{c.id};
  ids.insert(ids.end(), c.aliases.begin(), c.aliases.end());
  return ids;
}

Result<std::vector<portfolio::Product>> products_for(portfolio::Store& store, const std::string& name) {
  if (name.empty()) return store.products();
  auto t = portfolio::resolve_target(store, name, false);
  if (!t) return std::unexpected(t.error());
  return std::vector<portfolio::Product>{t->product};
}

std::optional<std::string> opt_time(const std::optional<TimePoint>& t) {
  return t ? std::optional<std::string>(format_rfc3339(*t)) : std::nullopt;
}

json time_or_null(const std::optional<TimePoint>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

// "early-warning" / "early_warning" -> Stage.
std::optional<cra::Stage> parse_stage(std::string s) {
  std::replace(s.begin(), s.end(), '-', '_');
  return cra::stage_from_string(s);
}

std::string stage_slug(cra::Stage s) {
  std::string out(cra::to_string(s));
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

// ---- cases ----------------------------------------------------------------------------------

struct CaseOptions {
  std::string id, product, spec, by, reason, at, description, stage, reference, format = "table", source = "user";
  std::string aware_at, incident, severe_answers, affects_security, sensitive_data, malicious_code, unlawful;
  std::vector<std::string> vulnerabilities;
};

// Releases of a product (with a release date) that carry an open finding of the group.
Result<std::vector<std::string>> releases_with(portfolio::Store& store, std::int64_t product_id,
                                                const std::vector<std::string>& ids, bool released_only) {
  auto rels = store.releases(product_id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<std::string> out;
  for (const auto& r : *rels) {
    if (released_only && r.released_at.empty()) continue;
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    if (std::any_of(f->begin(), f->end(), [&](const auto& x) { return shares_id(ids_of(x), ids); }))
      out.push_back(r.version);
  }
  return out;
}

// The existing case of the product about the same vulnerability group, if any.
Result<std::optional<std::string>> existing_case(portfolio::CraStore& cra, std::int64_t product_id,
                                                  const std::vector<std::string>& ids) {
  auto cases = cra.cases(product_id);
  if (!cases) return std::unexpected(cases.error());
  for (const auto& c : *cases)
    if (c.value.kind == cra::CaseKind::kVulnerability && shares_id(c.value.vulnerability_ids, ids))
      return std::optional<std::string>(c.value.id);
  return std::optional<std::string>{};
}

struct Proposal {
  std::vector<std::string> ids;
  std::vector<std::string> releases;
};

// KEV-listed open findings of the product's released releases, grouped by vulnerability.
Result<std::vector<Proposal>> kev_groups(portfolio::Store& store, const portfolio::Product& p) {
  auto rels = store.releases(p.id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<Proposal> groups;
  for (const auto& r : *rels) {
    if (r.released_at.empty()) continue;
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    for (const auto& x : *f) {
      if (!x.kev) continue;
      const auto ids = ids_of(x);
      auto g = std::find_if(groups.begin(), groups.end(), [&](const Proposal& q) { return shares_id(q.ids, ids); });
      if (g == groups.end()) g = groups.insert(groups.end(), Proposal{{}, {}});
      for (const auto& id : ids)
        if (std::none_of(g->ids.begin(), g->ids.end(), [&](const auto& x) { return equals_icase(x, id); }))
          g->ids.push_back(id);
      if (std::find(g->releases.begin(), g->releases.end(), r.version) == g->releases.end()) g->releases.push_back(r.version);
    }
  }
  return groups;
}

int run_case_propose(Context& ctx, const CaseOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto products = products_for(*env->store, o.product);
  if (failed(ctx, products)) return ctx.exit_code;
  std::vector<std::string> lines;
  auto r = env->cra->transaction([&]() -> Result<void> {
    for (const auto& p : *products) {
      auto groups = kev_groups(*env->store, p);
      if (!groups) return std::unexpected(groups.error());
      for (const auto& g : *groups) {
        auto existing = existing_case(*env->cra, p.id, g.ids);
        if (!existing) return std::unexpected(existing.error());
        if (*existing) continue;
        auto id = env->cra->next_case_id(env->now_text.substr(0, 4));
        if (!id) return std::unexpected(id.error());
        cra::Case c;
        c.id = *id;
        c.product = p.name;
        c.releases = g.releases;
        c.vulnerability_ids = g.ids;
        c.kind = cra::CaseKind::kVulnerability;
        c.aware_at = env->now;
        c.exploited_source = "CISA KEV";
        c.audit.push_back({env->now, "bulwark", "propose",
                           fmt::format("{} is listed in CISA KEV; found in released {}", g.ids.front(), join(g.releases))});
        if (auto s = env->cra->save_case({c, p.id, "{}", env->now_text}); !s) return s;
        lines.push_back(fmt::format("proposed {}: {} in {}@{} (CISA KEV; awareness {})", c.id, join(c.vulnerability_ids),
                                    p.name, join(c.releases), env->now_text));
      }
    }
    return {};
  });
  if (failed(ctx, r)) return ctx.exit_code;
  for (const auto& l : lines) fmt::print("{}\n", l);
  fmt::print("{} case(s) proposed; confirm or dismiss each (bulwark cra case confirm|dismiss ID)\n", lines.size());
  return 0;
}

std::optional<bool> answer(const std::string& s) {
  const std::string l = to_lower(s);
  if (l == "yes" || l == "y" || l == "true") return true;
  if (l == "no" || l == "n" || l == "false") return false;
  return std::nullopt;
}

Result<cra::SevereIncidentQuestionnaire> questionnaire(const CaseOptions& o) {
  std::vector<std::string> a{o.affects_security, o.sensitive_data, o.malicious_code, o.unlawful};
  if (!o.severe_answers.empty()) {
    auto parts = split(o.severe_answers, ',');
    if (parts.size() != 4)
      return make_error(ErrorCode::kUsage, "--severe-answers: expected four answers (yes|no|unknown) for "
                                           "affects-security,sensitive-data,malicious-code,unlawful");
    for (std::size_t i = 0; i < 4; ++i)
      if (a[i].empty()) a[i] = std::string(trim(parts[i]));
  }
  for (const auto& x : a)
    if (!x.empty() && !answer(x) && to_lower(x) != "unknown")
      return make_error(ErrorCode::kUsage, fmt::format("questionnaire answer '{}': expected yes, no or unknown", x));
  return cra::SevereIncidentQuestionnaire{answer(a[0]), answer(a[1]), answer(a[2]), answer(a[3])};
}

json questionnaire_json(const cra::SevereIncidentQuestionnaire& q, const cra::SevereIncidentAssessment& a) {
  auto b = [](const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); };
  return {{"questionnaire",
           {{"affects_product_security", b(q.affects_product_security)},
            {"affects_sensitive_or_important_data_or_functions", b(q.affects_sensitive_or_important_data_or_functions)},
            {"malicious_code_introduced_or_executed", b(q.malicious_code_introduced_or_executed)},
            {"suspected_unlawful_or_malicious", b(q.suspected_unlawful_or_malicious)}}},
          {"assessment", {{"decision", cra::to_string(a.decision)}, {"reasons", a.reasons}}}};
}

// Fills the case's subject (vulnerability or incident) for `cra case open`.
Result<void> open_subject(Env& env, const CaseOptions& o, const portfolio::Target& t, cra::Case& c, std::string& detail) {
  if (!o.vulnerabilities.empty()) {
    c.kind = cra::CaseKind::kVulnerability;
    for (const auto& v : o.vulnerabilities) c.vulnerability_ids.push_back(v);
    auto existing = existing_case(*env.cra, t.product.id, c.vulnerability_ids);
    if (!existing) return std::unexpected(existing.error());
    if (*existing)
      return invalid_input(fmt::format("{} in {}: case {} already exists", join(c.vulnerability_ids), t.product.name, **existing));
    if (t.release) {
      c.releases = {t.release->version};
    } else {
      auto rels = releases_with(*env.store, t.product.id, c.vulnerability_ids, false);
      if (!rels) return std::unexpected(rels.error());
      c.releases = *rels;
    }
    return {};
  }
  c.kind = cra::CaseKind::kSevereIncident;
  c.incident_description = o.incident;
  auto q = questionnaire(o);
  if (!q) return std::unexpected(q.error());
  const auto a = cra::assess(*q);
  if (a.decision == cra::SevereDecision::kNotSevere)
    return invalid_input(fmt::format("--incident: assessed not severe ({}); not reportable under Article 14(3), nothing recorded",
                                     join(a.reasons, "; ")));
  detail = questionnaire_json(*q, a).dump();
  if (t.release) {
    c.releases = {t.release->version};
  } else {
    auto rels = env.store->releases(t.product.id);
    if (!rels) return std::unexpected(rels.error());
    for (const auto& r : *rels)
      if (!r.released_at.empty()) c.releases.push_back(r.version);
  }
  return {};
}

int run_case_open(Context& ctx, const CaseOptions& o) {
  if (o.vulnerabilities.empty() == o.incident.empty())
    return usage(ctx, "cra case open needs exactly one of --vulnerability ID... and --incident TEXT");
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto t = portfolio::resolve_target(*env->store, o.spec, false);
  if (failed(ctx, t)) return ctx.exit_code;
  cra::Case c;
  c.product = t->product.name;
  c.aware_at = env->now;
  if (!o.aware_at.empty()) {
    auto a = parse_time(o.aware_at, "--aware-at");
    if (failed(ctx, a)) return ctx.exit_code;
    if (*a > env->now) return usage(ctx, fmt::format("--aware-at {} lies after now ({})", o.aware_at, env->now_text));
    c.aware_at = *a;
  }
  c.exploited_source = o.source;
  std::string detail = "{}";
  auto r = env->cra->transaction([&]() -> Result<void> {
    if (auto s = open_subject(*env, o, *t, c, detail); !s) return s;
    auto id = env->cra->next_case_id(env->now_text.substr(0, 4));
    if (!id) return std::unexpected(id.error());
    c.id = *id;
    const std::string what = c.kind == cra::CaseKind::kVulnerability ? join(c.vulnerability_ids) : "incident: " + c.incident_description;
    c.audit.push_back({env->now, actor_or_user(o.by), "open", fmt::format("{} (source: {})", what, o.source)});
    return env->cra->save_case({c, t->product.id, detail, env->now_text});
  });
  if (failed(ctx, r)) return ctx.exit_code;
  fmt::print("opened {} ({}) for {} [{}], awareness {}; status proposed\n", c.id, cra::to_string(c.kind), c.product,
             join(c.releases), format_rfc3339(c.aware_at));
  if (detail != "{}") {
    auto d = json::parse(detail);
    fmt::print("severe-incident assessment: {} ({})\n", d["assessment"]["decision"].get<std::string>(),
               join(d["assessment"]["reasons"].get<std::vector<std::string>>(), "; "));
  }
  return 0;
}

Result<portfolio::StoredCase> load_case(portfolio::CraStore& cra, const std::string& id) {
  auto c = cra.find_case(id);
  if (!c) return std::unexpected(c.error());
  if (!*c) return not_found(fmt::format("unknown case '{}' (bulwark cra case list shows the cases)", id));
  return std::move(**c);
}

using Transition = std::function<Result<cra::Case>(cra::Case, const Env&)>;

// Loads a case, applies a transition and stores the result (with its new audit event).
int run_transition(Context& ctx, const std::string& id, const Transition& fn) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto sc = load_case(*env->cra, id);
  if (failed(ctx, sc)) return ctx.exit_code;
  auto next = fn(sc->value, *env);
  if (!next) {
    report_error(ctx, std::move(next.error()).with_context("case " + id));
    return ctx.exit_code;
  }
  sc->value = std::move(*next);
  sc->updated_at = env->now_text;
  if (failed(ctx, env->cra->save_case(*sc))) return ctx.exit_code;
  const auto& e = sc->value.audit.back();
  fmt::print("{}: {} by {} at {}{} (status {})\n", id, e.action, e.actor, format_rfc3339(e.time),
             e.detail.empty() ? "" : " - " + e.detail, cra::to_string(sc->value.status));
  return 0;
}

int run_case_confirm(Context& ctx, const CaseOptions& o) {
  return run_transition(ctx, o.id, [&](cra::Case c, const Env& env) { return cra::confirm(std::move(c), o.by, env.now); });
}

int run_case_dismiss(Context& ctx, const CaseOptions& o) {
  return run_transition(ctx, o.id, [&](cra::Case c, const Env& env) {
    return cra::dismiss(std::move(c), o.by, o.reason, env.now);
  });
}

int run_case_fix(Context& ctx, const CaseOptions& o) {
  return run_transition(ctx, o.id, [&](cra::Case c, const Env& env) -> Result<cra::Case> {
    TimePoint at = env.now;
    if (!o.at.empty()) {
      auto t = parse_time(o.at, "--at");
      if (!t) return std::unexpected(t.error());
      at = *t;
    }
    return cra::record_corrective_measure(std::move(c), actor_or_user(o.by), at, o.description, env.now);
  });
}

int run_case_submit(Context& ctx, const CaseOptions& o) {
  auto stage = parse_stage(o.stage);
  if (!stage) return usage(ctx, fmt::format("STAGE '{}': expected early-warning, notification or final-report", o.stage));
  return run_transition(ctx, o.id, [&](cra::Case c, const Env& env) -> Result<cra::Case> {
    TimePoint at = env.now;
    if (!o.at.empty()) {
      auto t = parse_time(o.at, "--at");
      if (!t) return std::unexpected(t.error());
      at = *t;
    }
    return cra::submit_stage(std::move(c), *stage, o.by, at, o.reference, env.now);
  });
}

int run_case_close(Context& ctx, const CaseOptions& o) {
  return run_transition(ctx, o.id, [&](cra::Case c, const Env& env) {
    return cra::close(std::move(c), actor_or_user(o.by), env.now);
  });
}

json clocks_json(const cra::Case& c, TimePoint now) {
  auto arr = json::array();
  for (const auto& k : cra::stage_clocks(c, now)) {
    const auto& rec = cra::stage_record(c, k.stage);
    arr.push_back({{"stage", cra::to_string(k.stage)}, {"stage_id", k.id}, {"due", time_or_null(k.due)},
                   {"state", cra::to_string(k.state)}, {"submitted_at", time_or_null(k.submitted_at)},
                   {"reference", rec.reference}});
  }
  return arr;
}

int run_case_show(Context& ctx, const CaseOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto sc = load_case(*env->cra, o.id);
  if (failed(ctx, sc)) return ctx.exit_code;
  auto events = env->cra->events(o.id);
  if (failed(ctx, events)) return ctx.exit_code;
  const auto& c = sc->value;
  if (o.format == "json") {
    json j;
    j["case"] = json::parse(cra::case_to_json(c));
    j["detail"] = json::parse(sc->detail, nullptr, false);
    j["clocks"] = clocks_json(c, env->now);
    j["updated_at"] = sc->updated_at;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  fmt::print("case:        {}\nproduct:     {} ({})\nkind:        {}\nstatus:      {}\n", c.id, c.product, join(c.releases),
             cra::to_string(c.kind), cra::to_string(c.status));
  if (c.kind == cra::CaseKind::kVulnerability) fmt::print("vulnerability: {}\n", join(c.vulnerability_ids));
  else fmt::print("incident:    {}\n", c.incident_description);
  fmt::print("source:      {}\nawareness:   {}\n", c.exploited_source, format_rfc3339(c.aware_at));
  if (c.corrective_measure_at)
    fmt::print("corrective:  {} ({})\n", format_rfc3339(*c.corrective_measure_at), c.corrective_measure);
  if (c.status == cra::CaseStatus::kDismissed)
    fmt::print("dismissed:   by {}: {}{}\n", c.dismissed_by, c.dismiss_reason, c.dismissed_not_exploitable ? " [not exploitable in the product]" : "");
  fmt::print("\n{:<14} {:<11} {:<21} {:<15} {:<21} {}\n", "STAGE", "ID", "DUE", "STATE", "SUBMITTED", "REFERENCE");
  for (const auto& k : cra::stage_clocks(c, env->now))
    fmt::print("{:<14} {:<11} {:<21} {:<15} {:<21} {}\n", cra::to_string(k.stage), k.id, opt_time(k.due).value_or("-"),
               cra::to_string(k.state), opt_time(k.submitted_at).value_or("-"), cra::stage_record(c, k.stage).reference);
  fmt::print("\naudit trail:\n");
  for (const auto& e : *events)
    fmt::print("  {} {:<28} {:<18} {}\n", format_rfc3339(e.event.time), e.event.action, e.event.actor, e.event.detail);
  return 0;
}

// The cases of one product (PRODUCT), or of every product when empty.
auto cases_of(Env& env, const std::string& product) -> decltype(env.cra->cases(0)) {
  std::int64_t pid = 0;
  if (!product.empty()) {
    auto t = portfolio::resolve_target(*env.store, product, false);
    if (!t) return std::unexpected(t.error());
    pid = t->product.id;
  }
  return env.cra->cases(pid);
}

int run_case_list(Context& ctx, const CaseOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto cases = cases_of(*env, o.product);
  if (failed(ctx, cases)) return ctx.exit_code;
  if (o.format == "json") {
    auto arr = json::array();
    for (const auto& sc : *cases) {
      const auto& c = sc.value;
      arr.push_back({{"id", c.id}, {"product", c.product}, {"releases", c.releases}, {"kind", cra::to_string(c.kind)},
                     {"status", cra::to_string(c.status)}, {"vulnerabilities", c.vulnerability_ids},
                     {"incident", c.incident_description}, {"source", c.exploited_source},
                     {"aware_at", format_rfc3339(c.aware_at)}, {"clocks", clocks_json(c, env->now)}});
    }
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  fmt::print("{:<15} {:<18} {:<16} {:<10} {:<21} {}\n", "CASE", "PRODUCT", "KIND", "STATUS", "AWARENESS", "SUBJECT");
  for (const auto& sc : *cases) {
    const auto& c = sc.value;
    fmt::print("{:<15} {:<18} {:<16} {:<10} {:<21} {}\n", c.id, c.product, cra::to_string(c.kind), cra::to_string(c.status),
               format_rfc3339(c.aware_at), c.kind == cra::CaseKind::kVulnerability ? join(c.vulnerability_ids) : c.incident_description);
  }
  return 0;
}

// ---- deadlines ------------------------------------------------------------------------------

struct DeadlineRow {
  const cra::Case* c = nullptr;
  cra::StageClock clock;
};

struct DeadlineOptions {
  std::string product, format = "table";
};

int run_deadlines(Context& ctx, const DeadlineOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto cases = cases_of(*env, o.product);
  if (failed(ctx, cases)) return ctx.exit_code;
  std::vector<DeadlineRow> rows;
  for (const auto& sc : *cases) {
    if (sc.value.status != cra::CaseStatus::kConfirmed && sc.value.status != cra::CaseStatus::kProposed) continue;
    for (const auto& k : cra::stage_clocks(sc.value, env->now)) rows.push_back({&sc.value, k});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const DeadlineRow& a, const DeadlineRow& b) {
    if (a.clock.due.has_value() != b.clock.due.has_value()) return a.clock.due.has_value();
    if (a.clock.due && *a.clock.due != *b.clock.due) return *a.clock.due < *b.clock.due;
    return a.c->id < b.c->id;
  });
  const auto overdue = std::count_if(rows.begin(), rows.end(), [](const DeadlineRow& r) { return r.clock.state == cra::StageState::kOverdue; });
  if (o.format == "json") {
    json j;
    j["schema"] = "bulwark-cra-deadlines/1";
    j["now"] = env->now_text;
    j["overdue"] = overdue;
    auto arr = json::array();
    for (const auto& r : rows)
      arr.push_back({{"case", r.c->id}, {"product", r.c->product}, {"releases", r.c->releases},
                     {"kind", cra::to_string(r.c->kind)}, {"case_status", cra::to_string(r.c->status)},
                     {"awaiting_confirmation", r.c->status == cra::CaseStatus::kProposed},
                     {"subject", r.c->kind == cra::CaseKind::kVulnerability ? join(r.c->vulnerability_ids) : r.c->incident_description},
                     {"aware_at", format_rfc3339(r.c->aware_at)}, {"stage", cra::to_string(r.clock.stage)},
                     {"stage_id", r.clock.id}, {"due", time_or_null(r.clock.due)}, {"state", cra::to_string(r.clock.state)},
                     {"submitted_at", time_or_null(r.clock.submitted_at)},
                     {"reference", cra::stage_record(*r.c, r.clock.stage).reference}});
    j["deadlines"] = std::move(arr);
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("now {}\n{:<21} {:<15} {:<15} {:<11} {:<15} {:<20} {}\n", env->now_text, "DUE", "STATE", "CASE", "STAGE ID",
               "STAGE", "PRODUCT", "SUBJECT");
    for (const auto& r : rows)
      fmt::print("{:<21} {:<15} {:<15} {:<11} {:<15} {:<20} {}{}\n", opt_time(r.clock.due).value_or("(not started)"),
                 cra::to_string(r.clock.state), r.c->id, r.clock.id, cra::to_string(r.clock.stage), r.c->product,
                 r.c->kind == cra::CaseKind::kVulnerability ? join(r.c->vulnerability_ids) : r.c->incident_description,
                 r.c->status == cra::CaseStatus::kProposed ? " [awaiting confirmation]" : "");
  }
  if (overdue > 0) {
    fmt::print(stderr, "bulwark: {} Article 14 deadline(s) overdue\n", overdue);
    return 1;
  }
  return 0;
}

// ---- facts from the portfolio ---------------------------------------------------------------

Result<portfolio::CraProduct> cra_product(portfolio::CraStore& cra, std::int64_t product_id) {
  auto p = cra.product(product_id);
  if (!p) return std::unexpected(p.error());
  if (*p) return **p;
  portfolio::CraProduct d;
  d.product_id = product_id;
  return d;
}

Result<std::vector<portfolio::Release>> releases_named(portfolio::Store& store, std::int64_t product_id,
                                                       const std::vector<std::string>& versions) {
  auto all = store.releases(product_id);
  if (!all) return std::unexpected(all.error());
  std::vector<portfolio::Release> out;
  for (const auto& r : *all)
    if (std::find(versions.begin(), versions.end(), r.version) != versions.end()) out.push_back(r);
  return out;
}

// The live finding of the case's vulnerability in its first affected release that still has it.
Result<std::optional<std::shared_ptr<const match::FindingCore>>> live_core(Env& env, vulndb::Store& vulns,
                                                                            const portfolio::Product& p, const cra::Case& c,
                                                                            std::vector<std::string>& fixed_versions_out) {
  auto rels = releases_named(*env.store, p.id, c.releases);
  if (!rels) return std::unexpected(rels.error());
  portfolio::ViewOptions vo;
  vo.show_suppressed = true;
  vo.today = env.now_text.substr(0, 10);
  for (const auto& r : *rels) {
    auto view = portfolio::release_view(*env.store, vulns, p, r, vo);
    if (!view) return std::unexpected(view.error());
    for (const auto& f : view->result.findings)
      if (shares_id(core_ids(*f.core), c.vulnerability_ids)) {
        for (const auto& v : f->fixed_versions)
          fixed_versions_out.push_back(report::component_label(view->sbom.components[f.component]) + " -> " + v);
        return std::optional(f.core);
      }
  }
  return std::optional<std::shared_ptr<const match::FindingCore>>{};
}

// Releases after the first affected one that no longer carry the vulnerability (absent, or
// triaged fixed).
Result<std::vector<std::string>> fixed_releases(Env& env, const portfolio::Product& p, const cra::Case& c) {
  auto all = env.store->releases(p.id);
  if (!all) return std::unexpected(all.error());
  auto analyses = env.store->analyses(p.id);
  if (!analyses) return std::unexpected(analyses.error());
  std::vector<std::string> out;
  bool after_affected = false;
  for (const auto& r : *all) {
    if (std::find(c.releases.begin(), c.releases.end(), r.version) != c.releases.end()) {
      after_affected = true;
      continue;
    }
    if (!after_affected) continue;
    auto f = env.store->findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    bool open = false;
    for (const auto& x : *f) {
      if (!shares_id(ids_of(x), c.vulnerability_ids)) continue;
      const bool fixed = std::any_of(analyses->begin(), analyses->end(), [&](const portfolio::AnalysisRecord& a) {
        return a.identity == x.identity && a.analysis.state == AnalysisState::kFixed && shares_id(a.vulnerability_ids, ids_of(x));
      });
      open = open || !fixed;
    }
    if (!open) out.push_back(r.version);
  }
  return out;
}

void fill_from_core(cra::ReportFacts& f, const match::FindingCore& core) {
  f.description = core.summary;
  for (const auto& s : core.cvss_all) f.cvss.push_back({s.vector, s.score, s.severity});
  f.cwe = core.cwes;
  if (core.kev) f.kev = cra::KevFact{core.kev_date_added, "", core.kev_ransomware ? "Known" : "Unknown"};
  f.epss = core.epss;
  f.epss_percentile = core.epss_percentile;
}

Result<cra::ReportFacts> report_facts(Env& env, Context& ctx, const portfolio::Product& p, const portfolio::StoredCase& sc) {
  const auto& c = sc.value;
  cra::ReportFacts f;
  f.product_name = p.name;
  f.product_version = join(c.releases);
  f.vendor = p.vendor;
  if (!p.security_contact.empty()) f.contacts.push_back(p.security_contact);
  auto cp = cra_product(*env.cra, p.id);
  if (!cp) return std::unexpected(cp.error());
  f.member_states = cp->member_states;
  if (c.kind == cra::CaseKind::kSevereIncident) {
    f.description = c.incident_description;
    auto d = json::parse(sc.detail, nullptr, false);
    if (!d.is_discarded() && d.contains("questionnaire") && d["questionnaire"]["suspected_unlawful_or_malicious"].is_boolean())
      f.suspected_unlawful_or_malicious = d["questionnaire"]["suspected_unlawful_or_malicious"].get<bool>();
    return f;
  }
  auto vulns = open_vulndb(ctx);
  if (!vulns) return std::unexpected(vulns.error());
  std::vector<std::string> fixed_versions;
  auto core = live_core(env, **vulns, p, c, fixed_versions);
  if (!core) return std::unexpected(core.error());
  if (*core) fill_from_core(f, ***core);
  auto fixed = fixed_releases(env, p, c);
  if (!fixed) return std::unexpected(fixed.error());
  f.fixed_releases = *fixed;
  if (!f.fixed_releases.empty())
    f.user_measures = fmt::format("Update {} to release {} or later.", p.name, f.fixed_releases.front());
  if (!fixed_versions.empty()) f.user_measures += (f.user_measures.empty() ? "" : " ") + fmt::format("Fixed component versions: {}.", join(fixed_versions));
  return f;
}

// ---- draft ----------------------------------------------------------------------------------

struct DraftOptions {
  std::string id, stage = "all", dir, url;
  bool user_notice = false;
};

Result<void> write_text(const std::filesystem::path& path, const std::string& text) {
  return write_output(path.string(), [&](std::ostream& os) -> Result<void> {
    os << text;
    if (!text.ends_with("\n")) os << "\n";
    return {};
  });
}

Result<std::string> user_notice(Env& env, Context& ctx, const portfolio::Product& p, const cra::Case& c,
                                const cra::ReportFacts& f, const std::string& url) {
  auto vulns = open_vulndb(ctx);
  if (!vulns) return std::unexpected(vulns.error());
  portfolio::AdvisoryRequest req;
  req.vulnerabilities = {c.vulnerability_ids.front()};
  req.title = fmt::format("{}: actively exploited vulnerability {}", p.name, c.vulnerability_ids.front());
  req.summary = fmt::format("Information to users under CRA Article 14(8) about {} (case {}).", c.vulnerability_ids.front(), c.id);
  req.fixed_in = f.fixed_releases;
  req.remediation_url = url.empty() ? p.website : url;  // CSAF: a vendor_fix needs a URL
  req.now = env.now_text;
  req.today = env.now_text.substr(0, 10);
  auto in = portfolio::build_advisory(*env.store, **vulns, p, req);
  if (!in) return std::unexpected(in.error());
  // CSAF needs a CWE's name with its id; the database knows only the id: leave the CWE out then.
  for (auto& v : in->vulnerabilities)
    if (v.cwe_name.empty()) v.cwe_id.clear();
  return csaf::write_advisory(*in);
}

int run_draft(Context& ctx, const DraftOptions& o) {
  std::vector<cra::Stage> stages;
  if (o.stage == "all") stages.assign(cra::kAllStages.begin(), cra::kAllStages.end());
  else if (auto s = parse_stage(o.stage)) stages.push_back(*s);
  else return usage(ctx, fmt::format("--stage '{}': expected early-warning, notification, final-report or all", o.stage));
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto sc = load_case(*env->cra, o.id);
  if (failed(ctx, sc)) return ctx.exit_code;
  if (o.user_notice && sc->value.kind != cra::CaseKind::kVulnerability)
    return usage(ctx, "--user-notice: only for vulnerability cases");
  auto t = portfolio::resolve_target(*env->store, sc->value.product, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto facts = report_facts(*env, ctx, t->product, *sc);
  if (failed(ctx, facts)) return ctx.exit_code;
  std::error_code ec;
  std::filesystem::create_directories(o.dir, ec);
  if (ec) return report_error(ctx, Error{ErrorCode::kIo, fmt::format("{}: {}", o.dir, ec.message())}), ctx.exit_code;
  for (auto s : stages) {
    const auto base = std::filesystem::path(o.dir) / fmt::format("{}-{}", o.id, stage_slug(s));
    if (failed(ctx, write_text(base.string() + ".md", cra::render_markdown(s, sc->value, *facts))) ||
        failed(ctx, write_text(base.string() + ".json", cra::render_json(s, sc->value, *facts))))
      return ctx.exit_code;
    const auto draft = cra::build_report(s, sc->value, *facts);
    fmt::print("{}.md/.json: {} ({} gap(s) to complete)\n", base.string(), draft.title, draft.gaps.size());
  }
  if (o.user_notice) {
    auto doc = user_notice(*env, ctx, t->product, sc->value, *facts, o.url);
    if (failed(ctx, doc)) return ctx.exit_code;
    const auto path = std::filesystem::path(o.dir) / fmt::format("{}-user-notice.csaf.json", o.id);
    if (failed(ctx, write_text(path, *doc))) return ctx.exit_code;
    fmt::print("{}: Article 14(8) user notice (CSAF advisory)\n", path.string());
  }
  return 0;
}

// ---- support periods ------------------------------------------------------------------------

struct SupportOptions {
  std::string product, format = "table", spec;
};

struct SupportRow {
  portfolio::Release release;
  cra::SupportPeriod period;
  cra::SupportStatus status = cra::SupportStatus::kSupported;
  TimePoint retain;
  std::vector<std::string> warnings;
};

Result<std::optional<cra::SupportPeriod>> support_period(const portfolio::Product& p, const portfolio::Release& r) {
  if (r.released_at.empty()) return std::optional<cra::SupportPeriod>{};
  auto start = parse_time(r.released_at, fmt::format("{}@{}: released_at", p.name, r.version));
  if (!start) return std::unexpected(start.error());
  TimePoint end = cra::add_calendar_months(*start, 12 * p.support_years);
  if (!r.support_end.empty()) {
    auto e = parse_time(r.support_end, fmt::format("{}@{}: support_end", p.name, r.version));
    if (!e) return std::unexpected(e.error());
    end = *e;
  }
  return std::optional(cra::SupportPeriod{p.name, r.version, *start, end, r.support_rationale});
}

Result<std::vector<SupportRow>> support_rows(Env& env, const portfolio::Product& p) {
  auto rels = env.store->releases(p.id);
  if (!rels) return std::unexpected(rels.error());
  std::vector<SupportRow> rows;
  for (const auto& r : *rels) {
    auto period = support_period(p, r);
    if (!period) return std::unexpected(period.error());
    if (!*period) continue;
    SupportRow row{r, **period, cra::support_status(**period, env.now), cra::retain_until((*period)->start, (*period)->end), {}};
    if (auto v = cra::validate(row.period); !v) row.warnings.push_back(v.error().message);
    if (row.status == cra::SupportStatus::kEndingSoon)
      row.warnings.push_back(fmt::format("support ends {} (within 180 days): publish the end-of-support notice (A13.19)",
                                         format_rfc3339(row.period.end).substr(0, 10)));
    if (row.status == cra::SupportStatus::kEnded)
      row.warnings.push_back("out of support: no further security updates (A13.19.notify)");
    rows.push_back(std::move(row));
  }
  return rows;
}

int run_support(Context& ctx, const SupportOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto products = products_for(*env->store, o.product);
  if (failed(ctx, products)) return ctx.exit_code;
  auto arr = json::array();
  std::vector<std::string> lines;
  std::size_t warnings = 0;
  for (const auto& p : *products) {
    auto rows = support_rows(*env, p);
    if (failed(ctx, rows)) return ctx.exit_code;
    for (const auto& r : *rows) {
      warnings += r.warnings.size();
      arr.push_back({{"product", p.name}, {"release", r.release.version}, {"start", format_rfc3339(r.period.start)},
                     {"end", format_rfc3339(r.period.end)}, {"end_month", cra::support_end_month(r.period.end)},
                     {"status", cra::to_string(r.status)}, {"shorter_than_five_years", cra::shorter_than_five_years(r.period)},
                     {"rationale", r.period.rationale}, {"retain_until", format_rfc3339(r.retain)}, {"warnings", r.warnings}});
      lines.push_back(fmt::format("{:<20} {:<10} {:<11} {:<11} {:<12} {:<11} {}", p.name, r.release.version,
                                  format_rfc3339(r.period.start).substr(0, 10), format_rfc3339(r.period.end).substr(0, 10),
                                  cra::to_string(r.status), format_rfc3339(r.retain).substr(0, 10),
                                  r.period.rationale.empty() ? "-" : r.period.rationale));
      for (const auto& w : r.warnings) lines.push_back("  warning: " + w);
    }
  }
  if (o.format == "json") {
    std::cout << json({{"now", env->now_text}, {"releases", arr}}).dump(2) << "\n";
  } else {
    fmt::print("{:<20} {:<10} {:<11} {:<11} {:<12} {:<11} {}\n", "PRODUCT", "RELEASE", "START", "END", "STATUS", "RETAIN", "RATIONALE");
    for (const auto& l : lines) fmt::print("{}\n", l);
  }
  if (warnings) fmt::print(stderr, "{} support warning(s)\n", warnings);
  return 0;
}

int run_support_notice(Context& ctx, const SupportOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto t = portfolio::resolve_target(*env->store, o.spec, true);
  if (failed(ctx, t)) return ctx.exit_code;
  auto period = support_period(t->product, *t->release);
  if (failed(ctx, period)) return ctx.exit_code;
  if (!*period) return usage(ctx, fmt::format("{}: the release has no release date (release add --released)", o.spec));
  auto rows = support_rows(*env, t->product);
  if (failed(ctx, rows)) return ctx.exit_code;
  cra::EndOfSupportNoticeFacts facts;
  facts.manufacturer = t->product.vendor.empty() ? t->product.name : t->product.vendor;
  facts.contact = t->product.security_contact;
  facts.upgrade_url = t->product.website;
  for (const auto& r : *rows)
    if (r.period.start > (*period)->start && r.status != cra::SupportStatus::kEnded) facts.successor_release = r.release.version;
  std::cout << cra::end_of_support_notice(**period, facts);
  return 0;
}

// ---- classification -------------------------------------------------------------------------

struct ClassifyOptions {
  std::string product, item, cvd_policy, address;
  std::vector<std::string> member_states;
  bool harmonised = false, no_harmonised = false, list = false;
};

constexpr std::array<std::string_view, 27> kMemberStates = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL",
                                                            "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU",
                                                            "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};

cra::ProductCategory category_of(const portfolio::Product& p, const portfolio::CraProduct& cp) {
  if (auto item = cra::find_category_item(cp.category_item)) return item->category;
  if (p.cra_class == "important-1") return cra::ProductCategory::kImportantClassI;
  if (p.cra_class == "important-2") return cra::ProductCategory::kImportantClassII;
  if (p.cra_class == "critical") return cra::ProductCategory::kCritical;
  return cra::ProductCategory::kDefault;
}

Result<void> apply_classify(const ClassifyOptions& o, portfolio::CraProduct& cp) {
  if (!o.item.empty()) {
    if (to_lower(o.item) == "default") cp.category_item.clear();
    else if (!cra::find_category_item(o.item))
      return make_error(ErrorCode::kUsage, fmt::format("--item '{}': not an Annex III/IV item (bulwark cra classify --list)", o.item));
    else cp.category_item = o.item;
  }
  if (o.harmonised) cp.harmonised_standard_applied = true;
  if (o.no_harmonised) cp.harmonised_standard_applied = false;
  if (!o.member_states.empty()) {
    std::set<std::string> ms;
    for (const auto& m : o.member_states) {
      const std::string u = to_upper(m) == "GR" ? "EL" : to_upper(m);
      if (std::find(kMemberStates.begin(), kMemberStates.end(), u) == kMemberStates.end())
        return make_error(ErrorCode::kUsage, fmt::format("--member-state '{}': not an EU Member State code (AT, BE, ..., EL for Greece)", m));
      ms.insert(u);
    }
    cp.member_states.assign(ms.begin(), ms.end());
  }
  if (!o.cvd_policy.empty()) {
    if (!o.cvd_policy.starts_with("https://")) return make_error(ErrorCode::kUsage, "--cvd-policy must be an https:// URL");
    cp.cvd_policy_url = o.cvd_policy;
  }
  if (!o.address.empty()) cp.manufacturer_address = o.address;
  return {};
}

int run_classify_list() {
  fmt::print("{:<11} {:<19} {}\n", "ITEM", "CATEGORY", "TITLE");
  for (const auto& it : cra::category_items())
    fmt::print("{:<11} {:<19} {}\n", it.id, cra::to_string(it.category), it.title);
  return 0;
}

int run_classify(Context& ctx, const ClassifyOptions& o) {
  if (o.list) return run_classify_list();
  if (o.product.empty()) return usage(ctx, "cra classify needs PRODUCT (or --list)");
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto t = portfolio::resolve_target(*env->store, o.product, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto cp = cra_product(*env->cra, t->product.id);
  if (failed(ctx, cp)) return ctx.exit_code;
  if (failed(ctx, apply_classify(o, *cp))) return ctx.exit_code;
  cp->updated_at = env->now_text;
  if (failed(ctx, env->cra->save_product(*cp))) return ctx.exit_code;
  const auto cat = category_of(t->product, *cp);
  const auto item = cra::find_category_item(cp->category_item);
  fmt::print("product:      {}\ncategory:     {}{}\nharmonised:   {}\nmember states: {}\ncvd policy:   {}\naddress:      {}\n",
             t->product.name, cra::to_string(cat), item ? fmt::format(" ({}: {})", item->id, item->title) : "",
             cp->harmonised_standard_applied ? "applied in full" : "not applied in full",
             cp->member_states.empty() ? "-" : join(cp->member_states), cp->cvd_policy_url.empty() ? "-" : cp->cvd_policy_url,
             cp->manufacturer_address.empty() ? "-" : cp->manufacturer_address);
  fmt::print("conformity assessment routes (Article 32):\n");
  for (const auto& r : cra::conformity_routes(cat, cp->harmonised_standard_applied))
    fmt::print("  {:<16} {} [{}]: {}\n", r.id, r.name, r.legal_basis, r.explanation);
  if (item && category_of(t->product, portfolio::CraProduct{}) != cat)
    fmt::print(stderr, "warning: the product's CRA class '{}' (product add --class) differs from {} ({})\n",
               t->product.cra_class, item->id, cra::to_string(cat));
  return 0;
}

// ---- Annex I checklist ----------------------------------------------------------------------

struct ChecklistOptions {
  std::string product, format = "table", id, status, owner, justification;
  bool not_applicable = false, applicable = false;
  std::vector<std::string> evidence;
};

// The analysis recorded for a finding on or before a date (latest first wins), if any.
std::optional<AnalysisState> state_at(const std::vector<portfolio::AnalysisRecord>& analyses,
                                      const portfolio::StoredFinding& f, const std::string& date) {
  const portfolio::AnalysisRecord* best = nullptr;
  for (const auto& a : analyses) {
    if (a.identity != f.identity || !shares_id(a.vulnerability_ids, ids_of(f))) continue;
    if (a.analysis.timestamp.substr(0, 10) > date.substr(0, 10)) continue;
    if (!best || a.analysis.timestamp > best->analysis.timestamp) best = &a;
  }
  return best ? std::optional(best->analysis.state) : std::nullopt;
}

// Findings a user marked exploited (a live case with a source other than CISA KEV).
Result<std::vector<std::vector<std::string>>> user_exploited(Env& env, std::int64_t product_id) {
  auto cases = env.cra->cases(product_id);
  if (!cases) return std::unexpected(cases.error());
  std::vector<std::vector<std::string>> out;
  for (const auto& c : *cases)
    if (c.value.kind == cra::CaseKind::kVulnerability && c.value.status != cra::CaseStatus::kDismissed &&
        c.value.exploited_source != "CISA KEV")
      out.push_back(c.value.vulnerability_ids);
  return out;
}

// Fix-by deadlines: due = first seen + the policy's fix-by window; fixed = triaged fixed.
Result<void> fix_facts(Env& env, vulndb::Store& vulns, const portfolio::Product& p, const portfolio::Release& r,
                       std::vector<cra::FixDeadlineFact>& out) {
  portfolio::ViewOptions vo;
  vo.show_suppressed = true;
  vo.today = env.now_text.substr(0, 10);
  auto view = portfolio::release_view(*env.store, vulns, p, r, vo);
  if (!view) return std::unexpected(view.error());
  auto today = parse_time(vo.today, "today");
  for (std::size_t i = 0; i < view->result.findings.size(); ++i) {
    const auto& f = view->result.findings[i];
    const auto& st = view->statuses[i];
    if (f->fix_by.empty() || st.first_seen.empty()) continue;
    if (st.analysis && (st.analysis->state == AnalysisState::kNotAffected || st.analysis->state == AnalysisState::kFalsePositive)) continue;
    auto fix_by = parse_time(f->fix_by, "fix_by");
    auto seen = parse_time(st.first_seen, "first_seen");
    if (!fix_by || !seen || !today) continue;
    cra::FixDeadlineFact fact{f->id, r.version, *seen + (*fix_by - *today), std::nullopt};
    if (st.analysis && st.analysis->state == AnalysisState::kFixed) {
      auto at = parse_time(st.analysis->timestamp, "analysis timestamp");
      if (at) fact.fixed_at = *at;
    }
    out.push_back(std::move(fact));
  }
  return {};
}

Result<std::vector<cra::HookResult>> checklist_hooks(Env& env, Context& ctx, const portfolio::Product& p,
                                                     const portfolio::CraProduct& cp) {
  auto rels = env.store->releases(p.id);
  auto analyses = env.store->analyses(p.id);
  auto exploited = user_exploited(env, p.id);
  auto vulns = open_vulndb(ctx);
  if (!rels || !analyses || !exploited || !vulns)
    return std::unexpected(!rels ? rels.error() : !analyses ? analyses.error() : !exploited ? exploited.error() : vulns.error());
  std::vector<cra::ReleaseSbomFact> sboms;
  std::vector<cra::ReleaseFindingFact> kev;
  std::vector<cra::FixDeadlineFact> fixes;
  for (const auto& r : *rels) {
    sboms.push_back({r.version, !r.sbom_sha256.empty(), r.sbom_name});
    if (r.released_at.empty()) continue;
    auto f = env.store->findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    for (const auto& x : *f) {
      const bool user = std::any_of(exploited->begin(), exploited->end(), [&](const auto& ids) { return shares_id(ids, ids_of(x)); });
      if (x.kev || user) kev.push_back({r.version, x.vuln_id, x.purl, x.kev, user, state_at(*analyses, x, r.released_at)});
    }
    if (auto s = fix_facts(env, **vulns, p, r, fixes); !s) return std::unexpected(s.error());
  }
  cra::CvdFacts cvd;
  cvd.cvd_policy_published = !cp.cvd_policy_url.empty();
  cvd.cvd_policy_url = cp.cvd_policy_url;
  cvd.security_txt_present = !p.security_contact.empty();
  std::string base = p.website;
  while (base.ends_with("/")) base.pop_back();
  if (!base.empty()) cvd.security_txt_url = base + "/.well-known/security.txt";
  cvd.contact = p.security_contact;
  return std::vector<cra::HookResult>{cra::check_sbom_per_release(sboms), cra::check_no_known_exploitable(kev),
                                      cra::check_cvd_policy(cvd), cra::check_vulnerability_contact(cvd),
                                      cra::check_fix_deadlines(fixes, env.now)};
}

json checklist_json(const portfolio::Product& p, const std::vector<cra::ChecklistItem>& items,
                    const std::vector<cra::HookResult>& hooks) {
  auto arr = json::array();
  for (const auto& it : items) {
    auto cat = cra::find_catalogue_item(it.id);
    auto ev = json::array();
    for (const auto& e : it.evidence)
      ev.push_back({{"kind", e.kind}, {"uri", e.uri}, {"description", e.description}, {"automatic", e.automatic}});
    arr.push_back({{"id", it.id}, {"part", cat ? cat->part : ""}, {"title", cat ? cat->title : ""},
                   {"applicable", it.applicable}, {"justification", it.justification},
                   {"status", cra::to_string(it.status)}, {"owner", it.owner}, {"evidence", std::move(ev)}});
  }
  auto h = json::array();
  for (const auto& r : hooks)
    h.push_back({{"id", r.id}, {"status", cra::to_string(r.status)}, {"summary", r.summary}, {"problems", r.problems}});
  return {{"product", p.name}, {"items", std::move(arr)}, {"hooks", std::move(h)}};
}

// The stored checklist merged over the catalogue, with the automatic evidence applied.
Result<std::pair<std::vector<cra::ChecklistItem>, std::vector<cra::HookResult>>> full_checklist(Env& env, Context& ctx,
                                                                                                const portfolio::Product& p) {
  auto stored = env.cra->checklist(p.id);
  auto cp = cra_product(*env.cra, p.id);
  if (!stored || !cp) return std::unexpected(!stored ? stored.error() : cp.error());
  auto items = portfolio::merged_checklist(*stored);
  auto hooks = checklist_hooks(env, ctx, p, *cp);
  if (!hooks) return std::unexpected(hooks.error());
  for (const auto& h : *hooks) cra::apply_hook(items, h);
  return std::pair(std::move(items), std::move(*hooks));
}

int run_checklist(Context& ctx, const ChecklistOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto t = portfolio::resolve_target(*env->store, o.product, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto full = full_checklist(*env, ctx, t->product);
  if (failed(ctx, full)) return ctx.exit_code;
  const auto& [items, hooks] = *full;
  if (o.format == "json") {
    std::cout << checklist_json(t->product, items, hooks).dump(2) << "\n";
    return 0;
  }
  fmt::print("{:<9} {:<12} {:<10} {:<16} {:>8}  {}\n", "ITEM", "STATUS", "APPLIES", "OWNER", "EVIDENCE", "TITLE");
  for (const auto& it : items) {
    auto cat = cra::find_catalogue_item(it.id);
    fmt::print("{:<9} {:<12} {:<10} {:<16} {:>8}  {}\n", it.id, cra::to_string(it.status), it.applicable ? "yes" : "no",
               it.owner.empty() ? "-" : it.owner, it.evidence.size(), cat ? cat->title : "");
  }
  fmt::print("\nautomatic evidence:\n");
  for (const auto& h : hooks) {
    fmt::print("  {:<9} {:<8} {}\n", h.id, cra::to_string(h.status), h.summary);
    for (const auto& pr : h.problems) fmt::print("            - {}\n", pr);
  }
  return 0;
}

Result<cra::EvidenceLink> parse_evidence(const std::string& s) {
  const auto first = s.find(':');
  const auto last = s.rfind(':');
  if (first == std::string::npos || first == last || first == 0)
    return make_error(ErrorCode::kUsage, fmt::format("--evidence '{}': expected KIND:URI:DESCRIPTION", s));
  return cra::EvidenceLink{s.substr(0, first), s.substr(first + 1, last - first - 1), s.substr(last + 1), false};
}

Result<void> apply_item(const ChecklistOptions& o, cra::ChecklistItem& it) {
  if (!o.status.empty()) {
    auto s = cra::item_status_from_string(o.status);
    if (!s) return make_error(ErrorCode::kUsage, fmt::format("--status '{}': expected open, in_progress, met or not_met", o.status));
    it.status = *s;
  }
  if (!o.owner.empty()) it.owner = o.owner;
  if (o.not_applicable) it.applicable = false;
  if (o.applicable) it.applicable = true;
  if (!o.justification.empty()) it.justification = o.justification;
  for (const auto& e : o.evidence) {
    auto link = parse_evidence(e);
    if (!link) return std::unexpected(link.error());
    it.evidence.push_back(*link);
  }
  return {};
}

int run_checklist_set(Context& ctx, const ChecklistOptions& o) {
  if (!cra::find_catalogue_item(o.id))
    return report_error(ctx, Error{ErrorCode::kNotFound, fmt::format("checklist item '{}': not an Annex I item (AI.P1.1, AI.P1.2a..m, AI.P2.1..8)", o.id)}),
           ctx.exit_code;
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto t = portfolio::resolve_target(*env->store, o.product, false);
  if (failed(ctx, t)) return ctx.exit_code;
  auto stored = env->cra->checklist(t->product.id);
  if (failed(ctx, stored)) return ctx.exit_code;
  auto items = portfolio::merged_checklist(*stored);
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.id == o.id; });
  if (failed(ctx, apply_item(o, *it))) return ctx.exit_code;
  if (failed(ctx, env->cra->save_checklist(t->product.id, items, env->now_text))) return ctx.exit_code;
  fmt::print("{} {}: {}, {}{}{}\n", t->product.name, it->id, cra::to_string(it->status),
             it->applicable ? "applicable" : "not applicable (" + it->justification + ")",
             it->owner.empty() ? "" : ", owner " + it->owner, fmt::format(", {} evidence link(s)", it->evidence.size()));
  return 0;
}

// ---- documents and evidence bundle ----------------------------------------------------------

struct DocsOptions {
  std::string spec, dir, format = "both", bundle;
};

struct ReleaseBundleData {
  std::string sbom, vex, findings;
  std::map<std::string, int> by_priority;
  std::vector<std::string> open_kev;
  std::map<std::string, int> analysis_states;
};

Result<ReleaseBundleData> bundle_data(Env& env, Context& ctx, const portfolio::Target& t) {
  ReleaseBundleData d;
  auto sbom = env.store->release_sbom(t.release->id, false);
  if (!sbom) return std::unexpected(sbom.error());
  d.sbom = *sbom;
  auto vex = portfolio::export_vex(*env.store, t, t.product.vendor, env.now_text);
  if (!vex) return std::unexpected(vex.error());
  auto vex_text = portfolio::write_vex(*vex, VexFormat::kOpenVex, &t.product);
  if (!vex_text) return std::unexpected(vex_text.error());
  d.vex = *vex_text;
  auto vulns = open_vulndb(ctx);
  if (!vulns) return std::unexpected(vulns.error());
  portfolio::ViewOptions vo;
  vo.show_suppressed = true;
  vo.today = env.now_text.substr(0, 10);
  auto view = portfolio::release_view(*env.store, **vulns, t.product, *t.release, vo);
  if (!view) return std::unexpected(view.error());
  view->sbom.source_path = fmt::format("{}@{}", t.product.name, t.release->version);
  report::ScanReport rep{view->sbom, view->result, std::filesystem::path(database_path(ctx)).filename().string(),
                         BULWARK_VERSION, env.now_text};
  rep.statuses = &view->statuses;
  std::ostringstream os;
  if (auto r = report::render("json", rep, os); !r) return std::unexpected(r.error());
  d.findings = os.str();
  for (std::size_t i = 0; i < view->result.findings.size(); ++i) {
    const auto& f = view->result.findings[i];
    const auto& st = view->statuses[i];
    const std::string state = st.analysis ? std::string(to_string(st.analysis->state)) : "not analysed";
    ++d.analysis_states[state];
    if (st.suppressed) continue;
    ++d.by_priority[f->priority.empty() ? "-" : f->priority];
    if (f->kev) d.open_kev.push_back(fmt::format("{} in {} ({}, {})", f->id, report::component_label(view->sbom.components[f.component]), f->priority, state));
  }
  return d;
}

std::string risk_assessment_md(const portfolio::Target& t, const ReleaseBundleData& d, const std::string& now) {
  std::string s = fmt::format("# Risk assessment summary: {} {}\n\nGenerated by Bulwark at {} from the vulnerability "
                              "database and the recorded analyses. It summarises the known-vulnerability part of the "
                              "cybersecurity risk assessment (Article 13(2)); the rest is the manufacturer's work.\n\n"
                              "## Findings by priority (not suppressed)\n\n| Priority | Findings |\n|---|---|\n",
                              t.product.name, t.release->version, now);
  for (const auto& [prio, n] : d.by_priority) s += fmt::format("| {} | {} |\n", prio, n);
  s += "\n## Analyses\n\n| State | Findings |\n|---|---|\n";
  for (const auto& [state, n] : d.analysis_states) s += fmt::format("| {} | {} |\n", state, n);
  s += "\n## Known exploited (CISA KEV) vulnerabilities still open\n\n";
  if (d.open_kev.empty()) s += "None.\n";
  for (const auto& k : d.open_kev) s += "- " + k + "\n";
  return s;
}

Result<cra::DocFacts> doc_facts(Env& env, const portfolio::Target& t, const std::vector<cra::ChecklistItem>& checklist,
                                const ReleaseBundleData& d) {
  auto cp = cra_product(*env.cra, t.product.id);
  if (!cp) return std::unexpected(cp.error());
  auto period = support_period(t.product, *t.release);
  if (!period) return std::unexpected(period.error());
  cra::DocFacts f;
  f.manufacturer_name = t.product.vendor;
  f.manufacturer_address = cp->manufacturer_address;
  f.manufacturer_contact = f.single_point_of_contact = t.product.security_contact;
  f.manufacturer_website = t.product.website;
  f.cvd_policy_url = cp->cvd_policy_url;
  f.product_name = t.product.name;
  f.product_version = t.release->version;
  f.product_description = f.intended_purpose = t.product.description;
  f.category = category_of(t.product, *cp);
  f.category_item = cp->category_item;
  std::vector<std::string> routes;
  for (const auto& r : cra::conformity_routes(f.category, cp->harmonised_standard_applied)) routes.push_back(r.name);
  f.conformity_route = join(routes, "; or ");
  if (*period) {
    f.support_end = (*period)->end;
    f.support_rationale = (*period)->rationale;
  }
  f.sbom_file = "sbom.cdx.json";
  f.checklist = checklist;
  std::string prio;
  for (const auto& [p, n] : d.by_priority) prio += fmt::format("{}{}: {}", prio.empty() ? "" : ", ", p, n);
  f.findings_summary = fmt::format("Open findings by priority: {} (findings.json in the evidence bundle).", prio.empty() ? "none" : prio);
  f.risk_assessment_summary = fmt::format("{} known exploited vulnerabilities open; see risk-assessment.md in the evidence bundle.",
                                          d.open_kev.size());
  f.date = env.now;
  return f;
}

constexpr std::array<cra::DocumentKind, 4> kDocuments = {
    cra::DocumentKind::kTechnicalDocumentation, cra::DocumentKind::kDeclarationOfConformity,
    cra::DocumentKind::kSimplifiedDeclaration, cra::DocumentKind::kUserInformation};

int run_docs(Context& ctx, const DocsOptions& o) {
  auto env = open_env(ctx);
  if (failed(ctx, env)) return ctx.exit_code;
  auto t = portfolio::resolve_target(*env->store, o.spec, true);
  if (failed(ctx, t)) return ctx.exit_code;
  auto full = full_checklist(*env, ctx, t->product);
  if (failed(ctx, full)) return ctx.exit_code;
  auto data = bundle_data(*env, ctx, *t);
  if (failed(ctx, data)) return ctx.exit_code;
  auto facts = doc_facts(*env, *t, full->first, *data);
  if (failed(ctx, facts)) return ctx.exit_code;
  std::vector<cra::BundleFile> files{{"sbom.cdx.json", data->sbom},
                                     {"vex.openvex.json", data->vex},
                                     {"findings.json", data->findings},
                                     {"checklist.json", checklist_json(t->product, full->first, full->second).dump(2) + "\n"},
                                     {"risk-assessment.md", risk_assessment_md(*t, *data, env->now_text)}};
  std::error_code ec;
  std::filesystem::create_directories(o.dir, ec);
  if (ec) return report_error(ctx, Error{ErrorCode::kIo, fmt::format("{}: {}", o.dir, ec.message())}), ctx.exit_code;
  for (auto kind : kDocuments) {
    std::string name(cra::to_string(kind));
    std::replace(name.begin(), name.end(), '_', '-');
    std::vector<std::pair<std::string, cra::DocFormat>> formats;
    if (o.format != "html") formats.emplace_back(".md", cra::DocFormat::kMarkdown);
    if (o.format != "md") formats.emplace_back(".html", cra::DocFormat::kHtml);
    for (const auto& [ext, fmt_] : formats) {
      const std::string text = cra::render_document(kind, *facts, fmt_);
      if (failed(ctx, write_text(std::filesystem::path(o.dir) / (name + ext), text))) return ctx.exit_code;
      files.push_back({"documents/" + name + ext, text.ends_with("\n") ? text : text + "\n"});
    }
    fmt::print("{}/{}: {} gap(s) to complete\n", o.dir, name, cra::document_gaps(kind, *facts).size());
  }
  const std::string zip = o.bundle.empty() ? (std::filesystem::path(o.dir) / "evidence.zip").string() : o.bundle;
  if (failed(ctx, cra::write_evidence_bundle(zip, files))) return ctx.exit_code;
  fmt::print("{}: evidence bundle ({} files + manifest.json)\n", zip, files.size());
  return 0;
}

// ---- registration ---------------------------------------------------------------------------

void add_case_commands(CLI::App& cra, Context& ctx) {
  auto o = std::make_shared<CaseOptions>();
  auto* cs = cra.add_subcommand("case", "Article 14 cases: actively exploited vulnerabilities and severe incidents");
  cs->require_subcommand(1);
  auto* propose = cs->add_subcommand("propose", "Propose a case for every KEV-listed open finding of a released product");
  propose->add_option("--product", o->product, "Only this product");
  propose->callback([&ctx, o] { ctx.exit_code = run_case_propose(ctx, *o); });
  auto* open = cs->add_subcommand("open", "Open a case by hand (a vulnerability known to be exploited, or a severe incident)");
  open->add_option("target", o->spec, "PRODUCT or PRODUCT@VERSION")->required();
  open->add_option("--vulnerability", o->vulnerabilities, "Vulnerability id(s) of one vulnerability (CVE, GHSA, ...)");
  open->add_option("--incident", o->incident, "Description of a severe incident");
  open->add_option("--aware-at", o->aware_at, "When the manufacturer became aware (RFC 3339; default now)");
  open->add_option("--source", o->source, "Evidence of exploitation (default: user)")->capture_default_str();
  open->add_option("--by", o->by, "Who opens it (default: $USER)");
  open->add_option("--severe-answers", o->severe_answers, "Article 14(5) answers: affects-security,sensitive-data,malicious-code,unlawful (yes|no|unknown each)");
  open->add_option("--affects-security", o->affects_security, "DEF.44: affects the product's security? yes|no|unknown");
  open->add_option("--sensitive-data", o->sensitive_data, "A14.5(a): sensitive or important data or functions affected? yes|no|unknown");
  open->add_option("--malicious-code", o->malicious_code, "A14.5(b): malicious code introduced or executed? yes|no|unknown");
  open->add_option("--unlawful", o->unlawful, "Suspected unlawful or malicious act? yes|no|unknown");
  open->callback([&ctx, o] { ctx.exit_code = run_case_open(ctx, *o); });
  auto* confirm = cs->add_subcommand("confirm", "Confirm a proposed case (the clocks already run from awareness)");
  confirm->add_option("id", o->id, "Case id")->required();
  confirm->add_option("--by", o->by, "Who confirms")->required();
  confirm->callback([&ctx, o] { ctx.exit_code = run_case_confirm(ctx, *o); });
  auto* dismiss = cs->add_subcommand("dismiss", "Dismiss a case with a reason (e.g. \"not exploitable in the product\")");
  dismiss->add_option("id", o->id, "Case id")->required();
  dismiss->add_option("--reason", o->reason, "Why it is not reportable")->required();
  dismiss->add_option("--by", o->by, "Who dismisses")->required();
  dismiss->callback([&ctx, o] { ctx.exit_code = run_case_dismiss(ctx, *o); });
  auto* fix = cs->add_subcommand("fix", "Record that a corrective or mitigating measure is available (starts the 14-day final report clock)");
  fix->add_option("id", o->id, "Case id")->required();
  fix->add_option("--at", o->at, "When it became available (RFC 3339; default now)");
  fix->add_option("--description", o->description, "What the measure is")->required();
  fix->add_option("--by", o->by, "Who records it (default: $USER)");
  fix->callback([&ctx, o] { ctx.exit_code = run_case_fix(ctx, *o); });
  auto* submit = cs->add_subcommand("submit", "Record the submission of a report stage");
  submit->add_option("id", o->id, "Case id")->required();
  submit->add_option("stage", o->stage, "early-warning, notification or final-report")->required();
  submit->add_option("--reference", o->reference, "Submission reference of the reporting platform")->required();
  submit->add_option("--at", o->at, "When it was submitted (RFC 3339; default now)");
  submit->add_option("--by", o->by, "Who submitted it")->required();
  submit->callback([&ctx, o] { ctx.exit_code = run_case_submit(ctx, *o); });
  auto* close = cs->add_subcommand("close", "Close a case once the final report is submitted");
  close->add_option("id", o->id, "Case id")->required();
  close->add_option("--by", o->by, "Who closes it (default: $USER)");
  close->callback([&ctx, o] { ctx.exit_code = run_case_close(ctx, *o); });
  auto* show = cs->add_subcommand("show", "Show a case with its clocks and audit trail");
  show->add_option("id", o->id, "Case id")->required();
  show->add_option("-f,--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, o] { ctx.exit_code = run_case_show(ctx, *o); });
  auto* list = cs->add_subcommand("list", "List the cases");
  list->add_option("--product", o->product, "Only this product");
  list->add_option("-f,--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  list->callback([&ctx, o] { ctx.exit_code = run_case_list(ctx, *o); });
}

void add_reporting_commands(CLI::App& cra, Context& ctx) {
  auto d = std::make_shared<DeadlineOptions>();
  auto* dl = cra.add_subcommand("deadlines", "Every reporting deadline of open cases, sorted by due time (exit 1 when one is overdue)");
  dl->add_option("-f,--format", d->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  dl->add_option("--product", d->product, "Only this product");
  dl->callback([&ctx, d] { ctx.exit_code = run_deadlines(ctx, *d); });

  auto r = std::make_shared<DraftOptions>();
  auto* dr = cra.add_subcommand("draft", "Write report drafts (Markdown and JSON) for a case's stages");
  dr->add_option("id", r->id, "Case id")->required();
  dr->add_option("--stage", r->stage, "early-warning, notification, final-report or all")->capture_default_str();
  dr->add_option("-o,--output", r->dir, "Output directory")->required();
  dr->add_flag("--user-notice", r->user_notice, "Also write the Article 14(8) user notice as a CSAF advisory");
  dr->add_option("--url", r->url, "Download URL of the fixed release (user notice remediation; default: the product website)");
  dr->callback([&ctx, r] { ctx.exit_code = run_draft(ctx, *r); });
}

void add_product_cra_commands(CLI::App& cra, Context& ctx) {
  auto s = std::make_shared<SupportOptions>();
  auto* sup = cra.add_subcommand("support", "Support periods of the releases: end, status, rationale, update retention");
  sup->add_option("--product", s->product, "Only this product");
  sup->add_option("-f,--format", s->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  auto* notice = sup->add_subcommand("notice", "Print the end-of-support notice of a release (Article 13(19))");
  notice->add_option("target", s->spec, "PRODUCT@VERSION")->required();
  notice->callback([&ctx, s] { ctx.exit_code = run_support_notice(ctx, *s); });
  sup->callback([&ctx, s, notice] {
    if (!notice->parsed()) ctx.exit_code = run_support(ctx, *s);
  });

  auto c = std::make_shared<ClassifyOptions>();
  auto* cl = cra.add_subcommand("classify", "Record the product category (Annex III/IV) and show the conformity routes");
  cl->add_option("product", c->product, "PRODUCT");
  cl->add_option("--item", c->item, "Annex III/IV item, e.g. AIII.C1.2 (default: the default category)");
  cl->add_flag("--harmonised", c->harmonised, "Harmonised standards (or common specifications, a certification scheme) applied in full");
  cl->add_flag("--no-harmonised", c->no_harmonised, "Not applied in full");
  cl->add_option("--member-state", c->member_states, "Member States where the product is made available (AT, DE, ...)");
  cl->add_option("--cvd-policy", c->cvd_policy, "https URL of the coordinated vulnerability disclosure policy");
  cl->add_option("--address", c->address, "Manufacturer's postal address");
  cl->add_flag("--list", c->list, "List the Annex III and IV items");
  cl->callback([&ctx, c] { ctx.exit_code = run_classify(ctx, *c); });

  auto k = std::make_shared<ChecklistOptions>();
  auto* ck = cra.add_subcommand("checklist", "The Annex I checklist of a product, with automatic evidence");
  ck->add_option("product", k->product, "PRODUCT")->required();
  ck->add_option("-f,--format", k->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  auto* set = ck->add_subcommand("set", "Update one checklist item");
  set->add_option("id", k->id, "Item id, e.g. AI.P2.3")->required();
  set->add_option("--status", k->status, "open, in_progress, met or not_met");
  set->add_option("--owner", k->owner, "Owner");
  set->add_flag("--not-applicable", k->not_applicable, "Not applicable (needs --justification)");
  set->add_flag("--applicable", k->applicable, "Applicable again");
  set->add_option("--justification", k->justification, "Why it does not apply");
  set->add_option("--evidence", k->evidence, "Evidence link KIND:URI:DESCRIPTION (repeatable)");
  set->callback([&ctx, k] { ctx.exit_code = run_checklist_set(ctx, *k); });
  ck->callback([&ctx, k, set] {
    if (!set->parsed()) ctx.exit_code = run_checklist(ctx, *k);
  });

  auto dc = std::make_shared<DocsOptions>();
  auto* docs = cra.add_subcommand("docs", "Generate Annex VII, V, VI and II documents and the evidence bundle of a release");
  docs->add_option("target", dc->spec, "PRODUCT@VERSION")->required();
  docs->add_option("-o,--output", dc->dir, "Output directory")->required();
  docs->add_option("--format", dc->format, "md, html or both")->check(CLI::IsMember({"md", "html", "both"}))->capture_default_str();
  docs->add_option("--bundle", dc->bundle, "Evidence zip path (default: OUTPUT/evidence.zip)");
  docs->callback([&ctx, dc] { ctx.exit_code = run_docs(ctx, *dc); });
}

}  // namespace

void add_cra_command(CLI::App& app, Context& ctx) {
  auto* cra = app.add_subcommand("cra", "EU Cyber Resilience Act: Article 14 cases and deadlines, support periods, "
                                        "classification, Annex I checklist, documentation");
  cra->require_subcommand(1);
  add_case_commands(*cra, ctx);
  add_reporting_commands(*cra, ctx);
  add_product_cra_commands(*cra, ctx);
}

}  // namespace bulwark::cli
