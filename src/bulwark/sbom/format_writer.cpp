// Output-format dispatch and the two writers derived from the JSON ones: CycloneDX 1.6 XML
// (rendered from the CycloneDX JSON document in bom-1.6.xsd element order) and SPDX 2.3
// tag-value (rendered from the SPDX JSON document). Deriving them keeps every format's content
// identical to the JSON form the schema tests already cover.
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::sbom {
namespace {

using nlohmann::ordered_json;

struct FormatName {
  OutputFormat format;
  const char* name;
};
constexpr FormatName kFormats[] = {{OutputFormat::kCycloneDxJson, "cyclonedx-json"},
                                   {OutputFormat::kCycloneDxXml, "cyclonedx-xml"},
                                   {OutputFormat::kSpdxJson, "spdx-json"},
                                   {OutputFormat::kSpdxTagValue, "spdx-tv"},
                                   {OutputFormat::kSpdx3JsonLd, "spdx3-json"}};

// Runs a JSON writer into memory and parses the result back (strings arrive valid UTF-8).
template <class Writer>
Result<ordered_json> json_of(Writer writer, const Sbom& sbom, const WriteOptions& options) {
  std::ostringstream buf;
  if (auto r = writer(sbom, buf, options); !r) return std::unexpected(r.error());
  return ordered_json::parse(buf.str());
}

std::string str(const ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// XML 1.0 forbids most control characters even as references: drop them.
std::string xml_text(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.push_back(static_cast<char>(c));
  return out;
}

void text_child(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(xml_text(value).c_str());
}

void attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(xml_text(value).c_str());
}

// organizationalEntity: name, url*, contact* (email).
void org_xml(pugi::xml_node parent, const char* tag, const ordered_json& j) {
  auto n = parent.append_child(tag);
  if (j.contains("name")) text_child(n, "name", str(j, "name"));
  if (j.contains("url"))
    for (const auto& u : j["url"]) text_child(n, "url", u.get<std::string>());
  if (j.contains("contact"))
    for (const auto& c : j["contact"])
      text_child(n.append_child("contact"), "email", str(c, "email"));
}

void licenses_xml(pugi::xml_node parent, const ordered_json& arr) {
  auto n = parent.append_child("licenses");
  for (const auto& l : arr) {
    if (l.contains("expression")) {
      text_child(n, "expression", str(l, "expression"));
      continue;
    }
    const auto& lic = l["license"];
    auto ln = n.append_child("license");
    if (lic.contains("id"))
      text_child(ln, "id", str(lic, "id"));
    else
      text_child(ln, "name", str(lic, "name"));
  }
}

void component_xml(pugi::xml_node parent, const ordered_json& j) {
  auto n = parent.append_child("component");
  attr(n, "type", str(j, "type"));
  if (j.contains("bom-ref")) attr(n, "bom-ref", str(j, "bom-ref"));
  if (j.contains("supplier")) org_xml(n, "supplier", j["supplier"]);
  for (const char* key : {"group", "name", "version"})
    if (j.contains(key)) text_child(n, key, str(j, key));
  if (j.contains("hashes")) {
    auto hs = n.append_child("hashes");
    for (const auto& h : j["hashes"]) {
      auto hn = hs.append_child("hash");
      attr(hn, "alg", str(h, "alg"));
      hn.text().set(str(h, "content").c_str());
    }
  }
  if (j.contains("licenses")) licenses_xml(n, j["licenses"]);
  for (const char* key : {"cpe", "purl"})
    if (j.contains(key)) text_child(n, key, str(j, key));
  if (j.contains("properties")) {
    auto ps = n.append_child("properties");
    for (const auto& p : j["properties"]) {
      auto pn = ps.append_child("property");
      attr(pn, "name", str(p, "name"));
      pn.text().set(xml_text(str(p, "value")).c_str());
    }
  }
  if (j.contains("components")) {
    auto cs = n.append_child("components");
    for (const auto& c : j["components"]) component_xml(cs, c);
  }
  if (j.contains("evidence")) {
    auto occ = n.append_child("evidence").append_child("occurrences");
    for (const auto& o : j["evidence"]["occurrences"])
      text_child(occ.append_child("occurrence"), "location", str(o, "location"));
  }
}

void metadata_xml(pugi::xml_node bom, const ordered_json& meta) {
  auto m = bom.append_child("metadata");
  text_child(m, "timestamp", str(meta, "timestamp"));
  auto tools = m.append_child("tools").append_child("components");
  for (const auto& t : meta["tools"]["components"]) component_xml(tools, t);
  if (meta.contains("component")) component_xml(m, meta["component"]);
  if (meta.contains("manufacturer")) org_xml(m, "manufacturer", meta["manufacturer"]);
  if (meta.contains("supplier")) org_xml(m, "supplier", meta["supplier"]);
}

void dependencies_xml(pugi::xml_node bom, const ordered_json& deps) {
  auto ds = bom.append_child("dependencies");
  for (const auto& d : deps) {
    auto dn = ds.append_child("dependency");
    attr(dn, "ref", str(d, "ref"));
    for (const auto& t : d["dependsOn"])
      attr(dn.append_child("dependency"), "ref", t.get<std::string>());
  }
}

// ---- SPDX tag-value ----

// "</text>" cannot be represented inside a <text> block: it is dropped.
std::string without_end_tag(std::string v) {
  for (auto p = v.find("</text>"); p != std::string::npos; p = v.find("</text>")) v.erase(p, 7);
  return v;
}

// A value on one line, or a <text> block when it spans lines, has edge white space or itself
// starts with "<text>" (a line break in a value must never start a line of its own: a forged tag).
std::string tv_value(std::string v) {
  v = without_end_tag(std::move(v));
  if (v.find('\n') == std::string::npos && v.find('\r') == std::string::npos && trim(v) == v &&
      !v.starts_with("<text>"))
    return v;
  return "<text>" + v + "</text>";
}

// One space-separated word of a line (a purl or CPE locator, a checksum): white space and
// control characters are percent-encoded (as a purl encodes them), so the word stays one word
// on one line.
std::string tv_token(const std::string& v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(v.size());
  for (unsigned char c : v) {
    if (c <= 0x20 || c == 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void tv_line(std::ostream& out, const char* tag, const std::string& value) {
  if (!value.empty()) out << tag << ": " << tv_value(value) << '\n';
}

void tv_package(std::ostream& out, const ordered_json& p) {
  out << '\n';
  tv_line(out, "PackageName", str(p, "name"));
  tv_line(out, "SPDXID", str(p, "SPDXID"));
  tv_line(out, "PackageVersion", str(p, "versionInfo"));
  tv_line(out, "PackageSupplier", str(p, "supplier"));
  tv_line(out, "PackageDownloadLocation", str(p, "downloadLocation"));
  out << "FilesAnalyzed: " << (p.value("filesAnalyzed", false) ? "true" : "false") << '\n';
  if (p.contains("checksums"))
    for (const auto& c : p["checksums"])
      out << "PackageChecksum: " << tv_token(str(c, "algorithm")) << ": "
          << tv_token(str(c, "checksumValue")) << '\n';
  tv_line(out, "PackageSourceInfo", str(p, "sourceInfo"));
  tv_line(out, "PackageLicenseConcluded", str(p, "licenseConcluded"));
  tv_line(out, "PackageLicenseDeclared", str(p, "licenseDeclared"));
  tv_line(out, "PackageCopyrightText", str(p, "copyrightText"));
  tv_line(out, "PackageComment", str(p, "comment"));
  if (p.contains("externalRefs"))
    for (const auto& r : p["externalRefs"])
      out << "ExternalRef: " << tv_token(str(r, "referenceCategory")) << ' '
          << tv_token(str(r, "referenceType")) << ' ' << tv_token(str(r, "referenceLocator"))
          << '\n';
  tv_line(out, "PrimaryPackagePurpose", str(p, "primaryPackagePurpose"));
}

void tv_document(std::ostream& out, const ordered_json& doc) {
  tv_line(out, "SPDXVersion", str(doc, "spdxVersion"));
  tv_line(out, "DataLicense", str(doc, "dataLicense"));
  tv_line(out, "SPDXID", str(doc, "SPDXID"));
  tv_line(out, "DocumentName", str(doc, "name"));
  tv_line(out, "DocumentNamespace", str(doc, "documentNamespace"));
  const auto& info = doc["creationInfo"];
  for (const auto& c : info["creators"]) tv_line(out, "Creator", c.get<std::string>());
  tv_line(out, "Created", str(info, "created"));
  tv_line(out, "CreatorComment", str(info, "comment"));
  for (const auto& p : doc["packages"]) tv_package(out, p);
  out << '\n';
  for (const auto& r : doc["relationships"])
    out << "Relationship: " << tv_token(str(r, "spdxElementId")) << ' '
        << tv_token(str(r, "relationshipType")) << ' ' << tv_token(str(r, "relatedSpdxElement"))
        << '\n';
  if (doc.contains("hasExtractedLicensingInfos"))
    for (const auto& l : doc["hasExtractedLicensingInfos"]) {
      out << '\n';
      tv_line(out, "LicenseID", str(l, "licenseId"));
      out << "ExtractedText: <text>" << without_end_tag(str(l, "extractedText")) << "</text>\n";
      tv_line(out, "LicenseName", str(l, "name"));
    }
}

}  // namespace

Result<OutputFormat> parse_output_format(std::string_view name) {
  for (const auto& f : kFormats)
    if (name == f.name) return f.format;
  std::string names;
  for (const auto& f : kFormats) names += std::string(names.empty() ? "" : ", ") + f.name;
  return make_error(ErrorCode::kUsage, "unknown SBOM format '" + std::string(name) +
                                           "' (expected one of: " + names + ")");
}

const char* format_name(OutputFormat format) {
  for (const auto& f : kFormats)
    if (f.format == format) return f.name;
  return "unknown";
}

const std::vector<std::string>& output_format_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& f : kFormats) v.emplace_back(f.name);
    return v;
  }();
  return kNames;
}

Result<void> write(const Sbom& sbom, OutputFormat format, std::ostream& out,
                   const WriteOptions& options) {
  switch (format) {
    case OutputFormat::kCycloneDxJson:
      return write_cyclonedx_json(sbom, out, options);
    case OutputFormat::kCycloneDxXml:
      return write_cyclonedx_xml(sbom, out, options);
    case OutputFormat::kSpdxJson:
      return write_spdx_json(sbom, out, options);
    case OutputFormat::kSpdxTagValue:
      return write_spdx_tag_value(sbom, out, options);
    case OutputFormat::kSpdx3JsonLd:
      return write_spdx3_jsonld(sbom, out, options);
  }
  return unsupported("unknown output format");
}

Result<void> write_cyclonedx_xml(const Sbom& sbom, std::ostream& out, const WriteOptions& options) {
  auto json = json_of(write_cyclonedx_json, sbom, options);
  if (!json) return std::unexpected(json.error());
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  auto bom = doc.append_child("bom");
  attr(bom, "xmlns", "http://cyclonedx.org/schema/bom/1.6");
  attr(bom, "serialNumber", str(*json, "serialNumber"));
  attr(bom, "version", "1");
  metadata_xml(bom, (*json)["metadata"]);
  auto comps = bom.append_child("components");
  for (const auto& c : (*json)["components"]) component_xml(comps, c);
  dependencies_xml(bom, (*json)["dependencies"]);
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  if (!out) return io_error("cannot write the CycloneDX XML document");
  return {};
}

Result<void> write_spdx_tag_value(const Sbom& sbom, std::ostream& out,
                                  const WriteOptions& options) {
  auto json = json_of(write_spdx_json, sbom, options);
  if (!json) return std::unexpected(json.error());
  tv_document(out, *json);
  if (!out) return io_error("cannot write the SPDX tag-value document");
  return {};
}

}  // namespace bulwark::sbom
