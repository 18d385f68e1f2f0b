// os-release(5) parsing: the distribution of a scanned root, read by the core walker from
// etc/os-release or usr/lib/os-release. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "bulwark/core/result.hpp"
#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

// Reads ID, VERSION_ID and PRETTY_NAME from os-release text. Values follow the shell-like
// quoting of os-release(5): "double quoted" (with \" \\ \$ \` escapes), 'single quoted'
// (literal) or bare (backslash escapes). ID defaults to "linux" as the specification says.
// Blank lines and '#' comments are skipped. Errors (naming the line): a line without '=',
// an unterminated quote, or no assignment at all.
Result<OsRelease> parse_os_release(std::string_view text);

// The value of one KEY (NAME, HOME_URL, ...) unquoted as above; "" when absent or malformed.
std::string os_release_field(std::string_view text, std::string_view key);

}  // namespace bulwark::extract
