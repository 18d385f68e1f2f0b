// write_advisory: AdvisoryInput -> CSAF 2.0 csaf_security_advisory (csaf.hpp).
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/csaf/detail.hpp"
#include "bulwark/cvss/cvss.hpp"

namespace bulwark::csaf {
namespace {

using detail::is_rfc3339;
using nlohmann::json;

constexpr const char* kLegalDisclaimer =
    "This advisory is provided \"as is\" without warranty of any kind. The publisher may update it "
    "as new information becomes available.";

Result<void> check_nonempty(const std::string& value, const std::string& field) {
  if (value.empty() || value.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid_input(field + " is empty");
  return {};
}

Result<void> check_date(const std::string& value, const std::string& field) {
  if (!is_rfc3339(value))
    return invalid_input(field + ": '" + value + "' is not an RFC 3339 date-time");
  return {};
}

Result<void> check_document(const AdvisoryInput& in) {
  for (const auto& [v, f] : {std::pair{&in.tracking_id, "tracking_id"},
                             {&in.title, "title"},
                             {&in.publisher_name, "publisher_name"}})
    if (auto r = check_nonempty(*v, f); !r) return r;
  if (in.tracking_id.front() == ' ' || in.tracking_id.back() == ' ')
    return invalid_input("tracking_id: '" + in.tracking_id +
                         "' has leading or trailing white space");
  if (!detail::is_http_or_https_url(in.publisher_namespace))
    return invalid_input("publisher_namespace: '" + in.publisher_namespace +
                         "' is not an http(s) URL");
  if (!detail::is_language_tag(in.lang))
    return invalid_input("lang: '" + in.lang + "' is not a language tag");
  if (in.status != "draft" && in.status != "interim" && in.status != "final")
    return invalid_input("status: '" + in.status + "' is not draft, interim or final");
  if (detail::normalize_tlp(in.tlp).empty())
    return invalid_input("tlp: '" + in.tlp +
                         "' is not a TLP label (WHITE/CLEAR, GREEN, AMBER, RED)");
  if (auto r = check_date(in.initial_release_date, "initial_release_date"); !r) return r;
  if (auto r = check_date(in.current_release_date, "current_release_date"); !r) return r;
  if (*parse_rfc3339(in.current_release_date) < *parse_rfc3339(in.initial_release_date))
    return invalid_input("current_release_date is before initial_release_date");
  for (std::size_t i = 0; i < in.references.size(); ++i)
    if (!detail::is_http_or_https_url(in.references[i]))
      return invalid_input(
          fmt::format("references[{}]: '{}' is not an http(s) URL", i, in.references[i]));
  return {};
}

// Revision numbers: all integers or all semantic versions, no duplicates, ascending in date and
// number; final/interim documents cannot carry version 0 or a pre-release.
Result<void> check_revisions(const AdvisoryInput& in) {
  if (in.revisions.empty()) return invalid_input("revisions: at least one revision is required");
  const bool integers = detail::is_integer_version(in.revisions.front().number);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < in.revisions.size(); ++i) {
    const auto& r = in.revisions[i];
    const std::string f = fmt::format("revisions[{}]", i);
    const bool ok =
        integers ? detail::is_integer_version(r.number) : detail::is_semantic_version(r.number);
    if (!ok)
      return invalid_input(
          fmt::format("{}.number: '{}' is not a revision number ({} versioning as in revisions[0])",
                      f, r.number, integers ? "integer" : "semantic"));
    if (!seen.insert(r.number).second)
      return invalid_input(f + ".number: '" + r.number + "' appears twice");
    if (auto c = check_date(r.date, f + ".date"); !c) return c;
    if (auto c = check_nonempty(r.summary, f + ".summary"); !c) return c;
    if (i > 0 && *parse_rfc3339(r.date) < *parse_rfc3339(in.revisions[i - 1].date))
      return invalid_input(f +
                           ".date is before the previous revision's (revisions are oldest first)");
    if (i > 0 && integers && std::stoull(r.number) != std::stoull(in.revisions[i - 1].number) + 1)
      return invalid_input(f + ".number: '" + r.number + "' does not follow '" +
                           in.revisions[i - 1].number + "'");
  }
  const std::string& last = in.revisions.back().number;
  const bool prerelease =
      last == "0" || last.starts_with("0.") || last.find('-') != std::string::npos;
  if (in.status != "draft" && prerelease)
    return invalid_input("revisions: version '" + last +
                         "' is a pre-release; status must be draft");
  return {};
}

Result<std::set<std::string>> check_products(const AdvisoryInput& in) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < in.products.size(); ++i) {
    const auto& p = in.products[i];
    const std::string f = fmt::format("products[{}]", i);
    if (auto r = check_nonempty(p.product_id, f + ".product_id"); !r)
      return std::unexpected(r.error());
    if (auto r = check_nonempty(p.name, f + ".name"); !r) return std::unexpected(r.error());
    if (!ids.insert(p.product_id).second)
      return invalid_input(f + ".product_id: '" + p.product_id + "' is defined twice");
    if (!p.purl.empty() && !p.purl.starts_with("pkg:"))
      return invalid_input(f + ".purl: '" + p.purl + "' is not a package URL");
    if (!p.cpe.empty() && !p.cpe.starts_with("cpe:"))
      return invalid_input(f + ".cpe: '" + p.cpe + "' is not a CPE");
  }
  if (ids.empty()) return invalid_input("products: at least one product is required");
  return ids;
}

Result<void> check_refs(const std::vector<std::string>& refs, const std::set<std::string>& ids,
                        const std::string& field) {
  for (std::size_t i = 0; i < refs.size(); ++i)
    if (!ids.contains(refs[i]))
      return invalid_input(
          fmt::format("{}[{}]: product_id '{}' is not defined in products", field, i, refs[i]));
  return {};
}

Result<void> check_status(const AdvisoryVulnerability& v, const std::set<std::string>& ids,
                          const std::string& f) {
  std::map<std::string, std::string> group_of;
  const std::pair<const std::vector<std::string>*, const char*> groups[] = {
      {&v.known_affected, "known_affected"},
      {&v.fixed, "fixed"},
      {&v.known_not_affected, "known_not_affected"},
      {&v.under_investigation, "under_investigation"}};
  for (const auto& [list, name] : groups) {
    if (auto r = check_refs(*list, ids, f + "." + name); !r) return r;
    for (const auto& id : *list) {
      auto [it, fresh] = group_of.emplace(id, name);
      if (!fresh)
        return invalid_input(f + ": product_id '" + id + "' is in both " + it->second + " and " +
                             name);
    }
  }
  if (group_of.empty())
    return invalid_input(
        f + ": no product in known_affected, fixed, known_not_affected or under_investigation");
  return {};
}

Result<void> check_remediations(const AdvisoryVulnerability& v, const std::set<std::string>& ids,
                                const std::string& f) {
  static const std::set<std::string> kCategories = {"mitigation", "no_fix_planned",
                                                    "none_available", "vendor_fix", "workaround"};
  for (std::size_t j = 0; j < v.remediations.size(); ++j) {
    const auto& r = v.remediations[j];
    const std::string g = fmt::format("{}.remediations[{}]", f, j);
    if (!kCategories.contains(r.category))
      return invalid_input(g + ".category: '" + r.category +
                           "' is not a CSAF 2.0 remediation category");
    if (auto c = check_nonempty(r.details, g + ".details"); !c) return c;
    if (r.category == "vendor_fix" && r.product_ids.empty())
      return invalid_input(g + ": a vendor_fix needs product_ids");
    if (r.category == "vendor_fix" && r.url.empty())
      return invalid_input(g + ": a vendor_fix needs a url");
    if (!r.url.empty() && !detail::is_http_or_https_url(r.url))
      return invalid_input(g + ".url: '" + r.url + "' is not an http(s) URL");
    if (!r.date.empty())
      if (auto c = check_date(r.date, g + ".date"); !c) return c;
    if (auto c = check_refs(r.product_ids, ids, g + ".product_ids"); !c) return c;
  }
  return {};
}

Result<void> check_vulnerabilities(const AdvisoryInput& in, const std::set<std::string>& ids) {
  if (in.vulnerabilities.empty())
    return invalid_input("vulnerabilities: at least one vulnerability is required");
  std::set<std::string> cves;
  for (std::size_t i = 0; i < in.vulnerabilities.size(); ++i) {
    const auto& v = in.vulnerabilities[i];
    const std::string f = fmt::format("vulnerabilities[{}]", i);
    if (!v.cve.empty() && !detail::is_cve(v.cve))
      return invalid_input(f + ".cve: '" + v.cve + "' is not a CVE id");
    if (!v.cve.empty() && !cves.insert(v.cve).second)
      return invalid_input(f + ".cve: '" + v.cve + "' appears twice");
    if (v.cve.empty() && v.ids.empty()) return invalid_input(f + ": neither cve nor ids is given");
    if (!v.cwe_id.empty() && (!v.cwe_id.starts_with("CWE-") || v.cwe_name.empty()))
      return invalid_input(f + ".cwe_id: '" + v.cwe_id + "' needs the form CWE-<n> and a cwe_name");
    if (auto r = check_status(v, ids, f); !r) return r;
    if (auto r = check_remediations(v, ids, f); !r) return r;
    if (!v.scores.empty() && v.known_affected.empty() && v.fixed.empty())
      return invalid_input(f +
                           ".scores: no known_affected or fixed product to attach the scores to");
    for (std::size_t j = 0; j < v.references.size(); ++j)
      if (!detail::is_http_or_https_url(v.references[j]))
        return invalid_input(
            fmt::format("{}.references[{}]: '{}' is not an http(s) URL", f, j, v.references[j]));
  }
  return {};
}

// ---- building --------------------------------------------------------------------------------

json reference(const std::string& url, const std::string& self_name) {
  const bool self = !self_name.empty() && to_lower(url).ends_with("/" + self_name);
  return {{"category", self ? "self" : "external"},
          {"summary", self ? "This advisory" : url},
          {"url", url}};
}

json product_json(const AdvisoryProduct& p) {
  json prod = {{"name", p.version.empty() ? p.name : p.name + " " + p.version},
               {"product_id", p.product_id}};
  json helper = json::object();
  if (!p.purl.empty()) helper["purl"] = p.purl;
  if (!p.cpe.empty()) helper["cpe"] = p.cpe;
  if (!helper.empty()) prod["product_identification_helper"] = helper;
  return prod;
}

json& find_branch(json& list, const std::string& category, const std::string& name) {
  for (auto& b : list)
    if (b["category"] == category && b["name"] == name && b.contains("branches")) return b;
  list.push_back({{"category", category}, {"name", name}, {"branches", json::array()}});
  return list.back();
}

json product_tree(const AdvisoryInput& in) {
  json vendors = json::array();
  for (const auto& p : in.products) {
    json& vendor = find_branch(vendors, "vendor", p.vendor.empty() ? in.publisher_name : p.vendor);
    if (p.version.empty()) {
      vendor["branches"].push_back(
          {{"category", "product_name"}, {"name", p.name}, {"product", product_json(p)}});
      continue;
    }
    json& name = find_branch(vendor["branches"], "product_name", p.name);
    const char* cat =
        detail::looks_like_version_range(p.version) ? "product_version_range" : "product_version";
    name["branches"].push_back(
        {{"category", cat}, {"name", p.version}, {"product", product_json(p)}});
  }
  return {{"branches", vendors}};
}

Result<json> score_json(const AdvisoryScore& s, const std::vector<std::string>& products,
                        const std::string& f, json& notes) {
  auto sc = cvss::score(s.vector);
  if (!sc) return invalid_input(f + ".vector: " + sc.error().message);
  if (s.base_score != 0 && std::fabs(s.base_score - sc->base) > 0.05)
    return invalid_input(fmt::format("{}.base_score: {} does not match the vector's base score {}",
                                     f, s.base_score, sc->base));
  if (sc->version == cvss::Version::kV40) {
    notes.push_back({{"category", "other"},
                     {"title", "CVSS v4.0"},
                     {"text", fmt::format("{} (base score {:.1f}, {})", sc->normalized_vector,
                                          sc->base, detail::severity_of(sc->base))}});
    return json();
  }
  if (sc->version == cvss::Version::kV2)
    return json{
        {"products", products},
        {"cvss_v2",
         {{"version", "2.0"}, {"vectorString", sc->normalized_vector}, {"baseScore", sc->base}}}};
  return json{{"products", products},
              {"cvss_v3",
               {{"version", std::string(cvss::to_string(sc->version))},
                {"vectorString", sc->normalized_vector},
                {"baseScore", sc->base},
                {"baseSeverity", detail::severity_of(sc->base)}}}};
}

json product_status(const AdvisoryVulnerability& v) {
  json ps = json::object();
  if (!v.known_affected.empty()) ps["known_affected"] = v.known_affected;
  if (!v.fixed.empty()) ps["fixed"] = v.fixed;
  if (!v.known_not_affected.empty()) ps["known_not_affected"] = v.known_not_affected;
  if (!v.under_investigation.empty()) ps["under_investigation"] = v.under_investigation;
  return ps;
}

json remediations(const AdvisoryVulnerability& v) {
  json out = json::array();
  for (const auto& r : v.remediations) {
    json j = {{"category", r.category},
              {"details", r.details},
              {"product_ids", r.product_ids.empty() ? v.known_affected : r.product_ids}};
    if (!r.url.empty()) j["url"] = r.url;
    if (!r.date.empty()) j["date"] = r.date;
    out.push_back(j);
  }
  return out;
}

json threats(const AdvisoryVulnerability& v) {
  json out = json::array();
  auto add = [&](const char* cat, const std::string& details) {
    if (details.empty()) return;
    json t = {{"category", cat}, {"details", details}};
    if (!v.known_affected.empty()) t["product_ids"] = v.known_affected;
    out.push_back(t);
  };
  add("impact", v.impact);
  add("exploit_status", v.exploitation);
  return out;
}

Result<json> vulnerability_json(const AdvisoryVulnerability& v, const std::string& f) {
  json j = json::object();
  if (!v.cve.empty()) j["cve"] = v.cve;
  if (!v.ids.empty()) {
    j["ids"] = json::array();
    for (const auto& id : v.ids)
      j["ids"].push_back({{"system_name", detail::system_name_for(id)}, {"text", id}});
  }
  if (!v.cwe_id.empty()) j["cwe"] = {{"id", v.cwe_id}, {"name", v.cwe_name}};
  if (!v.title.empty()) j["title"] = v.title;
  json notes = json::array();
  const std::string label = v.cve.empty() ? v.ids.front() : v.cve;
  notes.push_back(
      {{"category", "description"},
       {"title", "Vulnerability description"},
       {"text", v.description.empty() ? (v.title.empty() ? label : v.title) : v.description}});
  j["product_status"] = product_status(v);
  const auto& scored = v.known_affected.empty() ? v.fixed : v.known_affected;
  json scores = json::array();
  for (std::size_t k = 0; k < v.scores.size(); ++k) {
    auto s = score_json(v.scores[k], scored, fmt::format("{}.scores[{}]", f, k), notes);
    if (!s) return std::unexpected(s.error());
    if (!s->is_null()) scores.push_back(*s);
  }
  if (!scores.empty()) j["scores"] = scores;
  j["notes"] = notes;
  if (!v.remediations.empty()) j["remediations"] = remediations(v);
  if (auto t = threats(v); !t.empty()) j["threats"] = t;
  if (!v.references.empty()) {
    j["references"] = json::array();
    for (const auto& url : v.references) j["references"].push_back(reference(url, ""));
  }
  return j;
}

// Two v3 (or two v2) scores on the same products would break mandatory test 6.1.7.
Result<void> check_score_versions(const json& vuln, const std::string& f) {
  if (!vuln.contains("scores")) return {};
  int v3 = 0, v2 = 0;
  for (const auto& s : vuln["scores"]) (s.contains("cvss_v3") ? v3 : v2)++;
  if (v3 > 1 || v2 > 1)
    return invalid_input(f + ".scores: more than one CVSS v3 (or v2) vector for the same products");
  return {};
}

json document_json(const AdvisoryInput& in) {
  json revs = json::array();
  for (const auto& r : in.revisions)
    revs.push_back({{"number", r.number}, {"date", r.date}, {"summary", r.summary}});
  json publisher = {
      {"category", "vendor"}, {"name", in.publisher_name}, {"namespace", in.publisher_namespace}};
  if (!in.publisher_contact.empty()) publisher["contact_details"] = in.publisher_contact;
  json notes = json::array();
  if (!in.summary.empty())
    notes.push_back({{"category", "summary"}, {"title", "Summary"}, {"text", in.summary}});
  notes.push_back(
      {{"category", "legal_disclaimer"}, {"title", "Terms of use"}, {"text", kLegalDisclaimer}});
  json doc = {
      {"category", "csaf_security_advisory"},
      {"csaf_version", "2.0"},
      {"lang", in.lang},
      {"title", in.title},
      {"publisher", publisher},
      {"distribution",
       {{"tlp",
         {{"label", detail::normalize_tlp(in.tlp)}, {"url", "https://www.first.org/tlp/"}}}}},
      {"notes", notes},
      {"tracking",
       {{"id", in.tracking_id},
        {"status", in.status},
        {"version", in.revisions.back().number},
        {"revision_history", revs},
        {"initial_release_date", in.initial_release_date},
        {"current_release_date", in.current_release_date},
        {"generator",
         {{"engine", {{"name", "Bulwark"}, {"version", std::string(kGeneratorVersion)}}}}}}}};
  if (!in.references.empty()) {
    doc["references"] = json::array();
    for (const auto& url : in.references)
      doc["references"].push_back(reference(url, file_name_for(in.tracking_id)));
  }
  return doc;
}

}  // namespace

Result<std::string> write_advisory(const AdvisoryInput& input) {
  if (auto r = check_document(input); !r) return std::unexpected(r.error());
  if (auto r = check_revisions(input); !r) return std::unexpected(r.error());
  auto ids = check_products(input);
  if (!ids) return std::unexpected(ids.error());
  if (auto r = check_vulnerabilities(input, *ids); !r) return std::unexpected(r.error());
  json vulns = json::array();
  for (std::size_t i = 0; i < input.vulnerabilities.size(); ++i) {
    const std::string f = fmt::format("vulnerabilities[{}]", i);
    auto v = vulnerability_json(input.vulnerabilities[i], f);
    if (!v) return std::unexpected(v.error());
    if (auto r = check_score_versions(*v, f); !r) return std::unexpected(r.error());
    vulns.push_back(std::move(*v));
  }
  json out = {{"document", document_json(input)},
              {"product_tree", product_tree(input)},
              {"vulnerabilities", vulns}};
  return out.dump(2) + "\n";
}

}  // namespace bulwark::csaf
