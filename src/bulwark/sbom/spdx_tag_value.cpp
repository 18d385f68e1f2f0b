// SPDX 2.x tag-value -> Sbom. Lines are "Tag: value"; a value may be a multi-line
// <text>...</text>; '#' starts a comment line; PackageName opens a package section, which ends
// at the next FileName, SnippetSPDXID or LicenseID (files and snippets are ignored).
#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom::detail {

namespace {

struct Line {
  std::size_t number = 0;
  std::string_view tag;
  std::string_view value;
};

class SpdxTagValueReader {
 public:
  SpdxTagValueReader(std::string_view content, std::string_view name)
      : content_(content), name_(name) {}
  Result<Sbom> read();

 private:
  // Reads the next tag line into `out`; false at end of input.
  Result<bool> next(Line& out);
  Result<void> handle(const Line& l);
  Result<void> handle_package_tag(Component& c, const Line& l);
  Result<void> handle_relationship(const Line& l);
  Error error_at(std::size_t line, const std::string& message) const {
    return Error{ErrorCode::kInvalidInput,
                 std::string(name_) + ":" + std::to_string(line) + ": " + message};
  }

  std::string_view content_;
  std::string_view name_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;  // number of the line last read
  bool in_package_ = false;
  std::vector<std::size_t> package_lines_;
  std::vector<std::string> described_;
  std::vector<SpdxRelationship> relationships_;
  Sbom sbom_;
};

Result<bool> SpdxTagValueReader::next(Line& out) {
  while (pos_ < content_.size()) {
    auto end = content_.find('\n', pos_);
    if (end == std::string_view::npos) end = content_.size();
    const std::string_view raw = content_.substr(pos_, end - pos_);
    const std::size_t start = pos_;
    pos_ = end + 1;
    ++line_;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
      return std::unexpected(
          error_at(line_, "expected 'Tag: value', got '" + std::string(line.substr(0, 60)) + "'"));
    out.number = line_;
    out.tag = trim(line.substr(0, colon));
    out.value = trim(line.substr(colon + 1));
    if (!out.value.starts_with("<text>")) return true;
    // Multi-line text: runs from after <text> to the next </text>, possibly lines later.
    const std::size_t text_start = content_.find("<text>", start) + 6;
    const std::size_t text_end = content_.find("</text>", text_start);
    if (text_end == std::string_view::npos)
      return std::unexpected(error_at(line_, "<text> is not closed by </text>"));
    out.value = content_.substr(text_start, text_end - text_start);
    for (std::size_t i = pos_ > 0 ? pos_ - 1 : 0; i < text_end && i < content_.size(); ++i)
      if (content_[i] == '\n') ++line_;
    const auto after = content_.find('\n', text_end);
    pos_ = after == std::string_view::npos ? content_.size() : after + 1;
    return true;
  }
  return false;
}

Result<Sbom> SpdxTagValueReader::read() {
  sbom_.format = SbomFormat::kSpdxTagValue;
  Line l;
  while (true) {
    auto more = next(l);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    if (auto r = handle(l); !r) return std::unexpected(r.error());
  }
  if (sbom_.spec_version.empty())
    return invalid_input(std::string(name_) + ": no SPDXVersion line");
  for (std::size_t i = 0; i < sbom_.components.size(); ++i) {
    Component& c = sbom_.components[i];
    if (c.bom_ref.empty())
      return std::unexpected(error_at(package_lines_[i], "package '" + c.name + "' has no SPDXID"));
    derive_source_package(c);
  }
  if (auto r = finish_spdx(sbom_, described_, relationships_, name_); !r)
    return std::unexpected(r.error());
  return std::move(sbom_);
}

Result<void> SpdxTagValueReader::handle(const Line& l) {
  if (l.tag == "SPDXVersion") {
    if (l.value != "SPDX-2.3" && l.value != "SPDX-2.2" && l.value != "SPDX-2.1")
      return unsupported(std::string(name_) + ":" + std::to_string(l.number) + ": SPDXVersion " +
                         std::string(l.value) + " is not supported (SPDX-2.2 and SPDX-2.3 are)");
    sbom_.spec_version = std::string(l.value);
  } else if (l.tag == "DocumentNamespace") {
    sbom_.serial_number = std::string(l.value);
  } else if (l.tag == "Relationship") {
    return handle_relationship(l);
  } else if (l.tag == "PackageName") {
    Component c;
    c.name = std::string(l.value);
    c.location = "line " + std::to_string(l.number);
    sbom_.components.push_back(std::move(c));
    package_lines_.push_back(l.number);
    in_package_ = true;
  } else if (l.tag == "FileName" || l.tag == "SnippetSPDXID" || l.tag == "LicenseID") {
    in_package_ = false;
  } else if (in_package_) {
    return handle_package_tag(sbom_.components.back(), l);
  }
  return {};
}

Result<void> SpdxTagValueReader::handle_package_tag(Component& c, const Line& l) {
  if (l.tag == "SPDXID") {
    if (c.bom_ref.empty()) c.bom_ref = std::string(l.value);
  } else if (l.tag == "PackageVersion") {
    c.version = std::string(l.value);
  } else if (l.tag == "PackageSupplier") {
    c.supplier = spdx_actor_name(l.value);
  } else if (l.tag == "PackageLicenseConcluded" || l.tag == "PackageLicenseDeclared") {
    const std::string_view lic = trim(l.value);
    bool seen = spdx_no_value(lic);
    for (const auto& x : c.licenses) seen = seen || x == lic;
    if (!seen) c.licenses.emplace_back(lic);
  } else if (l.tag == "PackageChecksum") {
    const auto colon = l.value.find(':');
    if (colon == std::string_view::npos)
      return std::unexpected(error_at(l.number, "expected 'PackageChecksum: ALGORITHM: value'"));
    c.hashes.push_back(Hash{normalize_hash_algorithm(l.value.substr(0, colon)),
                            to_lower(trim(l.value.substr(colon + 1)))});
  } else if (l.tag == "ExternalRef") {
    std::vector<std::string_view> parts;
    for (std::string_view p : split(l.value, ' '))
      if (!p.empty()) parts.push_back(p);
    if (parts.size() < 3)
      return std::unexpected(error_at(l.number, "expected 'ExternalRef: CATEGORY TYPE LOCATOR'"));
    if (parts[1] == "purl" && c.purl.empty()) c.purl = std::string(parts[2]);
    if (parts[1] == "cpe23Type" || parts[1] == "cpe22Type") c.cpes.emplace_back(parts[2]);
  } else if (l.tag == "PackageSourceInfo") {
    apply_spdx_source_info(c, l.value);
  } else if (l.tag == "PrimaryPackagePurpose") {
    c.type = spdx_purpose_to_type(l.value);
  }
  return {};
}

Result<void> SpdxTagValueReader::handle_relationship(const Line& l) {
  std::vector<std::string_view> parts;
  for (std::string_view p : split(l.value, ' '))
    if (!p.empty()) parts.push_back(trim(p));
  if (parts.size() < 3)
    return std::unexpected(error_at(l.number, "expected 'Relationship: ELEMENT TYPE ELEMENT'"));
  if (parts[1] == "DESCRIBES" && parts[0] == "SPDXRef-DOCUMENT") described_.emplace_back(parts[2]);
  if (parts[1] == "DESCRIBED_BY" && parts[2] == "SPDXRef-DOCUMENT")
    described_.emplace_back(parts[0]);
  relationships_.push_back(
      SpdxRelationship{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])});
  return {};
}

}  // namespace

Result<Sbom> read_spdx_tag_value(std::string_view content, std::string_view name) {
  return SpdxTagValueReader(content, name).read();
}

}  // namespace bulwark::sbom::detail
