// Cargo.lock (Rust): the [[package]] tables of the TOML file, parsed by hand (no TOML library):
// `key = "string"` and `key = [ "a", "b" ]` (possibly spanning lines), comments, table headers.
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

struct CargoEntry {
  std::string name;
  std::string version;
  std::string source;
  std::vector<std::string> dependencies;  // "name", "name version" or "name version (source)"
  std::size_t line = 0;
};

// Strips a trailing comment that is outside a string.
std::string_view strip_comment(std::string_view s) {
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' && (i == 0 || s[i - 1] != '\\')) in_string = !in_string;
    if (s[i] == '#' && !in_string) return s.substr(0, i);
  }
  return s;
}

// Appends the quoted strings of an array body ("a", "b",) to out; true when ']' was seen.
bool read_array_items(std::string_view body, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < body.size()) {
    if (body[i] == ']') return true;
    if (body[i] == '"') {
      auto end = body.find('"', i + 1);
      if (end == std::string_view::npos) end = body.size();
      out.emplace_back(body.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    ++i;
  }
  return false;
}

class CargoLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "rust/cargolock"; }
  bool wants(const FileInfo& file) const override { return base_name(file.path) == "Cargo.lock"; }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto entries = parse(input);
    if (!entries) return std::unexpected(std::move(entries.error()));
    return build(*entries);
  }

 private:
  static Result<std::vector<CargoEntry>> parse(const ScanInput& input) {
    std::vector<CargoEntry> entries;
    bool in_package = false;
    std::vector<std::string>* open_array = nullptr;
    std::vector<std::string> ignored;
    LineReader reader(input.content);
    std::string_view raw;
    while (reader.next(raw)) {
      auto line = trim(strip_comment(raw));
      if (open_array) {
        if (read_array_items(line, *open_array)) open_array = nullptr;
        continue;
      }
      if (line.empty()) continue;
      if (line.front() == '[') {
        in_package = line == "[[package]]";
        if (in_package) entries.push_back(CargoEntry{.line = reader.number()});
        continue;
      }
      auto eq = line.find('=');
      if (eq == std::string_view::npos || trim(line.substr(0, eq)).empty())
        return line_error(input, reader.number(),
                          "not TOML: expected `key = value` or a [table] header");
      auto key = trim(line.substr(0, eq));
      auto value = trim(line.substr(eq + 1));
      if (!value.empty() && value.front() == '[') {
        auto* target =
            (in_package && key == "dependencies") ? &entries.back().dependencies : &ignored;
        if (!read_array_items(value.substr(1), *target)) open_array = target;
        continue;
      }
      if (!in_package) continue;
      auto& e = entries.back();
      if (key == "name")
        e.name = unquote(value);
      else if (key == "version")
        e.version = unquote(value);
      else if (key == "source")
        e.source = unquote(value);
    }
    if (open_array) return line_error(input, reader.number(), "unterminated array");
    return entries;
  }

  static Inventory build(const std::vector<CargoEntry>& entries) {
    PackageSet set("cargo");
    std::vector<std::string> notes;
    std::unordered_map<std::string, std::string> key_by_name;  // only for unique names
    std::unordered_map<std::string, int> name_count;
    for (const auto& e : entries) {
      if (e.name.empty() || e.version.empty()) {
        notes.push_back("line " + std::to_string(e.line) +
                        ": skipped [[package]] without name or version");
        continue;
      }
      Package p;
      p.name = e.name;
      p.version = e.version;
      if (auto hash = e.source.rfind('#');
          e.source.starts_with("git+") && hash != std::string::npos)
        p.commit = e.source.substr(hash + 1);
      set.add(std::move(p));
      key_by_name[e.name] = default_key(e.name, e.version);
      ++name_count[e.name];
    }
    for (const auto& e : entries) {
      auto* pkg = set.find(default_key(e.name, e.version));
      if (!pkg) continue;
      for (const auto& d : e.dependencies) {
        auto parts = split(d, ' ');
        std::string dep_name(parts[0]);
        if (parts.size() >= 2)
          pkg->depends_on.push_back(default_key(dep_name, parts[1]));
        else if (name_count[dep_name] == 1)
          pkg->depends_on.push_back(key_by_name[dep_name]);
      }
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_cargo_lock_extractor() {
  return std::make_unique<CargoLockExtractor>();
}

}  // namespace bulwark::extract::other
