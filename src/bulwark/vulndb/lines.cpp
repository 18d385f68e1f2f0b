// The list columns of the feed tables, shared by the SQLite and PostgreSQL stores (feeds.hpp).
#include "bulwark/core/text.hpp"
#include "bulwark/vulndb/feeds.hpp"

namespace bulwark::vulndb::detail {

std::string join_lines(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out += v[i];
  }
  return out;
}

std::string terminated_lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += s;
    out.push_back('\n');
  }
  return out;
}

std::vector<std::string> lines_of(std::string_view s, bool keep_empty) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (auto part : split(s, '\n'))
    if (keep_empty || !part.empty()) out.emplace_back(part);
  return out;
}

}  // namespace bulwark::vulndb::detail
