// Format sniffing from content: '{' (or '[') JSON, '<' XML, an "SPDXVersion:" line tag-value.
#include <string_view>

#include "bulwark/core/text.hpp"
#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom::detail {

std::string_view strip_preamble(std::string_view content) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  const auto first = content.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view{} : content.substr(first);
}

// Tag-value: the first lines that are neither blank nor comments must include "SPDXVersion:".
static bool looks_like_tag_value(std::string_view content) {
  std::size_t pos = 0;
  for (int lines = 0; lines < 50 && pos < content.size(); ++lines) {
    auto end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    const std::string_view line = trim(content.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("SPDXVersion:")) return true;
  }
  return false;
}

Syntax sniff(std::string_view content) {
  if (content.empty()) return Syntax::kUnknown;
  if (content.front() == '{' || content.front() == '[') return Syntax::kJson;
  if (content.front() == '<') return Syntax::kXml;
  if (looks_like_tag_value(content)) return Syntax::kTagValue;
  return Syntax::kUnknown;
}

}  // namespace bulwark::sbom::detail
