// PostgreSQL implementation of vulndb::Store (issue 16): the tables of schema.cpp, written by the
// same importer (import_sink.hpp) inside one transaction, so an error, a --strict failure, a
// crash or a kill leaves the previous contents intact. Imports take a transaction-scoped
// advisory lock (one import at a time across hosts) and keep round trips few on a networked
// database: the stored ids with their modified keys are read once; OSV records with their
// aliases and packages, NVD CVEs with their metrics, CWEs, references and CPE matches, KEV and
// EPSS rows are streamed in batches with COPY FROM STDIN into temporary staging tables and merged
// into the real tables by one statement per batch. Lookups are batched
// too: find_many answers every package in one query and fetches the records it names in one
// more. Component "vulndb" of the PostgreSQL migrations (pg/migrate.hpp).
#include <fmt/format.h>

#include <array>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
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

// An import copies OSV records, KEV and EPSS rows in batches: a batch of records ends at
// kBatchRecords records or kBatchBytes bytes of COPY text, whichever comes first.
constexpr std::size_t kBatchRecords = 5000;
constexpr std::size_t kBatchBytes = std::size_t{16} << 20;
constexpr std::size_t kBatchRows = 10000;  // KEV / EPSS rows
// The advisory lock of imports ("vulndb" in ASCII): one import at a time.
constexpr std::int64_t kImportLock = 0x76756c6e6462;

// The staging tables of an import: temporary (private to the import's session), created inside
// the import's transaction and dropped at its commit or rollback. Each batch is copied in with
// COPY FROM STDIN, merged into the real tables and the staging tables emptied.
constexpr std::string_view kStaging = R"sql(
CREATE TEMP TABLE import_records (
  id           TEXT COLLATE "C" NOT NULL,
  source       TEXT COLLATE "C" NOT NULL,
  modified     TEXT NOT NULL,
  modified_key TEXT COLLATE "C" NOT NULL,
  published    TEXT,
  withdrawn    TEXT,
  json         TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_aliases (
  id    TEXT COLLATE "C" NOT NULL,
  alias TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_affected (
  id             TEXT COLLATE "C" NOT NULL,
  idx            INTEGER NOT NULL,
  ecosystem      TEXT COLLATE "C" NOT NULL,
  ecosystem_base TEXT COLLATE "C" NOT NULL,
  name           TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_nvd (
  cve              TEXT COLLATE "C" NOT NULL,
  description      TEXT NOT NULL,
  published        TEXT NOT NULL,
  last_modified    TEXT NOT NULL,
  modified_key     TEXT COLLATE "C" NOT NULL,
  status           TEXT NOT NULL,
  config_operators TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_nvd_metrics (
  cve TEXT COLLATE "C" NOT NULL, idx INTEGER NOT NULL, version TEXT NOT NULL,
  vector TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL,
  base_score DOUBLE PRECISION NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_nvd_cwes (
  cve TEXT COLLATE "C" NOT NULL, idx INTEGER NOT NULL, cwe TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_nvd_refs (
  cve TEXT COLLATE "C" NOT NULL, idx INTEGER NOT NULL, url TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_nvd_matches (
  cve TEXT COLLATE "C" NOT NULL, idx INTEGER NOT NULL, config INTEGER NOT NULL,
  node INTEGER NOT NULL, node_operator TEXT NOT NULL, node_negate BOOLEAN NOT NULL,
  criteria TEXT NOT NULL, vendor TEXT NOT NULL, product TEXT NOT NULL,
  vulnerable BOOLEAN NOT NULL, start_including TEXT NOT NULL, start_excluding TEXT NOT NULL,
  end_including TEXT NOT NULL, end_excluding TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE import_kev (LIKE kev) ON COMMIT DROP;
CREATE TEMP TABLE import_epss (LIKE epss) ON COMMIT DROP;
)sql";

// One statement writes a batch of records with their aliases and packages (the children join
// the new rids returned by the records' INSERT), then the staging tables are emptied.
constexpr std::string_view kMergeRecords = R"sql(
WITH ins AS (
  INSERT INTO records (id, source, modified, modified_key, published, withdrawn, json)
  SELECT id, source, modified, modified_key, published, withdrawn, json FROM pg_temp.import_records
  RETURNING rid, id
), al AS (
  INSERT INTO aliases (rid, alias)
  SELECT ins.rid, s.alias FROM pg_temp.import_aliases s JOIN ins ON ins.id = s.id
)
INSERT INTO affected (rid, idx, ecosystem, ecosystem_base, name)
SELECT ins.rid, s.idx, s.ecosystem, s.ecosystem_base, s.name
FROM pg_temp.import_affected s JOIN ins ON ins.id = s.id;
TRUNCATE pg_temp.import_records, pg_temp.import_aliases, pg_temp.import_affected;
)sql";

// The same for a batch of NVD CVEs: the CVEs, then their metrics, CWEs, references and CPE
// matches joined to the new nids.
constexpr std::string_view kMergeNvd = R"sql(
WITH ins AS (
  INSERT INTO nvd_cves (cve, description, published, last_modified, modified_key, status,
                        config_operators)
  SELECT cve, description, published, last_modified, modified_key, status, config_operators
  FROM pg_temp.import_nvd
  RETURNING nid, cve
), m AS (
  INSERT INTO nvd_metrics (nid, idx, version, vector, source, type, base_score)
  SELECT ins.nid, s.idx, s.version, s.vector, s.source, s.type, s.base_score
  FROM pg_temp.import_nvd_metrics s JOIN ins ON ins.cve = s.cve
), w AS (
  INSERT INTO nvd_cwes (nid, idx, cwe)
  SELECT ins.nid, s.idx, s.cwe FROM pg_temp.import_nvd_cwes s JOIN ins ON ins.cve = s.cve
), r AS (
  INSERT INTO nvd_refs (nid, idx, url)
  SELECT ins.nid, s.idx, s.url FROM pg_temp.import_nvd_refs s JOIN ins ON ins.cve = s.cve
)
INSERT INTO nvd_matches (nid, idx, config, node, node_operator, node_negate, criteria, vendor,
                         product, vulnerable, start_including, start_excluding, end_including,
                         end_excluding)
SELECT ins.nid, s.idx, s.config, s.node, s.node_operator, s.node_negate, s.criteria, s.vendor,
       s.product, s.vulnerable, s.start_including, s.start_excluding, s.end_including,
       s.end_excluding
FROM pg_temp.import_nvd_matches s JOIN ins ON ins.cve = s.cve;
TRUNCATE pg_temp.import_nvd, pg_temp.import_nvd_metrics, pg_temp.import_nvd_cwes,
         pg_temp.import_nvd_refs, pg_temp.import_nvd_matches;
)sql";

constexpr std::string_view kMergeKev = R"sql(
INSERT INTO kev (cve, vendor, product, name, date_added, due_date, required_action, ransomware,
                 notes, cwes, description)
SELECT cve, vendor, product, name, date_added, due_date, required_action, ransomware, notes, cwes,
       description FROM pg_temp.import_kev
ON CONFLICT (cve) DO UPDATE SET vendor = excluded.vendor, product = excluded.product,
  name = excluded.name, date_added = excluded.date_added, due_date = excluded.due_date,
  required_action = excluded.required_action, ransomware = excluded.ransomware,
  notes = excluded.notes, cwes = excluded.cwes, description = excluded.description;
TRUNCATE pg_temp.import_kev;
)sql";

constexpr std::string_view kMergeEpss = R"sql(
INSERT INTO epss (cve, score, percentile) SELECT cve, score, percentile FROM pg_temp.import_epss
ON CONFLICT (cve) DO UPDATE SET score = excluded.score, percentile = excluded.percentile;
TRUNCATE pg_temp.import_epss;
)sql";

std::string lit(const std::vector<std::string>& v) { return pg::array_literal(v); }
std::string lit(const std::vector<std::int64_t>& v) { return pg::array_literal(v); }

// `text` with NUL bytes shown as \0 (for error messages).
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\0')
      out += "\\0";
    else
      out += c;
  }
  return out;
}

// One field of a COPY row: NULL when `null_if_empty` and the value is empty.
struct Field {
  std::string_view name;
  std::string_view value;
  bool null_if_empty = false;
};

// Appends one row of COPY text (fields separated by tabs, ended by a newline) to `out`. A value
// with a NUL byte, which PostgreSQL text cannot store, is an error naming `what` and the field
// (and `out` is left as it was).
VoidResult append_row(std::string& out, std::string_view what,
                      std::initializer_list<Field> fields) {
  const std::size_t mark = out.size();
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += '\t';
    first = false;
    if (f.null_if_empty && f.value.empty()) {
      pg::copy_null(out);
      continue;
    }
    if (!pg::copy_field(out, f.value)) {
      out.resize(mark);
      return make_error(
          ErrorCode::kUnsupported,
          fmt::format("{}: {} contains a NUL byte, which a PostgreSQL database cannot "
                      "store",
                      printable(what), f.name));
    }
  }
  out += '\n';
  return {};
}

class PgImportSink final : public detail::ImportSink {
 public:
  explicit PgImportSink(pg::Connection& db) : db_(db) {}

  // Reads the stored ids and their modified keys (one query each for OSV and NVD).
  VoidResult load() {
    auto r = db_.query("SELECT id, modified_key FROM records");
    if (!r) return pass_error(std::move(r));
    for (int i = 0; i < r->size(); ++i)
      records_.emplace(std::string(r->text(i, 0)), Stored{0, std::string(r->text(i, 1))});
    auto n = db_.query("SELECT cve, nid, modified_key FROM nvd_cves");
    if (!n) return pass_error(std::move(n));
    for (int i = 0; i < n->size(); ++i)
      nvd_.emplace(std::string(n->text(i, 0)),
                   Stored{n->integer(i, 1), std::string(n->text(i, 2))});
    return {};
  }

  Result<WriteOutcome> upsert_record(const RecordRow& row) override {
    // A record seen twice in one batch: the first is written before the second is weighed.
    if (batch_ids_.contains(row.id))
      if (auto f = flush_records(); !f) return std::unexpected(std::move(f).error());
    auto it = records_.find(row.id);
    WriteOutcome outcome = WriteOutcome::kInserted;
    if (it != records_.end()) {
      if (!(row.modified_key > it->second.modified_key)) return WriteOutcome::kUnchanged;
      outcome = WriteOutcome::kUpdated;
    }
    const std::string what = "OSV record " + row.id;
    if (auto r = append_row(rec_rows_, what,
                            {{"id", row.id},
                             {"the source", row.source},
                             {"modified", row.modified},
                             {"modified", row.modified_key},
                             {"published", row.published, true},
                             {"withdrawn", row.withdrawn, true},
                             {"the record", row.json}});
        !r)
      return std::unexpected(std::move(r).error());
    for (const auto& a : row.aliases)
      if (auto r = append_row(alias_rows_, what, {{"id", row.id}, {"an alias", a}}); !r)
        return std::unexpected(std::move(r).error());
    for (const auto& a : row.affected) {
      const std::string idx = std::to_string(a.index);
      if (auto r = append_row(affected_rows_, what,
                              {{"id", row.id},
                               {"affected index", idx},
                               {"an affected ecosystem", a.ecosystem},
                               {"an affected ecosystem", a.ecosystem_base},
                               {"an affected package name", a.name}});
          !r)
        return std::unexpected(std::move(r).error());
    }
    if (outcome == WriteOutcome::kUpdated) replaced_.push_back(row.id);
    batch_ids_.insert(row.id);
    records_[row.id] = Stored{0, row.modified_key};
    if (batch_ids_.size() >= kBatchRecords ||
        rec_rows_.size() + alias_rows_.size() + affected_rows_.size() >= kBatchBytes)
      if (auto f = flush_records(); !f) return std::unexpected(std::move(f).error());
    return outcome;
  }

  VoidResult clear_kev() override {
    kev_.clear();
    return done(db_.query("DELETE FROM kev"));
  }
  VoidResult write_kev(const KevEntry& e) override {
    kev_[e.cve] = e;  // the last entry of a CVE wins, as INSERT OR REPLACE
    return kev_.size() >= kBatchRows ? flush_kev() : VoidResult{};
  }
  VoidResult clear_epss() override {
    epss_.clear();
    return done(db_.query("DELETE FROM epss"));
  }
  VoidResult write_epss(const EpssRow& row) override {
    epss_[std::string(row.cve)] = {row.score, row.percentile};
    return epss_.size() >= kBatchRows ? flush_epss() : VoidResult{};
  }

  Result<WriteOutcome> write_nvd(const NvdRecord& rec) override {
    // A CVE seen twice in one batch: the first is written before the second is weighed.
    if (nvd_batch_.contains(rec.cve))
      if (auto f = flush_nvd(); !f) return std::unexpected(std::move(f).error());
    const std::string key = detail::nvd_time_key(rec.last_modified);
    WriteOutcome outcome = WriteOutcome::kInserted;
    if (auto it = nvd_.find(rec.cve); it != nvd_.end()) {
      if (!(key > it->second.modified_key)) return WriteOutcome::kUnchanged;
      outcome = WriteOutcome::kUpdated;
    }
    if (auto r = append_nvd_rows(rec, key); !r) return std::unexpected(std::move(r).error());
    if (outcome == WriteOutcome::kUpdated) nvd_replaced_.push_back(rec.cve);
    nvd_batch_.insert(rec.cve);
    nvd_[rec.cve] = Stored{0, key};
    if (nvd_batch_.size() >= kBatchRecords || nvd_bytes() >= kBatchBytes)
      if (auto f = flush_nvd(); !f) return std::unexpected(std::move(f).error());
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
    if (auto f = flush_nvd(); !f) return f;
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

  // Creates the staging tables on the first batch of the import.
  VoidResult staging() {
    if (staged_) return {};
    if (auto r = db_.exec(kStaging); !r) return r;
    staged_ = true;
    return {};
  }

  // Streams `rows` (COPY text) into the staging table `table` and empties `rows`.
  VoidResult copy_in(std::string_view table, std::string& rows) {
    if (rows.empty()) return {};
    auto copy = pg::CopyIn::start(db_, fmt::format("COPY pg_temp.{} FROM STDIN", table));
    if (!copy) return pass_error(std::move(copy));
    copy->buffer().swap(rows);
    rows.clear();
    auto n = copy->finish();
    if (!n) return pass_error(std::move(n));
    return {};
  }

  // Writes the batch of records: copied into the staging tables, the replaced records deleted
  // (their aliases and packages cascade), then one statement inserts records, aliases and
  // packages.
  VoidResult flush_records() {
    if (batch_ids_.empty()) return {};
    if (auto r = staging(); !r) return r;
    if (auto r = copy_in("import_records", rec_rows_); !r) return r;
    if (auto r = copy_in("import_aliases", alias_rows_); !r) return r;
    if (auto r = copy_in("import_affected", affected_rows_); !r) return r;
    if (!replaced_.empty())
      if (auto d =
              done(db_.query("DELETE FROM records WHERE id = ANY ($1::text[])", {lit(replaced_)}));
          !d)
        return d;
    replaced_.clear();
    batch_ids_.clear();
    return db_.exec(kMergeRecords);
  }

  VoidResult flush_kev() {
    if (kev_.empty()) return {};
    if (auto r = staging(); !r) return r;
    std::string rows;
    for (const auto& [cve, e] : kev_) {
      const std::string cwes = detail::join_lines(e.cwes);
      if (auto r = append_row(rows, "KEV entry " + e.cve,
                              {{"cveID", e.cve},
                               {"vendorProject", e.vendor},
                               {"product", e.product},
                               {"vulnerabilityName", e.name},
                               {"dateAdded", e.date_added},
                               {"dueDate", e.due_date},
                               {"requiredAction", e.required_action},
                               {"knownRansomwareCampaignUse", e.ransomware},
                               {"notes", e.notes},
                               {"cwes", cwes},
                               {"shortDescription", e.description}});
          !r)
        return r;
    }
    kev_.clear();
    if (auto r = copy_in("import_kev", rows); !r) return r;
    return db_.exec(kMergeKev);
  }

  VoidResult flush_epss() {
    if (epss_.empty()) return {};
    if (auto r = staging(); !r) return r;
    std::string rows;
    for (const auto& [cve, v] : epss_) {
      const std::string score = fmt::format("{:.17g}", v.first);
      const std::string percentile = fmt::format("{:.17g}", v.second);
      if (auto r = append_row(rows, "EPSS row " + cve,
                              {{"cve", cve}, {"epss", score}, {"percentile", percentile}});
          !r)
        return r;
    }
    epss_.clear();
    if (auto r = copy_in("import_epss", rows); !r) return r;
    return db_.exec(kMergeEpss);
  }

  // The COPY rows of one NVD CVE and its children (nothing is appended when a field holds a NUL
  // byte: the import fails naming the CVE and the field).
  VoidResult append_nvd_rows(const NvdRecord& rec, const std::string& key) {
    const std::string what = "NVD record " + rec.cve;
    const std::size_t marks[] = {nvd_rows_.size(), nvd_metric_rows_.size(), nvd_cwe_rows_.size(),
                                 nvd_ref_rows_.size(), nvd_match_rows_.size()};
    auto r = [&]() -> VoidResult {
      const std::string operators = detail::terminated_lines(rec.config_operators);
      if (auto x = append_row(nvd_rows_, what,
                              {{"cve", rec.cve},
                               {"the description", rec.description},
                               {"published", rec.published},
                               {"lastModified", rec.last_modified},
                               {"lastModified", key},
                               {"vulnStatus", rec.status},
                               {"the configurations", operators}});
          !x)
        return x;
      for (std::size_t i = 0; i < rec.metrics.size(); ++i) {
        const auto& m = rec.metrics[i];
        const std::string idx = std::to_string(i), score = fmt::format("{:.17g}", m.nvd_base_score);
        if (auto x = append_row(nvd_metric_rows_, what,
                                {{"cve", rec.cve},
                                 {"metric index", idx},
                                 {"a metric version", m.version},
                                 {"a vector", m.vector},
                                 {"a metric source", m.source},
                                 {"a metric type", m.type},
                                 {"a base score", score}});
            !x)
          return x;
      }
      for (std::size_t i = 0; i < rec.cwes.size(); ++i)
        if (auto x = append_row(
                nvd_cwe_rows_, what,
                {{"cve", rec.cve}, {"index", std::to_string(i)}, {"a CWE", rec.cwes[i]}});
            !x)
          return x;
      for (std::size_t i = 0; i < rec.references.size(); ++i)
        if (auto x = append_row(nvd_ref_rows_, what,
                                {{"cve", rec.cve},
                                 {"index", std::to_string(i)},
                                 {"a reference", rec.references[i]}});
            !x)
          return x;
      for (std::size_t i = 0; i < rec.matches.size(); ++i) {
        const auto& m = rec.matches[i];
        auto vp = detail::cpe_vendor_product(m.criteria).value_or(detail::VendorProduct{});
        const std::string idx = std::to_string(i), config = std::to_string(m.config),
                          node = std::to_string(m.node);
        if (auto x = append_row(nvd_match_rows_, what,
                                {{"cve", rec.cve},
                                 {"match index", idx},
                                 {"a configuration", config},
                                 {"a node", node},
                                 {"a node operator", m.node_operator},
                                 {"negate", m.node_negate ? "t" : "f"},
                                 {"a match criteria", m.criteria},
                                 {"a CPE vendor", vp.vendor},
                                 {"a CPE product", vp.product},
                                 {"vulnerable", m.vulnerable ? "t" : "f"},
                                 {"versionStartIncluding", m.start_including},
                                 {"versionStartExcluding", m.start_excluding},
                                 {"versionEndIncluding", m.end_including},
                                 {"versionEndExcluding", m.end_excluding}});
            !x)
          return x;
      }
      return {};
    }();
    if (!r) {  // the CVE is written whole or not at all
      nvd_rows_.resize(marks[0]);
      nvd_metric_rows_.resize(marks[1]);
      nvd_cwe_rows_.resize(marks[2]);
      nvd_ref_rows_.resize(marks[3]);
      nvd_match_rows_.resize(marks[4]);
    }
    return r;
  }

  std::size_t nvd_bytes() const {
    return nvd_rows_.size() + nvd_metric_rows_.size() + nvd_cwe_rows_.size() +
           nvd_ref_rows_.size() + nvd_match_rows_.size();
  }

  // Writes the batch of NVD CVEs as flush_records does for OSV records: COPY into the staging
  // tables, the replaced CVEs deleted (their rows cascade), one merge statement.
  VoidResult flush_nvd() {
    if (nvd_batch_.empty()) return {};
    if (auto r = staging(); !r) return r;
    if (auto r = copy_in("import_nvd", nvd_rows_); !r) return r;
    if (auto r = copy_in("import_nvd_metrics", nvd_metric_rows_); !r) return r;
    if (auto r = copy_in("import_nvd_cwes", nvd_cwe_rows_); !r) return r;
    if (auto r = copy_in("import_nvd_refs", nvd_ref_rows_); !r) return r;
    if (auto r = copy_in("import_nvd_matches", nvd_match_rows_); !r) return r;
    if (!nvd_replaced_.empty())
      if (auto d = done(
              db_.query("DELETE FROM nvd_cves WHERE cve = ANY ($1::text[])", {lit(nvd_replaced_)}));
          !d)
        return d;
    nvd_replaced_.clear();
    nvd_batch_.clear();
    return db_.exec(kMergeNvd);
  }

  pg::Connection& db_;
  std::unordered_map<std::string, Stored> records_, nvd_;
  // The batch of records: its COPY rows per staging table, its ids and the replaced ones.
  std::string rec_rows_, alias_rows_, affected_rows_;
  std::unordered_set<std::string> batch_ids_;
  std::vector<std::string> replaced_;
  // The batch of NVD CVEs, the same way.
  std::string nvd_rows_, nvd_metric_rows_, nvd_cwe_rows_, nvd_ref_rows_, nvd_match_rows_;
  std::unordered_set<std::string> nvd_batch_;
  std::vector<std::string> nvd_replaced_;
  bool staged_ = false;  // the staging tables exist
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

  Result<bool> has_nvd() override {
    auto n = db_.scalar("SELECT count(*) FROM (SELECT 1 FROM nvd_cves LIMIT 1) AS one");
    if (!n) return pass_error(std::move(n));
    return *n != 0;
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
  // Parses and caches the records of `ids` that are not cached yet (one query). The parsed
  // records are kept across calls until an import (by any connection on any host: a row in
  // `imports`) commits: a long-lived store (a server's worker) must not match against records
  // another worker's `db update` replaced.
  VoidResult fetch(const std::vector<std::string>& ids) {
    auto gen = db_.query("SELECT coalesce(max(iid), 0) FROM imports");
    if (!gen) return pass_error(std::move(gen));
    if (const std::int64_t g = gen->integer(0, 0); g != cache_generation_) {
      cache_.clear();
      cache_generation_ = g;
    }
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
  std::int64_t cache_generation_ = -1;  // the last import's id when cache_ was checked
};

}  // namespace

Result<std::unique_ptr<Store>> Store::open_postgresql(const std::string& url) {
  return pg::open_store<PgStore, Store>(url, url);
}

}  // namespace bulwark::vulndb
