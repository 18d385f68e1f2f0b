#include "bulwark/extract/lang_other/common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "bulwark/core/text.hpp"
#include "bulwark/purl/purl.hpp"

namespace bulwark::extract::other {
namespace {

std::string canonical_purl(const std::string& type, const Package& p,
                           std::vector<std::string>& notes) {
  purl::Purl raw;
  raw.type = type;
  raw.ns = p.purl_ns;
  raw.name = p.purl_name.empty() ? p.name : p.purl_name;
  raw.version = p.version;
  raw.qualifiers = p.qualifiers;
  auto built = purl::build(std::move(raw), purl::Mode::kPermissive);
  if (!built) {
    notes.push_back(fmt::format("{} {}: no purl: {}", p.name, p.version, built.error().message));
    return {};
  }
  return purl::to_string(*built);
}

Component to_component(const std::string& type, const std::string& key, const Package& p,
                       std::vector<std::string>& notes) {
  Component c;
  c.bom_ref = type + ":" + key;
  c.type = "library";
  c.group = p.group;
  c.name = p.name;
  c.version = p.version;
  if (!p.no_purl) c.purl = canonical_purl(type, p, notes);
  c.licenses = p.licenses;
  c.hashes = p.hashes;
  for (const auto& g : p.groups) c.properties.emplace_back("bulwark:dep-group", g);
  if (p.direct) c.properties.emplace_back("bulwark:direct", "true");
  if (!p.commit.empty()) c.properties.emplace_back("bulwark:commit", p.commit);
  return c;
}

}  // namespace

std::string default_key(std::string_view name, std::string_view version) {
  return fmt::format("{}@{}", name, version);
}

Package& PackageSet::add(Package pkg, std::string key) {
  if (key.empty()) key = default_key(pkg.name, pkg.version);
  return set_.try_add(std::move(key), std::move(pkg)).first;  // the first one wins
}

Inventory PackageSet::finish(std::vector<std::string> notes) const {
  return set_.finish(
      std::move(notes), purl_type_,
      [&](const std::string& key, const Package& pkg, std::vector<std::string>& out) {
        return to_component(purl_type_, key, pkg, out);
      });
}

bool LineReader::next(std::string_view& line) {
  if (pos_ >= text_.size()) return false;
  auto end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(pos_, end - pos_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos_ = end + 1;
  ++number_;
  return true;
}

bool is_blank(std::string_view s) { return trim(s).empty(); }

}  // namespace bulwark::extract::other
