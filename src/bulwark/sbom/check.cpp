// sbom check: BSI TR-03183-2 v2.1.0 and NTIA minimum-element coverage of an SBOM. The Sbom model
// gives the component fields; facts it does not carry (SBOM creator, timestamp, contacts, file
// names, URIs) are probed from the raw document, matching components by Component::location
// (a JSON pointer, or "line N" for XML and tag-value).
#include "bulwark/sbom/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <unordered_map>
#include <vector>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/shape.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::sbom {
namespace {

struct ComponentFacts {
  bool creator_contact = false;  // supplier / manufacturer / author / originator with e-mail or URL
  bool filename = false;
  bool source_uri = false;
  bool deploy_uri = false;
  bool swid = false;
};

struct DocumentFacts {
  std::string timestamp;
  bool creator_contact = false;  // an SBOM author/manufacturer/supplier with e-mail or URL
  bool author = false;           // a person or organisation named as author
  bool tool = false;             // a tool named as creator
  bool vulnerabilities = false;  // vulnerability data embedded (CycloneDX vulnerabilities)
  std::unordered_map<std::string, ComponentFacts> components;  // by Component::location
};

using nlohmann::json;

bool has_at(std::string_view s) { return s.find('@') != std::string_view::npos; }
bool is_uri(std::string_view s) { return s.find("://") != std::string_view::npos; }

// j[key] when j is an object holding it, else null; never copies (the document is untrusted).
const json& member(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string str(const json& j, const char* key) {
  if (!j.is_object()) return std::string();
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// CycloneDX organizationalEntity / organizationalContact: has it an e-mail address or a URL?
bool cdx_entity_contact(const json& e) {
  if (!e.is_object()) return false;
  if (has_at(str(e, "email"))) return true;
  if (auto u = e.find("url"); u != e.end() && u->is_array())
    for (const auto& x : *u)
      if (x.is_string() && !x.get<std::string>().empty()) return true;
  if (auto c = e.find("contact"); c != e.end() && c->is_array())
    for (const auto& x : *c)
      if (has_at(str(x, "email"))) return true;
  return false;
}

bool cdx_authors_contact(const json& holder) {
  if (auto a = holder.find("authors"); a != holder.end() && a->is_array())
    for (const auto& x : *a)
      if (cdx_entity_contact(x)) return true;
  return false;
}

void cdx_component_facts(const json& c, ComponentFacts& f) {
  f.creator_contact = cdx_entity_contact(member(c, "supplier")) ||
                      cdx_entity_contact(member(c, "manufacturer")) || cdx_authors_contact(c) ||
                      has_at(str(c, "author"));
  f.swid = c.contains("swid");
  if (auto refs = c.find("externalReferences"); refs != c.end() && refs->is_array())
    for (const auto& r : *refs) {
      std::string type = str(r, "type");
      if (type == "vcs" || type == "source-distribution") f.source_uri = true;
      if (type == "distribution" || type == "distribution-intake") f.deploy_uri = true;
    }
}

void probe_cyclonedx_json(const json& doc, const Sbom& sbom, DocumentFacts& out) {
  const json& meta = member(doc, "metadata");
  out.timestamp = str(meta, "timestamp");
  out.creator_contact = cdx_authors_contact(meta) ||
                        cdx_entity_contact(member(meta, "manufacturer")) ||
                        cdx_entity_contact(member(meta, "supplier")) ||
                        cdx_entity_contact(member(meta, "manufacture"));
  const json& authors = member(meta, "authors");
  out.author = (!authors.is_null() && !authors.empty()) ||
               !member(meta, "manufacturer").is_null() || !member(meta, "supplier").is_null() ||
               !member(meta, "manufacture").is_null();
  const json& tools = member(meta, "tools");
  out.tool = !tools.is_null() && !tools.empty();
  const json& vulnerabilities = member(doc, "vulnerabilities");
  out.vulnerabilities = !vulnerabilities.is_null() && !vulnerabilities.empty();
  for (const auto& c : sbom.components) {
    if (!c.location.starts_with("/")) continue;
    json::json_pointer p(c.location);
    if (doc.contains(p)) cdx_component_facts(doc.at(p), out.components[c.location]);
  }
}

// SPDX actor "Organization: Acme (psirt@acme.example)": an e-mail or URL in the parentheses.
bool spdx_actor_contact(std::string_view actor) {
  auto open = actor.find('(');
  if (open == std::string_view::npos) return false;
  auto inner = actor.substr(open);
  return has_at(inner) || is_uri(inner);
}

bool real_location(std::string_view s) { return !s.empty() && s != "NONE" && s != "NOASSERTION"; }

void spdx_download_facts(std::string_view location, ComponentFacts& f) {
  if (!real_location(location)) return;
  if (location.starts_with("git") || location.starts_with("svn") || location.starts_with("hg+"))
    f.source_uri = true;
  else
    f.deploy_uri = true;
}

void probe_spdx_json(const json& doc, const Sbom& sbom, DocumentFacts& out) {
  const json& info = member(doc, "creationInfo");
  out.timestamp = str(info, "created");
  if (auto cr = info.find("creators"); cr != info.end() && cr->is_array())
    for (const auto& x : *cr) {
      std::string a = x.is_string() ? x.get<std::string>() : std::string();
      if (a.starts_with("Tool:"))
        out.tool = true;
      else if (!a.empty())
        out.author = true;
      if (!a.starts_with("Tool:") && spdx_actor_contact(a)) out.creator_contact = true;
    }
  for (const auto& c : sbom.components) {
    if (!c.location.starts_with("/")) continue;
    json::json_pointer p(c.location);
    if (!doc.contains(p)) continue;
    const json& pkg = doc.at(p);
    auto& f = out.components[c.location];
    f.creator_contact =
        spdx_actor_contact(str(pkg, "supplier")) || spdx_actor_contact(str(pkg, "originator"));
    f.filename = !str(pkg, "packageFileName").empty();
    spdx_download_facts(str(pkg, "downloadLocation"), f);
    if (auto refs = pkg.find("externalRefs"); refs != pkg.end() && refs->is_array())
      for (const auto& r : *refs)
        if (str(r, "referenceType") == "swid") f.swid = true;
  }
}

// ---- CycloneDX XML ----

bool xml_entity_contact(const pugi::xml_node& e) {
  if (!e) return false;
  if (has_at(e.child_value("email"))) return true;
  for (auto u : e.children("url"))
    if (*u.child_value()) return true;
  for (auto c : e.children("contact"))
    if (has_at(c.child_value("email"))) return true;
  return false;
}

bool xml_authors_contact(const pugi::xml_node& holder) {
  for (auto a : holder.child("authors").children("author"))
    if (xml_entity_contact(a)) return true;
  return false;
}

void xml_component_facts(const pugi::xml_node& c, ComponentFacts& f) {
  f.creator_contact = xml_entity_contact(c.child("supplier")) ||
                      xml_entity_contact(c.child("manufacturer")) || xml_authors_contact(c) ||
                      has_at(c.child_value("author"));
  f.swid = static_cast<bool>(c.child("swid"));
  for (auto r : c.child("externalReferences").children("reference")) {
    std::string type = r.attribute("type").value();
    if (type == "vcs" || type == "source-distribution") f.source_uri = true;
    if (type == "distribution" || type == "distribution-intake") f.deploy_uri = true;
  }
}

// Line numbers of byte offsets, from a sorted table of line starts (one scan of the document).
class LineTable {
 public:
  explicit LineTable(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') newlines_.push_back(i);
  }
  std::size_t line_of(std::ptrdiff_t offset) const {
    const auto at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0));
    return static_cast<std::size_t>(std::lower_bound(newlines_.begin(), newlines_.end(), at) -
                                    newlines_.begin()) +
           1;
  }

 private:
  std::vector<std::size_t> newlines_;
};

// The reader refused deeper documents; the walk stops at the same limit.
void xml_components(const LineTable& lines, const pugi::xml_node& n, DocumentFacts& out,
                    std::size_t depth = 1) {
  if (depth > kMaxNestingDepth) return;
  for (auto c : n.children("component")) {
    xml_component_facts(c,
                        out.components["line " + std::to_string(lines.line_of(c.offset_debug()))]);
    xml_components(lines, c.child("components"), out, depth + 1);
  }
}

void probe_cyclonedx_xml(std::string_view content, DocumentFacts& out) {
  pugi::xml_document doc;
  if (!doc.load_buffer(content.data(), content.size(), pugi::parse_default)) return;
  auto bom = doc.child("bom");
  auto meta = bom.child("metadata");
  out.timestamp = meta.child_value("timestamp");
  out.creator_contact =
      xml_authors_contact(meta) || xml_entity_contact(meta.child("manufacturer")) ||
      xml_entity_contact(meta.child("supplier")) || xml_entity_contact(meta.child("manufacture"));
  out.author = meta.child("authors").child("author") || meta.child("manufacturer") ||
               meta.child("supplier") || meta.child("manufacture");
  out.tool = static_cast<bool>(meta.child("tools").first_child());
  out.vulnerabilities = static_cast<bool>(bom.child("vulnerabilities").first_child());
  xml_components(LineTable(content), bom.child("components"), out);
}

// ---- SPDX tag-value ----

void probe_tag_value(std::string_view content, DocumentFacts& out) {
  ComponentFacts* current = nullptr;
  std::size_t number = 0;
  for (auto line : split(content, '\n')) {
    ++number;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto tag = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (tag == "Created") out.timestamp = std::string(value);
    if (tag == "Creator") {
      if (value.starts_with("Tool:"))
        out.tool = true;
      else
        out.author = true;
      if (!value.starts_with("Tool:") && spdx_actor_contact(value)) out.creator_contact = true;
    }
    if (tag == "PackageName") current = &out.components["line " + std::to_string(number)];
    if (tag == "FileName" || tag == "LicenseID" || tag == "SnippetSPDXID") current = nullptr;
    if (!current) continue;
    if (tag == "PackageFileName") current->filename = !value.empty();
    if (tag == "PackageSupplier" || tag == "PackageOriginator")
      current->creator_contact |= spdx_actor_contact(value);
    if (tag == "PackageDownloadLocation") spdx_download_facts(value, *current);
    if (tag == "ExternalRef" && value.find(" swid ") != std::string_view::npos)
      current->swid = true;
  }
}

DocumentFacts probe_document(std::string_view content, const Sbom& sbom) {
  DocumentFacts out;
  try {
    if (sbom.format == SbomFormat::kCycloneDxXml) {
      probe_cyclonedx_xml(content, out);
    } else if (sbom.format == SbomFormat::kSpdxTagValue) {
      probe_tag_value(content, out);
    } else {
      if (!check_json_depth(content, "")) return out;  // the reader refuses it too
      json doc = json::parse(content);
      if (sbom.format == SbomFormat::kCycloneDxJson)
        probe_cyclonedx_json(doc, sbom, out);
      else
        probe_spdx_json(doc, sbom, out);
    }
  } catch (const json::exception&) {
    // The reader accepted the document, so this is not expected; the facts stay empty.
  }
  return out;
}

// ---- requirements ----

// Which components take part in the dependency graph.
struct Graph {
  std::set<std::string> refs;     // have an entry of their own (possibly empty)
  std::set<std::string> related;  // have an entry or are the target of one
};

Graph graph_of(const Sbom& sbom) {
  Graph g;
  for (const auto& d : sbom.dependencies) {
    g.refs.insert(d.ref);
    g.related.insert(d.ref);
    for (const auto& t : d.depends_on) g.related.insert(t);
  }
  return g;
}

bool has_property(const Component& c, std::string_view name) {
  return std::any_of(c.properties.begin(), c.properties.end(), [&](const auto& p) {
    return equals_icase(p.first, name) && !trim(p.second).empty();
  });
}

bool has_sha512(const Component& c) {
  return std::any_of(c.hashes.begin(), c.hashes.end(), [](const Hash& h) {
    std::string a = to_lower(h.algorithm);
    std::erase(a, '-');
    return a == "sha512" && h.value.size() == 128;
  });
}

// A single token of SPDX idstring characters: an identifier classify_license does not know
// (its list is a common subset) is still taken as one; free-text names have spaces.
bool id_like(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '+';
  });
}

bool spdx_licensed(const Component& c) {
  bool any = false;
  for (const auto& l : c.licenses) {
    if (trim(l).empty()) continue;
    if (classify_license(l).kind == LicenseKind::kName && !id_like(trim(l))) return false;
    any = true;
  }
  return any;
}

using Test = bool (*)(const Component&, const ComponentFacts&, const Graph&);

struct FieldSpec {
  const char* id;
  const char* field;
  const char* profile;
  Tier tier;
  Test test;
  const char* fix;
};

const FieldSpec kFields[] = {
    {"BSI2.COMP", "creator_contact", "bsi", Tier::kRequired,
     [](const Component&, const ComponentFacts& f, const Graph&) { return f.creator_contact; },
     "record the component creator with an e-mail address or URL (CycloneDX supplier.url or "
     "supplier.contact.email; "
     "SPDX PackageSupplier: Organization: NAME (EMAIL))"},
    {"BSI2.COMP", "name", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) { return !trim(c.name).empty(); },
     "give every component its name"},
    {"BSI2.COMP", "version", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) {
       return !trim(c.version).empty();
     },
     "record the version; when there is none, BSI asks for the file's modification time (RFC "
     "3339)"},
    {"BSI2.COMP", "filename", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts& f, const Graph&) {
       return f.filename || has_property(c, "bsi:component:filename");
     },
     "record the file name of the deployable component (CycloneDX property bsi:component:filename, "
     "SPDX PackageFileName)"},
    {"BSI2.COMP", "dependencies", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph& g) {
       return g.refs.count(c.bom_ref) > 0;
     },
     "give every component an entry in the dependency graph, an empty one when it has no "
     "dependencies "
     "(CycloneDX dependencies[].ref; SPDX DEPENDS_ON / CONTAINS relationships)"},
    {"BSI2.LIC", "license_spdx", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) { return spdx_licensed(c); },
     "declare the distribution licence as an SPDX identifier or expression (free-text names do not "
     "count)"},
    {"BSI2.COMP", "sha512_hash", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) { return has_sha512(c); },
     "hash the delivered file: SHA-512 of the deployable component (CycloneDX hashes alg SHA-512, "
     "SPDX PackageChecksum: SHA512)"},
    {"BSI2.COMP", "executable", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) {
       return has_property(c, "bsi:component:executable");
     },
     "record property bsi:component:executable = executable | non-executable"},
    {"BSI2.COMP", "archive", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) {
       return has_property(c, "bsi:component:archive");
     },
     "record property bsi:component:archive = archive | no archive"},
    {"BSI2.COMP", "structured", "bsi", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) {
       return has_property(c, "bsi:component:structured");
     },
     "record property bsi:component:structured = structured | unstructured"},
    {"BSI2.ADD", "unique_id", "bsi", Tier::kAdditional,
     [](const Component& c, const ComponentFacts& f, const Graph&) {
       return !c.purl.empty() || !c.cpes.empty() || f.swid;
     },
     "add a purl (or CPE / SWID) to every component"},
    {"BSI2.ADD", "source_uri", "bsi", Tier::kAdditional,
     [](const Component&, const ComponentFacts& f, const Graph&) { return f.source_uri; },
     "record the source code URI (CycloneDX externalReferences type vcs or source-distribution)"},
    {"BSI2.ADD", "deployable_uri", "bsi", Tier::kAdditional,
     [](const Component&, const ComponentFacts& f, const Graph&) { return f.deploy_uri; },
     "record the URI of the deployable form (CycloneDX externalReferences type distribution, SPDX "
     "PackageDownloadLocation)"},
    {"NTIA.FIELDS", "supplier", "ntia", Tier::kRequired,
     [](const Component& c, const ComponentFacts& f, const Graph&) {
       return !trim(c.supplier).empty() || f.creator_contact;
     },
     "name the supplier of every component (CycloneDX supplier.name, SPDX PackageSupplier)"},
    {"NTIA.FIELDS", "name", "ntia", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) { return !trim(c.name).empty(); },
     "give every component its name"},
    {"NTIA.FIELDS", "version", "ntia", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph&) {
       return !trim(c.version).empty();
     },
     "record the version of every component"},
    {"NTIA.FIELDS", "unique_id", "ntia", Tier::kRequired,
     [](const Component& c, const ComponentFacts& f, const Graph&) {
       return !c.purl.empty() || !c.cpes.empty() || f.swid;
     },
     "add another unique identifier: a purl (or CPE / SWID)"},
    {"NTIA.FIELDS", "dependency", "ntia", Tier::kRequired,
     [](const Component& c, const ComponentFacts&, const Graph& g) {
       return g.related.count(c.bom_ref) > 0;
     },
     "relate every component to the product in the dependency graph (CycloneDX dependencies, SPDX "
     "DEPENDS_ON / CONTAINS)"},
};

bool wanted(std::string_view profile, CheckProfile p) {
  return p == CheckProfile::kAll || (p == CheckProfile::kBsi) == (profile == "bsi");
}

std::string label(const Component& c) {
  std::string s = c.name.empty() ? std::string("(unnamed)") : c.name;
  if (!c.version.empty()) s += "@" + c.version;
  return s + " (" + c.bom_ref + ")";
}

std::vector<FieldCoverage> coverage(const Sbom& sbom, const DocumentFacts& facts,
                                    CheckProfile profile) {
  const Graph g = graph_of(sbom);
  const ComponentFacts none;
  std::vector<FieldCoverage> out;
  for (const auto& spec : kFields) {
    if (!wanted(spec.profile, profile)) continue;
    FieldCoverage f{spec.id, spec.field, spec.profile, spec.tier, 0, sbom.components.size(),
                    {},      spec.fix};
    for (const auto& c : sbom.components) {
      auto it = facts.components.find(c.location);
      if (spec.test(c, it == facts.components.end() ? none : it->second, g))
        ++f.have;
      else
        f.failing.push_back(label(c));
    }
    if (f.failing.empty()) f.fix.clear();
    out.push_back(std::move(f));
  }
  return out;
}

bool rfc3339(const std::string& s) { return is_rfc3339_shape(s, true); }

// "1.6" / "SPDX-2.3" -> {1, 6} / {2, 3}.
std::pair<int, int> spec_number(std::string_view v) {
  if (auto dash = v.find('-'); dash != std::string_view::npos) v.remove_prefix(dash + 1);
  int major = 0, minor = 0;
  auto parts = split(v, '.');
  if (!parts.empty()) major = std::atoi(std::string(parts[0]).c_str());
  if (parts.size() > 1) minor = std::atoi(std::string(parts[1]).c_str());
  return {major, minor};
}

DocumentCheck doc_check(const char* id, const char* field, const char* profile, bool pass,
                        std::string detail, const char* fix, Tier tier = Tier::kRequired) {
  return {
      id, field, profile, tier, pass, std::move(detail), pass ? std::string() : std::string(fix)};
}

DocumentCheck format_check(const Sbom& sbom) {
  const bool cdx =
      sbom.format == SbomFormat::kCycloneDxJson || sbom.format == SbomFormat::kCycloneDxXml;
  const auto v = spec_number(sbom.spec_version);
  const bool ok = cdx ? v >= std::pair{1, 6} : v >= std::pair{3, 0};
  return doc_check(
      "BSI2.FMT", "format", "bsi", ok,
      fmt::format("{} {} (TR-03183-2 v2.1.0 asks for CycloneDX >= 1.6 or SPDX >= 3.0.1)",
                  to_string(sbom.format), sbom.spec_version),
      "write the SBOM as CycloneDX 1.6 or later, or as SPDX 3.0.1 or later");
}

std::vector<DocumentCheck> document_checks(const Sbom& sbom, const DocumentFacts& f,
                                           CheckProfile profile) {
  std::vector<DocumentCheck> out;
  const bool ts = rfc3339(f.timestamp);
  const std::string ts_detail = f.timestamp.empty() ? "no timestamp"
                                : ts                ? f.timestamp
                                                    : "not RFC 3339: " + f.timestamp;
  const char* ts_fix =
      "record when the SBOM was compiled (CycloneDX metadata.timestamp, SPDX Created) in RFC 3339";
  if (wanted("bsi", profile)) {
    out.push_back(doc_check(
        "BSI2.SBOM", "creator_contact", "bsi", f.creator_contact,
        f.creator_contact ? "SBOM creator with e-mail or URL"
                          : "no SBOM creator with an e-mail address or URL",
        "name the SBOM creator with an e-mail address or URL (CycloneDX metadata.manufacturer / "
        "authors; SPDX Creator: Organization: NAME (EMAIL))"));
    out.push_back(doc_check("BSI2.SBOM", "timestamp", "bsi", ts, ts_detail, ts_fix));
    out.push_back(format_check(sbom));
    out.push_back(doc_check(
        "BSI2.NOVULN", "no_vulnerabilities", "bsi", !f.vulnerabilities,
        f.vulnerabilities ? "the SBOM embeds vulnerability data" : "no vulnerability data",
        "remove the vulnerabilities from the SBOM and publish them as CSAF / VEX instead"));
    out.push_back(doc_check(
        "BSI2.ADD", "sbom_uri", "bsi", !sbom.serial_number.empty(),
        sbom.serial_number.empty() ? "no serialNumber / documentNamespace" : sbom.serial_number,
        "give the SBOM a unique URI (CycloneDX serialNumber, SPDX documentNamespace)",
        Tier::kAdditional));
  }
  if (wanted("ntia", profile)) {
    const bool author = f.author || f.tool;
    out.push_back(doc_check("NTIA.FIELDS", "author", "ntia", author,
                            f.author ? "author named"
                            : f.tool ? "only a tool is named as author"
                                     : "no author of the SBOM data",
                            "name the author of the SBOM data (CycloneDX metadata.authors or "
                            "manufacturer; SPDX Creator)"));
    out.push_back(doc_check("NTIA.FIELDS", "timestamp", "ntia", ts, ts_detail, ts_fix));
  }
  return out;
}

std::vector<ProfileScore> scores(const CheckReport& r, CheckProfile profile) {
  std::vector<ProfileScore> out;
  for (const char* name : {"bsi", "ntia"}) {
    if (!wanted(name, profile)) continue;
    double sum = 0;
    int items = 0;
    for (const auto& d : r.document)
      if (d.profile == name && d.tier == Tier::kRequired) sum += d.pass ? 1.0 : 0.0, ++items;
    for (const auto& f : r.fields)
      if (f.profile == name && f.tier == Tier::kRequired)
        sum += f.total ? static_cast<double>(f.have) / static_cast<double>(f.total) : 0.0, ++items;
    out.push_back({name, items ? static_cast<int>(std::floor(100.0 * sum / items + 1e-9)) : 0});
  }
  return out;
}

const char* tier_name(Tier t) { return t == Tier::kRequired ? "required" : "additional"; }

std::size_t shown(std::size_t n, std::size_t max) { return max == 0 ? n : std::min(n, max); }

}  // namespace

Result<CheckProfile> parse_check_profile(std::string_view name) {
  if (name == "bsi") return CheckProfile::kBsi;
  if (name == "ntia") return CheckProfile::kNtia;
  if (name == "all") return CheckProfile::kAll;
  return make_error(ErrorCode::kUsage, "unknown check profile '" + std::string(name) +
                                           "' (expected bsi, ntia or all)");
}

int CheckReport::min_score() const {
  int m = 100;
  for (const auto& s : scores) m = std::min(m, s.score);
  return m;
}

Result<CheckReport> check(std::string_view content, std::string_view name, CheckProfile profile) {
  auto sbom = read(content, name);
  if (!sbom) return std::unexpected(sbom.error());
  const DocumentFacts facts = probe_document(content, *sbom);
  CheckReport r;
  r.file = std::string(name);
  r.format = to_string(sbom->format);
  r.spec_version = sbom->spec_version;
  r.components = sbom->components.size();
  r.document = document_checks(*sbom, facts, profile);
  r.fields = coverage(*sbom, facts, profile);
  r.scores = scores(r, profile);
  return r;
}

Result<CheckReport> check_file(const std::string& path, CheckProfile profile) {
  auto content = bulwark::read_file(path);
  if (!content) return std::unexpected(content.error());
  return check(*content, path, profile);
}

std::string render_check_json(const CheckReport& r, std::size_t max_failing) {
  nlohmann::ordered_json j;
  j["file"] = r.file;
  j["format"] = r.format;
  j["spec_version"] = r.spec_version;
  j["components"] = r.components;
  j["scores"] = nlohmann::ordered_json::object();
  for (const auto& s : r.scores) j["scores"][s.profile] = s.score;
  j["document"] = nlohmann::ordered_json::array();
  for (const auto& d : r.document)
    j["document"].push_back({{"id", d.id},
                             {"field", d.field},
                             {"profile", d.profile},
                             {"tier", tier_name(d.tier)},
                             {"pass", d.pass},
                             {"detail", d.detail},
                             {"fix", d.fix}});
  j["fields"] = nlohmann::ordered_json::array();
  for (const auto& f : r.fields) {
    auto failing = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < shown(f.failing.size(), max_failing); ++i)
      failing.push_back(f.failing[i]);
    j["fields"].push_back({{"id", f.id},
                           {"field", f.field},
                           {"profile", f.profile},
                           {"tier", tier_name(f.tier)},
                           {"have", f.have},
                           {"total", f.total},
                           {"percent", std::round(f.percent() * 10) / 10},
                           {"failing_count", f.failing.size()},
                           {"failing", std::move(failing)},
                           {"fix", f.fix}});
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string render_check_table(const CheckReport& r, std::size_t max_failing) {
  std::string out =
      fmt::format("{}: {} {}, {} components\n", r.file, r.format, r.spec_version, r.components);
  for (const auto& s : r.scores) out += fmt::format("score {}: {}/100\n", s.profile, s.score);
  out += "\ndocument:\n";
  for (const auto& d : r.document) {
    out += fmt::format("  {:<4}  {:<11} {:<18} {}{}\n", d.pass ? "ok" : "FAIL", d.id, d.field,
                       d.detail, d.tier == Tier::kAdditional ? " [additional]" : "");
    if (!d.pass) out += fmt::format("        fix: {}\n", d.fix);
  }
  out += "\ncomponents (have/total):\n";
  for (const auto& f : r.fields) {
    out += fmt::format("  {:<4}  {:<11} {:<18} {}/{} ({:.1f}%){}\n",
                       f.failing.empty() ? "ok" : "FAIL", f.id, f.field, f.have, f.total,
                       f.percent(), f.tier == Tier::kAdditional ? " [additional]" : "");
    if (f.failing.empty()) continue;
    const std::size_t n = shown(f.failing.size(), max_failing);
    for (std::size_t i = 0; i < n; ++i) out += fmt::format("        missing: {}\n", f.failing[i]);
    if (n < f.failing.size())
      out += fmt::format("        ... {} more not shown\n", f.failing.size() - n);
    out += fmt::format("        fix: {}\n", f.fix);
  }
  return out;
}

}  // namespace bulwark::sbom
