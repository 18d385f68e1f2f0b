// Import: inputs -> documents -> (recognised by content) OSV records or KEV/EPSS/NVD entries ->
// rows handed to an ImportSink (backend-neutral; the store wraps it in one transaction so that
// an error, --strict failure, crash or kill leaves the previous database intact).
#include <simdjson.h>

#include <chrono>
#include <ctime>
#include <set>
#include <string>
#include <utility>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/pass_error.hpp"
#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/osv/osv.hpp"
#include "bulwark/vulndb/feeds.hpp"
#include "bulwark/vulndb/import_sink.hpp"
#include "bulwark/vulndb/inputs.hpp"

namespace bulwark::vulndb::detail {
namespace {

constexpr std::size_t kProgressEvery = 256;
constexpr std::size_t kStrictListed = 20;

std::string utc_now() { return format_rfc3339(now_or_system()); }

std::string source_of(std::string_view id) { return std::string(id.substr(0, id.find('-'))); }

// The row of a parsed record: the packages it names (normalised per ecosystem) and its aliases.
RecordRow record_row(const OsvRecord& rec, std::string_view json) {
  RecordRow row;
  row.id = rec.id;
  row.source = source_of(rec.id);
  row.modified = rec.modified;
  row.modified_key = osv::sortable_time(rec.modified);
  row.published = rec.published;
  row.withdrawn = rec.withdrawn;
  row.json = json;
  const std::set<std::string> aliases(rec.aliases.begin(), rec.aliases.end());
  row.aliases.assign(aliases.begin(), aliases.end());
  for (std::size_t i = 0; i < rec.affected.size(); ++i) {
    const auto& a = rec.affected[i];
    if (a.ecosystem.empty()) continue;  // GIT-only entries name no package
    auto base = std::string(ecosystem::split(a.ecosystem).base);
    auto name = ecosystem::normalize_name(base, a.name);
    row.affected.push_back(AffectedRow{i, a.ecosystem, std::move(base), std::move(name)});
  }
  return row;
}

// Splits one document into record texts: a single record, an array of records, or an OSV API
// response {"vulns": [...]}. Records come out minified; `pointer` locates them in the file.
class Splitter {
 public:
  template <class Fn>  // fn(std::string_view pointer, std::string_view json)
  std::expected<void, Error> split(std::string_view json, Fn&& fn) {
    if (is_plain_object(json)) {  // the common case: one record, validated by parse_json
      if (auto r = minify(json); !r) return std::unexpected(r.error());
      fn(std::string_view{}, std::string_view(buffer_));
      return {};
    }
    auto doc = parser_.parse(json.data(), json.size(), true);
    if (doc.error())
      return invalid_input(std::string("invalid JSON: ") + simdjson::error_message(doc.error()));
    simdjson::dom::element root = doc.value_unsafe();
    simdjson::dom::array list;
    std::string prefix;
    if (root.is_array()) {
      list = root.get_array().value_unsafe();
    } else if (root.is_object() && is_api_response(root)) {
      list = root["vulns"].get_array().value_unsafe();
      prefix = "/vulns";
    } else {
      if (auto r = minify(json); !r) return std::unexpected(r.error());
      fn(std::string_view{}, std::string_view(buffer_));
      return {};
    }
    std::size_t i = 0;
    for (auto item : list) {
      buffer_ = simdjson::minify(item);
      fn(prefix + "/" + std::to_string(i++), std::string_view(buffer_));
    }
    return {};
  }

 private:
  // An object that cannot be an API response ({"vulns": [...]}): no DOM pass needed here.
  static bool is_plain_object(std::string_view json) {
    auto first = json.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && json[first] == '{' &&
           json.find("\"vulns\"") == std::string_view::npos;
  }

  static bool is_api_response(simdjson::dom::element root) {
    auto vulns = root["vulns"];
    return !vulns.error() && vulns.is_array() && root["id"].error() == simdjson::NO_SUCH_FIELD;
  }

  std::expected<void, Error> minify(std::string_view json) {
    buffer_.resize(json.size());
    std::size_t len = 0;
    if (simdjson::minify(json.data(), json.size(), buffer_.data(), len) != simdjson::SUCCESS)
      return invalid_input("invalid JSON: cannot minify");
    buffer_.resize(len);
    return {};
  }

  simdjson::dom::parser parser_;
  std::string buffer_;
};

std::string with_pointer(std::string_view pointer, const std::string& message) {
  if (pointer.empty()) return message;
  if (!message.empty() && message.front() == '/') return std::string(pointer) + message;
  return std::string(pointer) + ": " + message;
}

using Clock = std::chrono::steady_clock;

std::string counted(std::size_t n, const char* what) { return std::to_string(n) + " " + what; }

class Importer {
 public:
  Importer(ImportSink& sink, const ImportOptions& options)
      : sink_(sink), options_(options), now_(utc_now()) {}

  void begin_input(const std::string& path) {
    report.inputs.push_back(InputReport{path, {}, 0, 0, {}, 0});
    input_start_ = Clock::now();
    osv_before_ = report.seen;
    feeds_before_ = report.feeds;
  }

  // Fails when the input gave nothing at all.
  std::expected<void, Error> end_input() {
    auto& in = report.inputs.back();
    in.seconds = std::chrono::duration<double>(Clock::now() - input_start_).count();
    if (in.kind.empty() || in.kind == "OSV") {
      in.invalid = report.seen - osv_before_ - in.records;
      in.detail = counted(in.records, "records");
    }
    if (in.invalid > 0) in.detail += ", " + counted(in.invalid, "invalid");
    if (in.records == 0 && in.invalid == 0)
      return not_found(in.path + ": holds no " + (in.kind.empty() ? std::string("OSV") : in.kind) +
                       " records");
    return {};
  }

  std::expected<void, Error> document(Document&& doc) {
    const FeedKind kind = classify(doc.text, doc.ref);
    note_kind(kind, doc.packing);
    switch (kind) {
      case FeedKind::kOsv:
        return osv_document(std::move(doc));
      case FeedKind::kKevJson:
      case FeedKind::kKevCsv:
        return kev(doc, kind);
      case FeedKind::kEpssCsv:
        return epss(doc);
      case FeedKind::kNvdJson:
        return nvd(doc);
      case FeedKind::kKevEpssJoin:
        return unsupported(
            doc.ref +
            ": a KEV_EPSS join (CVE,CVSS3,EPSS,...), not FIRST EPSS data: import the FIRST "
            "daily epss_scores CSV instead");
      case FeedKind::kUnknown:
        break;
    }
    return unsupported(
        doc.ref +
        ": unrecognised content: expected OSV JSON/YAML, CISA KEV JSON or CSV, FIRST EPSS "
        "CSV (optionally gzip-compressed) or NVD CVE API 2.0 JSON");
  }

  std::expected<void, Error> finish(const std::vector<std::string>& paths) {
    progress(true);
    if (options_.strict && !report.invalid.empty()) return strict_failure();
    std::string sources;
    for (const auto& p : paths) sources += p + "\n";
    if (report.inserted + report.updated + report.unchanged > 0)
      if (auto r = sink_.record_feed("OSV", "", "", 0, sources, now_); !r) return r;
    return sink_.record_import(ImportLogRow{now_, sources, report.seen, report.inserted,
                                            report.updated, report.unchanged, report.withdrawn,
                                            report.invalid.size(), report.seconds});
  }

  ImportReport report;
  std::size_t total_hint = 0;

 private:
  void note_kind(FeedKind kind, const std::string& packing) {
    std::string name(kind_name(kind));
    if (!packing.empty() && packing != "none") name += " (" + packing + ")";
    auto& k = report.inputs.back().kind;
    if (k.find(name) != std::string::npos) return;
    k += k.empty() ? name : " + " + name;
  }

  std::expected<void, Error> osv_document(Document&& doc) {
    std::string converted;
    std::string_view json = doc.text;
    if (doc.yaml) {
      auto j = osv::yaml_to_json(doc.text);
      if (!j) return invalid(doc.ref, j.error().message);
      converted = std::move(*j);
      json = converted;
    }
    std::expected<void, Error> failure;
    auto split = splitter_.split(json, [&](std::string_view pointer, std::string_view record) {
      if (failure) failure = this->record(doc.ref, pointer, record);
    });
    if (!split) return invalid(doc.ref, split.error().message);
    return failure;
  }

  ProblemSink problems(const std::string& ref) {
    return [this, &ref](Problem&& p) {
      std::string file = p.line ? ref + ":" + std::to_string(p.line) : ref;
      report.invalid.push_back(InvalidRecord{std::move(file), with_pointer(p.pointer, p.reason)});
      ++report.inputs.back().invalid;
    };
  }

  std::expected<void, Error> kev(const Document& doc, FeedKind kind) {
    if (auto r = sink_.clear_kev(); !r) return r;  // a snapshot: entries gone from the catalogue go
    std::size_t count = 0;
    KevSink sink = [&](KevEntry&& e) {
      ++count;
      return sink_.write_kev(e);
    };
    auto cat = kind == FeedKind::kKevJson ? parse_kev_json(doc.text, sink, problems(doc.ref))
                                          : parse_kev_csv(doc.text, sink, problems(doc.ref));
    if (!cat) return std::unexpected(std::move(cat).error().with_context(doc.ref));
    if (count == 0) return invalid_input(doc.ref + ": holds no valid KEV entries");
    report.feeds.kev = count;
    auto& in = report.inputs.back();
    in.records += count;
    in.detail = counted(count, "entries") +
                (cat->version.empty() ? "" : ", catalogVersion " + cat->version);
    return sink_.record_feed("KEV", cat->version, cat->released, count, doc.ref, now_);
  }

  std::expected<void, Error> epss(const Document& doc) {
    if (auto r = sink_.clear_epss(); !r) return r;  // a snapshot: the new scores replace the old
    std::size_t count = 0;
    EpssSink sink = [&](const EpssRow& row) {
      ++count;
      return sink_.write_epss(row);
    };
    auto header = parse_epss_csv(doc.text, sink, problems(doc.ref));
    if (!header) return std::unexpected(std::move(header).error().with_context(doc.ref));
    if (count == 0) return invalid_input(doc.ref + ": holds no valid EPSS rows");
    report.feeds.epss = count;
    auto& in = report.inputs.back();
    in.records += count;
    in.detail = counted(count, "rows");
    if (!header->model_version.empty()) in.detail += ", model " + header->model_version;
    if (!header->score_date.empty()) in.detail += ", score date " + header->score_date;
    return sink_.record_feed("EPSS", header->model_version, header->score_date, count, doc.ref,
                             now_);
  }

  std::expected<void, Error> nvd(const Document& doc) {
    auto& f = report.feeds;
    const std::size_t seen_before = f.nvd_seen;
    NvdSink sink = [&](NvdRecord&& rec) -> std::expected<void, Error> {
      auto outcome = sink_.write_nvd(rec);
      if (!outcome) return std::unexpected(std::move(outcome).error());
      ++f.nvd_seen;
      if (rec.rejected()) ++f.nvd_rejected;
      if (*outcome == WriteOutcome::kInserted) ++f.nvd_inserted;
      if (*outcome == WriteOutcome::kUpdated) ++f.nvd_updated;
      if (*outcome == WriteOutcome::kUnchanged) ++f.nvd_unchanged;
      progress(false);
      return {};
    };
    if (auto r = parse_nvd_json(doc.text, sink, problems(doc.ref)); !r)
      return std::unexpected(std::move(r).error().with_context(doc.ref));
    auto& in = report.inputs.back();
    in.records += f.nvd_seen - seen_before;
    // The counts since the input began: a directory of NVD pages is one input.
    const FeedCounts& before = feeds_before_;
    in.detail = counted(f.nvd_seen - before.nvd_seen, "CVEs") + " (new " +
                std::to_string(f.nvd_inserted - before.nvd_inserted) + ", updated " +
                std::to_string(f.nvd_updated - before.nvd_updated) + ", unchanged " +
                std::to_string(f.nvd_unchanged - before.nvd_unchanged) + ", rejected " +
                std::to_string(f.nvd_rejected - before.nvd_rejected) + ")";
    return sink_.record_feed("NVD", "", "", 0, doc.ref, now_);
  }

  std::expected<void, Error> record(const std::string& ref, std::string_view pointer,
                                    std::string_view json) {
    auto rec = osv::parse_json(json);
    if (!rec) return invalid(ref, with_pointer(pointer, rec.error().message));
    ++report.seen;
    auto outcome = sink_.upsert_record(record_row(*rec, json));
    if (!outcome) return std::unexpected(std::move(outcome).error().with_context(ref));
    if (*outcome == WriteOutcome::kInserted) ++report.inserted;
    if (*outcome == WriteOutcome::kUpdated) ++report.updated;
    if (*outcome == WriteOutcome::kUnchanged) ++report.unchanged;
    if (!rec->withdrawn.empty()) ++report.withdrawn;
    ++report.inputs.back().records;
    progress(false);
    return {};
  }

  std::expected<void, Error> invalid(const std::string& ref, std::string reason) {
    ++report.seen;
    report.invalid.push_back(InvalidRecord{ref, std::move(reason)});
    progress(false);
    return {};
  }

  void progress(bool final) {
    // OSV records and NVD CVEs (the feeds' rows are quick).
    const std::size_t n = report.seen + report.feeds.nvd_seen;
    if (options_.progress && (final || n % kProgressEvery == 0)) options_.progress(n, total_hint);
  }

  std::expected<void, Error> strict_failure() const {
    std::string msg = std::to_string(report.invalid.size()) +
                      " invalid record(s); strict import: nothing imported";
    for (std::size_t i = 0; i < report.invalid.size() && i < kStrictListed; ++i)
      msg += "\n  " + report.invalid[i].file + ": " + report.invalid[i].reason;
    if (report.invalid.size() > kStrictListed)
      msg += "\n  ... and " + std::to_string(report.invalid.size() - kStrictListed) + " more";
    return invalid_input(msg);
  }

  ImportSink& sink_;  // records and feed rows alike
  const ImportOptions& options_;
  const std::string now_;
  Splitter splitter_;
  Clock::time_point input_start_{};
  std::size_t osv_before_ = 0;
  FeedCounts feeds_before_;  // report.feeds when the current input began
};

Result<std::vector<Input>> plan(const std::vector<std::string>& paths, std::size_t& total) {
  std::vector<Input> inputs;
  bool has_archive = false;
  for (const auto& p : paths) {
    auto in = plan_input(p);
    if (!in) return pass_error(std::move(in));
    if (!in->archive && in->files.empty())
      return not_found(p + ": holds no OSV records (.json, .yaml or .yml files)");
    has_archive = has_archive || in->archive;
    total += in->files.size();
    inputs.push_back(std::move(*in));
  }
  if (has_archive) total = 0;
  return inputs;
}

}  // namespace

Result<ImportReport> import_into(ImportSink& sink, const std::vector<std::string>& paths,
                                 const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (paths.empty()) return make_error(ErrorCode::kUsage, "no input paths to import");
  std::size_t total = 0;
  auto inputs = plan(paths, total);
  if (!inputs) return pass_error(std::move(inputs));
  Importer importer(sink, options);
  importer.total_hint = total;
  for (const auto& in : *inputs) {
    importer.begin_input(in.path);
    auto n = read_input(in, [&](Document&& d) { return importer.document(std::move(d)); });
    if (!n) return pass_error(std::move(n));
    if (auto r = importer.end_input(); !r) return std::unexpected(std::move(r).error());
  }
  importer.report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto r = importer.finish(paths); !r) return std::unexpected(std::move(r).error());
  return std::move(importer.report);
}

}  // namespace bulwark::vulndb::detail
