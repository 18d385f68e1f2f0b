// Go build information (runtime/debug.BuildInfo) embedded in Go executables: the 32-byte
// "\xff Go buildinf:" header followed either by two varint-length strings (Go 1.18+, flag 0x2)
// or by two pointers to Go string headers (older releases, resolved through the ELF program
// headers). Exposed for tests; all reads are bounds-checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::extract::binary {

struct GoBuildInfoRaw {
  std::string go_version;  // "go1.21.5"
  std::string modinfo;     // the module text, sentinels removed
};

struct GoModule {
  std::string path;
  std::string version;              // "(devel)" for a main module built from a checkout
  std::string replaced_by_path;     // from a "=>" line
  std::string replaced_by_version;  // empty for a local directory replacement
};

struct GoModInfo {
  std::string main_path;         // the "path" line (main package)
  std::optional<GoModule> main;  // the "mod" line
  std::vector<GoModule> deps;
  std::vector<std::pair<std::string, std::string>> build_settings;  // "build" lines
};

// Reads an unsigned LEB128 varint at `pos` (advancing it); nullopt when truncated or longer
// than 10 bytes.
std::optional<std::uint64_t> read_uvarint(std::string_view data, std::size_t& pos);

// Finds and decodes the build info of a Go binary; nullopt when there is none or it is broken.
std::optional<GoBuildInfoRaw> read_go_buildinfo(std::string_view data);

// Parses the modinfo text (path/mod/dep/=>/build lines).
GoModInfo parse_go_modinfo(std::string_view text);

}  // namespace bulwark::extract::binary
