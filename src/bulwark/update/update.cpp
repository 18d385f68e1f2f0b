// bulwark db update: plan the downloads, fetch them (conditional, resumable), import all new
// files in one transaction, and only then remember the validators of what was committed.
#include "bulwark/update/update.hpp"
#include "bulwark/core/clock.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/update/fetch.hpp"
#include "bulwark/update/nvd.hpp"
#include "bulwark/update/state.hpp"

namespace bulwark::update {
namespace {

namespace fs = std::filesystem;
using Void = std::expected<void, Error>;

struct FileJob {
  SourceKind source = SourceKind::kOsv;
  std::string label;  // "osv npm"
  std::string url;
  std::string name;       // file name in the download directory
  std::string ecosystem;  // OSV only
};

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string escape_segment(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (unreserved(c)) {
      out.push_back(c);
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += {'%', kHex[b >> 4], kHex[b & 15]};
    }
  }
  return out;
}

std::string safe_name(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(unreserved(c) && c != '~' ? c : '_');
  return out;
}

std::string url_of(const Config& c, SourceKind k) { return source_url(c, k); }

// The download limits of a source.
void limit(detail::FetchRequest& req, const Config& c, SourceKind k) {
  req.insecure = c.endpoint(k).insecure;
  req.max_bytes = c.endpoint(k).max_bytes;
  req.source_key = std::string(source_name(k));
}

std::vector<FileJob> file_jobs(const Config& c, const std::vector<SourceKind>& sources,
                               const std::vector<std::string>& ecosystems) {
  std::vector<FileJob> jobs;
  auto wanted = [&](SourceKind k) {
    return std::find(sources.begin(), sources.end(), k) != sources.end();
  };
  if (wanted(SourceKind::kOsv)) {
    for (const auto& eco : ecosystems) {
      std::string url = url_of(c, SourceKind::kOsv);
      url.replace(url.find("{ecosystem}"), 11, escape_segment(eco));
      jobs.push_back({SourceKind::kOsv, "osv " + eco, url, "osv-" + safe_name(eco) + ".zip", eco});
    }
  }
  if (wanted(SourceKind::kKev))
    jobs.push_back({SourceKind::kKev, "kev", url_of(c, SourceKind::kKev), "kev.json", {}});
  if (wanted(SourceKind::kEpss))
    jobs.push_back({SourceKind::kEpss, "epss", url_of(c, SourceKind::kEpss), "epss.csv.gz", {}});
  return jobs;
}

void remove_quietly(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

const vulndb::SourceStatus* find_source(const vulndb::Status& s, std::string_view name) {
  for (const auto& src : s.sources)
    if (src.name == name) return &src;
  return nullptr;
}

class Updater {
 public:
  Updater(vulndb::Store& store, const std::string& db_path, const Config& config,
          const UpdateOptions& options, const std::function<void(const FetchReport&)>& on_fetch)
      : store_(store),
        config_(config),
        options_(options),
        on_fetch_(on_fetch),
        dir_(download_dir(db_path)),
        state_path_(detail::state_path(db_path)) {}

  Result<UpdateReport> run(const std::vector<SourceKind>& sources,
                           const std::vector<std::string>& ecosystems) {
    if (auto r = prepare(); !r) return std::unexpected(std::move(r).error());
    Void r = fetch_all(sources, ecosystems);
    if (r) r = import_and_commit();
    if (!r) {
      discard_downloads();
      return std::unexpected(std::move(r).error());
    }
    return std::move(report_);
  }

 private:
  Void prepare() {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return io_error(dir_ + ": cannot create the download directory: " + ec.message());
    auto state = detail::load_state(state_path_);
    if (state) {
      state_ = std::move(*state);
    } else {
      report_.warnings.push_back("ignoring " + state.error().message +
                                 " (all sources are downloaded again)");
    }
    auto status = store_.status();
    if (!status) return std::unexpected(std::move(status).error());
    status_ = std::move(*status);
    return {};
  }

  Void fetch_all(const std::vector<SourceKind>& sources,
                 const std::vector<std::string>& ecosystems) {
    for (const auto& job : file_jobs(config_, sources, ecosystems))
      if (auto r = fetch_file(job); !r) return r;
    if (std::find(sources.begin(), sources.end(), SourceKind::kNvd) != sources.end())
      return fetch_nvd();
    return {};
  }

  // Validators are only used while the database holds what they stand for (a new or emptied
  // database downloads everything again).
  bool validators_usable(const FileJob& job) const {
    if (job.source == SourceKind::kOsv) {
      return std::any_of(
          status_.per_ecosystem.begin(), status_.per_ecosystem.end(), [&](const auto& e) {
            return equals_icase(std::string_view(e.ecosystem).substr(0, e.ecosystem.find(':')),
                                job.ecosystem);
          });
    }
    const auto* src = find_source(status_, job.source == SourceKind::kKev ? "KEV" : "EPSS");
    return src && src->records > 0;
  }

  Void fetch_file(const FileJob& job) {
    const std::string part = dir_ + "/" + job.name + ".part";
    detail::FetchRequest req;
    req.url = job.url;
    req.label = job.label;
    req.file = part;
    req.validator_file = part + ".validator";
    req.resume = true;
    limit(req, config_, job.source);
    if (auto it = state_.find(job.url); it != state_.end() && validators_usable(job)) {
      req.etag = it->second.etag;
      req.last_modified = it->second.last_modified;
    }
    auto res = detail::fetch(req, config_.http, options_.progress);
    if (!res) {
      std::error_code ec;
      if (fs::file_size(part, ec) == 0 && !ec) remove_quietly(part);  // nothing worth resuming
      return std::unexpected(std::move(res).error());
    }
    if (res->status == 304) {
      remove_quietly(part);
      remove_quietly(req.validator_file);
      note({job.source, job.label, job.url, Outcome::kNotModified, 0});
      return {};
    }
    const std::string final_path = dir_ + "/" + job.name;
    if (auto r = promote(part, final_path, job.url); !r) return r;
    remove_quietly(req.validator_file);
    fetched_state_[job.url] = detail::Validators{res->etag, res->last_modified, job.label};
    note({job.source, job.label, job.url,
          res->status == 206 ? Outcome::kResumed : Outcome::kDownloaded, res->bytes});
    return {};
  }

  Void promote(const std::string& part, const std::string& final_path, const std::string& url) {
    std::error_code ec;
    fs::rename(part, final_path, ec);
    if (ec) return io_error(final_path + ": cannot move the download into place: " + ec.message());
    files_.push_back(final_path);
    file_urls_[final_path] = url;
    return {};
  }

  Void fetch_nvd() {
    const auto* src = find_source(status_, "NVD");
    const std::string newest = src && src->records > 0 ? src->newest : std::string();
    std::size_t page_no = 0;
    const std::time_t now = options_.now > 0
                                ? static_cast<std::time_t>(options_.now)
                                : std::chrono::system_clock::to_time_t(now_or_system());
    for (const auto& window : detail::nvd_windows(newest, now))
      if (auto r = fetch_nvd_window(window, page_no); !r) return r;
    return {};
  }

  Void fetch_nvd_window(const std::pair<std::string, std::string>& window, std::size_t& page_no) {
    const int per_page = config_.nvd.results_per_page;
    std::size_t start = 0, limit = 0;
    for (std::size_t pages = 0;; ++pages) {
      if (nvd_requests_++ > 0)
        detail::sleep_seconds(options_.nvd_api_key.empty() ? config_.nvd.delay_s
                                                           : config_.nvd.delay_with_key_s);
      const std::string url =
          detail::nvd_page_url(url_of(config_, SourceKind::kNvd), window, start, per_page);
      auto page = fetch_nvd_page(url, page_no++);
      if (!page) return std::unexpected(std::move(page).error());
      if (pages == 0) limit = page->total / static_cast<std::size_t>(per_page) + 10;
      start += page->records.size();
      if (page->records.empty() || start >= page->total) return {};
      if (pages >= limit)
        return invalid_input(url + ": paging did not end after " + std::to_string(pages + 1) +
                             " pages");
    }
  }

  Result<detail::NvdPage> fetch_nvd_page(const std::string& url, std::size_t page_no) {
    const std::string name = "nvd-page-" + std::to_string(page_no + 1) + ".json";
    detail::FetchRequest req;
    req.url = url;
    req.label = "nvd page " + std::to_string(page_no + 1);
    req.file = dir_ + "/" + name + ".part";
    req.compressed = true;
    limit(req, config_, SourceKind::kNvd);
    // the key goes to the configured NVD origin only, never to a host a redirect names
    if (!options_.nvd_api_key.empty())
      req.credential_headers.push_back("apiKey: " + options_.nvd_api_key);
    auto res = detail::fetch(req, config_.http, options_.progress);
    if (!res) return std::unexpected(std::move(res).error());
    auto page = detail::read_nvd_page(req.file, "GET " + url);
    if (!page) {
      remove_quietly(req.file);
      return page;
    }
    auto changed = page_changed(*page);
    if (!changed) return std::unexpected(std::move(changed).error());
    if (page->records.empty() || !*changed) {
      remove_quietly(req.file);
      note({SourceKind::kNvd, req.label, url,
            page->records.empty() ? Outcome::kEmpty : Outcome::kUnchanged, res->bytes});
      return page;
    }
    if (auto r = promote(req.file, dir_ + "/" + name, url); !r)
      return std::unexpected(std::move(r).error());
    note({SourceKind::kNvd, req.label, url, Outcome::kDownloaded, res->bytes});
    return page;
  }

  // True when some record of the page is not stored with the same lastModified.
  Result<bool> page_changed(const detail::NvdPage& page) {
    for (const auto& [id, last_modified] : page.records) {
      if (id.empty()) return true;  // malformed: let the import report it
      auto stored = store_.nvd(id);
      if (!stored) return std::unexpected(std::move(stored).error());
      if (!*stored || (*stored)->last_modified != last_modified) return true;
    }
    return false;
  }

  Void import_and_commit() {
    if (files_.empty()) return {};
    vulndb::ImportOptions io;
    io.strict = options_.strict;
    io.progress = options_.import_progress;
    auto rep = store_.import(files_, io);
    if (!rep) {
      Error e = std::move(rep).error();
      for (const auto& [file, url] : file_urls_)
        if (e.message.find(file) != std::string::npos)
          e.message += "\n  (" + file + " was downloaded from " + url + ")";
      e.message += "\nupdate not applied: the database is unchanged";
      if (e.code != ErrorCode::kDatabase && e.code != ErrorCode::kInternal)
        e.code = ErrorCode::kIo;  // upstream's fault
      return std::unexpected(std::move(e));
    }
    report_.imported = std::move(*rep);
    for (auto& [url, v] : fetched_state_) state_[url] = std::move(v);
    if (auto r = detail::save_state(state_path_, state_); !r)
      report_.warnings.push_back(r.error().message +
                                 " (the next update downloads everything again)");
    discard_downloads();
    return {};
  }

  void discard_downloads() {
    for (const auto& f : files_) remove_quietly(f);
    files_.clear();
  }

  void note(FetchReport r) {
    if (on_fetch_) on_fetch_(r);
    report_.fetched.push_back(std::move(r));
  }

  vulndb::Store& store_;
  const Config& config_;
  const UpdateOptions& options_;
  const std::function<void(const FetchReport&)>& on_fetch_;
  const std::string dir_, state_path_;
  detail::ValidatorMap state_, fetched_state_;
  vulndb::Status status_;
  std::vector<std::string> files_;
  std::map<std::string, std::string> file_urls_;
  std::size_t nvd_requests_ = 0;
  UpdateReport report_;
};

std::vector<SourceKind> unique_sources(std::vector<SourceKind> in) {
  std::vector<SourceKind> out;
  for (auto k : kAllSources)
    if (std::find(in.begin(), in.end(), k) != in.end()) out.push_back(k);
  return out;
}

}  // namespace

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kDownloaded:
      return "downloaded";
    case Outcome::kResumed:
      return "resumed";
    case Outcome::kNotModified:
      return "not modified";
    case Outcome::kUnchanged:
      return "unchanged";
    case Outcome::kEmpty:
      return "empty";
  }
  return "?";
}

std::string local_stem(const std::string& db_location) {
  if (!pg::is_url(db_location)) return db_location;
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    dir = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    dir = fs::path(home) / ".cache";
  else
    dir = ".";
  dir = dir / "bulwark" / "postgresql";
  std::error_code ec;
  fs::create_directories(dir, ec);  // a failure shows when the first file is written there
  return (dir / sha256_hex(pg::redacted(db_location)).substr(0, 16)).string();
}

std::string download_dir(const std::string& db_path) {
  fs::path parent = fs::path(local_stem(db_path)).parent_path();
  if (parent.empty()) parent = ".";
  return (parent / ".bulwark-download").string();
}

namespace {

struct Selection {
  std::vector<SourceKind> sources;
  std::vector<std::string> ecosystems;
};

Result<Selection> select(const Config& config, const UpdateOptions& options) {
  Selection sel;
  sel.sources = unique_sources(options.sources.empty() ? config.sources : options.sources);
  if (sel.sources.empty()) return make_error(ErrorCode::kUsage, "no sources selected");
  for (const auto& e : options.ecosystems.empty() ? config.ecosystems : options.ecosystems)
    sel.ecosystems.push_back(canonical_ecosystem(e));
  if (auto r = check_configured(config, sel.sources); !r)
    return std::unexpected(std::move(r).error());
  return sel;
}

}  // namespace

Result<std::vector<PlannedFetch>> plan_update(const Config& config, const UpdateOptions& options,
                                              const vulndb::Status* status) {
  auto sel = select(config, options);
  if (!sel) return std::unexpected(std::move(sel).error());
  std::vector<PlannedFetch> out;
  for (const auto& job : file_jobs(config, sel->sources, sel->ecosystems))
    out.push_back({job.source,
                   job.label,
                   job.url,
                   {},
                   config.endpoint(job.source).insecure,
                   config.endpoint(job.source).max_bytes});
  if (std::find(sel->sources.begin(), sel->sources.end(), SourceKind::kNvd) != sel->sources.end()) {
    std::string newest;
    if (status)
      if (const auto* src = find_source(*status, "NVD"); src && src->records > 0)
        newest = src->newest;
    const std::time_t now = options.now > 0 ? static_cast<std::time_t>(options.now)
                                            : std::chrono::system_clock::to_time_t(now_or_system());
    const auto windows = detail::nvd_windows(newest, now);
    PlannedFetch p{SourceKind::kNvd,
                   "nvd",
                   {},
                   {},
                   config.endpoint(SourceKind::kNvd).insecure,
                   config.endpoint(SourceKind::kNvd).max_bytes};
    if (!windows.empty())
      p.url = detail::nvd_page_url(url_of(config, SourceKind::kNvd), windows.front(), 0,
                                   config.nvd.results_per_page);
    p.note = newest.empty() ? "full download, paged"
                            : "changes since " + newest + ", " + std::to_string(windows.size()) +
                                  " date window(s), paged";
    out.push_back(std::move(p));
  }
  return out;
}

Result<UpdateReport> run_update(vulndb::Store& store, const std::string& db_path,
                                const Config& config, const UpdateOptions& options,
                                const std::function<void(const FetchReport&)>& on_fetch) {
  auto sel = select(config, options);
  if (!sel) return std::unexpected(std::move(sel).error());
  Updater updater(store, db_path, config, options, on_fetch);
  return updater.run(sel->sources, sel->ecosystems);
}

}  // namespace bulwark::update
