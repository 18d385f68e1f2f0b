// SPDX 2.2 / 2.3 JSON -> Sbom, walking a simdjson DOM. Files and snippets are ignored.
#include <simdjson.h>

#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"
#include "bulwark/sbom/json_dom.hpp"

namespace bulwark::sbom::detail {

namespace {

namespace dom = simdjson::dom;

void add_license(Component& c, std::string_view license) {
  license = trim(license);
  if (spdx_no_value(license)) return;
  for (const auto& l : c.licenses)
    if (l == license) return;
  c.licenses.emplace_back(license);
}

void add_external_ref(Component& c, std::string_view type, std::string_view locator) {
  locator = trim(locator);
  if (type == "purl") {
    if (c.purl.empty()) c.purl = std::string(locator);
  } else if (type == "cpe23Type" || type == "cpe22Type") {
    c.cpes.emplace_back(locator);
  }
}

class SpdxJsonReader {
 public:
  explicit SpdxJsonReader(std::string_view name) : w_(name) {}
  Result<Sbom> read(const dom::element& root);

 private:
  Result<void> read_header(const dom::object& root);
  Result<void> read_string_list(const dom::element& v, std::vector<std::string>& out);
  Result<void> read_packages(const dom::element& v);
  Result<void> read_package(const dom::element& v);
  Result<void> read_package_field(Component& c, std::string_view key, const dom::element& v);
  Result<void> read_checksums(Component& c, const dom::element& v);
  Result<void> read_external_refs(Component& c, const dom::element& v);
  Result<void> read_relationships(const dom::element& v);
  // Reads string fields `keys` of the object `v` into `out` (absent -> "").
  Result<void> fields(const dom::element& v, std::initializer_list<std::string_view> keys,
                      std::vector<std::string_view>& out);

  JsonWalker w_;
  Sbom sbom_;
  std::vector<std::string> described_;
  std::vector<SpdxRelationship> relationships_;
};

Result<Sbom> SpdxJsonReader::read(const dom::element& root) {
  const dom::object obj = root.get_object().value_unsafe();
  if (auto r = read_header(obj); !r) return std::unexpected(r.error());
  for (dom::key_value_pair field : obj) {
    Result<void> r;
    Scope s(w_, field.key);
    if (field.key == "packages")
      r = read_packages(field.value);
    else if (field.key == "relationships")
      r = read_relationships(field.value);
    else if (field.key == "documentDescribes")
      r = read_string_list(field.value, described_);
    if (!r) return std::unexpected(r.error());
  }
  if (auto r = finish_spdx(sbom_, described_, relationships_, w_.name()); !r)
    return std::unexpected(r.error());
  return std::move(sbom_);
}

Result<void> SpdxJsonReader::read_header(const dom::object& root) {
  sbom_.format = SbomFormat::kSpdxJson;
  auto version = w_.string_of(root.at_key("spdxVersion").value_unsafe(), "spdxVersion");
  if (!version) return std::unexpected(version.error());
  if (*version != "SPDX-2.3" && *version != "SPDX-2.2" && *version != "SPDX-2.1")
    return unsupported(std::string(w_.name()) + ": spdxVersion " + std::string(*version) +
                       " is not supported (SPDX-2.2 and SPDX-2.3 are)");
  sbom_.spec_version = std::string(*version);
  dom::element v;
  if (!root.at_key("documentNamespace").get(v)) {
    auto ns = w_.string_of(v, "documentNamespace");
    if (!ns) return std::unexpected(ns.error());
    sbom_.serial_number = std::string(*ns);
  }
  return {};
}

Result<void> SpdxJsonReader::read_string_list(const dom::element& v,
                                              std::vector<std::string>& out) {
  if (auto r = w_.expect_array(v, ""); !r) return r;
  std::size_t index = 0;
  for (dom::element item : as_array(v)) {
    auto s = w_.string_of(item, std::to_string(index++));
    if (!s) return std::unexpected(s.error());
    out.emplace_back(*s);
  }
  return {};
}

Result<void> SpdxJsonReader::fields(const dom::element& v,
                                    std::initializer_list<std::string_view> keys,
                                    std::vector<std::string_view>& out) {
  if (auto r = w_.expect_object(v, ""); !r) return r;
  const dom::object obj = v.get_object().value_unsafe();
  out.clear();
  for (std::string_view key : keys) {
    dom::element e;
    if (obj.at_key(key).get(e)) {
      out.emplace_back();
      continue;
    }
    auto s = w_.string_of(e, key);
    if (!s) return std::unexpected(s.error());
    out.push_back(*s);
  }
  return {};
}

Result<void> SpdxJsonReader::read_packages(const dom::element& v) {
  if (dom::array arr; !v.get_array().get(arr)) sbom_.components.reserve(arr.size());
  return each_item(w_, v, "", [&](const dom::element& item) { return read_package(item); });
}

Result<void> SpdxJsonReader::read_package(const dom::element& v) {
  if (auto r = w_.expect_object(v, ""); !r) return r;
  Component c;
  c.location = w_.path();
  for (dom::key_value_pair field : as_object(v)) {
    if (auto r = read_package_field(c, field.key, field.value); !r) return r;
  }
  if (c.bom_ref.empty())
    return std::unexpected(w_.error_at("SPDXID", "missing (a package needs an SPDXID)"));
  if (c.name.empty())
    return std::unexpected(w_.error_at("name", "missing (a package needs a name)"));
  derive_source_package(c);
  sbom_.components.push_back(std::move(c));
  return {};
}

Result<void> SpdxJsonReader::read_package_field(Component& c, std::string_view key,
                                                const dom::element& v) {
  if (key == "checksums") return read_checksums(c, v);
  if (key == "externalRefs") return read_external_refs(c, v);
  static constexpr std::string_view kStrings[] = {
      "SPDXID",          "name",       "versionInfo",          "supplier", "licenseConcluded",
      "licenseDeclared", "sourceInfo", "primaryPackagePurpose"};
  bool wanted = false;
  for (auto k : kStrings) wanted = wanted || k == key;
  if (!wanted) return {};
  auto s = w_.string_of(v, key);
  if (!s) return std::unexpected(s.error());
  if (key == "SPDXID")
    c.bom_ref = std::string(*s);
  else if (key == "name")
    c.name = std::string(*s);
  else if (key == "versionInfo")
    c.version = std::string(*s);
  else if (key == "supplier")
    c.supplier = spdx_actor_name(*s);
  else if (key == "licenseConcluded" || key == "licenseDeclared")
    add_license(c, *s);
  else if (key == "sourceInfo")
    apply_spdx_source_info(c, *s);
  else
    c.type = spdx_purpose_to_type(*s);
  return {};
}

Result<void> SpdxJsonReader::read_checksums(Component& c, const dom::element& v) {
  std::vector<std::string_view> f;
  return each_item(w_, v, "checksums", [&](const dom::element& item) -> Result<void> {
    if (auto r = fields(item, {"algorithm", "checksumValue"}, f); !r) return r;
    if (f[0].empty() || f[1].empty())
      return std::unexpected(w_.error_at("", "expected algorithm and checksumValue"));
    c.hashes.push_back(Hash{normalize_hash_algorithm(f[0]), to_lower(trim(f[1]))});
    return {};
  });
}

Result<void> SpdxJsonReader::read_external_refs(Component& c, const dom::element& v) {
  std::vector<std::string_view> f;
  return each_item(w_, v, "externalRefs", [&](const dom::element& item) -> Result<void> {
    if (auto r = fields(item, {"referenceType", "referenceLocator"}, f); !r) return r;
    add_external_ref(c, f[0], f[1]);
    return {};
  });
}

Result<void> SpdxJsonReader::read_relationships(const dom::element& v) {
  std::vector<std::string_view> f;
  return each_item(w_, v, "", [&](const dom::element& item) -> Result<void> {
    if (auto r = fields(item, {"spdxElementId", "relationshipType", "relatedSpdxElement"}, f); !r)
      return r;
    if (f[0].empty() || f[1].empty() || f[2].empty())
      return std::unexpected(
          w_.error_at("", "expected spdxElementId, relationshipType and relatedSpdxElement"));
    if (f[1] == "DESCRIBES" && f[0] == "SPDXRef-DOCUMENT") described_.emplace_back(f[2]);
    if (f[1] == "DESCRIBED_BY" && f[2] == "SPDXRef-DOCUMENT") described_.emplace_back(f[0]);
    relationships_.push_back(
        SpdxRelationship{std::string(f[0]), std::string(f[1]), std::string(f[2])});
    return {};
  });
}

}  // namespace

Result<Sbom> read_spdx_json(const simdjson::dom::element& root, std::string_view name) {
  return SpdxJsonReader(name).read(root);
}

}  // namespace bulwark::sbom::detail
