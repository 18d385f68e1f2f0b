// Internal to bulwark_sbom: shared helpers and the per-format readers behind sbom::read.
// Not installed, not included outside src/bulwark/sbom. Holds no heavy third-party headers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/model/sbom.hpp"

namespace simdjson::dom {
class element;
}

namespace bulwark::sbom::detail {

enum class Syntax { kJson, kXml, kTagValue, kUnknown };

// A supplier or maintainer field split into its name and contact: "GNU Libc Maintainers
// <debian-glibc@lists.debian.org>" -> name + email; "Acme (https://acme.example)" -> name + url.
// Text without a recognisable contact stays whole in `name`.
struct Party {
  std::string name;
  std::string email;
  std::string url;
};
Party split_party(std::string_view text);

// Skips a UTF-8 byte-order mark and leading white space.
std::string_view strip_preamble(std::string_view content);
// Guesses the serialization from the first significant bytes (content already stripped).
Syntax sniff(std::string_view content);

// Bytes that must be readable past the end of a JSON document handed to read_json with an
// owner (simdjson's SIMDJSON_PADDING; json.cpp checks that this is enough).
inline constexpr std::size_t kJsonPadding = 64;

// Per-format readers. `name` is used in error messages.
// read_json (CycloneDX or SPDX): when `owner` is given, `content` lies inside *owner with at
// least kJsonPadding bytes after it, so the parser needs no padded copy; *owner is released
// once the document is parsed (the DOM keeps what the readers need), to bound peak memory.
Result<Sbom> read_json(std::string_view content, std::string_view name,
                       std::string* owner = nullptr);
Result<Sbom> read_cyclonedx_xml(std::string_view content, std::string_view name);
Result<Sbom> read_spdx_tag_value(std::string_view content, std::string_view name);

// JSON readers behind read_json; `root` is the parsed document (an object).
Result<Sbom> read_cyclonedx_json(const simdjson::dom::element& root, std::string_view name);
Result<Sbom> read_spdx_json(const simdjson::dom::element& root, std::string_view name);

// Walks a simdjson DOM while tracking the JSON pointer of the current value, so that a wrong
// field type is reported as "NAME: /components/3/version: expected string".
class JsonWalker {
 public:
  explicit JsonWalker(std::string_view name) : name_(name) {}
  // Appends "/key" or "/index" to the current pointer; returns a mark for pop().
  std::size_t push(std::string_view key);
  std::size_t push(std::size_t index);
  void pop(std::size_t mark) { path_.resize(mark); }
  const std::string& path() const { return path_; }
  std::string_view name() const { return name_; }

  // "NAME: <path>/<key>: <message>" (key may be empty: the current value itself).
  Error error_at(std::string_view key, std::string_view message) const;
  // Typed access to a field value `v` named `key` of the current object.
  Result<std::string_view> string_of(const simdjson::dom::element& v, std::string_view key) const;
  Result<void> expect_object(const simdjson::dom::element& v, std::string_view key) const;
  Result<void> expect_array(const simdjson::dom::element& v, std::string_view key) const;

 private:
  std::string_view name_;
  std::string path_;
};

// Accepted CycloneDX specification versions ("1.0" ... "1.7").
bool supported_cyclonedx_version(std::string_view v);

// Fills Component::source_name/source_version from tool properties (syft, trivy) or, failing
// that, from the purl qualifier "upstream" (deb: "name" or "name@version"; rpm: "*.src.rpm").
void derive_source_package(Component& c);

// "SHA256" -> "SHA-256", "sha1" -> "SHA-1"; other names upper-cased as CycloneDX spells them.
std::string normalize_hash_algorithm(std::string_view alg);

// SPDX "Organization: X" / "Person: Y (mail)" -> "X" / "Y"; "NOASSERTION"/"NONE" -> "".
std::string spdx_actor_name(std::string_view actor);

// True for the SPDX placeholders "NOASSERTION" and "NONE" (and the empty string).
bool spdx_no_value(std::string_view v);

// SPDX primaryPackagePurpose -> CycloneDX-like type: "OPERATING-SYSTEM" -> "operating-system".
std::string spdx_purpose_to_type(std::string_view purpose);

// Parses SPDX sourceInfo when it names a source package ("built package from: NAME VERSION").
void apply_spdx_source_info(Component& c, std::string_view source_info);

// Fails when two components (or the subject) share a bom-ref.
Result<void> check_unique_refs(const Sbom& sbom, std::string_view name);

// Accumulates SPDX relationships into Sbom::dependencies, one Dependency per element, in
// first-seen order, without duplicate edges.
class DependencyBuilder {
 public:
  void add(std::string_view from, std::string_view to);
  std::vector<Dependency> take();

 private:
  std::vector<Dependency> deps_;
  std::unordered_map<std::string, std::size_t> index_;  // ref -> position in deps_
  std::unordered_set<std::string> edges_;               // "from\nto", to drop duplicate edges
};

// SPDX relationship -> dependency edge. Edges: DEPENDS_ON, CONTAINS, STATIC_LINK, DYNAMIC_LINK,
// HAS_PREREQUISITE; reversed (`reversed` set, "B DEPENDENCY_OF A" means A depends on B):
// *DEPENDENCY_OF, CONTAINED_BY, PREREQUISITE_FOR. Returns false for any other relationship.
bool spdx_dependency_relationship(std::string_view type, bool& reversed);

// Builds the SPDX Sbom once packages and relationships are collected: picks the subject (the
// single package the document DESCRIBES), keeps package-to-package dependency edges.
struct SpdxRelationship {
  std::string from;
  std::string type;
  std::string to;
};
Result<void> finish_spdx(Sbom& sbom, const std::vector<std::string>& described,
                         const std::vector<SpdxRelationship>& relationships, std::string_view name);

}  // namespace bulwark::sbom::detail
