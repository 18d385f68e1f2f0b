// Exports: the native document as YAML, Markdown (the document a reviewer reads and the evidence
// bundle carries) and CycloneDX 1.6 with the model as threat-model components.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "bulwark/assessment/text.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::assessment {
namespace {

// A table cell: pipes and newlines would break the row.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out.empty() ? "-" : out;
}

std::string stride_text(const Threat& t) {
  std::vector<std::string> s;
  for (auto x : t.stride) s.emplace_back(to_string(x));
  return join(s);
}

std::string rating_text(const Rating& r) {
  return fmt::format("L{} x I{} (H{} B{} C{}) = {} {}", r.likelihood, r.impact.overall(),
                     r.impact.health_safety, r.impact.business, r.impact.critical_infrastructure,
                     r.score(), to_string(r.level()));
}

std::string score_code(const Rating& r) {
  return fmt::format("L{}/H{}/B{}/C{}", r.likelihood, r.impact.health_safety, r.impact.business,
                     r.impact.critical_infrastructure);
}

// Block-style YAML of a JSON value at `indent` spaces. Strings are double-quoted with JSON's
// escapes (all valid YAML escapes); keys are the native form's identifiers (plain). The
// canonical JSON is at most a few levels deep (no recursion limit needed beyond its shape).
void yaml_block(const nlohmann::ordered_json& v, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  auto inline_value = [](const nlohmann::ordered_json& x) -> std::optional<std::string> {
    if (x.is_object() && x.empty()) return "{}";
    if (x.is_array() && x.empty()) return "[]";
    if (!x.is_object() && !x.is_array()) return x.dump();
    return std::nullopt;
  };
  if (v.is_object()) {
    for (const auto& [k, x] : v.items()) {
      out += pad + k + ":";
      if (auto s = inline_value(x)) {
        out += " " + *s + "\n";
      } else {
        out += "\n";
        yaml_block(x, indent + 2, out);
      }
    }
  } else {
    for (const auto& x : v) {
      if (auto s = inline_value(x)) {
        out += pad + "- " + *s + "\n";
        continue;
      }
      std::string sub;
      yaml_block(x, indent + 2, sub);
      out += pad + "- " + sub.substr(static_cast<std::size_t>(indent) + 2);
    }
  }
}

}  // namespace

std::string to_yaml(const Assessment& a) {
  const auto doc = nlohmann::ordered_json::parse(to_json(a));
  std::string out;
  yaml_block(doc, 0, out);
  return out;
}

std::string to_markdown(const Assessment& a, const ExportHeader& h) {
  std::string s =
      fmt::format("# Cybersecurity risk assessment: {} {}\n\n", cell(a.product), cell(a.release));
  if (!h.revision.empty()) s += fmt::format("Revision: {}\n\n", h.revision);
  if (!h.generated_at.empty()) s += fmt::format("Generated: {}\n\n", h.generated_at);
  s += "Scale: likelihood 1 (rare) to 5 (almost certain); impact 0 (none) to 5 (severe), rated "
       "separately for users' health and safety (H), businesses (B) and critical infrastructure "
       "(C); risk = likelihood x highest impact: low 1-4, medium 5-9, high 10-16, critical "
       "17-25.\n\n";
  const auto& c = a.context;
  s += "## Context (Article 13(3))\n\n| Aspect | Statement |\n|---|---|\n";
  s += fmt::format("| Intended purpose | {} |\n", cell(c.intended_purpose));
  s += fmt::format("| Reasonably foreseeable use | {} |\n", cell(join(c.foreseeable_use, "; ")));
  s += fmt::format("| Reasonably foreseeable misuse | {} |\n",
                   cell(join(c.foreseeable_misuse, "; ")));
  s += fmt::format("| Operational environment | {} |\n", cell(c.operational_environment));
  s += fmt::format("| Expected time in use | {} |\n", cell(c.expected_time_in_use));
  if (!c.assumptions.empty())
    s += fmt::format("| Assumptions | {} |\n", cell(join(c.assumptions, "; ")));
  s += "\n## Assets\n\n| ID | Asset | Kind | C | I | A | Description "
       "|\n|---|---|---|---|---|---|---|\n";
  for (const auto& x : a.assets)
    s += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(x.id), cell(x.name), x.kind,
                     to_string(x.confidentiality), to_string(x.integrity),
                     to_string(x.availability), cell(x.description));
  s += "\n## Interfaces and entry points\n\n| ID | Interface | Kind | Exposure | Assets | "
       "Components |\n|---|---|---|---|---|---|\n";
  for (const auto& x : a.interfaces)
    s += fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell(x.id), cell(x.name), cell(x.kind),
                     cell(x.exposure), cell(join(x.assets)), cell(join(x.components)));
  if (a.reachability.complete)
    s += "\nThe component lists above are complete: a component no interface lists is reached "
         "by none.\n";
  if (!a.reachability.unreachable.empty()) {
    s += "\nComponents no interface reaches:\n\n| Component | Rationale |\n|---|---|\n";
    for (const auto& u : a.reachability.unreachable)
      s += fmt::format("| {} | {} |\n", cell(u.component), cell(u.rationale));
  }
  s += "\n## Threats\n\n| ID | Threat | STRIDE | Source | Assets | Interfaces | Inherent | "
       "Mitigations | Residual |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& t : a.threats)
    s += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", cell(t.id), cell(t.title),
                     cell(stride_text(t)), cell(t.source), cell(join(t.assets)),
                     cell(join(t.interfaces)), rating_text(t.inherent), cell(join(t.mitigations)),
                     rating_text(t.residual_or_inherent()));
  s += "\n## Mitigations\n\n| ID | Mitigation | Annex I points | Status | Evidence |\n"
       "|---|---|---|---|---|\n";
  for (const auto& m : a.mitigations) {
    std::vector<std::string> ev;
    for (const auto& e : m.evidence)
      ev.push_back(e.uri.empty() ? e.description : e.description + " <" + e.uri + ">");
    s += fmt::format("| {} | {} | {} | {} | {} |\n", cell(m.id), cell(m.title),
                     cell(join(m.requirements)), cell(m.status), cell(join(ev, "; ")));
  }
  s += "\n## Accepted risks\n\n";
  if (a.accepted_risks.empty())
    s += "None.\n";
  else {
    s += "| Threat | Rationale | Accepted by | On |\n|---|---|---|---|\n";
    for (const auto& r : a.accepted_risks)
      s += fmt::format("| {} | {} | {} | {} |\n", cell(r.threat), cell(r.rationale),
                       cell(r.accepted_by), cell(r.accepted_at));
  }
  s += "\n## Annex I Part I (2): applicability (Article 13(3), 13(4))\n\n";
  auto derived = derive_applicability(a);
  if (!derived) {
    s += "Invalid: " + cell(derived.error().message) + "\n";
  } else {
    s += "| Point | Applies | Justification / implementation | Mitigations | Threats |\n"
         "|---|---|---|---|---|\n";
    for (const auto& d : *derived)
      s += fmt::format("| {} | {} | {} | {} | {} |\n", d.requirement, d.applicable ? "yes" : "no",
                       cell(d.justification), cell(join(d.mitigations)), cell(join(d.threats)));
  }
  return s;
}

std::string to_cyclonedx(const Assessment& a, const ExportHeader& h) {
  using oj = nlohmann::ordered_json;
  auto prop = [](std::string_view n, std::string_view v) { return oj{{"name", n}, {"value", v}}; };
  oj doc;
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.6";
  doc["version"] = 1;
  oj md;
  if (!h.generated_at.empty()) md["timestamp"] = h.generated_at;
  md["component"] = {{"type", "application"},
                     {"bom-ref", "product"},
                     {"name", a.product},
                     {"version", a.release},
                     {"description", a.context.intended_purpose}};
  md["tools"] = {{"components", oj::array({{{"type", "application"}, {"name", "bulwark"}}})}};
  md["properties"] =
      oj::array({prop("bulwark:format", kFormat), prop("bulwark:revision", h.revision),
                 prop("bulwark:context:operational_environment", a.context.operational_environment),
                 prop("bulwark:context:expected_time_in_use", a.context.expected_time_in_use)});
  doc["metadata"] = md;
  oj children = oj::array();
  for (const auto& x : a.actors)
    children.push_back(
        {{"type", "threat-model"},
         {"bom-ref", "actor-" + x.id},
         {"name", x.name},
         {"description", x.description},
         {"properties", oj::array({prop("cdx:model:type", "actor"), prop("bulwark:id", x.id)})}});
  for (const auto& x : a.assets)
    children.push_back(
        {{"type", "threat-model"},
         {"bom-ref", "asset-" + x.id},
         {"name", x.name},
         {"description", x.description},
         {"properties",
          oj::array({prop("cdx:model:type", x.kind == "data" ? "asset" : "process"),
                     prop("bulwark:id", x.id),
                     prop("bulwark:need:confidentiality", to_string(x.confidentiality)),
                     prop("bulwark:need:integrity", to_string(x.integrity)),
                     prop("bulwark:need:availability", to_string(x.availability))})}});
  for (const auto& x : a.interfaces) {
    oj p = oj::array({prop("cdx:model:type", "dataflow"), prop("bulwark:id", x.id),
                      prop("bulwark:kind", x.kind), prop("bulwark:exposure", x.exposure),
                      prop("bulwark:components", join(x.components, ","))});
    if (!x.assets.empty())
      p.push_back(prop("cdx:model:dataflow:destination", "asset-" + x.assets.back()));
    if (x.assets.size() > 1)
      p.push_back(prop("cdx:model:dataflow:source", "asset-" + x.assets.front()));
    children.push_back({{"type", "threat-model"},
                        {"bom-ref", "interface-" + x.id},
                        {"name", x.name},
                        {"description", x.description},
                        {"properties", p}});
  }
  for (const auto& t : a.threats) {
    oj p = oj::array({prop("cdx:model:type", "threat"), prop("bulwark:id", t.id),
                      prop("bulwark:stride", stride_text(t)), prop("bulwark:source", t.source),
                      prop("bulwark:assets", join(t.assets, ",")),
                      prop("bulwark:interfaces", join(t.interfaces, ",")),
                      prop("bulwark:mitigations", join(t.mitigations, ",")),
                      prop("bulwark:inherent", score_code(t.inherent)),
                      prop("bulwark:risk", to_string(t.residual_or_inherent().level()))});
    if (t.residual) p.push_back(prop("bulwark:residual", score_code(*t.residual)));
    children.push_back({{"type", "threat-model"},
                        {"bom-ref", "threat-" + t.id},
                        {"name", t.title},
                        {"description", t.description},
                        {"properties", p}});
  }
  for (const auto& m : a.mitigations)
    children.push_back(
        {{"type", "threat-model"},
         {"bom-ref", "mitigation-" + m.id},
         {"name", m.title},
         {"description", m.description},
         {"properties", oj::array({prop("cdx:model:type", "mitigation"), prop("bulwark:id", m.id),
                                   prop("bulwark:requirements", join(m.requirements, ",")),
                                   prop("bulwark:status", m.status)})}});
  doc["components"] = oj::array({{{"type", "threat-model"},
                                  {"bom-ref", "risk-assessment"},
                                  {"name", a.product + " " + a.release + " risk assessment"},
                                  {"components", children}}});
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace bulwark::assessment
