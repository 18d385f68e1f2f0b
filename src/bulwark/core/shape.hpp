// Hand-written, linear-time shape checks for text from untrusted documents (no std::regex: its
// libstdc++ implementation recurses per character and overflows the stack on long inputs).
#pragma once

#include <string_view>

namespace bulwark {

// The RFC 3339 date-time shape YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm), digits not
// range-checked (parse_rfc3339 does that). `any_case` also accepts "t" and "z" (RFC 3339 5.6
// allows them; CSAF's JSON schema pattern does not).
bool is_rfc3339_shape(std::string_view s, bool any_case);

// True when s is non-empty and every character is an ASCII digit.
bool all_digits(std::string_view s);

}  // namespace bulwark
