// SqliteStore's feed side: KEV, EPSS and NVD lookups by CVE, NVD lookups by CPE vendor and
// product, and per-source status. Statements are prepared once and cached in the store.
#include <utility>

#include "bulwark/core/pass_error.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/vulndb/feeds.hpp"
#include "bulwark/vulndb/sqlite_store.hpp"

namespace bulwark::vulndb::detail {
namespace {

std::string col(const Statement& s, int c) { return std::string(s.text(c)); }

// Steps s through its rows, calling fn(s) for each.
template <class Fn>
std::expected<void, Error> each_row(Statement& s, Fn&& fn) {
  for (;;) {
    auto row = s.step();
    if (!row) return pass_error(std::move(row));
    if (!*row) return {};
    fn(s);
  }
}

}  // namespace

Result<std::optional<KevEntry>> SqliteStore::kev(std::string_view cve) {
  auto st = statement(kev_stmt_,
                      "SELECT cve, vendor, product, name, date_added, due_date, required_action, "
                      "ransomware, notes, "
                      "cwes, description FROM kev WHERE cve = ?1");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  auto row = s.reset().bind(1, normalize_cve(cve)).step();
  if (!row) return pass_error(std::move(row));
  if (!*row) return std::nullopt;
  KevEntry e{col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
             col(s, 5), col(s, 6), col(s, 7), col(s, 8), lines_of(s.text(9), false),
             col(s, 10)};
  s.reset();
  return e;
}

Result<std::optional<EpssEntry>> SqliteStore::epss(std::string_view cve) {
  auto st = statement(epss_stmt_,
                      "SELECT e.cve, e.score, e.percentile, f.version, f.published FROM epss e "
                      "LEFT JOIN feeds f ON f.name = 'EPSS' WHERE e.cve = ?1");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  auto row = s.reset().bind(1, normalize_cve(cve)).step();
  if (!row) return pass_error(std::move(row));
  if (!*row) return std::nullopt;
  EpssEntry e{col(s, 0), s.real(1), s.real(2), col(s, 3), col(s, 4)};
  s.reset();
  return e;
}

Result<std::vector<std::string>> SqliteStore::epss_at_least(double score, double percentile) {
  auto st = db_.prepare("SELECT cve FROM epss WHERE score >= ?1 AND percentile >= ?2 ORDER BY cve");
  if (!st) return pass_error(std::move(st));
  st->bind(1, score).bind(2, percentile);
  std::vector<std::string> out;
  while (true) {
    auto row = st->step();
    if (!row) return pass_error(std::move(row));
    if (!*row) break;
    out.emplace_back(st->text(0));
  }
  return out;
}

std::expected<void, Error> SqliteStore::fill_nvd_children(std::int64_t nid, NvdRecord& rec) {
  auto m = statement(nvd_metrics_stmt_,
                     "SELECT version, vector, source, type, base_score FROM nvd_metrics WHERE nid "
                     "= ?1 ORDER BY idx");
  if (!m) return pass_error(std::move(m));
  auto r = each_row((*m)->reset().bind(1, nid), [&](Statement& s) {
    rec.metrics.push_back(CvssMetric{col(s, 0), col(s, 1), col(s, 2), col(s, 3), s.real(4)});
  });
  if (!r) return r;
  auto c = statement(nvd_cwes_stmt_, "SELECT cwe FROM nvd_cwes WHERE nid = ?1 ORDER BY idx");
  if (!c) return pass_error(std::move(c));
  r = each_row((*c)->reset().bind(1, nid), [&](Statement& s) { rec.cwes.push_back(col(s, 0)); });
  if (!r) return r;
  auto f = statement(nvd_refs_stmt_, "SELECT url FROM nvd_refs WHERE nid = ?1 ORDER BY idx");
  if (!f) return pass_error(std::move(f));
  r = each_row((*f)->reset().bind(1, nid),
               [&](Statement& s) { rec.references.push_back(col(s, 0)); });
  if (!r) return r;
  return fill_nvd_matches(nid, rec);
}

std::expected<void, Error> SqliteStore::fill_nvd_matches(std::int64_t nid, NvdRecord& rec) {
  auto m = statement(
      nvd_matches_stmt_,
      "SELECT config, node, node_operator, node_negate, criteria, vulnerable, start_including, "
      "start_excluding, end_including, end_excluding FROM nvd_matches WHERE nid = ?1 ORDER BY idx");
  if (!m) return pass_error(std::move(m));
  return each_row((*m)->reset().bind(1, nid), [&](Statement& s) {
    rec.matches.push_back(NvdCpeMatch{static_cast<std::size_t>(s.integer(0)),
                                      static_cast<std::size_t>(s.integer(1)), col(s, 2),
                                      s.integer(3) != 0, col(s, 4), s.integer(5) != 0, col(s, 6),
                                      col(s, 7), col(s, 8), col(s, 9)});
  });
}

Result<std::optional<NvdRecord>> SqliteStore::nvd(std::string_view cve) {
  auto st =
      statement(nvd_stmt_,
                "SELECT nid, cve, description, published, last_modified, status, config_operators "
                "FROM nvd_cves WHERE cve = ?1");
  if (!st) return pass_error(std::move(st));
  Statement& s = **st;
  auto row = s.reset().bind(1, normalize_cve(cve)).step();
  if (!row) return pass_error(std::move(row));
  if (!*row) return std::nullopt;
  const std::int64_t nid = s.integer(0);
  NvdRecord rec;
  rec.cve = col(s, 1);
  rec.description = col(s, 2);
  rec.published = col(s, 3);
  rec.last_modified = col(s, 4);
  rec.status = col(s, 5);
  rec.config_operators = lines_of(s.text(6), true);  // each operator ends with '\n'
  if (!rec.config_operators.empty()) rec.config_operators.pop_back();
  s.reset();
  if (auto r = fill_nvd_children(nid, rec); !r) return std::unexpected(std::move(r).error());
  return rec;
}

Result<std::vector<NvdRecord>> SqliteStore::nvd_by_product(std::string_view vendor,
                                                           std::string_view product) {
  auto st =
      statement(nvd_product_stmt_,
                "SELECT DISTINCT c.cve FROM nvd_matches m JOIN nvd_cves c ON c.nid = m.nid "
                "WHERE m.vendor = ?1 AND m.product = ?2 AND c.status <> 'Rejected' ORDER BY c.cve");
  if (!st) return pass_error(std::move(st));
  std::vector<std::string> ids;
  auto r = each_row((*st)->reset().bind(1, to_lower(vendor)).bind(2, to_lower(product)),
                    [&](Statement& s) { ids.push_back(col(s, 0)); });
  if (!r) return std::unexpected(std::move(r).error());
  std::vector<NvdRecord> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto rec = nvd(id);
    if (!rec) return pass_error(std::move(rec));
    if (*rec) out.push_back(std::move(**rec));
  }
  return out;
}

std::expected<void, Error> SqliteStore::fill_sources(vulndb::Status& out) {
  // Counts, and the newest modified/lastModified as written (ordered by the canonical key).
  auto s = db_.prepare(
      "SELECT 'OSV', (SELECT count(*) FROM records), (SELECT modified FROM records ORDER BY "
      "modified_key DESC LIMIT 1) "
      "UNION ALL SELECT 'NVD', (SELECT count(*) FROM nvd_cves), "
      "(SELECT last_modified FROM nvd_cves ORDER BY modified_key DESC LIMIT 1) "
      "UNION ALL SELECT 'KEV', (SELECT count(*) FROM kev), NULL "
      "UNION ALL SELECT 'EPSS', (SELECT count(*) FROM epss), NULL");
  if (!s) return pass_error(std::move(s));
  auto r = each_row(*s, [&](Statement& st) {
    out.sources.push_back(
        SourceStatus{col(st, 0), static_cast<std::size_t>(st.integer(1)), col(st, 2), {}, {}});
  });
  if (!r) return r;
  auto f = db_.prepare("SELECT name, version, published, imported_at FROM feeds");
  if (!f) return pass_error(std::move(f));
  return each_row(*f, [&](Statement& st) {
    for (auto& src : out.sources) {
      if (src.name != st.text(0)) continue;
      src.version = col(st, 1);
      if (src.newest.empty()) src.newest = col(st, 2);
      src.imported_at = col(st, 3);
    }
  });
}

}  // namespace bulwark::vulndb::detail
