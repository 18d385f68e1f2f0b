// SQLite implementation of the portfolio store. Its tables live in the same database file as the
// vulnerability data (one --db for everything); the schema is versioned by the shared migration
// mechanism (vulndb/migrate.hpp, component "portfolio"; files from before it kept the version in
// portfolio_meta, which legacy_version reads). The analysis history is append-only, enforced by
// triggers, so no code path can rewrite it. The store reads and persists rows only: which findings
// are new, changed, reopened or resolved is decided by the service (service/findings_sync).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "bulwark/core/text.hpp"
#include "bulwark/notify/outbox.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/rows.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/vulndb/migrate.hpp"
#include "bulwark/vulndb/sqlite.hpp"

namespace bulwark::portfolio {
namespace {

using detail::split_ids;
using vulndb::detail::Database;
using vulndb::detail::Statement;
using vulndb::detail::Transaction;
// The shared row mappers (portfolio/rows.hpp) for SQLite rows.
constexpr auto read_product = detail::read_product<Statement>;
constexpr auto read_release = detail::read_release<Statement>;
constexpr auto read_finding = detail::read_finding<Statement>;
constexpr auto read_analysis = detail::read_analysis<Statement>;
constexpr auto read_analysis_record = detail::read_analysis_record<Statement>;

// Version 0 -> 1: the tables as first released.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS product (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  vendor           TEXT NOT NULL DEFAULT '',
  cra_class        TEXT NOT NULL DEFAULT 'default',
  security_contact TEXT NOT NULL DEFAULT '',
  website          TEXT NOT NULL DEFAULT '',
  support_years    INTEGER NOT NULL DEFAULT 5,
  description      TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS release (
  id                INTEGER PRIMARY KEY,
  product_id        INTEGER NOT NULL REFERENCES product(id),
  version           TEXT NOT NULL,
  released_at       TEXT NOT NULL DEFAULT '',
  support_end       TEXT NOT NULL DEFAULT '',
  support_rationale TEXT NOT NULL DEFAULT '',
  sbom_name         TEXT NOT NULL DEFAULT '',
  sbom_format       TEXT NOT NULL DEFAULT '',
  sbom_sha256       TEXT NOT NULL DEFAULT '',
  sbom_original     BLOB NOT NULL,            -- the SBOM as imported, byte for byte
  sbom_stored       TEXT NOT NULL,            -- as stored: CycloneDX 1.6 JSON written by Bulwark
  components        INTEGER NOT NULL,
  created_at        TEXT NOT NULL,
  UNIQUE (product_id, version)
);
CREATE TABLE IF NOT EXISTS occurrence (
  release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
  bom_ref    TEXT NOT NULL,
  name       TEXT NOT NULL,
  version    TEXT NOT NULL,
  purl       TEXT NOT NULL,
  identity   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS occurrence_release ON occurrence(release_id);
CREATE INDEX IF NOT EXISTS occurrence_identity ON occurrence(identity);
CREATE TABLE IF NOT EXISTS finding (
  id              INTEGER PRIMARY KEY,
  release_id      INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
  component_key   TEXT NOT NULL,
  component_label TEXT NOT NULL,
  purl            TEXT NOT NULL,
  identity        TEXT NOT NULL,
  vuln_id         TEXT NOT NULL,
  aliases         TEXT NOT NULL,             -- space-separated
  severity        TEXT NOT NULL,
  priority        TEXT NOT NULL,
  kev             INTEGER NOT NULL,
  fingerprint     TEXT NOT NULL,
  first_seen      TEXT NOT NULL,
  last_seen       TEXT NOT NULL,             -- for resolved findings; open ones: release.last_matched
  resolved_at     TEXT NOT NULL DEFAULT ''   -- '' while open
);
CREATE INDEX IF NOT EXISTS finding_release ON finding(release_id, resolved_at);
CREATE TABLE IF NOT EXISTS finding_event (
  finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,                  -- changed, resolved, reopened (new = finding.first_seen)
  detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS finding_event_finding ON finding_event(finding_id);
CREATE TABLE IF NOT EXISTS analysis (
  id               INTEGER PRIMARY KEY,
  product_id       INTEGER NOT NULL REFERENCES product(id),
  identity         TEXT NOT NULL,
  vuln_key         TEXT NOT NULL,            -- preferred id of the group: the uniqueness key
  vuln_ids         TEXT NOT NULL,            -- space-separated alias group
  versions         TEXT NOT NULL DEFAULT '',
  state            TEXT NOT NULL,
  justification    TEXT NOT NULL DEFAULT '',
  responses        TEXT NOT NULL DEFAULT '', -- space-separated
  detail           TEXT NOT NULL DEFAULT '',
  action_statement TEXT NOT NULL DEFAULT '',
  author           TEXT NOT NULL DEFAULT '',
  timestamp        TEXT NOT NULL,
  origin           TEXT NOT NULL DEFAULT '',
  source           TEXT NOT NULL DEFAULT '',
  UNIQUE (product_id, identity, vuln_key, versions)
);
CREATE INDEX IF NOT EXISTS analysis_product ON analysis(product_id);
CREATE TABLE IF NOT EXISTS analysis_history (
  id               INTEGER PRIMARY KEY,
  analysis_id      INTEGER NOT NULL REFERENCES analysis(id),
  product_id       INTEGER NOT NULL,
  recorded_at      TEXT NOT NULL,
  identity         TEXT NOT NULL,
  vuln_ids         TEXT NOT NULL,
  versions         TEXT NOT NULL,
  state            TEXT NOT NULL,
  justification    TEXT NOT NULL,
  responses        TEXT NOT NULL,
  detail           TEXT NOT NULL,
  action_statement TEXT NOT NULL,
  author           TEXT NOT NULL,
  origin           TEXT NOT NULL,
  source           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS analysis_history_product ON analysis_history(product_id);
CREATE TRIGGER IF NOT EXISTS analysis_history_append_only_u BEFORE UPDATE ON analysis_history
  BEGIN SELECT RAISE(ABORT, 'analysis_history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS analysis_history_append_only_d BEFORE DELETE ON analysis_history
  BEGIN SELECT RAISE(ABORT, 'analysis_history is append-only'); END;
CREATE TABLE IF NOT EXISTS advisory (
  tracking_id          TEXT PRIMARY KEY,
  product_id           INTEGER NOT NULL REFERENCES product(id),
  current_release_date TEXT NOT NULL,
  json                 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS monitor_run (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  releases INTEGER NOT NULL,
  added    INTEGER NOT NULL,
  changed  INTEGER NOT NULL,
  resolved INTEGER NOT NULL
);
)sql";

// Version 1 -> 2: open findings take their last_seen from the release's last match, and a sync
// whose open findings did not change is one UPDATE (findings_digest: the service's digest).
constexpr std::string_view kMigrate1to2 =
    "ALTER TABLE release ADD COLUMN last_matched TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE release ADD COLUMN findings_digest TEXT NOT NULL DEFAULT ''";

// Version 2 -> 3: the number of open findings kept on the release by every write, so the first
// page of a release's findings needs no count over its rows (-1: not known, counted instead).
constexpr std::string_view kMigrate2to3 =
    "ALTER TABLE release ADD COLUMN open_findings INTEGER NOT NULL DEFAULT -1;"
    "UPDATE release SET open_findings = (SELECT count(*) FROM finding f WHERE f.release_id = "
    "release.id AND f.resolved_at = '')";

// Version 3 -> 4: indexes of the dashboard's grid filters over open findings (issue 12): the
// analysis-state filter (component identities of a release), the grid grouped by vulnerability
// and the EPSS filter (preferred vulnerability id), and the overview's aggregate (a covering
// index: release, first seen, resolution, priority, KEV).
constexpr std::string_view kMigrate3to4 =
    "CREATE INDEX IF NOT EXISTS finding_open_identity ON finding(release_id, identity) WHERE "
    "resolved_at = '';"
    "CREATE INDEX IF NOT EXISTS finding_open_vuln ON finding(vuln_id, release_id) WHERE "
    "resolved_at = '';"
    "CREATE INDEX IF NOT EXISTS finding_lifetime ON finding(release_id, first_seen, resolved_at, "
    "priority, kev)";

// Version 4 -> 5: why a finding has its priority (the risk policy's rule and any class or
// exposure adjustment, issue 17).
constexpr std::string_view kMigrate4to5 =
    "ALTER TABLE finding ADD COLUMN priority_reason TEXT NOT NULL DEFAULT ''";

constexpr std::string_view kSteps[] = {kSchemaV1, kMigrate1to2, kMigrate2to3, kMigrate3to4,
                                       kMigrate4to5};

// A JSON array of strings or numbers, bound as one parameter and read with json_each.
std::string json_array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (unsigned char c : v[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        out += fmt::format("\\u{:04x}", c);
      } else {
        out += static_cast<char>(c);
      }
    }
    out += '"';
  }
  return out + "]";
}
std::string json_array(const std::vector<std::int64_t>& v) {
  return "[" + fmt::format("{}", fmt::join(v, ",")) + "]";
}

// Files written before the shared mechanism: portfolio_meta('schema') holds the version.
Result<int> legacy_portfolio_version(Database& db) {
  auto has = db.prepare(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'portfolio_meta'");
  if (!has) return std::unexpected(has.error());
  auto row = has->step();
  if (!row) return std::unexpected(row.error());
  if (has->integer(0) == 0) return 0;
  auto st = db.prepare("SELECT value FROM portfolio_meta WHERE key = 'schema'");
  if (!st) return std::unexpected(st.error());
  auto r = st->step();
  if (!r) return std::unexpected(r.error());
  if (!*r) return 0;
  const std::string v(st->text(0));
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
    return db_error(
        fmt::format("{}: portfolio_meta schema value '{}' is not a version", db.path(), v));
  return std::atoi(v.c_str());
}

template <class T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Result<void> init() {
    // A release's findings are written in one transaction (tens of thousands of rows with their
    // indexes and notification events): with SQLite's default 2 MB page cache the transaction
    // spills dirty pages to the WAL and reads them back. Pages are allocated only as used.
    // The checkpoint after such a transaction (copying ~100 MB into the database file and
    // syncing it, 0.15-0.3 s) is left to the next small commit on the file, usually the job's
    // completion in another connection, which commits first (the findings are visible before
    // the copy) and then checkpoints; up to 256 MiB of WAL (65,536 pages), after which this
    // connection checkpoints itself as before. The last connection to close checkpoints too.
    if (auto r = db_.exec(
            "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
            "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 65536");
        !r)
      return std::unexpected(r.error());
    const vulndb::detail::SchemaComponent component{"portfolio", kSteps, legacy_portfolio_version};
    if (auto r = vulndb::detail::migrate_component(db_, component); !r) return r;
    return notify::detail::migrate(db_);  // the outbox written by write_findings
  }

  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    return vulndb::detail::run_in_transaction(db_, in_tx_, fn);
  }

  // ---- products ----

  Result<Product> add_product(const Product& p) override {
    if (auto existing = product(p.name); !existing) {
      return fail<Product>(existing.error());
    } else if (*existing) {
      return conflict(fmt::format("product '{}' already exists", p.name));
    }
    auto st = db_.prepare(
        "INSERT INTO product (name, vendor, cra_class, security_contact, website, support_years, "
        "description, created_at) "
        "VALUES (?,?,?,?,?,?,?,?)");
    if (!st) return fail<Product>(st.error());
    st->bind(1, p.name)
        .bind(2, p.vendor)
        .bind(3, p.cra_class)
        .bind(4, p.security_contact)
        .bind(5, p.website);
    st->bind(6, static_cast<std::int64_t>(p.support_years))
        .bind(7, p.description)
        .bind(8, p.created_at);
    if (auto r = st->run(); !r) return fail<Product>(r.error());
    Product out = p;
    out.id = db_.last_insert_rowid();
    return out;
  }

  Result<Product> update_product(const Product& p) override {
    auto st = db_.prepare(
        "UPDATE product SET vendor=?, cra_class=?, security_contact=?, website=?, support_years=?, "
        "description=? WHERE id=?");
    if (!st) return fail<Product>(st.error());
    st->bind(1, p.vendor).bind(2, p.cra_class).bind(3, p.security_contact).bind(4, p.website);
    st->bind(5, static_cast<std::int64_t>(p.support_years)).bind(6, p.description).bind(7, p.id);
    if (auto r = st->run(); !r) return fail<Product>(r.error());
    return p;
  }

  static constexpr std::string_view kProductCols =
      "SELECT id, name, vendor, cra_class, security_contact, website, support_years, description, "
      "created_at FROM product ";

  Result<std::vector<Product>> query_products(std::string_view where,
                                              const std::function<void(Statement&)>& bind) {
    auto st = db_.cached(std::string(kProductCols) + std::string(where));
    if (!st) return std::unexpected(st.error());
    bind(*st);
    std::vector<Product> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_product(*st));
    }
    return out;
  }

  Result<std::optional<Product>> product(std::string_view name) override {
    auto v = query_products("WHERE name = ?", [&](Statement& s) { s.bind(1, name); });
    if (!v) return std::unexpected(v.error());
    if (v->empty()) return std::optional<Product>{};
    return std::optional<Product>{v->front()};
  }

  Result<std::optional<Product>> product_by_id(std::int64_t id) override {
    auto v = query_products("WHERE id = ?", [&](Statement& s) { s.bind(1, id); });
    if (!v) return std::unexpected(v.error());
    if (v->empty()) return std::optional<Product>{};
    return std::optional<Product>{v->front()};
  }

  Result<std::vector<Product>> products() override {
    return query_products("ORDER BY name", [](Statement&) {});
  }

  // ---- releases ----

  Result<Release> add_release(const Release& r, std::string_view sbom_original,
                              std::string_view sbom_stored,
                              const std::vector<Occurrence>& occurrences) override {
    if (auto existing = release(r.product_id, r.version); !existing) {
      return fail<Release>(existing.error());
    } else if (*existing) {
      return conflict(fmt::format("release {}@{} already exists", (*existing)->product, r.version));
    }
    Release out = r;
    auto done = transaction([&]() -> Result<void> {
      auto st = db_.prepare(
          "INSERT INTO release (product_id, version, released_at, support_end, support_rationale, "
          "sbom_name, sbom_format, "
          "sbom_sha256, sbom_original, sbom_stored, components, created_at) VALUES "
          "(?,?,?,?,?,?,?,?,?,?,?,?)");
      if (!st) return std::unexpected(st.error());
      st->bind(1, r.product_id).bind(2, r.version).bind(3, r.released_at).bind(4, r.support_end);
      st->bind(5, r.support_rationale)
          .bind(6, r.sbom_name)
          .bind(7, r.sbom_format)
          .bind(8, r.sbom_sha256);
      st->bind(9, sbom_original)
          .bind(10, sbom_stored)
          .bind(11, static_cast<std::int64_t>(occurrences.size()));
      st->bind(12, r.created_at);
      if (auto x = st->run(); !x) return x;
      out.id = db_.last_insert_rowid();
      out.components = occurrences.size();
      return insert_occurrences(out.id, occurrences);
    });
    if (!done) return fail<Release>(done.error());
    return out;
  }

  // The component occurrences of a release (inside the caller's transaction).
  Result<void> insert_occurrences(std::int64_t release_id,
                                  const std::vector<Occurrence>& occurrences) {
    auto occ = db_.prepare(
        "INSERT INTO occurrence (release_id, bom_ref, name, version, purl, identity) VALUES "
        "(?,?,?,?,?,?)");
    if (!occ) return std::unexpected(occ.error());
    for (const auto& o : occurrences) {
      occ->reset()
          .bind(1, release_id)
          .bind(2, o.bom_ref)
          .bind(3, o.name)
          .bind(4, o.version)
          .bind(5, o.purl)
          .bind(6, o.identity);
      if (auto x = occ->run(); !x) return x;
    }
    return {};
  }

  Result<Release> replace_release_sbom(const Release& r, std::string_view sbom_original,
                                       std::string_view sbom_stored,
                                       const std::vector<Occurrence>& occurrences) override {
    Release out = r;
    auto done = transaction([&]() -> Result<void> {
      auto st = db_.prepare(
          "UPDATE release SET sbom_name=?, sbom_format=?, sbom_sha256=?, sbom_original=?, "
          "sbom_stored=?, components=?, created_at=? WHERE id=?");
      if (!st) return std::unexpected(st.error());
      st->bind(1, r.sbom_name).bind(2, r.sbom_format).bind(3, r.sbom_sha256);
      st->bind(4, sbom_original).bind(5, sbom_stored);
      st->bind(6, static_cast<std::int64_t>(occurrences.size()))
          .bind(7, r.created_at)
          .bind(8, r.id);
      if (auto x = st->run(); !x) return x;
      if (db_.changes() == 0) return not_found(fmt::format("release id {}", r.id));
      auto del = db_.prepare("DELETE FROM occurrence WHERE release_id=?");
      if (!del) return std::unexpected(del.error());
      if (auto x = del->bind(1, r.id).run(); !x) return x;
      return insert_occurrences(r.id, occurrences);
    });
    if (!done) return fail<Release>(done.error());
    out.components = occurrences.size();
    return out;
  }

  Result<Release> update_release(const Release& r) override {
    auto st = db_.prepare(
        "UPDATE release SET released_at=?, support_end=?, support_rationale=? WHERE id=?");
    if (!st) return fail<Release>(st.error());
    st->bind(1, r.released_at).bind(2, r.support_end).bind(3, r.support_rationale).bind(4, r.id);
    if (auto x = st->run(); !x) return fail<Release>(x.error());
    return r;
  }

  Result<std::vector<Release>> query_releases(std::string_view where,
                                              const std::function<void(Statement&)>& bind) {
    auto st = db_.cached(
        "SELECT r.id, r.product_id, p.name, r.version, r.released_at, r.support_end, "
        "r.support_rationale, r.sbom_name, "
        "r.sbom_format, r.sbom_sha256, r.components, r.created_at FROM release r JOIN product p ON "
        "p.id = r.product_id " +
        std::string(where));
    if (!st) return std::unexpected(st.error());
    bind(*st);
    std::vector<Release> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_release(st->statement()));
    }
    return out;
  }

  Result<std::optional<Release>> release(std::int64_t product_id,
                                         std::string_view version) override {
    auto v = query_releases("WHERE r.product_id = ? AND r.version = ?",
                            [&](Statement& s) { s.bind(1, product_id).bind(2, version); });
    if (!v) return std::unexpected(v.error());
    if (v->empty()) return std::optional<Release>{};
    return std::optional<Release>{v->front()};
  }

  Result<std::optional<Release>> release_by_id(std::int64_t id) override {
    auto v = query_releases("WHERE r.id = ?", [&](Statement& s) { s.bind(1, id); });
    if (!v) return std::unexpected(v.error());
    if (v->empty()) return std::optional<Release>{};
    return std::optional<Release>{v->front()};
  }

  Result<std::vector<Release>> releases(std::int64_t product_id) override {
    if (product_id == 0) return query_releases("ORDER BY p.name, r.id", [](Statement&) {});
    return query_releases("WHERE r.product_id = ? ORDER BY r.id",
                          [&](Statement& s) { s.bind(1, product_id); });
  }

  Result<std::string> release_sbom(std::int64_t release_id, bool original) override {
    auto st = db_.prepare(original ? "SELECT sbom_original FROM release WHERE id = ?"
                                   : "SELECT sbom_stored FROM release WHERE id = ?");
    if (!st) return fail<std::string>(st.error());
    st->bind(1, release_id);
    auto row = st->step();
    if (!row) return fail<std::string>(row.error());
    if (!*row) return not_found(fmt::format("release {} does not exist", release_id));
    return std::string(st->text(0));
  }

  // ---- findings ----

  Result<std::vector<StoredFinding>> findings(std::int64_t release_id,
                                              bool include_resolved) override {
    auto st = db_.prepare(
        std::string("SELECT f.id, f.release_id, f.component_key, f.component_label, f.purl, "
                    "f.identity, f.vuln_id, "
                    "f.aliases, f.severity, f.priority, f.kev, f.fingerprint, f.first_seen, "
                    "CASE WHEN f.resolved_at = '' AND r.last_matched != '' THEN r.last_matched "
                    "ELSE f.last_seen END, "
                    "f.resolved_at, f.priority_reason FROM finding f JOIN release r ON r.id = "
                    "f.release_id WHERE "
                    "f.release_id = ?") +
        (include_resolved ? "" : " AND f.resolved_at = ''") + " ORDER BY f.id");
    if (!st) return std::unexpected(st.error());
    st->bind(1, release_id);
    std::vector<StoredFinding> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_finding(*st));
    }
    return out;
  }

  // One SQL text for every filter combination (so the statement is prepared once per
  // connection): lists are bound as " A B " and tested with instr, absent filters as ''/-1.
  static constexpr std::string_view kFindingWhere =
      " WHERE f.release_id = ?1 AND f.resolved_at = '' AND f.id > ?2"
      " AND (?3 = '' OR instr(?3, ' ' || f.priority || ' ') > 0)"
      " AND (?4 = '' OR instr(?4, ' ' || f.severity || ' ') > 0)"
      " AND (?5 < 0 OR f.kev = ?5)";

  // kFindingWhere with the extra filters of q appended (one statement text per combination of
  // them; a plain query keeps the text above). Parameters ?7.. are the extras' lists.
  static std::string finding_where(const FindingQuery& q) {
    if (q.plain()) return std::string(kFindingWhere);
    std::string w(kFindingWhere);
    if (q.release_id == 0)
      w.replace(w.find("f.release_id = ?1"), 17,
                "f.release_id IN (SELECT value FROM json_each(?7))");
    using I = FindingQuery::Identities;
    if (q.identity_filter == I::kIn)
      w += " AND f.identity IN (SELECT value FROM json_each(?8))";
    else if (q.identity_filter == I::kNotIn)
      w += " AND f.identity NOT IN (SELECT value FROM json_each(?8))";
    if (!q.first_seen_before.empty()) w += " AND f.first_seen < ?9";
    if (q.vulnerabilities) w += " AND f.vuln_id IN (SELECT value FROM json_each(?10))";
    return w;
  }

  static void bind_query(Statement& st, const FindingQuery& q) {
    auto list = [](const std::vector<std::string>& v) {
      return v.empty() ? std::string() : " " + join(v, " ") + " ";
    };
    st.bind(1, q.release_id).bind(2, q.after_id).bind(3, list(q.priorities));
    st.bind(4, list(q.severities)).bind(5, std::int64_t{q.kev ? (*q.kev ? 1 : 0) : -1});
    if (q.plain()) return;
    if (q.release_id == 0) st.bind(7, json_array(q.release_ids));
    if (q.identity_filter != FindingQuery::Identities::kAny) st.bind(8, json_array(q.identities));
    if (!q.first_seen_before.empty()) st.bind(9, q.first_seen_before);
    if (q.vulnerabilities) st.bind(10, json_array(*q.vulnerabilities));
  }

  Result<std::string> change_token() override { return db_.change_token(); }

  Result<std::vector<Usage>> where_used(std::string_view identity) override {
    auto st = db_.cached(
        "SELECT o.release_id, r.product_id, p.name, r.version, o.bom_ref, o.name, o.version, "
        "o.purl, o.identity FROM occurrence o JOIN release r ON r.id = o.release_id JOIN product "
        "p ON p.id = r.product_id WHERE o.identity = ?1 ORDER BY p.name, r.id, o.version, "
        "o.bom_ref");
    if (!st) return std::unexpected(st.error());
    st->bind(1, identity);
    std::vector<Usage> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      Usage u;
      u.release_id = st->integer(0);
      u.product_id = st->integer(1);
      u.product = st->text(2);
      u.release_version = st->text(3);
      u.component = {std::string(st->text(4)), std::string(st->text(5)), std::string(st->text(6)),
                     std::string(st->text(7)), std::string(st->text(8))};
      out.push_back(std::move(u));
    }
    return out;
  }

  Result<std::vector<StoredFinding>> find_findings(const FindingQuery& q) override {
    const std::string sql =
        "SELECT f.id, f.release_id, f.component_key, f.component_label, f.purl, f.identity, "
        "f.vuln_id, f.aliases, f.severity, f.priority, f.kev, f.fingerprint, f.first_seen, "
        "CASE WHEN r.last_matched != '' THEN r.last_matched ELSE f.last_seen END, f.resolved_at, "
        "f.priority_reason FROM finding f JOIN release r ON r.id = f.release_id" +
        finding_where(q) + " ORDER BY f.id LIMIT ?6";
    auto st = db_.cached(sql);
    if (!st) return std::unexpected(st.error());
    bind_query(st->statement(), q);
    st->bind(6, q.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(q.limit));
    std::vector<StoredFinding> out;
    if (q.limit != 0) out.reserve(q.limit);
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_finding(st->statement()));
    }
    return out;
  }

  Result<std::size_t> count_findings(const FindingQuery& q) override {
    if (detail::counts_open_findings_of_release(q)) {
      auto kept = db_.cached("SELECT open_findings FROM release WHERE id = ?1");
      if (!kept) return std::unexpected(kept.error());
      kept->bind(1, q.release_id);
      auto row = kept->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return std::size_t{0};
      if (kept->integer(0) >= 0) return static_cast<std::size_t>(kept->integer(0));
    }
    const std::string sql = "SELECT count(*) FROM finding f" + finding_where(q);
    auto st = db_.cached(sql);
    if (!st) return std::unexpected(st.error());
    bind_query(st->statement(), q);
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    return static_cast<std::size_t>(st->integer(0));
  }

  Result<std::size_t> count_findings_capped(const FindingQuery& q, std::size_t cap) override {
    if (cap == 0) return count_findings(q);
    const std::string sql =
        "SELECT count(*) FROM (SELECT 1 FROM finding f" + finding_where(q) + " LIMIT ?6)";
    auto st = db_.cached(sql);
    if (!st) return std::unexpected(st.error());
    bind_query(st->statement(), q);
    st->bind(6, static_cast<std::int64_t>(cap));
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    return static_cast<std::size_t>(st->integer(0));
  }

  Result<std::vector<VulnerabilityGroup>> group_findings(const FindingQuery& query,
                                                         std::string_view after,
                                                         std::size_t limit) override {
    FindingQuery q = query;
    q.after_id = 0;
    const std::string sql =
        "SELECT f.vuln_id, count(*), count(DISTINCT f.release_id), min(CASE WHEN f.priority = '' "
        "THEN 'P4' ELSE f.priority END), min(CASE lower(f.severity) WHEN 'critical' THEN '0' WHEN "
        "'high' THEN '1' WHEN 'medium' THEN '2' WHEN 'low' THEN '3' ELSE '4' END || f.severity), "
        "max(f.kev) FROM finding f" +
        finding_where(q) + " AND f.vuln_id > ?11 GROUP BY f.vuln_id ORDER BY f.vuln_id LIMIT ?6";
    auto st = db_.cached(sql);
    if (!st) return std::unexpected(st.error());
    bind_query(st->statement(), q);
    st->bind(6, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
    st->bind(11, after);
    std::vector<VulnerabilityGroup> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      VulnerabilityGroup g;
      g.vulnerability = st->text(0);
      g.findings = static_cast<std::size_t>(st->integer(1));
      g.releases = static_cast<std::size_t>(st->integer(2));
      g.priority = st->text(3);
      g.severity = std::string(st->text(4)).substr(1);
      g.kev = st->integer(5) != 0;
      out.push_back(std::move(g));
    }
    return out;
  }

  Result<FindingAggregate> aggregate_findings(const AggregateQuery& q) override {
    // Lifetimes in whole seconds (strftime('%s'); NULL when a time cannot be read).
    auto st = db_.cached(
        "WITH t AS (SELECT priority, kev, resolved_at = '' AS open, substr(first_seen, 1, 10) AS "
        "day, CAST(strftime('%s', first_seen) AS INTEGER) AS s, CASE WHEN resolved_at = '' THEN "
        "NULL ELSE CAST(strftime('%s', resolved_at) AS INTEGER) END AS r FROM finding WHERE "
        "release_id = ?1), b AS (SELECT priority, kev, open, CASE WHEN NOT open THEN 0 WHEN day < "
        "(CASE priority WHEN 'P0' THEN ?4 WHEN 'P1' THEN ?5 WHEN 'P2' THEN ?6 WHEN 'P3' THEN ?7 "
        "ELSE ?8 END) THEN 1 ELSE 0 END AS overdue, CASE WHEN s IS NULL THEN NULL WHEN s < ?2 "
        "THEN -1 WHEN s >= ?2 + 604800 * ?3 THEN ?3 ELSE (s - ?2) / 604800 END AS sb, CASE WHEN "
        "r IS NULL THEN NULL WHEN r < ?2 THEN -1 WHEN r >= ?2 + 604800 * ?3 THEN ?3 ELSE (r - ?2) "
        "/ 604800 END AS rb, CASE WHEN r IS NOT NULL AND s IS NOT NULL THEN r - s END AS fix FROM "
        "t) SELECT priority, kev, open, overdue, sb, rb, count(*), count(fix), "
        "coalesce(sum(fix), 0) FROM b GROUP BY 1, 2, 3, 4, 5, 6");
    if (!st) return std::unexpected(st.error());
    st->bind(1, q.release_id).bind(2, q.trend_start).bind(3, std::int64_t{q.weeks});
    const char* prios[] = {"P0", "P1", "P2", "P3", "P4"};
    for (int i = 0; i < 5; ++i) {
      auto it = q.overdue_before.find(prios[i]);
      st->bind(4 + i, it == q.overdue_before.end() ? std::string_view() : it->second);
    }
    FindingAggregate a;
    std::map<std::pair<int, std::optional<int>>, std::size_t> cells;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      const auto n = static_cast<std::size_t>(st->integer(6));
      const auto& s = st->statement();
      if (s.integer(2) != 0) {
        a.open += n;
        std::string p(s.text(0));
        a.by_priority[p.empty() ? "P4" : p] += n;
        if (s.integer(1) != 0) a.kev += n;
        if (s.integer(3) != 0) a.overdue += n;
      }
      if (!s.is_null(4)) {
        std::optional<int> rb;
        if (!s.is_null(5)) rb = static_cast<int>(s.integer(5));
        cells[{static_cast<int>(s.integer(4)), rb}] += n;
      }
      a.resolved_findings += static_cast<std::size_t>(s.integer(7));
      a.fix_seconds += s.integer(8);
    }
    for (const auto& [k, n] : cells) a.lifetimes.push_back({k.first, k.second, n});
    return a;
  }

  Result<FindingTally> tally_findings(std::int64_t release_id) override {
    auto st = db_.cached(
        "SELECT priority, severity, kev, count(*) FROM finding WHERE release_id = ?1 AND "
        "resolved_at = '' GROUP BY priority, severity, kev");
    if (!st) return std::unexpected(st.error());
    st->bind(1, release_id);
    FindingTally t;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      const auto n = static_cast<std::size_t>(st->integer(3));
      t.open += n;
      if (st->integer(2) != 0) t.kev += n;
      t.by_priority[std::string(st->text(0))] += n;
      t.by_severity[std::string(st->text(1))] += n;
    }
    return t;
  }

  Result<bool> touch_findings(std::int64_t release_id, const std::string& digest,
                              const std::string& now) override {
    auto same =
        db_.prepare("UPDATE release SET last_matched = ?1 WHERE id = ?2 AND findings_digest = ?3");
    if (!same) return std::unexpected(same.error());
    same->bind(1, now).bind(2, release_id).bind(3, digest);
    if (auto x = same->run(); !x) return std::unexpected(x.error());
    return db_.changes() == 1;
  }

  Result<bool> finding_events_wanted(std::string_view product) override {
    return notify::detail::finding_events_wanted(db_, product);
  }

  Result<std::vector<std::int64_t>> write_findings(std::int64_t release_id, const FindingsWrite& w,
                                                   const std::string& now) override {
    std::vector<std::int64_t> ids;
    ids.reserve(w.inserted.size());
    auto done = transaction([&]() -> Result<void> {
      auto ins = db_.prepare(
          "INSERT INTO finding (release_id, component_key, component_label, purl, identity, "
          "vuln_id, aliases, severity, "
          "priority, kev, fingerprint, first_seen, last_seen, priority_reason) VALUES "
          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      if (!ins) return std::unexpected(ins.error());
      for (const StoredFinding& c : w.inserted) {
        ins->reset()
            .bind(1, release_id)
            .bind(2, c.component_key)
            .bind(3, c.component_label)
            .bind(4, c.purl);
        ins->bind(5, c.identity)
            .bind(6, c.vuln_id)
            .bind(7, join(c.aliases, " "))
            .bind(8, c.severity);
        ins->bind(9, c.priority)
            .bind(10, std::int64_t{c.kev ? 1 : 0})
            .bind(11, c.fingerprint)
            .bind(12, now)
            .bind(13, now)
            .bind(14, c.priority_reason);
        if (auto x = ins->run(); !x) return x;
        ids.push_back(db_.last_insert_rowid());
      }
      auto upd = db_.prepare(
          "UPDATE finding SET vuln_id=?, aliases=?, severity=?, priority=?, kev=?, fingerprint=?, "
          "last_seen=?, resolved_at='', priority_reason=? "
          "WHERE id=? AND release_id=?");
      if (!upd) return std::unexpected(upd.error());
      for (const StoredFinding& c : w.updated) {
        upd->reset()
            .bind(1, c.vuln_id)
            .bind(2, join(c.aliases, " "))
            .bind(3, c.severity)
            .bind(4, c.priority);
        upd->bind(5, std::int64_t{c.kev ? 1 : 0})
            .bind(6, c.fingerprint)
            .bind(7, now)
            .bind(8, c.priority_reason)
            .bind(9, c.id)
            .bind(10, release_id);
        if (auto x = upd->run(); !x) return x;
        if (db_.changes() != 1)
          return not_found(
              fmt::format("finding {} of release {} does not exist", c.id, release_id));
      }
      // A vanished finding was last seen at the release's previous match.
      auto res = db_.prepare(
          "UPDATE finding SET resolved_at = ?1, last_seen = COALESCE(NULLIF((SELECT last_matched "
          "FROM release WHERE id = "
          "finding.release_id), ''), last_seen) WHERE id = ?2 AND release_id = ?3");
      if (!res) return std::unexpected(res.error());
      for (std::int64_t id : w.resolved) {
        res->reset().bind(1, now).bind(2, id).bind(3, release_id);
        if (auto x = res->run(); !x) return x;
        if (db_.changes() != 1)
          return not_found(fmt::format("finding {} of release {} does not exist", id, release_id));
      }
      auto ev =
          db_.prepare("INSERT INTO finding_event (finding_id, at, kind, detail) VALUES (?,?,?,?)");
      if (!ev) return std::unexpected(ev.error());
      for (const FindingEvent& e : w.events) {
        ev->reset().bind(1, e.finding_id).bind(2, now).bind(3, e.kind).bind(4, e.detail);
        if (auto x = ev->run(); !x) return x;
      }
      if (auto x = notify::detail::insert_events(db_, w.notifications); !x) return x;
      // Every open finding was seen now: one row, not one per finding.
      auto bump = db_.prepare(
          "UPDATE release SET last_matched = ?1, findings_digest = ?2, open_findings = (SELECT "
          "count(*) FROM finding WHERE release_id = ?3 AND resolved_at = '') WHERE id = ?3");
      if (!bump) return std::unexpected(bump.error());
      bump->bind(1, now).bind(2, w.digest).bind(3, release_id);
      if (auto x = bump->run(); !x) return x;
      if (db_.changes() != 1)
        return not_found(fmt::format("release {} does not exist", release_id));
      return {};
    });
    if (!done) return std::unexpected(done.error());
    return ids;
  }

  // ---- analyses ----

  Result<AnalysisRecord> record_analysis(const AnalysisRecord& in) override {
    auto norm = normalize_analysis(in);
    if (!norm) return std::unexpected(norm.error());
    auto& [a, key, ids, state, just, responses] = *norm;
    auto done = transaction([&]() -> Result<void> {
      auto up = db_.prepare(
          "INSERT INTO analysis (product_id, identity, vuln_key, vuln_ids, versions, state, "
          "justification, responses, detail, "
          "action_statement, author, timestamp, origin, source) VALUES "
          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT (product_id, identity, vuln_key, versions) DO UPDATE SET "
          "vuln_ids=excluded.vuln_ids, "
          "state=excluded.state, justification=excluded.justification, "
          "responses=excluded.responses, "
          "detail=excluded.detail, action_statement=excluded.action_statement, "
          "author=excluded.author, "
          "timestamp=excluded.timestamp, origin=excluded.origin, source=excluded.source");
      if (!up) return std::unexpected(up.error());
      up->bind(1, a.product_id)
          .bind(2, a.identity)
          .bind(3, key)
          .bind(4, ids)
          .bind(5, a.versions)
          .bind(6, state);
      up->bind(7, just)
          .bind(8, responses)
          .bind(9, a.analysis.detail)
          .bind(10, a.analysis.action_statement);
      up->bind(11, a.analysis.author)
          .bind(12, a.analysis.timestamp)
          .bind(13, a.origin)
          .bind(14, a.source);
      if (auto x = up->run(); !x) return x;
      auto idq = db_.prepare(
          "SELECT id FROM analysis WHERE product_id=? AND identity=? AND vuln_key=? AND "
          "versions=?");
      if (!idq) return std::unexpected(idq.error());
      idq->bind(1, a.product_id).bind(2, a.identity).bind(3, key).bind(4, a.versions);
      auto row = idq->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return db_error("analysis row vanished");
      a.id = idq->integer(0);
      auto h = db_.prepare(
          "INSERT INTO analysis_history (analysis_id, product_id, recorded_at, identity, vuln_ids, "
          "versions, state, "
          "justification, responses, detail, action_statement, author, origin, source) VALUES "
          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      if (!h) return std::unexpected(h.error());
      h->bind(1, a.id)
          .bind(2, a.product_id)
          .bind(3, a.analysis.timestamp)
          .bind(4, a.identity)
          .bind(5, ids);
      h->bind(6, a.versions)
          .bind(7, state)
          .bind(8, just)
          .bind(9, responses)
          .bind(10, a.analysis.detail);
      h->bind(11, a.analysis.action_statement)
          .bind(12, a.analysis.author)
          .bind(13, a.origin)
          .bind(14, a.source);
      return h->run();
    });
    if (!done) return fail<AnalysisRecord>(done.error());
    return a;
  }

  Result<std::vector<AnalysisRecord>> analyses(std::int64_t product_id) override {
    auto st = db_.prepare(
        "SELECT id, product_id, identity, vuln_ids, versions, origin, source, state, "
        "justification, responses, detail, "
        "action_statement, author, timestamp FROM analysis WHERE product_id = ? ORDER BY id");
    if (!st) return std::unexpected(st.error());
    st->bind(1, product_id);
    return read_analyses(*st);
  }

  static Result<std::vector<AnalysisRecord>> read_analyses(Statement& st) {
    std::vector<AnalysisRecord> out;
    while (true) {
      auto row = st.step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(read_analysis_record(st));
    }
    return out;
  }

  Result<std::vector<AnalysisRecord>> analyses_for(
      std::int64_t product_id, const std::vector<std::string>& identities) override {
    // The identities travel as one JSON array (one SQL text whatever their number); the lookup
    // uses the (product_id, identity, ...) unique index.
    std::string arr = "[";
    for (const auto& id : identities) {
      if (arr.size() > 1) arr += ',';
      arr += '"';
      for (unsigned char c : id) {
        if (c == '"' || c == '\\') {
          arr += '\\';
          arr += static_cast<char>(c);
        } else if (c < 0x20) {
          arr += fmt::format("\\u{:04x}", c);
        } else {
          arr += static_cast<char>(c);
        }
      }
      arr += '"';
    }
    arr += ']';
    auto st = db_.cached(
        "SELECT id, product_id, identity, vuln_ids, versions, origin, source, state, "
        "justification, responses, detail, action_statement, author, timestamp FROM analysis "
        "WHERE product_id = ?1 AND identity IN (SELECT value FROM json_each(?2)) ORDER BY id");
    if (!st) return std::unexpected(st.error());
    st->bind(1, product_id).bind(2, arr);
    return read_analyses(st->statement());
  }

  Result<std::vector<HistoryEntry>> history(std::int64_t product_id) override {
    auto st = db_.prepare(
        "SELECT analysis_id, recorded_at, identity, vuln_ids, versions, origin, source, state, "
        "justification, responses, "
        "detail, action_statement, author, recorded_at FROM analysis_history WHERE product_id = ? "
        "ORDER BY id");
    if (!st) return std::unexpected(st.error());
    st->bind(1, product_id);
    std::vector<HistoryEntry> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(detail::read_history_entry(*st));
    }
    return out;
  }

  Result<void> save_advisory(std::int64_t product_id, const std::string& tracking_id,
                             const std::string& current_release_date,
                             const std::string& json) override {
    auto st = db_.prepare(
        "INSERT OR REPLACE INTO advisory (tracking_id, product_id, current_release_date, json) "
        "VALUES (?,?,?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, tracking_id).bind(2, product_id).bind(3, current_release_date).bind(4, json);
    return st->run();
  }

  Result<std::optional<std::string>> advisory(const std::string& tracking_id) override {
    auto st = db_.prepare("SELECT json FROM advisory WHERE tracking_id = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, tracking_id);
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{std::string(st->text(0))};
  }

  Result<std::vector<std::string>> advisories(std::int64_t product_id) override {
    auto st = db_.prepare(
        product_id ? "SELECT json FROM advisory WHERE product_id = ? ORDER BY tracking_id"
                   : "SELECT json FROM advisory ORDER BY tracking_id");
    if (!st) return std::unexpected(st.error());
    if (product_id) st->bind(1, product_id);
    std::vector<std::string> out;
    while (true) {
      auto row = st->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.emplace_back(st->text(0));
    }
    return out;
  }

  Result<std::int64_t> add_monitor_run(const std::string& at, std::size_t releases,
                                       std::size_t added, std::size_t changed,
                                       std::size_t resolved) override {
    auto st = db_.prepare(
        "INSERT INTO monitor_run (at, releases, added, changed, resolved) VALUES (?,?,?,?,?)");
    if (!st) return std::unexpected(st.error());
    st->bind(1, at)
        .bind(2, static_cast<std::int64_t>(releases))
        .bind(3, static_cast<std::int64_t>(added));
    st->bind(4, static_cast<std::int64_t>(changed)).bind(5, static_cast<std::int64_t>(resolved));
    if (auto x = st->run(); !x) return std::unexpected(x.error());
    return db_.last_insert_rowid();
  }

  Result<std::string> last_monitor_run() override {
    auto st = db_.prepare("SELECT at FROM monitor_run ORDER BY id DESC LIMIT 1");
    if (!st) return std::unexpected(st.error());
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    return *row ? std::string(st->text(0)) : std::string();
  }

 private:
  Database db_;
  bool in_tx_ = false;
};

}  // namespace

Result<std::unique_ptr<Store>> Store::open_sqlite(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  auto store = std::make_unique<SqliteStore>(std::move(*db));
  if (auto r = store->init(); !r) return std::unexpected(r.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace bulwark::portfolio
