#include "bulwark/vulndb/sqlite_store.hpp"

#include <utility>

#include "bulwark/core/pass_error.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/osv/osv.hpp"
#include "bulwark/vulndb/schema.hpp"

namespace bulwark::vulndb::detail {
namespace {

// Names per find_many query: one statement binds them as one JSON array (json_each).
constexpr std::size_t kFindManyChunk = 500;

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (b < 0x20) {
      out += "\\u00";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace

Result<std::unique_ptr<Store>> SqliteStore::create(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return pass_error(std::move(db));
  if (auto r = migrate(*db); !r) return std::unexpected(std::move(r).error());
  if (auto r = db->exec("PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY"); !r)
    return std::unexpected(std::move(r).error());
  return std::unique_ptr<Store>(new SqliteStore(std::move(*db)));
}

// Prepared on first use, then reused for every call.
Result<Statement*> SqliteStore::statement(Statement& slot, std::string_view sql) {
  if (slot.prepared()) return &slot;
  auto s = db_.prepare(sql);
  if (!s) return pass_error(std::move(s));
  slot = std::move(*s);
  return &slot;
}

Result<ImportReport> SqliteStore::import_osv(const std::vector<std::string>& paths,
                                             const ImportOptions& options) {
  cache_.clear();  // records may be replaced
  return run_import(db_, paths, options);
}

std::expected<void, Error> SqliteStore::refresh_cache() {
  db_.reset_statements();  // a statement left stepping would keep reading an old snapshot
  auto st = statement(generation_stmt_, "SELECT coalesce(max(iid), 0) FROM imports");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  auto row = s.reset().step();
  if (!row) return pass_error(std::move(row));
  const std::int64_t generation = *row ? s.integer(0) : 0;
  s.reset();  // ends the read snapshot
  if (generation != cache_generation_) {
    cache_.clear();
    cache_generation_ = generation;
  }
  return {};
}

Result<std::shared_ptr<const OsvRecord>> SqliteStore::record(const std::string& id) {
  if (auto it = cache_.find(id); it != cache_.end()) return it->second;
  auto st = statement(json_stmt_, "SELECT json FROM records WHERE id = ?1");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  auto row = s.reset().bind(1, id).step();
  if (!row) return pass_error(std::move(row));
  if (!*row) return db_error(db_.path() + ": record " + id + " vanished");
  auto parsed = osv::parse_json(s.text(0));
  s.reset();  // ends the read snapshot: a held one would pin the WAL and hide later commits
  if (!parsed)
    return db_error(db_.path() + ": stored record " + id +
                    " is unreadable: " + parsed.error().message);
  auto ptr = std::make_shared<const OsvRecord>(std::move(*parsed));
  cache_.emplace(id, ptr);
  return ptr;
}

Result<std::vector<Candidate>> SqliteStore::find(std::string_view ecosystem_base,
                                                 std::string_view name) {
  if (auto r = refresh_cache(); !r) return std::unexpected(std::move(r).error());
  auto st = statement(
      find_stmt_,
      "SELECT r.id, a.idx FROM affected a JOIN records r ON r.rid = a.rid "
      "WHERE a.ecosystem_base = ?1 AND a.name = ?2 AND r.withdrawn IS NULL ORDER BY r.id, a.idx");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  s.reset().bind(1, ecosystem_base).bind(2, ecosystem::normalize_name(ecosystem_base, name));
  std::vector<std::pair<std::string, std::size_t>> hits;
  for (;;) {
    auto row = s.step();
    if (!row) return pass_error(std::move(row));
    if (!*row) break;
    hits.emplace_back(std::string(s.text(0)), static_cast<std::size_t>(s.integer(1)));
  }
  std::vector<Candidate> out;
  out.reserve(hits.size());
  for (auto& [id, idx] : hits) {
    auto rec = record(id);
    if (!rec) return pass_error(std::move(rec));
    if (idx >= (*rec)->affected.size())
      return db_error(db_.path() + ": record " + id + ": affected index out of range");
    out.push_back(Candidate{*rec, idx});
  }
  return out;
}

Result<std::vector<std::vector<Candidate>>> SqliteStore::find_many(
    const std::vector<PackageRef>& keys) {
  if (auto r = refresh_cache(); !r) return std::unexpected(std::move(r).error());
  std::vector<std::vector<Candidate>> out(keys.size());
  // base -> normalised name -> the key indices asking for it
  std::map<std::string, std::map<std::string, std::vector<std::size_t>, std::less<>>, std::less<>>
      wanted;
  for (std::size_t i = 0; i < keys.size(); ++i)
    wanted[keys[i].ecosystem_base][ecosystem::normalize_name(keys[i].ecosystem_base, keys[i].name)]
        .push_back(i);
  auto st = statement(find_many_stmt_,
                      "SELECT a.name, r.id, a.idx FROM affected a JOIN records r ON r.rid = a.rid "
                      "WHERE a.ecosystem_base = ?1 AND a.name IN (SELECT value FROM json_each(?2)) "
                      "AND r.withdrawn IS NULL ORDER BY r.id, a.idx");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  struct Hit {
    std::vector<std::size_t>* targets;
    std::string id;
    std::size_t idx;
  };
  for (auto& [base, names] : wanted) {
    auto it = names.begin();
    while (it != names.end()) {
      std::string list = "[";
      for (std::size_t n = 0; it != names.end() && n < kFindManyChunk; ++it, ++n) {
        if (n > 0) list.push_back(',');
        append_json_string(list, it->first);
      }
      list.push_back(']');
      s.reset().bind(1, base).bind(2, list);
      std::vector<Hit> hits;
      for (;;) {
        auto row = s.step();
        if (!row) return pass_error(std::move(row));
        if (!*row) break;
        auto target = names.find(s.text(0));
        if (target == names.end()) continue;
        hits.push_back(
            {&target->second, std::string(s.text(1)), static_cast<std::size_t>(s.integer(2))});
      }
      s.reset();
      for (const auto& h : hits) {
        auto rec = record(h.id);
        if (!rec) return pass_error(std::move(rec));
        if (h.idx >= (*rec)->affected.size())
          return db_error(db_.path() + ": record " + h.id + ": affected index out of range");
        for (std::size_t k : *h.targets) out[k].push_back(Candidate{*rec, h.idx});
      }
    }
  }
  return out;
}

Result<std::vector<std::shared_ptr<const OsvRecord>>> SqliteStore::lookup(std::string_view id) {
  if (auto r = refresh_cache(); !r) return std::unexpected(std::move(r).error());
  auto st = statement(
      lookup_stmt_,
      "SELECT id FROM records WHERE id = ?1 UNION "
      "SELECT r.id FROM aliases a JOIN records r ON r.rid = a.rid WHERE a.alias = ?1 ORDER BY 1");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  s.reset().bind(1, id);
  std::vector<std::string> ids;
  for (;;) {
    auto row = s.step();
    if (!row) return pass_error(std::move(row));
    if (!*row) break;
    ids.emplace_back(s.text(0));
  }
  std::vector<std::shared_ptr<const OsvRecord>> out;
  for (const auto& i : ids) {
    auto rec = record(i);
    if (!rec) return pass_error(std::move(rec));
    out.push_back(std::move(*rec));
  }
  return out;
}

Result<std::vector<std::string>> SqliteStore::ecosystems() {
  auto s = db_.prepare("SELECT DISTINCT ecosystem_base FROM affected ORDER BY 1");
  if (!s) return pass_error(std::move(s));
  std::vector<std::string> out;
  for (;;) {
    auto row = s->step();
    if (!row) return pass_error(std::move(row));
    if (!*row) return out;
    out.emplace_back(s->text(0));
  }
}

Result<bool> SqliteStore::has_nvd() {
  auto s = db_.prepare("SELECT EXISTS (SELECT 1 FROM nvd_cves)");
  if (!s) return pass_error(std::move(s));
  auto row = s->step();
  if (!row) return pass_error(std::move(row));
  return s->integer(0) != 0;
}

Result<std::size_t> SqliteStore::record_count() {
  auto s = db_.prepare("SELECT count(*) FROM records");
  if (!s) return pass_error(std::move(s));
  auto row = s->step();
  if (!row) return pass_error(std::move(row));
  return static_cast<std::size_t>(s->integer(0));
}

std::expected<void, Error> SqliteStore::fill_totals(Status& out) {
  auto s = db_.prepare("SELECT count(*), count(withdrawn) FROM records");
  if (!s) return pass_error(std::move(s));
  auto row = s->step();
  if (!row) return pass_error(std::move(row));
  out.records = static_cast<std::size_t>(s->integer(0));
  out.withdrawn = static_cast<std::size_t>(s->integer(1));
  return {};
}

std::expected<void, Error> SqliteStore::fill_ecosystems(Status& out) {
  // One max() per group: SQLite takes the bare column `modified` from the row holding it.
  auto s = db_.prepare(
      "SELECT a.ecosystem, r.source, count(DISTINCT r.rid), max(r.modified_key), r.modified "
      "FROM affected a JOIN records r ON r.rid = a.rid GROUP BY a.ecosystem, r.source "
      "UNION ALL "
      "SELECT '', r.source, count(*), max(r.modified_key), r.modified FROM records r "
      "WHERE NOT EXISTS (SELECT 1 FROM affected a WHERE a.rid = r.rid) GROUP BY r.source "
      "ORDER BY 1, 2");
  if (!s) return pass_error(std::move(s));
  for (;;) {
    auto row = s->step();
    if (!row) return pass_error(std::move(row));
    if (!*row) return {};
    out.per_ecosystem.push_back(EcosystemCount{std::string(s->text(0)), std::string(s->text(1)),
                                               static_cast<std::size_t>(s->integer(2)),
                                               std::string(s->text(4))});
  }
}

std::expected<void, Error> SqliteStore::fill_last_import(Status& out) {
  auto s = db_.prepare("SELECT finished, sources FROM imports ORDER BY iid DESC LIMIT 1");
  if (!s) return pass_error(std::move(s));
  auto row = s->step();
  if (!row) return pass_error(std::move(row));
  if (!*row) return {};
  out.last_import = s->text(0);
  for (auto part : split(s->text(1), '\n'))
    if (!part.empty()) out.last_import_sources.emplace_back(part);
  return {};
}

Result<Status> SqliteStore::status() {
  Status out;
  out.path = db_.path();
  if (auto r = fill_totals(out); !r) return std::unexpected(std::move(r).error());
  if (auto r = fill_ecosystems(out); !r) return std::unexpected(std::move(r).error());
  if (auto r = fill_last_import(out); !r) return std::unexpected(std::move(r).error());
  if (auto r = fill_sources(out); !r) return std::unexpected(std::move(r).error());
  return out;
}

}  // namespace bulwark::vulndb::detail
