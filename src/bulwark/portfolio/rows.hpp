// Internal to the portfolio store implementations: the row mappers of the portfolio tables,
// written once for both backends. `Row` is a SQLite statement positioned on a row
// (vulndb::detail::Statement) or a PostgreSQL row (pg::Rows::Row): text(i), integer(i),
// boolean(i). The column orders are the SELECT lists named above each mapper.
#pragma once

#include <string>
#include <vector>

#include "bulwark/core/words.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::portfolio::detail {

// Space-separated id lists (aliases, vulnerability ids, responses).
inline std::vector<std::string> split_ids(std::string_view s) { return split_nonempty(s, ' '); }

// Whether a count of findings is every open finding of one release, which both backends keep
// on the release row (release.open_findings, -1 while not known) instead of counting.
inline bool counts_open_findings_of_release(const FindingQuery& q) {
  return q.after_id == 0 && q.priorities.empty() && q.severities.empty() && !q.kev && q.plain();
}

// id, name, vendor, cra_class, security_contact, website, support_years, description, created_at
template <class Row>
Product read_product(const Row& r) {
  Product p;
  p.id = r.integer(0);
  p.name = r.text(1);
  p.vendor = r.text(2);
  p.cra_class = r.text(3);
  p.security_contact = r.text(4);
  p.website = r.text(5);
  p.support_years = static_cast<int>(r.integer(6));
  p.description = r.text(7);
  p.created_at = r.text(8);
  return p;
}

// r.id, r.product_id, p.name, r.version, r.released_at, r.support_end, r.support_rationale,
// r.sbom_name, r.sbom_format, r.sbom_sha256, r.components, r.created_at
template <class Row>
Release read_release(const Row& row) {
  Release r;
  r.id = row.integer(0);
  r.product_id = row.integer(1);
  r.product = row.text(2);
  r.version = row.text(3);
  r.released_at = row.text(4);
  r.support_end = row.text(5);
  r.support_rationale = row.text(6);
  r.sbom_name = row.text(7);
  r.sbom_format = row.text(8);
  r.sbom_sha256 = row.text(9);
  r.components = static_cast<std::size_t>(row.integer(10));
  r.created_at = row.text(11);
  return r;
}

// f.id, f.release_id, f.component_key, f.component_label, f.purl, f.identity, f.vuln_id,
// f.aliases, f.severity, f.priority, f.kev, f.fingerprint, f.first_seen, last_seen (the release's
// last match for open findings), f.resolved_at, f.priority_reason
template <class Row>
StoredFinding read_finding(const Row& r) {
  StoredFinding f;
  f.id = r.integer(0);
  f.release_id = r.integer(1);
  f.component_key = r.text(2);
  f.component_label = r.text(3);
  f.purl = r.text(4);
  f.identity = r.text(5);
  f.vuln_id = r.text(6);
  f.aliases = split_ids(r.text(7));
  f.severity = r.text(8);
  f.priority = r.text(9);
  f.kev = r.boolean(10);
  f.fingerprint = r.text(11);
  f.first_seen = r.text(12);
  f.last_seen = r.text(13);
  f.resolved_at = r.text(14);
  f.priority_reason = r.text(15);
  return f;
}

// From column c: state, justification, responses, detail, action_statement, author, timestamp
template <class Row>
Analysis read_analysis(const Row& r, int c) {
  Analysis a;
  a.state = analysis_state_from_string(r.text(c)).value_or(AnalysisState::kUnderInvestigation);
  a.justification = justification_from_string(r.text(c + 1)).value_or(Justification::kNone);
  a.responses = split_ids(r.text(c + 2));
  a.detail = r.text(c + 3);
  a.action_statement = r.text(c + 4);
  a.author = r.text(c + 5);
  a.timestamp = r.text(c + 6);
  return a;
}

// id, product_id, identity, vuln_ids, versions, origin, source, then read_analysis's columns
template <class Row>
AnalysisRecord read_analysis_record(const Row& r) {
  AnalysisRecord a;
  a.id = r.integer(0);
  a.product_id = r.integer(1);
  a.identity = r.text(2);
  a.vulnerability_ids = split_ids(r.text(3));
  a.versions = r.text(4);
  a.origin = r.text(5);
  a.source = r.text(6);
  a.analysis = read_analysis(r, 7);
  return a;
}

// analysis_id, recorded_at, identity, vuln_ids, versions, origin, source, then read_analysis's
// columns
template <class Row>
HistoryEntry read_history_entry(const Row& r) {
  HistoryEntry h;
  h.analysis_id = r.integer(0);
  h.recorded_at = r.text(1);
  h.identity = r.text(2);
  h.vulnerability_ids = split_ids(r.text(3));
  h.versions = r.text(4);
  h.origin = r.text(5);
  h.source = r.text(6);
  h.analysis = read_analysis(r, 7);
  return h;
}

}  // namespace bulwark::portfolio::detail
