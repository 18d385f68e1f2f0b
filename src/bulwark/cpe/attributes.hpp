// Internal to the cpe module: the attributes of a WFN after `part`, in binding order.
#pragma once

#include <array>
#include <string_view>

#include "bulwark/cpe/cpe.hpp"

namespace bulwark::cpe::detail {

struct AttributeSlot {
  std::string_view name;
  Attr Cpe::*member;
};

// vendor ... other, in formatted-string order (language is the sixth).
inline constexpr std::array<AttributeSlot, 10> kAttributes{{
    {"vendor", &Cpe::vendor},
    {"product", &Cpe::product},
    {"version", &Cpe::version},
    {"update", &Cpe::update},
    {"edition", &Cpe::edition},
    {"language", &Cpe::language},
    {"sw_edition", &Cpe::sw_edition},
    {"target_sw", &Cpe::target_sw},
    {"target_hw", &Cpe::target_hw},
    {"other", &Cpe::other},
}};

inline bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
// Printable ASCII other than space.
inline bool is_graph(char c) noexcept { return c > 0x20 && c < 0x7f; }

}  // namespace bulwark::cpe::detail
