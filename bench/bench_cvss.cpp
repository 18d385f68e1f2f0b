// CVSS scoring micro-benchmarks: cvss::score over a fixed set of random valid vectors per
// version (v2.0, v3.0, v3.1, v4.0), generated in-process with a fixed seed. Every vector has all
// base metrics; temporal (v4: threat), environmental and (v4) supplemental metrics are added at
// random, X / ND values included. Baseline in the same process: copying each vector into a
// std::string and hashing it with std::hash. Counters: ns/vector and x_copy_hash = ns/vector
// divided by the baseline's ns/vector over the same strings. Needs no test data.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/cvss/cvss.hpp"

namespace {

constexpr std::size_t kVectorsPerVersion = 4096;
constexpr std::uint32_t kSeed = 20261129;

// One metric as written in a vector, with every value the version's specification allows.
struct Metric {
  const char* name;
  std::vector<const char*> values;
};

// Metric groups in the specification's order (v4 requires it; v2/v3 canonical order).
struct Spec {
  const char* prefix;
  std::vector<Metric> base;
  std::vector<Metric> temporal;  // v4: threat
  std::vector<Metric> environmental;
  std::vector<Metric> supplemental;  // v4 only
};

const Spec& v2_spec() {
  static const Spec s{"",
                      {{"AV", {"L", "A", "N"}},
                       {"AC", {"H", "M", "L"}},
                       {"Au", {"M", "S", "N"}},
                       {"C", {"N", "P", "C"}},
                       {"I", {"N", "P", "C"}},
                       {"A", {"N", "P", "C"}}},
                      {{"E", {"ND", "U", "POC", "F", "H"}},
                       {"RL", {"ND", "OF", "TF", "W", "U"}},
                       {"RC", {"ND", "UC", "UR", "C"}}},
                      {{"CDP", {"ND", "N", "L", "LM", "MH", "H"}},
                       {"TD", {"ND", "N", "L", "M", "H"}},
                       {"CR", {"ND", "L", "M", "H"}},
                       {"IR", {"ND", "L", "M", "H"}},
                       {"AR", {"ND", "L", "M", "H"}}},
                      {}};
  return s;
}

Spec v3_spec(const char* prefix) {
  return Spec{prefix,
              {{"AV", {"N", "A", "L", "P"}},
               {"AC", {"L", "H"}},
               {"PR", {"N", "L", "H"}},
               {"UI", {"N", "R"}},
               {"S", {"U", "C"}},
               {"C", {"H", "L", "N"}},
               {"I", {"H", "L", "N"}},
               {"A", {"H", "L", "N"}}},
              {{"E", {"X", "U", "P", "F", "H"}},
               {"RL", {"X", "O", "T", "W", "U"}},
               {"RC", {"X", "U", "R", "C"}}},
              {{"CR", {"X", "L", "M", "H"}},
               {"IR", {"X", "L", "M", "H"}},
               {"AR", {"X", "L", "M", "H"}},
               {"MAV", {"X", "N", "A", "L", "P"}},
               {"MAC", {"X", "L", "H"}},
               {"MPR", {"X", "N", "L", "H"}},
               {"MUI", {"X", "N", "R"}},
               {"MS", {"X", "U", "C"}},
               {"MC", {"X", "H", "L", "N"}},
               {"MI", {"X", "H", "L", "N"}},
               {"MA", {"X", "H", "L", "N"}}},
              {}};
}

const Spec& v40_spec() {
  static const Spec s{"CVSS:4.0/",
                      {{"AV", {"N", "A", "L", "P"}},
                       {"AC", {"L", "H"}},
                       {"AT", {"N", "P"}},
                       {"PR", {"N", "L", "H"}},
                       {"UI", {"N", "P", "A"}},
                       {"VC", {"H", "L", "N"}},
                       {"VI", {"H", "L", "N"}},
                       {"VA", {"H", "L", "N"}},
                       {"SC", {"H", "L", "N"}},
                       {"SI", {"H", "L", "N"}},
                       {"SA", {"H", "L", "N"}}},
                      {{"E", {"X", "A", "P", "U"}}},
                      {{"CR", {"X", "H", "M", "L"}},
                       {"IR", {"X", "H", "M", "L"}},
                       {"AR", {"X", "H", "M", "L"}},
                       {"MAV", {"X", "N", "A", "L", "P"}},
                       {"MAC", {"X", "L", "H"}},
                       {"MAT", {"X", "N", "P"}},
                       {"MPR", {"X", "N", "L", "H"}},
                       {"MUI", {"X", "N", "P", "A"}},
                       {"MVC", {"X", "H", "L", "N"}},
                       {"MVI", {"X", "H", "L", "N"}},
                       {"MVA", {"X", "H", "L", "N"}},
                       {"MSC", {"X", "H", "L", "N"}},
                       {"MSI", {"X", "S", "H", "L", "N"}},
                       {"MSA", {"X", "S", "H", "L", "N"}}},
                      {{"S", {"X", "N", "P"}},
                       {"AU", {"X", "N", "Y"}},
                       {"R", {"X", "A", "U", "I"}},
                       {"V", {"X", "D", "C"}},
                       {"RE", {"X", "L", "M", "H"}},
                       {"U", {"X", "Clear", "Green", "Amber", "Red"}}}};
  return s;
}

// Appends the group's metrics; when `optional`, each metric is written with probability 1/2.
void append_group(std::string& out, const std::vector<Metric>& group, bool optional,
                  std::mt19937& rng) {
  for (const auto& m : group) {
    if (optional && rng() % 2 == 0) continue;
    if (!out.empty() && out.back() != '/') out += '/';
    out += m.name;
    out += ':';
    out += m.values[rng() % m.values.size()];
  }
}

// Base metrics always; each further group in about half the vectors (environmental a third).
std::string random_vector(const Spec& spec, std::mt19937& rng) {
  std::string out = spec.prefix;
  append_group(out, spec.base, false, rng);
  if (rng() % 2 == 0) append_group(out, spec.temporal, true, rng);
  if (rng() % 3 == 0) append_group(out, spec.environmental, true, rng);
  if (!spec.supplemental.empty() && rng() % 4 == 0) append_group(out, spec.supplemental, true, rng);
  return out;
}

std::vector<std::string> generate(const Spec& spec, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  out.reserve(kVectorsPerVersion);
  for (std::size_t i = 0; i < kVectorsPerVersion; ++i) out.push_back(random_vector(spec, rng));
  return out;
}

using Vectors = std::vector<std::string>;

const Vectors& v20_vectors() {
  static const Vectors v = generate(v2_spec(), kSeed);
  return v;
}
const Vectors& v30_vectors() {
  static const Vectors v = generate(v3_spec("CVSS:3.0/"), kSeed + 1);
  return v;
}
const Vectors& v31_vectors() {
  static const Vectors v = generate(v3_spec("CVSS:3.1/"), kSeed + 2);
  return v;
}
const Vectors& v40_vectors() {
  static const Vectors v = generate(v40_spec(), kSeed + 3);
  return v;
}

std::size_t copy_hash_all(const Vectors& vectors) {
  std::size_t sum = 0;
  for (const auto& v : vectors) {
    std::string copy(v);
    benchmark::DoNotOptimize(copy.data());
    sum += std::hash<std::string>{}(copy);
  }
  return sum;
}

double score_all(const Vectors& vectors) {
  double sum = 0;
  for (const auto& v : vectors) {
    auto r = bulwark::cvss::score(v);
    sum += r ? r->overall : -1.0;
  }
  return sum;
}

// ns per copy + hash over the vectors, best of 7 timed passes (the in-process baseline).
double baseline_ns(const Vectors& vectors) {
  double best = 1e30;
  for (int rep = 0; rep < 7; ++rep) {
    constexpr int kPasses = 200;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kPasses; ++i) benchmark::DoNotOptimize(copy_hash_all(vectors));
    double ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, ns / (kPasses * static_cast<double>(vectors.size())));
  }
  return best;
}

std::size_t total_bytes(const Vectors& vectors) {
  std::size_t n = 0;
  for (const auto& v : vectors) n += v.size();
  return n;
}

void set_counters(benchmark::State& state, const Vectors& vectors, double ns_per_vector) {
  state.counters["vectors"] = static_cast<double>(vectors.size());
  state.counters["avg_len"] =
      static_cast<double>(total_bytes(vectors)) / static_cast<double>(vectors.size());
  state.counters["ns/vector"] = ns_per_vector;
  state.counters["x_copy_hash"] = ns_per_vector / baseline_ns(vectors);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(vectors.size()));
}

void BM_CopyHash(benchmark::State& state, const Vectors* vectors) {
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(copy_hash_all(*vectors));
  double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  set_counters(state, *vectors, ns / (static_cast<double>(state.iterations()) * vectors->size()));
}

// How many vectors define a temporal/threat and an environmental score (the mix actually scored).
void count_groups(benchmark::State& state, const Vectors& vectors) {
  std::size_t temporal = 0, environmental = 0;
  for (const auto& v : vectors) {
    auto r = bulwark::cvss::score(v);
    temporal += (r->temporal || r->threat) ? 1 : 0;
    environmental += r->environmental ? 1 : 0;
  }
  state.counters["with_temporal"] = static_cast<double>(temporal);
  state.counters["with_env"] = static_cast<double>(environmental);
}

void BM_CvssScore(benchmark::State& state, const Vectors* vectors) {
  for (const auto& v : *vectors) {  // every vector must score, or the figure means nothing
    if (auto r = bulwark::cvss::score(v); !r) {
      std::string msg = "generated vector '" + v + "' does not score: " + r.error().message;
      return state.SkipWithError(msg.c_str());
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(score_all(*vectors));
  double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  set_counters(state, *vectors, ns / (static_cast<double>(state.iterations()) * vectors->size()));
  count_groups(state, *vectors);
}

BENCHMARK_CAPTURE(BM_CopyHash, v2_strings, &v20_vectors());
BENCHMARK_CAPTURE(BM_CvssScore, v2, &v20_vectors());
BENCHMARK_CAPTURE(BM_CopyHash, v30_strings, &v30_vectors());
BENCHMARK_CAPTURE(BM_CvssScore, v30, &v30_vectors());
BENCHMARK_CAPTURE(BM_CopyHash, v31_strings, &v31_vectors());
BENCHMARK_CAPTURE(BM_CvssScore, v31, &v31_vectors());
BENCHMARK_CAPTURE(BM_CopyHash, v40_strings, &v40_vectors());
BENCHMARK_CAPTURE(BM_CvssScore, v40, &v40_vectors());

}  // namespace

BENCHMARK_MAIN();
