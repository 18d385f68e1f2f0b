// Gemfile.lock / gems.locked (Bundler): the `specs:` of the GEM, GIT, PATH and PLUGIN SOURCE
// sections (4-space "name (version)" lines, 6-space dependency lines), the GIT `revision:`, and
// the DEPENDENCIES section for direct dependencies. A platform suffix of a version
// ("1.13.3-x86_64-linux") becomes the purl qualifier platform=x86_64-linux.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// "name (1.2.3)" -> {name, 1.2.3}; "name" -> {name, ""}.
std::pair<std::string_view, std::string_view> name_and_paren(std::string_view s) {
  auto open = s.find(" (");
  if (open == std::string_view::npos || s.back() != ')') return {s, {}};
  return {s.substr(0, open), s.substr(open + 2, s.size() - open - 3)};
}

bool is_source_section(std::string_view s) {
  return s == "GEM" || s == "GIT" || s == "PATH" || s == "PLUGIN SOURCE";
}

class GemfileLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "ruby/gemfilelock"; }
  bool wants(const FileInfo& file) const override {
    auto b = base_name(file.path);
    return b == "Gemfile.lock" || b == "gems.locked";
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    PackageSet set("gem");
    std::vector<std::string> notes;
    std::unordered_map<std::string, std::string> key_by_name;
    std::vector<std::pair<std::string, std::string>> edges;  // (from key, to name)
    std::vector<std::string> direct_names;
    std::string section, revision, current_key;
    bool in_specs = false;
    LineReader reader(input.content);
    std::string_view line;
    while (reader.next(line)) {
      if (is_blank(line)) continue;
      auto indent = indent_of(line);
      auto text = trim(line);
      if (indent == 0) {
        section = text;
        revision.clear();
        in_specs = false;
        current_key.clear();
        continue;
      }
      if (section == "DEPENDENCIES" && indent == 2) {
        auto [n, _] = name_and_paren(text);
        if (n.ends_with('!')) n.remove_suffix(1);
        direct_names.emplace_back(n);
        continue;
      }
      if (!is_source_section(section)) continue;
      if (indent == 2) {
        in_specs = text == "specs:";
        if (text.starts_with("revision:")) revision = trim(text.substr(9));
        continue;
      }
      if (!in_specs) continue;
      auto [n, v] = name_and_paren(text);
      if (indent == 4) {
        current_key.clear();
        if (v.empty()) {
          notes.push_back("line " + std::to_string(reader.number()) +
                          ": skipped spec without version: " + std::string(text));
          continue;
        }
        Package p;
        p.name = n;
        p.version = v;
        // "1.13.3-x86_64-linux": RubyGems versions have no '-', so the rest is the platform.
        if (auto dash = v.find('-'); dash != std::string_view::npos) {
          p.version = v.substr(0, dash);
          p.qualifiers.emplace_back("platform", std::string(v.substr(dash + 1)));
        }
        if (section == "GIT") p.commit = revision;
        current_key = default_key(n, v);  // the full string keeps platform variants apart
        set.add(std::move(p), current_key);
        key_by_name.emplace(std::string(n), current_key);
      } else if (indent == 6 && !current_key.empty()) {
        edges.emplace_back(current_key, std::string(n));
      }
    }
    for (const auto& [from, to] : edges)
      if (auto it = key_by_name.find(to); it != key_by_name.end())
        set.find(from)->depends_on.push_back(it->second);
    for (const auto& n : direct_names)
      if (auto it = key_by_name.find(n); it != key_by_name.end())
        set.find(it->second)->direct = true;
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_gemfile_lock_extractor() {
  return std::make_unique<GemfileLockExtractor>();
}

}  // namespace bulwark::extract::other
