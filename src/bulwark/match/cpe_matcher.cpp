// CPE matching of components against NVD configurations (see cpe_matcher.hpp).
#include "bulwark/match/cpe_matcher.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/cpe/cpe.hpp"
#include "bulwark/purl/purl.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::match {

namespace detail {

// What a cpeMatch row says, beside the cpe::Criterion built from it.
struct CriterionInfo {
  std::string criteria;  // as written in the NVD record
  std::string bounds;    // human-readable
};

struct PreparedConfig {
  std::string op;  // configuration operator ("" = OR)
  std::vector<cpe::Node> nodes;
  std::vector<std::vector<CriterionInfo>> info;  // parallel to nodes[i].matches
  std::string invalid;                           // non-empty: cannot be evaluated, and why
};

struct PreparedRecord {
  std::string cve;
  bool rejected = false;
  std::vector<PreparedConfig> configs;
};

struct ProductRecords {
  std::vector<PreparedRecord> records;
};

}  // namespace detail

namespace {

using detail::CriterionInfo;
using detail::PreparedConfig;
using detail::PreparedRecord;
using detail::ProductRecords;

// Stands in for a component CPE version of ANY during evaluation: a value that
// cpe::compare_versions refuses (it has a space), so that no bounded or concrete criterion can
// match it, while a criterion without any version constraint still does (low confidence).
constexpr std::string_view kUndecidedVersion = "undecided version";

// One CPE of the component as evaluated.
struct TargetCpe {
  std::string text;  // as the SBOM gives it, or the formatted string of the guess
  cpe::Cpe shown;    // parsed; an ANY version filled from the component's version
  cpe::Cpe eval;     // what is evaluated (ANY version replaced by kUndecidedVersion)
  std::string note;  // e.g. "version taken from the component"
};

struct TargetSet {
  std::vector<TargetCpe> cpes;
  bool guessed = false;
};

void add_note(std::vector<std::string>* notes, std::string note) {
  if (notes) notes->push_back(std::move(note));
}

// ---- guessing ------------------------------------------------------------------------------

std::string cpe_token(std::string_view s) {
  std::string out = to_lower(trim(s));
  for (char& c : out)
    if (c == ' ') c = '_';
  return out;
}

// A purl namespace as a CPE vendor: its last segment without an npm '@'; a reverse-DNS Maven
// group ("org.apache.logging.log4j") gives its second label ("apache").
std::string vendor_from_namespace(std::string_view ns) {
  if (auto slash = ns.rfind('/'); slash != std::string_view::npos) ns.remove_prefix(slash + 1);
  if (!ns.empty() && ns.front() == '@') ns.remove_prefix(1);
  auto labels = split(ns, '.');
  static constexpr std::string_view kTlds[] = {"org", "com", "net", "io", "de", "eu", "fr", "uk"};
  if (labels.size() >= 2) {
    for (std::string_view tld : kTlds)
      if (equals_icase(labels[0], tld)) return cpe_token(labels[1]);
  }
  return cpe_token(ns);
}

std::vector<cpe::Cpe> guessed_cpes(const Component& c) {
  std::string name = c.name, version = c.version, ns = c.group;
  if (!c.purl.empty()) {
    if (auto p = purl::parse(c.purl, purl::Mode::kPermissive)) {
      name = p->name;
      if (version.empty()) version = p->version;
      if (!p->ns.empty()) ns = p->ns;
    }
  }
  const std::string product = cpe_token(name);
  version = std::string(trim(version));
  if (product.empty() || version.empty()) return {};
  std::vector<std::string> vendors{product};
  if (std::string v = vendor_from_namespace(ns); !v.empty() && v != product) vendors.push_back(v);
  std::vector<cpe::Cpe> out;
  for (const auto& vendor : vendors) {
    cpe::Cpe g;
    g.part = 'a';
    g.vendor = cpe::Attr::literal(vendor);
    g.product = cpe::Attr::literal(product);
    g.version = cpe::Attr::literal(version);
    out.push_back(std::move(g));
  }
  return out;
}

// ---- the component's CPE set ----------------------------------------------------------------

cpe::Cpe for_evaluation(const cpe::Cpe& c) {
  if (c.version.kind != cpe::AttrKind::kAny) return c;
  cpe::Cpe e = c;
  e.version = cpe::Attr::literal(kUndecidedVersion);
  return e;
}

TargetCpe target_from(std::string text, cpe::Cpe parsed, const Component& c) {
  TargetCpe t{std::move(text), std::move(parsed), {}, {}};
  const std::string version(trim(c.version));
  if (t.shown.version.kind == cpe::AttrKind::kAny && !version.empty()) {
    t.shown.version = cpe::Attr::literal(version);
    t.note = fmt::format("CPE version ANY: component version \"{}\" used", version);
  } else if (t.shown.version.kind == cpe::AttrKind::kAny) {
    t.note =
        "CPE version ANY and no component version: only criteria without a version "
        "constraint can match";
  }
  t.eval = for_evaluation(t.shown);
  return t;
}

TargetSet given_targets(const Component& c, std::vector<std::string>* notes) {
  TargetSet set;
  for (std::size_t i = 0; i < c.cpes.size(); ++i) {
    auto parsed = cpe::parse(trim(c.cpes[i]));
    if (!parsed) {
      add_note(notes, fmt::format("cpe[{}] skipped: {}", i, parsed.error().message));
      continue;
    }
    set.cpes.push_back(target_from(c.cpes[i], std::move(*parsed), c));
  }
  return set;
}

TargetSet build_targets(const Component& c, bool guess, std::vector<std::string>* notes) {
  if (!c.cpes.empty()) return given_targets(c, notes);
  TargetSet set;
  set.guessed = true;
  if (!guess) {
    add_note(notes, "no CPE (guessing is off)");
    return set;
  }
  for (cpe::Cpe& g : guessed_cpes(c)) {
    TargetCpe t{cpe::to_fs(g), g, g, "guessed from the purl/name"};
    set.cpes.push_back(std::move(t));
  }
  if (set.cpes.empty()) add_note(notes, "no CPE, and no name and version to guess one from");
  return set;
}

// ---- preparing NVD records ------------------------------------------------------------------

std::string criterion_bounds(const cpe::Criterion& c) {
  const auto& b = c.bounds;
  std::string range =
      describe_bounds(b.start_including, b.start_excluding, b.end_including, b.end_excluding);
  switch (c.cpe.version.kind) {
    case cpe::AttrKind::kAny:
      return range;
    case cpe::AttrKind::kNa:
      return "no version (NA)";
    case cpe::AttrKind::kValue:
      break;
  }
  const auto& v = c.cpe.version;
  std::string out = fmt::format("= {}{}{}", v.prefix, v.value, v.suffix);
  if (c.cpe.update.is_value()) out += fmt::format(" (update {})", c.cpe.update.value);
  if (!b.empty()) out += ", " + range;
  return out;
}

void add_row(const vulndb::NvdCpeMatch& m, PreparedConfig& cfg,
             std::map<std::size_t, std::size_t>& node_pos) {
  auto [it, fresh] = node_pos.try_emplace(m.node, cfg.nodes.size());
  if (fresh) {
    cfg.nodes.push_back(cpe::Node{m.node_operator, m.node_negate, {}});
    cfg.info.emplace_back();
  }
  auto parsed = cpe::parse(m.criteria);
  if (!parsed) {
    if (cfg.invalid.empty())
      cfg.invalid = fmt::format("node {} criteria: {}", m.node, parsed.error().message);
    return;
  }
  cpe::Criterion c{
      std::move(*parsed),
      cpe::VersionBounds{m.start_including, m.start_excluding, m.end_including, m.end_excluding},
      m.vulnerable};
  cfg.info[it->second].push_back(CriterionInfo{m.criteria, criterion_bounds(c)});
  cfg.nodes[it->second].matches.push_back(std::move(c));
}

PreparedRecord prepare(const vulndb::NvdRecord& rec) {
  std::map<std::size_t, PreparedConfig> configs;
  std::map<std::size_t, std::map<std::size_t, std::size_t>> node_pos;
  for (const auto& m : rec.matches) {
    auto [it, fresh] = configs.try_emplace(m.config);
    if (fresh && m.config < rec.config_operators.size())
      it->second.op = rec.config_operators[m.config];
    add_row(m, it->second, node_pos[m.config]);
  }
  PreparedRecord out{rec.cve, rec.rejected(), {}};
  for (auto& [index, cfg] : configs) out.configs.push_back(std::move(cfg));
  return out;
}

// ---- evaluating -----------------------------------------------------------------------------

struct BestCriterion {
  const CriterionInfo* info = nullptr;
  std::size_t target = 0;
  double confidence = -1.0;
};

// The vulnerable criterion of a satisfied configuration that best matches a component CPE.
BestCriterion best_criterion(const PreparedConfig& cfg, const TargetSet& targets) {
  BestCriterion best;
  for (std::size_t n = 0; n < cfg.nodes.size(); ++n) {
    if (cfg.nodes[n].negate) continue;
    for (std::size_t k = 0; k < cfg.nodes[n].matches.size(); ++k) {
      const cpe::Criterion& c = cfg.nodes[n].matches[k];
      if (!c.vulnerable) continue;
      for (std::size_t t = 0; t < targets.cpes.size(); ++t) {
        auto r = cpe::match(c, targets.cpes[t].eval, targets.guessed);
        if (r.matched && r.confidence > best.confidence) best = {&cfg.info[n][k], t, r.confidence};
      }
    }
  }
  return best;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return;
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

std::string explain(const TargetSet& targets, std::size_t target, std::size_t config,
                    std::size_t config_count, std::string detail) {
  for (const TargetCpe& t : targets.cpes)
    replace_all(detail, cpe::to_fs(t.eval), cpe::to_fs(t.shown));
  const TargetCpe& used = targets.cpes[target];
  std::string head = fmt::format("{} CPE {}", targets.guessed ? "guessed" : "component", used.text);
  if (!used.note.empty() && !targets.guessed) head += fmt::format(" ({})", used.note);
  return fmt::format("{}: configuration {} of {}: {}", head, config + 1, config_count, detail);
}

std::optional<CpeFinding> evaluate_record(const PreparedRecord& rec, const TargetSet& targets,
                                          const std::vector<cpe::Cpe>& eval,
                                          std::vector<std::string>* notes) {
  std::optional<CpeFinding> best;
  for (std::size_t i = 0; i < rec.configs.size(); ++i) {
    const PreparedConfig& cfg = rec.configs[i];
    if (!cfg.invalid.empty()) {
      add_note(notes,
               fmt::format("{} configuration {} not evaluated: {}", rec.cve, i + 1, cfg.invalid));
      continue;
    }
    auto r = cpe::evaluate_configuration_detailed(cfg.nodes, cfg.op, eval, targets.guessed);
    if (!r.satisfied || (best && r.confidence <= best->confidence)) continue;
    BestCriterion c = best_criterion(cfg, targets);
    if (!c.info) continue;
    best = CpeFinding{rec.cve,
                      r.confidence,
                      c.info->criteria,
                      c.info->bounds,
                      explain(targets, c.target, i, rec.configs.size(), std::move(r.explanation)),
                      targets.cpes[c.target].text,
                      targets.guessed};
  }
  return best;
}

std::string product_key(const cpe::Cpe& c) {
  if (!c.vendor.is_value() || c.vendor.has_wildcards() || !c.product.is_value() ||
      c.product.has_wildcards())
    return {};
  return c.vendor.value + '\n' + c.product.value;
}

}  // namespace

std::string describe_bounds(const std::string& start_including, const std::string& start_excluding,
                            const std::string& end_including, const std::string& end_excluding) {
  std::string out;
  auto add = [&out](std::string_view op, const std::string& v) {
    if (v.empty()) return;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", op, v);
  };
  add(">=", start_including);
  add(">", start_excluding);
  add("<=", end_including);
  add("<", end_excluding);
  return out.empty() ? std::string("all versions") : out;
}

std::vector<std::string> guess_cpes(const Component& component) {
  std::vector<std::string> out;
  for (const cpe::Cpe& c : guessed_cpes(component)) out.push_back(cpe::to_fs(c));
  return out;
}

CpeMatcher::CpeMatcher(vulndb::Store& store) : store_(store) {}
CpeMatcher::~CpeMatcher() = default;

Result<std::shared_ptr<const ProductRecords>> CpeMatcher::records_for(const std::string& vendor,
                                                                      const std::string& product) {
  const std::string key = vendor + '\n' + product;
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  auto recs = store_.nvd_by_product(vendor, product);
  if (!recs)
    return std::unexpected(
        std::move(recs).error().with_context(fmt::format("NVD records of {}:{}", vendor, product)));
  auto prepared = std::make_shared<ProductRecords>();
  prepared->records.reserve(recs->size());
  for (const auto& r : *recs) prepared->records.push_back(prepare(r));
  cache_.emplace(key, prepared);
  return prepared;
}

Result<std::vector<CpeFinding>> CpeMatcher::match(const Component& component, bool guess,
                                                  std::vector<std::string>* notes) {
  const TargetSet targets = build_targets(component, guess, notes);
  std::vector<cpe::Cpe> eval;
  std::map<std::string, const PreparedRecord*> records;  // by CVE id: sorted, deduplicated
  std::vector<std::shared_ptr<const ProductRecords>> held;
  for (const TargetCpe& t : targets.cpes) {
    eval.push_back(t.eval);
    const std::string key = product_key(t.shown);
    if (key.empty()) {
      add_note(notes,
               fmt::format("CPE {}: vendor and product must be plain values to look up NVD data",
                           t.text));
      continue;
    }
    const auto nl = key.find('\n');
    auto recs = records_for(key.substr(0, nl), key.substr(nl + 1));
    if (!recs) return std::unexpected(std::move(recs).error());
    for (const PreparedRecord& r : (*recs)->records) records.try_emplace(r.cve, &r);
    held.push_back(std::move(*recs));
  }
  std::vector<CpeFinding> out;
  for (const auto& [cve, rec] : records) {
    if (rec->rejected) continue;
    if (auto f = evaluate_record(*rec, targets, eval, notes)) out.push_back(std::move(*f));
  }
  return out;
}

Result<std::vector<CpeFinding>> match_cpe(const Component& component, vulndb::Store& store,
                                          bool guess) {
  CpeMatcher matcher(store);
  return matcher.match(component, guess);
}

}  // namespace bulwark::match
