// OpenVEX 0.2.0 writer: canonical, deterministic (ordered keys, content-derived @id).
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/vex/internal.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace {

using ojson = nlohmann::ordered_json;

constexpr std::string_view kContext = "https://openvex.dev/ns/v0.2.0";
constexpr std::string_view kIdPrefix = "https://openvex.dev/docs/public/vex-";
// Texts the schema requires where the model has none (documented in docs/vex.md).
constexpr std::string_view kNoImpact = "No impact statement was recorded.";
constexpr std::string_view kNoAction = "No action statement was recorded.";

ojson component(const std::string& id) {
  ojson c = ojson::object();
  if (starts_with_icase(id, "cpe:2.3:"))
    c["identifiers"] = {{"cpe23", id}};
  else if (starts_with_icase(id, "cpe:/"))
    c["identifiers"] = {{"cpe22", id}};
  else
    c["@id"] = detail::to_iri(id, "product");
  return c;
}

ojson products(const VexStatement& s) {
  ojson out = ojson::array();
  std::set<std::string> seen;
  if (!s.product.empty()) {
    ojson p = component(s.product);
    ojson subs = ojson::array();
    for (const auto& c : s.components)
      if (seen.insert(c).second) subs.push_back(component(c));
    if (!subs.empty()) p["subcomponents"] = std::move(subs);
    out.push_back(std::move(p));
    return out;
  }
  for (const auto& c : s.components)
    if (seen.insert(c).second) out.push_back(component(c));
  return out;
}

ojson vulnerability(const VexStatement& s) {
  ojson v = {{"name", s.vulnerability}};
  ojson aliases = ojson::array();
  std::set<std::string> seen{s.vulnerability};
  for (const auto& a : s.aliases)
    if (seen.insert(a).second) aliases.push_back(a);
  if (!aliases.empty()) v["aliases"] = std::move(aliases);
  return v;
}

// not_affected and false_positive (which OpenVEX lacks) become not_affected with a justification
// or impact statement; the detail of other states travels as status_notes.
void write_analysis(const Analysis& a, ojson& st) {
  bool not_affected =
      a.state == AnalysisState::kNotAffected || a.state == AnalysisState::kFalsePositive;
  st["status"] = not_affected ? "not_affected" : std::string(to_string(a.state));
  if (not_affected) {
    Justification j = a.justification;
    if (j == Justification::kNone && a.state == AnalysisState::kFalsePositive)
      j = Justification::kVulnerableCodeNotPresent;
    if (j != Justification::kNone) st["justification"] = to_string(j);
    if (!a.detail.empty())
      st["impact_statement"] = a.detail;
    else if (j == Justification::kNone)
      st["impact_statement"] = kNoImpact;
  } else if (!a.detail.empty()) {
    st["status_notes"] = a.detail;
  }
  if (!a.action_statement.empty())
    st["action_statement"] = a.action_statement;
  else if (a.state == AnalysisState::kAffected)
    st["action_statement"] = kNoAction;
}

ojson statement(const VexStatement& s) {
  ojson st = ojson::object();
  st["vulnerability"] = vulnerability(s);
  if (!s.analysis.timestamp.empty()) {
    auto ts = detail::normalise_timestamp(s.analysis.timestamp, "");
    if (ts) st["timestamp"] = *ts;
  }
  ojson prods = products(s);
  if (!prods.empty()) st["products"] = std::move(prods);
  write_analysis(s.analysis, st);
  return st;
}

std::string doc_timestamp(const VexDocument& doc) {
  if (auto ts = detail::normalise_timestamp(doc.timestamp, ""); ts && !ts->empty()) return *ts;
  std::string latest;
  for (const auto& s : doc.statements)
    if (auto ts = detail::normalise_timestamp(s.analysis.timestamp, ""); ts && *ts > latest)
      latest = *ts;
  if (!latest.empty()) return latest;
  auto t = now();
  return t ? format_rfc3339(*t) : "1970-01-01T00:00:00Z";
}

int doc_version(const std::string& v) {
  long long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > 100000000) return 1;
    n = n * 10 + (c - '0');
  }
  return n >= 1 ? static_cast<int>(n) : 1;
}

}  // namespace

std::string write_openvex(const VexDocument& doc) {
  ojson out = ojson::object();
  out["@context"] = kContext;
  out["@id"] = "";
  out["author"] = doc.author.empty() ? "Unknown Author" : doc.author;
  out["timestamp"] = doc_timestamp(doc);
  out["version"] = doc_version(doc.version);
  out["tooling"] = "bulwark";
  ojson sts = ojson::array();
  std::set<std::string> seen;  // the schema wants unique statements
  for (const auto& s : doc.statements) {
    ojson st = statement(s);
    if (seen.insert(detail::dump_json(st)).second) sts.push_back(std::move(st));
  }
  out["statements"] = std::move(sts);
  if (!doc.id.empty()) {
    out["@id"] = detail::to_iri(doc.id, "vex");
  } else {
    out.erase("@id");
    std::string id = std::string(kIdPrefix) + sha256_hex(detail::dump_json(out));
    ojson with_id = ojson::object();
    with_id["@context"] = kContext;
    with_id["@id"] = id;
    for (auto it = out.begin(); it != out.end(); ++it)
      if (it.key() != "@context") with_id[it.key()] = it.value();
    out = std::move(with_id);
  }
  return detail::dump_json(out, 2) + "\n";
}

}  // namespace bulwark::vex
