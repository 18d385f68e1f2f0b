// CycloneDX XML (namespaces http://cyclonedx.org/schema/bom/1.0 ... 1.7) -> Sbom, with pugixml.
#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom::detail {

namespace {

constexpr std::string_view kNamespacePrefix = "http://cyclonedx.org/schema/bom/";

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// Maps byte offsets to 1-based line numbers with a sorted table of line starts.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') newlines_.push_back(i);
  }
  std::size_t line_of(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    auto it =
        std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
    return static_cast<std::size_t>(it - newlines_.begin()) + 1;
  }

 private:
  std::vector<std::size_t> newlines_;
};

std::string_view local_name(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

class CycloneDxXmlReader {
 public:
  CycloneDxXmlReader(std::string_view content, std::string_view name)
      : content_(content), name_(name), lines_(content) {}
  Result<Sbom> read();

 private:
  Result<pugi::xml_node> check_root(const pugi::xml_document& doc);
  bool is(const pugi::xml_node& n, std::string_view local) const;
  pugi::xml_node child(const pugi::xml_node& n, std::string_view local) const;
  std::string text_of(const pugi::xml_node& n, std::string_view local) const;
  std::size_t line(const pugi::xml_node& n) const { return lines_.line_of(n.offset_debug()); }
  Error error_at(const pugi::xml_node& n, const std::string& message) const;

  Result<void> read_components(const pugi::xml_node& list, int parent, std::size_t depth = 1);
  Result<Component> read_component(const pugi::xml_node& n);
  void read_licenses(Component& c, const pugi::xml_node& n) const;
  Result<void> read_hashes(Component& c, const pugi::xml_node& n) const;
  Result<void> read_properties(Component& c, const pugi::xml_node& n) const;
  Result<void> read_dependencies(const pugi::xml_node& n);

  std::string_view content_;
  std::string_view name_;
  LineIndex lines_;
  std::string prefix_;  // "" or "bom:": the prefix bound to the CycloneDX namespace
  Sbom sbom_;
};

bool CycloneDxXmlReader::is(const pugi::xml_node& n, std::string_view local) const {
  std::string_view qname = n.name();
  return n.type() == pugi::node_element && qname.size() == prefix_.size() + local.size() &&
         qname.starts_with(prefix_) && qname.ends_with(local);
}

pugi::xml_node CycloneDxXmlReader::child(const pugi::xml_node& n, std::string_view local) const {
  for (pugi::xml_node c : n.children())
    if (is(c, local)) return c;
  return {};
}

std::string CycloneDxXmlReader::text_of(const pugi::xml_node& n, std::string_view local) const {
  const pugi::xml_node c = child(n, local);
  return c ? std::string(trim(c.child_value())) : std::string();
}

Error CycloneDxXmlReader::error_at(const pugi::xml_node& n, const std::string& message) const {
  return Error{ErrorCode::kInvalidInput,
               std::string(name_) + ":" + std::to_string(line(n)) + ": " + message};
}

Result<pugi::xml_node> CycloneDxXmlReader::check_root(const pugi::xml_document& doc) {
  const pugi::xml_node root = doc.document_element();
  const std::string_view qname = root.name();
  const std::string_view local = local_name(qname);
  if (local == "SpdxDocument" || local == "RDF" || local == "Document")
    return unsupported(std::string(name_) +
                       ": SPDX XML/RDF is not supported; use SPDX JSON or tag-value");
  if (local != "bom")
    return unsupported(std::string(name_) + ": XML root <" + std::string(qname) +
                       "> is not a CycloneDX <bom>");
  prefix_ = std::string(qname.substr(0, qname.size() - local.size()));
  const std::string xmlns =
      prefix_.empty() ? "xmlns" : "xmlns:" + prefix_.substr(0, prefix_.size() - 1);
  const std::string_view ns = root.attribute(xmlns.c_str()).value();
  const std::string_view version =
      ns.starts_with(kNamespacePrefix) ? ns.substr(kNamespacePrefix.size()) : "";
  if (!supported_cyclonedx_version(version))
    return unsupported(std::string(name_) + ":" + std::to_string(line(root)) + ": XML namespace '" +
                       std::string(ns) + "' is not a supported CycloneDX namespace (" +
                       std::string(kNamespacePrefix) + "1.0 - 1.7)");
  sbom_.spec_version = std::string(version);
  sbom_.serial_number = root.attribute("serialNumber").value();
  return root;
}

Result<Sbom> CycloneDxXmlReader::read() {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(content_.data(), content_.size());
  if (!parsed) {
    const TextLocation loc =
        location_of(content_, static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)));
    return invalid_input(std::string(name_) + ":" + std::to_string(loc.line) + ":" +
                         std::to_string(loc.column) + ": " + parsed.description());
  }
  auto root = check_root(doc);
  if (!root) return std::unexpected(root.error());
  sbom_.format = SbomFormat::kCycloneDxXml;
  for (pugi::xml_node n : root->children()) {
    Result<void> r;
    if (is(n, "metadata")) {
      if (pugi::xml_node comp = child(n, "component")) {
        auto subject = read_component(comp);
        if (!subject) return std::unexpected(subject.error());
        if (subject->bom_ref.empty()) subject->bom_ref = "bulwark:metadata/component";
        sbom_.subject = std::move(*subject);
        if (pugi::xml_node nested = child(comp, "components")) r = read_components(nested, -1);
      }
    } else if (is(n, "components")) {
      r = read_components(n, -1);
    } else if (is(n, "dependencies")) {
      r = read_dependencies(n);
    }
    if (!r) return std::unexpected(r.error());
  }
  if (auto r = check_unique_refs(sbom_, name_); !r) return std::unexpected(r.error());
  return std::move(sbom_);
}

Result<void> CycloneDxXmlReader::read_components(const pugi::xml_node& list, int parent,
                                                 std::size_t depth) {
  for (pugi::xml_node n : list.children()) {
    if (!is(n, "component")) continue;
    // The document depth of a component at nesting level `depth` (bom, components, component,
    // components, ...: 2 * depth + 1), limited like JSON brackets.
    if (2 * depth + 1 > kMaxNestingDepth)
      return std::unexpected(error_at(n, "<component> " + nesting_message()));
    auto c = read_component(n);
    if (!c) return std::unexpected(c.error());
    const int self = static_cast<int>(sbom_.components.size());
    c->parent = parent;
    if (c->bom_ref.empty()) c->bom_ref = "bulwark:component/" + std::to_string(self);
    sbom_.components.push_back(std::move(*c));
    if (pugi::xml_node nested = child(n, "components")) {
      if (auto r = read_components(nested, self, depth + 1); !r) return r;
    }
  }
  return {};
}

Result<Component> CycloneDxXmlReader::read_component(const pugi::xml_node& n) {
  Component c;
  c.location = "line " + std::to_string(line(n));
  c.type = n.attribute("type").value();
  if (pugi::xml_attribute ref = n.attribute("bom-ref")) {
    c.bom_ref = ref.value();
    if (c.bom_ref.empty()) return std::unexpected(error_at(n, "component has an empty bom-ref"));
  }
  if (!child(n, "name")) return std::unexpected(error_at(n, "component has no <name>"));
  c.name = text_of(n, "name");
  c.group = text_of(n, "group");
  c.version = text_of(n, "version");
  c.purl = text_of(n, "purl");
  if (std::string cpe = text_of(n, "cpe"); !cpe.empty()) c.cpes.push_back(std::move(cpe));
  if (pugi::xml_node supplier = child(n, "supplier")) c.supplier = text_of(supplier, "name");
  if (pugi::xml_node licenses = child(n, "licenses")) read_licenses(c, licenses);
  if (pugi::xml_node hashes = child(n, "hashes")) {
    if (auto r = read_hashes(c, hashes); !r) return std::unexpected(r.error());
  }
  if (pugi::xml_node props = child(n, "properties")) {
    if (auto r = read_properties(c, props); !r) return std::unexpected(r.error());
  }
  derive_source_package(c);
  return c;
}

void CycloneDxXmlReader::read_licenses(Component& c, const pugi::xml_node& n) const {
  for (pugi::xml_node l : n.children()) {
    if (is(l, "expression")) {
      c.licenses.emplace_back(trim(l.child_value()));
    } else if (is(l, "license")) {
      std::string id = text_of(l, "id");
      if (id.empty()) id = text_of(l, "name");
      if (!id.empty()) c.licenses.push_back(std::move(id));
    }
  }
}

Result<void> CycloneDxXmlReader::read_hashes(Component& c, const pugi::xml_node& n) const {
  for (pugi::xml_node h : n.children()) {
    if (!is(h, "hash")) continue;
    const std::string_view value = trim(h.child_value());
    if (!is_hex(value)) return std::unexpected(error_at(h, "hash content is not hexadecimal"));
    c.hashes.push_back(Hash{h.attribute("alg").value(), to_lower(value)});
  }
  return {};
}

Result<void> CycloneDxXmlReader::read_properties(Component& c, const pugi::xml_node& n) const {
  for (pugi::xml_node p : n.children()) {
    if (!is(p, "property")) continue;
    const pugi::xml_attribute name = p.attribute("name");
    if (!name) return std::unexpected(error_at(p, "property has no name"));
    c.properties.emplace_back(name.value(), p.child_value());
  }
  return {};
}

Result<void> CycloneDxXmlReader::read_dependencies(const pugi::xml_node& n) {
  for (pugi::xml_node d : n.children()) {
    if (!is(d, "dependency")) continue;
    const std::string_view ref = d.attribute("ref").value();
    if (ref.empty()) return std::unexpected(error_at(d, "dependency has no ref"));
    Dependency dep{std::string(ref), {}};
    for (pugi::xml_node target : d.children()) {
      if (!is(target, "dependency")) continue;
      const std::string_view to = target.attribute("ref").value();
      if (to.empty()) return std::unexpected(error_at(target, "dependency has no ref"));
      dep.depends_on.emplace_back(to);
    }
    sbom_.dependencies.push_back(std::move(dep));
  }
  return {};
}

}  // namespace

Result<Sbom> read_cyclonedx_xml(std::string_view content, std::string_view name) {
  return CycloneDxXmlReader(content, name).read();
}

}  // namespace bulwark::sbom::detail
