#include "bulwark/vulndb/feed_writer.hpp"

#include <utility>

#include "bulwark/core/pass_error.hpp"
#include "bulwark/osv/osv.hpp"

namespace bulwark::vulndb::detail {
std::string nvd_time_key(std::string_view t) {
  std::string s(t);
  const auto tpos = s.find('T');
  const bool zoned =
      tpos != std::string::npos &&
      (s.back() == 'Z' || s.back() == 'z' || s.find_first_of("+-", tpos) != std::string::npos);
  if (tpos != std::string::npos && !zoned) s.push_back('Z');
  auto key = osv::sortable_time(s);
  return key.empty() ? std::string(t) : key;
}

Result<FeedWriter> FeedWriter::prepare(Database& db) {
  FeedWriter w;
  const std::pair<Statement*, std::string_view> sqls[] = {
      {&w.kev_,
       "INSERT OR REPLACE INTO kev (cve, vendor, product, name, date_added, due_date, "
       "required_action, "
       "ransomware, notes, cwes, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
       "?11)"},
      {&w.epss_, "INSERT OR REPLACE INTO epss (cve, score, percentile) VALUES (?1, ?2, ?3)"},
      {&w.nvd_select_, "SELECT nid, modified_key FROM nvd_cves WHERE cve = ?1"},
      {&w.nvd_delete_, "DELETE FROM nvd_cves WHERE nid = ?1"},
      {&w.nvd_insert_,
       "INSERT INTO nvd_cves (cve, description, published, last_modified, modified_key, status, "
       "config_operators) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&w.metric_,
       "INSERT INTO nvd_metrics (nid, idx, version, vector, source, type, base_score) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&w.cwe_, "INSERT INTO nvd_cwes (nid, idx, cwe) VALUES (?1, ?2, ?3)"},
      {&w.ref_, "INSERT INTO nvd_refs (nid, idx, url) VALUES (?1, ?2, ?3)"},
      {&w.match_,
       "INSERT INTO nvd_matches (nid, idx, config, node, node_operator, node_negate, criteria, "
       "vendor, "
       "product, vulnerable, start_including, start_excluding, end_including, end_excluding) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"},
      {&w.feed_,
       "INSERT INTO feeds (name, version, published, records, imported_at, source) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET version = ?2, "
       "published = ?3, records = ?4, imported_at = ?5, source = ?6"},
  };
  for (const auto& [slot, sql] : sqls) {
    auto s = db.prepare(sql);
    if (!s) return pass_error(std::move(s));
    *slot = std::move(*s);
  }
  w.db_ = &db;
  return w;
}

VoidResult FeedWriter::clear_kev() { return db_->exec("DELETE FROM kev"); }
VoidResult FeedWriter::clear_epss() { return db_->exec("DELETE FROM epss"); }

VoidResult FeedWriter::write_kev(const KevEntry& e) {
  return kev_.reset()
      .bind(1, e.cve)
      .bind(2, e.vendor)
      .bind(3, e.product)
      .bind(4, e.name)
      .bind(5, e.date_added)
      .bind(6, e.due_date)
      .bind(7, e.required_action)
      .bind(8, e.ransomware)
      .bind(9, e.notes)
      .bind(10, join_lines(e.cwes))
      .bind(11, e.description)
      .run();
}

VoidResult FeedWriter::write_epss(const EpssRow& row) {
  return epss_.reset().bind(1, row.cve).bind(2, row.score).bind(3, row.percentile).run();
}

Result<NvdOutcome> FeedWriter::write_nvd(const NvdRecord& rec) {
  const std::string key = nvd_time_key(rec.last_modified);
  auto row = nvd_select_.reset().bind(1, rec.cve).step();
  if (!row) return pass_error(std::move(row));
  NvdOutcome outcome = NvdOutcome::kInserted;
  if (*row) {
    const std::int64_t nid = nvd_select_.integer(0);
    const bool newer = key > nvd_select_.text(1);
    nvd_select_.reset();
    if (!newer) return NvdOutcome::kUnchanged;
    if (auto r = nvd_delete_.reset().bind(1, nid).run(); !r)
      return std::unexpected(r.error());  // rows cascade
    outcome = NvdOutcome::kUpdated;
  }
  auto r = nvd_insert_.reset()
               .bind(1, rec.cve)
               .bind(2, rec.description)
               .bind(3, rec.published)
               .bind(4, rec.last_modified)
               .bind(5, key)
               .bind(6, rec.status)
               .bind(7, terminated_lines(rec.config_operators))
               .run();
  if (!r) return std::unexpected(r.error());
  if (auto w = write_nvd_rows(db_->last_insert_rowid(), rec); !w) return std::unexpected(w.error());
  return outcome;
}

VoidResult FeedWriter::write_nvd_rows(std::int64_t nid, const NvdRecord& rec) {
  for (std::size_t i = 0; i < rec.metrics.size(); ++i) {
    const auto& m = rec.metrics[i];
    auto r = metric_.reset()
                 .bind(1, nid)
                 .bind(2, n(i))
                 .bind(3, m.version)
                 .bind(4, m.vector)
                 .bind(5, m.source)
                 .bind(6, m.type)
                 .bind(7, m.nvd_base_score)
                 .run();
    if (!r) return r;
  }
  for (std::size_t i = 0; i < rec.cwes.size(); ++i)
    if (auto r = cwe_.reset().bind(1, nid).bind(2, n(i)).bind(3, rec.cwes[i]).run(); !r) return r;
  for (std::size_t i = 0; i < rec.references.size(); ++i)
    if (auto r = ref_.reset().bind(1, nid).bind(2, n(i)).bind(3, rec.references[i]).run(); !r)
      return r;
  return write_matches(nid, rec);
}

VoidResult FeedWriter::write_matches(std::int64_t nid, const NvdRecord& rec) {
  for (std::size_t i = 0; i < rec.matches.size(); ++i) {
    const auto& m = rec.matches[i];
    auto vp = cpe_vendor_product(m.criteria).value_or(VendorProduct{});
    auto r = match_.reset()
                 .bind(1, nid)
                 .bind(2, n(i))
                 .bind(3, n(m.config))
                 .bind(4, n(m.node))
                 .bind(5, m.node_operator)
                 .bind(6, std::int64_t{m.node_negate})
                 .bind(7, m.criteria)
                 .bind(8, vp.vendor)
                 .bind(9, vp.product)
                 .bind(10, std::int64_t{m.vulnerable})
                 .bind(11, m.start_including)
                 .bind(12, m.start_excluding)
                 .bind(13, m.end_including)
                 .bind(14, m.end_excluding)
                 .run();
    if (!r) return r;
  }
  return {};
}

VoidResult FeedWriter::record_feed(std::string_view name, std::string_view version,
                                   std::string_view published, std::size_t records,
                                   std::string_view source, std::string_view imported_at) {
  return feed_.reset()
      .bind(1, name)
      .bind(2, version)
      .bind(3, published)
      .bind(4, n(records))
      .bind(5, imported_at)
      .bind(6, source)
      .run();
}

}  // namespace bulwark::vulndb::detail
