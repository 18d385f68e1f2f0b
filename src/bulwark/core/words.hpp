// The non-empty parts of a separated list, copied: how the stores read their space- or
// newline-separated list columns (ids, aliases, responses, rule events and products).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"

namespace bulwark {

inline std::vector<std::string> split_nonempty(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (auto p : split(s, sep))
    if (!p.empty()) out.emplace_back(p);
  return out;
}

}  // namespace bulwark
