// CycloneDX 1.6 JSON writer, plus the helpers both writers share (licence classification,
// timestamps, UUIDs, format dispatch).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"
#include "bulwark/sbom/writer.hpp"

namespace bulwark::sbom {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kSpdxIds[] = {"0BSD",
                                         "AFL-3.0",
                                         "AGPL-3.0",
                                         "AGPL-3.0-only",
                                         "AGPL-3.0-or-later",
                                         "Apache-1.1",
                                         "Apache-2.0",
                                         "Artistic-1.0",
                                         "Artistic-1.0-Perl",
                                         "Artistic-2.0",
                                         "BSD-1-Clause",
                                         "BSD-2-Clause",
                                         "BSD-2-Clause-Patent",
                                         "BSD-3-Clause",
                                         "BSD-3-Clause-Clear",
                                         "BSD-4-Clause",
                                         "BSD-4-Clause-UC",
                                         "BSL-1.0",
                                         "Beerware",
                                         "BlueOak-1.0.0",
                                         "CC-BY-3.0",
                                         "CC-BY-4.0",
                                         "CC-BY-SA-3.0",
                                         "CC-BY-SA-4.0",
                                         "CC0-1.0",
                                         "CDDL-1.0",
                                         "CDDL-1.1",
                                         "CPL-1.0",
                                         "ECL-2.0",
                                         "FSFAP",
                                         "FSFUL",
                                         "FSFULLR",
                                         "EPL-1.0",
                                         "EPL-2.0",
                                         "EUPL-1.1",
                                         "EUPL-1.2",
                                         "FTL",
                                         "GFDL-1.2-only",
                                         "GFDL-1.2-no-invariants-only",
                                         "GFDL-1.2-no-invariants-or-later",
                                         "GFDL-1.2-or-later",
                                         "GFDL-1.3-only",
                                         "GFDL-1.3-no-invariants-only",
                                         "GFDL-1.3-no-invariants-or-later",
                                         "GFDL-1.3-or-later",
                                         "GPL-1.0-only",
                                         "GPL-1.0-or-later",
                                         "GPL-2.0",
                                         "GPL-2.0+",
                                         "GPL-2.0-only",
                                         "GPL-2.0-or-later",
                                         "GPL-2.0-with-classpath-exception",
                                         "GPL-3.0",
                                         "GPL-3.0+",
                                         "GPL-3.0-only",
                                         "GPL-3.0-or-later",
                                         "HPND",
                                         "ICU",
                                         "IJG",
                                         "ISC",
                                         "Info-ZIP",
                                         "Inner-Net-2.0",
                                         "JSON",
                                         "LGPL-2.0",
                                         "LGPL-2.0-only",
                                         "LGPL-2.0-or-later",
                                         "LGPL-2.1",
                                         "LGPL-2.1+",
                                         "LGPL-2.1-only",
                                         "LGPL-2.1-or-later",
                                         "LGPL-3.0",
                                         "LGPL-3.0+",
                                         "LGPL-3.0-only",
                                         "LGPL-3.0-or-later",
                                         "LPPL-1.3c",
                                         "Latex2e",
                                         "Libpng",
                                         "MIT",
                                         "MIT-0",
                                         "MPL-1.1",
                                         "MPL-2.0",
                                         "MPL-2.0-no-copyleft-exception",
                                         "MS-PL",
                                         "MS-RL",
                                         "MirOS",
                                         "NCSA",
                                         "NTP",
                                         "OFL-1.1",
                                         "OpenSSL",
                                         "PHP-3.0",
                                         "PHP-3.01",
                                         "PSF-2.0",
                                         "PostgreSQL",
                                         "Python-2.0",
                                         "Ruby",
                                         "Sleepycat",
                                         "TCL",
                                         "UPL-1.0",
                                         "Unicode-3.0",
                                         "Unicode-DFS-2015",
                                         "Unicode-DFS-2016",
                                         "Unlicense",
                                         "Vim",
                                         "W3C",
                                         "WTFPL",
                                         "X11",
                                         "ZPL-2.1",
                                         "Zlib",
                                         "blessing",
                                         "bzip2-1.0.6",
                                         "curl",
                                         "libtiff"};

// The canonical spelling of a known SPDX identifier (case-insensitive match), or "".
std::string_view canonical_id(std::string_view token) {
  for (auto id : kSpdxIds)
    if (equals_icase(id, token)) return id;
  return {};
}

bool is_operator(std::string_view t) {
  return equals_icase(t, "AND") || equals_icase(t, "OR") || equals_icase(t, "WITH");
}

bool idstring(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '+' || c == ':';
  });
}

// Splits an expression into tokens: words, "(" and ")".
std::vector<std::string_view> tokenize(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s[i] == '(' || s[i] == ')') {
      out.push_back(s.substr(i++, 1));
    } else {
      std::size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != '(' &&
             s[j] != ')')
        ++j;
      out.push_back(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

// Rebuilds an expression with canonical ids and upper-case operators; "" when it is not one.
std::string as_expression(const std::vector<std::string_view>& tokens, bool lower_ops) {
  std::string out;
  for (auto t : tokens) {
    std::string word;
    if (t == "(" || t == ")")
      word = std::string(t);
    else if (is_operator(t))
      word = to_lower(t) == "and" ? "AND" : to_lower(t) == "or" ? "OR" : "WITH";
    else if (auto id = canonical_id(t); !id.empty())
      word = std::string(id);
    else if (!lower_ops && idstring(t))
      word = std::string(t);
    else
      return {};
    if (!out.empty() && out.back() != '(' && word != ")") out += ' ';
    out += word;
  }
  return out;
}

}  // namespace

std::string cyclonedx_component_type(std::string_view t) {
  static const std::set<std::string, std::less<>> kTypes{"application",
                                                         "framework",
                                                         "library",
                                                         "container",
                                                         "platform",
                                                         "operating-system",
                                                         "device",
                                                         "device-driver",
                                                         "firmware",
                                                         "file",
                                                         "machine-learning-model",
                                                         "data",
                                                         "cryptographic-asset"};
  return kTypes.contains(t) ? std::string(t) : "library";
}

namespace {

bool valid_hash(const Hash& h, std::string& alg) {
  static const std::set<std::string> kAlgs{"MD5",         "SHA-1",       "SHA-256",     "SHA-384",
                                           "SHA-512",     "SHA3-256",    "SHA3-384",    "SHA3-512",
                                           "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3"};
  alg = h.algorithm;
  for (char& c : alg) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (alg.starts_with("BLAKE2B")) alg = "BLAKE2b" + alg.substr(7);
  if (alg.size() > 3 && alg.starts_with("SHA") &&
      std::isdigit(static_cast<unsigned char>(alg[3])) && alg.find('-') == std::string::npos &&
      !alg.starts_with("SHA3"))
    alg = "SHA-" + alg.substr(3);
  auto n = h.value.size();
  bool hex =
      std::all_of(h.value.begin(), h.value.end(), [](unsigned char c) { return std::isxdigit(c); });
  return kAlgs.count(alg) && hex && (n == 32 || n == 40 || n == 64 || n == 96 || n == 128);
}

ordered_json licenses_json(const std::vector<std::string>& licenses) {
  std::vector<ClassifiedLicense> parts;
  for (const auto& l : licenses)
    if (!trim(l).empty()) parts.push_back(classify_license(l));
  ordered_json arr = ordered_json::array();
  if (parts.size() == 1 && parts[0].kind == LicenseKind::kExpression) {
    arr.push_back({{"expression", parts[0].text}});
    return arr;
  }
  // Several entries: a list of licence objects (an expression among them is kept as a name).
  for (const auto& p : parts)
    arr.push_back({{"license", p.kind == LicenseKind::kSpdxId ? ordered_json{{"id", p.text}}
                                                              : ordered_json{{"name", p.text}}}});
  return arr;
}

ordered_json hashes_json(const std::vector<Hash>& hashes) {
  ordered_json arr = ordered_json::array();
  std::set<std::string> seen;
  for (const auto& h : hashes) {
    std::string alg;
    if (!valid_hash(h, alg) || !seen.insert(alg).second) continue;
    arr.push_back({{"alg", alg}, {"content", to_lower(h.value)}});
  }
  return arr;
}

ordered_json properties_json(const Component& c) {
  ordered_json arr = ordered_json::array();
  for (const auto& [k, v] : c.properties) arr.push_back({{"name", k}, {"value", v}});
  if (!c.source_name.empty())
    arr.push_back({{"name", "bulwark:source-name"}, {"value", c.source_name}});
  if (!c.source_version.empty())
    arr.push_back({{"name", "bulwark:source-version"}, {"value", c.source_version}});
  for (std::size_t i = 1; i < c.cpes.size(); ++i)
    arr.push_back({{"name", "bulwark:cpe"}, {"value", c.cpes[i]}});
  return arr;
}

// A supplier or maintainer as an organizationalEntity: name, e-mail as a contact, URL.
ordered_json supplier_json(const std::string& supplier) {
  detail::Party p = detail::split_party(supplier);
  ordered_json j;
  if (!p.name.empty()) j["name"] = p.name;
  if (!p.url.empty()) j["url"] = ordered_json::array({p.url});
  if (!p.email.empty()) j["contact"] = ordered_json::array({{{"email", p.email}}});
  return j;
}

ordered_json component_json(const Component& c) {
  ordered_json j;
  j["type"] = cyclonedx_component_type(c.type);
  if (!c.bom_ref.empty()) j["bom-ref"] = c.bom_ref;
  if (!c.supplier.empty()) j["supplier"] = supplier_json(c.supplier);
  if (!c.group.empty()) j["group"] = c.group;
  j["name"] = c.name;
  if (!c.version.empty()) j["version"] = c.version;
  if (auto h = hashes_json(c.hashes); !h.empty()) j["hashes"] = std::move(h);
  if (auto l = licenses_json(c.licenses); !l.empty()) j["licenses"] = std::move(l);
  if (!c.cpes.empty()) j["cpe"] = c.cpes.front();
  if (!c.purl.empty()) j["purl"] = c.purl;
  if (!c.location.empty())
    j["evidence"] = {{"occurrences", ordered_json::array({{{"location", c.location}}})}};
  if (auto p = properties_json(c); !p.empty()) j["properties"] = std::move(p);
  return j;
}

// Components nested by Component::parent. A parent index out of range, a cycle, or an ancestor
// chain longer than kMaxWrittenNesting puts the component at the top level.
// What is written must read back: a component at nesting level k lies at document depth
// 2k + 1 and its licences/evidence add 3, so 45 levels stay within kMaxNestingDepth.
constexpr std::size_t kMaxWrittenNesting = (kMaxNestingDepth - 10) / 2;

class Nester {
 public:
  explicit Nester(const std::vector<Component>& comps)
      : comps_(comps), children_(comps.size()), done_(comps.size()) {
    for (std::size_t i = 0; i < comps.size(); ++i) {
      int p = comps[i].parent;
      if (p >= 0 && static_cast<std::size_t>(p) < comps.size() &&
          static_cast<std::size_t>(p) != i && !cyclic(i))
        children_[static_cast<std::size_t>(p)].push_back(i);
      else
        roots_.push_back(i);
    }
  }

  ordered_json top_level() {
    ordered_json arr = ordered_json::array();
    for (auto i : roots_) arr.push_back(emit(i));
    return arr;
  }

 private:
  bool cyclic(std::size_t i) const {
    std::size_t steps = 0;
    for (int p = comps_[i].parent; p >= 0 && static_cast<std::size_t>(p) < comps_.size();
         p = comps_[p].parent)
      if (static_cast<std::size_t>(p) == i || ++steps >= kMaxWrittenNesting) return true;
    return false;
  }

  ordered_json emit(std::size_t i) {
    done_[i] = true;
    ordered_json j = component_json(comps_[i]);
    if (!children_[i].empty()) {
      ordered_json kids = ordered_json::array();
      for (auto k : children_[i])
        if (!done_[k]) kids.push_back(emit(k));
      j["components"] = std::move(kids);
    }
    return j;
  }

  const std::vector<Component>& comps_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<bool> done_;
  std::vector<std::size_t> roots_;
};

ordered_json dependencies_json(const Sbom& sbom) {
  ordered_json arr = ordered_json::array();
  std::set<std::string> seen;
  for (const auto& d : sbom.dependencies) {
    if (d.ref.empty() || !seen.insert(d.ref).second) continue;
    ordered_json on = ordered_json::array();
    std::set<std::string> targets;
    for (const auto& t : d.depends_on)
      if (!t.empty() && targets.insert(t).second) on.push_back(t);
    arr.push_back({{"ref", d.ref}, {"dependsOn", std::move(on)}});
  }
  return arr;
}

// The manufacturer with its vulnerability contact: an e-mail address or a URL.
ordered_json manufacturer_json(const std::string& name, const std::string& contact) {
  ordered_json m;
  if (!name.empty()) m["name"] = name;
  if (contact.empty()) return m;
  if (contact.find("://") == std::string::npos && contact.find('@') != std::string::npos)
    m["contact"] = ordered_json::array({{{"email", contact}}});
  else
    m["url"] = ordered_json::array({contact});
  return m;
}

ordered_json metadata_json(const Sbom& sbom, const WriteOptions& o) {
  ordered_json meta;
  meta["timestamp"] = o.timestamp.empty() ? current_timestamp() : o.timestamp;
  ordered_json tool = {{"type", "application"}, {"name", "bulwark"}};
  if (!o.tool_version.empty()) tool["version"] = o.tool_version;
  meta["tools"] = {{"components", ordered_json::array({tool})}};
  std::string supplier = sbom.subject ? sbom.subject->supplier : std::string();
  if (sbom.subject) meta["component"] = component_json(*sbom.subject);
  if (!supplier.empty() || !o.contact.empty()) {
    meta["manufacturer"] = manufacturer_json(supplier, o.contact);
    meta["supplier"] = meta["manufacturer"];  // CRA checkers look for the contact on either
  }
  return meta;
}

// Keeps a serial number of the form urn:uuid:<uuid>; anything else is replaced.
std::string serial_of(const Sbom& sbom) {
  const std::string& s = sbom.serial_number;
  bool ok = s.size() == 45 && s.starts_with("urn:uuid:");
  for (std::size_t i = 9; ok && i < s.size(); ++i) {
    bool dash = i == 17 || i == 22 || i == 27 || i == 32;
    ok = dash ? s[i] == '-' : std::isxdigit(static_cast<unsigned char>(s[i])) != 0;
  }
  return ok ? to_lower(s) : "urn:uuid:" + random_uuid4();
}

}  // namespace

ClassifiedLicense classify_license(std::string_view license) {
  std::string_view s = trim(license);
  auto tokens = tokenize(s);
  bool has_ops = false, lower_ops = false, parens = false;
  for (auto t : tokens) {
    if (t == "(" || t == ")") parens = true;
    if (is_operator(t)) {
      has_ops = true;
      if (t != "AND" && t != "OR" && t != "WITH") lower_ops = true;
    }
  }
  if (!has_ops && !parens && tokens.size() == 1) {
    if (auto id = canonical_id(s); !id.empty()) return {LicenseKind::kSpdxId, std::string(id)};
    if (s.starts_with("LicenseRef-") && idstring(s))
      return {LicenseKind::kExpression, std::string(s)};
    return {LicenseKind::kName, std::string(s)};
  }
  if (has_ops || parens) {
    if (auto e = as_expression(tokens, lower_ops); !e.empty()) return {LicenseKind::kExpression, e};
  }
  return {LicenseKind::kName, std::string(s)};
}

const std::vector<std::string_view>& known_spdx_ids() {
  static const std::vector<std::string_view> kIds(std::begin(kSpdxIds), std::end(kSpdxIds));
  return kIds;
}

std::string current_timestamp() {
  std::time_t t = std::chrono::system_clock::to_time_t(now_or_system());
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(e, &end, 10);
    if (end && *end == '\0' && end != e && v >= 0) t = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<void> write(const Sbom& sbom, SbomFormat format, std::ostream& out,
                   const WriteOptions& options) {
  switch (format) {
    case SbomFormat::kCycloneDxJson:
      return write_cyclonedx_json(sbom, out, options);
    case SbomFormat::kSpdxJson:
      return write_spdx_json(sbom, out, options);
    default:
      return unsupported(std::string("writing ") + to_string(format) + " is not supported");
  }
}

Result<void> write_cyclonedx_json(const Sbom& sbom, std::ostream& out,
                                  const WriteOptions& options) {
  ordered_json doc;
  doc["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json";
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.6";
  doc["serialNumber"] = serial_of(sbom);
  doc["version"] = 1;
  doc["metadata"] = metadata_json(sbom, options);
  doc["components"] = Nester(sbom.components).top_level();
  doc["dependencies"] = dependencies_json(sbom);
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  if (!out) return io_error("cannot write the CycloneDX document");
  return {};
}

}  // namespace bulwark::sbom
