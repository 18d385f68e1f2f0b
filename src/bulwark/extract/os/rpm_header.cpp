// RPM header blob parser and the rpm Component.
#include "bulwark/extract/os/rpm_header.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/os/os_common.hpp"

namespace bulwark::extract::os {
namespace {

constexpr std::uint32_t kTagName = 1000, kTagVersion = 1001, kTagRelease = 1002, kTagEpoch = 1003,
                        kTagVendor = 1011, kTagLicense = 1014, kTagArch = 1022,
                        kTagSourceRpm = 1044, kTagProvideName = 1047, kTagRequireName = 1049,
                        kTagDirIndexes = 1116, kTagBaseNames = 1117, kTagDirNames = 1118;
constexpr std::uint32_t kTypeInt32 = 4, kTypeString = 6, kTypeStringArray = 8, kTypeI18nString = 9;
constexpr std::uint32_t kMaxIndexEntries = 0xffff;
constexpr std::uint32_t kMaxDataSize = 256u << 20;

std::uint32_t be32(std::string_view s, std::size_t at) {
  auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i]));
  };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

// The NUL-terminated string at `offset` of the data store.
Result<std::string> string_at(std::string_view data, std::uint32_t offset) {
  if (offset >= data.size()) return invalid_input("string offset out of bounds");
  auto end = data.find('\0', offset);
  if (end == std::string_view::npos) return invalid_input("unterminated string");
  return std::string(data.substr(offset, end - offset));
}

// `count` NUL-terminated strings from `offset` of the data store.
Result<std::vector<std::string>> strings_at(std::string_view data, std::uint32_t offset,
                                            std::uint32_t count) {
  if (count > data.size()) return invalid_input("string array count out of bounds");
  std::vector<std::string> out;
  out.reserve(count);
  std::size_t at = offset;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (at >= data.size()) return invalid_input("string array out of bounds");
    auto end = data.find('\0', at);
    if (end == std::string_view::npos) return invalid_input("unterminated string");
    out.emplace_back(data.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

Result<std::vector<std::uint32_t>> int32s_at(std::string_view data, std::uint32_t offset,
                                             std::uint32_t count) {
  if (count > data.size() / 4 || std::size_t{offset} + std::size_t{count} * 4 > data.size())
    return invalid_input("int32 array out of bounds");
  std::vector<std::uint32_t> out(count);
  for (std::uint32_t i = 0; i < count; ++i) out[i] = be32(data, offset + std::size_t{i} * 4);
  return out;
}

}  // namespace

Result<RpmPackage> parse_rpm_header(std::string_view blob) {
  if (blob.size() < 8) return invalid_input("rpm header shorter than 8 bytes");
  std::uint32_t il = be32(blob, 0), dl = be32(blob, 4);
  if (il == 0 || il > kMaxIndexEntries || dl > kMaxDataSize)
    return invalid_input("rpm header has implausible sizes (index " + std::to_string(il) +
                         ", data " + std::to_string(dl) + ")");
  std::size_t data_start = 8 + std::size_t{il} * 16;
  if (data_start + dl > blob.size()) return invalid_input("rpm header is truncated");
  std::string_view data = blob.substr(data_start, dl);
  RpmPackage pkg;
  const std::array<std::pair<std::uint32_t, std::string*>, 7> strings{
      {{kTagName, &pkg.name},
       {kTagVersion, &pkg.version},
       {kTagRelease, &pkg.release},
       {kTagVendor, &pkg.vendor},
       {kTagLicense, &pkg.license},
       {kTagArch, &pkg.arch},
       {kTagSourceRpm, &pkg.source_rpm}}};
  // Each tag is taken once (its first entry): a header repeating NAME 65535 times over one long
  // unterminated string costs one scan of the data store, not one per entry.
  std::array<bool, 7> done{};
  bool epoch_done = false;
  std::vector<std::string> dirnames, basenames;
  std::vector<std::uint32_t> dirindexes;
  std::array<std::pair<std::uint32_t, std::vector<std::string>*>, 4> arrays{
      {{kTagDirNames, &dirnames},
       {kTagBaseNames, &basenames},
       {kTagRequireName, &pkg.required},
       {kTagProvideName, &pkg.provides}}};
  std::array<bool, 4> arrays_done{};
  for (std::uint32_t i = 0; i < il; ++i) {
    std::size_t e = 8 + std::size_t{i} * 16;
    std::uint32_t tag = be32(blob, e), type = be32(blob, e + 4), off = be32(blob, e + 8);
    const std::uint32_t count = be32(blob, e + 12);
    if (tag == kTagDirIndexes && type == kTypeInt32 && dirindexes.empty()) {
      auto v = int32s_at(data, off, count);
      if (!v) return invalid_input("DIRINDEXES: " + v.error().message);
      dirindexes = std::move(*v);
      continue;
    }
    if (type == kTypeStringArray) {
      for (std::size_t k = 0; k < arrays.size(); ++k) {
        if (arrays[k].first != tag || arrays_done[k]) continue;
        arrays_done[k] = true;
        auto v = strings_at(data, off, count);
        if (!v) return invalid_input("tag " + std::to_string(tag) + ": " + v.error().message);
        *arrays[k].second = std::move(*v);
      }
      continue;
    }
    if (tag == kTagEpoch && type == kTypeInt32) {
      if (epoch_done) continue;
      epoch_done = true;
      if (std::size_t{off} + 4 > data.size()) return invalid_input("EPOCH out of bounds");
      pkg.epoch = be32(data, off);
      continue;
    }
    if (type != kTypeString && type != kTypeI18nString) continue;
    for (std::size_t k = 0; k < strings.size(); ++k) {
      auto& [t, target] = strings[k];
      if (t != tag || done[k]) continue;
      done[k] = true;
      auto s = string_at(data, off);
      if (!s) return invalid_input("tag " + std::to_string(tag) + ": " + s.error().message);
      *target = std::move(*s);
    }
  }
  if (pkg.name.empty()) return invalid_input("rpm header without NAME (tag 1000)");
  if (dirindexes.size() == basenames.size())
    for (std::size_t i = 0; i < basenames.size(); ++i)
      if (dirindexes[i] < dirnames.size())
        pkg.files.push_back(dirnames[dirindexes[i]] + basenames[i]);
  return pkg;
}

namespace {

// purl namespace from the VENDOR tag when the OS is unknown.
std::string vendor_namespace(std::string_view vendor) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kVendors{
      {{"red hat", "redhat"},
       {"centos", "centos"},
       {"fedora", "fedora"},
       {"rocky", "rocky"},
       {"almalinux", "almalinux"},
       {"opensuse", "opensuse"},
       {"suse", "suse"},
       {"microsoft", "mariner"},
       {"amazon", "amazon"},
       {"oracle", "oracle"},
       {"openeuler", "openeuler"}}};
  std::string lower = to_lower(vendor);
  for (auto [needle, ns] : kVendors)
    if (lower.find(needle) != std::string::npos) return std::string(ns);
  return {};
}

// "curl-7.76.0-6.cm2.src.rpm" -> {"curl", "7.76.0-6.cm2"}.
std::pair<std::string, std::string> split_source_rpm(std::string_view srpm) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"})
    if (srpm.ends_with(suffix)) srpm.remove_suffix(suffix.size());
  auto rel = srpm.rfind('-');
  if (rel == std::string_view::npos || rel == 0) return {std::string(srpm), {}};
  auto ver = srpm.rfind('-', rel - 1);
  if (ver == std::string_view::npos) return {std::string(srpm), {}};
  return {std::string(srpm.substr(0, ver)), std::string(srpm.substr(ver + 1))};
}

// Fedora's legacy license abbreviations (and SPDX ids as such) -> SPDX; "" = LicenseRef-.
struct LicenseName {
  std::string_view rpm;
  std::string_view spdx;
};
constexpr std::array<LicenseName, 46> kRpmLicenses{{
    {"GPL+", "GPL-1.0-or-later"},
    {"GPLv1", "GPL-1.0-only"},
    {"GPLv2", "GPL-2.0-only"},
    {"GPLv2+", "GPL-2.0-or-later"},
    {"GPLv3", "GPL-3.0-only"},
    {"GPLv3+", "GPL-3.0-or-later"},
    {"LGPLv2", "LGPL-2.0-only"},
    {"LGPLv2+", "LGPL-2.0-or-later"},
    {"LGPLv2.1", "LGPL-2.1-only"},
    {"LGPLv2.1+", "LGPL-2.1-or-later"},
    {"LGPLv3", "LGPL-3.0-only"},
    {"LGPLv3+", "LGPL-3.0-or-later"},
    {"AGPLv3", "AGPL-3.0-only"},
    {"AGPLv3+", "AGPL-3.0-or-later"},
    {"GFDL", ""},
    {"ASL 1.1", "Apache-1.1"},
    {"ASL 2.0", "Apache-2.0"},
    {"MPLv1.1", "MPL-1.1"},
    {"MPLv2.0", "MPL-2.0"},
    {"MPL-2.0", "MPL-2.0"},
    {"BSD 2-Clause", "BSD-2-Clause"},
    {"BSD-2-Clause", "BSD-2-Clause"},
    {"BSD-3-Clause", "BSD-3-Clause"},
    {"MIT", "MIT"},
    {"ISC", "ISC"},
    {"Zlib", "Zlib"},
    {"zlib", "Zlib"},
    {"OpenSSL", "OpenSSL"},
    {"Vim", "Vim"},
    {"PSF", "PSF-2.0"},
    {"Python", "Python-2.0"},
    {"OpenLDAP", "OLDAP-2.8"},
    {"Inner-Net", "Inner-Net-2.0"},
    {"CC0", "CC0-1.0"},
    {"CC0 1.0", "CC0-1.0"},
    {"Apache-2.0", "Apache-2.0"},
    {"Artistic 2.0", "Artistic-2.0"},
    {"Boost", "BSL-1.0"},
    {"BSL-1.0", "BSL-1.0"},
    {"Unlicense", "Unlicense"},
    {"WTFPL", "WTFPL"},
    {"curl", "curl"},
    {"BSD", ""},
    {"Public Domain", ""},
    {"GNU General Public License", ""},
    {"GPL", ""},
}};

}  // namespace

std::string rpm_license_expression(std::string_view tag) {
  tag = trim(tag);
  if (tag.empty() || tag.size() > 4096) return std::string(tag);
  std::string out, term;
  int depth = 0;
  bool want_term = true;  // after "(", an operator or at the start
  auto flush = [&]() -> bool {
    const std::string t(trim(term));
    term.clear();
    if (t.empty()) return false;
    for (const auto& m : kRpmLicenses)
      if (equals_icase(m.rpm, t)) {
        out += m.spdx.empty() ? license_ref(m.rpm) : std::string(m.spdx);
        return true;
      }
    return false;
  };
  // Words: operators split terms; a term is every other word up to the next operator.
  for (std::size_t i = 0; i < tag.size();) {
    const char ch = tag[i];
    if (ch == '(' || ch == ')') {
      if (!term.empty() && !trim(term).empty()) {
        if (!flush()) return std::string(tag);
        want_term = false;
      }
      if (ch == '(') {
        if (!want_term) return std::string(tag);
        ++depth;
        out += '(';
      } else {
        if (want_term || --depth < 0) return std::string(tag);
        out += ')';
      }
      ++i;
      continue;
    }
    if (ch == ' ') {
      auto end = tag.find_first_of(" ()", i + 1);
      if (end == std::string_view::npos) end = tag.size();
      const std::string_view word = tag.substr(i + 1, end - i - 1);
      const bool and_op = equals_icase(word, "and");
      if ((and_op || equals_icase(word, "or")) && end < tag.size() && tag[end] == ' ') {
        if (!trim(term).empty()) {
          if (!flush()) return std::string(tag);
        } else if (want_term) {
          return std::string(tag);
        }
        out += and_op ? " AND " : " OR ";
        want_term = true;
        i = end;
        continue;
      }
      if (equals_icase(word, "with")) return std::string(tag);  // no SPDX exception named
      term += ' ';
      ++i;
      continue;
    }
    term += ch;
    ++i;
  }
  if (!trim(term).empty()) {
    if (!flush()) return std::string(tag);
  } else if (want_term) {
    return std::string(tag);
  }
  if (depth != 0) return std::string(tag);
  return out;
}

namespace {

Component rpm_component(const RpmPackage& p, const OsRelease* os) {
  Component c;
  c.type = "library";
  c.name = p.name;
  std::string vr = p.release.empty() ? p.version : p.version + "-" + p.release;
  c.version = p.epoch ? std::to_string(*p.epoch) + ":" + vr : vr;
  c.supplier = p.vendor;
  if (!p.license.empty()) c.licenses.push_back(rpm_license_expression(p.license));
  if (!p.source_rpm.empty())
    std::tie(c.source_name, c.source_version) = split_source_rpm(p.source_rpm);
  std::string ns = (os != nullptr && !os->id.empty()) ? os->id : vendor_namespace(p.vendor);
  c.purl = make_purl("rpm", ns, c.name, vr,
                     {{"arch", p.arch},
                      {"epoch", p.epoch ? std::to_string(*p.epoch) : std::string()},
                      {"distro", distro_qualifier(os)},
                      {"upstream", p.source_rpm}});
  c.bom_ref = c.purl.empty() ? "rpm:" + c.name + "@" + c.version : c.purl;
  if (!p.arch.empty())
    c.properties.emplace_back("bsi:component:filename", p.name + "-" + vr + "." + p.arch + ".rpm");
  return c;
}

}  // namespace

void RpmInventoryBuilder::add(std::string_view blob, const std::string& where) {
  auto pkg = parse_rpm_header(blob);
  if (!pkg) {
    inv_.notes.push_back(where + ": " + pkg.error().message);
    return;
  }
  // Imported signing keys are stored as pseudo-packages; they are not software.
  if (pkg->name == "gpg-pubkey") return;
  inv_.components.push_back(rpm_component(*pkg, os_));
  OwnedFiles owned{"rpm", pkg->name, {}};
  for (const auto& f : pkg->files)
    if (f.size() > 1) owned.paths.push_back(f.substr(f.starts_with('/') ? 1 : 0));
  inv_.owned.push_back(std::move(owned));
  requires_.push_back(std::move(pkg->required));
  provides_.push_back(std::move(pkg->provides));
}

Inventory RpmInventoryBuilder::finish() && {
  assign_unique_refs(inv_.components);
  // Requires resolved through the provides (names and capabilities), else through the files
  // the packages own ("/bin/sh"); rpmlib() and unresolvable capabilities are skipped.
  std::unordered_map<std::string_view, std::size_t> by_capability;
  for (std::size_t i = 0; i < inv_.components.size(); ++i) {
    by_capability.emplace(inv_.components[i].name, i);
    for (const auto& p : provides_[i]) by_capability.emplace(p, i);
  }
  std::unordered_map<std::string, std::size_t> by_file;
  for (std::size_t i = 0; i < inv_.owned.size(); ++i)
    for (const auto& f : inv_.owned[i].paths) by_file.emplace("/" + f, i);
  for (std::size_t i = 0; i < inv_.components.size(); ++i) {
    Dependency d{inv_.components[i].bom_ref, {}};
    std::unordered_set<std::size_t> seen;
    for (const auto& r : requires_[i]) {
      std::size_t target = i;
      if (auto it = by_capability.find(r); it != by_capability.end())
        target = it->second;
      else if (auto f = by_file.find(r); f != by_file.end())
        target = f->second;
      if (target == i || !seen.insert(target).second) continue;
      d.depends_on.push_back(inv_.components[target].bom_ref);
    }
    if (!d.depends_on.empty()) inv_.dependencies.push_back(std::move(d));
  }
  return std::move(inv_);
}

}  // namespace bulwark::extract::os
