// Conformance against the Red Hat cvss library's test vectors (../shared/corpora/cvss-redhat,
// normalized TSVs): every row's base/temporal/environmental (v2, v3.0, v3.1) or score (v4.0)
// must match exactly. Red Hat computes the temporal and environmental scores of every vector,
// so those rows are compared with score_all_groups(). No row is excluded.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/cvss/cvss.hpp"
#include "shared.hpp"

namespace bulwark::cvss {
namespace {

struct Row {
  std::size_t line;
  std::vector<std::string> cells;
};

std::vector<Row> read_tsv(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<Row> rows;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1 || line.empty()) continue;  // header
    Row r{n, {}};
    for (auto c : split(line, '\t')) r.cells.emplace_back(c);
    rows.push_back(std::move(r));
  }
  return rows;
}

// Scores are printed with one decimal; compare as text of the same form. Red Hat's Decimal
// arithmetic prints some v2 zero scores as "-0.0" (a negative sum times f(Impact) = 0): adding
// +0.0 folds the sign, as -0.0 and 0.0 are the same score.
std::string one_decimal(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x + 0.0);
  return buf;
}

void expect_cell(const Row& r, const std::string& what, const std::string& expected,
                 const std::optional<double>& got, std::size_t& mismatches) {
  if (expected.empty()) return;
  std::string g = got ? one_decimal(*got) : "(none)";
  std::string e = one_decimal(std::stod(expected));
  if (g != e) {
    ++mismatches;
    ADD_FAILURE() << "line " << r.line << " " << r.cells[2] << ": " << what << " expected " << e
                  << ", got " << g;
  }
}

// v2/v3 files: source_file, version, vector, base, temporal, environmental.
std::size_t check_v2_v3(const std::filesystem::path& file, std::size_t& mismatches) {
  auto rows = read_tsv(file);
  for (const auto& r : rows) {
    EXPECT_EQ(r.cells.size(), 6u) << file << ":" << r.line;
    if (r.cells.size() != 6) continue;
    auto s = score_all_groups(r.cells[2]);
    if (!s) {
      ++mismatches;
      ADD_FAILURE() << "line " << r.line << " " << r.cells[2] << ": " << s.error().message;
      continue;
    }
    EXPECT_EQ(to_string(s->version), r.cells[1]) << r.cells[2];
    expect_cell(r, "base", r.cells[3], s->base, mismatches);
    expect_cell(r, "temporal", r.cells[4], s->temporal, mismatches);
    expect_cell(r, "environmental", r.cells[5], s->environmental, mismatches);
  }
  return rows.size();
}

TEST(CvssCorpusRedHat, V2) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cvss-redhat/normalized");
  std::size_t mismatches = 0;
  std::size_t n = check_v2_v3(dir / "cvss_v2_vectors.tsv", mismatches);
  std::printf("[ corpus ] cvss-redhat v2: %zu rows, %zu mismatches\n", n, mismatches);
  RecordProperty("rows", static_cast<int>(n));
  EXPECT_GE(n, 758u);
  EXPECT_EQ(mismatches, 0u);
}

TEST(CvssCorpusRedHat, V3) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cvss-redhat/normalized");
  std::size_t mismatches = 0;
  std::size_t n = check_v2_v3(dir / "cvss_v3_vectors.tsv", mismatches);
  std::printf("[ corpus ] cvss-redhat v3.0/v3.1: %zu rows, %zu mismatches\n", n, mismatches);
  RecordProperty("rows", static_cast<int>(n));
  EXPECT_GE(n, 5215u);
  EXPECT_EQ(mismatches, 0u);
}

TEST(CvssCorpusRedHat, V4) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/cvss-redhat/normalized");
  auto rows = read_tsv(dir / "cvss_v4_vectors.tsv");
  std::size_t mismatches = 0;
  for (const auto& r : rows) {
    ASSERT_EQ(r.cells.size(), 3u) << r.line;
    auto s = score(r.cells[1]);
    if (!s) {
      ++mismatches;
      ADD_FAILURE() << "line " << r.line << " " << r.cells[1] << ": " << s.error().message;
      continue;
    }
    EXPECT_EQ(s->version, Version::kV40);
    std::string e = one_decimal(std::stod(r.cells[2])), g = one_decimal(s->overall);
    if (e != g) {
      ++mismatches;
      ADD_FAILURE() << "line " << r.line << " " << r.cells[1] << ": expected " << e << ", got "
                    << g;
    }
  }
  std::printf("[ corpus ] cvss-redhat v4.0: %zu rows, %zu mismatches\n", rows.size(), mismatches);
  RecordProperty("rows", static_cast<int>(rows.size()));
  EXPECT_GE(rows.size(), 1694u);
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace bulwark::cvss
