// The SQLite implementation of Store (internal to bulwark_vulndb).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "bulwark/vulndb/sqlite.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::vulndb::detail {

// Runs one import inside one BEGIN IMMEDIATE ... COMMIT (see importer.cpp).
Result<ImportReport> run_import(Database& db, const std::vector<std::string>& paths,
                                const ImportOptions& options);

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> create(const std::string& path);

  Result<ImportReport> import_osv(const std::vector<std::string>& paths,
                                  const ImportOptions& options) override;
  Result<std::vector<Candidate>> find(std::string_view ecosystem_base,
                                      std::string_view name) override;
  Result<std::vector<std::vector<Candidate>>> find_many(
      const std::vector<PackageRef>& keys) override;
  Result<std::vector<std::shared_ptr<const OsvRecord>>> lookup(std::string_view id) override;
  Result<std::vector<std::string>> ecosystems() override;
  Result<std::size_t> record_count() override;
  Result<bool> has_nvd() override;
  Result<vulndb::Status> status() override;
  Result<std::optional<KevEntry>> kev(std::string_view cve) override;
  Result<std::optional<EpssEntry>> epss(std::string_view cve) override;
  Result<std::vector<std::string>> epss_at_least(double score, double percentile) override;
  Result<std::optional<NvdRecord>> nvd(std::string_view cve) override;
  Result<std::vector<NvdRecord>> nvd_by_product(std::string_view vendor,
                                                std::string_view product) override;

 private:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}
  Result<Statement*> statement(Statement& slot, std::string_view sql);
  Result<std::shared_ptr<const OsvRecord>> record(const std::string& id);
  // Clears the parsed records when an import (by any connection, in any process: a row in
  // `imports`) has committed since they were read: a long-lived store (a server's worker) must
  // not match against records another worker's `db update` replaced.
  std::expected<void, Error> refresh_cache();
  std::expected<void, Error> fill_totals(vulndb::Status& s);
  std::expected<void, Error> fill_ecosystems(vulndb::Status& s);
  std::expected<void, Error> fill_last_import(vulndb::Status& s);
  std::expected<void, Error> fill_sources(vulndb::Status& s);  // feed_store.cpp
  std::expected<void, Error> fill_nvd_children(std::int64_t nid, NvdRecord& rec);
  std::expected<void, Error> fill_nvd_matches(std::int64_t nid, NvdRecord& rec);

  Database db_;  // declared first: destroyed after the statements below
  Statement find_stmt_, find_many_stmt_, json_stmt_, lookup_stmt_, generation_stmt_;
  Statement kev_stmt_, epss_stmt_, nvd_stmt_, nvd_metrics_stmt_, nvd_cwes_stmt_, nvd_refs_stmt_,
      nvd_matches_stmt_, nvd_product_stmt_;
  std::unordered_map<std::string, std::shared_ptr<const OsvRecord>> cache_;
  std::int64_t cache_generation_ = -1;  // the last import's id when cache_ was checked
};

}  // namespace bulwark::vulndb::detail
