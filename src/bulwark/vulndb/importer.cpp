// OSV import: inputs -> documents -> records -> rows, all in one BEGIN IMMEDIATE transaction so
// that an error, --strict failure, crash or kill leaves the previous database intact.
#include <simdjson.h>

#include <chrono>
#include <ctime>
#include <set>
#include <string>
#include <utility>

#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/osv/osv.hpp"
#include "bulwark/vulndb/inputs.hpp"
#include "bulwark/vulndb/sqlite_store.hpp"

namespace bulwark::vulndb::detail {
namespace {

constexpr std::size_t kProgressEvery = 256;
constexpr std::size_t kStrictListed = 20;

template <class T>
std::unexpected<Error> pass(Result<T>&& r) {
  return std::unexpected(std::move(r).error());
}

std::string utc_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string source_of(std::string_view id) { return std::string(id.substr(0, id.find('-'))); }

enum class Outcome { kInserted, kUpdated, kUnchanged };

// The prepared statements of one import, reused for every record.
class RecordWriter {
 public:
  static Result<RecordWriter> prepare(Database& db) {
    RecordWriter w;
    const std::pair<Statement*, std::string_view> sqls[] = {
        {&w.select_, "SELECT rid, modified_key FROM records WHERE id = ?1"},
        {&w.insert_, "INSERT INTO records (id, source, modified, modified_key, published, withdrawn, json) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        {&w.update_, "UPDATE records SET source = ?2, modified = ?3, modified_key = ?4, published = ?5, "
                     "withdrawn = ?6, json = ?7 WHERE rid = ?1"},
        {&w.delete_aliases_, "DELETE FROM aliases WHERE rid = ?1"},
        {&w.delete_affected_, "DELETE FROM affected WHERE rid = ?1"},
        {&w.insert_alias_, "INSERT INTO aliases (rid, alias) VALUES (?1, ?2)"},
        {&w.insert_affected_, "INSERT INTO affected (rid, idx, ecosystem, ecosystem_base, name) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)"},
    };
    for (const auto& [slot, sql] : sqls) {
      auto s = db.prepare(sql);
      if (!s) return pass(std::move(s));
      *slot = std::move(*s);
    }
    w.db_ = &db;
    return w;
  }

  Result<Outcome> write(const OsvRecord& rec, std::string_view json) {
    std::string key = osv::sortable_time(rec.modified);
    auto row = select_.reset().bind(1, rec.id).step();
    if (!row) return pass(std::move(row));
    if (!*row) {
      if (auto r = bind_fields(insert_.reset(), rec, key, json).bind(1, rec.id).run(); !r) return std::unexpected(r.error());
      return write_children(db_->last_insert_rowid(), rec, Outcome::kInserted);
    }
    const std::int64_t rid = select_.integer(0);
    const bool newer = key > select_.text(1);
    select_.reset();
    if (!newer) return Outcome::kUnchanged;
    if (auto r = bind_fields(update_.reset(), rec, key, json).bind(1, rid).run(); !r) return std::unexpected(r.error());
    if (auto r = delete_aliases_.reset().bind(1, rid).run(); !r) return std::unexpected(r.error());
    if (auto r = delete_affected_.reset().bind(1, rid).run(); !r) return std::unexpected(r.error());
    return write_children(rid, rec, Outcome::kUpdated);
  }

 private:
  static Statement& bind_fields(Statement& s, const OsvRecord& rec, const std::string& key, std::string_view json) {
    return s.bind(2, source_of(rec.id))
        .bind(3, rec.modified)
        .bind(4, key)
        .bind_text_or_null(5, rec.published)
        .bind_text_or_null(6, rec.withdrawn)
        .bind(7, json);
  }

  Result<Outcome> write_children(std::int64_t rid, const OsvRecord& rec, Outcome outcome) {
    std::set<std::string_view> aliases(rec.aliases.begin(), rec.aliases.end());
    for (auto alias : aliases)
      if (auto r = insert_alias_.reset().bind(1, rid).bind(2, alias).run(); !r) return std::unexpected(r.error());
    for (std::size_t i = 0; i < rec.affected.size(); ++i) {
      const auto& a = rec.affected[i];
      if (a.ecosystem.empty()) continue;  // GIT-only entries name no package
      auto base = ecosystem::split(a.ecosystem).base;
      auto r = insert_affected_.reset()
                   .bind(1, rid)
                   .bind(2, static_cast<std::int64_t>(i))
                   .bind(3, a.ecosystem)
                   .bind(4, base)
                   .bind(5, ecosystem::normalize_name(base, a.name))
                   .run();
      if (!r) return std::unexpected(r.error());
    }
    return outcome;
  }

  Database* db_ = nullptr;
  Statement select_, insert_, update_, delete_aliases_, delete_affected_, insert_alias_, insert_affected_;
};

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
    if (doc.error()) return invalid_input(std::string("invalid JSON: ") + simdjson::error_message(doc.error()));
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
    return first != std::string_view::npos && json[first] == '{' && json.find("\"vulns\"") == std::string_view::npos;
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

class Importer {
 public:
  Importer(Database& db, RecordWriter& writer, const ImportOptions& options)
      : db_(db), writer_(writer), options_(options) {}

  std::expected<void, Error> document(Document&& doc) {
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

  std::expected<void, Error> finish(const std::vector<std::string>& paths) {
    progress(true);
    if (options_.strict && !report.invalid.empty()) return strict_failure();
    std::string sources;
    for (const auto& p : paths) sources += p + "\n";
    auto s = db_.prepare(
        "INSERT INTO imports (finished, sources, seen, inserted, updated, unchanged, withdrawn, invalid, seconds) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!s) return pass(std::move(s));
    auto n = [](std::size_t v) { return static_cast<std::int64_t>(v); };
    return s->bind(1, utc_now()).bind(2, sources).bind(3, n(report.seen)).bind(4, n(report.inserted))
        .bind(5, n(report.updated)).bind(6, n(report.unchanged)).bind(7, n(report.withdrawn))
        .bind(8, n(report.invalid.size())).bind(9, report.seconds).run();
  }

  ImportReport report;
  std::size_t total_hint = 0;

 private:
  std::expected<void, Error> record(const std::string& ref, std::string_view pointer, std::string_view json) {
    auto rec = osv::parse_json(json);
    if (!rec) return invalid(ref, with_pointer(pointer, rec.error().message));
    ++report.seen;
    auto outcome = writer_.write(*rec, json);
    if (!outcome) return std::unexpected(std::move(outcome).error().with_context(ref));
    if (*outcome == Outcome::kInserted) ++report.inserted;
    if (*outcome == Outcome::kUpdated) ++report.updated;
    if (*outcome == Outcome::kUnchanged) ++report.unchanged;
    if (!rec->withdrawn.empty()) ++report.withdrawn;
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
    if (options_.progress && (final || report.seen % kProgressEvery == 0))
      options_.progress(report.seen, total_hint);
  }

  std::expected<void, Error> strict_failure() const {
    std::string msg = std::to_string(report.invalid.size()) + " invalid record(s); --strict: nothing imported";
    for (std::size_t i = 0; i < report.invalid.size() && i < kStrictListed; ++i)
      msg += "\n  " + report.invalid[i].file + ": " + report.invalid[i].reason;
    if (report.invalid.size() > kStrictListed)
      msg += "\n  ... and " + std::to_string(report.invalid.size() - kStrictListed) + " more";
    return invalid_input(msg);
  }

  Database& db_;
  RecordWriter& writer_;
  const ImportOptions& options_;
  Splitter splitter_;
};

Result<std::vector<Input>> plan(const std::vector<std::string>& paths, std::size_t& total) {
  std::vector<Input> inputs;
  bool has_archive = false;
  for (const auto& p : paths) {
    auto in = plan_input(p);
    if (!in) return pass(std::move(in));
    if (!in->archive && in->files.empty()) return not_found(p + ": holds no OSV records (.json, .yaml or .yml files)");
    has_archive = has_archive || in->archive;
    total += in->files.size();
    inputs.push_back(std::move(*in));
  }
  if (has_archive) total = 0;
  return inputs;
}

}  // namespace

Result<ImportReport> run_import(Database& db, const std::vector<std::string>& paths, const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (paths.empty()) return make_error(ErrorCode::kUsage, "no input paths to import");
  std::size_t total = 0;
  auto inputs = plan(paths, total);
  if (!inputs) return pass(std::move(inputs));
  auto tx = Transaction::begin_immediate(db);
  if (!tx) return pass(std::move(tx));
  auto writer = RecordWriter::prepare(db);
  if (!writer) return pass(std::move(writer));
  Importer importer(db, *writer, options);
  importer.total_hint = total;
  for (const auto& in : *inputs) {
    std::size_t before = importer.report.seen;
    auto n = read_input(in, [&](Document&& d) { return importer.document(std::move(d)); });
    if (!n) return pass(std::move(n));
    if (importer.report.seen == before) return not_found(in.path + ": holds no OSV records");
  }
  importer.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto r = importer.finish(paths); !r) return std::unexpected(std::move(r).error());
  if (auto r = tx->commit(); !r) return std::unexpected(std::move(r).error());
  return std::move(importer.report);
}

}  // namespace bulwark::vulndb::detail
