// publish: the CSAF 2.0 provider directory (section 7) under a local folder (csaf.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/csaf/detail.hpp"

namespace bulwark::csaf {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every file of the directory goes through the one atomic writer (O_EXCL temp, fsync, rename,
// directory fsync), creating the folders on the way.
Result<void> write_atomic(const std::string& path, std::string_view data) {
  AtomicWriteOptions o;
  o.create_parents = true;
  return bulwark::write_file_atomic(path, data, o);
}

struct Advisory {
  std::string text, tlp_folder, year, file_name, current_release_date;
  json publisher;
};

Result<Advisory> inspect(const std::string& text, std::size_t index) {
  const std::string f = fmt::format("advisory_json_docs[{}]", index);
  // nlohmann's parser recurses: a hostile nesting depth is refused before it runs.
  if (auto deep = check_json_depth(text, f); !deep) return std::unexpected(deep.error());
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return invalid_input(f + ": not a JSON object");
  auto at = [&](const char* pointer) -> std::string {
    const json::json_pointer p(pointer);
    return doc.contains(p) && doc.at(p).is_string() ? doc.at(p).get<std::string>() : std::string();
  };
  if (at("/document/csaf_version") != "2.0")
    return invalid_input(f + ": /document/csaf_version is not \"2.0\"");
  Advisory a{text,
             "",
             "",
             file_name_for(at("/document/tracking/id")),
             at("/document/tracking/current_release_date"),
             {}};
  if (at("/document/tracking/id").empty())
    return invalid_input(f + ": /document/tracking/id is missing");
  if (!detail::is_rfc3339(a.current_release_date))
    return invalid_input(f + ": /document/tracking/current_release_date: '" +
                         a.current_release_date + "' is not an RFC 3339 date-time");
  a.year = a.current_release_date.substr(0, 4);
  const std::string tlp = detail::normalize_tlp(at("/document/distribution/tlp/label"));
  if (tlp.empty())
    return invalid_input(f + ": /document/distribution/tlp/label is missing or not a TLP label");
  a.tlp_folder = to_lower(tlp);
  if (doc["document"].contains("publisher")) a.publisher = doc["document"]["publisher"];
  return a;
}

Result<std::string> check_options(const PublishOptions& o) {
  static const std::set<std::string> kRoles = {"csaf_publisher", "csaf_provider",
                                               "csaf_trusted_provider"};
  if (o.output_dir.empty()) return invalid_input("output_dir is empty");
  const std::string suffix = "/provider-metadata.json";
  if (!detail::is_https_url(o.canonical_url) || !o.canonical_url.ends_with(suffix))
    return invalid_input("canonical_url: '" + o.canonical_url + "' is not an https URL ending in " +
                         suffix);
  if (!kRoles.contains(o.role))
    return invalid_input("role: '" + o.role + "' is not a CSAF 2.0 role");
  if (o.role == "csaf_trusted_provider" && o.gpg_key.empty())
    return invalid_input("role csaf_trusted_provider needs gpg_key (signed documents)");
  if (!o.publisher_namespace.empty() && !detail::is_http_or_https_url(o.publisher_namespace))
    return invalid_input("publisher_namespace: '" + o.publisher_namespace +
                         "' is not an http(s) URL");
  return o.canonical_url.substr(0,
                                o.canonical_url.size() - suffix.size() + 1);  // base URL with "/"
}

void remove_other_years(const fs::path& tlp_dir, const Advisory& a) {
  std::error_code ec;
  if (!fs::is_directory(tlp_dir, ec)) return;
  for (const auto& year : fs::directory_iterator(tlp_dir, ec)) {
    if (!year.is_directory() || year.path().filename() == a.year) continue;
    for (const char* ext : {"", ".sha256", ".sha512", ".asc"})
      fs::remove(year.path() / (a.file_name + ext), ec);
  }
}

Result<void> write_advisory_files(const fs::path& root, const Advisory& a,
                                  const PublishOptions& o) {
  const fs::path dir = root / a.tlp_folder / a.year;
  remove_other_years(root / a.tlp_folder, a);
  const std::string base = (dir / a.file_name).string();
  if (auto r = write_atomic(base, a.text); !r) return r;
  if (auto r =
          write_atomic(base + ".sha256", detail::sha256_hex(a.text) + "  " + a.file_name + "\n");
      !r)
    return r;
  if (auto r =
          write_atomic(base + ".sha512", detail::sha512_hex(a.text) + "  " + a.file_name + "\n");
      !r)
    return r;
  if (o.gpg_key.empty()) return {};
  auto sig = detail::gpg_sign_detached(a.text, o.gpg_key, o.gnupg_home);
  if (!sig) return std::unexpected(std::move(sig.error()).with_context(a.file_name));
  return write_atomic(base + ".asc", *sig);
}

// index.txt and changes.csv of one TLP folder, from every <YYYY>/*.json in it.
Result<void> write_indexes(const fs::path& tlp_dir) {
  struct Row {
    std::string path, date;
    TimePoint when;
  };
  std::vector<Row> rows;
  std::error_code ec;
  for (const auto& year : fs::directory_iterator(tlp_dir, ec)) {
    const std::string y = year.path().filename().string();
    if (!year.is_directory() || y.size() != 4 || !std::all_of(y.begin(), y.end(), ::isdigit))
      continue;
    for (const auto& file : fs::directory_iterator(year.path(), ec)) {
      if (!file.is_regular_file() || file.path().extension() != ".json") continue;
      auto text = read_file(file.path().string());
      if (!text) return std::unexpected(text.error());
      if (auto deep = check_json_depth(*text, file.path().string()); !deep)
        return std::unexpected(deep.error());
      json doc = json::parse(*text, nullptr, false);
      const json::json_pointer p("/document/tracking/current_release_date");
      if (doc.is_discarded() || !doc.contains(p) || !doc.at(p).is_string())
        return invalid_input(file.path().string() + ": no /document/tracking/current_release_date");
      const std::string date = doc.at(p).get<std::string>();
      auto when = parse_rfc3339(date);
      if (!when) return invalid_input(file.path().string() + ": " + when.error().message);
      rows.push_back({y + "/" + file.path().filename().string(), date, *when});
    }
  }
  if (ec) return io_error(tlp_dir.string() + ": " + ec.message());
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.path < b.path; });
  std::string index;
  for (const auto& r : rows) index += r.path + "\n";
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.when > b.when; });
  std::string changes;
  for (const auto& r : rows) changes += "\"" + r.path + "\",\"" + r.date + "\"\n";
  if (auto r = write_atomic((tlp_dir / "index.txt").string(), index); !r) return r;
  return write_atomic((tlp_dir / "changes.csv").string(), changes);
}

json publisher_json(const PublishOptions& o, const std::vector<Advisory>& docs) {
  if (!o.publisher_name.empty()) {
    json p = {{"category", o.publisher_category},
              {"name", o.publisher_name},
              {"namespace", o.publisher_namespace}};
    if (!o.publisher_contact.empty()) p["contact_details"] = o.publisher_contact;
    return p;
  }
  for (const auto& d : docs)
    if (d.publisher.is_object()) {
      json p = json::object();
      for (const char* k :
           {"category", "name", "namespace", "contact_details", "issuing_authority"})
        if (d.publisher.contains(k)) p[k] = d.publisher[k];
      return p;
    }
  return nullptr;
}

Result<json> openpgp_keys(const fs::path& root, const std::string& base_url,
                          const PublishOptions& o) {
  json keys = json::array();
  if (o.gpg_key.empty()) return keys;
  auto pk = detail::gpg_export_public(o.gpg_key, o.gnupg_home);
  if (!pk) return std::unexpected(pk.error());
  const std::string rel = "openpgp/" + pk->fingerprint + ".asc";
  if (auto r = write_atomic((root / rel).string(), pk->armored); !r)
    return std::unexpected(r.error());
  keys.push_back({{"fingerprint", pk->fingerprint}, {"url", base_url + rel}});
  return keys;
}

Result<void> write_metadata(const fs::path& root, const std::string& base_url,
                            const PublishOptions& o, const std::vector<Advisory>& docs) {
  json publisher = publisher_json(o, docs);
  if (publisher.is_null())
    return invalid_input("publisher_name is empty and no document names a publisher");
  json dists = json::array();
  for (const char* tlp : {"white", "green", "amber", "red"})
    if (fs::is_directory(root / tlp)) dists.push_back({{"directory_url", base_url + tlp + "/"}});
  auto now_tp = now();
  if (!now_tp) return std::unexpected(now_tp.error());
  json meta = {{"canonical_url", o.canonical_url},
               {"distributions", dists},
               {"last_updated", format_rfc3339(*now_tp)},
               {"list_on_CSAF_aggregators", o.list_on_aggregators},
               {"metadata_version", "2.0"},
               {"mirror_on_CSAF_aggregators", o.mirror_on_aggregators},
               {"publisher", publisher},
               {"role", o.role}};
  auto keys = openpgp_keys(root, base_url, o);
  if (!keys) return std::unexpected(keys.error());
  if (!keys->empty()) meta["public_openpgp_keys"] = *keys;
  return write_atomic((root / "provider-metadata.json").string(), meta.dump(2) + "\n");
}

}  // namespace

std::string file_name_for(std::string_view tracking_id) {
  std::string out;
  bool in_run = false;
  for (char c : to_lower(tracking_id)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-';
    if (keep)
      out += c;
    else if (!in_run)
      out += '_';
    in_run = !keep;
  }
  return out + ".json";
}

Result<void> publish(const std::vector<std::string>& advisory_json_docs,
                     const PublishOptions& options) {
  auto base_url = check_options(options);
  if (!base_url) return std::unexpected(base_url.error());
  std::vector<Advisory> docs;
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < advisory_json_docs.size(); ++i) {
    auto a = inspect(advisory_json_docs[i], i);
    if (!a) return std::unexpected(a.error());
    auto [it, fresh] = names.emplace(a->tlp_folder + "/" + a->file_name, i);
    if (!fresh)
      return invalid_input(fmt::format("advisory_json_docs[{}] and [{}] both publish {}",
                                       it->second, i, a->file_name));
    docs.push_back(std::move(*a));
  }
  // The directory is replaced as a whole: a kill or an error leaves the previous one (or, once
  // swapped, the new one), never advisories without their index or hashes.
  return replace_directory_atomic(options.output_dir, [&](const std::string& staging) {
    const fs::path root(staging);
    std::set<std::string> folders;
    for (const auto& a : docs) {
      if (auto r = write_advisory_files(root, a, options); !r) return r;
      folders.insert(a.tlp_folder);
    }
    for (const char* tlp : {"white", "green", "amber", "red"})
      if (fs::is_directory(root / tlp)) folders.insert(tlp);
    for (const auto& f : folders)
      if (auto r = write_indexes(root / f); !r) return r;
    return write_metadata(root, *base_url, options, docs);
  });
}

}  // namespace bulwark::csaf
