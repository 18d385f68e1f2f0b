// Installed Python distributions: *.dist-info/METADATA, *.egg-info/PKG-INFO, EGG-INFO/PKG-INFO
// and single-file *.egg-info. Reads the RFC 822 style headers up to the first blank line:
// Name, Version, License-Expression (preferred) or License, Author/Maintainer as supplier.
#include <fmt/format.h>

#include "bulwark/extract/lang_jspy/common.hpp"

namespace bulwark::extract::jspy {
namespace {

struct Headers {
  std::string name, version, license, license_expression, author, maintainer;
};

void assign(Headers& h, std::string_view key, std::string_view value) {
  std::string k = to_lower(key);
  std::string* slot = k == "name"                 ? &h.name
                      : k == "version"            ? &h.version
                      : k == "license"            ? &h.license
                      : k == "license-expression" ? &h.license_expression
                      : k == "author"             ? &h.author
                      : k == "maintainer"         ? &h.maintainer
                                                  : nullptr;
  if (slot && slot->empty()) *slot = std::string(value);
}

Headers read_headers(std::string_view content) {
  Headers h;
  for (std::string_view raw : split(content, '\n')) {
    if (raw.ends_with('\r')) raw.remove_suffix(1);
    if (raw.empty()) break;                                   // the description body follows
    if (raw.front() == ' ' || raw.front() == '\t') continue;  // continuation line
    auto colon = raw.find(':');
    if (colon == std::string_view::npos) continue;
    assign(h, strip(raw.substr(0, colon)), strip(raw.substr(colon + 1)));
  }
  return h;
}

bool usable_license(std::string_view l) {
  return !l.empty() && l != "UNKNOWN" && l.find('\n') == std::string_view::npos;
}

class PythonMetadataExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "python/wheelegg"; }
  bool wants(const FileInfo& f) const override {
    std::string_view p = f.path;
    return p.ends_with(".dist-info/METADATA") || p.ends_with(".egg-info/PKG-INFO") ||
           p.ends_with("EGG-INFO/PKG-INFO") || p.ends_with(".egg-info");
  }
  Result<Inventory> extract(const ScanInput& in) const override {
    Headers h = read_headers(in.content);
    if (h.name.empty())
      return invalid_input(fmt::format("{}: line 1: no Name header in the metadata", in.info.path));
    if (h.version.empty())
      return invalid_input(fmt::format("{}: no Version header for '{}'", in.info.path, h.name));
    Package p;
    p.name = h.name;
    p.version = h.version;
    if (usable_license(h.license_expression))
      p.license = h.license_expression;
    else if (usable_license(h.license))
      p.license = h.license;
    PackageSet set(Ecosystem::kPypi);
    std::string key = p.name + "@" + p.version;
    set.add(key, std::move(p));
    Inventory inv = set.finish();
    std::string supplier = !h.author.empty() && h.author != "UNKNOWN" ? h.author : h.maintainer;
    if (supplier != "UNKNOWN") inv.components.front().supplier = supplier;
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_python_metadata_extractor() {
  return std::make_unique<PythonMetadataExtractor>();
}

}  // namespace bulwark::extract::jspy
