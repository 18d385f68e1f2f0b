// PostgreSQL implementation of vulndb::Store (issue 16): the tables of schema.cpp, written by the
// same importer (import_sink.hpp) inside one transaction, so an error, a --strict failure, a
// crash or a kill leaves the previous contents intact. Imports take a transaction-scoped
// advisory lock (one import at a time across hosts) and keep round trips few on a networked
// database: the stored ids with their modified keys are read once, OSV records, their aliases
// and packages, EPSS and KEV rows are buffered and written as multi-row inserts (unnest of array
// parameters, kBatch rows a statement). Lookups are batched too: find_many answers every package
// in one query and fetches the records it names in one more. Component "vulndb" of the
// PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "bulwark/core/pass_error.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/ecosystem/ecosystem.hpp"
#include "bulwark/osv/osv.hpp"
#include "bulwark/pg/migrate.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/vulndb/feed_writer.hpp"
#include "bulwark/vulndb/feeds.hpp"
#include "bulwark/vulndb/import_sink.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::vulndb {
namespace {

using detail::EpssRow;
using detail::ImportLogRow;
using detail::RecordRow;
using detail::VoidResult;
using detail::WriteOutcome;

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE records (
  rid          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           TEXT COLLATE "C" NOT NULL UNIQUE,
  source       TEXT COLLATE "C" NOT NULL,
  modified     TEXT NOT NULL,
  modified_key TEXT COLLATE "C" NOT NULL,
  published    TEXT,
  withdrawn    TEXT,
  json         TEXT NOT NULL
);
CREATE TABLE aliases (
  rid   BIGINT NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
  alias TEXT NOT NULL
);
CREATE INDEX aliases_alias ON aliases (alias);
CREATE INDEX aliases_rid ON aliases (rid);
CREATE TABLE affected (
  rid            BIGINT NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
  idx            INTEGER NOT NULL,
  ecosystem      TEXT COLLATE "C" NOT NULL,
  ecosystem_base TEXT COLLATE "C" NOT NULL,
  name           TEXT NOT NULL
);
CREATE INDEX affected_lookup ON affected (ecosystem_base, name);
CREATE INDEX affected_rid ON affected (rid);
CREATE TABLE imports (
  iid       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  finished  TEXT NOT NULL,
  sources   TEXT NOT NULL,
  seen      BIGINT NOT NULL,
  inserted  BIGINT NOT NULL,
  updated   BIGINT NOT NULL,
  unchanged BIGINT NOT NULL,
  withdrawn BIGINT NOT NULL,
  invalid   BIGINT NOT NULL,
  seconds   DOUBLE PRECISION NOT NULL
);
CREATE TABLE feeds (
  name        TEXT PRIMARY KEY,
  version     TEXT NOT NULL DEFAULT '',
  published   TEXT NOT NULL DEFAULT '',
  records     BIGINT NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,
  source      TEXT NOT NULL DEFAULT ''
);
CREATE TABLE kev (
  cve             TEXT PRIMARY KEY,
  vendor          TEXT NOT NULL,
  product         TEXT NOT NULL,
  name            TEXT NOT NULL,
  date_added      TEXT NOT NULL,
  due_date        TEXT NOT NULL,
  required_action TEXT NOT NULL,
  ransomware      TEXT NOT NULL,
  notes           TEXT NOT NULL,
  cwes            TEXT NOT NULL,
  description     TEXT NOT NULL
);
CREATE TABLE epss (
  cve        TEXT PRIMARY KEY,
  score      DOUBLE PRECISION NOT NULL,
  percentile DOUBLE PRECISION NOT NULL
);
CREATE TABLE nvd_cves (
  nid              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cve              TEXT COLLATE "C" NOT NULL UNIQUE,
  description      TEXT NOT NULL,
  published        TEXT NOT NULL,
  last_modified    TEXT NOT NULL,
  modified_key     TEXT COLLATE "C" NOT NULL,
  status           TEXT NOT NULL,
  config_operators TEXT NOT NULL
);
CREATE TABLE nvd_metrics (
  nid        BIGINT NOT NULL REFERENCES nvd_cves (nid) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  version    TEXT NOT NULL,
  vector     TEXT NOT NULL,
  source     TEXT NOT NULL,
  type       TEXT NOT NULL,
  base_score DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (nid, idx)
);
CREATE TABLE nvd_cwes (
  nid BIGINT NOT NULL REFERENCES nvd_cves (nid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  cwe TEXT NOT NULL,
  PRIMARY KEY (nid, idx)
);
CREATE TABLE nvd_refs (
  nid BIGINT NOT NULL REFERENCES nvd_cves (nid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (nid, idx)
);
CREATE TABLE nvd_matches (
  nid             BIGINT NOT NULL REFERENCES nvd_cves (nid) ON DELETE CASCADE,
  idx             INTEGER NOT NULL,
  config          INTEGER NOT NULL,
  node            INTEGER NOT NULL,
  node_operator   TEXT NOT NULL,
  node_negate     BOOLEAN NOT NULL,
  criteria        TEXT NOT NULL,
  vendor          TEXT NOT NULL,
  product         TEXT NOT NULL,
  vulnerable      BOOLEAN NOT NULL,
  start_including TEXT NOT NULL,
  start_excluding TEXT NOT NULL,
  end_including   TEXT NOT NULL,
  end_excluding   TEXT NOT NULL,
  PRIMARY KEY (nid, idx)
);
CREATE INDEX nvd_matches_product ON nvd_matches (vendor, product);
)sql";

constexpr std::array<std::string_view, 1> kSteps = {kSchemaV1};

// Rows per multi-row statement of an import.
constexpr std::size_t kBatch = 1000;
// The advisory lock of imports ("vulndb" in ASCII): one import at a time.
constexpr std::int64_t kImportLock = 0x76756c6e6462;

std::string lit(const std::vector<std::string>& v) { return pg::array_literal(v); }
std::string lit(const std::vector<std::int64_t>& v) { return pg::array_literal(v); }

// A record waiting in the import buffer (its JSON copied: the importer reuses its buffer).
struct PendingRecord {
  std::int64_t rid = 0;  // 0: new
  std::string id, source, modified, modified_key, published, withdrawn, json;
  std::vector<std::string> aliases;
  std::vector<detail::AffectedRow> affected;
};

class PgImportSink final : public detail::ImportSink {
 public:
  explicit PgImportSink(pg::Connection& db) : db_(db) {}

  // Reads the stored ids and their modified keys (one query each for OSV and NVD).
  VoidResult load() {
    auto r = db_.query("SELECT id, rid, modified_key FROM records");
    if (!r) return pass_error(std::move(r));
    for (int i = 0; i < r->size(); ++i)
      records_.emplace(std::string(r->text(i, 0)),
                       Stored{r->integer(i, 1), std::string(r->text(i, 2))});
    auto n = db_.query("SELECT cve, nid, modified_key FROM nvd_cves");
    if (!n) return pass_error(std::move(n));
    for (int i = 0; i < n->size(); ++i)
      nvd_.emplace(std::string(n->text(i, 0)),
                   Stored{n->integer(i, 1), std::string(n->text(i, 2))});
    return {};
  }

  Result<WriteOutcome> upsert_record(const RecordRow& row) override {
    // A record seen twice in one batch: the first is written before the second is weighed.
    if (pending_ids_.contains(row.id))
      if (auto f = flush_records(); !f) return std::unexpected(std::move(f).error());
    auto it = records_.find(row.id);
    WriteOutcome outcome = WriteOutcome::kInserted;
    std::int64_t rid = 0;
    if (it != records_.end()) {
      if (!(row.modified_key > it->second.modified_key)) return WriteOutcome::kUnchanged;
      outcome = WriteOutcome::kUpdated;
      rid = it->second.id;
    }
    pending_.push_back(PendingRecord{rid, row.id, row.source, row.modified, row.modified_key,
                                     row.published, row.withdrawn, std::string(row.json),
                                     row.aliases, row.affected});
    pending_ids_.insert(row.id);
    records_[row.id] = Stored{rid, row.modified_key};
    if (pending_.size() >= kBatch)
      if (auto f = flush_records(); !f) return std::unexpected(std::move(f).error());
    return outcome;
  }

  VoidResult clear_kev() override {
    kev_.clear();
    return done(db_.query("DELETE FROM kev"));
  }
  VoidResult write_kev(const KevEntry& e) override {
    kev_[e.cve] = e;  // the last entry of a CVE wins, as INSERT OR REPLACE
    return kev_.size() >= kBatch ? flush_kev() : VoidResult{};
  }
  VoidResult clear_epss() override {
    epss_.clear();
    return done(db_.query("DELETE FROM epss"));
  }
  VoidResult write_epss(const EpssRow& row) override {
    epss_[std::string(row.cve)] = {row.score, row.percentile};
    return epss_.size() >= kBatch ? flush_epss() : VoidResult{};
  }

  Result<WriteOutcome> write_nvd(const NvdRecord& rec) override {
    const std::string key = detail::nvd_time_key(rec.last_modified);
    WriteOutcome outcome = WriteOutcome::kInserted;
    if (auto it = nvd_.find(rec.cve); it != nvd_.end()) {
      if (!(key > it->second.modified_key)) return WriteOutcome::kUnchanged;
      if (auto d = db_.query("DELETE FROM nvd_cves WHERE nid = $1", {it->second.id}); !d)
        return pass_error(std::move(d));  // rows cascade
      outcome = WriteOutcome::kUpdated;
    }
    auto nid = db_.scalar(
        "INSERT INTO nvd_cves (cve, description, published, last_modified, modified_key, status, "
        "config_operators) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING nid",
        {rec.cve, rec.description, rec.published, rec.last_modified, key, rec.status,
         detail::terminated_lines(rec.config_operators)});
    if (!nid) return pass_error(std::move(nid));
    nvd_[rec.cve] = Stored{*nid, key};
    if (auto w = write_nvd_rows(*nid, rec); !w) return std::unexpected(w.error());
    return outcome;
  }

  VoidResult record_feed(std::string_view name, std::string_view version,
                         std::string_view published, std::size_t records, std::string_view source,
                         std::string_view imported_at) override {
    if (auto f = flush(); !f) return f;
    return done(db_.query(
        "INSERT INTO feeds (name, version, published, records, imported_at, source) VALUES ($1, "
        "$2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET version = excluded.version, "
        "published = excluded.published, records = excluded.records, imported_at = "
        "excluded.imported_at, source = excluded.source",
        {name, version, published, records, imported_at, source}));
  }

  VoidResult record_import(const ImportLogRow& r) override {
    if (auto f = flush(); !f) return f;
    return done(db_.query(
        "INSERT INTO imports (finished, sources, seen, inserted, updated, unchanged, withdrawn, "
        "invalid, seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {r.finished, r.sources, r.seen, r.inserted, r.updated, r.unchanged, r.withdrawn, r.invalid,
         r.seconds}));
  }

  // Writes everything still buffered.
  VoidResult flush() {
    if (auto f = flush_records(); !f) return f;
    if (auto f = flush_kev(); !f) return f;
    return flush_epss();
  }

 private:
  struct Stored {
    std::int64_t id = 0;  // rid or nid
    std::string modified_key;
  };

  static VoidResult done(const Result<pg::Rows>& r) {
    if (!r) return std::unexpected(r.error());
    return {};
  }

  VoidResult flush_records() {
    if (pending_.empty()) return {};
    std::vector<std::string> ids, sources, modified, keys, published, withdrawn, jsons;
    std::vector<std::int64_t> replaced;
    for (const auto& p : pending_) {
      if (p.rid != 0) replaced.push_back(p.rid);
      ids.push_back(p.id);
      sources.push_back(p.source);
      modified.push_back(p.modified);
      keys.push_back(p.modified_key);
      published.push_back(p.published);
      withdrawn.push_back(p.withdrawn);
      jsons.push_back(p.json);
    }
    // A newer record replaces the stored one with its aliases and packages (rows cascade).
    if (!replaced.empty())
      if (auto d = done(
              db_.query("DELETE FROM records WHERE rid = ANY ($1::bigint[])", {lit(replaced)}));
          !d)
        return d;
    auto rows = db_.query(
        "INSERT INTO records (id, source, modified, modified_key, published, withdrawn, json) "
        "SELECT u.id, u.source, u.modified, u.key, NULLIF(u.published, ''), "
        "NULLIF(u.withdrawn, ''), u.json FROM unnest($1::text[], $2::text[], $3::text[], "
        "$4::text[], $5::text[], $6::text[], $7::text[]) AS u (id, source, modified, key, "
        "published, withdrawn, json) RETURNING id, rid",
        {lit(ids), lit(sources), lit(modified), lit(keys), lit(published), lit(withdrawn),
         lit(jsons)});
    if (!rows) return pass_error(std::move(rows));
    std::unordered_map<std::string, std::int64_t> rid_of;
    for (int i = 0; i < rows->size(); ++i) {
      rid_of.emplace(std::string(rows->text(i, 0)), rows->integer(i, 1));
      records_[std::string(rows->text(i, 0))].id = rows->integer(i, 1);
    }
    std::vector<std::int64_t> alias_rid, aff_rid, aff_idx;
    std::vector<std::string> alias, aff_eco, aff_base, aff_name;
    for (const auto& p : pending_) {
      const std::int64_t rid = rid_of.at(p.id);
      for (const auto& a : p.aliases) {
        alias_rid.push_back(rid);
        alias.push_back(a);
      }
      for (const auto& a : p.affected) {
        aff_rid.push_back(rid);
        aff_idx.push_back(static_cast<std::int64_t>(a.index));
        aff_eco.push_back(a.ecosystem);
        aff_base.push_back(a.ecosystem_base);
        aff_name.push_back(a.name);
      }
    }
    pending_.clear();
    pending_ids_.clear();
    if (!alias.empty())
      if (auto r = done(db_.query("INSERT INTO aliases (rid, alias) SELECT * FROM "
                                  "unnest($1::bigint[], $2::text[])",
                                  {lit(alias_rid), lit(alias)}));
          !r)
        return r;
    if (aff_rid.empty()) return {};
    return done(
        db_.query("INSERT INTO affected (rid, idx, ecosystem, ecosystem_base, name) SELECT * FROM "
                  "unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[])",
                  {lit(aff_rid), lit(aff_idx), lit(aff_eco), lit(aff_base), lit(aff_name)}));
  }

  VoidResult flush_kev() {
    if (kev_.empty()) return {};
    std::array<std::vector<std::string>, 11> c;
    for (const auto& [cve, e] : kev_) {
      const std::array<std::string, 11> row = {
          e.cve,        e.vendor,          e.product,    e.name,  e.date_added,
          e.due_date,   e.required_action, e.ransomware, e.notes, detail::join_lines(e.cwes),
          e.description};
      for (std::size_t i = 0; i < row.size(); ++i) c[i].push_back(row[i]);
    }
    kev_.clear();
    return done(db_.query(
        "INSERT INTO kev (cve, vendor, product, name, date_added, due_date, required_action, "
        "ransomware, notes, cwes, description) SELECT * FROM unnest($1::text[], $2::text[], "
        "$3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], "
        "$10::text[], $11::text[]) ON CONFLICT (cve) DO UPDATE SET vendor = excluded.vendor, "
        "product = excluded.product, name = excluded.name, date_added = excluded.date_added, "
        "due_date = excluded.due_date, required_action = excluded.required_action, ransomware = "
        "excluded.ransomware, notes = excluded.notes, cwes = excluded.cwes, description = "
        "excluded.description",
        {lit(c[0]), lit(c[1]), lit(c[2]), lit(c[3]), lit(c[4]), lit(c[5]), lit(c[6]), lit(c[7]),
         lit(c[8]), lit(c[9]), lit(c[10])}));
  }

  VoidResult flush_epss() {
    if (epss_.empty()) return {};
    std::vector<std::string> cves, scores, percentiles;
    for (const auto& [cve, v] : epss_) {
      cves.push_back(cve);
      scores.push_back(fmt::format("{:.17g}", v.first));
      percentiles.push_back(fmt::format("{:.17g}", v.second));
    }
    epss_.clear();
    return done(db_.query(
        "INSERT INTO epss (cve, score, percentile) SELECT * FROM unnest($1::text[], "
        "$2::float8[], $3::float8[]) ON CONFLICT (cve) DO UPDATE SET score = excluded.score, "
        "percentile = excluded.percentile",
        {lit(cves), lit(scores), lit(percentiles)}));
  }

  VoidResult write_nvd_rows(std::int64_t nid, const NvdRecord& rec) {
    if (!rec.metrics.empty()) {
      std::array<std::vector<std::string>, 5> c;
      for (const auto& m : rec.metrics) {
        c[0].push_back(m.version);
        c[1].push_back(m.vector);
        c[2].push_back(m.source);
        c[3].push_back(m.type);
        c[4].push_back(fmt::format("{:.17g}", m.nvd_base_score));
      }
      if (auto r = done(db_.query(
              "INSERT INTO nvd_metrics (nid, idx, version, vector, source, type, base_score) "
              "SELECT $1, u.n - 1, u.v, u.vec, u.src, u.t, u.s FROM unnest($2::text[], "
              "$3::text[], $4::text[], $5::text[], $6::float8[]) WITH ORDINALITY AS u (v, vec, "
              "src, t, s, n)",
              {nid, lit(c[0]), lit(c[1]), lit(c[2]), lit(c[3]), lit(c[4])}));
          !r)
        return r;
    }
    for (const auto& [table, column, values] :
         {std::tuple{"nvd_cwes", "cwe", &rec.cwes}, std::tuple{"nvd_refs", "url", &rec.references}})
      if (!values->empty())
        if (auto r = done(db_.query(fmt::format("INSERT INTO {} (nid, idx, {}) SELECT $1, u.n - "
                                                "1, u.v FROM unnest($2::text[]) WITH ORDINALITY "
                                                "AS u (v, n)",
                                                table, column),
                                    {nid, lit(*values)}));
            !r)
          return r;
    if (rec.matches.empty()) return {};
    std::vector<std::int64_t> config, node;
    std::array<std::vector<std::string>, 10> c;
    for (const auto& m : rec.matches) {
      auto vp = detail::cpe_vendor_product(m.criteria).value_or(detail::VendorProduct{});
      config.push_back(static_cast<std::int64_t>(m.config));
      node.push_back(static_cast<std::int64_t>(m.node));
      const std::array<std::string, 10> row = {m.node_operator,   m.node_negate ? "t" : "f",
                                               m.criteria,        vp.vendor,
                                               vp.product,        m.vulnerable ? "t" : "f",
                                               m.start_including, m.start_excluding,
                                               m.end_including,   m.end_excluding};
      for (std::size_t i = 0; i < row.size(); ++i) c[i].push_back(row[i]);
    }
    return done(db_.query(
        "INSERT INTO nvd_matches (nid, idx, config, node, node_operator, node_negate, criteria, "
        "vendor, product, vulnerable, start_including, start_excluding, end_including, "
        "end_excluding) SELECT $1, u.n - 1, u.config, u.node, u.op, u.neg, u.criteria, u.vendor, "
        "u.product, u.vuln, u.si, u.se, u.ei, u.ee FROM unnest($2::int[], $3::int[], $4::text[], "
        "$5::boolean[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[], "
        "$11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS u (config, node, op, neg, "
        "criteria, vendor, product, vuln, si, se, ei, ee, n)",
        {nid, lit(config), lit(node), lit(c[0]), lit(c[1]), lit(c[2]), lit(c[3]), lit(c[4]),
         lit(c[5]), lit(c[6]), lit(c[7]), lit(c[8]), lit(c[9])}));
  }

  pg::Connection& db_;
  std::unordered_map<std::string, Stored> records_, nvd_;
  std::vector<PendingRecord> pending_;
  std::set<std::string> pending_ids_;
  std::map<std::string, KevEntry> kev_;
  std::map<std::string, std::pair<double, double>> epss_;
};

class PgStore final : public Store {
 public:
  PgStore(pg::Connection c, std::string url) : db_(std::move(c)), url_(std::move(url)) {}

  Result<void> init() { return pg::migrate_component(db_, pg::SchemaComponent{"vulndb", kSteps}); }

  Result<ImportReport> import_osv(const std::vector<std::string>& paths,
                                  const ImportOptions& options) override {
    if (paths.empty()) return make_error(ErrorCode::kUsage, "no input paths to import");
    cache_.clear();  // records may be replaced
    auto tx = pg::Transaction::begin(db_);
    if (!tx) return pass_error(std::move(tx));
    if (auto l = db_.query("SELECT pg_advisory_xact_lock($1)", {kImportLock}); !l)
      return pass_error(std::move(l));
    PgImportSink sink(db_);
    if (auto r = sink.load(); !r) return std::unexpected(std::move(r).error());
    auto report = detail::import_into(sink, paths, options);
    if (!report) return report;  // the transaction rolls back
    if (auto f = sink.flush(); !f) return std::unexpected(std::move(f).error());
    if (auto c = tx->commit(); !c) return std::unexpected(std::move(c).error());
    return report;
  }

  Result<std::vector<Candidate>> find(std::string_view ecosystem_base,
                                      std::string_view name) override {
    auto many = find_many({PackageRef{std::string(ecosystem_base), std::string(name)}});
    if (!many) return pass_error(std::move(many));
    return std::move(many->front());
  }

  Result<std::vector<std::vector<Candidate>>> find_many(
      const std::vector<PackageRef>& keys) override {
    std::vector<std::vector<Candidate>> out(keys.size());
    if (keys.empty()) return out;
    std::vector<std::string> bases, names;
    for (const auto& k : keys) {
      bases.push_back(k.ecosystem_base);
      names.push_back(ecosystem::normalize_name(k.ecosystem_base, k.name));
    }
    // Every key in one query: k.n is the key's position (1-based).
    auto rows = db_.query(
        "SELECT k.n, r.id, a.idx FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k (base, "
        "name, n) JOIN affected a ON a.ecosystem_base = k.base AND a.name = k.name JOIN records "
        "r ON r.rid = a.rid WHERE r.withdrawn IS NULL ORDER BY k.n, r.id, a.idx",
        {lit(bases), lit(names)});
    if (!rows) return pass_error(std::move(rows));
    std::vector<std::string> ids;
    for (int i = 0; i < rows->size(); ++i) ids.emplace_back(rows->text(i, 1));
    if (auto f = fetch(ids); !f) return std::unexpected(std::move(f).error());
    for (int i = 0; i < rows->size(); ++i) {
      const auto key = static_cast<std::size_t>(rows->integer(i, 0) - 1);
      const std::string id(rows->text(i, 1));
      const auto idx = static_cast<std::size_t>(rows->integer(i, 2));
      const auto& rec = cache_.at(id);
      if (idx >= rec->affected.size())
        return db_error(url_ + ": record " + id + ": affected index out of range");
      out[key].push_back(Candidate{rec, idx});
    }
    return out;
  }

  Result<std::vector<std::shared_ptr<const OsvRecord>>> lookup(std::string_view id) override {
    auto rows = db_.query(
        "SELECT id FROM records WHERE id = $1 UNION SELECT r.id FROM aliases a JOIN records r ON "
        "r.rid = a.rid WHERE a.alias = $1 ORDER BY 1",
        {id});
    if (!rows) return pass_error(std::move(rows));
    std::vector<std::string> ids;
    for (int i = 0; i < rows->size(); ++i) ids.emplace_back(rows->text(i, 0));
    if (auto f = fetch(ids); !f) return std::unexpected(std::move(f).error());
    std::vector<std::shared_ptr<const OsvRecord>> out;
    for (const auto& i : ids) out.push_back(cache_.at(i));
    return out;
  }

  Result<std::vector<std::string>> ecosystems() override {
    auto rows = db_.query("SELECT DISTINCT ecosystem_base FROM affected ORDER BY 1");
    if (!rows) return pass_error(std::move(rows));
    std::vector<std::string> out;
    for (int i = 0; i < rows->size(); ++i) out.emplace_back(rows->text(i, 0));
    return out;
  }

  Result<std::size_t> record_count() override {
    auto n = db_.scalar("SELECT count(*) FROM records");
    if (!n) return pass_error(std::move(n));
    return static_cast<std::size_t>(*n);
  }

  Result<Status> status() override {
    Status out;
    out.path = pg::redacted(url_);
    auto totals = db_.query("SELECT count(*), count(withdrawn) FROM records");
    if (!totals) return pass_error(std::move(totals));
    out.records = static_cast<std::size_t>(totals->integer(0, 0));
    out.withdrawn = static_cast<std::size_t>(totals->integer(0, 1));
    // Per (ecosystem, source): the count and the `modified` of the newest record.
    auto eco = db_.query(
        "SELECT a.ecosystem, r.source, count(DISTINCT r.rid), (array_agg(r.modified ORDER BY "
        "r.modified_key DESC))[1] FROM affected a JOIN records r ON r.rid = a.rid GROUP BY "
        "a.ecosystem, r.source UNION ALL SELECT '', r.source, count(*), (array_agg(r.modified "
        "ORDER BY r.modified_key DESC))[1] FROM records r WHERE NOT EXISTS (SELECT 1 FROM "
        "affected a WHERE a.rid = r.rid) GROUP BY r.source ORDER BY 1, 2");
    if (!eco) return pass_error(std::move(eco));
    for (int i = 0; i < eco->size(); ++i)
      out.per_ecosystem.push_back(EcosystemCount{
          std::string(eco->text(i, 0)), std::string(eco->text(i, 1)),
          static_cast<std::size_t>(eco->integer(i, 2)), std::string(eco->text(i, 3))});
    auto last = db_.query("SELECT finished, sources FROM imports ORDER BY iid DESC LIMIT 1");
    if (!last) return pass_error(std::move(last));
    if (!last->empty()) {
      out.last_import = last->text(0, 0);
      out.last_import_sources = detail::lines_of(last->text(0, 1), false);
    }
    auto src = db_.query(
        "SELECT 'OSV', (SELECT count(*) FROM records), (SELECT modified FROM records ORDER BY "
        "modified_key DESC LIMIT 1) UNION ALL SELECT 'NVD', (SELECT count(*) FROM nvd_cves), "
        "(SELECT last_modified FROM nvd_cves ORDER BY modified_key DESC LIMIT 1) UNION ALL "
        "SELECT 'KEV', (SELECT count(*) FROM kev), NULL UNION ALL SELECT 'EPSS', (SELECT "
        "count(*) FROM epss), NULL");
    if (!src) return pass_error(std::move(src));
    for (int i = 0; i < src->size(); ++i)
      out.sources.push_back(SourceStatus{std::string(src->text(i, 0)),
                                         static_cast<std::size_t>(src->integer(i, 1)),
                                         std::string(src->text(i, 2)),
                                         {},
                                         {}});
    auto feeds = db_.query("SELECT name, version, published, imported_at FROM feeds");
    if (!feeds) return pass_error(std::move(feeds));
    for (int i = 0; i < feeds->size(); ++i)
      for (auto& s : out.sources) {
        if (s.name != feeds->text(i, 0)) continue;
        s.version = feeds->text(i, 1);
        if (s.newest.empty()) s.newest = feeds->text(i, 2);
        s.imported_at = feeds->text(i, 3);
      }
    return out;
  }

  Result<std::optional<KevEntry>> kev(std::string_view cve) override {
    auto r = db_.query(
        "SELECT cve, vendor, product, name, date_added, due_date, required_action, ransomware, "
        "notes, cwes, description FROM kev WHERE cve = $1",
        {detail::normalize_cve(cve)});
    if (!r) return pass_error(std::move(r));
    if (r->empty()) return std::nullopt;
    auto c = [&](int i) { return std::string(r->text(0, i)); };
    return KevEntry{c(0), c(1), c(2), c(3), c(4),
                    c(5), c(6), c(7), c(8), detail::lines_of(r->text(0, 9), false),
                    c(10)};
  }

  Result<std::optional<EpssEntry>> epss(std::string_view cve) override {
    auto r = db_.query(
        "SELECT e.cve, e.score, e.percentile, f.version, f.published FROM epss e LEFT JOIN feeds "
        "f ON f.name = 'EPSS' WHERE e.cve = $1",
        {detail::normalize_cve(cve)});
    if (!r) return pass_error(std::move(r));
    if (r->empty()) return std::nullopt;
    return EpssEntry{std::string(r->text(0, 0)), r->real(0, 1), r->real(0, 2),
                     std::string(r->text(0, 3)), std::string(r->text(0, 4))};
  }

  Result<std::vector<std::string>> epss_at_least(double score, double percentile) override {
    auto r = db_.query(
        "SELECT cve FROM epss WHERE score >= $1 AND percentile >= $2 ORDER BY cve COLLATE \"C\"",
        {score, percentile});
    if (!r) return pass_error(std::move(r));
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) out.emplace_back(r->text(i, 0));
    return out;
  }

  Result<std::optional<NvdRecord>> nvd(std::string_view cve) override {
    auto all = nvd_records({detail::normalize_cve(cve)});
    if (!all) return pass_error(std::move(all));
    if (all->empty()) return std::nullopt;
    return std::move(all->front());
  }

  Result<std::vector<NvdRecord>> nvd_by_product(std::string_view vendor,
                                                std::string_view product) override {
    auto r = db_.query(
        "SELECT DISTINCT c.cve FROM nvd_matches m JOIN nvd_cves c ON c.nid = m.nid WHERE "
        "m.vendor = $1 AND m.product = $2 AND c.status <> 'Rejected' ORDER BY c.cve",
        {to_lower(vendor), to_lower(product)});
    if (!r) return pass_error(std::move(r));
    std::vector<std::string> ids;
    for (int i = 0; i < r->size(); ++i) ids.emplace_back(r->text(i, 0));
    return nvd_records(ids);
  }

 private:
  // Parses and caches the records of `ids` that are not cached yet (one query).
  VoidResult fetch(const std::vector<std::string>& ids) {
    std::vector<std::string> missing;
    for (const auto& id : ids)
      if (!cache_.contains(id)) missing.push_back(id);
    if (missing.empty()) return {};
    auto rows =
        db_.query("SELECT id, json FROM records WHERE id = ANY ($1::text[])", {lit(missing)});
    if (!rows) return pass_error(std::move(rows));
    for (int i = 0; i < rows->size(); ++i) {
      const std::string id(rows->text(i, 0));
      auto parsed = osv::parse_json(rows->text(i, 1));
      if (!parsed)
        return db_error(url_ + ": stored record " + id +
                        " is unreadable: " + parsed.error().message);
      cache_.emplace(id, std::make_shared<const OsvRecord>(std::move(*parsed)));
    }
    for (const auto& id : missing)
      if (!cache_.contains(id)) return db_error(url_ + ": record " + id + " vanished");
    return {};
  }

  // The NVD records of `cves` (in the order given; absent ones skipped), children included, in
  // five queries whatever their number.
  Result<std::vector<NvdRecord>> nvd_records(const std::vector<std::string>& cves) {
    std::vector<NvdRecord> out;
    if (cves.empty()) return out;
    auto r = db_.query(
        "SELECT c.nid, c.cve, c.description, c.published, c.last_modified, c.status, "
        "c.config_operators FROM unnest($1::text[]) WITH ORDINALITY AS k (cve, n) JOIN nvd_cves "
        "c ON c.cve = k.cve ORDER BY k.n",
        {lit(cves)});
    if (!r) return pass_error(std::move(r));
    std::map<std::int64_t, std::size_t> at;  // nid -> index in out
    std::vector<std::int64_t> nids;
    for (int i = 0; i < r->size(); ++i) {
      NvdRecord rec;
      rec.cve = r->text(i, 1);
      rec.description = r->text(i, 2);
      rec.published = r->text(i, 3);
      rec.last_modified = r->text(i, 4);
      rec.status = r->text(i, 5);
      rec.config_operators = detail::lines_of(r->text(i, 6), true);  // each ends with '\n'
      if (!rec.config_operators.empty()) rec.config_operators.pop_back();
      at[r->integer(i, 0)] = out.size();
      nids.push_back(r->integer(i, 0));
      out.push_back(std::move(rec));
    }
    const std::string nid_list = lit(nids);
    auto m = db_.query(
        "SELECT nid, version, vector, source, type, base_score FROM nvd_metrics WHERE nid = ANY "
        "($1::bigint[]) ORDER BY nid, idx",
        {nid_list});
    if (!m) return pass_error(std::move(m));
    for (int i = 0; i < m->size(); ++i)
      out[at[m->integer(i, 0)]].metrics.push_back(
          CvssMetric{std::string(m->text(i, 1)), std::string(m->text(i, 2)),
                     std::string(m->text(i, 3)), std::string(m->text(i, 4)), m->real(i, 5)});
    auto w =
        db_.query("SELECT nid, cwe FROM nvd_cwes WHERE nid = ANY ($1::bigint[]) ORDER BY nid, idx",
                  {nid_list});
    if (!w) return pass_error(std::move(w));
    for (int i = 0; i < w->size(); ++i) out[at[w->integer(i, 0)]].cwes.emplace_back(w->text(i, 1));
    auto f =
        db_.query("SELECT nid, url FROM nvd_refs WHERE nid = ANY ($1::bigint[]) ORDER BY nid, idx",
                  {nid_list});
    if (!f) return pass_error(std::move(f));
    for (int i = 0; i < f->size(); ++i)
      out[at[f->integer(i, 0)]].references.emplace_back(f->text(i, 1));
    auto x = db_.query(
        "SELECT nid, config, node, node_operator, node_negate, criteria, vulnerable, "
        "start_including, start_excluding, end_including, end_excluding FROM nvd_matches WHERE "
        "nid = ANY ($1::bigint[]) ORDER BY nid, idx",
        {nid_list});
    if (!x) return pass_error(std::move(x));
    for (int i = 0; i < x->size(); ++i) {
      auto t = [&](int c) { return std::string(x->text(i, c)); };
      out[at[x->integer(i, 0)]].matches.push_back(NvdCpeMatch{
          static_cast<std::size_t>(x->integer(i, 1)), static_cast<std::size_t>(x->integer(i, 2)),
          t(3), x->boolean(i, 4), t(5), x->boolean(i, 6), t(7), t(8), t(9), t(10)});
    }
    return out;
  }

  pg::Connection db_;
  std::string url_;
  std::unordered_map<std::string, std::shared_ptr<const OsvRecord>> cache_;
};

}  // namespace

Result<std::unique_ptr<Store>> Store::open_postgresql(const std::string& url) {
  return pg::open_store<PgStore, Store>(url, url);
}

}  // namespace bulwark::vulndb
