// The SQLite side of an import: the ImportSink writing rows with prepared statements, inside
// one BEGIN IMMEDIATE ... COMMIT, so that an error, a --strict failure, a crash or a kill leaves
// the previous database intact.
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/vulndb/feed_writer.hpp"
#include "bulwark/vulndb/import_sink.hpp"
#include "bulwark/vulndb/sqlite_store.hpp"

namespace bulwark::vulndb::detail {
namespace {

template <class T>
std::unexpected<Error> pass(Result<T>&& r) {
  return std::unexpected(std::move(r).error());
}

std::int64_t n(std::size_t v) { return static_cast<std::int64_t>(v); }

class SqliteImportSink final : public ImportSink {
 public:
  static Result<std::unique_ptr<SqliteImportSink>> prepare(Database& db) {
    auto feeds = FeedWriter::prepare(db);
    if (!feeds) return pass(std::move(feeds));
    std::unique_ptr<SqliteImportSink> w(new SqliteImportSink(db, std::move(*feeds)));
    const std::pair<Statement*, std::string_view> sqls[] = {
        {&w->select_, "SELECT rid, modified_key FROM records WHERE id = ?1"},
        {&w->insert_,
         "INSERT INTO records (id, source, modified, modified_key, published, withdrawn, json) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        {&w->update_,
         "UPDATE records SET source = ?2, modified = ?3, modified_key = ?4, published = ?5, "
         "withdrawn = ?6, json = ?7 WHERE rid = ?1"},
        {&w->delete_aliases_, "DELETE FROM aliases WHERE rid = ?1"},
        {&w->delete_affected_, "DELETE FROM affected WHERE rid = ?1"},
        {&w->insert_alias_, "INSERT INTO aliases (rid, alias) VALUES (?1, ?2)"},
        {&w->insert_affected_,
         "INSERT INTO affected (rid, idx, ecosystem, ecosystem_base, name) "
         "VALUES (?1, ?2, ?3, ?4, ?5)"},
        {&w->insert_import_,
         "INSERT INTO imports (finished, sources, seen, inserted, updated, unchanged, withdrawn, "
         "invalid, seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
    };
    for (const auto& [slot, sql] : sqls) {
      auto s = db.prepare(sql);
      if (!s) return pass(std::move(s));
      *slot = std::move(*s);
    }
    return w;
  }

  Result<WriteOutcome> upsert_record(const RecordRow& rec) override {
    auto row = select_.reset().bind(1, rec.id).step();
    if (!row) return pass(std::move(row));
    if (!*row) {
      if (auto r = bind_fields(insert_.reset(), rec).bind(1, rec.id).run(); !r)
        return std::unexpected(r.error());
      return write_children(db_.last_insert_rowid(), rec, WriteOutcome::kInserted);
    }
    const std::int64_t rid = select_.integer(0);
    const bool newer = rec.modified_key > select_.text(1);
    select_.reset();
    if (!newer) return WriteOutcome::kUnchanged;
    if (auto r = bind_fields(update_.reset(), rec).bind(1, rid).run(); !r)
      return std::unexpected(r.error());
    if (auto r = delete_aliases_.reset().bind(1, rid).run(); !r) return std::unexpected(r.error());
    if (auto r = delete_affected_.reset().bind(1, rid).run(); !r) return std::unexpected(r.error());
    return write_children(rid, rec, WriteOutcome::kUpdated);
  }

  VoidResult clear_kev() override { return feeds_.clear_kev(); }
  VoidResult write_kev(const KevEntry& e) override { return feeds_.write_kev(e); }
  VoidResult clear_epss() override { return feeds_.clear_epss(); }
  VoidResult write_epss(const EpssRow& row) override { return feeds_.write_epss(row); }
  Result<WriteOutcome> write_nvd(const NvdRecord& rec) override { return feeds_.write_nvd(rec); }
  VoidResult record_feed(std::string_view name, std::string_view version,
                         std::string_view published, std::size_t records, std::string_view source,
                         std::string_view imported_at) override {
    return feeds_.record_feed(name, version, published, records, source, imported_at);
  }

  VoidResult record_import(const ImportLogRow& r) override {
    return insert_import_.reset()
        .bind(1, r.finished)
        .bind(2, r.sources)
        .bind(3, n(r.seen))
        .bind(4, n(r.inserted))
        .bind(5, n(r.updated))
        .bind(6, n(r.unchanged))
        .bind(7, n(r.withdrawn))
        .bind(8, n(r.invalid))
        .bind(9, r.seconds)
        .run();
  }

 private:
  SqliteImportSink(Database& db, FeedWriter feeds) : db_(db), feeds_(std::move(feeds)) {}

  static Statement& bind_fields(Statement& s, const RecordRow& rec) {
    return s.bind(2, rec.source)
        .bind(3, rec.modified)
        .bind(4, rec.modified_key)
        .bind_text_or_null(5, rec.published)
        .bind_text_or_null(6, rec.withdrawn)
        .bind(7, rec.json);
  }

  Result<WriteOutcome> write_children(std::int64_t rid, const RecordRow& rec,
                                      WriteOutcome outcome) {
    for (const auto& alias : rec.aliases)
      if (auto r = insert_alias_.reset().bind(1, rid).bind(2, alias).run(); !r)
        return std::unexpected(r.error());
    for (const auto& a : rec.affected) {
      auto r = insert_affected_.reset()
                   .bind(1, rid)
                   .bind(2, n(a.index))
                   .bind(3, a.ecosystem)
                   .bind(4, a.ecosystem_base)
                   .bind(5, a.name)
                   .run();
      if (!r) return std::unexpected(r.error());
    }
    return outcome;
  }

  Database& db_;
  FeedWriter feeds_;
  Statement select_, insert_, update_, delete_aliases_, delete_affected_, insert_alias_,
      insert_affected_, insert_import_;
};

Result<bool> table_empty(Database& db, std::string_view table) {
  auto s = db.prepare("SELECT NOT EXISTS (SELECT 1 FROM " + std::string(table) + ")");
  if (!s) return pass(std::move(s));
  auto row = s->step();
  if (!row) return pass(std::move(row));
  return *row && s->integer(0) != 0;
}

// A bulk load into an empty table: its children's secondary indexes are dropped inside the
// import's transaction and created again (one sort each) before it commits, instead of being
// updated row by row in random key order. DDL is transactional: a failed import rolls the drop
// back with everything else.
class DeferredIndexes {
 public:
  VoidResult drop_if_empty(Database& db, std::string_view parent,
                           std::initializer_list<std::string_view> children) {
    auto empty = table_empty(db, parent);
    if (!empty) return std::unexpected(std::move(empty).error());
    if (!*empty) return {};
    for (auto child : children) {
      auto s = db.prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS "
          "NOT NULL ORDER BY name");
      if (!s) return std::unexpected(std::move(s).error());
      s->bind(1, child);
      std::vector<std::pair<std::string, std::string>> found;
      for (;;) {
        auto row = s->step();
        if (!row) return std::unexpected(std::move(row).error());
        if (!*row) break;
        found.emplace_back(std::string(s->text(0)), std::string(s->text(1)));
      }
      for (auto& [name, sql] : found) {
        if (auto r = db.exec("DROP INDEX \"" + name + "\""); !r) return r;
        create_.push_back(std::move(sql));
      }
    }
    return {};
  }
  VoidResult recreate(Database& db) {
    for (const auto& sql : create_)
      if (auto r = db.exec(sql); !r) return r;
    create_.clear();
    return {};
  }

 private:
  std::vector<std::string> create_;
};

}  // namespace

Result<ImportReport> run_import(Database& db, const std::vector<std::string>& paths,
                                const ImportOptions& options) {
  if (paths.empty()) return make_error(ErrorCode::kUsage, "no input paths to import");
  auto tx = Transaction::begin_immediate(db);
  if (!tx) return pass(std::move(tx));
  DeferredIndexes deferred;
  if (auto r = deferred.drop_if_empty(db, "records", {"aliases", "affected"}); !r)
    return std::unexpected(std::move(r).error());
  if (auto r = deferred.drop_if_empty(db, "nvd_cves", {"nvd_matches"}); !r)
    return std::unexpected(std::move(r).error());
  auto sink = SqliteImportSink::prepare(db);
  if (!sink) return pass(std::move(sink));
  auto report = import_into(**sink, paths, options);
  if (!report) return report;  // the transaction rolls back (the dropped indexes included)
  sink->reset();               // statements finalised before the schema changes again
  if (auto r = deferred.recreate(db); !r) return std::unexpected(std::move(r).error());
  if (auto r = tx->commit(); !r) return std::unexpected(std::move(r).error());
  return report;
}

}  // namespace bulwark::vulndb::detail
