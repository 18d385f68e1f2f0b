// SPDX 2.3 JSON writer: one package per component (and the subject), DESCRIBES the subject,
// DEPENDS_ON edges from the dependency graph, CONTAINS for nested components. Licence names
// that are no SPDX identifier become LicenseRef-s with their text in hasExtractedLicensingInfos.
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

// Keeps [A-Za-z0-9.-], replacing anything else by '-'.
// SPDX actor "Organization: NAME (EMAIL)" from a supplier or maintainer field.
std::string actor(const std::string& supplier) {
  detail::Party p = detail::split_party(supplier);
  std::string out = "Organization: " + p.name;
  if (!p.email.empty())
    out += " (" + p.email + ")";
  else if (!p.url.empty())
    out += " (" + p.url + ")";
  return out;
}

std::string id_safe(std::string_view s) {
  std::string out;
  for (unsigned char c : s)
    out.push_back(std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(c) : '-');
  return out.empty() ? std::string("x") : out;
}

std::string purpose_of(const std::string& type) {
  static const std::set<std::string> kPurposes{
      "APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "OPERATING_SYSTEM", "DEVICE",
      "FIRMWARE",    "SOURCE",    "ARCHIVE", "FILE",      "INSTALL",          "OTHER"};
  std::string up;
  for (unsigned char c : type) up.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
  if (up.empty()) return "LIBRARY";
  return kPurposes.count(up) ? up : "OTHER";
}

std::string spdx_checksum_alg(std::string alg) {
  for (char& c : alg) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (alg.starts_with("SHA-")) alg.erase(3, 1);
  static const std::set<std::string> kAlgs{"SHA1",     "SHA224",   "SHA256",   "SHA384", "SHA512",
                                           "SHA3-256", "SHA3-384", "SHA3-512", "MD5",    "MD2",
                                           "MD4",      "MD6",      "ADLER32",  "BLAKE3"};
  if (alg.starts_with("BLAKE2B")) return "BLAKE2b" + alg.substr(7);
  return kAlgs.count(alg) ? alg : std::string();
}

class SpdxBuilder {
 public:
  SpdxBuilder(const Sbom& sbom, const WriteOptions& o) : sbom_(sbom), options_(o) {}

  ordered_json build() {
    ordered_json doc;
    doc["spdxVersion"] = "SPDX-2.3";
    doc["dataLicense"] = "CC0-1.0";
    doc["SPDXID"] = "SPDXRef-DOCUMENT";
    doc["name"] = sbom_.subject ? sbom_.subject->name : std::string("sbom");
    doc["documentNamespace"] = namespace_uri();
    doc["creationInfo"] = creation_info();
    ordered_json packages = ordered_json::array();
    if (sbom_.subject) {
      subject_id_ = claim_id(*sbom_.subject, "subject");
      packages.push_back(package(*sbom_.subject, subject_id_));
    }
    for (std::size_t i = 0; i < sbom_.components.size(); ++i)
      ids_.push_back(claim_id(sbom_.components[i], std::to_string(i)));
    for (std::size_t i = 0; i < sbom_.components.size(); ++i)
      packages.push_back(package(sbom_.components[i], ids_[i]));
    doc["packages"] = std::move(packages);
    if (!extracted_.empty()) doc["hasExtractedLicensingInfos"] = extracted_json();
    doc["relationships"] = relationships();
    return doc;
  }

 private:
  std::string namespace_uri() const {
    const std::string& s = sbom_.serial_number;
    return s.starts_with("urn:uuid:") ? s : "urn:uuid:" + random_uuid4();
  }

  ordered_json creation_info() const {
    ordered_json creators = ordered_json::array();
    creators.push_back("Tool: bulwark" +
                       (options_.tool_version.empty() ? "" : "-" + options_.tool_version));
    if (sbom_.subject && !sbom_.subject->supplier.empty()) {
      // The creator with its contact: "Organization: NAME (EMAIL|URL)".
      detail::Party p = detail::split_party(sbom_.subject->supplier);
      std::string contact =
          options_.contact.empty() ? (p.email.empty() ? p.url : p.email) : options_.contact;
      creators.push_back("Organization: " + p.name + (contact.empty() ? "" : " (" + contact + ")"));
    }
    ordered_json info = {
        {"created", options_.timestamp.empty() ? current_timestamp() : options_.timestamp},
        {"creators", std::move(creators)}};
    if (!options_.contact.empty()) info["comment"] = "Vulnerability contact: " + options_.contact;
    return info;
  }

  std::string claim_id(const Component& c, const std::string& fallback) {
    std::string base = "SPDXRef-" + id_safe(c.bom_ref.empty() ? fallback : c.bom_ref);
    std::string id = base;
    for (int n = 2; !used_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
    if (!c.bom_ref.empty()) by_ref_.emplace(c.bom_ref, id);
    return id;
  }

  // One licence as an SPDX expression term: identifier, (expression) or LicenseRef-.
  std::string license_term(const std::string& raw, bool several) {
    auto l = classify_license(raw);
    if (l.kind == LicenseKind::kSpdxId) return l.text;
    if (l.kind == LicenseKind::kExpression) return several ? "(" + l.text + ")" : l.text;
    auto [it, fresh] = extracted_.emplace(l.text, "LicenseRef-" + id_safe(l.text));
    if (fresh) {
      std::string id = it->second;
      for (int n = 2; !license_refs_.insert(id).second; ++n)
        id = it->second + "-" + std::to_string(n);
      it->second = id;
    }
    return it->second;
  }

  std::string declared(const Component& c) {
    std::string expr;
    std::size_t n = 0;
    for (const auto& l : c.licenses) n += !trim(l).empty();
    for (const auto& l : c.licenses) {
      if (trim(l).empty()) continue;
      if (!expr.empty()) expr += " AND ";
      expr += license_term(l, n > 1);
    }
    return expr.empty() ? "NOASSERTION" : expr;
  }

  ordered_json package(const Component& c, const std::string& id) {
    ordered_json p;
    p["SPDXID"] = id;
    p["name"] = c.name.empty() ? std::string("unnamed") : c.name;
    if (!c.version.empty()) p["versionInfo"] = c.version;
    p["supplier"] = c.supplier.empty() ? std::string("NOASSERTION") : actor(c.supplier);
    for (const auto& [k, v] : c.properties)
      if (k == "bsi:component:filename" && !v.empty()) p["packageFileName"] = v;
    p["downloadLocation"] = "NOASSERTION";
    p["filesAnalyzed"] = false;
    if (auto sums = checksums(c); !sums.empty()) p["checksums"] = std::move(sums);
    p["licenseConcluded"] = "NOASSERTION";
    p["licenseDeclared"] = declared(c);
    p["copyrightText"] = "NOASSERTION";
    if (!c.source_name.empty())
      p["sourceInfo"] = "built package from: " + c.source_name +
                        (c.source_version.empty() ? "" : " " + c.source_version);
    if (!c.location.empty()) p["comment"] = "found in: " + c.location;
    if (auto refs = external_refs(c); !refs.empty()) p["externalRefs"] = std::move(refs);
    p["primaryPackagePurpose"] = purpose_of(c.type);
    return p;
  }

  static ordered_json checksums(const Component& c) {
    ordered_json arr = ordered_json::array();
    std::set<std::string> seen;
    for (const auto& h : c.hashes) {
      std::string alg = spdx_checksum_alg(h.algorithm);
      if (!alg.empty() && !h.value.empty() && seen.insert(alg).second)
        arr.push_back({{"algorithm", alg}, {"checksumValue", to_lower(h.value)}});
    }
    return arr;
  }

  static ordered_json external_refs(const Component& c) {
    ordered_json arr = ordered_json::array();
    if (!c.purl.empty())
      arr.push_back({{"referenceCategory", "PACKAGE-MANAGER"},
                     {"referenceType", "purl"},
                     {"referenceLocator", c.purl}});
    for (const auto& cpe : c.cpes)
      arr.push_back({{"referenceCategory", "SECURITY"},
                     {"referenceType", cpe.starts_with("cpe:2.3:") ? "cpe23Type" : "cpe22Type"},
                     {"referenceLocator", cpe}});
    return arr;
  }

  ordered_json extracted_json() const {
    ordered_json arr = ordered_json::array();
    for (const auto& [text, id] : extracted_)
      arr.push_back({{"licenseId", id}, {"extractedText", text}, {"name", text}});
    return arr;
  }

  ordered_json relationships() const {
    ordered_json arr = ordered_json::array();
    auto add = [&](const std::string& a, const char* type, const std::string& b) {
      arr.push_back({{"spdxElementId", a}, {"relationshipType", type}, {"relatedSpdxElement", b}});
    };
    if (!subject_id_.empty()) add("SPDXRef-DOCUMENT", "DESCRIBES", subject_id_);
    for (std::size_t i = 0; i < sbom_.components.size(); ++i) {
      int p = sbom_.components[i].parent;
      if (p >= 0 && static_cast<std::size_t>(p) < ids_.size() && static_cast<std::size_t>(p) != i)
        add(ids_[static_cast<std::size_t>(p)], "CONTAINS", ids_[i]);
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& d : sbom_.dependencies) {
      auto from = by_ref_.find(d.ref);
      if (from == by_ref_.end()) continue;
      for (const auto& t : d.depends_on) {
        auto to = by_ref_.find(t);
        if (to != by_ref_.end() && seen.emplace(from->second, to->second).second)
          add(from->second, "DEPENDS_ON", to->second);
      }
    }
    return arr;
  }

  const Sbom& sbom_;
  const WriteOptions& options_;
  std::set<std::string> used_;
  std::unordered_map<std::string, std::string> by_ref_;  // bom-ref -> SPDXID (first wins)
  std::vector<std::string> ids_;
  std::string subject_id_;
  std::map<std::string, std::string> extracted_;  // licence name -> LicenseRef-
  std::set<std::string> license_refs_;
};

}  // namespace

Result<void> write_spdx_json(const Sbom& sbom, std::ostream& out, const WriteOptions& options) {
  ordered_json doc = SpdxBuilder(sbom, options).build();
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out) return io_error("cannot write the SPDX document");
  return {};
}

}  // namespace bulwark::sbom
