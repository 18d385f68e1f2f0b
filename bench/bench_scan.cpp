// Scan of the generated 10,000-component SBOM, warm: the database (all OSV records of
// ../shared/corpora) is imported once into a temporary file and the store is opened once; each
// iteration then runs match::scan on the SBOM already in memory (BM_Scan10kWarm), or reads the
// file and scans it (BM_ReadAndScan10kWarm). Counters: components/s and the finding count.
#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>

#include "bulwark/match/matcher.hpp"
#include "bulwark/report/report.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/vulndb/store.hpp"
#include "support.hpp"

namespace {

struct Warm {
  std::optional<bulwark::bench::TempDir> dir;  // destroyed after the store (declared first)
  std::unique_ptr<bulwark::vulndb::Store> store;
  std::string sbom_path;
  bulwark::Sbom sbom;
  std::size_t records = 0;
  std::string error;
};

std::string prepare(Warm& w) {
  auto shared = bulwark::bench::shared_dir();
  if (!shared) return "../shared is absent (set BULWARK_SHARED): OSV corpora not available";
  auto path = bulwark::bench::input_file("sbom-10k.cdx.json");
  if (!path)
    return "sbom-10k.cdx.json not generated (run bench/run.sh or set BULWARK_BENCH_INPUTS)";
  w.sbom_path = *path;
  auto sbom = bulwark::sbom::read_file(*path);
  if (!sbom) return sbom.error().message;
  w.sbom = std::move(*sbom);
  w.dir.emplace();
  auto store = bulwark::vulndb::Store::open((w.dir->path() / "bench.db").string());
  if (!store) return store.error().message;
  auto report = (*store)->import_osv(bulwark::bench::osv_corpus_paths(*shared), {});
  if (!report) return report.error().message;
  w.records = report->seen;
  store->reset();  // reopen, as the CLI would
  store = bulwark::vulndb::Store::open((w.dir->path() / "bench.db").string());
  if (!store) return store.error().message;
  w.store = std::move(*store);
  return {};
}

Warm& warm() {
  static Warm w;
  static bool done = false;
  if (!done) {
    done = true;
    w.error = prepare(w);
  }
  return w;
}

void set_counters(benchmark::State& state, const Warm& w, const bulwark::match::ScanResult& r) {
  state.counters["components"] = static_cast<double>(w.sbom.components.size());
  state.counters["findings"] = static_cast<double>(r.findings.size());
  state.counters["matched"] = static_cast<double>(r.summary.matched_components);
  state.counters["db_records"] = static_cast<double>(w.records);
  state.counters["components/s"] = benchmark::Counter(
      static_cast<double>(w.sbom.components.size()), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Scan10kWarm(benchmark::State& state) {
  Warm& w = warm();
  if (!w.error.empty()) return state.SkipWithError(w.error.c_str());
  bulwark::match::ScanResult last;
  for (auto _ : state) {
    auto r = bulwark::match::scan(w.sbom, *w.store);
    if (!r) return state.SkipWithError(r.error().message.c_str());
    last = std::move(*r);
  }
  set_counters(state, w, last);
}
BENCHMARK(BM_Scan10kWarm)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_ReadAndScan10kWarm(benchmark::State& state) {
  Warm& w = warm();
  if (!w.error.empty()) return state.SkipWithError(w.error.c_str());
  bulwark::match::ScanResult last;
  for (auto _ : state) {
    auto sbom = bulwark::sbom::read_file(w.sbom_path);
    if (!sbom) return state.SkipWithError(sbom.error().message.c_str());
    auto r = bulwark::match::scan(*sbom, *w.store);
    if (!r) return state.SkipWithError(r.error().message.c_str());
    last = std::move(*r);
  }
  set_counters(state, w, last);
}
BENCHMARK(BM_ReadAndScan10kWarm)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// Writing the warm 10k scan's report (the findings with their evidence) in each output format
// to a stream that discards it: bytes/s of the presenter alone.
class NullBuffer : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    return n;
  }
  int overflow(int c) override {
    ++bytes;
    return c;
  }

 public:
  std::size_t bytes = 0;
};

void BM_Render10k(benchmark::State& state) {
  static const char* const kFormats[] = {"json", "sarif", "cyclonedx", "table"};
  const char* format = kFormats[state.range(0)];
  state.SetLabel(format);
  Warm& w = warm();
  if (!w.error.empty()) return state.SkipWithError(w.error.c_str());
  static std::optional<bulwark::match::ScanResult> result;
  if (!result) {
    auto r = bulwark::match::scan(w.sbom, *w.store);
    if (!r) return state.SkipWithError(r.error().message.c_str());
    result = std::move(*r);
  }
  const bulwark::report::ScanReport rep{w.sbom, *result, "bench.db", "bench",
                                        "2026-12-07T00:00:00Z"};
  std::size_t bytes = 0;
  for (auto _ : state) {
    NullBuffer sink;
    std::ostream out(&sink);
    auto r = bulwark::report::render(format, rep, out, false);
    if (!r) return state.SkipWithError(r.error().message.c_str());
    bytes = sink.bytes;
  }
  state.counters["findings"] = static_cast<double>(result->findings.size());
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_Render10k)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
