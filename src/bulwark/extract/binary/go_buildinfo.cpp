#include "bulwark/extract/binary/go_buildinfo.hpp"

#include <fmt/format.h>

#include <cstring>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/binary/common.hpp"
#include "bulwark/extract/binary/elf.hpp"

namespace bulwark::extract::binary {
namespace {

constexpr std::string_view kMagic("\xff Go buildinf:", 14);
constexpr std::size_t kHeaderSize = 32;
constexpr std::uint64_t kMaxString = 1 << 20;  // modinfo larger than 1 MiB is not plausible
constexpr int kMaxHeaders = 16;                // magic occurrences tried per file

std::optional<std::string> inline_string(std::string_view data, std::size_t& pos) {
  auto len = read_uvarint(data, pos);
  if (!len || *len > kMaxString || *len > data.size() - pos) return std::nullopt;
  std::string s(data.substr(pos, *len));
  pos += *len;
  return s;
}

// A Go string header {data pointer, length} at virtual address `addr`.
std::optional<std::string> pointer_string(const ElfFile& elf, std::string_view data,
                                          std::uint64_t addr, int ptr, bool le) {
  auto hdr = elf.offset_of(addr);
  if (!hdr) return std::nullopt;
  auto str_addr = read_uint(data, *hdr, ptr, le);
  auto len = read_uint(data, *hdr + ptr, ptr, le);
  if (!str_addr || !len || *len > kMaxString) return std::nullopt;
  if (*len == 0) return std::string();
  auto off = elf.offset_of(*str_addr);
  if (!off || *off > data.size() || *len > data.size() - *off) return std::nullopt;
  return std::string(data.substr(*off, *len));
}

std::string strip_sentinels(std::string mod) {
  if (mod.size() >= 33 && mod[mod.size() - 17] == '\n') return mod.substr(16, mod.size() - 32);
  return mod;
}

std::optional<GoBuildInfoRaw> decode_at(std::string_view data, std::size_t at) {
  if (data.size() - at < kHeaderSize) return std::nullopt;
  int ptr = static_cast<unsigned char>(data[at + 14]);
  auto flags = static_cast<unsigned char>(data[at + 15]);
  GoBuildInfoRaw raw;
  if (flags & 0x2) {
    std::size_t pos = at + kHeaderSize;
    auto ver = inline_string(data, pos);
    auto mod = ver ? inline_string(data, pos) : std::nullopt;
    if (!mod) return std::nullopt;
    raw.go_version = std::move(*ver);
    raw.modinfo = strip_sentinels(std::move(*mod));
    return raw;
  }
  if (ptr != 4 && ptr != 8) return std::nullopt;
  auto elf = ElfFile::parse(data);
  if (!elf) return std::nullopt;
  bool le = (flags & 0x1) == 0;
  auto ver_addr = read_uint(data, at + 16, ptr, le);
  auto mod_addr = read_uint(data, at + 16 + ptr, ptr, le);
  if (!ver_addr || !mod_addr) return std::nullopt;
  auto ver = pointer_string(*elf, data, *ver_addr, ptr, le);
  auto mod = ver ? pointer_string(*elf, data, *mod_addr, ptr, le) : std::nullopt;
  if (!mod) return std::nullopt;
  raw.go_version = std::move(*ver);
  raw.modinfo = strip_sentinels(std::move(*mod));
  return raw;
}

GoModule module_of(const std::vector<std::string_view>& f) {
  GoModule m;
  m.path = std::string(f.size() > 1 ? f[1] : "");
  m.version = std::string(f.size() > 2 ? f[2] : "");
  return m;
}

}  // namespace

std::optional<std::uint64_t> read_uvarint(std::string_view data, std::size_t& pos) {
  std::uint64_t v = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos >= data.size()) return std::nullopt;
    auto b = static_cast<unsigned char>(data[pos++]);
    if (i == 9 && b > 1) return std::nullopt;  // overflows 64 bits
    v |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return v;
  }
  return std::nullopt;
}

std::optional<GoBuildInfoRaw> read_go_buildinfo(std::string_view data) {
  std::size_t from = 0;
  for (int tries = 0; tries < kMaxHeaders && from < data.size(); ++tries) {
    const void* p = memmem(data.data() + from, data.size() - from, kMagic.data(), kMagic.size());
    if (p == nullptr) return std::nullopt;
    std::size_t at = static_cast<const char*>(p) - data.data();
    from = at + 1;
    if (auto raw = decode_at(data, at)) return raw;
  }
  return std::nullopt;
}

GoModInfo parse_go_modinfo(std::string_view text) {
  GoModInfo info;
  enum class Last { kNone, kMain, kDep } last = Last::kNone;  // what a "=>" line replaces
  for (auto line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto f = split(line, '\t');
    if (f.size() < 2 || f[1].empty()) continue;
    if (f[0] == "path") {
      info.main_path = std::string(f[1]);
    } else if (f[0] == "mod") {
      info.main = module_of(f);
      last = Last::kMain;
    } else if (f[0] == "dep") {
      info.deps.push_back(module_of(f));
      last = Last::kDep;
    } else if (f[0] == "=>" && last != Last::kNone) {
      GoModule& m = last == Last::kMain ? *info.main : info.deps.back();
      m.replaced_by_path = std::string(f[1]);
      m.replaced_by_version = std::string(f.size() > 2 ? f[2] : "");
      last = Last::kNone;
    } else if (f[0] == "build") {
      auto kv = f[1];
      auto eq = kv.find('=');
      if (eq != std::string_view::npos)
        info.build_settings.emplace_back(std::string(kv.substr(0, eq)),
                                         std::string(kv.substr(eq + 1)));
    }
  }
  return info;
}

namespace {

struct GoPackage {
  std::string path;
  std::string version;
};

// The module as built: a module replacement wins; a local-directory replacement keeps the
// original path without a version; "(devel)" means no version.
GoPackage effective(const GoModule& m) {
  auto version = [](const std::string& v) { return v == "(devel)" ? std::string() : v; };
  if (m.replaced_by_path.empty()) return {m.path, version(m.version)};
  bool local = m.replaced_by_path.starts_with('.') || m.replaced_by_path.starts_with('/');
  if (local) return {m.path, ""};
  return {m.replaced_by_path, version(m.replaced_by_version)};
}

Component go_component(const GoPackage& p, std::vector<std::string>& notes) {
  Component c;
  c.bom_ref = fmt::format("golang:{}@{}", p.path, p.version);
  c.type = "library";
  c.name = p.path;
  c.version = p.version;
  auto slash = p.path.rfind('/');
  std::string ns = slash == std::string::npos ? "" : p.path.substr(0, slash);
  std::string name = slash == std::string::npos ? p.path : p.path.substr(slash + 1);
  c.purl = make_purl("golang", ns, name, p.version, {}, notes);
  c.properties.emplace_back("bulwark:evidence", "go buildinfo");
  return c;
}

std::string stdlib_version(std::string_view go) {
  go = go.substr(0, go.find(' '));
  if (!go.starts_with("go")) return {};
  return std::string(go.substr(2));
}

class GoBuildInfoExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "go/binary"; }
  bool wants(const FileInfo& file) const override {
    return looks_like_binary(file) || base_name(file.path).ends_with(".exe");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    Inventory inv;
    if (!has_executable_magic(input.content)) return inv;
    auto raw = read_go_buildinfo(input.content);
    if (!raw) return inv;
    auto info = parse_go_modinfo(raw->modinfo);
    std::vector<GoPackage> pkgs;
    if (info.main)
      pkgs.push_back(effective(*info.main));
    else if (!info.main_path.empty())
      pkgs.push_back({info.main_path, ""});
    for (const auto& d : info.deps) pkgs.push_back(effective(d));
    for (const auto& p : pkgs) inv.components.push_back(go_component(p, inv.notes));
    if (auto v = stdlib_version(raw->go_version); !v.empty())
      inv.components.push_back(go_component({"stdlib", v}, inv.notes));
    for (auto& c : inv.components) c.location = input.info.path;
    if ((info.main || !info.main_path.empty()) && inv.components.size() > 1) {
      Dependency dep{inv.components.front().bom_ref, {}};
      for (std::size_t i = 1; i < inv.components.size(); ++i)
        dep.depends_on.push_back(inv.components[i].bom_ref);
      inv.dependencies.push_back(std::move(dep));
    }
    if (!inv.components.empty())
      for (const auto& [k, v] : info.build_settings)
        if (k == "vcs.revision")
          inv.components.front().properties.emplace_back("bulwark:commit", v);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_go_buildinfo_extractor() {
  return std::make_unique<GoBuildInfoExtractor>();
}

}  // namespace bulwark::extract::binary
