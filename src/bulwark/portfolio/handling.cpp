// Triage and VEX import/export over the portfolio.
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/portfolio/service.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::portfolio {
namespace {

std::vector<std::string> ids_of(const StoredFinding& f) {
  std::vector<std::string> ids{to_upper(f.vuln_id)};
  for (const auto& a : f.aliases) ids.push_back(to_upper(a));
  return ids;
}

bool has_id(const StoredFinding& f, std::string_view id) {
  const std::string u = to_upper(id);
  for (const auto& x : ids_of(f))
    if (x == u) return true;
  return false;
}

// A component argument matches a finding by purl (with or without version), by identity, or by name.
bool component_matches(const StoredFinding& f, std::string_view component) {
  if (component.empty()) return true;
  if (component.starts_with("pkg:")) {
    const std::string id = purl_identity(component);
    if (id.empty() || id != f.identity) return false;
    auto p = purl::parse(component, purl::Mode::kPermissive);
    if (p && !p->version.empty()) {
      auto q = purl::parse(f.purl, purl::Mode::kPermissive);
      return q && q->version == p->version;
    }
    return true;
  }
  const auto at = f.component_label.rfind('@');
  const std::string name = to_lower(f.component_label.substr(0, at));
  return name == to_lower(component) || f.component_label == component || f.identity == component;
}

Component component_of(const StoredFinding& f) {
  Component c;
  c.purl = f.purl;
  const auto at = f.component_label.rfind('@');
  c.name = f.component_label.substr(0, at);
  if (at != std::string::npos) c.version = f.component_label.substr(at + 1);
  return c;
}

Result<void> validate_analysis(const Analysis& a) {
  if (a.state == AnalysisState::kNotAffected && a.justification == Justification::kNone && a.detail.empty())
    return invalid_input("not_affected needs a justification (--justification) or an impact statement (--detail)");
  if (a.state != AnalysisState::kNotAffected && a.justification != Justification::kNone)
    return invalid_input(fmt::format("a justification only goes with not_affected, not with {}", to_string(a.state)));
  static const std::set<std::string> kResponses{"can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"};
  for (const auto& r : a.responses)
    if (!kResponses.count(r))
      return invalid_input(fmt::format("unknown response '{}' (can_not_fix, will_not_fix, update, rollback, workaround_available)", r));
  return {};
}

}  // namespace

Result<TriageResult> triage(Store& store, const Target& target, const TriageRequest& req) {
  if (!target.release) return make_error(ErrorCode::kUsage, "triage needs PRODUCT@VERSION");
  if (auto v = validate_analysis(req.analysis); !v) return std::unexpected(v.error());
  auto findings = store.findings(target.release->id, false);
  if (!findings) return std::unexpected(findings.error());
  std::vector<const StoredFinding*> hits;
  for (const auto& f : *findings)
    if (has_id(f, req.vulnerability) && component_matches(f, req.component)) hits.push_back(&f);
  const std::string where = fmt::format("{}@{}", target.product.name, target.release->version);
  if (hits.empty())
    return not_found(fmt::format("no open finding {}{} in {} ({} open findings; `bulwark findings {}` lists them)",
                                 req.vulnerability, req.component.empty() ? "" : " on " + req.component, where,
                                 findings->size(), where));
  if (hits.size() > 1) {
    std::string list;
    for (const auto* h : hits) list += "\n  " + (h->purl.empty() ? h->component_label : h->purl);
    return make_error(ErrorCode::kUsage,
                      fmt::format("{} is in {} components of {}: name one with --component:{}", req.vulnerability,
                                  hits.size(), where, list));
  }
  const StoredFinding& f = *hits.front();
  AnalysisRecord rec;
  rec.product_id = target.product.id;
  rec.identity = f.identity;
  rec.vulnerability_ids = ids_of(f);
  if (req.scope == "all" || req.scope.empty()) {
    rec.versions.clear();
  } else if (req.scope == "release") {
    rec.versions = "=" + component_of(f).version;
  } else {
    if (auto v = validate_scope(req.scope); !v) return std::unexpected(v.error());
    rec.versions = req.scope;
    auto in = version_in_scope(rec.versions, component_of(f));
    if (!in) return std::unexpected(in.error());
    if (!*in)
      return invalid_input(fmt::format("--scope '{}' does not include the finding's version {}", req.scope,
                                       component_of(f).version));
  }
  rec.analysis = req.analysis;
  rec.origin = target.release->version;
  rec.source = "triage";
  auto saved = store.record_analysis(rec);
  if (!saved) return std::unexpected(saved.error());
  return TriageResult{*saved, f};
}

Result<VexImportReport> import_vex(Store& store, const Target& target, const VexDocument& doc,
                                   const std::string& source_name, const std::string& now) {
  VexImportReport rep;
  rep.statements = doc.statements.size();
  auto releases = store.releases(target.product.id);
  if (!releases) return std::unexpected(releases.error());
  struct Open {
    const Release* release;
    StoredFinding finding;
  };
  std::vector<Open> open;
  for (const auto& r : *releases) {
    if (target.release && r.id != target.release->id) continue;
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    for (auto& x : *f) open.push_back({&r, std::move(x)});
  }
  // Open findings by (component identity, each id of the group).
  std::unordered_multimap<std::uint64_t, const Open*> by_key;
  by_key.reserve(open.size() * 2);
  for (const auto& o : open) {
    by_key.emplace(finding_key(o.finding.identity, o.finding.vuln_id), &o);
    for (const auto& a : o.finding.aliases) by_key.emplace(finding_key(o.finding.identity, a), &o);
  }
  std::vector<AnalysisRecord> records;
  std::set<std::string> recorded_keys;
  std::set<std::int64_t> covered;
  for (const auto& s : doc.statements) {
    if (!s.product_version.empty() && target.release && s.product_version != target.release->version) {
      rep.unmatched.push_back(fmt::format("{}: {}: product version {} is not {}", s.location, s.vulnerability,
                                          s.product_version, target.release->version));
      continue;
    }
    std::vector<std::string> ids{to_upper(s.vulnerability)};
    for (const auto& a : s.aliases) ids.push_back(to_upper(a));
    bool applied = false;
    // Candidates: the open findings of the statement's components (by identity), then the exact rule.
    std::vector<const Open*> candidates;
    for (const auto& comp : s.components) {
      std::string ident = purl_identity(comp);
      if (ident.empty()) ident = comp;
      for (const auto& id : ids) {
        auto [lo, hi] = by_key.equal_range(finding_key(ident, id));
        for (auto it = lo; it != hi; ++it)
          if (it->second->finding.identity == ident) candidates.push_back(it->second);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (const Open* op : candidates) {
      const Open& o = *op;
      if (!s.product_version.empty() && !target.release && o.release->version != s.product_version) continue;
      if (!vex::statement_applies(s, o.finding.purl, ids_of(o.finding))) continue;
      applied = true;
      covered.insert(o.finding.id);
      // The statement's own component purl decides the version scope: with a version, that
      // version only; without, every version of the component.
      std::string versions;
      for (const auto& comp : s.components) {
        if (purl_identity(comp) != o.finding.identity) continue;
        auto p = purl::parse(comp, purl::Mode::kPermissive);
        if (p && !p->version.empty()) versions = "=" + p->version;
        break;
      }
      AnalysisRecord rec;
      rec.product_id = target.product.id;
      rec.identity = o.finding.identity;
      rec.vulnerability_ids = ids_of(o.finding);
      for (const auto& id : ids)
        if (std::find(rec.vulnerability_ids.begin(), rec.vulnerability_ids.end(), id) == rec.vulnerability_ids.end())
          rec.vulnerability_ids.push_back(id);
      rec.versions = versions;
      rec.analysis = s.analysis;
      if (rec.analysis.author.empty()) rec.analysis.author = doc.author;
      if (rec.analysis.timestamp.empty()) rec.analysis.timestamp = doc.timestamp.empty() ? now : doc.timestamp;
      rec.origin = target.release ? target.release->version : "";
      rec.source = "vex:" + source_name;
      const std::string key = rec.identity + "|" + rec.versions + "|" + to_upper(o.finding.vuln_id);
      if (recorded_keys.insert(key).second) records.push_back(std::move(rec));
    }
    if (applied) {
      ++rep.applied;
    } else {
      std::string comps;
      for (const auto& c : s.components) comps += (comps.empty() ? "" : ", ") + c;
      rep.unmatched.push_back(fmt::format("{}: {} on {}: no open finding of {} matches", s.location, s.vulnerability,
                                          comps.empty() ? "(no component)" : comps, target.product.name));
    }
  }
  auto done = store.transaction([&]() -> Result<void> {
    for (const auto& r : records) {
      auto saved = store.record_analysis(r);
      if (!saved) return std::unexpected(saved.error());
    }
    return {};
  });
  if (!done) return std::unexpected(done.error());
  rep.recorded = records.size();
  rep.findings = covered.size();
  return rep;
}

Result<VexDocument> export_vex(Store& store, const Target& target, const std::string& author, const std::string& now) {
  VexDocument doc;
  doc.author = author.empty() ? (target.product.vendor.empty() ? target.product.name : target.product.vendor) : author;
  doc.timestamp = now;
  doc.version = "1";
  doc.id = fmt::format("{}{}-vex", target.product.name, target.release ? "-" + target.release->version : "");
  auto records = store.analyses(target.product.id);
  if (!records) return std::unexpected(records.error());
  std::vector<StoredFinding> release_findings;
  if (target.release) {
    auto f = store.findings(target.release->id, false);
    if (!f) return std::unexpected(f.error());
    release_findings = std::move(*f);
  }
  for (const auto& a : *records) {
    VexStatement s;
    s.vulnerability = a.vulnerability_ids.front();
    for (const auto& id : a.vulnerability_ids)
      if (id.starts_with("CVE-")) s.vulnerability = id;
    for (const auto& id : a.vulnerability_ids)
      if (id != s.vulnerability) s.aliases.push_back(id);
    s.product = target.product.name;
    s.analysis = a.analysis;
    if (target.release) {
      s.product_version = target.release->version;
      // Only analyses that apply to this release's findings, named by the findings' purls.
      for (const auto& f : release_findings) {
        if (f.identity != a.identity) continue;
        bool shared = false;
        for (const auto& id : ids_of(f))
          if (std::find(a.vulnerability_ids.begin(), a.vulnerability_ids.end(), id) != a.vulnerability_ids.end()) shared = true;
        if (!shared) continue;
        auto in = version_in_scope(a.versions, component_of(f));
        if (!in) return std::unexpected(in.error());
        if (*in && !f.purl.empty()) s.components.push_back(f.purl);
      }
      if (s.components.empty()) continue;
    } else if (a.versions.empty() || !a.versions.starts_with("=") || a.versions.find(',') != std::string::npos) {
      // Every version (or a range a purl cannot carry: documented as lossy in docs/vex.md).
      if (a.identity.starts_with("name:")) continue;  // no purl to name the component by
      s.components.push_back(a.identity);
    } else {
      if (a.identity.starts_with("name:")) continue;
      s.components.push_back(a.identity + "@" + a.versions.substr(1));
    }
    s.location = fmt::format("analysis {}", a.id);
    doc.statements.push_back(std::move(s));
  }
  return doc;
}

Result<VexDocument> read_vex_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  auto fmt = vex::sniff(*text);
  if (!fmt)
    return unsupported(fmt::format("{}: not a VEX document Bulwark reads (OpenVEX, CycloneDX VEX, CSAF VEX)", path));
  switch (*fmt) {
    case VexFormat::kOpenVex: return vex::read_openvex(*text, path);
    case VexFormat::kCycloneDx: return vex::read_cyclonedx_vex(*text, path);
    case VexFormat::kCsaf: return csaf::read_vex(*text, path);
  }
  return unsupported(path + ": unknown VEX format");
}

Result<std::string> write_vex(const VexDocument& doc, VexFormat format, const Product* product) {
  switch (format) {
    case VexFormat::kOpenVex: return vex::write_openvex(doc);
    case VexFormat::kCycloneDx: return vex::write_cyclonedx_vex(doc);
    case VexFormat::kCsaf: {
      csaf::VexCsafOptions o;
      o.tracking_id = doc.id;
      o.publisher_name = doc.author;
      if (product) {
        o.publisher_namespace = product->website;
        o.publisher_contact = product->security_contact;
      }
      if (o.publisher_namespace.empty())
        return invalid_input("CSAF needs the publisher's https URL: set it with `bulwark product add ... --website URL`");
      o.initial_release_date = o.current_release_date = doc.timestamp;
      o.revisions.push_back({doc.version.empty() ? "1" : doc.version, doc.timestamp, "Initial version"});
      return csaf::write_vex(doc, o);
    }
  }
  return unsupported("unknown VEX format");
}

}  // namespace bulwark::portfolio
