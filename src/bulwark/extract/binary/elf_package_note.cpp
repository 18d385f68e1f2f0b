// ELF package metadata notes (systemd's "Package Metadata for Executable Files"): a note named
// "FDO" of type 0xcafe1a7e in the .note.package section whose descriptor is a NUL-terminated
// JSON object {"type":"deb","os":"debian","osVersion":"12","name":...,"version":...,
// "architecture":...,"osCpe":...,"debugInfoUrl":...}. One component per note, with the purl
// pkg:<type>/<os>/<name>@<version>?arch=<architecture>&distro=<os>-<osVersion>.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/binary/common.hpp"
#include "bulwark/extract/binary/elf.hpp"
#include "bulwark/extract/nesting.hpp"

namespace bulwark::extract::binary {
namespace {

constexpr std::uint32_t kPackageNoteType = 0xcafe1a7e;

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "cpe:/o:fedoraproject:fedora:40" or "cpe:2.3:o:debian:debian_linux:12:..." -> product.
std::string os_from_cpe(std::string_view cpe) {
  auto parts = split(cpe, ':');
  std::size_t product = cpe.starts_with("cpe:2.3:") ? 4 : 3;
  return parts.size() > product ? to_lower(parts[product]) : std::string();
}

std::string os_name(const nlohmann::json& j, const ScanInput& in) {
  if (auto os = field(j, "os"); !os.empty()) return to_lower(os);
  if (auto os = os_from_cpe(field(j, "osCpe")); !os.empty()) return os;
  return in.os != nullptr ? in.os->id : std::string();
}

std::optional<Component> to_component(const nlohmann::json& j, const ScanInput& in,
                                      std::vector<std::string>& notes) {
  Component c;
  c.name = field(j, "name");
  c.version = field(j, "version");
  auto type = to_lower(field(j, "type"));
  if (c.name.empty() || type.empty()) {
    notes.push_back(".note.package: skipped a note without type or name");
    return std::nullopt;
  }
  auto os = os_name(j, in);
  std::vector<std::pair<std::string, std::string>> q;
  if (auto arch = field(j, "architecture"); !arch.empty()) q.emplace_back("arch", arch);
  if (auto ver = field(j, "osVersion"); !ver.empty() && !os.empty())
    q.emplace_back("distro", os + "-" + ver);
  c.purl = make_purl(type, os, c.name, c.version, std::move(q), notes);
  c.bom_ref = fmt::format("{}:{}@{}", type, c.name, c.version);
  c.type = "library";
  c.location = in.info.path;
  c.properties.emplace_back("bulwark:evidence", ".note.package");
  for (const char* key : {"osCpe", "debugInfoUrl"})
    if (auto v = field(j, key); !v.empty())
      c.properties.emplace_back(std::string("bulwark:") + key, v);
  return c;
}

class ElfPackageNoteExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "binary/elfpackagenote"; }
  bool wants(const FileInfo& file) const override { return looks_like_binary(file); }
  Result<Inventory> extract(const ScanInput& input) const override {
    Inventory inv;
    auto elf = ElfFile::parse(input.content);
    if (!elf) return inv;
    for (const auto& note : elf->notes()) {
      if (note.name != "FDO" || note.type != kPackageNoteType) continue;
      auto text = note.desc.substr(0, note.desc.find('\0'));
      if (json_too_deep(text)) {
        inv.notes.push_back(".note.package: descriptor nested too deep");
        continue;
      }
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        inv.notes.push_back(".note.package: descriptor is not a JSON object");
        continue;
      }
      if (auto c = to_component(j, input, inv.notes)) inv.components.push_back(std::move(*c));
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_elf_package_note_extractor() {
  return std::make_unique<ElfPackageNoteExtractor>();
}

}  // namespace bulwark::extract::binary
