// The streaming JSON writer against nlohmann::json's dump: the same bytes for the same document
// (indentation, escapes, number formatting), and valid JSON for text that is not UTF-8.
#include "bulwark/core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

namespace bulwark {
namespace {

using nlohmann::ordered_json;

void emit(JsonWriter& w, const ordered_json& j) {
  switch (j.type()) {
    case ordered_json::value_t::object:
      w.begin_object();
      for (const auto& [k, v] : j.items()) {
        w.key(k);
        emit(w, v);
      }
      w.end_object();
      break;
    case ordered_json::value_t::array:
      w.begin_array();
      for (const auto& v : j) emit(w, v);
      w.end_array();
      break;
    case ordered_json::value_t::string:
      w.value(j.get_ref<const std::string&>());
      break;
    case ordered_json::value_t::boolean:
      w.value(j.get<bool>());
      break;
    case ordered_json::value_t::number_integer:
      w.value(j.get<std::int64_t>());
      break;
    case ordered_json::value_t::number_unsigned:
      w.value(j.get<std::uint64_t>());
      break;
    case ordered_json::value_t::number_float:
      w.value(j.get<double>());
      break;
    default:
      w.null();
  }
}

std::string written(const ordered_json& j, int indent) {
  std::ostringstream out;
  {
    JsonWriter w(out, indent);
    emit(w, j);
  }
  return out.str();
}

std::string number(double v) {
  std::string s;
  append_json_number(s, v);
  return s;
}

TEST(JsonWriter, NumbersAreFormattedAsNlohmannDoes) {
  for (double v : {0.0,
                   -0.0,
                   1.0,
                   5.0,
                   9.8,
                   10.0,
                   0.97,
                   0.1,
                   0.0001,
                   0.00012,
                   0.00001,
                   1e-5,
                   1.5e-7,
                   123456789.0,
                   1e15,
                   1e16,
                   1.5e16,
                   2.5e300,
                   -3.25,
                   100.5,
                   0.3,
                   std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::min(),
                   std::numeric_limits<double>::denorm_min()})
    EXPECT_EQ(number(v), ordered_json(v).dump()) << v;
  EXPECT_EQ(number(std::nan("")), "null");
  EXPECT_EQ(number(HUGE_VAL), "null");
}

TEST(JsonWriter, RandomNumbersRoundTripAndRarelyDifferFromNlohmann) {
  std::mt19937_64 rng(20261207);
  std::uniform_int_distribution<std::uint64_t> bits;
  int differ_bits = 0, n_bits = 0, differ_scores = 0;
  for (int i = 0; i < 200000; ++i) {
    double v;
    const bool random_bits = i % 2 == 0;
    if (random_bits) {
      const std::uint64_t b = bits(rng);
      std::memcpy(&v, &b, sizeof v);
      if (!std::isfinite(v)) continue;
      ++n_bits;
    } else {  // CVSS scores, EPSS probabilities and percentiles: five decimals at most
      v = std::round(std::uniform_real_distribution<double>(0, 10)(rng) * 1e5) / 1e5;
    }
    const std::string mine = number(v);
    EXPECT_EQ(std::strtod(mine.c_str(), nullptr), v) << mine;  // exact round trip
    if (mine != ordered_json(v).dump()) ++(random_bits ? differ_bits : differ_scores);
  }
  // nlohmann's Grisu2 is sometimes one digit longer than the shortest form std::to_chars writes
  // (about 0.15 % of arbitrary bit patterns and of five-decimal values); both read back to the
  // same double, as checked above.
  EXPECT_LT(differ_bits, n_bits / 100) << differ_bits << " of " << n_bits;
  EXPECT_LT(differ_scores, (200000 - n_bits) / 100) << differ_scores;
}

TEST(JsonWriter, DocumentsMatchDumpIndentedAndCompact) {
  ordered_json doc = {
      {"schema", "bulwark-scan/1"},
      {"empty_object", ordered_json::object()},
      {"empty_array", ordered_json::array()},
      {"text", "quote \" backslash \\ newline \n tab \t ctrl \x01 \x1f del \x7f ü €"},
      {"n", -42},
      {"u", std::numeric_limits<std::uint64_t>::max()},
      {"f", 9.8},
      {"b", false},
      {"null", nullptr},
      {"nested", {{"a", ordered_json::array({1, 2.5, "x", ordered_json::array(), {{"k", true}}})}}},
  };
  EXPECT_EQ(written(doc, 2), doc.dump(2));
  EXPECT_EQ(written(doc, 0), doc.dump());
  EXPECT_EQ(written(ordered_json::array(), 2), "[]");
  EXPECT_EQ(written(ordered_json("top"), 2), "\"top\"");
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacters) {
  const std::string bad = std::string("ok \xff\xfe end \xc3") + "\x28";
  std::ostringstream out;
  {
    JsonWriter w(out, 0);
    w.begin_object().member("s", bad).end_object();
  }
  const auto parsed = ordered_json::parse(out.str());  // throws when not valid JSON
  EXPECT_EQ(parsed["s"].get<std::string>(), "ok \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd(");
}

TEST(JsonWriter, LargeOutputIsFlushedInChunks) {
  std::ostringstream out;
  {
    JsonWriter w(out, 2);
    w.begin_array();
    for (int i = 0; i < 100000; ++i) w.value("a string that is long enough to pass one MiB");
    w.end_array();
    EXPECT_GT(out.str().size(), 1u << 20);  // flushed before the end
  }
  const auto parsed = ordered_json::parse(out.str());
  EXPECT_EQ(parsed.size(), 100000u);
}

}  // namespace
}  // namespace bulwark
