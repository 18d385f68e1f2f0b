// The update state file (internal to bulwark_update): ETag and Last-Modified per URL of the
// last download that was committed, for conditional requests.
#pragma once

#include <map>
#include <string>

#include "bulwark/core/result.hpp"

namespace bulwark::update::detail {

struct Validators {
  std::string etag, last_modified;
  std::string source;  // "osv npm", "kev", "epss": what the URL feeds
};
using ValidatorMap = std::map<std::string, Validators>;  // by URL

// <db path>.update-state.json
std::string state_path(const std::string& db_path);

// An absent file is an empty map; a malformed one is an error naming the file and field.
Result<ValidatorMap> load_state(const std::string& path);
// Written with write_file_atomic (a kill leaves the old state or the new one).
std::expected<void, Error> save_state(const std::string& path, const ValidatorMap& state);

}  // namespace bulwark::update::detail
