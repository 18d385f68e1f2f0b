// Scan orchestration: resolve components, look each distinct package up once, evaluate, merge
// aliases into one finding per component and vulnerability.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/match/cpe_matcher.hpp"
#include "bulwark/match/eval_cache.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/match/severity.hpp"
#include "bulwark/match/snapshot_scan.hpp"
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

std::string first_line(std::string_view text) {
  auto nl = text.find('\n');
  std::string line(text.substr(0, nl));
  if (line.size() > 200) {
    // Cut at a character boundary: never inside a UTF-8 sequence (continuation bytes 10xxxxxx).
    std::size_t cut = 197;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    line = line.substr(0, cut) + "...";
  }
  return line;
}

std::string fmt_confidence(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, " (confidence %.2f)", c);
  return buf;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// full: everything a report shows; otherwise only what a stored snapshot needs (see
// snapshot_scan.hpp): no references, CWEs, evidence, summary or dates.
std::shared_ptr<FindingCore> make_finding(const std::vector<Hit>& hits,
                                          const std::vector<std::size_t>& members, bool full) {
  auto core = std::make_shared<FindingCore>();
  FindingCore& f = *core;
  std::set<std::string> ids;
  std::string word_severity;  // the advisories' own words, used when no CVSS score is known
  for (auto i : members) {
    const Hit& h = hits[i];
    const OsvRecord& r = *h.record;
    ids.insert(r.id);
    for (const auto& a : r.aliases) ids.insert(a);
    for (const auto& u : r.upstream) ids.insert(u);  // ALPINE-CVE-x / DEBIAN-CVE-x
    add_unique(f.record_ids, r.id);
    for (const auto& fx : h.evaluation.fixed) add_unique(f.fixed_versions, fx);
    add_osv_cvss(r, f.cvss_all);
    for (auto w : {normalize_severity_word(h.affected->severity),
                   normalize_severity_word(r.database_severity)})
      if (severity_rank(w) > severity_rank(word_severity)) word_severity = w;
    if (!full) continue;
    if (f.summary.empty()) f.summary = r.summary.empty() ? first_line(r.details) : r.summary;
    if (f.published.empty() || (!r.published.empty() && r.published < f.published))
      f.published = r.published;
    if (r.modified > f.modified) f.modified = r.modified;
    if (members.size() == 1) {
      f.references = r.references;
      f.cwes = r.cwes;
    } else {
      for (const auto& ref : r.references) add_unique(f.references, ref);
      for (const auto& cwe : r.cwes) add_unique(f.cwes, cwe);
    }
    f.evidence.push_back(
        {r.id, h.affected->ecosystem, h.affected->name, h.matched_by, h.evaluation.range});
  }
  f.severity = word_severity.empty() ? "UNKNOWN" : word_severity;
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

// KEV, EPSS and NVD data for one CVE, looked up once per scan.
struct CveData {
  std::optional<vulndb::KevEntry> kev;
  std::optional<vulndb::EpssEntry> epss;
  std::optional<vulndb::NvdRecord> nvd;
};

class Enricher {
 public:
  Enricher(vulndb::Store& store, const ScanOptions& options, bool full)
      : store_(store),
        options_(options),
        full_(full),
        policy_(options.policy ? *options.policy : risk::default_policy()) {}

  Result<void> enrich(FindingCore& f, const risk::Reach* reach) {
    std::vector<std::string> cves;
    if (f.id.starts_with("CVE-")) cves.push_back(f.id);
    for (const auto& a : f.aliases)
      if (a.starts_with("CVE-")) cves.push_back(a);
    for (const auto& cve : cves) {
      auto data = lookup(cve);
      if (!data) return std::unexpected(data.error());
      const CveData& d = **data;
      if (d.kev && !f.kev) {
        f.kev = true;
        f.kev_date_added = d.kev->date_added;
        f.kev_due_date = d.kev->due_date;
      }
      if (d.kev && d.kev->ransomware == "Known") f.kev_ransomware = true;
      if (d.epss && (!f.epss || d.epss->score > *f.epss)) {
        f.epss = d.epss->score;
        f.epss_percentile = d.epss->percentile;
        f.epss_date = d.epss->score_date;
      }
      if (d.nvd && !d.nvd->rejected()) {
        add_nvd_cvss(*d.nvd, f.cvss_all);
        if (!full_) continue;
        if (f.summary.empty()) f.summary = first_line(d.nvd->description);
        for (const auto& cwe : d.nvd->cwes)
          if (cwe.starts_with("CWE-")) add_unique(f.cwes, cwe);
      }
    }
    if (const CvssEntry* best = best_cvss(f.cvss_all)) {
      f.cvss_score = best->score;
      f.cvss_vector = best->vector;
      f.cvss_version = best->version;
      f.cvss_source = best->source;
      f.severity = best->severity.empty() ? f.severity : best->severity;
    }
    risk::Signals sig;
    if (f.cvss_score >= 0) sig.cvss = f.cvss_score;
    sig.epss = f.epss;
    sig.epss_percentile = f.epss_percentile;
    sig.kev = f.kev;
    sig.ransomware = f.kev_ransomware;
    sig.kev_due_date = f.kev_due_date;
    sig.fix_available = !f.fixed_versions.empty();
    sig.product_class = options_.product_class;
    sig.reach = reach;
    auto a = risk::assess(policy_, sig, options_.today);
    if (!a) return std::unexpected(a.error());
    f.priority = std::string(risk::to_string(a->priority));
    f.fix_by = a->fix_by;
    f.priority_reason = a->reason;
    f.priority_exposure = a->exposure;
    f.article14_candidate = a->article14_candidate;
    return {};
  }

 private:
  Result<const CveData*> lookup(const std::string& cve) {
    auto it = cache_.find(cve);
    if (it != cache_.end()) return &it->second;
    CveData d;
    auto k = store_.kev(cve);
    if (!k) return std::unexpected(k.error());
    d.kev = std::move(*k);
    auto e = store_.epss(cve);
    if (!e) return std::unexpected(e.error());
    d.epss = std::move(*e);
    auto n = store_.nvd(cve);
    if (!n) return std::unexpected(n.error());
    d.nvd = std::move(*n);
    return &cache_.emplace(cve, std::move(d)).first->second;
  }

  vulndb::Store& store_;
  const ScanOptions& options_;
  const bool full_;
  const risk::Policy& policy_;
  std::unordered_map<std::string, CveData> cache_;
};

}  // namespace

static Result<ScanResult> scan_with(const Sbom& sbom, vulndb::Store& store,
                                    const ScanOptions& options, bool full) {
  ScanOptions opts = options;
  if (opts.today.empty()) {
    opts.today = format_date(now_or_system());
  }
  Enricher enricher(store, opts, full);
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
  CpeMatcher cpe_matcher(store);
  auto nvd_stored = store.has_nvd();
  if (!nvd_stored) return std::unexpected(nvd_stored.error());
  const bool have_nvd = *nvd_stored;
  // Components the OSV path cannot cover may still be matched by CPE against NVD data.
  auto try_cpe = [&](std::size_t ci, const std::string& reason) -> Result<void> {
    const Component& comp = sbom.components[ci];
    const risk::Reach* reach = opts.reach ? opts.reach(comp) : nullptr;
    if (!opts.cpe || (comp.cpes.empty() && !opts.cpe_guess)) {
      sum.uncovered.push_back({ci, reason});
      return {};
    }
    if (!have_nvd) {
      sum.uncovered.push_back({ci, reason + "; the database has no NVD data for CPE matching"});
      return {};
    }
    auto found = cpe_matcher.match(comp, opts.cpe_guess);
    if (!found) return std::unexpected(found.error());
    ++sum.resolved;
    if (found->empty()) return {};
    ++sum.matched_components;
    for (const auto& cf : *found) {
      auto core = std::make_shared<FindingCore>();
      core->id = cf.cve;
      core->record_ids = {cf.cve};
      core->match_kind = "cpe";
      core->confidence = cf.confidence;
      core->severity = "UNKNOWN";
      if (full)
        core->evidence.push_back({cf.cve, "NVD", cf.criteria,
                                  std::string(cf.cpe_guessed ? "guessed CPE " : "CPE ") +
                                      cf.component_cpe + fmt_confidence(cf.confidence) + ": " +
                                      cf.explanation,
                                  cf.bounds});
      if (auto e = enricher.enrich(*core, reach); !e) return std::unexpected(e.error());
      result.findings.push_back({ci, std::move(core)});
    }
    return {};
  };

  // Resolve every component first, then ask the store for all distinct packages in one batch
  // (a networked store is not asked once per component).
  std::vector<Resolution> resolutions;
  resolutions.reserve(sbom.components.size());
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::vector<vulndb::Candidate>> cache;
  {
    std::vector<vulndb::PackageRef> refs;
    for (const Component& comp : sbom.components) {
      resolutions.push_back(resolve(comp, hint));
      const auto& k = resolutions.back().key;
      if (!k || !covered.count(k->ecosystem_base)) continue;
      if (cache.emplace(Key{k->ecosystem_base, k->name}, std::vector<vulndb::Candidate>{}).second)
        refs.push_back({k->ecosystem_base, k->name});
    }
    auto found = store.find_many(refs);
    if (!found) return std::unexpected(found.error());
    for (std::size_t i = 0; i < refs.size(); ++i)
      cache[Key{refs[i].ecosystem_base, refs[i].name}] = std::move((*found)[i]);
  }
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
    const Resolution& res = resolutions[ci];
    if (!res.key) {
      if (auto r = try_cpe(ci, res.reason); !r) return std::unexpected(r.error());
      continue;
    }
    const PackageKey& key = *res.key;
    if (!covered.count(key.ecosystem_base)) {
      auto r = try_cpe(ci, "the database has no records for ecosystem " + key.ecosystem_base);
      if (!r) return std::unexpected(r.error());
      continue;
    }
    ++sum.resolved;
    if (ecosystem::is_distro(key.ecosystem_base) && key.release.empty())
      notes.insert(key.ecosystem_base +
                   " release unknown for some components (no distro qualifier or OS component): "
                   "they were matched against every release's records");
    // Components behind different interfaces of the risk assessment get their own priorities.
    const risk::Reach* reach = opts.reach ? opts.reach(sbom.components[ci]) : nullptr;
    std::string outcome_key = key.ecosystem_base + '\x1f' + key.name + '\x1f' + key.release +
                              '\x1f' + key.version + '\x1f' + key.matched_by;
    if (reach) outcome_key += '\x1f' + std::to_string(reinterpret_cast<std::uintptr_t>(reach));
    auto oit = outcomes.find(outcome_key);
    if (oit == outcomes.end()) {
      auto it = cache.find(Key{key.ecosystem_base, key.name});
      if (it == cache.end())
        return make_error(ErrorCode::kInternal,
                          "package " + key.name + " missing from the batch lookup");
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
        for (const auto& members : group_by_alias(hits)) {
          auto core = make_finding(hits, members, full);
          if (auto e = enricher.enrich(*core, reach); !e) return std::unexpected(e.error());
          outcome.findings.push_back(std::move(core));
        }
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
                 "their version ranges and version lists were (e.g. " +
                 *git_records.begin() + ")");
  sum.notes.assign(notes.begin(), notes.end());
  return result;
}

Result<ScanResult> scan(const Sbom& sbom, vulndb::Store& store, const ScanOptions& options) {
  return scan_with(sbom, store, options, true);
}

Result<ScanResult> scan_for_snapshot(const Sbom& sbom, vulndb::Store& store,
                                     const ScanOptions& options) {
  return scan_with(sbom, store, options, false);
}

}  // namespace bulwark::match
