// Version comparison micro-benchmarks: version::compare for Debian (dpkg), PyPI (PEP 440) and
// SEMVER over every ordered pair of a fixed list of realistic versions, relative to a plain
// std::string compare of the same pairs (the baseline). Counters: ns/compare and
// x_string_compare = ns/compare divided by the baseline's ns/compare measured in this process.
// Needs no test data.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/version/version.hpp"

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs all_pairs(const std::vector<std::string>& versions) {
  Pairs out;
  for (const auto& a : versions)
    for (const auto& b : versions) out.emplace_back(a, b);
  return out;
}

const Pairs& deb_pairs() {
  static const Pairs p =
      all_pairs({"1:2.30.2-1+deb11u2", "1:2.30.2-1+deb11u1", "3.0.11-1~deb12u2", "1:1.2.13.dfsg-1",
                 "2.36-9+deb12u4", "7.88.1-10+deb12u5", "1.1.1n-0+deb11u5", "252.22-1~deb12u1",
                 "5.2.15-2+b2", "1:9.2p1-2+deb12u2", "2.9.14+dfsg-1.3~deb12u1", "0.9.8~rc1-2"});
  return p;
}

const Pairs& pep440_pairs() {
  static const Pairs p =
      all_pairs({"2.31.0", "2.32.0rc1", "1.0.post1", "1!2.0", "3.9.0a4", "0.15.0.dev0",
                 "4.2.1+local.1", "1.0.0b2.post345.dev456", "23.1", "1.26.18", "2.0.0", "2.0"});
  return p;
}

const Pairs& semver_pairs() {
  static const Pairs p = all_pairs({"1.2.3", "1.2.3-alpha.1", "1.2.3-rc.1+build.5", "10.20.30",
                                    "2.0.0-beta.11", "0.0.4", "1.0.0-alpha.beta", "4.17.21",
                                    "1.0.0", "1.0.0-rc.1", "2.14.1", "0.10.0"});
  return p;
}

int string_compare_all(const Pairs& pairs) {
  int sum = 0;
  for (const auto& [a, b] : pairs) {
    int c = a.compare(b);
    sum += (c > 0) - (c < 0);
  }
  return sum;
}

// ns per std::string compare over the given pairs, best of 7 timed passes (in-process baseline).
double baseline_ns(const Pairs& pairs) {
  double best = 1e30;
  for (int rep = 0; rep < 7; ++rep) {
    constexpr int kPasses = 2000;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kPasses; ++i) benchmark::DoNotOptimize(string_compare_all(pairs));
    double ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, ns / (kPasses * static_cast<double>(pairs.size())));
  }
  return best;
}

void set_counters(benchmark::State& state, const Pairs& pairs, double ns_per_compare) {
  state.counters["pairs"] = static_cast<double>(pairs.size());
  state.counters["ns/compare"] = ns_per_compare;
  state.counters["x_string_compare"] = ns_per_compare / baseline_ns(pairs);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(pairs.size()));
}

void BM_StringCompare(benchmark::State& state, const Pairs* pairs) {
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(string_compare_all(*pairs));
  double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  set_counters(state, *pairs, ns / (static_cast<double>(state.iterations()) * pairs->size()));
}

void BM_VersionCompare(benchmark::State& state, const char* ecosystem, const Pairs* pairs) {
  for (const auto& [a, b] : *pairs) {  // every pair must compare, or the figure means nothing
    if (auto r = bulwark::version::compare(ecosystem, a, b); !r) {
      std::string msg = std::string(ecosystem) + ": " + a + " vs " + b + ": " + r.error().message;
      return state.SkipWithError(msg.c_str());
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    int sum = 0;
    for (const auto& [a, b] : *pairs) sum += *bulwark::version::compare(ecosystem, a, b);
    benchmark::DoNotOptimize(sum);
  }
  double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  set_counters(state, *pairs, ns / (static_cast<double>(state.iterations()) * pairs->size()));
}

BENCHMARK_CAPTURE(BM_StringCompare, deb_strings, &deb_pairs());
BENCHMARK_CAPTURE(BM_VersionCompare, deb, "Debian", &deb_pairs());
BENCHMARK_CAPTURE(BM_StringCompare, pep440_strings, &pep440_pairs());
BENCHMARK_CAPTURE(BM_VersionCompare, pep440, "PyPI", &pep440_pairs());
BENCHMARK_CAPTURE(BM_StringCompare, semver_strings, &semver_pairs());
BENCHMARK_CAPTURE(BM_VersionCompare, semver, "SEMVER", &semver_pairs());

}  // namespace

BENCHMARK_MAIN();
