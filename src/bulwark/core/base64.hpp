// Standard Base64 (RFC 4648 section 4, with padding): the Dependency-Track upload's "bom" field
// and job payloads. Decoding is strict: one line, the standard alphabet, correct padding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark {

std::string base64_encode(std::string_view bytes);
// nullopt on any character outside the alphabet, a length not a multiple of 4 or bad padding.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace bulwark
