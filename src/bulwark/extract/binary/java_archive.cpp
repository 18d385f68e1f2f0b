#include "bulwark/extract/binary/java_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <memory>
#include <set>

#include "bulwark/core/archive_ptr.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/extract/binary/common.hpp"

namespace bulwark::extract::binary {
namespace {

constexpr std::int64_t kMaxMetadata = 256 * 1024;        // pom.properties, MANIFEST.MF
constexpr std::int64_t kMaxNested = 64LL * 1024 * 1024;  // one bundled jar
constexpr std::int64_t kMaxNestedTotal = 256LL * 1024 * 1024;
constexpr std::size_t kMaxEntries = 100000;
constexpr std::size_t kMaxCoordinate = 256;  // bytes of a groupId, artifactId or version
// Bytes decompressed from one archive (its bundled jars included): a fixed allowance plus a
// multiple of the archive's size, at most kMaxDecompressed. A jar of many large, highly
// compressible entries stops here instead of inflating gigabytes.
constexpr std::uint64_t kDecompressedBase = 32ULL << 20;
constexpr std::uint64_t kDecompressedRatio = 100;
constexpr std::uint64_t kMaxDecompressed = 512ULL << 20;

bool is_pom_properties(std::string_view p) {
  if (!p.starts_with("META-INF/maven/") || !p.ends_with("/pom.properties")) return false;
  return split(p, '/').size() == 5;
}

// A jar directly inside BOOT-INF/lib/, WEB-INF/lib/ or lib/.
bool is_nested_jar(std::string_view p) {
  auto lower = to_lower(p);
  if (!std::string_view(lower).ends_with(".jar")) return false;
  for (std::string_view dir : {"boot-inf/lib/", "web-inf/lib/", "lib/"})
    if (lower.starts_with(dir) && lower.find('/', dir.size()) == std::string::npos) return true;
  return false;
}

// The bytes the reading of one archive may still decompress.
struct Allowance {
  std::uint64_t left = 0;
  bool exhausted = false;
  std::uint64_t total = 0;
};

// Reads the entry's data when it is at most `limit` bytes; every byte read is charged.
bool read_data(archive* a, std::int64_t limit, std::string& out, Allowance& allowance) {
  char buf[65536];
  for (;;) {
    la_ssize_t n = archive_read_data(a, buf, sizeof buf);
    if (n < 0) return false;
    if (n == 0) return true;
    if (static_cast<std::uint64_t>(n) > allowance.left) {
      allowance.left = 0;
      allowance.exhausted = true;
      return false;
    }
    allowance.left -= static_cast<std::uint64_t>(n);
    if (static_cast<std::int64_t>(out.size()) + n > limit) return false;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

struct Coordinates {
  std::string group, artifact, version, evidence;
};

// What one archive holds, reduced while reading: pom.properties are parsed as they are read
// (only their coordinates are kept) and bundled jars are inventoried one at a time (only their
// components are kept), so memory does not grow with the number or size of the entries.
struct Contents {
  std::vector<Coordinates> poms;
  std::string manifest;
  Inventory nested;                // components and (labelled) notes of the bundled jars
  std::vector<std::string> notes;  // of this archive, without the label
};

void collect(std::string_view content, const std::string& label, bool nested_allowed,
             Inventory& inv, std::set<std::string>& seen, Allowance& allowance);

std::string value_of(const std::vector<std::pair<std::string, std::string>>& kv,
                     std::string_view key);

ArchivePtr open_zip(std::string_view content, bool seekable) {
  ArchivePtr a(archive_read_new());
  if (!a) return a;
  if (seekable)
    archive_read_support_format_zip_seekable(a.get());
  else
    archive_read_support_format_zip_streamable(a.get());
  if (archive_read_open_memory(a.get(), content.data(), content.size()) != ARCHIVE_OK) a.reset();
  return a;
}

void add_pom(const std::string& path, std::string_view data, const std::string& label,
             Contents& out) {
  auto kv = parse_properties(data);
  Coordinates c{value_of(kv, "groupId"), value_of(kv, "artifactId"), value_of(kv, "version"),
                label + path};
  if (c.artifact.empty() || c.version.empty()) {
    out.notes.push_back(fmt::format("{}: no artifactId or version", path));
    return;
  }
  if (c.group.size() > kMaxCoordinate || c.artifact.size() > kMaxCoordinate ||
      c.version.size() > kMaxCoordinate) {
    out.notes.push_back(
        fmt::format("{}: coordinates longer than {} bytes; skipped", path, kMaxCoordinate));
    return;
  }
  out.poms.push_back(std::move(c));
}

bool read_contents(std::string_view content, const std::string& label, bool nested_allowed,
                   bool seekable, Contents& out, Allowance& allowance) {
  auto a = open_zip(content, seekable);
  if (!a) return false;
  std::int64_t nested_total = 0;
  archive_entry* e = nullptr;
  for (std::size_t n = 0; n < kMaxEntries; ++n) {
    if (allowance.exhausted) {
      out.notes.push_back(
          fmt::format("stopped reading: more than {} bytes decompressed from the archive "
                      "(at most {} per byte of it, {} in all)",
                      allowance.total, kDecompressedRatio, kMaxDecompressed));
      return true;
    }
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) return true;
    if (rc < ARCHIVE_WARN) return !out.poms.empty() || !out.manifest.empty();
    const char* name = archive_entry_pathname(e);
    if (name == nullptr) continue;
    std::string path(name);
    std::string data;
    if (is_pom_properties(path)) {
      if (read_data(a.get(), kMaxMetadata, data, allowance)) add_pom(path, data, label, out);
    } else if (path == "META-INF/MANIFEST.MF") {
      if (read_data(a.get(), kMaxMetadata, data, allowance)) out.manifest = std::move(data);
    } else if (nested_allowed && is_nested_jar(path)) {
      std::int64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
      if (size > kMaxNested || nested_total + size > kMaxNestedTotal) {
        out.notes.push_back(fmt::format("{}: skipped, too large", path));
        continue;
      }
      if (read_data(a.get(), std::min(kMaxNested, kMaxNestedTotal - nested_total), data,
                    allowance)) {
        nested_total += static_cast<std::int64_t>(data.size());
        std::set<std::string> nested_seen;
        collect(data, label + path + "!/", false, out.nested, nested_seen, allowance);
      }
    }
  }
  return true;
}

std::string value_of(const std::vector<std::pair<std::string, std::string>>& kv,
                     std::string_view key) {
  for (const auto& [k, v] : kv)
    if (k == key) return v;
  return {};
}

Component to_component(const Coordinates& c, std::vector<std::string>& notes) {
  Component comp;
  comp.bom_ref = fmt::format("maven:{}:{}@{}", c.group, c.artifact, c.version);
  comp.type = "library";
  comp.group = c.group;
  comp.name = c.artifact;
  comp.version = c.version;
  comp.purl = make_purl("maven", c.group, c.artifact, c.version, {}, notes);
  comp.properties.emplace_back("bulwark:evidence", c.evidence);
  return comp;
}

std::string first_of(const std::vector<std::pair<std::string, std::string>>& kv,
                     std::initializer_list<std::string_view> keys) {
  for (auto key : keys)
    if (auto v = value_of(kv, key); !v.empty()) return v;
  return {};
}

// Coordinates from MANIFEST.MF when no pom.properties exists: Implementation-*, OSGi Bundle-*
// or Jenkins plugin attributes.
std::optional<Coordinates> from_manifest(std::string_view text, std::string_view label) {
  auto kv = parse_manifest(text);
  Coordinates c;
  auto sym = value_of(kv, "Bundle-SymbolicName");
  sym = std::string(trim(std::string_view(sym).substr(0, sym.find(';'))));
  if (!value_of(kv, "Implementation-Title").empty() &&
      !value_of(kv, "Implementation-Version").empty()) {
    c.artifact = value_of(kv, "Implementation-Title");
    c.version = value_of(kv, "Implementation-Version");
  } else if (!sym.empty() && !value_of(kv, "Bundle-Version").empty()) {
    c.artifact = sym;
    c.version = value_of(kv, "Bundle-Version");
  } else {
    c.artifact = first_of(kv, {"Short-Name", "Extension-Name"});
    c.version = value_of(kv, "Plugin-Version");
  }
  c.group = first_of(kv, {"Implementation-Vendor-Id", "Group-Id"});
  if (c.artifact.empty() || c.version.empty()) return std::nullopt;
  c.evidence = fmt::format("{}META-INF/MANIFEST.MF", label);
  return c;
}

void collect(std::string_view content, const std::string& label, bool nested_allowed,
             Inventory& inv, std::set<std::string>& seen, Allowance& allowance) {
  Contents contents;
  const std::uint64_t before = allowance.left;
  bool ok = read_contents(content, label, nested_allowed, true, contents, allowance);
  if (!ok) {
    contents = Contents{};
    allowance = Allowance{before, false, allowance.total};
    ok = read_contents(content, label, nested_allowed, false, contents, allowance);
  }
  if (!ok) {
    inv.notes.push_back(fmt::format("{}not a readable zip archive", label));
    return;
  }
  for (auto& n : contents.notes) inv.notes.push_back(label + n);
  std::vector<Coordinates> found = std::move(contents.poms);
  if (found.empty() && !contents.manifest.empty())
    if (auto c = from_manifest(contents.manifest, label)) found.push_back(std::move(*c));
  for (const auto& c : found) {
    auto comp = to_component(c, inv.notes);
    if (seen.insert(comp.bom_ref).second) inv.components.push_back(std::move(comp));
  }
  for (auto& comp : contents.nested.components)
    if (seen.insert(comp.bom_ref).second) inv.components.push_back(std::move(comp));
  for (auto& n : contents.nested.notes) inv.notes.push_back(std::move(n));
}

class JavaArchiveExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "java/archive"; }
  bool wants(const FileInfo& file) const override {
    if (file.size > kMaxBinaryFileSize) return false;
    auto name = to_lower(base_name(file.path));
    for (std::string_view ext : {".jar", ".war", ".ear", ".jpi", ".hpi", ".par", ".sar", ".kar"})
      if (name.ends_with(ext)) return true;
    return false;
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    Inventory inv;
    if (!input.content.starts_with("PK\x03\x04")) return inv;
    std::set<std::string> seen;
    const std::uint64_t allowed =
        std::min(kMaxDecompressed, kDecompressedBase + kDecompressedRatio * input.content.size());
    Allowance allowance{allowed, false, allowed};
    collect(input.content, "", true, inv, seen, allowance);
    for (auto& c : inv.components) c.location = input.info.path;
    return inv;
  }
};

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_properties(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto line : split(text, '\n')) {
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    auto sep = line.find_first_of("=:");
    if (sep == std::string_view::npos) continue;
    out.emplace_back(std::string(trim(line.substr(0, sep))),
                     std::string(trim(line.substr(sep + 1))));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_manifest(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the main section
    if (line.front() == ' ') {
      if (!out.empty()) out.back().second += std::string(line.substr(1));
      continue;
    }
    auto sep = line.find(": ");
    if (sep == std::string_view::npos) continue;
    out.emplace_back(std::string(line.substr(0, sep)), std::string(line.substr(sep + 2)));
  }
  for (auto& kv : out) kv.second = std::string(trim(kv.second));
  return out;
}

std::unique_ptr<Extractor> make_java_archive_extractor() {
  return std::make_unique<JavaArchiveExtractor>();
}

}  // namespace bulwark::extract::binary
