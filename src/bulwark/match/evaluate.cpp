// OSV affected-range evaluation, exactly as the OSV schema's pseudo-code defines it:
// events sorted by version ("introduced: 0" first), walked in order; introduced sets
// vulnerable, fixed (v >= fixed) and last_affected (v > last_affected) clear it; a limit bounds
// the range from above. The explicit versions list is an exact-match alternative, compared as
// plain strings first and for every ecosystem: a version the scheme cannot parse (PyPI
// "0.3m5", not PEP 440) is still affected when a record lists it word for word.
#include <algorithm>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/match/eval_cache.hpp"
#include "bulwark/match/matcher.hpp"
#include "bulwark/version/version.hpp"

namespace bulwark::match {
namespace {

int kind_order(OsvEventKind k) {
  // At equal versions: introduced before last_affected before fixed/limit, so that an
  // "introduced X, fixed X" range is empty and "introduced X, last_affected X" holds X.
  switch (k) {
    case OsvEventKind::kIntroduced:
      return 0;
    case OsvEventKind::kLastAffected:
      return 1;
    case OsvEventKind::kFixed:
      return 2;
    case OsvEventKind::kLimit:
      return 3;
  }
  return 4;
}

std::string describe(const OsvRange& range) {
  std::string s = to_string(range.type);
  s += " {";
  bool first = true;
  for (const auto& e : range.events) {
    if (!first) s += ", ";
    first = false;
    s += to_string(e.kind);
    s += ": ";
    s += e.value;
  }
  s += "}";
  return s;
}

// Sorts events by version under `scheme`; fails when an event version does not parse.
Result<std::vector<SortedEvent>> sort_events(const OsvRange& range, std::string_view scheme) {
  std::vector<SortedEvent> out;
  out.reserve(range.events.size());
  for (const auto& e : range.events) {
    bool zero = e.kind == OsvEventKind::kIntroduced && e.value == "0";
    if (!zero) {
      auto ok = version::validate(scheme, e.value);
      if (!ok) return std::unexpected(ok.error());
    }
    out.push_back({&e, zero});
  }
  std::stable_sort(out.begin(), out.end(), [&](const SortedEvent& a, const SortedEvent& b) {
    if (a.zero != b.zero) return a.zero;
    if (!a.zero) {
      auto c = version::compare(scheme, a.event->value, b.event->value);
      int cmp = c ? *c : 0;
      if (cmp != 0) return cmp < 0;
    }
    return kind_order(a.event->kind) < kind_order(b.event->kind);
  });
  return out;
}

Result<bool> in_range(const std::vector<SortedEvent>& events, std::string_view scheme,
                      std::string_view v) {
  bool vulnerable = false;
  bool has_limit = false;
  bool below_a_limit = false;
  for (const auto& se : events) {
    const OsvEvent& e = *se.event;
    if (e.kind == OsvEventKind::kLimit) {
      has_limit = true;
      auto c = version::compare(scheme, v, e.value);
      if (!c) return std::unexpected(c.error());
      if (*c < 0) below_a_limit = true;
      continue;
    }
    if (e.kind == OsvEventKind::kIntroduced) {
      if (se.zero) {
        vulnerable = true;
        continue;
      }
      auto c = version::compare(scheme, v, e.value);
      if (!c) return std::unexpected(c.error());
      if (*c >= 0) vulnerable = true;
    } else if (e.kind == OsvEventKind::kFixed) {
      auto c = version::compare(scheme, v, e.value);
      if (!c) return std::unexpected(c.error());
      if (*c >= 0) vulnerable = false;
    } else if (e.kind == OsvEventKind::kLastAffected) {
      auto c = version::compare(scheme, v, e.value);
      if (!c) return std::unexpected(c.error());
      if (*c > 0) vulnerable = false;
    }
  }
  if (has_limit && !below_a_limit) return false;
  return vulnerable;
}

std::string_view strip_v(std::string_view s) {
  return (!s.empty() && (s[0] == 'v' || s[0] == 'V')) ? s.substr(1) : s;
}

}  // namespace

Result<Evaluation> evaluate(const OsvAffected& affected, std::string_view v, EvalCache* cache) {
  Evaluation ev;
  const std::string_view eco = affected.ecosystem;
  // The versions entry equal to `v`, byte for byte; for PyPI, whose versions are
  // case-insensitive (and whose purls carry them lower-cased), regardless of case. Reported in
  // the record's spelling.
  const std::string* exact = nullptr;
  for (const auto& listed : affected.versions)
    if (listed == v) {
      exact = &listed;
      break;
    }
  if (!exact && (eco == "PyPI" || eco.starts_with("PyPI:")))
    for (const auto& listed : affected.versions)
      if (equals_icase(listed, v)) {
        exact = &listed;
        break;
      }
  const OsvRange* hit_range = nullptr;
  std::string_view validated_scheme;  // `v` parses under this scheme (checked once per scheme)
  for (const auto& range : affected.ranges) {
    if (range.type == OsvRangeType::kGit) {
      ev.git_skipped = true;
      continue;
    }
    if (hit_range) continue;
    std::string_view scheme =
        range.type == OsvRangeType::kSemver ? std::string_view("SEMVER") : eco;
    if (scheme != validated_scheme) {
      auto valid = version::validate(scheme, v);
      if (!valid) {
        if (exact) break;  // listed word for word: affected whatever the ranges say
        return std::unexpected(std::move(valid).error());
      }
      validated_scheme = scheme;
    }
    const std::vector<SortedEvent>* events = cache ? cache->sorted(&range) : nullptr;
    Result<std::vector<SortedEvent>> fresh;
    if (!events) {
      fresh = sort_events(range, scheme);
      if (!fresh) {
        ev.notes.push_back("range " + describe(range) + " skipped: " + fresh.error().message);
        continue;
      }
      events = cache ? cache->put(&range, std::move(*fresh)) : &*fresh;
    }
    auto hit = in_range(*events, scheme, v);
    if (!hit) {
      if (exact) break;
      return std::unexpected(hit.error());
    }
    if (*hit) hit_range = &range;
  }
  if (hit_range) {
    ev.affected = true;
    ev.range = describe(*hit_range);
  } else {
    const std::string_view bare = strip_v(v);
    if (exact) {
      ev.affected = true;
      ev.range = "versions list entry " + *exact;
    }
    for (const auto& listed : affected.versions) {
      if (ev.affected) break;
      if (listed == v || strip_v(listed) == bare) {
        ev.affected = true;
        ev.range = "versions list entry " + listed;
        break;
      }
    }
  }
  if (ev.affected) {
    for (const auto& range : affected.ranges)
      for (const auto& e : range.events)
        if (e.kind == OsvEventKind::kFixed) ev.fixed.push_back(e.value);
  }
  return ev;
}

}  // namespace bulwark::match
