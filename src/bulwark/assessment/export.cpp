// Exports: the native document as YAML, Markdown (the document a reviewer reads and the evidence
// bundle carries) and CycloneDX 1.6 with the model as threat-model components.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "bulwark/assessment/text.hpp"
#include "bulwark/core/html.hpp"
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

namespace {

// The reviewer's document as blocks, rendered to Markdown or HTML: one structure, two forms.
struct Block {
  enum Kind { kTitle, kHeading, kText, kTable } kind = kText;
  std::string text;  // title, heading or paragraph (plain text)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header; plain text
};

std::vector<Block> document_blocks(const Assessment& a, const ExportHeader& h) {
  std::vector<Block> b;
  auto title = [&](std::string t) { b.push_back({Block::kTitle, std::move(t), {}, {}}); };
  auto heading = [&](std::string t) { b.push_back({Block::kHeading, std::move(t), {}, {}}); };
  auto text = [&](std::string t) { b.push_back({Block::kText, std::move(t), {}, {}}); };
  auto table = [&](std::vector<std::string> header) -> Block& {
    b.push_back({Block::kTable, "", std::move(header), {}});
    return b.back();
  };
  title(fmt::format("Cybersecurity risk assessment: {} {}", a.product, a.release));
  if (!h.revision.empty()) text("Revision: " + h.revision);
  if (!h.generated_at.empty()) text("Generated: " + h.generated_at);
  text(
      "Scale: likelihood 1 (rare) to 5 (almost certain); impact 0 (none) to 5 (severe), rated "
      "separately for users' health and safety (H), businesses (B) and critical infrastructure "
      "(C); risk = likelihood x highest impact: low 1-4, medium 5-9, high 10-16, critical 17-25.");
  const auto& c = a.context;
  heading("Context (Article 13(3))");
  auto& ctx = table({"Aspect", "Statement"});
  ctx.rows = {{"Intended purpose", c.intended_purpose},
              {"Reasonably foreseeable use", join(c.foreseeable_use, "; ")},
              {"Reasonably foreseeable misuse", join(c.foreseeable_misuse, "; ")},
              {"Operational environment", c.operational_environment},
              {"Expected time in use", c.expected_time_in_use}};
  if (!c.assumptions.empty()) ctx.rows.push_back({"Assumptions", join(c.assumptions, "; ")});
  heading("Assets");
  auto& assets = table({"ID", "Asset", "Kind", "C", "I", "A", "Description"});
  for (const auto& x : a.assets)
    assets.rows.push_back({x.id, x.name, x.kind, std::string(to_string(x.confidentiality)),
                           std::string(to_string(x.integrity)),
                           std::string(to_string(x.availability)), x.description});
  heading("Interfaces and entry points");
  auto& ifs = table({"ID", "Interface", "Kind", "Exposure", "Assets", "Components"});
  for (const auto& x : a.interfaces)
    ifs.rows.push_back({x.id, x.name, x.kind, x.exposure, join(x.assets), join(x.components)});
  if (a.reachability.complete)
    text(
        "The component lists above are complete: a component no interface lists is reached by "
        "none.");
  if (!a.reachability.unreachable.empty()) {
    text("Components no interface reaches:");
    auto& un = table({"Component", "Rationale"});
    for (const auto& u : a.reachability.unreachable) un.rows.push_back({u.component, u.rationale});
  }
  heading("Threats");
  auto& th = table({"ID", "Threat", "STRIDE", "Source", "Assets", "Interfaces", "Inherent",
                    "Mitigations", "Residual"});
  for (const auto& t : a.threats)
    th.rows.push_back({t.id, t.title, stride_text(t), t.source, join(t.assets), join(t.interfaces),
                       rating_text(t.inherent), join(t.mitigations),
                       rating_text(t.residual_or_inherent())});
  heading("Mitigations");
  auto& mi = table({"ID", "Mitigation", "Annex I points", "Status", "Evidence"});
  for (const auto& m : a.mitigations) {
    std::vector<std::string> ev;
    for (const auto& e : m.evidence)
      ev.push_back(e.uri.empty() ? e.description : e.description + " <" + e.uri + ">");
    mi.rows.push_back({m.id, m.title, join(m.requirements), m.status, join(ev, "; ")});
  }
  heading("Accepted risks");
  if (a.accepted_risks.empty()) {
    text("None.");
  } else {
    auto& ac = table({"Threat", "Rationale", "Accepted by", "On"});
    for (const auto& r : a.accepted_risks)
      ac.rows.push_back({r.threat, r.rationale, r.accepted_by, r.accepted_at});
  }
  heading("Annex I Part I (2): applicability (Article 13(3), 13(4))");
  auto derived = derive_applicability(a);
  if (!derived) {
    text("Invalid: " + derived.error().message);
  } else {
    auto& ap =
        table({"Point", "Applies", "Justification / implementation", "Mitigations", "Threats"});
    for (const auto& d : *derived)
      ap.rows.push_back({d.requirement, d.applicable ? "yes" : "no", d.justification,
                         join(d.mitigations), join(d.threats)});
  }
  return b;
}

}  // namespace

std::string to_markdown(const Assessment& a, const ExportHeader& h) {
  std::string s;
  for (const auto& b : document_blocks(a, h)) {
    switch (b.kind) {
      case Block::kTitle:
        s += "# " + cell(b.text) + "\n\n";
        break;
      case Block::kHeading:
        s += "## " + b.text + "\n\n";
        break;
      case Block::kText:
        s += cell(b.text) + "\n\n";
        break;
      case Block::kTable: {
        std::vector<std::string> rule(b.header.size(), "---");
        s += "| " + join(b.header, " | ") + " |\n|" + join(rule, "|") + "|\n";
        for (const auto& row : b.rows) {
          std::vector<std::string> cells;
          for (const auto& x : row) cells.push_back(cell(x));
          s += "| " + join(cells, " | ") + " |\n";
        }
        s += "\n";
        break;
      }
    }
  }
  return s;
}

std::string to_html(const Assessment& a, const ExportHeader& h) {
  const auto blocks = document_blocks(a, h);
  std::string s =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      html_escape(blocks.front().text) +
      "</title>\n<style>body{font-family:sans-serif;max-width:80rem;margin:1rem auto;padding:0 "
      "1rem}table{border-collapse:collapse;margin:0 0 1rem}th,td{border:1px solid "
      "#999;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#eee}</style>"
      "\n</head>\n<body>\n";
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::kTitle:
        s += "<h1>" + html_escape(b.text) + "</h1>\n";
        break;
      case Block::kHeading:
        s += "<h2>" + html_escape(b.text) + "</h2>\n";
        break;
      case Block::kText:
        s += "<p>" + html_escape(b.text) + "</p>\n";
        break;
      case Block::kTable:
        s += "<table>\n<thead><tr>";
        for (const auto& x : b.header) s += "<th scope=\"col\">" + html_escape(x) + "</th>";
        s += "</tr></thead>\n<tbody>\n";
        for (const auto& row : b.rows) {
          s += "<tr>";
          for (const auto& x : row) s += "<td>" + html_escape(x.empty() ? "-" : x) + "</td>";
          s += "</tr>\n";
        }
        s += "</tbody>\n</table>\n";
        break;
    }
  }
  return s + "</body>\n</html>\n";
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
