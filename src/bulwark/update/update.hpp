// bulwark db update: downloads the configured vulnerability sources (OSV per-ecosystem
// archives, the CISA KEV catalogue, FIRST EPSS scores, NVD CVE API 2.0 pages) with conditional
// and resumable HTTP requests, then imports everything fetched in ONE Store transaction, so a
// failed download or an invalid file leaves the database exactly as it was.
//
// The official public feeds are the defaults (OSV's storage bucket, CISA, FIRST EPSS, the NVD
// API), over https only; the sources file overrides any source, and BULWARK_MIRROR (one internal
// mirror serving the same paths) replaces them all for air-gapped sites. Downloads are bounded:
// a size cap per source, a total timeout per download, no redirect from https to http, and the
// NVD API key is never sent to another host on a redirect. See docs/db-update.md.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::update {

enum class SourceKind { kOsv, kKev, kEpss, kNvd };
inline constexpr std::array<SourceKind, 4> kAllSources{SourceKind::kOsv, SourceKind::kKev,
                                                       SourceKind::kEpss, SourceKind::kNvd};

// "osv", "kev", "epss", "nvd" (the config key prefixes and --source names).
std::string_view source_name(SourceKind kind);
std::optional<SourceKind> parse_source(std::string_view name);

// npm PyPI Maven Go crates.io RubyGems NuGet Packagist Hex Pub Debian Ubuntu Alpine.
std::vector<std::string> default_ecosystems();
// The canonical OSV spelling of a known ecosystem ("pypi" -> "PyPI"); others unchanged.
std::string canonical_ecosystem(std::string_view name);

struct HttpSettings {
  long connect_timeout_s = 30;
  long low_speed_limit = 1;       // bytes per second...
  long low_speed_time_s = 30;     // ...for this long: the peer has stalled
  int retries = 3;                // extra attempts after an HTTP 5xx or 429
  double retry_delay_s = 2;       // first back-off; doubles on each retry (capped at 60 s)
  double total_timeout_s = 3600;  // one download, every attempt, redirect and back-off included
};

struct NvdSettings {
  int results_per_page = 2000;
  double delay_s = 6;             // between page requests without an API key (5 per 30 s)
  double delay_with_key_s = 0.6;  // with an API key (50 per 30 s)
};

// Where a source lives: base ("scheme://host[:port][/prefix]") + path. For OSV the path holds
// "{ecosystem}". Plain http is refused unless `insecure` is set (loopback tests, an internal
// http-only mirror); a body larger than max_bytes fails the download.
struct Endpoint {
  std::string base;
  std::string path;
  bool insecure = false;
  std::uint64_t max_bytes = 0;
};

// The official public feeds (the default bases; paths are the Endpoint defaults).
inline constexpr std::string_view kDefaultOsvBase =
    "https://osv-vulnerabilities.storage.googleapis.com";
inline constexpr std::string_view kDefaultKevBase = "https://www.cisa.gov";
inline constexpr std::string_view kDefaultEpssBase = "https://epss.empiricalsecurity.com";
inline constexpr std::string_view kDefaultNvdBase = "https://services.nvd.nist.gov";
// Default size caps per download (<source>.max_size in MiB overrides them).
inline constexpr std::uint64_t kMiB = 1024 * 1024;
inline constexpr std::uint64_t kDefaultOsvMaxBytes = 2048 * kMiB;  // one ecosystem's all.zip
inline constexpr std::uint64_t kDefaultKevMaxBytes = 64 * kMiB;
inline constexpr std::uint64_t kDefaultEpssMaxBytes = 256 * kMiB;
inline constexpr std::uint64_t kDefaultNvdMaxBytes = 512 * kMiB;  // one API page

struct Config {
  std::string file;    // the sources file read (for messages); may not exist
  std::string mirror;  // replaces every base when set (BULWARK_MIRROR, or key "mirror")
  std::array<Endpoint, 4> endpoints;  // indexed by SourceKind; defaults: the official feeds
  std::vector<std::string> ecosystems = default_ecosystems();
  std::vector<SourceKind> sources{kAllSources.begin(), kAllSources.end()};
  HttpSettings http;
  NvdSettings nvd;

  Config();
  Endpoint& endpoint(SourceKind k) { return endpoints[static_cast<std::size_t>(k)]; }
  const Endpoint& endpoint(SourceKind k) const { return endpoints[static_cast<std::size_t>(k)]; }
  // The mirror when set, else the configured base (empty when neither).
  std::string base(SourceKind k) const;
};

// $XDG_CONFIG_HOME/bulwark/sources.conf, else ~/.config/bulwark/sources.conf.
std::string default_config_path();

// Parses "key = value" lines ('#' comments). `name` prefixes errors: "name:LINE: ...".
Result<Config> parse_config(std::string_view text, const std::string& name);

// Reads the sources file (the default one may be absent: defaults then; an explicit one must
// exist), then applies BULWARK_MIRROR from the environment.
Result<Config> load_config(const std::string& path, bool explicit_path);

// Fails (kUsage) listing every selected source without a URL and what to set.
std::expected<void, Error> check_configured(const Config& config,
                                            const std::vector<SourceKind>& sources);

// The URL of a source (base or mirror + path; OSV with "{ecosystem}" still in it).
std::string source_url(const Config& config, SourceKind kind);

struct UpdateOptions {
  std::vector<SourceKind> sources;      // empty: config.sources
  std::vector<std::string> ecosystems;  // empty: config.ecosystems
  std::string nvd_api_key;              // sent as header apiKey when set
  bool strict = false;                  // passed to the import
  std::int64_t now = 0;                 // Unix time ending the NVD date range; 0: the clock
  // Bytes received for the current download (total 0 when unknown).
  std::function<void(const std::string& label, std::uint64_t now, std::uint64_t total)> progress;
  // The import of what was downloaded: (records seen, total or 0), as ImportOptions::progress.
  std::function<void(std::size_t, std::size_t)> import_progress;
};

enum class Outcome {
  kDownloaded,   // 200
  kResumed,      // 206: a partial download was completed
  kNotModified,  // 304: the stored copy is current; nothing imported
  kUnchanged,    // NVD page whose records are all stored already; not imported
  kEmpty,        // NVD page without records
};
std::string_view outcome_name(Outcome o);

struct FetchReport {
  SourceKind source = SourceKind::kOsv;
  std::string label;  // "osv npm", "kev", "epss", "nvd page 1"
  std::string url;
  Outcome outcome = Outcome::kDownloaded;
  std::uint64_t bytes = 0;  // body bytes received in this run
};

struct UpdateReport {
  std::vector<FetchReport> fetched;
  std::optional<vulndb::ImportReport> imported;  // nullopt when nothing was new
  std::vector<std::string> warnings;             // e.g. an unreadable state file that was ignored
};

// Where `db update` keeps its local files for a database location: the SQLite file's own path,
// or for a PostgreSQL URL (whose database has no directory) a stem under
// $XDG_CACHE_HOME/bulwark/postgresql/ named by the SHA-256 of the URL without its password
// (created on first use). The update state is <stem>.update-state.json beside the downloads.
std::string local_stem(const std::string& db_location);

// The download directory of a database: <directory of local_stem>/.bulwark-download.
std::string download_dir(const std::string& db_path);

// One request `db update` would make (the dry run): what, from where, under which limits.
struct PlannedFetch {
  SourceKind source = SourceKind::kOsv;
  std::string label;  // "osv npm", "kev", "epss", "nvd"
  std::string url;    // NVD: the first page of the first date window
  std::string note;   // NVD: "full download" or "changes since <newest stored lastModified>"
  bool insecure = false;
  std::uint64_t max_bytes = 0;
};
// The requests of an update, without any network access. `status` (optional) is what the
// database holds: it decides whether NVD is downloaded in full or incrementally.
Result<std::vector<PlannedFetch>> plan_update(const Config& config, const UpdateOptions& options,
                                              const vulndb::Status* status);

// Downloads and imports. `db_path` locates the download directory and the state file
// (<db path>.update-state.json: ETag / Last-Modified per URL, written only after a commit).
// `on_fetch` (optional) is told about each finished request as it happens.
Result<UpdateReport> run_update(vulndb::Store& store, const std::string& db_path,
                                const Config& config, const UpdateOptions& options,
                                const std::function<void(const FetchReport&)>& on_fetch = {});

}  // namespace bulwark::update
