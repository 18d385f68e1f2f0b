// YAML policy files. Shape (every part optional; omitted parts keep the default):
//   deadlines: {P0: 7, P1: 14, P2: 30, P3: 90, P4: 180}      # days until fix-by
//   class_raise: {important-1: 0, important-2: 1, critical: 1}
//   rules:                                                   # replaces the default rules
//     - {name: "...", priority: P1, when: {cvss_min: 9.0, epss_min: 0.1, epss_percentile_min: 0.9,
//                                          kev: true, ransomware: true, fix_available: true,
//                                          cvss_unknown: true}}
//   exposure: {raise: 1, lower: 1, exposures: [internet, lan],
//              kinds: [network, api, wireless, update], min_need: high}
#include <yaml-cpp/yaml.h>

#include <algorithm>

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

Result<std::vector<std::string>> word_list(std::string_view name, const YAML::Node& n,
                                           const std::string& key,
                                           std::initializer_list<std::string_view> allowed) {
  if (!n.IsSequence()) return invalid_input(where(name, n, key) + ": expected a list");
  std::vector<std::string> out;
  std::size_t i = 0;
  for (const auto& item : n) {
    const std::string path = key + "[" + std::to_string(i++) + "]";
    auto v = scalar<std::string>(name, item, path);
    if (!v) return std::unexpected(v.error());
    const std::string w = to_lower(*v);
    if (std::find(allowed.begin(), allowed.end(), w) == allowed.end()) {
      std::string all;
      for (auto a : allowed) all += (all.empty() ? "" : ", ") + std::string(a);
      return invalid_input(where(name, item, path) + ": '" + *v + "' is not one of " + all);
    }
    out.push_back(w);
  }
  return out;
}

Result<void> parse_exposure(std::string_view name, const YAML::Node& n, Policy::Exposure& e) {
  if (!n.IsMap()) return invalid_input(where(name, n, "exposure") + ": expected a mapping");
  for (const auto& kv : n) {
    const std::string k = kv.first.as<std::string>();
    const std::string path = "exposure." + k;
    if (k == "raise" || k == "lower") {
      auto v = scalar<int>(name, kv.second, path);
      if (!v) return std::unexpected(v.error());
      if (*v < 0 || *v > 4)
        return invalid_input(where(name, kv.second, path) + ": levels must be 0..4");
      (k == "raise" ? e.raise : e.lower) = *v;
    } else if (k == "exposures") {
      auto v = word_list(name, kv.second, path, {"internet", "lan", "local", "physical"});
      if (!v) return std::unexpected(v.error());
      e.exposures = std::move(*v);
    } else if (k == "kinds") {
      auto v =
          word_list(name, kv.second, path,
                    {"network", "api", "wireless", "update", "local", "physical", "debug", "user"});
      if (!v) return std::unexpected(v.error());
      e.kinds = std::move(*v);
    } else if (k == "min_need") {
      auto v = scalar<std::string>(name, kv.second, path);
      if (!v) return std::unexpected(v.error());
      auto need = parse_need(*v);
      if (!need) return invalid_input(where(name, kv.second, path) + ": " + need.error().message);
      e.min_need = *need;
    } else {
      return invalid_input(where(name, kv.first, path) + ": unknown key");
    }
  }
  return {};
}

}  // namespace

namespace {

Result<Policy> parse_root(const YAML::Node& root, std::string_view name) {
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
    } else if (k == "exposure") {
      if (auto e = parse_exposure(name, kv.second, p.exposure); !e)
        return std::unexpected(e.error());
    } else {
      return invalid_input(where(name, kv.first, k) + ": unknown key");
    }
  }
  return p;
}

}  // namespace

Result<Policy> parse_policy(std::string_view yaml, std::string_view name) {
  // Any node of the wrong shape (a list where a mapping or a scalar is read) is an error naming
  // the file and line, never an exception escaping.
  try {
    return parse_root(YAML::Load(std::string(yaml)), name);
  } catch (const YAML::Exception& e) {
    return invalid_input(std::string(name) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<Policy> load_policy(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_policy(*text, path);
}

}  // namespace bulwark::risk
