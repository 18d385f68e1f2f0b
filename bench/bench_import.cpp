// OSV import throughput: every OSV record of ../shared/corpora imported into a fresh temporary
// database per iteration, against two in-process baselines over the same records held in
// memory: a raw simdjson DOM parse (the floor any JSON importer pays) and Bulwark's own OSV
// parse (parse + validation, no storage). Counters: records/s, and rate_vs_raw_json =
// import records/s divided by raw-parse records/s (rate_vs_osv_parse likewise).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/osv/osv.hpp"
#include "bulwark/vulndb/store.hpp"
#include "support.hpp"

namespace {

using bulwark::bench::shared_dir;

// Adds one JSON text per record: an OSV API response {"vulns": [...]} (osv-records-misc holds
// two) is split into its records, as the importer counts them.
void add_json_records(std::string text, std::vector<std::string>& out) {
  simdjson::dom::parser parser;
  simdjson::dom::array vulns;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc) == simdjson::SUCCESS &&
      doc["vulns"].get(vulns) == simdjson::SUCCESS) {
    for (auto v : vulns) out.push_back(simdjson::minify(v));
    return;
  }
  out.push_back(std::move(text));
}

// The record texts as JSON (YAML records converted once here, outside any timing).
struct Corpus {
  std::vector<std::string> paths;  // what import_osv is given
  std::vector<std::string> json;   // one JSON text per record
  std::string error;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    auto shared = shared_dir();
    if (!shared) {
      out.error = "../shared is absent (set BULWARK_SHARED): OSV corpora not available";
      return out;
    }
    out.paths = bulwark::bench::osv_corpus_paths(*shared);
    for (const auto& file : bulwark::bench::record_files(out.paths)) {
      auto text = bulwark::read_file(file.string());
      if (!text) continue;
      if (file.extension() != ".json") {
        if (auto js = bulwark::osv::yaml_to_json(*text)) out.json.push_back(std::move(*js));
      } else {
        add_json_records(std::move(*text), out.json);
      }
    }
    if (out.json.empty()) out.error = "no OSV record files under ../shared/corpora";
    return out;
  }();
  return c;
}

// Parses every text once; returns the number of texts that parsed.
std::size_t raw_parse_all(simdjson::dom::parser& parser, const std::vector<std::string>& texts) {
  std::size_t ok = 0;
  for (const auto& t : texts) {
    simdjson::dom::element doc;
    if (parser.parse(t).get(doc) == simdjson::SUCCESS) ++ok;
    benchmark::DoNotOptimize(doc);
  }
  return ok;
}

std::size_t osv_parse_all(const std::vector<std::string>& texts) {
  std::size_t ok = 0;
  for (const auto& t : texts) {
    auto r = bulwark::osv::parse_json(t);
    if (r) ++ok;
    benchmark::DoNotOptimize(r);
  }
  return ok;
}

// Best-of-5 records/s of a pass over the corpus (the in-process baselines for the ratios).
template <class F>
double best_rate(F pass) {
  double best = 0;
  for (int i = 0; i < 5; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    std::size_t n = pass();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, static_cast<double>(n) / s);
  }
  return best;
}

double raw_parse_rate() {
  static const double rate = [] {
    simdjson::dom::parser parser;
    return best_rate([&] {
      raw_parse_all(parser, corpus().json);
      return corpus().json.size();
    });
  }();
  return rate;
}

double osv_parse_rate() {
  static const double rate = best_rate([] {
    osv_parse_all(corpus().json);
    return corpus().json.size();
  });
  return rate;
}

void BM_RawJsonParse(benchmark::State& state) {
  const auto& c = corpus();
  if (!c.error.empty()) return state.SkipWithError(c.error.c_str());
  simdjson::dom::parser parser;
  std::size_t ok = 0;
  for (auto _ : state) ok = raw_parse_all(parser, c.json);
  state.counters["records"] = static_cast<double>(c.json.size());
  state.counters["parsed"] = static_cast<double>(ok);
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(c.json.size()),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RawJsonParse)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OsvParse(benchmark::State& state) {
  const auto& c = corpus();
  if (!c.error.empty()) return state.SkipWithError(c.error.c_str());
  std::size_t ok = 0;
  for (auto _ : state) ok = osv_parse_all(c.json);
  state.counters["records"] = static_cast<double>(c.json.size());
  state.counters["valid"] = static_cast<double>(ok);
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(c.json.size()),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_OsvParse)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OsvImport(benchmark::State& state) {
  const auto& c = corpus();
  if (!c.error.empty()) return state.SkipWithError(c.error.c_str());
  const double raw_rate = raw_parse_rate();
  const double parse_rate = osv_parse_rate();
  bulwark::vulndb::ImportReport last;
  bulwark::bench::TempDir dir;  // one fresh database file per iteration, all removed at the end
  double total_seconds = 0;
  std::size_t total_records = 0;
  int n = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto db = dir.path() / ("bench-" + std::to_string(n++) + ".db");
    auto store = bulwark::vulndb::Store::open(db.string());
    if (!store) return state.SkipWithError(store.error().message.c_str());
    auto report = (*store)->import_osv(c.paths, {});
    if (!report) return state.SkipWithError(report.error().message.c_str());
    store->reset();  // close (final checkpoint) inside the timing
    total_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    total_records += report->seen;
    last = std::move(*report);
  }
  const double rate = static_cast<double>(total_records) / total_seconds;
  state.counters["records"] = static_cast<double>(last.seen);
  state.counters["inserted"] = static_cast<double>(last.inserted);
  state.counters["invalid"] = static_cast<double>(last.invalid.size());
  state.counters["records/s"] = rate;
  state.counters["raw_json_rec/s"] = raw_rate;
  state.counters["osv_parse_rec/s"] = parse_rate;
  state.counters["rate_vs_raw_json"] = rate / raw_rate;
  state.counters["rate_vs_osv_parse"] = rate / parse_rate;
}
BENCHMARK(BM_OsvImport)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
