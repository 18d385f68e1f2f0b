// SPDX 3.0.1 JSON-LD writer (Core, Software, SimpleLicensing profiles). One @graph holding the
// CreationInfo (blank node "_:creationinfo"), the creating Tool and Agent, one software_Package per
// component and for the subject, one simplelicensing_LicenseExpression per distinct declared
// licence, and Relationships: describes (document -> subject), contains (nesting), dependsOn
// (dependency graph), hasDeclaredLicense (package -> expression). Element ids are IRIs under the
// document namespace (the serial number when it is a urn:uuid, else a fresh one).
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::sbom {
namespace {

using nlohmann::ordered_json;

constexpr const char* kCreationInfo = "_:creationinfo";

std::string id_safe(std::string_view s) {
  std::string out;
  for (unsigned char c : s)
    out.push_back(std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(c) : '-');
  return out.empty() ? std::string("x") : out;
}

// SPDX 3 HashAlgorithm vocabulary ("SHA-256" -> "sha256", "SHA3-256" -> "sha3_256"), or "".
std::string hash_algorithm(const std::string& alg) {
  std::string a;
  for (unsigned char c : alg)
    if (c != '-' && c != '_') a.push_back(static_cast<char>(std::tolower(c)));
  static const std::map<std::string, std::string> kMap{{"md5", "md5"},
                                                       {"sha1", "sha1"},
                                                       {"sha224", "sha224"},
                                                       {"sha256", "sha256"},
                                                       {"sha384", "sha384"},
                                                       {"sha512", "sha512"},
                                                       {"sha3256", "sha3_256"},
                                                       {"sha3384", "sha3_384"},
                                                       {"sha3512", "sha3_512"},
                                                       {"blake2b256", "blake2b256"},
                                                       {"blake2b384", "blake2b384"},
                                                       {"blake2b512", "blake2b512"},
                                                       {"blake3", "blake3"}};
  auto it = kMap.find(a);
  return it == kMap.end() ? std::string() : it->second;
}

// SPDX 3 software_primaryPurpose for a CycloneDX type / SPDX 2 purpose.
std::string purpose_of(const std::string& type) {
  static const std::map<std::string, std::string> kMap{{"application", "application"},
                                                       {"framework", "framework"},
                                                       {"library", "library"},
                                                       {"container", "container"},
                                                       {"platform", "platform"},
                                                       {"operating-system", "operatingSystem"},
                                                       {"operating_system", "operatingSystem"},
                                                       {"device", "device"},
                                                       {"device-driver", "deviceDriver"},
                                                       {"firmware", "firmware"},
                                                       {"file", "file"},
                                                       {"data", "data"},
                                                       {"machine-learning-model", "model"},
                                                       {"archive", "archive"},
                                                       {"source", "source"},
                                                       {"install", "install"}};
  auto it = kMap.find(to_lower(type));
  if (type.empty()) return "library";
  return it == kMap.end() ? std::string("other") : it->second;
}

class Spdx3Builder {
 public:
  Spdx3Builder(const Sbom& sbom, const WriteOptions& o) : sbom_(sbom), options_(o) {
    const std::string& s = sbom.serial_number;
    ns_ = (s.starts_with("urn:uuid:") ? s : "urn:uuid:" + random_uuid4()) + "#";
  }

  ordered_json build() {
    std::string agent = creator_agent();
    std::string tool = element_id("Tool-bulwark");
    add({{"type", "Tool"},
         {"spdxId", tool},
         {"creationInfo", kCreationInfo},
         {"name", "bulwark" + (options_.tool_version.empty() ? "" : "-" + options_.tool_version)}});
    std::string subject_id;
    if (sbom_.subject) subject_id = package(*sbom_.subject, "subject");
    for (std::size_t i = 0; i < sbom_.components.size(); ++i)
      ids_.push_back(package(sbom_.components[i], std::to_string(i)));
    relationships();
    ordered_json doc = {
        {"type", "SpdxDocument"},
        {"spdxId", ns_ + "SPDXRef-DOCUMENT"},
        {"creationInfo", kCreationInfo},
        {"name", sbom_.subject ? sbom_.subject->name : std::string("sbom")},
        {"profileConformance", {"core", "software", "simpleLicensing"}},
        {"element", elements_},
        {"rootElement",
         ordered_json::array({subject_id.empty() ? ns_ + "SPDXRef-DOCUMENT" : subject_id})}};
    if (!subject_id.empty())
      add_relationship(ns_ + "SPDXRef-DOCUMENT", "describes", {subject_id}, &doc);
    ordered_json all = ordered_json::array();
    all.push_back(creation_info(agent, tool));
    for (auto& e : graph_) all.push_back(std::move(e));
    all.push_back(std::move(doc));
    return {{"@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"},
            {"@graph", std::move(all)}};
  }

 private:
  std::string element_id(const std::string& local) {
    std::string base = ns_ + id_safe(local);
    std::string id = base;
    for (int n = 2; !used_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
    return id;
  }

  void add(ordered_json element) {
    elements_.push_back(element["spdxId"]);
    graph_.push_back(std::move(element));
  }

  ordered_json creation_info(const std::string& agent, const std::string& tool) const {
    return {{"type", "CreationInfo"},
            {"@id", kCreationInfo},
            {"specVersion", "3.0.1"},
            {"created", options_.timestamp.empty() ? current_timestamp() : options_.timestamp},
            {"createdBy", {agent}},
            {"createdUsing", {tool}}};
  }

  // The subject's supplier as an Organization carrying the vulnerability contact, else bulwark
  // itself as a SoftwareAgent.
  std::string creator_agent() {
    std::string supplier = sbom_.subject ? sbom_.subject->supplier : std::string();
    if (supplier.empty()) {
      std::string id = element_id("SoftwareAgent-bulwark");
      add({{"type", "SoftwareAgent"},
           {"spdxId", id},
           {"creationInfo", kCreationInfo},
           {"name", "bulwark"}});
      return id;
    }
    std::string id = organization(supplier);
    if (!options_.contact.empty()) {
      for (auto& e : graph_)
        if (e["spdxId"] == id) contact_of(e);
    }
    return id;
  }

  void contact_of(ordered_json& org) const {
    const std::string& c = options_.contact;
    if (c.find("://") == std::string::npos && c.find('@') != std::string::npos)
      org["externalIdentifier"] = {
          {{"type", "ExternalIdentifier"}, {"externalIdentifierType", "email"}, {"identifier", c}}};
    else
      org["externalRef"] = {
          {{"type", "ExternalRef"}, {"externalRefType", "securityOther"}, {"locator", {c}}}};
  }

  std::string organization(const std::string& name) {
    auto it = orgs_.find(name);
    if (it != orgs_.end()) return it->second;
    std::string id = element_id("Organization-" + name);
    orgs_.emplace(name, id);
    detail::Party p = detail::split_party(name);
    ordered_json org{{"type", "Organization"},
                     {"spdxId", id},
                     {"creationInfo", kCreationInfo},
                     {"name", p.name}};
    if (!p.email.empty())
      org["externalIdentifier"] = {{{"type", "ExternalIdentifier"},
                                    {"externalIdentifierType", "email"},
                                    {"identifier", p.email}}};
    else if (!p.url.empty())
      org["externalRef"] = {
          {{"type", "ExternalRef"}, {"externalRefType", "other"}, {"locator", {p.url}}}};
    add(std::move(org));
    return id;
  }

  static ordered_json identifiers(const Component& c) {
    ordered_json arr = ordered_json::array();
    if (!c.purl.empty())
      arr.push_back({{"type", "ExternalIdentifier"},
                     {"externalIdentifierType", "packageUrl"},
                     {"identifier", c.purl}});
    for (const auto& cpe : c.cpes)
      arr.push_back({{"type", "ExternalIdentifier"},
                     {"externalIdentifierType", cpe.starts_with("cpe:2.3:") ? "cpe23" : "cpe22"},
                     {"identifier", cpe}});
    return arr;
  }

  static ordered_json hashes(const Component& c) {
    ordered_json arr = ordered_json::array();
    std::set<std::string> seen;
    for (const auto& h : c.hashes) {
      std::string alg = hash_algorithm(h.algorithm);
      bool hex =
          !h.value.empty() && std::all_of(h.value.begin(), h.value.end(),
                                          [](unsigned char ch) { return std::isxdigit(ch); });
      if (!alg.empty() && hex && seen.insert(alg).second)
        arr.push_back({{"type", "Hash"}, {"algorithm", alg}, {"hashValue", to_lower(h.value)}});
    }
    return arr;
  }

  std::string package(const Component& c, const std::string& fallback) {
    std::string id = element_id("SPDXRef-" + (c.bom_ref.empty() ? fallback : c.bom_ref));
    if (!c.bom_ref.empty()) by_ref_.emplace(c.bom_ref, id);
    ordered_json p = {{"type", "software_Package"},
                      {"spdxId", id},
                      {"creationInfo", kCreationInfo},
                      {"name", c.name.empty() ? std::string("unnamed") : c.name}};
    if (!c.version.empty()) p["software_packageVersion"] = c.version;
    if (!c.supplier.empty()) p["suppliedBy"] = organization(c.supplier);
    if (!c.location.empty()) p["comment"] = "found in: " + c.location;
    if (auto ids = identifiers(c); !ids.empty()) p["externalIdentifier"] = std::move(ids);
    if (auto hs = hashes(c); !hs.empty()) p["verifiedUsing"] = std::move(hs);
    if (!c.purl.empty()) p["software_packageUrl"] = c.purl;
    p["software_primaryPurpose"] = purpose_of(c.type);
    add(std::move(p));
    if (auto lic = declared_expression(c); !lic.empty())
      add_relationship(id, "hasDeclaredLicense", {license(lic)});
    return id;
  }

  // The declared licences as one SPDX expression; names that are no SPDX identifier become
  // LicenseRef-s (their text in a SimpleLicensingText, linked via customIdToUri).
  std::string declared_expression(const Component& c) {
    std::vector<std::string> terms;
    for (const auto& raw : c.licenses) {
      if (trim(raw).empty()) continue;
      auto l = classify_license(raw);
      if (l.kind == LicenseKind::kName)
        terms.push_back(license_ref(l.text));
      else
        terms.push_back(l.text);
    }
    std::string expr;
    for (const auto& t : terms) {
      if (!expr.empty()) expr += " AND ";
      expr += terms.size() > 1 && t.find(' ') != std::string::npos ? "(" + t + ")" : t;
    }
    return expr;
  }

  std::string license_ref(const std::string& name) {
    auto it = refs_.find(name);
    if (it != refs_.end()) return it->second;
    std::string ref = "LicenseRef-" + id_safe(name);
    while (!ref_ids_.insert(ref).second) ref += "-x";
    refs_.emplace(name, ref);
    std::string id = element_id(ref);
    ref_uris_.emplace(ref, id);
    add({{"type", "simplelicensing_SimpleLicensingText"},
         {"spdxId", id},
         {"creationInfo", kCreationInfo},
         {"simplelicensing_licenseText", name}});
    return ref;
  }

  std::string license(const std::string& expression) {
    auto it = expressions_.find(expression);
    if (it != expressions_.end()) return it->second;
    std::string id = element_id("LicenseExpression-" + std::to_string(expressions_.size() + 1));
    expressions_.emplace(expression, id);
    ordered_json e = {{"type", "simplelicensing_LicenseExpression"},
                      {"spdxId", id},
                      {"creationInfo", kCreationInfo},
                      {"simplelicensing_licenseExpression", expression}};
    ordered_json custom = ordered_json::array();
    for (const auto& [ref, uri] : ref_uris_)
      if (expression.find(ref) != std::string::npos)
        custom.push_back({{"type", "DictionaryEntry"}, {"key", ref}, {"value", uri}});
    if (!custom.empty()) e["simplelicensing_customIdToUri"] = std::move(custom);
    add(std::move(e));
    return id;
  }

  void add_relationship(const std::string& from, const char* type,
                        const std::vector<std::string>& to, ordered_json* doc = nullptr) {
    std::string id = element_id("Relationship-" + std::to_string(++relationships_));
    ordered_json r = {{"type", "Relationship"},        {"spdxId", id},
                      {"creationInfo", kCreationInfo}, {"from", from},
                      {"relationshipType", type},      {"to", to}};
    if (doc) {
      (*doc)["element"].push_back(id);
      graph_.push_back(std::move(r));
    } else {
      add(std::move(r));
    }
  }

  void relationships() {
    std::map<std::string, std::vector<std::string>> contains;
    for (std::size_t i = 0; i < sbom_.components.size(); ++i) {
      int p = sbom_.components[i].parent;
      if (p >= 0 && static_cast<std::size_t>(p) < ids_.size() && static_cast<std::size_t>(p) != i)
        contains[ids_[static_cast<std::size_t>(p)]].push_back(ids_[i]);
    }
    for (const auto& [from, to] : contains) add_relationship(from, "contains", to);
    std::set<std::string> done;
    for (const auto& d : sbom_.dependencies) {
      auto from = by_ref_.find(d.ref);
      if (from == by_ref_.end() || !done.insert(d.ref).second) continue;
      std::vector<std::string> to;
      std::set<std::string> seen;
      for (const auto& t : d.depends_on)
        if (auto it = by_ref_.find(t); it != by_ref_.end() && seen.insert(it->second).second)
          to.push_back(it->second);
      if (!to.empty()) add_relationship(from->second, "dependsOn", to);
    }
  }

  const Sbom& sbom_;
  const WriteOptions& options_;
  std::string ns_;
  ordered_json graph_ = ordered_json::array();
  ordered_json elements_ = ordered_json::array();
  std::set<std::string> used_;
  std::unordered_map<std::string, std::string> by_ref_;
  std::vector<std::string> ids_;
  std::map<std::string, std::string> orgs_;
  std::map<std::string, std::string> expressions_;
  std::map<std::string, std::string> refs_, ref_uris_;
  std::set<std::string> ref_ids_;
  int relationships_ = 0;
};

}  // namespace

Result<void> write_spdx3_jsonld(const Sbom& sbom, std::ostream& out, const WriteOptions& options) {
  ordered_json doc = Spdx3Builder(sbom, options).build();
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out) return io_error("cannot write the SPDX 3 document");
  return {};
}

}  // namespace bulwark::sbom
