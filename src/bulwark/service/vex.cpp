// VEX import and export over the portfolio.
#include "bulwark/service/vex.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::service {

using portfolio::AnalysisRecord;
using portfolio::finding_key;
using portfolio::purl_identity;
using portfolio::Release;
using portfolio::StoredFinding;
using portfolio::version_in_scope;

Result<VexImportReport> import_vex(portfolio::Store& store, const Target& target,
                                   const VexDocument& doc, const std::string& source_name,
                                   const std::string& now) {
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
    if (!s.product_version.empty() && target.release &&
        s.product_version != target.release->version) {
      rep.unmatched.push_back(fmt::format("{}: {}: product version {} is not {}", s.location,
                                          s.vulnerability, s.product_version,
                                          target.release->version));
      continue;
    }
    std::vector<std::string> ids{to_upper(s.vulnerability)};
    for (const auto& a : s.aliases) ids.push_back(to_upper(a));
    bool applied = false;
    // Candidates: the open findings of the statement's components (by identity), then the exact
    // rule.
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
      if (!s.product_version.empty() && !target.release && o.release->version != s.product_version)
        continue;
      if (!vex::statement_applies(s, o.finding.purl, portfolio::finding_ids(o.finding))) continue;
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
      rec.vulnerability_ids = portfolio::finding_ids(o.finding);
      for (const auto& id : ids)
        if (std::find(rec.vulnerability_ids.begin(), rec.vulnerability_ids.end(), id) ==
            rec.vulnerability_ids.end())
          rec.vulnerability_ids.push_back(id);
      rec.versions = versions;
      rec.analysis = s.analysis;
      if (rec.analysis.author.empty()) rec.analysis.author = doc.author;
      if (rec.analysis.timestamp.empty())
        rec.analysis.timestamp = doc.timestamp.empty() ? now : doc.timestamp;
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
      rep.unmatched.push_back(fmt::format("{}: {} on {}: no open finding of {} matches", s.location,
                                          s.vulnerability, comps.empty() ? "(no component)" : comps,
                                          target.product.name));
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

Result<VexDocument> export_vex(portfolio::Store& store, const Target& target,
                               const std::string& author, const std::string& now) {
  VexDocument doc;
  doc.author = author.empty()
                   ? (target.product.vendor.empty() ? target.product.name : target.product.vendor)
                   : author;
  doc.timestamp = now;
  doc.version = "1";
  doc.id = fmt::format("{}{}-vex", target.product.name,
                       target.release ? "-" + target.release->version : "");
  auto records = store.analyses(target.product.id);
  if (!records) return std::unexpected(records.error());
  std::vector<StoredFinding> release_findings;
  if (target.release) {
    auto f = store.findings(target.release->id, false);
    if (!f) return std::unexpected(f.error());
    release_findings = std::move(*f);
  }
  // The store keys analyses by upper-cased ids (compared case-insensitively); identifiers are
  // written as published: the spelling of the product's findings (the advisory's own) is used.
  std::unordered_map<std::string, std::string> published;  // upper case -> as published
  auto releases = store.releases(target.product.id);
  if (!releases) return std::unexpected(releases.error());
  for (const auto& r : *releases) {
    auto f = store.findings(r.id, false);
    if (!f) return std::unexpected(f.error());
    for (const auto& x : *f) {
      published.emplace(to_upper(x.vuln_id), x.vuln_id);
      for (const auto& alias : x.aliases) published.emplace(to_upper(alias), alias);
    }
  }
  auto as_published = [&](const std::string& id) {
    auto it = published.find(to_upper(id));
    return it == published.end() ? id : it->second;
  };
  for (const auto& a : *records) {
    VexStatement s;
    s.vulnerability = as_published(a.vulnerability_ids.front());
    for (const auto& id : a.vulnerability_ids)
      if (to_upper(id).starts_with("CVE-")) s.vulnerability = as_published(id);
    for (const auto& id : a.vulnerability_ids)
      if (!equals_icase(id, s.vulnerability)) s.aliases.push_back(as_published(id));
    s.product = target.product.name;
    s.analysis = a.analysis;
    if (target.release) {
      s.product_version = target.release->version;
      // Only analyses that apply to this release's findings, named by the findings' purls.
      for (const auto& f : release_findings) {
        if (f.identity != a.identity) continue;
        if (!shares_id(portfolio::finding_ids(f), a.vulnerability_ids)) continue;
        auto in = version_in_scope(a.versions, portfolio::finding_component(f));
        if (!in) return std::unexpected(in.error());
        if (*in && !f.purl.empty()) s.components.push_back(f.purl);
      }
      if (s.components.empty()) continue;
    } else if (a.versions.empty() || !a.versions.starts_with("=") ||
               a.versions.find(',') != std::string::npos) {
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

Result<VexDocument> read_vex(std::string_view text, const std::string& name) {
  auto fmt = vex::sniff(text);
  if (!fmt)
    return unsupported(fmt::format(
        "{}: not a VEX document Bulwark reads (OpenVEX, CycloneDX VEX, CSAF VEX)", name));
  switch (*fmt) {
    case VexFormat::kOpenVex:
      return vex::read_openvex(text, name);
    case VexFormat::kCycloneDx:
      return vex::read_cyclonedx_vex(text, name);
    case VexFormat::kCsaf:
      return csaf::read_vex(text, name);
  }
  return unsupported(name + ": unknown VEX format");
}

Result<VexDocument> read_vex_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return read_vex(*text, path);
}

Result<VexUpload> load_vex_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return VexUpload{std::filesystem::path(path).filename().string(), std::move(*text)};
}

Result<std::string> write_vex(const VexDocument& doc, VexFormat format,
                              const portfolio::Product* product) {
  switch (format) {
    case VexFormat::kOpenVex:
      return vex::write_openvex(doc);
    case VexFormat::kCycloneDx:
      return vex::write_cyclonedx_vex(doc);
    case VexFormat::kCsaf: {
      csaf::VexCsafOptions o;
      o.tracking_id = doc.id;
      o.publisher_name = doc.author;
      if (product) {
        o.publisher_namespace = product->website;
        o.publisher_contact = product->security_contact;
      }
      if (o.publisher_namespace.empty())
        return invalid_input("CSAF needs the publisher's https URL: the product has no website");
      o.initial_release_date = o.current_release_date = doc.timestamp;
      o.revisions.push_back(
          {doc.version.empty() ? "1" : doc.version, doc.timestamp, "Initial version"});
      return csaf::write_vex(doc, o);
    }
  }
  return unsupported("unknown VEX format");
}

Result<std::vector<VexImportReport>> import_vex(portfolio::Store& store,
                                                const VexImportRequest& request,
                                                const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto t = resolve_target(store, request.target, false);
  if (!t) return std::unexpected(t.error());
  // Read every document first: one unreadable document changes nothing.
  struct Doc {
    std::string label, source;
    VexDocument doc;
  };
  std::vector<Doc> docs;
  for (const auto& path : request.paths) {
    auto d = read_vex_file(path);
    if (!d) return std::unexpected(d.error());
    docs.push_back({path, std::filesystem::path(path).filename().string(), std::move(*d)});
  }
  for (const auto& up : request.documents) {
    auto d = read_vex(up.bytes, up.name);
    if (!d) return std::unexpected(d.error());
    docs.push_back({up.name, up.name, std::move(*d)});
  }
  std::vector<VexImportReport> out;
  for (const auto& d : docs) {
    auto rep = import_vex(store, *t, d.doc, d.source, *now);
    if (!rep) return std::unexpected(rep.error());
    rep->document = d.label;
    out.push_back(std::move(*rep));
  }
  return out;
}

Result<VexExport> export_vex(portfolio::Store& store, const VexExportRequest& request,
                             const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto t = resolve_target(store, request.target, false);
  if (!t) return std::unexpected(t.error());
  auto doc = export_vex(store, *t, request.author, *now);
  if (!doc) return std::unexpected(doc.error());
  auto text = write_vex(*doc, request.format, &t->product);
  if (!text) return std::unexpected(text.error());
  return VexExport{std::move(*doc), std::move(*text)};
}

}  // namespace bulwark::service
