// The finding diff of a release (new / changed / reopened / resolved), persisted by the store.
#include "bulwark/service/findings_sync.hpp"

#include <fmt/format.h>

#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/service/notify.hpp"

namespace bulwark::service {
namespace {

std::string fingerprint(const match::FindingCore& f) {
  std::string fx;
  for (const auto& v : f.fixed_versions) fx += v + " ";
  std::string fp =
      fmt::format("{}|{}|{}|{}|{:.1f}", f.severity, f.priority, f.kev ? 1 : 0, fx, f.cvss_score);
  // What the risk assessment did to the priority: a change of it alone is a change too. Absent
  // without an assessment, so that such findings keep their fingerprints.
  if (!f.priority_exposure.empty()) fp += "|" + f.priority_exposure;
  return fp;
}

// The component's part of its findings' snapshots.
portfolio::StoredFinding component_snapshot(const Component& c) {
  portfolio::StoredFinding s;
  s.component_key = portfolio::component_key(c);
  s.component_label = (c.group.empty() ? c.name : c.group + "/" + c.name) + "@" + c.version;
  s.purl = c.purl;
  s.identity = portfolio::component_identity(c);
  return s;
}

// A finding of a component, from the component's part.
portfolio::StoredFinding snapshot(const portfolio::StoredFinding& component,
                                  const match::FindingCore& f) {
  portfolio::StoredFinding s;
  s.component_key = component.component_key;
  s.component_label = component.component_label;
  s.purl = component.purl;
  s.identity = component.identity;
  s.vuln_id = f.id;
  s.aliases = f.aliases;
  s.severity = f.severity;
  s.priority = f.priority;
  s.priority_reason = f.priority_reason;
  s.kev = f.kev;
  s.fingerprint = fingerprint(f);
  s.key = portfolio::finding_key(s.component_key, s.vuln_id);
  return s;
}

}  // namespace

portfolio::StoredFinding snapshot(const Component& c, const match::FindingCore& f) {
  return snapshot(component_snapshot(c), f);
}

portfolio::StoredFinding Snapshots::operator()(const match::Finding& f) {
  if (f.component != at_) {
    at_ = f.component;
    component_ = component_snapshot(sbom_.components[f.component]);
  }
  return snapshot(component_, *f.core);
}

std::vector<portfolio::StoredFinding> snapshots_of(const Sbom& sbom,
                                                   const std::vector<match::Finding>& findings) {
  std::vector<portfolio::StoredFinding> out;
  out.reserve(findings.size());
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(findings.size());
  Snapshots make(sbom);
  for (const auto& f : findings) {
    auto s = make(f);
    if (seen.insert(s.key).second) out.push_back(std::move(s));
  }
  return out;
}

std::string findings_digest(const std::vector<const portfolio::StoredFinding*>& findings) {
  std::uint64_t sum = 0, x = 0;
  for (const portfolio::StoredFinding* f : findings) {
    std::uint64_t h = f->key ? f->key : portfolio::finding_key(f->component_key, f->vuln_id);
    for (unsigned char c : f->fingerprint) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 29;
    sum += h;
    x ^= h * 0x9e3779b97f4a7c15ull;
  }
  return fmt::format("{}:{:016x}{:016x}", findings.size(), sum, x);
}

namespace {

// diff_findings; with_inserted false leaves write.inserted empty: the "new" changes hold those
// rows (sync_findings moves them into the write and back instead of copying each). `owned`, when
// given, holds the rows `current` points to, in its order: a new one is moved out of it.
FindingsDiff diff(const std::vector<portfolio::StoredFinding>& stored,
                  const std::vector<const portfolio::StoredFinding*>& current,
                  const std::string& now, bool with_inserted,
                  std::vector<portfolio::StoredFinding>* owned = nullptr) {
  FindingsDiff d;
  d.write.digest = findings_digest(current);
  d.changes.reserve(current.size() + stored.size());
  if (with_inserted) d.write.inserted.reserve(current.size());
  // Stored findings by component key and each id of their group (hash keys; a hit is confirmed by
  // comparing the component key).
  std::unordered_multimap<std::uint64_t, std::size_t> index;
  index.reserve(stored.size() * 2);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto& s = stored[i];
    index.emplace(portfolio::finding_key(s.component_key, s.vuln_id), i);
    for (const auto& a : s.aliases) index.emplace(portfolio::finding_key(s.component_key, a), i);
  }
  std::vector<bool> seen(stored.size(), false);
  for (std::size_t ci = 0; ci < current.size(); ++ci) {
    const portfolio::StoredFinding& c = *current[ci];
    auto lookup = [&](const std::string& id) {
      auto [lo, hi] = index.equal_range(portfolio::finding_key(c.component_key, id));
      for (auto it = lo; it != hi; ++it)
        if (!seen[it->second] && stored[it->second].component_key == c.component_key)
          return std::optional<std::size_t>(it->second);
      return std::optional<std::size_t>();
    };
    std::optional<std::size_t> hit = lookup(c.vuln_id);
    for (std::size_t a = 0; !hit && a < c.aliases.size(); ++a) hit = lookup(c.aliases[a]);
    if (!hit) {
      if (with_inserted) d.write.inserted.push_back(c);
      FindingChange ch{"new", owned ? std::move((*owned)[ci]) : c, ""};  // c is not read again
      ch.finding.first_seen = ch.finding.last_seen = now;  // first_seen is the "new" event
      d.inserted_changes.push_back(d.changes.size());
      d.changes.push_back(std::move(ch));
      continue;
    }
    seen[*hit] = true;
    const portfolio::StoredFinding& s = stored[*hit];
    const bool reopened = !s.resolved_at.empty();
    // A new reason alone (another rule of the product's policy, another assessment statement)
    // is a change: the stored reason is what the priority is defended with.
    const bool changed = s.fingerprint != c.fingerprint || s.vuln_id != c.vuln_id ||
                         (!s.priority_reason.empty() && s.priority_reason != c.priority_reason);
    portfolio::StoredFinding row = c;
    row.id = s.id;
    row.release_id = s.release_id;
    if (!reopened && !changed) {  // last_seen: the release's last match
      // A finding stored before reasons were kept gets its reason, without an event.
      if (s.priority_reason.empty() && !c.priority_reason.empty()) d.write.updated.push_back(row);
      continue;
    }
    d.write.updated.push_back(row);
    FindingChange ch{reopened ? "reopened" : "changed", c, ""};
    ch.finding.id = s.id;
    ch.finding.release_id = s.release_id;
    ch.finding.first_seen = s.first_seen;
    ch.finding.last_seen = now;
    std::vector<std::string> what;
    if (s.vuln_id != c.vuln_id) what.push_back(fmt::format("id {} -> {}", s.vuln_id, c.vuln_id));
    if (s.severity != c.severity)
      what.push_back(fmt::format("severity {} -> {}", s.severity, c.severity));
    if (s.priority != c.priority)
      what.push_back(fmt::format("priority {} -> {}", s.priority, c.priority));
    if (s.priority_reason != c.priority_reason && !s.priority_reason.empty() &&
        !c.priority_reason.empty())
      what.push_back("priority reason: " + c.priority_reason);
    if (s.kev != c.kev)
      what.push_back(c.kev ? "now listed in CISA KEV" : "no longer listed in CISA KEV");
    if (what.empty() && changed) what.push_back("fixed versions or score changed");
    ch.detail = join(what, "; ");
    if (reopened)
      ch.detail = "matched again after being resolved at " + s.resolved_at +
                  (ch.detail.empty() ? "" : "; " + ch.detail);
    d.write.events.push_back({s.id, ch.kind, ch.detail});
    d.changes.push_back(std::move(ch));
  }
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto& s = stored[i];
    if (seen[i] || !s.resolved_at.empty()) continue;
    d.write.resolved.push_back(s.id);
    FindingChange ch{"resolved", s, "no longer matched by the current database"};
    ch.finding.resolved_at = now;
    d.write.events.push_back({s.id, "resolved", ch.detail});
    d.changes.push_back(std::move(ch));
  }
  return d;
}

}  // namespace

FindingsDiff diff_findings(const std::vector<portfolio::StoredFinding>& stored,
                           const std::vector<const portfolio::StoredFinding*>& current,
                           const std::string& now) {
  return diff(stored, current, now, true);
}

namespace {

Result<std::vector<FindingChange>> sync(portfolio::Store& store, std::int64_t release_id,
                                        const std::vector<const portfolio::StoredFinding*>& current,
                                        std::vector<portfolio::StoredFinding>* owned,
                                        const std::string& now) {
  std::vector<FindingChange> changes;
  auto done = store.transaction([&]() -> Result<void> {
    // The open findings are exactly the current ones: one UPDATE.
    auto same = store.touch_findings(release_id, findings_digest(current), now);
    if (!same) return std::unexpected(same.error());
    if (*same) return {};
    auto stored = store.findings(release_id, true);
    if (!stored) return std::unexpected(stored.error());
    FindingsDiff d = diff(*stored, current, now, false, owned);
    // The given-up rows live on in d (moved); what is left of them is freed before the write
    // (tens of MB on a release's first match). `current` points into them: not read again.
    if (owned) std::vector<portfolio::StoredFinding>().swap(*owned);
    if (!d.changes.empty()) {
      // The notifications of this change, written by the store in this same transaction; not
      // built when no rule would take them (a release's first match: one per finding).
      auto rel = store.release_by_id(release_id);
      if (!rel) return std::unexpected(rel.error());
      if (*rel) {
        auto wanted = store.finding_events_wanted((*rel)->product);
        if (!wanted) return std::unexpected(wanted.error());
        if (*wanted)
          d.write.notifications = finding_events((*rel)->product, (*rel)->version, d.changes, now);
      }
    }
    // The new rows go to the store and come back with their ids: moved, not copied (a release's
    // first match has tens of thousands).
    d.write.inserted.reserve(d.inserted_changes.size());
    for (std::size_t i : d.inserted_changes)
      d.write.inserted.push_back(std::move(d.changes[i].finding));
    auto ids = store.write_findings(release_id, d.write, now);
    if (!ids) return std::unexpected(ids.error());
    if (ids->size() != d.inserted_changes.size())
      return make_error(ErrorCode::kInternal, "the store returned the wrong number of finding ids");
    for (std::size_t i = 0; i < ids->size(); ++i) {
      FindingChange& ch = d.changes[d.inserted_changes[i]];
      ch.finding = std::move(d.write.inserted[i]);
      ch.finding.id = (*ids)[i];
      ch.finding.release_id = release_id;
    }
    changes = std::move(d.changes);
    return {};
  });
  if (!done) return std::unexpected(done.error());
  return changes;
}

}  // namespace

Result<std::vector<FindingChange>> sync_findings(
    portfolio::Store& store, std::int64_t release_id,
    const std::vector<const portfolio::StoredFinding*>& current, const std::string& now) {
  return sync(store, release_id, current, nullptr, now);
}

Result<std::vector<FindingChange>> sync_findings(portfolio::Store& store, std::int64_t release_id,
                                                 std::vector<portfolio::StoredFinding>&& current,
                                                 const std::string& now) {
  std::vector<const portfolio::StoredFinding*> ptrs;
  ptrs.reserve(current.size());
  for (const auto& f : current) ptrs.push_back(&f);
  return sync(store, release_id, ptrs, &current, now);
}

}  // namespace bulwark::service
