// CycloneDX JSON (1.2 - 1.7) -> Sbom, walking a simdjson DOM.
#include <simdjson.h>

#include <string>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"
#include "bulwark/sbom/json_dom.hpp"

namespace bulwark::sbom::detail {

namespace {

namespace dom = simdjson::dom;

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

class CycloneDxJsonReader {
 public:
  explicit CycloneDxJsonReader(std::string_view name) : w_(name) {}
  Result<Sbom> read(const dom::element& root);

 private:
  Result<void> read_header(const dom::object& root);
  Result<void> read_metadata(const dom::element& v);
  Result<void> read_components(const dom::element& v, int parent, std::size_t depth = 1);
  Result<Component> read_component(const dom::element& v, dom::element& nested, bool& has_nested);
  Result<void> read_field(Component& c, std::string_view key, const dom::element& v);
  Result<void> read_supplier(Component& c, const dom::element& v);
  Result<void> read_licenses(Component& c, const dom::element& v);
  Result<void> read_license(Component& c, const dom::element& v);
  Result<void> read_hashes(Component& c, const dom::element& v);
  Result<void> read_properties(Component& c, const dom::element& v);
  Result<void> read_dependencies(const dom::element& v);
  Result<void> read_dependency(const dom::element& v);
  Result<std::string_view> str(const dom::element& v, std::string_view key) const {
    return w_.string_of(v, key);
  }

  JsonWalker w_;
  Sbom sbom_;
};

Result<Sbom> CycloneDxJsonReader::read(const dom::element& root) {
  dom::object obj = root.get_object().value_unsafe();
  if (auto r = read_header(obj); !r) return std::unexpected(r.error());
  for (dom::key_value_pair field : obj) {
    Result<void> r;
    if (field.key == "metadata") {
      Scope s(w_, "metadata");
      r = read_metadata(field.value);
    } else if (field.key == "components") {
      Scope s(w_, "components");
      r = read_components(field.value, -1);
    } else if (field.key == "dependencies") {
      Scope s(w_, "dependencies");
      r = read_dependencies(field.value);
    }
    if (!r) return std::unexpected(r.error());
  }
  if (auto r = check_unique_refs(sbom_, w_.name()); !r) return std::unexpected(r.error());
  return std::move(sbom_);
}

Result<void> CycloneDxJsonReader::read_header(const dom::object& root) {
  sbom_.format = SbomFormat::kCycloneDxJson;
  auto format = str(root.at_key("bomFormat").value_unsafe(), "bomFormat");
  if (!format) return std::unexpected(format.error());
  if (*format != "CycloneDX")
    return std::unexpected(
        w_.error_at("bomFormat", "expected \"CycloneDX\", got \"" + std::string(*format) + "\""));
  dom::element v;
  if (root.at_key("specVersion").get(v))
    return std::unexpected(w_.error_at("specVersion", "missing"));
  auto version = str(v, "specVersion");
  if (!version) return std::unexpected(version.error());
  if (!supported_cyclonedx_version(*version))
    return unsupported(std::string(w_.name()) + ": CycloneDX specVersion " + std::string(*version) +
                       " is not supported (1.0 - 1.7 are)");
  sbom_.spec_version = std::string(*version);
  if (!root.at_key("serialNumber").get(v)) {
    auto serial = str(v, "serialNumber");
    if (!serial) return std::unexpected(serial.error());
    sbom_.serial_number = std::string(*serial);
  }
  return {};
}

Result<void> CycloneDxJsonReader::read_metadata(const dom::element& v) {
  if (auto r = w_.expect_object(v, ""); !r) return r;
  dom::element comp;
  if (v.get_object().value_unsafe().at_key("component").get(comp)) return {};
  Scope s(w_, "component");
  dom::element nested;
  bool has_nested = false;
  auto subject = read_component(comp, nested, has_nested);
  if (!subject) return std::unexpected(subject.error());
  if (subject->bom_ref.empty()) subject->bom_ref = "bulwark:metadata/component";
  sbom_.subject = std::move(*subject);
  if (!has_nested) return {};
  Scope sc(w_, "components");
  return read_components(nested, -1);
}

Result<void> CycloneDxJsonReader::read_components(const dom::element& v, int parent,
                                                  std::size_t depth) {
  if (auto r = w_.expect_array(v, ""); !r) return r;
  std::size_t index = 0;
  for (dom::element item : as_array(v)) {
    // Document depth 2 * depth + 1 (as in XML); read_json's pre-scan has refused deeper text.
    if (2 * depth + 1 > kMaxNestingDepth)
      return std::unexpected(w_.error_at("", "components " + nesting_message()));
    Scope s(w_, index++);
    dom::element nested;
    bool has_nested = false;
    auto c = read_component(item, nested, has_nested);
    if (!c) return std::unexpected(c.error());
    const int self = static_cast<int>(sbom_.components.size());
    c->parent = parent;
    if (c->bom_ref.empty()) c->bom_ref = "bulwark:component/" + std::to_string(self);
    sbom_.components.push_back(std::move(*c));
    if (!has_nested) continue;
    Scope sc(w_, "components");
    if (auto r = read_components(nested, self, depth + 1); !r) return r;
  }
  return {};
}

Result<Component> CycloneDxJsonReader::read_component(const dom::element& v, dom::element& nested,
                                                      bool& has_nested) {
  if (auto r = w_.expect_object(v, ""); !r) return std::unexpected(r.error());
  Component c;
  c.location = w_.path();
  bool has_name = false;
  for (dom::key_value_pair field : as_object(v)) {
    if (field.key == "components") {
      nested = field.value;
      has_nested = true;
      continue;
    }
    has_name = has_name || field.key == "name";
    if (auto r = read_field(c, field.key, field.value); !r) return std::unexpected(r.error());
  }
  if (!has_name) return std::unexpected(w_.error_at("name", "missing (a component needs a name)"));
  derive_source_package(c);
  return c;
}

Result<void> CycloneDxJsonReader::read_field(Component& c, std::string_view key,
                                             const dom::element& v) {
  std::string* target = nullptr;
  if (key == "bom-ref")
    target = &c.bom_ref;
  else if (key == "type")
    target = &c.type;
  else if (key == "group")
    target = &c.group;
  else if (key == "name")
    target = &c.name;
  else if (key == "version")
    target = &c.version;
  else if (key == "purl")
    target = &c.purl;
  if (target != nullptr) {
    auto s = str(v, key);
    if (!s) return std::unexpected(s.error());
    if (s->empty() && key == "bom-ref") return std::unexpected(w_.error_at(key, "empty bom-ref"));
    target->assign(s->data(), s->size());
    return {};
  }
  if (key == "cpe") {
    auto s = str(v, key);
    if (!s) return std::unexpected(s.error());
    if (!s->empty()) c.cpes.emplace_back(*s);
    return {};
  }
  if (key == "supplier") return read_supplier(c, v);
  if (key == "licenses") return read_licenses(c, v);
  if (key == "hashes") return read_hashes(c, v);
  if (key == "properties") return read_properties(c, v);
  return {};
}

Result<void> CycloneDxJsonReader::read_supplier(Component& c, const dom::element& v) {
  if (auto r = w_.expect_object(v, "supplier"); !r) return r;
  dom::element name;
  if (v.get_object().value_unsafe().at_key("name").get(name)) return {};
  Scope s(w_, "supplier");
  auto n = str(name, "name");
  if (!n) return std::unexpected(n.error());
  c.supplier = std::string(*n);
  return {};
}

Result<void> CycloneDxJsonReader::read_licenses(Component& c, const dom::element& v) {
  return each_item(w_, v, "licenses",
                   [&](const dom::element& item) { return read_license(c, item); });
}

// {"license": {"id": ...} | {"name": ...}} or {"expression": ...}.
Result<void> CycloneDxJsonReader::read_license(Component& c, const dom::element& v) {
  if (auto r = w_.expect_object(v, ""); !r) return r;
  const dom::object obj = v.get_object().value_unsafe();
  dom::element e;
  if (!obj.at_key("expression").get(e)) {
    auto expr = str(e, "expression");
    if (!expr) return std::unexpected(expr.error());
    c.licenses.emplace_back(*expr);
  }
  if (obj.at_key("license").get(e)) return {};
  if (auto r = w_.expect_object(e, "license"); !r) return r;
  Scope s(w_, "license");
  const dom::object lic = e.get_object().value_unsafe();
  for (std::string_view key : {"id", "name"}) {
    dom::element id;
    if (lic.at_key(key).get(id)) continue;
    auto text = str(id, key);
    if (!text) return std::unexpected(text.error());
    c.licenses.emplace_back(*text);
    break;
  }
  return {};
}

Result<void> CycloneDxJsonReader::read_hashes(Component& c, const dom::element& v) {
  return each_item(w_, v, "hashes", [&](const dom::element& item) -> Result<void> {
    if (auto r = w_.expect_object(item, ""); !r) return r;
    const dom::object obj = item.get_object().value_unsafe();
    dom::element alg, content;
    if (obj.at_key("alg").get(alg)) return std::unexpected(w_.error_at("alg", "missing"));
    if (obj.at_key("content").get(content))
      return std::unexpected(w_.error_at("content", "missing"));
    auto a = str(alg, "alg");
    if (!a) return std::unexpected(a.error());
    auto value = str(content, "content");
    if (!value) return std::unexpected(value.error());
    if (!is_hex(*value))
      return std::unexpected(w_.error_at("content", "expected hexadecimal digits"));
    c.hashes.push_back(Hash{std::string(*a), to_lower(*value)});
    return {};
  });
}

Result<void> CycloneDxJsonReader::read_properties(Component& c, const dom::element& v) {
  return each_item(w_, v, "properties", [&](const dom::element& item) -> Result<void> {
    if (auto r = w_.expect_object(item, ""); !r) return r;
    const dom::object obj = item.get_object().value_unsafe();
    dom::element name, value;
    if (obj.at_key("name").get(name)) return std::unexpected(w_.error_at("name", "missing"));
    auto n = str(name, "name");
    if (!n) return std::unexpected(n.error());
    std::string_view text;
    if (!obj.at_key("value").get(value)) {
      auto val = str(value, "value");
      if (!val) return std::unexpected(val.error());
      text = *val;
    }
    c.properties.emplace_back(std::string(*n), std::string(text));
    return {};
  });
}

Result<void> CycloneDxJsonReader::read_dependencies(const dom::element& v) {
  if (dom::array arr; !v.get_array().get(arr)) sbom_.dependencies.reserve(arr.size());
  return each_item(w_, v, "", [&](const dom::element& item) { return read_dependency(item); });
}

Result<void> CycloneDxJsonReader::read_dependency(const dom::element& v) {
  if (auto r = w_.expect_object(v, ""); !r) return r;
  const dom::object obj = v.get_object().value_unsafe();
  dom::element e;
  if (obj.at_key("ref").get(e)) return std::unexpected(w_.error_at("ref", "missing"));
  auto ref = str(e, "ref");
  if (!ref) return std::unexpected(ref.error());
  if (ref->empty()) return std::unexpected(w_.error_at("ref", "empty reference"));
  Dependency dep{std::string(*ref), {}};
  if (!obj.at_key("dependsOn").get(e)) {
    if (auto r = w_.expect_array(e, "dependsOn"); !r) return r;
    Scope s(w_, "dependsOn");
    std::size_t index = 0;
    for (dom::element item : as_array(e)) {
      auto target = w_.string_of(item, std::to_string(index++));
      if (!target) return std::unexpected(target.error());
      dep.depends_on.emplace_back(*target);
    }
  }
  sbom_.dependencies.push_back(std::move(dep));
  return {};
}

}  // namespace

Result<Sbom> read_cyclonedx_json(const simdjson::dom::element& root, std::string_view name) {
  return CycloneDxJsonReader(name).read(root);
}

}  // namespace bulwark::sbom::detail
