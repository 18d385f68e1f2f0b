// Shape checks (shape.hpp).
#include "bulwark/core/shape.hpp"

#include <cstddef>

namespace bulwark {

namespace {

bool digits_at(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

bool all_digits(std::string_view s) { return !s.empty() && digits_at(s, 0, s.size()); }

bool is_rfc3339_shape(std::string_view s, bool any_case) {
  // 0123456789012345678
  // YYYY-MM-DDThh:mm:ss
  if (s.size() < 20) return false;
  if (!digits_at(s, 0, 4) || s[4] != '-' || !digits_at(s, 5, 2) || s[7] != '-' ||
      !digits_at(s, 8, 2) || !(s[10] == 'T' || (any_case && s[10] == 't')) ||
      !digits_at(s, 11, 2) || s[13] != ':' || !digits_at(s, 14, 2) || s[16] != ':' ||
      !digits_at(s, 17, 2))
    return false;
  std::size_t i = 19;
  if (s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  const std::string_view zone = s.substr(i);
  if (zone == "Z" || (any_case && zone == "z")) return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits_at(zone, 1, 2) &&
         zone[3] == ':' && digits_at(zone, 4, 2);
}

}  // namespace bulwark
