// Scan orchestration: resolve components, look each distinct package up once, evaluate, merge
// aliases into one finding per component and vulnerability.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/match/eval_cache.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/match/severity.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::match {
namespace {

// Does an affected entry's ecosystem suffix ("12", "22.04:LTS", "v3.20") fit the component's
// distro release? Unknown on either side fits (the scan notes the missing release).
bool release_fits(std::string_view eco_base, std::string_view suffix, std::string_view release) {
  if (release.empty() || suffix.empty()) return true;
  if (eco_base == "Debian" || eco_base == "Alpine") return suffix == release;
  for (auto token : split(suffix, ':')) {
    if (token == release) return true;
    // "Red Hat:enterprise_linux:9::appstream", "AlmaLinux:9", "Rocky Linux:8"
    if (token.size() > release.size() && token.starts_with(release) && token[release.size()] == '.')
      return true;
  }
  if (eco_base == "SUSE" || eco_base == "openSUSE") return true;  // product names, not numbers
  return false;
}

std::string distro_hint_of(const Sbom& sbom) {
  auto from = [](const Component& c) -> std::string {
    if (c.type != "operating-system" || c.name.empty()) return {};
    return to_lower(c.name) + "-" + c.version;
  };
  if (sbom.subject) {
    if (auto h = from(*sbom.subject); !h.empty()) return h;
  }
  for (const auto& c : sbom.components)
    if (auto h = from(c); !h.empty()) return h;
  return {};
}

struct Hit {
  std::shared_ptr<const OsvRecord> record;
  const OsvAffected* affected;
  Evaluation evaluation;
  std::string matched_by;
};

// Groups hits whose records share an id or alias (disjoint-set over hit indices).
std::vector<std::vector<std::size_t>> group_by_alias(const std::vector<Hit>& hits) {
  std::vector<std::size_t> parent(hits.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::unordered_map<std::string, std::size_t> owner;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    auto join = [&](const std::string& id) {
      auto [it, inserted] = owner.emplace(id, i);
      if (!inserted) parent[find(i)] = find(it->second);
    };
    join(hits[i].record->id);
    for (const auto& a : hits[i].record->aliases) join(a);
    for (const auto& u : hits[i].record->upstream) join(u);  // ALPINE-CVE-x / DEBIAN-CVE-x
  }
  std::map<std::size_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < hits.size(); ++i) groups[find(i)].push_back(i);
  std::vector<std::vector<std::size_t>> out;
  for (auto& [root, members] : groups) out.push_back(std::move(members));
  return out;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::shared_ptr<const FindingCore> make_finding(const std::vector<Hit>& hits,
                                               const std::vector<std::size_t>& members) {
  auto core = std::make_shared<FindingCore>();
  FindingCore& f = *core;
  std::set<std::string> ids;
  for (auto i : members) {
    const Hit& h = hits[i];
    const OsvRecord& r = *h.record;
    ids.insert(r.id);
    for (const auto& a : r.aliases) ids.insert(a);
    for (const auto& u : r.upstream) ids.insert(u);
    add_unique(f.record_ids, r.id);
    if (f.summary.empty()) f.summary = r.summary;
    if (f.published.empty() || (!r.published.empty() && r.published < f.published))
      f.published = r.published;
    if (r.modified > f.modified) f.modified = r.modified;
    for (const auto& fx : h.evaluation.fixed) add_unique(f.fixed_versions, fx);
    for (const auto& ref : r.references) add_unique(f.references, ref);
    for (const auto& cwe : r.cwes) add_unique(f.cwes, cwe);
    SeverityInfo sev = severity_of(r, *h.affected);
    if (sev.score > f.cvss_score) {
      f.cvss_score = sev.score;
      f.cvss_vector = sev.vector;
      f.severity = sev.severity;
    } else if (f.cvss_score < 0 && severity_rank(sev.severity) > severity_rank(f.severity)) {
      f.severity = sev.severity;
      if (f.cvss_vector.empty()) f.cvss_vector = sev.vector;
    }
    f.evidence.push_back(
        {r.id, h.affected->ecosystem, h.affected->name, h.matched_by, h.evaluation.range});
  }
  if (f.severity.empty()) f.severity = "UNKNOWN";
  std::sort(f.record_ids.begin(), f.record_ids.end());
  // Preferred id: the CVE when the group has one, else the smallest record id.
  for (const auto& id : ids)
    if (id.starts_with("CVE-")) {
      f.id = id;
      break;
    }
  if (f.id.empty()) f.id = f.record_ids.front();
  for (const auto& id : ids)
    if (id != f.id) f.aliases.push_back(id);
  return core;
}

}  // namespace

Result<ScanResult> scan(const Sbom& sbom, vulndb::Store& store) {
  auto count = store.record_count();
  if (!count) return std::unexpected(count.error());
  if (*count == 0)
    return db_error("the vulnerability database is empty: import data first (bulwark db import)");
  auto ecos = store.ecosystems();
  if (!ecos) return std::unexpected(ecos.error());
  const std::set<std::string> covered(ecos->begin(), ecos->end());

  ScanResult result;
  ScanSummary& sum = result.summary;
  sum.components = sbom.components.size();
  const std::string hint = distro_hint_of(sbom);

  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::vector<vulndb::Candidate>> cache;
  // Components often repeat a package at the same version (one library in many places): the
  // evaluated findings are kept per (ecosystem, name, release, version, matched_by).
  struct Outcome {
    std::vector<std::shared_ptr<const FindingCore>> findings;
    std::string version_error;
  };
  std::unordered_map<std::string, Outcome> outcomes;
  EvalCache eval_cache;
  std::set<std::string> notes;
  std::set<std::string> git_records;

  for (std::size_t ci = 0; ci < sbom.components.size(); ++ci) {
    const Component& comp = sbom.components[ci];
    Resolution res = resolve(comp, hint);
    if (!res.key) {
      sum.uncovered.push_back({ci, res.reason});
      continue;
    }
    const PackageKey& key = *res.key;
    if (!covered.count(key.ecosystem_base)) {
      sum.uncovered.push_back({ci, "the database has no records for ecosystem " + key.ecosystem_base});
      continue;
    }
    ++sum.resolved;
    if (ecosystem::is_distro(key.ecosystem_base) && key.release.empty())
      notes.insert(key.ecosystem_base +
                   " release unknown for some components (no distro qualifier or OS component): "
                   "they were matched against every release's records");
    std::string outcome_key = key.ecosystem_base + '\x1f' + key.name + '\x1f' + key.release +
                              '\x1f' + key.version + '\x1f' + key.matched_by;
    auto oit = outcomes.find(outcome_key);
    if (oit == outcomes.end()) {
      Key k{key.ecosystem_base, key.name};
      auto it = cache.find(k);
      if (it == cache.end()) {
        auto found = store.find(key.ecosystem_base, key.name);
        if (!found) return std::unexpected(found.error());
        it = cache.emplace(k, std::move(*found)).first;
      }
      Outcome outcome;
      std::vector<Hit> hits;
      for (const auto& cand : it->second) {
        const OsvAffected& aff = cand.record->affected[cand.affected_index];
        auto suffix = ecosystem::split(aff.ecosystem).suffix;
        if (!release_fits(key.ecosystem_base, suffix, key.release)) continue;
        auto ev = evaluate(aff, key.version, &eval_cache);
        if (!ev) {
          outcome.version_error = ev.error().message;
          continue;
        }
        for (const auto& n : ev->notes) notes.insert(cand.record->id + ": " + n);
        if (ev->git_skipped) git_records.insert(cand.record->id);
        if (ev->affected) hits.push_back({cand.record, &aff, std::move(*ev), key.matched_by});
      }
      if (!hits.empty()) {
        outcome.version_error.clear();
        for (const auto& members : group_by_alias(hits))
          outcome.findings.push_back(make_finding(hits, members));
      }
      oit = outcomes.emplace(std::move(outcome_key), std::move(outcome)).first;
    }
    const Outcome& outcome = oit->second;
    if (!outcome.version_error.empty()) {
      sum.uncovered.push_back(
          {ci, "version '" + key.version + "' could not be evaluated: " + outcome.version_error});
      continue;
    }
    if (outcome.findings.empty()) continue;
    ++sum.matched_components;
    for (const auto& core : outcome.findings) result.findings.push_back({ci, core});
  }
  sum.findings = result.findings.size();
  if (!git_records.empty())
    notes.insert(std::to_string(git_records.size()) +
                 " candidate record(s) have GIT commit ranges, which are not evaluated offline; "
                 "their version ranges and version lists were (e.g. " + *git_records.begin() + ")");
  sum.notes.assign(notes.begin(), notes.end());
  return result;
}

}  // namespace bulwark::match
