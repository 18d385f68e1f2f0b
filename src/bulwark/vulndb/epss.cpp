// FIRST EPSS daily scores: "#model_version:...,score_date:..." then "cve,epss,percentile" and
// one row per CVE. A tight line scanner: rows are never copied, numbers go through from_chars.
#include <charconv>
#include <cstring>

#include "bulwark/core/text.hpp"
#include "bulwark/vulndb/feeds.hpp"

namespace bulwark::vulndb::detail {
namespace {

class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    ++number_;
    const void* nl = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
    const std::size_t end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) : text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

// "#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z"
EpssHeader parse_comment(std::string_view line) {
  EpssHeader h;
  line.remove_prefix(1);
  for (auto part : split(line, ',')) {
    auto colon = part.find(':');
    if (colon == std::string_view::npos) continue;
    auto key = trim(part.substr(0, colon));
    auto value = std::string(trim(part.substr(colon + 1)));
    if (key == "model_version") h.model_version = value;
    if (key == "score_date") h.score_date = value;
  }
  return h;
}

bool parse_probability(std::string_view s, double& out) {
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end && out >= 0.0 && out <= 1.0;
}

// The reason a row is unusable, or nullptr.
const char* parse_row(std::string_view line, EpssRow& row) {
  const auto c1 = line.find(',');
  if (c1 == std::string_view::npos) return "expected 3 fields (cve,epss,percentile)";
  const auto c2 = line.find(',', c1 + 1);
  if (c2 == std::string_view::npos || line.find(',', c2 + 1) != std::string_view::npos)
    return "expected 3 fields (cve,epss,percentile)";
  row.cve = line.substr(0, c1);
  if (!is_cve_id(row.cve)) return "not a CVE id";
  if (!parse_probability(line.substr(c1 + 1, c2 - c1 - 1), row.score))
    return "epss is not a number in [0, 1]";
  if (!parse_probability(line.substr(c2 + 1), row.percentile))
    return "percentile is not a number in [0, 1]";
  return nullptr;
}

}  // namespace

Result<EpssHeader> parse_epss_csv(std::string_view text, const EpssSink& sink,
                                  const ProblemSink& problem) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Lines lines(text);
  EpssHeader header;
  std::string_view line;
  bool have_header = false;
  while (!have_header && lines.next(line)) {
    if (line.starts_with('#')) {
      auto h = parse_comment(line);
      if (!h.model_version.empty()) header.model_version = std::move(h.model_version);
      if (!h.score_date.empty()) header.score_date = std::move(h.score_date);
      continue;
    }
    if (!equals_icase(trim(line), "cve,epss,percentile"))
      return invalid_input("line " + std::to_string(lines.number()) +
                           ": expected the header 'cve,epss,percentile'");
    have_header = true;
  }
  if (!have_header) return invalid_input("no 'cve,epss,percentile' header");
  EpssRow row;
  while (lines.next(line)) {
    if (line.empty()) continue;
    if (const char* bad = parse_row(line, row)) {
      std::string reason = bad;
      reason += ": '";
      reason += line.substr(0, 80);
      reason += '\'';
      problem(Problem{lines.number(), {}, std::move(reason)});
      continue;
    }
    if (auto r = sink(row); !r) return std::unexpected(std::move(r).error());
  }
  return header;
}

}  // namespace bulwark::vulndb::detail
