// Shared helpers of the binary extractors (internal to this folder): bounds-checked byte
// readers, file selection for binaries, purl building and the factories. No heavy headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/extract/extractor.hpp"
#include "bulwark/extract/input.hpp"

namespace bulwark::extract::binary {

// Reads an unsigned little- or big-endian integer of `width` bytes (1, 2, 4 or 8) at `offset`;
// nullopt when it does not fit in `data`.
std::optional<std::uint64_t> read_uint(std::string_view data, std::uint64_t offset, int width,
                                       bool little_endian);

// The largest file the binary extractors ask for: the walker's default read limit, since a wanted
// file over the limit inside an archive or image fails the whole walk.
inline constexpr std::uint64_t kMaxBinaryFileSize = std::uint64_t{64} << 20;

// True for files that may be native binaries (at most kMaxBinaryFileSize bytes): executables,
// shared objects (*.so, *.so.N), extension-less files under bin/, sbin/, lib/, libexec/ or boot/,
// and kernel images.
bool looks_like_binary(const FileInfo& file);

// True when the content starts with an ELF, PE or Mach-O magic.
bool has_executable_magic(std::string_view content);

// A canonical purl built leniently (kPermissive); empty (with a note) when it cannot be built.
std::string make_purl(std::string type, std::string ns, std::string name, std::string version,
                      std::vector<std::pair<std::string, std::string>> qualifiers,
                      std::vector<std::string>& notes);

// Factories (one per extractor).
std::unique_ptr<Extractor> make_elf_package_note_extractor();
std::unique_ptr<Extractor> make_version_string_extractor();
std::unique_ptr<Extractor> make_go_buildinfo_extractor();
std::unique_ptr<Extractor> make_java_archive_extractor();

}  // namespace bulwark::extract::binary
