// Risk-feed import throughput: each iteration opens a fresh temporary database, imports one feed
// file (recognised by content, as `bulwark db import` does) and closes the store; the timed span
// is open + import + close. Inputs:
//   - FIRST EPSS: 300,000 generated rows, written once to a temp .csv and a gzip'd .csv.gz
//     (target: <= 2 s per import);
//   - CISA KEV: ../shared/corpora/cisa-kev/known_exploited_vulnerabilities.{json,csv} (skipped,
//     with the reason, when ../shared is absent);
//   - NVD CVE API 2.0 JSON: 20,000 generated records of realistic shape (descriptions, CVSS v3.1 +
//     v2 metrics, weaknesses, one or two configurations with several cpeMatch version bounds).
// Baseline in the same process: reading the same file's bytes (gunzipped for .gz) and counting
// its lines, best of 5 (BM_ReadBytes shows it alone). Counters: rows/s (entries/s, records/s),
// MB (file size), read_ms (the baseline) and x_read = import seconds / baseline seconds, the
// import's cost over pure I/O. BM_FreshStoreOpenClose is the fixed part of every import:
// creating, migrating and closing an empty database.
#include <archive.h>
#include <archive_entry.h>
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "bulwark/cvss/cvss.hpp"
#include "bulwark/vulndb/store.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using bulwark::vulndb::ImportReport;

constexpr std::size_t kEpssRows = 300'000;
constexpr std::size_t kNvdRecords = 20'000;
constexpr double kEpssTargetSeconds = 2.0;

enum class Feed { kEpss, kKev, kNvd };

// One input file, what the importer must call it, and how many items it holds (0: unknown).
struct Input {
  std::string path;
  std::string kind;
  std::size_t expected = 0;
  std::string error;  // why the input is unavailable
};

// Where generated inputs go: one temp directory for the whole run, removed at exit.
const fs::path& work_dir() {
  static const bulwark::bench::TempDir dir;
  return dir.path();
}

bool write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out);
}

// A single gzip stream (not a tar), what FIRST publishes as .csv.gz.
bool write_gzip(const fs::path& p, const std::string& text) {
  archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  bool ok = archive_write_open_filename(a, p.string().c_str()) == ARCHIVE_OK;
  if (ok) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_pathname(e, "data");
    archive_entry_set_size(e, static_cast<la_int64_t>(text.size()));
    ok = archive_write_header(a, e) == ARCHIVE_OK &&
         archive_write_data(a, text.data(), text.size()) == static_cast<la_ssize_t>(text.size());
    archive_entry_free(e);
  }
  ok = archive_write_close(a) == ARCHIVE_OK && ok;
  archive_write_free(a);
  return ok;
}

// ---- EPSS ---------------------------------------------------------------------------------

// Rows in CVE order as FIRST writes them: 28 years, ~10.7k ids a year, numbers up to 42,857
// (4 and 5 digits); scores from a fixed-seed generator.
std::string generated_epss() {
  std::string out =
      "#model_version:v2026.06.15,score_date:2026-11-29T00:00:00Z\ncve,epss,percentile\n";
  out.reserve(kEpssRows * 36);
  constexpr std::size_t kPerYear = (kEpssRows + 27) / 28;
  std::mt19937 rng(15);
  for (std::size_t i = 0; i < kEpssRows; ++i) {
    const auto year = 1999 + i / kPerYear;
    const auto number = 1 + 4 * (i % kPerYear);
    const double score = static_cast<double>(rng() % 100'000) / 100'000.0;
    const double percentile = static_cast<double>(rng() % 100'000) / 100'000.0;
    fmt::format_to(std::back_inserter(out), "CVE-{}-{:04},{:.5f},{:.5f}\n", year, number, score,
                   percentile);
  }
  return out;
}

struct EpssInputs {
  Input csv, gzip;
};

const EpssInputs& epss_inputs() {
  static const EpssInputs in = [] {
    EpssInputs out;
    const std::string text = generated_epss();
    out.csv = {(work_dir() / "epss_scores.csv").string(), "FIRST EPSS CSV", kEpssRows, {}};
    out.gzip = {
        (work_dir() / "epss_scores.csv.gz").string(), "FIRST EPSS CSV (gzip)", kEpssRows, {}};
    if (!write_text(out.csv.path, text)) out.csv.error = "cannot write " + out.csv.path;
    if (!write_gzip(out.gzip.path, text)) out.gzip.error = "cannot write " + out.gzip.path;
    return out;
  }();
  return in;
}

const Input& epss_csv() { return epss_inputs().csv; }
const Input& epss_gzip() { return epss_inputs().gzip; }

// ---- KEV ----------------------------------------------------------------------------------

Input kev_input(const char* name, const char* kind) {
  Input in{{}, kind, 0, {}};
  auto shared = bulwark::bench::shared_dir();
  if (!shared) {
    in.error = "../shared is absent (set BULWARK_SHARED): the CISA KEV corpus is not available";
    return in;
  }
  in.path = (*shared / "corpora" / "cisa-kev" / name).string();
  if (!fs::is_regular_file(in.path)) in.error = in.path + ": not found";
  return in;
}

const Input& kev_json() {
  static const Input in = kev_input("known_exploited_vulnerabilities.json", "CISA KEV JSON");
  return in;
}
const Input& kev_csv() {
  static const Input in = kev_input("known_exploited_vulnerabilities.csv", "CISA KEV CSV");
  return in;
}

// ---- NVD ----------------------------------------------------------------------------------

using Out = std::back_insert_iterator<std::string>;

const char* pick(std::mt19937& rng, std::initializer_list<const char*> values) {
  return *(values.begin() + rng() % values.size());
}

// Metric value letters -> NVD's expanded names, for the cvssData fields.
const char* vector_name(char c) {
  switch (c) {
    case 'N':
      return "NETWORK";
    case 'A':
      return "ADJACENT_NETWORK";
    case 'L':
      return "LOCAL";
    default:
      return "PHYSICAL";
  }
}
const char* level_name(char c) {
  switch (c) {
    case 'N':
      return "NONE";
    case 'L':
      return "LOW";
    case 'M':
      return "MEDIUM";
    case 'H':
      return "HIGH";
    default:
      return "REQUIRED";
  }
}
const char* scope_name(char c) { return c == 'C' ? "CHANGED" : "UNCHANGED"; }
const char* auth_name(char c) { return c == 'M' ? "MULTIPLE" : c == 'S' ? "SINGLE" : "NONE"; }
const char* v2_impact_name(char c) { return c == 'C' ? "COMPLETE" : c == 'P' ? "PARTIAL" : "NONE"; }

double base_score(const std::string& vector) {
  auto s = bulwark::cvss::score(vector);
  return s ? s->base : 0.0;
}

void write_v31(Out o, std::mt19937& rng, const char* source, const char* type) {
  const char av = *pick(rng, {"N", "N", "A", "L", "P"}), ac = *pick(rng, {"L", "L", "H"});
  const char pr = *pick(rng, {"N", "L", "H"}), ui = *pick(rng, {"N", "R"}),
             s = *pick(rng, {"U", "U", "C"});
  const char c = *pick(rng, {"H", "L", "N"}), i = *pick(rng, {"H", "L", "N"}),
             a = *pick(rng, {"H", "L", "N"});
  const auto vec = fmt::format("CVSS:3.1/AV:{}/AC:{}/PR:{}/UI:{}/S:{}/C:{}/I:{}/A:{}", av, ac, pr,
                               ui, s, c, i, a);
  const double score = base_score(vec);
  const char* sev = score >= 9   ? "CRITICAL"
                    : score >= 7 ? "HIGH"
                    : score >= 4 ? "MEDIUM"
                    : score > 0  ? "LOW"
                                 : "NONE";
  fmt::format_to(
      o,
      R"({{"source":"{}","type":"{}","cvssData":{{"version":"3.1","vectorString":"{}","baseScore":{:.1f},)"
      R"("baseSeverity":"{}","attackVector":"{}","attackComplexity":"{}","privilegesRequired":"{}",)"
      R"("userInteraction":"{}","scope":"{}","confidentialityImpact":"{}","integrityImpact":"{}",)"
      R"("availabilityImpact":"{}"}},"exploitabilityScore":3.9,"impactScore":5.9}})",
      source, type, vec, score, sev, vector_name(av), level_name(ac), level_name(pr),
      level_name(ui), scope_name(s), level_name(c), level_name(i), level_name(a));
}

void write_v2(Out o, std::mt19937& rng) {
  const char av = *pick(rng, {"N", "A", "L"}), ac = *pick(rng, {"L", "M", "H"}),
             au = *pick(rng, {"N", "S", "M"});
  const char c = *pick(rng, {"N", "P", "C"}), i = *pick(rng, {"N", "P", "C"}),
             a = *pick(rng, {"N", "P", "C"});
  const auto vec = fmt::format("AV:{}/AC:{}/Au:{}/C:{}/I:{}/A:{}", av, ac, au, c, i, a);
  const double score = base_score(vec);
  fmt::format_to(
      o,
      R"({{"source":"nvd@nist.gov","type":"Primary","cvssData":{{"version":"2.0","vectorString":"{}",)"
      R"("baseScore":{:.1f},"accessVector":"{}","accessComplexity":"{}","authentication":"{}",)"
      R"("confidentialityImpact":"{}","integrityImpact":"{}","availabilityImpact":"{}"}},)"
      R"("baseSeverity":"{}","exploitabilityScore":10.0,"impactScore":6.4,"acInsufInfo":false,)"
      R"("obtainAllPrivilege":false,"obtainUserPrivilege":false,"obtainOtherPrivilege":false,)"
      R"("userInteractionRequired":false}})",
      vec, score, vector_name(av), level_name(ac), auth_name(au), v2_impact_name(c),
      v2_impact_name(i), v2_impact_name(a),
      score >= 7   ? "HIGH"
      : score >= 4 ? "MEDIUM"
                   : "LOW");
}

// "versionStartIncluding":"2.3","versionEndExcluding":"2.17.1" and the like; sometimes none.
void write_bounds(Out o, std::mt19937& rng, std::size_t major) {
  switch (rng() % 4) {
    case 0:
      fmt::format_to(o, R"(,"versionStartIncluding":"{}.0","versionEndExcluding":"{}.{}.{}")",
                     major, major, rng() % 20, rng() % 10);
      break;
    case 1:
      fmt::format_to(o, R"(,"versionEndIncluding":"{}.{}")", major, rng() % 30);
      break;
    case 2:
      fmt::format_to(o, R"(,"versionStartExcluding":"{}.{}","versionEndExcluding":"{}.0")", major,
                     rng() % 9, major + 1);
      break;
    default:
      break;  // an exact version in the criteria
  }
}

void write_cpe_match(Out o, std::mt19937& rng, std::size_t record, std::size_t k) {
  const std::size_t major = 1 + rng() % 12;
  const bool exact = rng() % 4 == 0;
  fmt::format_to(
      o, R"({{"vulnerable":true,"criteria":"cpe:2.3:a:vendor{}:product{}:{}:*:*:*:*:*:*:*")",
      record % 500, record % 2000,
      exact ? fmt::format("{}.{}.{}", major, k, rng() % 10) : std::string("*"));
  if (!exact) write_bounds(o, rng, major);
  fmt::format_to(o, R"(,"matchCriteriaId":"{:08X}-{:04X}-4{:03X}-A{:03X}-{:012X}"}})", rng(),
                 rng() % 0x10000, rng() % 0x1000, rng() % 0x1000,
                 (std::uint64_t{rng()} << 16) ^ rng());
}

// Configuration 0: an OR node with 2-5 application matches. Every third record also has an
// AND configuration: the application on a (not vulnerable) operating system.
void write_configurations(Out o, std::mt19937& rng, std::size_t record) {
  fmt::format_to(o,
                 R"("configurations":[{{"nodes":[{{"operator":"OR","negate":false,"cpeMatch":[)");
  const std::size_t n = 2 + rng() % 4;
  for (std::size_t k = 0; k < n; ++k) {
    if (k) *o++ = ',';
    write_cpe_match(o, rng, record, k);
  }
  fmt::format_to(o, "]}}]}}");
  if (record % 3 == 0) {
    fmt::format_to(o,
                   R"(,{{"operator":"AND","nodes":[{{"operator":"OR","negate":false,"cpeMatch":[)");
    write_cpe_match(o, rng, record, 0);
    fmt::format_to(o, R"(]}},{{"operator":"OR","negate":false,"cpeMatch":[{{"vulnerable":false,)"
                      R"("criteria":"cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*",)"
                      R"("matchCriteriaId":"703AF700-7A70-47E2-BC3A-7FD03B3CA9C1"}}]}}]}})");
  }
  *o++ = ']';
}

void write_nvd_record(Out o, std::mt19937& rng, std::size_t i) {
  const std::size_t year = 2015 + i % 11;
  const std::string id = fmt::format("CVE-{}-{}", year, 10'000 + i);
  fmt::format_to(
      o,
      R"({{"cve":{{"id":"{}","sourceIdentifier":"cve@mitre.org","published":"{}-03-{:02}T14:15:{:02}.187",)"
      R"("lastModified":"2026-{:02}-{:02}T09:30:12.440","vulnStatus":"{}","cveTags":[],"descriptions":[)"
      R"({{"lang":"en","value":"A buffer overflow in product{} of vendor{} before {}.{} allows remote )"
      R"(attackers to execute arbitrary code or cause a denial of service via a crafted request to the )"
      R"(management interface (issue {}). Affected configurations are listed below."}},)"
      R"({{"lang":"es","value":"Un desbordamiento de b\u00fafer en product{} permite a atacantes remotos )"
      R"(ejecutar c\u00f3digo arbitrario."}}],"metrics":{{"cvssMetricV31":[)",
      id, year, 1 + i % 28, i % 60, 1 + i % 11, 1 + i % 28, i % 7 == 0 ? "Modified" : "Analyzed",
      i % 2000, i % 500, 1 + i % 9, i % 17, i, i % 2000);
  write_v31(o, rng, "nvd@nist.gov", "Primary");
  if (i % 2 == 0) {
    *o++ = ',';
    write_v31(o, rng, "security@vendor.example", "Secondary");
  }
  fmt::format_to(o, R"(],"cvssMetricV2":[)");
  write_v2(o, rng);
  fmt::format_to(o,
                 R"(]}},"weaknesses":[{{"source":"nvd@nist.gov","type":"Primary","description":[)"
                 R"({{"lang":"en","value":"CWE-{}"}}]}})",
                 pick(rng, {"79", "787", "89", "20", "125", "416", "22"}));
  if (i % 3 == 0)
    fmt::format_to(
        o,
        R"(,{{"source":"cve@mitre.org","type":"Secondary","description":[{{"lang":"en","value":"CWE-{}"}}]}})",
        119 + i % 3);
  fmt::format_to(o, "],");
  write_configurations(o, rng, i);
  fmt::format_to(
      o,
      R"(,"references":[{{"url":"https://vendor{}.example/security/advisories/{}","source":"cve@mitre.org",)"
      R"("tags":["Vendor Advisory","Patch"]}},{{"url":"https://git.vendor{}.example/product{}/issues/{}",)"
      R"("source":"cve@mitre.org","tags":["Issue Tracking","Third Party Advisory"]}},)"
      R"({{"url":"https://lists.example.org/archives/{}/msg{}.html","source":"cve@mitre.org","tags":["Mailing List"]}}]}}}})",
      i % 500, id, i % 500, i % 2000, i, year, i);
}

std::string generated_nvd() {
  std::string out;
  out.reserve(kNvdRecords * 3400);
  auto o = std::back_inserter(out);
  fmt::format_to(
      o,
      R"({{"resultsPerPage":{},"startIndex":0,"totalResults":{},"format":"NVD_CVE","version":"2.0",)"
      R"("timestamp":"2026-11-29T00:00:00.000","vulnerabilities":[)",
      kNvdRecords, kNvdRecords);
  std::mt19937 rng(2026);
  for (std::size_t i = 0; i < kNvdRecords; ++i) {
    if (i) out += ",\n";
    write_nvd_record(o, rng, i);
  }
  out += "]}\n";
  return out;
}

const Input& nvd_json() {
  static const Input in = [] {
    Input out{(work_dir() / "nvd-cve-2.0.json").string(), "NVD CVE API 2.0 JSON", kNvdRecords, {}};
    if (!write_text(out.path, generated_nvd())) out.error = "cannot write " + out.path;
    return out;
  }();
  return in;
}

// ---- measuring ----------------------------------------------------------------------------

// The rate counter's name: EPSS rows, KEV entries, NVD records.
const char* rate_name(Feed feed) {
  switch (feed) {
    case Feed::kEpss:
      return "rows/s";
    case Feed::kKev:
      return "entries/s";
    case Feed::kNvd:
      return "records/s";
  }
  return "items/s";
}

std::size_t items_of(Feed feed, const ImportReport& r) {
  switch (feed) {
    case Feed::kEpss:
      return r.feeds.epss;
    case Feed::kKev:
      return r.feeds.kev;
    case Feed::kNvd:
      return r.feeds.nvd_seen;
  }
  return 0;
}

std::size_t count_lines(const char* p, const char* end) {
  std::size_t lines = 0;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
    ++lines;
    ++p;
  }
  return lines;
}

// Decompresses a gzip stream in 64 KiB blocks and counts its lines.
std::size_t gunzip_and_count(const std::string& path) {
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_raw(a);
  std::size_t lines = 0;
  archive_entry* e = nullptr;
  if (archive_read_open_filename(a, path.c_str(), 1 << 16) == ARCHIVE_OK &&
      archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::vector<char> buf(1 << 16);
    la_ssize_t n = 0;
    while ((n = archive_read_data(a, buf.data(), buf.size())) > 0)
      lines += count_lines(buf.data(), buf.data() + n);
  }
  archive_read_free(a);
  return lines;
}

// The pure-I/O floor of any import of the file: its bytes read into `buf` (reused, so that
// allocation and page faults stay out of the figure; gunzipped for .gz) and its lines counted.
std::size_t read_and_count(const std::string& path, std::string& buf) {
  if (path.ends_with(".gz")) return gunzip_and_count(path);
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  std::FILE* f = ec ? nullptr : std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  buf.resize(size);
  const std::size_t got = std::fread(buf.data(), 1, buf.size(), f);
  std::fclose(f);
  return count_lines(buf.data(), buf.data() + got);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Best of 5 of read_and_count (page cache warm after the first).
double read_seconds(const std::string& path) {
  double best = 1e30;
  std::string buf;
  for (int i = 0; i < 5; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(read_and_count(path, buf));
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

void remove_db(const fs::path& db) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix, ec);
}

// Open + import + close into a fresh file; the error message, or empty with `report` filled.
std::string import_once(const Input& in, const fs::path& db, ImportReport& report,
                        double& seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  auto store = bulwark::vulndb::Store::open(db.string());
  if (!store) return store.error().message;
  auto r = (*store)->import({in.path}, {});
  if (!r) return r.error().message;
  store->reset();  // close (final checkpoint) inside the timing
  seconds = seconds_since(t0);
  report = std::move(*r);
  return {};
}

// Why the import's report is not what the input promises, or empty.
std::string check_report(Feed feed, const Input& in, const ImportReport& r) {
  if (r.inputs.size() != 1 || r.inputs[0].kind != in.kind)
    return in.path + ": recognised as '" +
           (r.inputs.empty() ? std::string("nothing") : r.inputs[0].kind) + "', expected '" +
           in.kind + "'";
  if (!r.invalid.empty()) return r.invalid[0].file + ": " + r.invalid[0].reason;
  const std::size_t n = items_of(feed, r);
  if (n == 0 || (in.expected != 0 && n != in.expected))
    return fmt::format("{}: imported {} items, expected {}", in.path, n, in.expected);
  return {};
}

// Reads the first generated NVD record back from the store: its parts must all have arrived
// (record 0 has two V3.1 metrics and one V2, two CWEs, three references, two configurations).
std::string check_nvd_record(const fs::path& db, benchmark::State& state) {
  auto store = bulwark::vulndb::Store::open(db.string());
  if (!store) return store.error().message;
  auto rec = (*store)->nvd("CVE-2015-10000");
  if (!rec || !*rec) return "CVE-2015-10000 not found after the import";
  const auto& r = **rec;
  state.counters["rec0_metrics"] = static_cast<double>(r.metrics.size());
  state.counters["rec0_cpe_matches"] = static_cast<double>(r.matches.size());
  if (r.metrics.size() != 3 || r.cwes.size() != 2 || r.references.size() != 3 ||
      r.config_operators.size() != 2 || r.matches.size() < 4 || r.description.empty())
    return fmt::format(
        "CVE-2015-10000 read back with {} metrics, {} CWEs, {} references, {} configurations, "
        "{} cpe matches",
        r.metrics.size(), r.cwes.size(), r.references.size(), r.config_operators.size(),
        r.matches.size());
  return {};
}

void BM_FeedImport(benchmark::State& state, Feed feed, const Input& (*input)()) {
  const Input& in = input();
  if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
  std::string buf;
  if (read_and_count(in.path, buf) == 0)
    return state.SkipWithError((in.path + ": the baseline read found no lines").c_str());
  const double read_s = read_seconds(in.path);
  bulwark::bench::TempDir dir;
  ImportReport last;
  double total = 0;
  int n = 0;
  for (auto _ : state) {
    const auto db = dir.path() / fmt::format("feed-{}.db", n++);
    double secs = 0;
    if (auto err = import_once(in, db, last, secs); !err.empty())
      return state.SkipWithError(err.c_str());
    if (auto err = check_report(feed, in, last); !err.empty())
      return state.SkipWithError(err.c_str());
    state.SetIterationTime(secs);
    total += secs;
    if (feed == Feed::kNvd && n == 1)
      if (auto err = check_nvd_record(db, state); !err.empty())
        return state.SkipWithError(err.c_str());
    remove_db(db);
  }
  const double mean = total / static_cast<double>(state.iterations());
  const double items = static_cast<double>(items_of(feed, last));
  state.counters["items"] = items;
  state.counters[rate_name(feed)] = items / mean;
  state.counters["seconds"] = mean;
  state.counters["MB"] = static_cast<double>(fs::file_size(in.path)) / 1e6;
  state.counters["read_ms"] = read_s * 1e3;
  state.counters["x_read"] = mean / read_s;
  if (feed == Feed::kEpss) state.counters["target_s"] = kEpssTargetSeconds;
  if (feed == Feed::kNvd) state.counters["inserted"] = static_cast<double>(last.feeds.nvd_inserted);
}

// The baseline alone, for the console: the same file's bytes read and its lines counted.
void BM_ReadBytes(benchmark::State& state, const Input& (*input)()) {
  const Input& in = input();
  if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
  std::size_t lines = 0;
  std::string buf;
  for (auto _ : state) lines = read_and_count(in.path, buf);
  state.counters["lines"] = static_cast<double>(lines);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(in.path)));
}

// The fixed cost in every import figure: open (create + migrate the schema) and close a fresh
// database file, nothing imported.
void BM_FreshStoreOpenClose(benchmark::State& state) {
  bulwark::bench::TempDir dir;
  int n = 0;
  for (auto _ : state) {
    const auto db = dir.path() / fmt::format("empty-{}.db", n++);
    const auto t0 = std::chrono::steady_clock::now();
    auto store = bulwark::vulndb::Store::open(db.string());
    if (!store) return state.SkipWithError(store.error().message.c_str());
    store->reset();
    state.SetIterationTime(seconds_since(t0));
    remove_db(db);
  }
}

BENCHMARK(BM_FreshStoreOpenClose)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(10);
BENCHMARK_CAPTURE(BM_ReadBytes, epss_csv, &epss_csv)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_FeedImport, epss_csv, Feed::kEpss, &epss_csv)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_ReadBytes, epss_gzip, &epss_gzip)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_FeedImport, epss_gzip, Feed::kEpss, &epss_gzip)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_ReadBytes, kev_json, &kev_json)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_FeedImport, kev_json, Feed::kKev, &kev_json)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(10);
BENCHMARK_CAPTURE(BM_FeedImport, kev_csv, Feed::kKev, &kev_csv)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(10);
BENCHMARK_CAPTURE(BM_ReadBytes, nvd_json, &nvd_json)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_FeedImport, nvd_json, Feed::kNvd, &nvd_json)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
