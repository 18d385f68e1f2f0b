#include "bulwark/service/db_migrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bulwark/accounts/store.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/jobs/store.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/pg/pg.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/portfolio/metrics_store.hpp"
#include "bulwark/portfolio/risk_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/db_copy.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {
namespace {

using detail::Column;
using detail::Database;
using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

std::string shown(const std::string& location) {
  return pg::is_url(location) ? pg::redacted(location) : location;
}

// Opens every store at `location` once, so that its schema exists at this build's version (the
// one migration mechanism of the stores), then closes them.
Result<void> create_schema(const std::string& location) {
  auto fail = [](Error e) { return Result<void>(std::unexpected(std::move(e))); };
  if (auto s = vulndb::Store::open(location); !s) return fail(s.error());
  if (auto s = portfolio::Store::open(location); !s) return fail(s.error());
  if (auto s = portfolio::CraStore::open(location); !s) return fail(s.error());
  if (auto s = portfolio::RiskStore::open(location); !s) return fail(s.error());
  if (auto s = portfolio::ExposureStore::open(location); !s) return fail(s.error());
  if (auto s = portfolio::MetricsStore::open(location); !s) return fail(s.error());
  if (auto s = accounts::AccountStore::open(location); !s) return fail(s.error());
  if (auto s = jobs::JobStore::open(location); !s) return fail(s.error());
  if (auto s = notify::Store::open(location); !s) return fail(s.error());
  return {};
}

// Both sides were opened through the stores, so each is at this build's schema for its backend
// (the version numbers of a component differ between SQLite and PostgreSQL: PostgreSQL started
// from the SQLite schema's latest state). Every component must exist on both sides.
Result<std::vector<MigratedComponent>> check_versions(const std::map<std::string, int>& src,
                                                      const std::map<std::string, int>& dst,
                                                      const std::string& source) {
  std::vector<MigratedComponent> out;
  for (const auto& [name, version] : src)
    if (!dst.contains(name))
      return make_error(ErrorCode::kPrecondition,
                        fmt::format("{}: schema component '{}' (version {}) is unknown to this "
                                    "version of bulwark",
                                    source, name, version));
  for (const auto& [name, version] : dst) {
    const auto it = src.find(name);
    if (it == src.end())
      return make_error(ErrorCode::kPrecondition,
                        fmt::format("{}: schema component '{}' is missing", source, name));
    out.push_back(MigratedComponent{name, it->second, version});
  }
  return out;
}

// Tables in foreign-key order (referenced tables first), by name otherwise.
Result<std::vector<std::string>> copy_order(Database& db, const std::vector<std::string>& tables) {
  std::map<std::string, std::set<std::string>> deps;
  for (const auto& t : tables) {
    auto refs = db.references(t);
    if (!refs) return std::unexpected(std::move(refs).error());
    for (auto& r : *refs)
      if (r != t) deps[t].insert(std::move(r));
  }
  std::vector<std::string> order;
  std::set<std::string> done;
  while (order.size() < tables.size()) {
    bool progressed = false;
    for (const auto& t : tables) {
      if (done.contains(t)) continue;
      const auto& d = deps[t];
      if (std::all_of(d.begin(), d.end(), [&](const std::string& x) {
            return done.contains(x) || std::find(tables.begin(), tables.end(), x) == tables.end();
          })) {
        order.push_back(t);
        done.insert(t);
        progressed = true;
      }
    }
    if (!progressed)
      return make_error(ErrorCode::kInternal, "db migrate: the tables' foreign keys form a cycle");
  }
  return order;
}

struct TablePlan {
  std::string name;
  std::vector<Column> source_columns, destination_columns;  // same names, same order
  bool in_source = true;
};

// Matches the destination's tables and columns with the source's.
Result<std::vector<TablePlan>> plan_tables(Database& src, Database& dst, const std::string& source,
                                           std::vector<std::string>& skipped) {
  auto src_tables = src.tables();
  if (!src_tables) return std::unexpected(std::move(src_tables).error());
  auto dst_tables = dst.tables();
  if (!dst_tables) return std::unexpected(std::move(dst_tables).error());
  for (const auto& t : *src_tables)
    if (std::find(dst_tables->begin(), dst_tables->end(), t) == dst_tables->end())
      return make_error(ErrorCode::kPrecondition,
                        fmt::format("{}: table '{}' has no counterpart in this version's schema; "
                                    "nothing was copied",
                                    source, t));
  auto order = copy_order(dst, *dst_tables);
  if (!order) return std::unexpected(std::move(order).error());
  std::vector<TablePlan> plans;
  for (const auto& t : *order) {
    TablePlan p;
    p.name = t;
    auto dcols = dst.columns(t);
    if (!dcols) return std::unexpected(std::move(dcols).error());
    p.destination_columns = std::move(*dcols);
    p.in_source = std::find(src_tables->begin(), src_tables->end(), t) != src_tables->end();
    if (p.in_source) {
      auto scols = src.columns(t);
      if (!scols) return std::unexpected(std::move(scols).error());
      std::vector<Column> written;
      for (const auto& d : p.destination_columns) {
        auto it = std::find_if(scols->begin(), scols->end(),
                               [&](const Column& c) { return c.name == d.name; });
        if (it == scols->end()) {
          if (!d.optional)
            return make_error(ErrorCode::kPrecondition,
                              fmt::format("{}: table '{}' has no column '{}'", source, t, d.name));
          skipped.push_back(
              fmt::format("{}.{} (absent in the source: the destination's default)", t, d.name));
          continue;
        }
        written.push_back(d);
        p.source_columns.push_back(*it);
      }
      p.destination_columns = std::move(written);
      for (const auto& s : *scols) {
        if (std::any_of(p.destination_columns.begin(), p.destination_columns.end(),
                        [&](const Column& c) { return c.name == s.name; }))
          continue;
        return make_error(ErrorCode::kPrecondition,
                          fmt::format("{}: column '{}.{}' has no counterpart in this version's "
                                      "schema; nothing was copied",
                                      source, t, s.name));
      }
    }
    plans.push_back(std::move(p));
  }
  return plans;
}

// ---- verification through the portfolio store ----

std::string finding_line(const FindingRow& row) {
  const auto& f = row.stored;
  std::string line = fmt::format(
      "{:016x} {} {} open={} severity={} priority={} kev={} first={} last={} resolved={}",
      portfolio::finding_key(f.component_key, f.vuln_id), f.component_key, f.vuln_id,
      f.resolved_at.empty(), f.severity, f.priority, f.kev, f.first_seen, f.last_seen,
      f.resolved_at);
  if (row.analysis)
    line += fmt::format(" | {} {} responses={} detail={} origin={}", to_string(row.analysis->state),
                        to_string(row.analysis->justification), join(row.analysis->responses, ","),
                        row.analysis->detail, row.origin);
  return line;
}

std::string analysis_line(const portfolio::AnalysisRecord& a) {
  return fmt::format(
      "{} {} {} versions={} {} {} responses={} detail={} action={} author={} at={} "
      "origin={} source={}",
      a.id, a.identity, join(a.vulnerability_ids, ","), a.versions, to_string(a.analysis.state),
      to_string(a.analysis.justification), join(a.analysis.responses, ","), a.analysis.detail,
      a.analysis.action_statement, a.analysis.author, a.analysis.timestamp, a.origin, a.source);
}

std::string history_line(const portfolio::HistoryEntry& h) {
  return fmt::format("{} {} {} {} versions={} {} {} detail={} author={} origin={} source={}",
                     h.analysis_id, h.recorded_at, h.identity, join(h.vulnerability_ids, ","),
                     h.versions, to_string(h.analysis.state), to_string(h.analysis.justification),
                     h.analysis.detail, h.analysis.author, h.origin, h.source);
}

// "N in the source, M in the destination" with the first line that differs.
void compare_lines(std::vector<std::string> a, std::vector<std::string> b, const std::string& what,
                   std::vector<std::string>& differences) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a == b) return;
  std::vector<std::string> only_a, only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string msg =
      fmt::format("{}: {} in the source, {} in the destination", what, a.size(), b.size());
  if (!only_a.empty()) msg += fmt::format("; only in the source: {}", only_a.front());
  if (!only_b.empty()) msg += fmt::format("; only in the destination: {}", only_b.front());
  differences.push_back(std::move(msg));
}

Result<std::vector<std::string>> release_findings(portfolio::Store& store,
                                                  const portfolio::Release& release) {
  auto stored = store.findings(release.id, true);
  if (!stored) return std::unexpected(std::move(stored).error());
  auto rows = with_analyses(store, release, std::move(*stored));
  if (!rows) return std::unexpected(std::move(rows).error());
  std::vector<std::string> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(finding_line(r));
  return out;
}

Result<void> compare_portfolios(const std::string& source, const std::string& destination,
                                MigrateResult& result) {
  auto a = portfolio::Store::open(source);
  if (!a) return std::unexpected(std::move(a).error());
  auto b = portfolio::Store::open(destination);
  if (!b) return std::unexpected(std::move(b).error());
  auto products_a = (*a)->products();
  if (!products_a) return std::unexpected(std::move(products_a).error());
  auto products_b = (*b)->products();
  if (!products_b) return std::unexpected(std::move(products_b).error());
  std::vector<std::string> names_a, names_b;
  for (const auto& p : *products_a) names_a.push_back(fmt::format("{} {}", p.id, p.name));
  for (const auto& p : *products_b) names_b.push_back(fmt::format("{} {}", p.id, p.name));
  compare_lines(names_a, names_b, "products", result.differences);

  auto releases_a = (*a)->releases(0);
  if (!releases_a) return std::unexpected(std::move(releases_a).error());
  for (const auto& ra : *releases_a) {
    const std::string label = fmt::format("release {}@{}", ra.product, ra.version);
    auto rb = (*b)->release_by_id(ra.id);
    if (!rb) return std::unexpected(std::move(rb).error());
    if (!*rb || (*rb)->product != ra.product || (*rb)->version != ra.version) {
      result.differences.push_back(label + ": missing from the destination");
      continue;
    }
    auto fa = release_findings(**a, ra);
    if (!fa) return std::unexpected(std::move(fa).error());
    auto fb = release_findings(**b, **rb);
    if (!fb) return std::unexpected(std::move(fb).error());
    ++result.releases_compared;
    result.findings_compared += fa->size();
    compare_lines(std::move(*fa), std::move(*fb), label + " findings", result.differences);
  }
  for (const auto& p : *products_a) {
    auto aa = (*a)->analyses(p.id);
    if (!aa) return std::unexpected(std::move(aa).error());
    auto ab = (*b)->analyses(p.id);
    if (!ab) return std::unexpected(std::move(ab).error());
    result.analyses_compared += aa->size();
    std::vector<std::string> la, lb;
    for (const auto& x : *aa) la.push_back(analysis_line(x));
    for (const auto& x : *ab) lb.push_back(analysis_line(x));
    compare_lines(std::move(la), std::move(lb), "product " + p.name + " analyses",
                  result.differences);
    auto ha = (*a)->history(p.id);
    if (!ha) return std::unexpected(std::move(ha).error());
    auto hb = (*b)->history(p.id);
    if (!hb) return std::unexpected(std::move(hb).error());
    std::vector<std::string> lha, lhb;
    for (const auto& x : *ha) lha.push_back(history_line(x));
    for (const auto& x : *hb) lhb.push_back(history_line(x));
    compare_lines(std::move(lha), std::move(lhb), "product " + p.name + " analysis trail",
                  result.differences);
  }
  return {};
}

Result<void> verify(const MigrateRequest& request, const std::vector<TablePlan>& plans,
                    bool source_has_portfolio, MigrateResult& result) {
  auto dst = Database::open(request.destination, true);
  if (!dst) return std::unexpected(std::move(dst).error());
  for (auto& t : result.tables) {
    auto n = (*dst)->count(t.name);
    if (!n) return std::unexpected(std::move(n).error());
    t.destination_rows = *n;
    if (t.destination_rows != t.source_rows)
      result.differences.push_back(
          fmt::format("table {}: {} rows in the source, {} in the "
                      "destination",
                      t.name, t.source_rows, t.destination_rows));
  }
  (void)plans;
  if (!source_has_portfolio) return {};
  return compare_portfolios(request.source, request.destination, result);
}

}  // namespace

Result<MigrateResult> migrate_database(const MigrateRequest& request) {
  MigrateResult result;
  result.source = shown(request.source);
  result.destination = shown(request.destination);
  if (request.source.empty() || request.destination.empty())
    return make_error(ErrorCode::kUsage, "db migrate: a source and a destination are required");
  if (request.source == request.destination)
    return make_error(ErrorCode::kUsage, "db migrate: the source and the destination are the same");
  if (!pg::is_url(request.source)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(request.source, ec))
      return make_error(ErrorCode::kNotFound, request.source + ": no such database file");
    if (!pg::is_url(request.destination) &&
        std::filesystem::equivalent(request.source, request.destination, ec))
      return make_error(ErrorCode::kUsage,
                        "db migrate: the source and the destination are the same");
  }

  // The source as any command opens it: an older schema is brought up to date, a newer one
  // refused; then the destination's schema.
  if (auto r = create_schema(request.source); !r) {
    Error e = std::move(r).error();
    if (e.message.find("is newer than this bulwark supports") != std::string::npos)
      e.code = ErrorCode::kPrecondition;
    return std::unexpected(std::move(e));
  }
  if (auto r = create_schema(request.destination); !r) return std::unexpected(std::move(r).error());
  auto src = Database::open(request.source, true);
  if (!src) return std::unexpected(std::move(src).error());
  auto dst = Database::open(request.destination, false);
  if (!dst) return std::unexpected(std::move(dst).error());

  if (auto r = (*src)->begin_read(); !r) return std::unexpected(std::move(r).error());
  auto src_versions = (*src)->versions();
  if (!src_versions) return std::unexpected(std::move(src_versions).error());
  auto dst_versions = (*dst)->versions();
  if (!dst_versions) return std::unexpected(std::move(dst_versions).error());
  auto components = check_versions(*src_versions, *dst_versions, result.source);
  if (!components) return std::unexpected(std::move(components).error());
  result.components = std::move(*components);

  auto plans = plan_tables(**src, **dst, result.source, result.skipped_columns);
  if (!plans) return std::unexpected(std::move(plans).error());

  // The destination must hold nothing but its (empty) schema.
  if (auto r = (*dst)->begin_write(); !r) return std::unexpected(std::move(r).error());
  std::vector<std::string> occupied;
  for (const auto& p : *plans) {
    auto n = (*dst)->count(p.name);
    if (!n) return std::unexpected(std::move(n).error());
    if (*n > 0) occupied.push_back(fmt::format("{} ({} rows)", p.name, *n));
  }
  if (!occupied.empty())
    return make_error(
        ErrorCode::kPrecondition,
        fmt::format("{}: the destination already holds data ({}); migrate into an empty database",
                    result.destination, join(occupied, ", ")));

  const auto start = SteadyClock::now();
  for (const auto& p : *plans) {
    MigratedTable t;
    t.name = p.name;
    t.in_source = p.in_source;
    const auto table_start = SteadyClock::now();
    if (p.in_source) {
      auto n = (*src)->count(p.name);
      if (!n) return std::unexpected(std::move(n).error());
      t.source_rows = *n;
      auto written = (*dst)->write(p.name, p.destination_columns, [&](const detail::RowSink& sink) {
        return (*src)->read(p.name, p.source_columns, sink);
      });
      if (!written)
        return make_error(ErrorCode::kDatabase,
                          fmt::format("table {}: {}; nothing was written to {}", p.name,
                                      written.error().message, result.destination));
      if (*written != t.source_rows)
        return make_error(ErrorCode::kDatabase,
                          fmt::format("table {}: {} rows read for {} counted; nothing was written",
                                      p.name, *written, t.source_rows));
      result.rows += *written;
    }
    t.seconds = seconds_since(table_start);
    if (request.on_table) request.on_table(t);
    result.tables.push_back(std::move(t));
  }
  if (auto r = (*dst)->commit(); !r)
    return make_error(ErrorCode::kDatabase,
                      fmt::format("{}: commit failed: {}", result.destination, r.error().message));
  (*src)->end();
  result.copy_seconds = seconds_since(start);
  src->reset();
  dst->reset();

  const auto verify_start = SteadyClock::now();
  const bool source_has_portfolio = src_versions->contains("portfolio");
  if (auto r = verify(request, *plans, source_has_portfolio, result); !r)
    return std::unexpected(std::move(r).error());
  result.verify_seconds = seconds_since(verify_start);
  return result;
}

std::string migrate_json(const MigrateResult& r) {
  nlohmann::ordered_json j;
  j["source"] = r.source;
  j["destination"] = r.destination;
  j["verified"] = r.verified();
  j["rows"] = r.rows;
  j["copy_seconds"] = r.copy_seconds;
  j["verify_seconds"] = r.verify_seconds;
  auto& comps = j["components"] = nlohmann::ordered_json::array();
  for (const auto& c : r.components)
    comps.push_back({{"name", c.name},
                     {"source_version", c.source_version},
                     {"destination_version", c.destination_version}});
  auto& tables = j["tables"] = nlohmann::ordered_json::array();
  for (const auto& t : r.tables)
    tables.push_back({{"name", t.name},
                      {"in_source", t.in_source},
                      {"source_rows", t.source_rows},
                      {"destination_rows", t.destination_rows},
                      {"seconds", t.seconds}});
  j["compared"] = {{"releases", r.releases_compared},
                   {"findings", r.findings_compared},
                   {"analyses", r.analyses_compared}};
  j["skipped_columns"] = r.skipped_columns;
  j["differences"] = r.differences;
  return j.dump(2);
}

}  // namespace bulwark::service
