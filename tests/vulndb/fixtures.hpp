// Fixtures for the vulndb tests: OSV records written here, archives built with libarchive,
// and table dumps read with SQLite directly.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::test {

inline nlohmann::json osv_record(const std::string& id, const std::string& modified,
                                 const std::string& ecosystem, const std::string& name,
                                 const std::vector<std::string>& aliases = {}) {
  nlohmann::json events = nlohmann::json::array({{{"introduced", "0"}}, {{"fixed", "2.0.0"}}});
  nlohmann::json range = {{"type", "ECOSYSTEM"}, {"events", events}};
  nlohmann::json affected = {{"package", {{"ecosystem", ecosystem}, {"name", name}}},
                             {"ranges", nlohmann::json::array({range})}};
  return {{"schema_version", "1.6.0"}, {"id", id},
          {"modified", modified},      {"summary", id + " at " + modified},
          {"aliases", aliases},        {"affected", nlohmann::json::array({affected})}};
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Writes text as a single gzip stream (not a tar): what FIRST publishes as .csv.gz.
inline void write_gzip(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  archive_write_open_filename(a, p.string().c_str());
  archive_entry* e = archive_entry_new();
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_pathname(e, "data");
  archive_entry_set_size(e, static_cast<la_int64_t>(text.size()));
  archive_write_header(a, e);
  archive_write_data(a, text.data(), text.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
}

inline void write_json(const std::filesystem::path& p, const nlohmann::json& j) {
  write_text(p, j.dump(2));
}

enum class ArchiveKind { kZip, kTarGz };

// Members are (name, content); a name ending in '/' is a directory entry.
inline void write_archive(const std::filesystem::path& p, ArchiveKind kind,
                          const std::vector<std::pair<std::string, std::string>>& members) {
  archive* a = archive_write_new();
  if (kind == ArchiveKind::kZip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
  }
  archive_write_open_filename(a, p.string().c_str());
  for (const auto& [name, content] : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    bool dir = !name.empty() && name.back() == '/';
    archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, dir ? 0755 : 0644);
    archive_entry_set_size(e, dir ? 0 : static_cast<la_int64_t>(content.size()));
    archive_write_header(a, e);
    if (!dir) archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

// Rows of a query joined as text, for before/after comparisons of the database's contents.
inline std::string dump_query(const std::filesystem::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_path.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "<cannot open>";
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    out = std::string("<error: ") + sqlite3_errmsg(db) + ">";
  } else {
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = sqlite3_column_text(st, i);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The data tables (not the import log), in a stable order.
inline std::string dump_tables(const std::filesystem::path& db_path) {
  return dump_query(db_path,
                    "SELECT id, source, modified, modified_key, published, withdrawn, json FROM "
                    "records ORDER BY id") +
         dump_query(
             db_path,
             "SELECT r.id, a.alias FROM aliases a JOIN records r ON r.rid = a.rid ORDER BY 1, 2") +
         dump_query(db_path,
                    "SELECT r.id, f.idx, f.ecosystem, f.ecosystem_base, f.name FROM affected f "
                    "JOIN records r ON r.rid = f.rid ORDER BY 1, 2");
}

}  // namespace bulwark::test
