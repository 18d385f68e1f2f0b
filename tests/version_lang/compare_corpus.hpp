// Test helper: runs a version scheme over comparison corpora of the osv-scalibr form
// ("A < B", "A = B", "A > B" a line; blank lines and "//" or "#" comments ignored), with an
// explicit list of excluded lines (each with the reason), checking both argument orders.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::test {

using SchemeFn = Result<int> (*)(std::string_view, std::string_view);

struct CompareLine {
  std::string a, op, b;
  std::string text;
  std::size_t line_no = 0;
};

inline std::vector<CompareLine> read_compare_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<CompareLine> out;
  std::string line;
  for (std::size_t no = 1; std::getline(in, line); ++no) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || line.compare(first, 2, "//") == 0 || line[first] == '#')
      continue;
    std::size_t s1 = line.find(' ', first),
                s2 = s1 == std::string::npos ? s1 : line.find(' ', s1 + 1);
    if (s2 == std::string::npos || line.find(' ', s2 + 1) != std::string::npos) {
      ADD_FAILURE() << path.filename() << ":" << no << ": unexpected line: " << line;
      continue;
    }
    out.push_back({line.substr(first, s1 - first), line.substr(s1 + 1, s2 - s1 - 1),
                   line.substr(s2 + 1), line.substr(first), no});
  }
  return out;
}

inline int op_sign(const std::string& op) { return op == "<" ? -1 : (op == ">" ? 1 : 0); }

struct CorpusStats {
  std::size_t checked = 0;
  std::size_t excluded = 0;
  std::size_t unparsable = 0;  // lines skipped because a side does not parse (when asked to)
};

// Checks every line of `path` except the excluded ones (line text -> reason); every exclusion
// must be present in the file so that the list cannot silently go stale. With skip_unparsable,
// lines where a version does not parse are counted instead (callers assert the exact count).
inline CorpusStats check_compare_file(SchemeFn fn, const std::filesystem::path& path,
                                      const std::map<std::string, std::string>& excluded = {},
                                      bool skip_unparsable = false) {
  CorpusStats stats;
  std::set<std::string> seen;
  for (const CompareLine& c : read_compare_lines(path)) {
    if (excluded.count(c.text)) {
      ++stats.excluded;
      seen.insert(c.text);
      continue;
    }
    if (skip_unparsable && (!fn(c.a, c.a) || !fn(c.b, c.b))) {
      ++stats.unparsable;
      continue;
    }
    ++stats.checked;
    const std::string where =
        path.filename().string() + ":" + std::to_string(c.line_no) + ": " + c.text;
    auto r = fn(c.a, c.b);
    auto back = fn(c.b, c.a);
    if (!r || !back) {
      ADD_FAILURE() << where << ": error: " << (!r ? r.error().message : back.error().message);
      continue;
    }
    EXPECT_EQ(*r, op_sign(c.op)) << where;
    EXPECT_EQ(*back, -op_sign(c.op)) << where << " (reversed)";
  }
  for (const auto& [line, reason] : excluded)
    EXPECT_TRUE(seen.count(line)) << "exclusion (" << reason << ") not found in " << path.filename()
                                  << ": " << line;
  return stats;
}

}  // namespace bulwark::test
