#include "bulwark/service/db.hpp"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace bulwark::service {
namespace {

std::optional<double> age_at(const vulndb::SourceStatus& src, const Result<TimePoint>& now) {
  if (src.imported_at.empty() || !now) return std::nullopt;
  auto t = parse_rfc3339(src.imported_at);
  if (!t) return std::nullopt;
  return std::chrono::duration<double>(*now - *t).count() / 86400.0;
}

Result<std::int64_t> unix_now(const Clock& clock) {
  auto now = clock.now();
  if (!now) return std::unexpected(std::move(now).error());
  return std::chrono::duration_cast<std::chrono::seconds>(now->time_since_epoch()).count();
}

}  // namespace

ImportSummary summarize(const vulndb::ImportReport& report) {
  ImportSummary s;
  for (const auto& in : report.inputs) {
    const bool osv = in.kind == "OSV";
    s.any_osv = s.any_osv || in.kind.find("OSV") != std::string::npos;
    s.any_feed = s.any_feed || !osv;
    if (!osv) s.feed_records += in.records;
  }
  s.valid_osv = report.inserted + report.updated + report.unchanged;
  s.invalid_osv = report.seen - s.valid_osv;
  return s;
}

std::optional<Error> import_failure(const vulndb::ImportReport& report) {
  const auto s = summarize(report);
  if (s.valid_osv > 0 || s.feed_records > 0) return std::nullopt;
  return Error{ErrorCode::kInvalidInput,
               s.any_feed ? "no valid records were found" : "no valid OSV records were found"};
}

namespace {

// The importer's (records seen, total or 0) as the "import" stage of a Progress.
std::function<void(std::size_t, std::size_t)> import_stage(Progress* progress) {
  if (progress == nullptr) return {};
  return [progress, begun = false](std::size_t seen, std::size_t total) mutable {
    if (!begun) progress->begin("import", total, "records");
    begun = true;
    progress->update(seen, total);
  };
}

}  // namespace

Result<ImportResult> import_data(vulndb::Store& store, const ImportRequest& request) {
  vulndb::ImportOptions io;
  io.strict = request.strict;
  io.progress = import_stage(request.progress);
  auto report = store.import(request.paths, io);
  if (request.progress) request.progress->end();
  if (!report) return std::unexpected(std::move(report).error());
  ImportResult out;
  out.summary = summarize(*report);
  out.failure = import_failure(*report);
  out.report = std::move(*report);
  return out;
}

Result<StatusView> db_status(vulndb::Store& store, const Clock& clock) {
  auto status = store.status();
  if (!status) return std::unexpected(std::move(status).error());
  StatusView v;
  const auto now = clock.now();
  for (const auto& src : status->sources) v.sources.push_back({src, age_at(src, now)});
  v.status = std::move(*status);
  return v;
}

std::string status_json(const StatusView& view) {
  using nlohmann::json;
  const auto& s = view.status;
  json eco = json::array();
  for (const auto& e : s.per_ecosystem)
    eco.push_back({{"ecosystem", e.ecosystem},
                   {"source", e.source},
                   {"records", e.records},
                   {"newest_modified", e.newest_modified}});
  json sources = json::array();
  for (const auto& [src, age] : view.sources)
    sources.push_back(
        {{"name", src.name},
         {"records", src.records},
         {"newest", src.newest},
         {"version", src.version},
         {"imported_at", src.imported_at.empty() ? json(nullptr) : json(src.imported_at)},
         {"age_days", age ? json(*age) : json(nullptr)}});
  const json doc = {{"path", s.path},
                    {"records", s.records},
                    {"withdrawn", s.withdrawn},
                    {"last_import", s.last_import.empty() ? json(nullptr) : json(s.last_import)},
                    {"last_import_sources", s.last_import_sources},
                    {"sources", sources},
                    {"ecosystems", eco}};
  return doc.dump(2);
}

Result<UpdateResult> db_update(vulndb::Store& store, const std::string& db_path,
                               UpdateRequest request, const Clock& clock) {
  if (request.options.now == 0) {
    auto now = unix_now(clock);
    if (!now) return std::unexpected(std::move(now).error());
    request.options.now = *now;
  }
  if (Progress* p = request.progress) {
    // One stage per download (a new label), counted in bytes; then the import's records.
    request.options.progress = [p, label = std::string()](const std::string& l, std::uint64_t now,
                                                          std::uint64_t total) mutable {
      if (l != label) p->begin("fetch " + l, total, "bytes");
      label = l;
      p->update(now, total);
    };
    auto on_fetch = std::move(request.on_fetch);
    request.on_fetch = [p, on_fetch = std::move(on_fetch)](const update::FetchReport& f) {
      p->end();
      if (on_fetch) on_fetch(f);
    };
    request.options.import_progress = import_stage(p);
  }
  auto report =
      update::run_update(store, db_path, request.config, request.options, request.on_fetch);
  if (request.progress) request.progress->end();
  if (!report) return std::unexpected(std::move(report).error());
  UpdateResult out;
  if (report->imported) {
    out.summary = summarize(*report->imported);
    out.failure = import_failure(*report->imported);
  }
  out.report = std::move(*report);
  return out;
}

Result<std::vector<update::PlannedFetch>> db_update_plan(const std::string& db_path,
                                                         const UpdateRequest& request,
                                                         const Clock& clock) {
  update::UpdateOptions options = request.options;
  if (options.now == 0) {
    auto now = unix_now(clock);
    if (!now) return std::unexpected(std::move(now).error());
    options.now = *now;
  }
  std::optional<vulndb::Status> status;
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) {
    auto store = vulndb::Store::open(db_path);
    if (!store) return std::unexpected(std::move(store).error());
    auto st = (*store)->status();
    if (!st) return std::unexpected(std::move(st).error());
    status = std::move(*st);
  }
  return update::plan_update(request.config, options, status ? &*status : nullptr);
}

}  // namespace bulwark::service
