// Findings views with analyses, filters and the gate.
#include "bulwark/service/findings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "bulwark/accounts/store.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/vex/vex.hpp"
#include "bulwark/vulndb/store.hpp"

#include "bulwark/service/reach.hpp"
#include "bulwark/service/releases.hpp"

namespace bulwark::service {
namespace {

std::vector<std::string> group_ids(const match::FindingCore& f) {
  std::vector<std::string> ids{to_upper(f.id)};
  for (const auto& a : f.aliases) ids.push_back(to_upper(a));
  return ids;
}

bool listed(std::string_view list, std::string_view item) {
  for (auto part : split(list, ','))
    if (trim(part) == item) return true;
  return false;
}

}  // namespace

Result<const portfolio::AnalysisRecord*> applicable_analysis(
    const std::vector<const portfolio::AnalysisRecord*>& candidates,
    const std::vector<std::string>& ids, const Component& c) {
  const portfolio::AnalysisRecord* best = nullptr;
  for (const portfolio::AnalysisRecord* a : candidates) {
    if (!shares_id(a->vulnerability_ids, ids)) continue;
    auto in = portfolio::version_in_scope(a->versions, c);
    if (!in) return std::unexpected(in.error());
    if (!*in) continue;
    if (!best || (best->versions.empty() && !a->versions.empty()) ||
        (best->versions.empty() == a->versions.empty() &&
         a->analysis.timestamp >= best->analysis.timestamp))
      best = a;
  }
  return best;
}

std::string FindingRow::state() const {
  return analysis ? std::string(to_string(analysis->state)) : "none";
}

Result<std::vector<FindingRow>> with_analyses(portfolio::Store& store,
                                              const portfolio::Release& release,
                                              std::vector<portfolio::StoredFinding> rows) {
  std::vector<std::string> identities;
  for (const auto& f : rows) identities.push_back(f.identity);
  std::sort(identities.begin(), identities.end());
  identities.erase(std::unique(identities.begin(), identities.end()), identities.end());
  std::vector<portfolio::AnalysisRecord> records;
  if (!identities.empty()) {
    auto r = store.analyses_for(release.product_id, identities);
    if (!r) return std::unexpected(r.error());
    records = std::move(*r);
  }
  std::map<std::string, std::vector<const portfolio::AnalysisRecord*>, std::less<>> by_identity;
  for (const auto& a : records) by_identity[a.identity].push_back(&a);
  std::vector<FindingRow> out;
  out.reserve(rows.size());
  for (auto& f : rows) {
    FindingRow row{std::move(f), std::nullopt, "", false};
    if (auto it = by_identity.find(row.stored.identity); it != by_identity.end()) {
      auto best = applicable_analysis(it->second, portfolio::finding_ids(row.stored),
                                      portfolio::finding_component(row.stored));
      if (!best) return std::unexpected(best.error());
      if (*best) {
        row.analysis = (*best)->analysis;
        row.inherited = (*best)->origin != release.version;
        row.origin = (*best)->origin.empty() ? (*best)->source : (*best)->origin;
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

namespace {

// with_analyses over rows of several releases (each row gets its own release's analyses).
Result<std::vector<FindingRow>> attach_analyses(
    portfolio::Store& store, const std::map<std::int64_t, const portfolio::Release*>& releases,
    std::vector<portfolio::StoredFinding> rows) {
  if (releases.size() == 1) return with_analyses(store, *releases.begin()->second, std::move(rows));
  std::map<std::int64_t, std::vector<std::size_t>> by_release;
  for (std::size_t i = 0; i < rows.size(); ++i) by_release[rows[i].release_id].push_back(i);
  std::vector<std::optional<FindingRow>> out(rows.size());
  for (const auto& [rid, idx] : by_release) {
    auto it = releases.find(rid);
    if (it == releases.end())
      return std::unexpected(Error{ErrorCode::kInternal, "finding of a release out of scope"});
    std::vector<portfolio::StoredFinding> part;
    for (auto i : idx) part.push_back(std::move(rows[i]));
    auto with = with_analyses(store, *it->second, std::move(part));
    if (!with) return std::unexpected(with.error());
    for (std::size_t k = 0; k < idx.size(); ++k) out[idx[k]] = std::move((*with)[k]);
  }
  std::vector<FindingRow> done;
  done.reserve(out.size());
  for (auto& r : out) done.push_back(std::move(*r));
  return done;
}

Result<FindingsPage> page_of(portfolio::Store& store,
                             const std::map<std::int64_t, const portfolio::Release*>& releases,
                             FindingsPageRequest request) {
  auto& q = request.query;
  const std::size_t limit = q.limit;
  FindingsPage page;
  auto count = [&](const portfolio::FindingQuery& cq) -> Result<std::size_t> {
    portfolio::FindingQuery c = cq;
    c.after_id = 0;
    c.limit = 0;
    return request.count_cap ? store.count_findings_capped(c, request.count_cap)
                             : store.count_findings(c);
  };
  if (request.states.empty()) {
    // Everything the store can answer from its index: one page (and one row more, to know
    // whether another page follows) and one count.
    if (limit != 0) q.limit = limit + 1;
    auto rows = store.find_findings(q);
    if (!rows) return std::unexpected(rows.error());
    if (limit != 0 && rows->size() > limit) {
      rows->pop_back();
      page.next_after = rows->back().id;
    }
    auto with = attach_analyses(store, releases, std::move(*rows));
    if (!with) return std::unexpected(with.error());
    page.items = std::move(*with);
    auto n = count(q);
    if (!n) return std::unexpected(n.error());
    page.total = *n;
    page.total_capped = request.count_cap && *n >= request.count_cap;
    return page;
  }
  // The analysis state: only findings of component identities with a recorded analysis can have
  // one (with_analyses looks analyses up by identity); every other finding is "none".
  std::set<std::int64_t> products;
  for (const auto& [id, r] : releases) products.insert(r->product_id);
  std::set<std::string> triaged;
  for (auto pid : products) {
    auto recs = store.analyses(pid);
    if (!recs) return std::unexpected(recs.error());
    for (const auto& a : *recs) triaged.insert(a.identity);
  }
  using I = portfolio::FindingQuery::Identities;
  // 1. Findings of triaged identities, each evaluated (indexed on release and identity).
  std::vector<FindingRow> matched;
  if (!triaged.empty()) {
    portfolio::FindingQuery tq = q;
    tq.after_id = 0;
    tq.limit = 0;
    tq.identity_filter = I::kIn;
    tq.identities.assign(triaged.begin(), triaged.end());
    auto rows = store.find_findings(tq);
    if (!rows) return std::unexpected(rows.error());
    auto with = attach_analyses(store, releases, std::move(*rows));
    if (!with) return std::unexpected(with.error());
    for (auto& r : *with)
      if (std::find(request.states.begin(), request.states.end(), r.state()) !=
          request.states.end())
        matched.push_back(std::move(r));
  }
  page.total = matched.size();
  // 2. "none": the findings of every other identity, paged and counted by the store.
  std::vector<FindingRow> rest;
  bool rest_more = false;
  if (std::find(request.states.begin(), request.states.end(), "none") != request.states.end()) {
    portfolio::FindingQuery nq = q;
    if (!triaged.empty()) {
      nq.identity_filter = I::kNotIn;
      nq.identities.assign(triaged.begin(), triaged.end());
    }
    nq.limit = limit == 0 ? 0 : limit + 1;
    auto rows = store.find_findings(nq);
    if (!rows) return std::unexpected(rows.error());
    if (limit != 0 && rows->size() > limit) {
      rows->pop_back();
      rest_more = true;
    }
    auto with = attach_analyses(store, releases, std::move(*rows));
    if (!with) return std::unexpected(with.error());
    rest = std::move(*with);
    auto n = count(nq);
    if (!n) return std::unexpected(n.error());
    page.total += *n;
  }
  // The page: both lists merged in id order after the cursor.
  auto m = std::find_if(matched.begin(), matched.end(),
                        [&](const FindingRow& r) { return r.stored.id > q.after_id; });
  auto n = rest.begin();
  while (m != matched.end() || n != rest.end()) {
    if (limit != 0 && page.items.size() == limit) {
      page.next_after = page.items.back().stored.id;
      break;
    }
    if (n == rest.end() || (m != matched.end() && m->stored.id < n->stored.id))
      page.items.push_back(std::move(*m++));
    else
      page.items.push_back(std::move(*n++));
  }
  // Rows beyond those fetched may follow the last "none" row fetched.
  if (page.next_after == 0 && rest_more && !page.items.empty())
    page.next_after = page.items.back().stored.id;
  if (request.count_cap && page.total >= request.count_cap) {
    page.total = request.count_cap;
    page.total_capped = true;
  }
  return page;
}

}  // namespace

Result<FindingsPage> findings_page(portfolio::Store& store, const portfolio::Release& release,
                                   FindingsPageRequest request) {
  request.query.release_id = release.id;
  return page_of(store, {{release.id, &release}}, std::move(request));
}

Result<FindingsPage> findings_page(portfolio::Store& store,
                                   const std::vector<portfolio::Release>& releases,
                                   FindingsPageRequest request) {
  std::map<std::int64_t, const portfolio::Release*> scope;
  request.query.release_id = 0;
  request.query.release_ids.clear();
  for (const auto& r : releases) {
    scope[r.id] = &r;
    request.query.release_ids.push_back(r.id);
  }
  if (scope.empty()) return FindingsPage{};
  return page_of(store, scope, std::move(request));
}

Result<FindingExplanation> explain_finding(portfolio::Store& store, vulndb::Store& vulns,
                                           const portfolio::Product& product,
                                           const portfolio::Release& release, std::int64_t id,
                                           portfolio::RiskStore* risk) {
  auto found = open_finding(store, release, id);
  if (!found) return std::unexpected(found.error());
  FindingExplanation out{std::move(*found), nullptr};
  const auto& stored = out.row.stored;
  auto sbom = load_release_sbom(store, release);
  if (!sbom) return std::unexpected(sbom.error());
  // The finding's component and the operating-system component that gives the distro hint.
  Sbom one;
  one.format = sbom->format;
  one.spec_version = sbom->spec_version;
  one.serial_number = sbom->serial_number;
  one.source_path = sbom->source_path;
  one.subject = sbom->subject;
  const Component* target = nullptr;
  const Component* os = nullptr;
  for (const auto& c : sbom->components) {
    if (!target && (c.purl.empty() ? c.name + "@" + c.version : c.purl) == stored.component_key)
      target = &c;
    if (!os && c.type == "operating-system" && !c.name.empty()) os = &c;
  }
  if (!target) return out;
  one.components.push_back(*target);
  one.components.back().parent = -1;
  if (os && os != target) {
    one.components.push_back(*os);
    one.components.back().parent = -1;
  }
  auto so = release_scan_options(risk, product, release.version, {});
  if (!so) return std::unexpected(so.error());
  auto result = match::scan(one, vulns, *so);
  if (!result) return std::unexpected(result.error());
  for (const auto& f : result->findings) {
    if (f.component != 0) continue;
    std::vector<std::string> ids = f.core->aliases;
    ids.push_back(f.core->id);
    if (!shares_id(ids, {stored.vuln_id})) continue;
    out.core = f.core;
    break;
  }
  return out;
}

Result<void> apply_grid_filters(vulndb::Store& vulns, const GridFilters& filters,
                                const std::string& now_rfc3339, portfolio::FindingQuery& query) {
  if (filters.epss_score || filters.epss_percentile) {
    auto ids = vulns.epss_at_least(filters.epss_score.value_or(0.0),
                                   filters.epss_percentile.value_or(0.0));
    if (!ids) return std::unexpected(ids.error());
    query.vulnerabilities = std::move(*ids);
  }
  if (filters.open_days) {
    auto now = parse_rfc3339(now_rfc3339);
    if (!now) return std::unexpected(now.error());
    query.first_seen_before = format_rfc3339(*now - std::chrono::days(*filters.open_days));
  }
  return {};
}

Result<std::vector<portfolio::Release>> grid_releases(portfolio::Store& store,
                                                      accounts::AccountStore& accounts,
                                                      const Principal& who,
                                                      std::string_view product,
                                                      std::string_view version) {
  std::vector<portfolio::Release> out;
  auto products = store.products();
  if (!products) return std::unexpected(products.error());
  bool found = product.empty();
  for (const auto& p : *products) {
    if (!who.sees(p.id)) continue;
    if (!product.empty() && p.name != product) continue;
    found = true;
    auto rels = store.releases(p.id);
    if (!rels) return std::unexpected(rels.error());
    for (auto& r : *rels) {
      if (!version.empty() && r.version != version) continue;
      auto archived = accounts.archived(r.id);
      if (!archived) return std::unexpected(archived.error());
      if (!*archived) out.push_back(std::move(r));
    }
  }
  if (!found) return not_found(fmt::format("product: '{}' does not exist", product));
  if (!version.empty() && out.empty())
    return not_found(fmt::format("release: '{}@{}' does not exist", product, version));
  return out;
}

Result<VulnerabilityPage> vulnerability_page(portfolio::Store& store,
                                             const portfolio::FindingQuery& query,
                                             std::string_view after, std::size_t limit) {
  VulnerabilityPage page;
  if (query.release_id == 0 && query.release_ids.empty()) return page;
  auto rows = store.group_findings(query, after, limit == 0 ? 0 : limit + 1);
  if (!rows) return std::unexpected(rows.error());
  if (limit != 0 && rows->size() > limit) {
    rows->pop_back();
    page.next_after = rows->back().vulnerability;
  }
  page.items = std::move(*rows);
  return page;
}

Result<FindingRow> open_finding(portfolio::Store& store, const portfolio::Release& release,
                                std::int64_t id) {
  portfolio::FindingQuery q;
  q.release_id = release.id;
  q.after_id = id - 1;
  q.limit = 1;
  auto rows = store.find_findings(q);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || rows->front().id != id)
    return not_found(
        fmt::format("finding {} is not open in {}@{}", id, release.product, release.version));
  auto with = with_analyses(store, release, std::move(*rows));
  if (!with) return std::unexpected(with.error());
  return std::move(with->front());
}

Result<void> apply_analyses(const Sbom& sbom, match::ScanResult& result,
                            std::vector<report::FindingStatus>& statuses,
                            std::size_t& suppressed_hidden, const AnalysisSource& source,
                            bool show_suppressed) {
  using portfolio::AnalysisRecord;
  using portfolio::StoredFinding;
  std::map<std::string, std::vector<const AnalysisRecord*>> by_identity;
  if (source.records)
    for (const auto& a : *source.records) by_identity[a.identity].push_back(&a);
  std::unordered_map<std::uint64_t, const StoredFinding*>
      seen_index;  // finding_key -> stored finding
  if (source.history)
    for (const auto& h : *source.history) {
      seen_index[portfolio::finding_key(h.component_key, h.vuln_id)] = &h;
      for (const auto& a : h.aliases) seen_index[portfolio::finding_key(h.component_key, a)] = &h;
    }
  std::vector<match::Finding> kept;
  std::vector<report::FindingStatus> kept_status;
  suppressed_hidden = 0;
  for (const auto& f : result.findings) {
    const Component& c = sbom.components[f.component];
    const auto ids = group_ids(*f.core);
    report::FindingStatus st;
    const AnalysisRecord* best = nullptr;
    if (auto it = by_identity.find(portfolio::component_identity(c)); it != by_identity.end()) {
      auto b = applicable_analysis(it->second, ids, c);
      if (!b) return std::unexpected(b.error());
      best = *b;
    }
    if (best) {
      st.analysis = best->analysis;
      st.inherited = best->origin != source.release_version;
      st.origin = best->origin.empty() ? best->source : best->origin;
    }
    // One-off VEX documents override stored analyses (the later statement wins).
    if (source.vex) {
      for (std::size_t d = 0; d < source.vex->size(); ++d) {
        for (const auto& s : (*source.vex)[d].statements) {
          if (!vex::statement_applies(s, c.purl, ids)) continue;
          st.analysis = s.analysis;
          st.inherited = false;
          const std::string name =
              source.vex_names && d < source.vex_names->size() ? (*source.vex_names)[d] : "VEX";
          st.origin = fmt::format("{} {}", name, s.location);
        }
      }
    }
    if (auto it = seen_index.find(portfolio::finding_key(portfolio::component_key(c), f.core->id));
        it != seen_index.end()) {
      st.first_seen = it->second->first_seen;
      st.last_seen = it->second->last_seen;
    }
    const bool suppress = st.analysis && (st.analysis->state == AnalysisState::kNotAffected ||
                                          st.analysis->state == AnalysisState::kFixed ||
                                          st.analysis->state == AnalysisState::kFalsePositive);
    if (suppress && !show_suppressed) {
      ++suppressed_hidden;
      continue;
    }
    st.suppressed = suppress;
    kept.push_back(f);
    kept_status.push_back(std::move(st));
  }
  result.findings = std::move(kept);
  result.summary.findings = result.findings.size();
  statuses = std::move(kept_status);
  return {};
}

Result<ReleaseView> release_view(portfolio::Store& store, vulndb::Store& vulns,
                                 const portfolio::Product& product,
                                 const portfolio::Release& release, const ViewOptions& options) {
  auto sbom = load_release_sbom(store, release);
  if (!sbom) return std::unexpected(sbom.error());
  auto so = release_scan_options(options.risk, product, release.version, options.today);
  if (!so) return std::unexpected(so.error());
  auto result = match::scan(*sbom, vulns, *so);
  if (!result) return std::unexpected(result.error());
  auto records = store.analyses(product.id);
  if (!records) return std::unexpected(records.error());
  auto history = store.findings(release.id, true);
  if (!history) return std::unexpected(history.error());
  ReleaseView view{std::move(*sbom), std::move(*result), {}, 0};
  AnalysisSource src{&*records, options.vex.empty() ? nullptr : &options.vex, &options.vex_names,
                     release.version, &*history};
  if (auto x = apply_analyses(view.sbom, view.result, view.statuses, view.suppressed_hidden, src,
                              options.show_suppressed);
      !x)
    return std::unexpected(x.error());
  return view;
}

void filter_view(ReleaseView& view, const FindingFilter& filter) {
  if (!filter.active()) return;
  std::vector<match::Finding> kept;
  std::vector<report::FindingStatus> kept_st;
  for (std::size_t i = 0; i < view.result.findings.size(); ++i) {
    const auto& f = view.result.findings[i];
    const auto& st = view.statuses[i];
    const std::string state = st.analysis ? std::string(to_string(st.analysis->state)) : "none";
    if (!filter.priorities.empty() && !listed(to_upper(filter.priorities), f->priority)) continue;
    if (!filter.states.empty() && !listed(filter.states, state)) continue;
    kept.push_back(f);
    kept_st.push_back(st);
  }
  view.result.findings = std::move(kept);
  view.statuses = std::move(kept_st);
  view.result.summary.findings = view.result.findings.size();
}

std::size_t gate_hits(const ReleaseView& view, const Gate& gate) {
  if (!gate.active()) return 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < view.result.findings.size(); ++i)
    if (!view.statuses[i].suppressed && gate.reached(view.result.findings[i])) ++n;
  return n;
}

Result<FindingsResult> findings(portfolio::Store& store, vulndb::Store& vulns,
                                const FindingsRequest& request, const Clock& clock) {
  auto t = resolve_target(store, request.target, false);
  if (!t) return std::unexpected(t.error());
  FindingsResult out{*t, {}, {}, 0, {}};
  if (t->release) {
    out.releases.push_back(*t->release);
  } else {
    auto all = store.releases(t->product.id);
    if (!all) return std::unexpected(all.error());
    out.releases = std::move(*all);
  }
  ViewOptions vo;
  vo.show_suppressed = request.show_suppressed;
  vo.risk = request.risk;
  for (const auto& path : request.vex_paths) {
    auto doc = read_vex_file(path);
    if (!doc) return std::unexpected(doc.error());
    vo.vex.push_back(std::move(*doc));
    vo.vex_names.push_back(std::filesystem::path(path).filename().string());
  }
  for (const auto& up : request.vex) {
    auto doc = read_vex(up.bytes, up.name);
    if (!doc) return std::unexpected(doc.error());
    vo.vex.push_back(std::move(*doc));
    vo.vex_names.push_back(up.name);
  }
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  out.now = *now;
  vo.today = now->substr(0, 10);
  for (const auto& r : out.releases) {
    auto view = release_view(store, vulns, t->product, r, vo);
    if (!view) return std::unexpected(view.error());
    filter_view(*view, request.filter);
    view->sbom.source_path = fmt::format("{}@{}", r.product, r.version);
    out.gate_reached += gate_hits(*view, request.gate);
    out.views.push_back(std::move(*view));
  }
  return out;
}

}  // namespace bulwark::service
