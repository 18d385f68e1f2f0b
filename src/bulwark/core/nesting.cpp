// Nesting limit helpers (nesting.hpp).
#include "bulwark/core/nesting.hpp"

#include "bulwark/core/text.hpp"

namespace bulwark {

std::string nesting_message(std::size_t limit) {
  return "nesting deeper than " + std::to_string(limit);
}

Result<void> check_json_depth(std::string_view text, std::string_view name, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > limit) {
          const TextLocation at = location_of(text, i);
          std::string message(name);
          if (!message.empty()) message += ": ";
          message += nesting_message(limit) + " at line " + std::to_string(at.line) + ", column " +
                     std::to_string(at.column);
          return invalid_input(std::move(message));
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return {};
}

}  // namespace bulwark
