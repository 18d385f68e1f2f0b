// Renderers of an exposure report: native JSON (schema_version, with the catalogue's SHA-256;
// from_json reads it back), SARIF 2.1.0 (rules from the catalogue, stable partialFingerprints,
// image paths under the ROOTFS uriBaseId) and a plain-text table.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "bulwark/exposure/exposure.hpp"

namespace bulwark::exposure {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    case Severity::kInfo:
      return "0.0";
  }
  return "0.0";
}

std::string_view sarif_level(const Observation& o) {
  if (o.status != Status::kFail) return "none";
  switch (o.severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

std::string_view sarif_kind(Status s) {
  switch (s) {
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail";
    case Status::kNotApplicable:
      return "notApplicable";
    case Status::kIndeterminate:
      return "review";
  }
  return "review";
}

}  // namespace

std::string to_json(const Report& r) {
  ordered j;
  j["schema_version"] = r.schema_version;
  j["tool"] = r.tool;
  j["catalogue"] = {{"version", r.catalogue_version}, {"sha256", r.catalogue_sha256}};
  j["target"] = r.target;
  j["target_kind"] = r.target_kind;
  j["generated_at"] = r.generated_at;
  if (!r.manifest.empty()) j["manifest"] = r.manifest;
  j["summary"] = {{"pass", r.summary.pass},
                  {"fail", r.summary.fail},
                  {"not_applicable", r.summary.not_applicable},
                  {"indeterminate", r.summary.indeterminate},
                  {"waived", r.summary.waived},
                  {"elf_files", r.summary.elf_files},
                  {"network_facing", r.summary.network_facing},
                  {"files_seen", r.summary.files_seen}};
  // Per Annex I point: fails and passes.
  std::map<std::string, std::pair<std::size_t, std::size_t>> annex;
  for (const auto& o : r.observations)
    if (const CheckDef* d = find_check(o.check))
      for (std::size_t at = 0; at < d->annex.size();) {
        auto sp = d->annex.find(' ', at);
        auto id = std::string(d->annex.substr(at, sp == std::string_view::npos ? sp : sp - at));
        if (o.status == Status::kFail) ++annex[id].first;
        if (o.status == Status::kPass) ++annex[id].second;
        at = sp == std::string_view::npos ? d->annex.size() : sp + 1;
      }
  ordered a = ordered::object();
  for (const auto& [id, c] : annex) a[id] = {{"fail", c.first}, {"pass", c.second}};
  j["annex_i"] = a;
  ordered obs = ordered::array();
  for (const auto& o : r.observations) {
    ordered e;
    e["check"] = o.check;
    e["status"] = to_string(o.status);
    e["severity"] = to_string(o.severity);
    e["path"] = o.path;
    e["message"] = o.message;
    ordered ev = ordered::array();
    for (const auto& [k, v] : o.evidence) ev.push_back({{"key", k}, {"value", v}});
    e["evidence"] = ev;
    e["fingerprint"] = o.fingerprint;
    if (o.waiver)
      e["waiver"] = {
          {"reason", o.waiver->reason}, {"expires", o.waiver->expires}, {"by", o.waiver->by}};
    obs.push_back(e);
  }
  j["observations"] = obs;
  j["notes"] = r.notes;
  return j.dump(2) + "\n";
}

Result<Report> from_json(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return invalid_input("exposure report: not a JSON object");
  Report r;
  try {
    r.schema_version = j.at("schema_version").get<int>();
    if (r.schema_version != kSchemaVersion)
      return unsupported("exposure report: /schema_version " + std::to_string(r.schema_version) +
                         " (supported: " + std::to_string(kSchemaVersion) + ")");
    r.tool = j.at("tool").get<std::string>();
    r.catalogue_version = j.at("catalogue").at("version").get<std::string>();
    r.catalogue_sha256 = j.at("catalogue").at("sha256").get<std::string>();
    r.target = j.at("target").get<std::string>();
    r.target_kind = j.at("target_kind").get<std::string>();
    r.generated_at = j.at("generated_at").get<std::string>();
    r.manifest = j.value("manifest", std::string());
    const auto& s = j.at("summary");
    r.summary.elf_files = s.at("elf_files").get<std::size_t>();
    r.summary.network_facing = s.at("network_facing").get<std::size_t>();
    r.summary.files_seen = s.at("files_seen").get<std::size_t>();
    std::size_t i = 0;
    for (const auto& e : j.at("observations")) {
      Observation o;
      o.check = e.at("check").get<std::string>();
      auto st = parse_status(e.at("status").get<std::string>());
      if (!st)
        return std::unexpected(std::move(st).error().with_context(
            "exposure report: /observations/" + std::to_string(i) + "/status"));
      o.status = *st;
      auto sev = parse_severity(e.at("severity").get<std::string>());
      if (!sev)
        return std::unexpected(std::move(sev).error().with_context(
            "exposure report: /observations/" + std::to_string(i) + "/severity"));
      o.severity = *sev;
      o.path = e.at("path").get<std::string>();
      o.message = e.at("message").get<std::string>();
      for (const auto& ev : e.at("evidence"))
        o.evidence.emplace_back(ev.at("key").get<std::string>(), ev.at("value").get<std::string>());
      o.fingerprint = e.at("fingerprint").get<std::string>();
      if (auto w = e.find("waiver"); w != e.end())
        o.waiver = Waiver{w->at("reason").get<std::string>(), w->at("expires").get<std::string>(),
                          w->value("by", std::string())};
      r.observations.push_back(std::move(o));
      ++i;
    }
    for (const auto& n : j.at("notes")) r.notes.push_back(n.get<std::string>());
  } catch (const json::exception& e) {
    return invalid_input(std::string("exposure report: ") + e.what());
  }
  finish(r);
  return r;
}

std::string to_sarif(const Report& r) {
  ordered rules = ordered::array();
  std::map<std::string, std::size_t> index;
  for (const auto& c : catalogue()) {
    index[std::string(c.id)] = rules.size();
    ordered tags = ordered::array({"security"});
    for (std::size_t at = 0; at < c.annex.size();) {
      auto sp = c.annex.find(' ', at);
      tags.push_back("CRA:" +
                     std::string(c.annex.substr(at, sp == std::string_view::npos ? sp : sp - at)));
      at = sp == std::string_view::npos ? c.annex.size() : sp + 1;
    }
    if (!c.cwe.empty()) tags.push_back(std::string(c.cwe));
    rules.push_back({{"id", std::string(c.id)},
                     {"name", std::string(c.id)},
                     {"shortDescription", {{"text", std::string(c.title)}}},
                     {"fullDescription", {{"text", std::string(c.rationale)}}},
                     {"help", {{"text", std::string(c.remediation)}}},
                     {"properties",
                      {{"security-severity", std::string(security_severity(c.severity))},
                       {"precision", c.confidence == Confidence::kCertain ? "very-high"
                                     : c.confidence == Confidence::kFirm  ? "high"
                                                                          : "medium"},
                       {"tags", tags}}}});
  }
  ordered results = ordered::array();
  for (const auto& o : r.observations) {
    ordered res;
    res["ruleId"] = o.check;
    if (auto it = index.find(o.check); it != index.end()) res["ruleIndex"] = it->second;
    res["kind"] = sarif_kind(o.status);
    res["level"] = sarif_level(o);
    res["message"] = {{"text", o.message}};
    if (!o.path.empty())
      res["locations"] =
          ordered::array({{{"physicalLocation",
                            {{"artifactLocation", {{"uri", o.path}, {"uriBaseId", "ROOTFS"}}}}}}});
    res["partialFingerprints"] = {{"bulwarkExposure/v1", o.fingerprint}};
    if (o.waiver)
      res["suppressions"] = ordered::array(
          {{{"kind", "external"},
            {"status", "accepted"},
            {"justification", o.waiver->reason + " (until " + o.waiver->expires +
                                  (o.waiver->by.empty() ? "" : ", by " + o.waiver->by) + ")"}}});
    ordered props;
    props["severity"] = to_string(o.severity);
    props["security-severity"] = std::string(security_severity(o.severity));
    for (const auto& [k, v] : o.evidence) props["evidence"][k] = v;
    res["properties"] = props;
    results.push_back(res);
  }
  ordered run;
  run["tool"] = {{"driver",
                  {{"name", "bulwark-exposure"},
                   {"semanticVersion", r.catalogue_version},
                   {"properties", {{"catalogueSha256", r.catalogue_sha256}}},
                   {"rules", rules}}}};
  run["originalUriBaseIds"] = {
      {"ROOTFS", {{"description", {{"text", "root of the analysed target: " + r.target}}}}}};
  run["results"] = results;
  run["properties"] = {
      {"target", r.target}, {"targetKind", r.target_kind}, {"generatedAt", r.generated_at}};
  ordered doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ordered::array({run});
  return doc.dump(2) + "\n";
}

std::string to_table(const Report& r, bool show_passes) {
  std::string out = fmt::format("{:<20} {:<14} {:<9} {:<40} {}\n", "CHECK", "STATUS", "SEVERITY",
                                "PATH", "MESSAGE");
  for (const auto& o : r.observations) {
    if (!show_passes && (o.status == Status::kPass || o.status == Status::kNotApplicable)) continue;
    std::string sev = o.status == Status::kFail ? std::string(to_string(o.severity)) : "-";
    std::string status(to_string(o.status));
    if (o.waiver) status = "fail (waived)";
    out += fmt::format(
        "{:<20} {:<14} {:<9} {:<40} {}{}\n", o.check, status, sev, o.path.empty() ? "-" : o.path,
        o.message,
        o.waiver ? " [waiver: " + o.waiver->reason + ", until " + o.waiver->expires + "]" : "");
  }
  out += fmt::format(
      "\n{} fail ({} waived), {} pass, {} not applicable, {} indeterminate; {} ELF files ({} "
      "network-facing), "
      "{} files; "
      "catalogue {} sha256:{}\n",
      r.summary.fail, r.summary.waived, r.summary.pass, r.summary.not_applicable,
      r.summary.indeterminate, r.summary.elf_files, r.summary.network_facing, r.summary.files_seen,
      r.catalogue_version, r.catalogue_sha256.substr(0, 16));
  return out;
}

}  // namespace bulwark::exposure
