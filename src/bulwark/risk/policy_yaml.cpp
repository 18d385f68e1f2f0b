// YAML policy files. Shape (every part optional; omitted parts keep the default):
//   deadlines: {P0: 7, P1: 14, P2: 30, P3: 90, P4: 180}      # days until fix-by
//   class_raise: {important-1: 0, important-2: 1, critical: 1}
//   rules:                                                   # replaces the default rules
//     - {name: "...", priority: P1, when: {cvss_min: 9.0, epss_min: 0.1, epss_percentile_min: 0.9,
//                                          kev: true, ransomware: true, fix_available: true,
//                                          cvss_unknown: true}}
#include <yaml-cpp/yaml.h>

#include "bulwark/core/text.hpp"
#include "bulwark/risk/policy.hpp"

namespace bulwark::risk {
namespace {

std::string where(std::string_view name, const YAML::Node& n, const std::string& key) {
  return std::string(name) + ":" + std::to_string(n.Mark().line + 1) + ": " + key;
}

template <class T>
Result<T> scalar(std::string_view name, const YAML::Node& n, const std::string& key) {
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    return invalid_input(where(name, n, key) + ": wrong type");
  }
}

Result<Rule> parse_rule(std::string_view name, const YAML::Node& n, std::size_t index) {
  const std::string key = "rules[" + std::to_string(index) + "]";
  if (!n.IsMap()) return invalid_input(where(name, n, key) + ": expected a mapping");
  Rule r;
  if (n["name"]) r.name = n["name"].as<std::string>();
  if (!n["priority"]) return invalid_input(where(name, n, key) + ": priority is required");
  auto pr = parse_priority(n["priority"].as<std::string>());
  if (!pr) return invalid_input(where(name, n, key + ".priority") + ": " + pr.error().message);
  r.priority = *pr;
  if (r.name.empty()) r.name = key;
  const YAML::Node when = n["when"];
  if (!when) return r;
  if (!when.IsMap())
    return invalid_input(where(name, when, key + ".when") + ": expected a mapping");
  for (const auto& kv : when) {
    const std::string k = kv.first.as<std::string>();
    const std::string path = key + ".when." + k;
    if (k == "cvss_min" || k == "epss_min" || k == "epss_percentile_min") {
      auto v = scalar<double>(name, kv.second, path);
      if (!v) return std::unexpected(v.error());
      (k == "cvss_min" ? r.cvss_min : k == "epss_min" ? r.epss_min : r.epss_percentile_min) = *v;
    } else if (k == "kev" || k == "ransomware" || k == "fix_available" || k == "cvss_unknown") {
      auto v = scalar<bool>(name, kv.second, path);
      if (!v) return std::unexpected(v.error());
      if (k == "kev")
        r.kev = *v;
      else if (k == "ransomware")
        r.ransomware = *v;
      else if (k == "fix_available")
        r.fix_available = *v;
      else
        r.cvss_unknown = *v;
    } else {
      return invalid_input(where(name, kv.first, path) + ": unknown condition");
    }
  }
  return r;
}

}  // namespace

Result<Policy> parse_policy(std::string_view yaml, std::string_view name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return invalid_input(std::string(name) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  Policy p = default_policy();
  if (root.IsNull()) return p;
  if (!root.IsMap()) return invalid_input(std::string(name) + ": expected a mapping at the top");
  for (const auto& kv : root) {
    const std::string k = kv.first.as<std::string>();
    if (k == "deadlines") {
      for (const auto& d : kv.second) {
        auto pr = parse_priority(d.first.as<std::string>());
        if (!pr)
          return invalid_input(where(name, d.first, "deadlines") + ": " + pr.error().message);
        auto days = scalar<int>(name, d.second, "deadlines." + d.first.as<std::string>());
        if (!days) return std::unexpected(days.error());
        if (*days < 0) return invalid_input(where(name, d.second, "deadlines") + ": negative days");
        p.days[static_cast<int>(*pr)] = *days;
      }
    } else if (k == "class_raise") {
      for (const auto& d : kv.second) {
        auto cls = parse_product_class(d.first.as<std::string>());
        if (!cls)
          return invalid_input(where(name, d.first, "class_raise") + ": " + cls.error().message);
        auto v = scalar<int>(name, d.second, "class_raise");
        if (!v) return std::unexpected(v.error());
        if (*cls == ProductClass::kImportantI) p.raise_important_i = *v;
        if (*cls == ProductClass::kImportantII) p.raise_important_ii = *v;
        if (*cls == ProductClass::kCritical) p.raise_critical = *v;
      }
    } else if (k == "rules") {
      if (!kv.second.IsSequence())
        return invalid_input(where(name, kv.second, "rules") + ": expected a list");
      p.rules.clear();
      std::size_t i = 0;
      for (const auto& rn : kv.second) {
        auto r = parse_rule(name, rn, i++);
        if (!r) return std::unexpected(r.error());
        p.rules.push_back(std::move(*r));
      }
    } else {
      return invalid_input(where(name, kv.first, k) + ": unknown key");
    }
  }
  return p;
}

Result<Policy> load_policy(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_policy(*text, path);
}

}  // namespace bulwark::risk
