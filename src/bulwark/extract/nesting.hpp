// Structural depth checks run on untrusted text before a recursive parser (or a recursive copy
// of the parsed tree) sees it: a document nested 200,000 levels deep is refused by a linear scan
// instead of exhausting the stack. Internal to src/bulwark/extract.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::extract {

// Nesting levels allowed in the JSON documents the inventory reads (image manifests, indexes,
// configs, lockfiles): real ones stay under 16.
inline constexpr int kMaxJsonDepth = 128;

// The byte offset at which the arrays/objects of a JSON text nest deeper than `limit` (strings
// and escapes skipped), nullopt when they never do. Malformed JSON is left to the parser.
std::optional<std::size_t> json_too_deep(std::string_view text, int limit = kMaxJsonDepth);

// Nesting levels allowed in the YAML documents the inventory reads (lockfiles).
inline constexpr int kMaxYamlDepth = 128;

// Checks a YAML text before it is loaded and walked: the number of nodes it stands for with
// every alias expanded (each anchor's size is computed once, when its node ends) must stay
// within a fixed allowance plus twice the text size, so a "billion laughs" document or one
// anchor referenced a million times is refused before anything walks it; nesting is limited
// to kMaxYamlDepth. Returns the message ("line N: ...") of the first violation, nullopt when the
// text is acceptable or has a syntax error (which the loader then reports).
std::optional<std::string> yaml_too_large(std::string_view text, int max_depth = kMaxYamlDepth);

// The node allowance of yaml_too_large for a text of `size` bytes.
std::uint64_t yaml_node_allowance(std::size_t size);

}  // namespace bulwark::extract
