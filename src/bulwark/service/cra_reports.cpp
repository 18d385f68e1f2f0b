#include "bulwark/service/cra_reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/cra_common.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"

namespace bulwark::service {
namespace {

std::string with_newline(std::string s) {
  if (!s.ends_with("\n")) s += "\n";
  return s;
}

std::vector<std::string> core_ids(const match::FindingCore& c) {
  std::vector<std::string> ids{c.id};
  ids.insert(ids.end(), c.aliases.begin(), c.aliases.end());
  return ids;
}

Result<std::vector<portfolio::Release>> releases_named(portfolio::Store& store,
                                                       std::int64_t product_id,
                                                       const std::vector<std::string>& versions) {
  auto all = store.releases(product_id);
  if (!all) return std::unexpected(all.error());
  std::vector<portfolio::Release> out;
  for (const auto& r : *all)
    if (std::find(versions.begin(), versions.end(), r.version) != versions.end()) out.push_back(r);
  return out;
}

using CorePtr = std::shared_ptr<const match::FindingCore>;

// The live finding of the case's vulnerability in its first affected release that still has it,
// and the fixed component versions ("component -> version") it names.
Result<std::optional<CorePtr>> live_core(portfolio::Store& store, vulndb::Store& vulns,
                                         const portfolio::Product& p, const cra::Case& c,
                                         const std::string& today,
                                         std::vector<std::string>& fixed_versions_out) {
  auto rels = releases_named(store, p.id, c.releases);
  if (!rels) return std::unexpected(rels.error());
  service::ViewOptions vo;
  vo.show_suppressed = true;
  vo.today = today;
  for (const auto& r : *rels) {
    auto view = service::release_view(store, vulns, p, r, vo);
    if (!view) return std::unexpected(view.error());
    for (const auto& f : view->result.findings)
      if (shares_id(core_ids(*f.core), c.vulnerability_ids)) {
        for (const auto& v : f->fixed_versions)
          fixed_versions_out.push_back(report::component_label(view->sbom.components[f.component]) +
                                       " -> " + v);
        return std::optional(f.core);
      }
  }
  return std::optional<CorePtr>{};
}

// Releases after the first affected one that no longer carry the vulnerability (absent, or
// triaged fixed).
Result<std::vector<std::string>> fixed_releases(portfolio::Store& store,
                                                const portfolio::Product& p, const cra::Case& c) {
  auto all = store.releases(p.id);
  if (!all) return std::unexpected(all.error());
  auto analyses = store.analyses(p.id);
  if (!analyses) return std::unexpected(analyses.error());
  std::vector<std::string> out;
  bool after_affected = false;
  for (const auto& r : *all) {
    if (std::find(c.releases.begin(), c.releases.end(), r.version) != c.releases.end()) {
      after_affected = true;
      continue;
    }
    if (!after_affected) continue;
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    bool open = false;
    for (const auto& x : *f) {
      if (!shares_id(ids_of(x), c.vulnerability_ids)) continue;
      const bool fixed =
          std::any_of(analyses->begin(), analyses->end(), [&](const portfolio::AnalysisRecord& a) {
            return a.identity == x.identity && a.analysis.state == AnalysisState::kFixed &&
                   shares_id(a.vulnerability_ids, ids_of(x));
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
  if (core.kev)
    f.kev = cra::KevFact{core.kev_date_added, "", core.kev_ransomware ? "Known" : "Unknown"};
  f.epss = core.epss;
  f.epss_percentile = core.epss_percentile;
}

Result<std::string> user_notice(portfolio::Store& store, vulndb::Store& vulns,
                                const portfolio::Product& p, const cra::Case& c,
                                const cra::ReportFacts& f, const std::string& url, TimePoint now) {
  service::AdvisoryRequest req;
  req.vulnerabilities = {c.vulnerability_ids.front()};
  req.title =
      fmt::format("{}: actively exploited vulnerability {}", p.name, c.vulnerability_ids.front());
  req.summary = fmt::format("Information to users under CRA Article 14(8) about {} (case {}).",
                            c.vulnerability_ids.front(), c.id);
  req.fixed_in = f.fixed_releases;
  req.remediation_url = url.empty() ? p.website : url;  // CSAF: a vendor_fix needs a URL
  req.now = format_rfc3339(now);
  req.today = req.now.substr(0, 10);
  auto in = service::build_advisory(store, vulns, p, req);
  if (!in) return std::unexpected(in.error());
  // CSAF needs a CWE's name with its id; the database knows only the id: leave the CWE out then.
  for (auto& v : in->vulnerabilities)
    if (v.cwe_name.empty()) v.cwe_id.clear();
  return csaf::write_advisory(*in);
}

}  // namespace

Result<cra::ReportFacts> report_facts(portfolio::Store& store, portfolio::CraStore& cra,
                                      vulndb::Store& vulns, const portfolio::Product& p,
                                      const portfolio::StoredCase& sc, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  const auto& c = sc.value;
  cra::ReportFacts f;
  f.product_name = p.name;
  f.product_version = join(c.releases);
  f.vendor = p.vendor;
  if (!p.security_contact.empty()) f.contacts.push_back(p.security_contact);
  auto cp = cra_product(cra, p.id);
  if (!cp) return std::unexpected(cp.error());
  f.member_states = cp->member_states;
  if (c.kind == cra::CaseKind::kSevereIncident) {
    f.description = c.incident_description;
    auto d = nlohmann::json::parse(sc.detail, nullptr, false);
    if (!d.is_discarded() && d.is_object() && d.contains("questionnaire") &&
        d["questionnaire"].is_object() &&
        d["questionnaire"]["suspected_unlawful_or_malicious"].is_boolean())
      f.suspected_unlawful_or_malicious =
          d["questionnaire"]["suspected_unlawful_or_malicious"].get<bool>();
    return f;
  }
  std::vector<std::string> fixed_versions;
  auto core = live_core(store, vulns, p, c, format_rfc3339(*now).substr(0, 10), fixed_versions);
  if (!core) return std::unexpected(core.error());
  if (*core) fill_from_core(f, ***core);
  auto fixed = fixed_releases(store, p, c);
  if (!fixed) return std::unexpected(fixed.error());
  f.fixed_releases = *fixed;
  if (!f.fixed_releases.empty())
    f.user_measures =
        fmt::format("Update {} to release {} or later.", p.name, f.fixed_releases.front());
  if (!fixed_versions.empty())
    f.user_measures += (f.user_measures.empty() ? "" : " ") +
                       fmt::format("Fixed component versions: {}.", join(fixed_versions));
  return f;
}

Result<Drafts> build_drafts(portfolio::Store& store, portfolio::CraStore& cra, vulndb::Store& vulns,
                            const DraftRequest& request, const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(now.error());
  auto sc = load_case(cra, request.case_id);
  if (!sc) return std::unexpected(sc.error());
  const auto& c = sc->value;
  if (request.user_notice && c.kind != cra::CaseKind::kVulnerability)
    return invalid_input(fmt::format(
        "case {}: the Article 14(8) user notice is only for vulnerability cases", c.id));
  auto t = service::resolve_target(store, c.product, false);
  if (!t) return std::unexpected(t.error());
  auto facts = report_facts(store, cra, vulns, t->product, *sc, clock);
  if (!facts) return std::unexpected(facts.error());
  std::vector<cra::Stage> stages = request.stages;
  if (stages.empty()) stages.assign(cra::kAllStages.begin(), cra::kAllStages.end());
  Drafts out;
  for (auto s : stages) {
    const auto draft = cra::build_report(s, c, *facts);
    out.drafts.push_back({s, fmt::format("{}-{}", c.id, stage_slug(s)), draft.title, draft.gaps,
                          with_newline(cra::render_markdown(s, c, *facts)),
                          with_newline(cra::render_json(s, c, *facts))});
  }
  if (request.user_notice) {
    auto doc = user_notice(store, vulns, t->product, c, *facts, request.url, *now);
    if (!doc) return std::unexpected(doc.error());
    out.user_notice_name = fmt::format("{}-user-notice.csaf.json", c.id);
    out.user_notice = with_newline(std::move(*doc));
  }
  return out;
}

Result<WrittenDrafts> write_drafts(portfolio::Store& store, portfolio::CraStore& cra,
                                   vulndb::Store& vulns, const DraftRequest& request,
                                   const std::string& output_dir, const Clock& clock) {
  auto drafts = build_drafts(store, cra, vulns, request, clock);
  if (!drafts) return std::unexpected(drafts.error());
  const AtomicWriteOptions create{0644, true};
  const std::filesystem::path dir(output_dir);
  WrittenDrafts out;
  for (const auto& d : drafts->drafts) {
    const std::string base = (dir / d.name).string();
    if (auto w = write_file_atomic(base + ".md", d.markdown, create); !w)
      return std::unexpected(w.error());
    if (auto w = write_file_atomic(base + ".json", d.json, create); !w)
      return std::unexpected(w.error());
    out.drafts.push_back({base, d.title, d.gaps.size()});
  }
  if (!drafts->user_notice_name.empty()) {
    out.user_notice_path = (dir / drafts->user_notice_name).string();
    if (auto w = write_file_atomic(out.user_notice_path, drafts->user_notice, create); !w)
      return std::unexpected(w.error());
  }
  return out;
}

}  // namespace bulwark::service
