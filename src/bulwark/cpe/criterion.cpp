// One NVD cpeMatch criterion against a component CPE, and NVD configuration nodes.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/cpe/attributes.hpp"
#include "bulwark/cpe/cpe.hpp"

namespace bulwark::cpe {
namespace {

bool superset_or_equal(Relation r) { return r == Relation::kSuperset || r == Relation::kEqual; }

std::string show(const Attr& a) {
  switch (a.kind) {
    case AttrKind::kAny:
      return "ANY";
    case AttrKind::kNa:
      return "NA";
    case AttrKind::kValue:
      break;
  }
  return fmt::format("\"{}{}{}\"", a.prefix, a.value, a.suffix);
}

std::string describe_bounds(const VersionBounds& b) {
  std::string out;
  auto add = [&out](std::string_view name, const std::string& v) {
    if (v.empty()) return;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", name, v);
  };
  add("versionStartIncluding", b.start_including);
  add("versionStartExcluding", b.start_excluding);
  add("versionEndIncluding", b.end_including);
  add("versionEndExcluding", b.end_excluding);
  return out;
}

MatchResult no_match(std::string explanation) { return {false, 0.0, std::move(explanation)}; }

// Every attribute but the version; empty when all are SUPERSET or EQUAL.
std::string name_mismatch(const Cpe& criteria, const Cpe& target) {
  Relation r = compare_part(criteria.part, target.part);
  if (!superset_or_equal(r))
    return fmt::format("part: '{}' vs '{}' is {}", criteria.part, target.part, to_string(r));
  for (const auto& slot : detail::kAttributes) {
    if (slot.member == &Cpe::version) continue;
    r = compare(criteria.*slot.member, target.*slot.member);
    if (!superset_or_equal(r))
      return fmt::format("{}: criterion {} vs component {} is {}", slot.name,
                         show(criteria.*slot.member), show(target.*slot.member), to_string(r));
  }
  return {};
}

MatchResult check_bounds(const Criterion& c, const Attr& v) {
  const std::string bounds = describe_bounds(c.bounds);
  if (v.kind == AttrKind::kAny)
    return {true, kConfidenceAnyVersion,
            fmt::format("component version unknown (ANY); bounds {} not checked", bounds)};
  if (v.kind == AttrKind::kNa)
    return no_match(fmt::format("component has no version (NA); bounds {} cannot hold", bounds));
  if (v.has_wildcards())
    return no_match(fmt::format("component version {} has wildcards (UNDEFINED)", show(v)));
  auto inside = in_bounds(v.value, c.bounds);
  if (!inside) return no_match("version bounds not comparable: " + inside.error().message);
  if (!*inside) return no_match(fmt::format("version {} outside {}", v.value, bounds));
  return {true, kConfidenceBounds, fmt::format("version {} within {}", v.value, bounds)};
}

MatchResult check_version(const Criterion& c, const Attr& v) {
  const Attr& cv = c.cpe.version;
  if (cv.kind == AttrKind::kAny) {
    if (!c.bounds.empty()) return check_bounds(c, v);
    return {true, kConfidenceAnyVersion, "criterion covers every version (ANY, no bounds)"};
  }
  Relation r = compare(cv, v);
  if (!superset_or_equal(r))
    return no_match(fmt::format("version: criterion {} vs component {} is {}", show(cv), show(v),
                                to_string(r)));
  if (!c.bounds.empty() && v.is_value()) {
    MatchResult b = check_bounds(c, v);
    if (!b.matched) return b;
  }
  return {true, kConfidenceExact,
          fmt::format("version {} {}", show(v), r == Relation::kEqual ? "equal" : "matches")};
}

}  // namespace

MatchResult match(const Criterion& criterion, const Cpe& component_cpe, bool target_guessed) {
  if (std::string why = name_mismatch(criterion.cpe, component_cpe); !why.empty())
    return no_match(std::move(why));
  MatchResult r = check_version(criterion, component_cpe.version);
  if (!r.matched) return r;
  std::string head = fmt::format("{} matches {}", to_fs(criterion.cpe), to_fs(component_cpe));
  if (target_guessed) {
    r.confidence *= kGuessedFactor;
    r.explanation += "; component vendor/product were guessed";
  }
  if (!criterion.vulnerable) r.explanation += " (non-vulnerable criterion)";
  r.explanation = head + ": " + r.explanation;
  return r;
}

namespace {

struct NodeOutcome {
  bool satisfied = false;
  bool assumed = false;         // platform node taken as satisfied without proof
  bool vulnerable_hit = false;  // a vulnerable criterion matched
  double confidence = 0.0;
  std::string text;
};

MatchResult best_match(const Criterion& c, const std::vector<Cpe>& cpes, bool guessed) {
  MatchResult best;
  for (const Cpe& cpe : cpes) {
    MatchResult r = match(c, cpe, guessed);
    if (r.matched && r.confidence > best.confidence) best = std::move(r);
  }
  return best;
}

// The product names an operating system / hardware of the same part as a criterion.
bool platform_known(const Node& node, const std::vector<Cpe>& cpes) {
  for (const Criterion& c : node.matches) {
    if (c.cpe.part != 'o' && c.cpe.part != 'h') continue;
    for (const Cpe& p : cpes)
      if (p.part == c.cpe.part) return true;
  }
  return false;
}

NodeOutcome evaluate_node(const Node& node, const std::vector<Cpe>& cpes, bool guessed) {
  NodeOutcome out;
  const bool is_and = equals_icase(node.op, "AND");
  if (!is_and && !node.op.empty() && !equals_icase(node.op, "OR")) {
    out.text = fmt::format("unknown node operator \"{}\"", node.op);
    return out;
  }
  std::size_t hits = 0;
  double lo = 1.0, hi = 0.0;
  for (const Criterion& c : node.matches) {
    MatchResult r = best_match(c, cpes, guessed);
    if (!r.matched) continue;
    ++hits;
    out.vulnerable_hit = out.vulnerable_hit || c.vulnerable;
    lo = std::min(lo, r.confidence);
    hi = std::max(hi, r.confidence);
    if (!out.text.empty()) out.text += "; ";
    out.text += r.explanation;
  }
  bool holds = is_and ? (hits == node.matches.size() && hits > 0) : hits > 0;
  out.confidence = holds ? (is_and ? lo : hi) : 0.0;
  if (node.negate) {
    holds = !holds;
    out.vulnerable_hit = false;  // a negated node proves nothing vulnerable
    out.confidence = holds ? 1.0 : 0.0;
  }
  out.satisfied = holds;
  const bool platform = std::none_of(node.matches.begin(), node.matches.end(),
                                     [](const Criterion& c) { return c.vulnerable; });
  if (!holds && platform && !node.matches.empty() && !platform_known(node, cpes)) {
    out.satisfied = out.assumed = true;
    out.confidence = 1.0;
    out.text = fmt::format(
        "platform node ({} non-vulnerable criteria, e.g. {}) assumed satisfied: "
        "the product's CPEs do not name its platform",
        node.matches.size(), to_fs(node.matches.front().cpe));
  } else if (out.text.empty()) {
    out.text = holds ? "node satisfied" : "no criterion matched";
  }
  return out;
}

}  // namespace

ConfigurationResult evaluate_configuration_detailed(const std::vector<Node>& nodes,
                                                    std::string_view config_operator,
                                                    const std::vector<Cpe>& product_cpes,
                                                    bool targets_guessed) {
  ConfigurationResult res;
  const bool is_and = equals_icase(config_operator, "AND");
  if (!is_and && !config_operator.empty() && !equals_icase(config_operator, "OR")) {
    res.explanation = fmt::format("unknown configuration operator \"{}\"", config_operator);
    return res;
  }
  if (nodes.empty()) {
    res.explanation = "configuration has no nodes";
    return res;
  }
  bool all = true, any_vulnerable = false, assumed = false;
  double lo = 1.0, hi = 0.0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    NodeOutcome n = evaluate_node(nodes[i], product_cpes, targets_guessed);
    if (!res.explanation.empty()) res.explanation += " | ";
    res.explanation += fmt::format("node {}: {}", i, n.text);
    all = all && n.satisfied;
    if (!n.satisfied) continue;
    // In an OR configuration only the nodes that matched vulnerable criteria count.
    if (!is_and && !n.vulnerable_hit) continue;
    any_vulnerable = any_vulnerable || n.vulnerable_hit;
    assumed = assumed || n.assumed;
    lo = std::min(lo, n.confidence);
    hi = std::max(hi, n.confidence);
  }
  res.satisfied = (is_and ? all : true) && any_vulnerable;
  if (!res.satisfied) {
    if (!any_vulnerable) res.explanation += " | no vulnerable criterion matched";
    return res;
  }
  res.confidence = (is_and ? lo : hi) * (assumed ? kAssumedPlatformFactor : 1.0);
  if (assumed) res.explanation += " | platform assumed: confidence lowered";
  return res;
}

bool evaluate_configuration(const std::vector<Node>& nodes, std::string_view config_operator,
                            const std::vector<Cpe>& product_cpes) {
  return evaluate_configuration_detailed(nodes, config_operator, product_cpes).satisfied;
}

}  // namespace bulwark::cpe
