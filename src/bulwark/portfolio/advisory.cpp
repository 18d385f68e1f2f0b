// CSAF security advisory input from the portfolio: which releases are affected, fixed or not
// affected by the given vulnerabilities, with scores, CWEs and exploitation from the database.
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::portfolio {
namespace {

std::string product_id_for(const Release& r) {
  std::string id = "CSAFPID-" + r.product + "-" + r.version;
  for (auto& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  return id;
}

std::string purl_segment(std::string_view s) {
  std::string out;
  for (char c : to_lower(s)) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ? c : '-';
  return out;
}

struct VulnFacts {
  const match::FindingCore* core = nullptr;
  std::set<std::string> affected, not_affected, fixed, investigating;
  std::vector<std::string> components;  // labels of affected components
};

}  // namespace

Result<AdvisoryInput> build_advisory(Store& store, vulndb::Store& vulns, const Product& product, const AdvisoryRequest& req) {
  if (req.vulnerabilities.empty()) return make_error(ErrorCode::kUsage, "advisory create needs at least one vulnerability");
  if (product.website.empty() || !product.website.starts_with("https://"))
    return invalid_input(fmt::format("product '{}' has no https website: CSAF needs the publisher namespace "
                                     "(bulwark product add {} --website https://...)", product.name, product.name));
  auto releases = store.releases(product.id);
  if (!releases) return std::unexpected(releases.error());
  if (releases->empty()) return invalid_input(fmt::format("product '{}' has no releases", product.name));
  for (const auto& v : req.fixed_in)
    if (std::none_of(releases->begin(), releases->end(), [&](const Release& r) { return r.version == v; }))
      return not_found(fmt::format("--fixed-in {}: product '{}' has no such release", v, product.name));

  AdvisoryInput in;
  in.publisher_name = product.vendor.empty() ? product.name : product.vendor;
  in.publisher_namespace = product.website;
  in.publisher_contact = product.security_contact;
  in.status = req.status;
  in.initial_release_date = in.current_release_date = req.now;
  const std::string year = req.now.substr(0, 4);
  in.tracking_id = req.tracking_id;

  std::map<std::string, VulnFacts> facts;  // keyed by the requested id (upper case)
  std::vector<ReleaseView> views;
  views.reserve(releases->size());
  for (const auto& r : *releases) {
    AdvisoryProduct p;
    p.product_id = product_id_for(r);
    p.vendor = in.publisher_name;
    p.name = product.name;
    p.version = r.version;
    p.purl = fmt::format("pkg:generic/{}/{}@{}", purl_segment(p.vendor), purl_segment(product.name), r.version);
    in.products.push_back(p);
    ViewOptions vo;
    vo.show_suppressed = true;
    vo.today = req.today;
    auto view = release_view(store, vulns, product, r, vo);
    if (!view) return std::unexpected(view.error());
    views.push_back(std::move(*view));
    const ReleaseView& v = views.back();
    const bool fixed_release = std::find(req.fixed_in.begin(), req.fixed_in.end(), r.version) != req.fixed_in.end();
    for (const auto& want : req.vulnerabilities) {
      VulnFacts& vf = facts[to_upper(want)];
      bool found = false;
      for (std::size_t i = 0; i < v.result.findings.size(); ++i) {
        const auto& f = v.result.findings[i];
        bool match = to_upper(f->id) == to_upper(want);
        for (const auto& a : f->aliases) match = match || to_upper(a) == to_upper(want);
        if (!match) continue;
        found = true;
        if (!vf.core) vf.core = f.core.get();
        const auto& st = v.statuses[i];
        const AnalysisState state = st.analysis ? st.analysis->state : AnalysisState::kAffected;
        if (state == AnalysisState::kNotAffected || state == AnalysisState::kFalsePositive) {
          vf.not_affected.insert(p.product_id);
        } else if (state == AnalysisState::kFixed) {
          vf.fixed.insert(p.product_id);
        } else if (state == AnalysisState::kUnderInvestigation && st.analysis) {
          vf.investigating.insert(p.product_id);
        } else {
          vf.affected.insert(p.product_id);
          vf.components.push_back(v.sbom.components[f.component].name + "@" + v.sbom.components[f.component].version);
        }
      }
      if (!found && fixed_release) vf.fixed.insert(p.product_id);
    }
  }
  for (const auto& want : req.vulnerabilities) {
    VulnFacts& vf = facts[to_upper(want)];
    if (!vf.core)
      return not_found(fmt::format("{} is not a finding of any release of {} (bulwark findings {}@VERSION)", want,
                                   product.name, product.name));
    // A release listed as fixed is fixed even when some analysis said otherwise.
    for (const auto& id : vf.fixed) {
      vf.affected.erase(id);
      vf.investigating.erase(id);
    }
    AdvisoryVulnerability av;
    const match::FindingCore& c = *vf.core;
    std::vector<std::string> ids{c.id};
    ids.insert(ids.end(), c.aliases.begin(), c.aliases.end());
    for (const auto& id : ids) {
      if (id.starts_with("CVE-") && av.cve.empty()) av.cve = id;
      else av.ids.push_back(id);
    }
    av.title = c.summary.empty() ? c.id : c.summary;
    av.description = c.summary;
    // CSAF's cwe needs the weakness name, which the database does not hold: the ids go into the text.
    if (!c.cwes.empty()) {
      std::string w;
      for (const auto& x : c.cwes) w += (w.empty() ? "" : ", ") + x;
      av.description += (av.description.empty() ? "" : " ") + std::string("Weakness: ") + w + ".";
    }
    for (const auto& s : c.cvss_all)
      if (s.version.starts_with("3") || s.version == "4.0") av.scores.push_back({s.vector, s.score, s.severity});
    av.known_affected.assign(vf.affected.begin(), vf.affected.end());
    av.fixed.assign(vf.fixed.begin(), vf.fixed.end());
    av.known_not_affected.assign(vf.not_affected.begin(), vf.not_affected.end());
    av.under_investigation.assign(vf.investigating.begin(), vf.investigating.end());
    if (!av.known_affected.empty()) {
      AdvisoryRemediation rem;
      if (!req.fixed_in.empty()) {
        rem.category = "vendor_fix";
        rem.details = "Update to " + product.name + " " + req.fixed_in.front() + " or later.";
        rem.url = req.remediation_url.empty() ? product.website : req.remediation_url;
      } else {
        rem.category = "none_available";
        rem.details = "No fixed release is available yet.";
      }
      rem.product_ids = av.known_affected;
      av.remediations.push_back(std::move(rem));
    }
    if (c.kev)
      av.exploitation = fmt::format("Listed in the CISA Known Exploited Vulnerabilities catalog since {}{}.",
                                    c.kev_date_added, c.kev_ransomware ? "; known to be used in ransomware campaigns" : "");
    if (!vf.components.empty()) {
      std::sort(vf.components.begin(), vf.components.end());
      vf.components.erase(std::unique(vf.components.begin(), vf.components.end()), vf.components.end());
      std::string list;
      for (const auto& x : vf.components) list += (list.empty() ? "" : ", ") + x;
      av.impact = "Affected component(s): " + list + ".";
    }
    for (const auto& r : c.references)
      if (r.starts_with("https://") && av.references.size() < 10) av.references.push_back(r);
    in.vulnerabilities.push_back(std::move(av));
  }
  if (in.tracking_id.empty()) {
    auto existing = store.advisories(product.id);
    if (!existing) return std::unexpected(existing.error());
    in.tracking_id = fmt::format("{}-SA-{}-{:04}", to_upper(product.name), year, existing->size() + 1);
  }
  in.title = req.title.empty() ? fmt::format("Vulnerabilities in {}: {}", product.name, [&] {
    std::string s;
    for (const auto& v : req.vulnerabilities) s += (s.empty() ? "" : ", ") + v;
    return s;
  }())
                               : req.title;
  in.summary = req.summary.empty()
                   ? fmt::format("{} informs about vulnerabilities in {} and the releases that fix them.", in.publisher_name, product.name)
                   : req.summary;
  in.revisions.push_back({"1", req.now, "Initial version"});
  return in;
}

}  // namespace bulwark::portfolio
