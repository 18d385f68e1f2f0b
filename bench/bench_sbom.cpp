// SBOM reading alone (sbom::read_file: file read + CycloneDX JSON parse into bulwark::Sbom) of
// the generated 10,000- and 300,000-component SBOMs. Counters: components/s and bytes/s.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "bulwark/sbom/reader.hpp"
#include "support.hpp"

namespace {

void BM_SbomRead(benchmark::State& state, const char* name) {
  auto path = bulwark::bench::input_file(name);
  if (!path) {
    std::string msg =
        std::string(name) + " not generated (run bench/run.sh or set BULWARK_BENCH_INPUTS)";
    return state.SkipWithError(msg.c_str());
  }
  std::size_t components = 0;
  for (auto _ : state) {
    auto sbom = bulwark::sbom::read_file(*path);
    if (!sbom) return state.SkipWithError(sbom.error().message.c_str());
    components = sbom->components.size();
    benchmark::DoNotOptimize(sbom);
  }
  auto bytes = static_cast<int64_t>(std::filesystem::file_size(*path));
  state.SetBytesProcessed(bytes * state.iterations());
  state.counters["components"] = static_cast<double>(components);
  state.counters["components/s"] = benchmark::Counter(
      static_cast<double>(components), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_SbomRead, 10k, "sbom-10k.cdx.json")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_SbomRead, 300k, "sbom-300k.cdx.json")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
