#include "bulwark/update/state.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bulwark/core/atomic_file.hpp"
#include "bulwark/update/update.hpp"

namespace bulwark::update::detail {

std::string state_path(const std::string& db_path) {
  return local_stem(db_path) + ".update-state.json";
}

Result<ValidatorMap> load_state(const std::string& path) {
  ValidatorMap out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  std::ifstream in(path, std::ios::binary);
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return invalid_input(path + ": not a JSON object");
  const auto urls = doc.find("urls");
  if (urls == doc.end() || !urls->is_object())
    return invalid_input(path + ": /urls missing or not an object");
  for (const auto& [url, v] : urls->items()) {
    if (!v.is_object()) return invalid_input(path + ": /urls/" + url + ": not an object");
    Validators val;
    for (auto [key, field] :
         {std::pair{"etag", &val.etag}, std::pair{"last_modified", &val.last_modified},
          std::pair{"source", &val.source}}) {
      auto it = v.find(key);
      if (it != v.end() && !it->is_string())
        return invalid_input(path + ": /urls/" + url + "/" + key + ": not a string");
      if (it != v.end()) *field = it->get<std::string>();
    }
    out.emplace(url, std::move(val));
  }
  return out;
}

std::expected<void, Error> save_state(const std::string& path, const ValidatorMap& state) {
  nlohmann::json urls = nlohmann::json::object();
  for (const auto& [url, v] : state)
    urls[url] = {{"etag", v.etag}, {"last_modified", v.last_modified}, {"source", v.source}};
  const nlohmann::json doc = {{"version", 1}, {"urls", urls}};
  return write_file_atomic(path, doc.dump(2) + "\n");
}

}  // namespace bulwark::update::detail
