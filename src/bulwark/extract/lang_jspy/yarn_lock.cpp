// yarn.lock: classic v1 (`version "1.2.3"`, `resolved "..."`) and berry v2+ (YAML subset with
// `__metadata`, `version: 1.2.3`, `resolution: "name@npm:1.2.3"`, patch: entries that repeat a
// version). Parsed line by line: a block header is an unindented line ending in ':' that lists
// the descriptors ("name@range", ...), its fields are indented.
#include <fmt/format.h>

#include "bulwark/extract/lang_jspy/common.hpp"

namespace bulwark::extract::jspy {
namespace {

struct Block {
  std::size_t line = 0;
  std::vector<std::string> descriptors;
  std::string version;
  std::string resolved;           // v1 `resolved`
  std::string resolution;         // berry `resolution`
  std::vector<std::string> deps;  // descriptors this block depends on
};

// "@s/name@range" -> "@s/name"; an alias "alias@npm:@s/real@range" -> "@s/real".
std::string descriptor_name(std::string_view d, int depth = 0) {
  bool scoped = d.starts_with('@');
  std::string_view rest = scoped ? d.substr(1) : d;
  auto at = rest.find('@');
  std::string_view name = rest.substr(0, at);
  std::string_view right = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
  if (right.starts_with("npm:") && right.find('@', 4) != std::string_view::npos && depth < 4)
    return descriptor_name(right.substr(4), depth + 1);
  return scoped ? fmt::format("@{}", name) : std::string(name);
}

std::vector<std::string> split_descriptors(std::string_view header) {
  std::vector<std::string> out;
  for (auto part : split(header, ',')) {
    std::string_view d = unquote(strip(part));
    if (!d.empty()) out.emplace_back(d);
  }
  return out;
}

// `key "value"`, `key: value` or `key: "value"` -> (key, value).
std::pair<std::string_view, std::string_view> split_field(std::string_view line) {
  std::string_view key;
  std::string_view value;
  if (line.starts_with('"')) {
    auto close = line.find('"', 1);
    if (close == std::string_view::npos) return {line, {}};
    key = line.substr(1, close - 1);
    value = line.substr(close + 1);
  } else {
    auto sep = line.find_first_of(" :");
    key = line.substr(0, sep);
    value = sep == std::string_view::npos ? std::string_view() : line.substr(sep);
  }
  if (value.starts_with(':')) value.remove_prefix(1);
  return {key, unquote(strip(value))};
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

std::vector<Block> parse_blocks(std::string_view text) {
  std::vector<Block> blocks;
  bool in_deps = false;
  std::size_t line_no = 0;
  for (std::string_view raw : split(text, '\n')) {
    ++line_no;
    std::string_view line = strip(raw);
    if (line.empty() || line.starts_with('#')) continue;
    std::size_t indent = indent_of(raw);
    if (indent == 0) {
      in_deps = false;
      Block b;
      b.line = line_no;
      if (line.ends_with(':')) line.remove_suffix(1);
      b.descriptors = split_descriptors(line);
      blocks.push_back(std::move(b));
      continue;
    }
    if (blocks.empty()) continue;
    Block& b = blocks.back();
    auto [key, value] = split_field(line);
    if (indent <= 2) {
      in_deps = key == "dependencies" || key == "optionalDependencies";
      if (key == "version")
        b.version = value;
      else if (key == "resolved")
        b.resolved = value;
      else if (key == "resolution")
        b.resolution = value;
    } else if (in_deps && !key.empty()) {
      b.deps.push_back(fmt::format("{}@{}", key, value));
    }
  }
  return blocks;
}

bool is_workspace_root(const Block& b) { return b.resolution.ends_with("@workspace:."); }

Package to_package(const Block& b) {
  Package p;
  p.name = descriptor_name(b.resolution.empty()
                               ? (b.descriptors.empty() ? std::string() : b.descriptors.front())
                               : b.resolution);
  p.version = b.version;
  p.commit = extract_commit(b.resolution.empty() ? b.resolved : b.resolution);
  return p;
}

std::string key_of(const Package& p) {
  return p.name + "@" + p.version + (p.commit.empty() ? "" : "#" + p.commit);
}

std::string lookup(const std::unordered_map<std::string, std::string>& by_desc,
                   const std::string& dep) {
  if (auto it = by_desc.find(dep); it != by_desc.end()) return it->second;
  auto at = dep.find('@', 1);
  if (at == std::string::npos) return {};
  if (auto it = by_desc.find(dep.substr(0, at + 1) + "npm:" + dep.substr(at + 1));
      it != by_desc.end())
    return it->second;
  return {};
}

class YarnLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "javascript/yarnlock"; }
  bool wants(const FileInfo& f) const override { return base_name(f.path) == "yarn.lock"; }
  Result<Inventory> extract(const ScanInput& in) const override {
    std::vector<Block> blocks = parse_blocks(in.content);
    std::unordered_map<std::string, std::string> by_desc;
    std::vector<std::string> notes;
    for (const Block& b : blocks) {
      if (b.descriptors.empty() || b.descriptors.front() == "__metadata" || is_workspace_root(b))
        continue;
      if (b.version.empty()) {
        notes.push_back(fmt::format("line {}: skipped entry without version", b.line));
        continue;
      }
      std::string key = key_of(to_package(b));
      for (const auto& d : b.descriptors) by_desc.emplace(d, key);
    }
    PackageSet set(Ecosystem::kNpm);
    std::vector<std::string> direct;
    for (const Block& b : blocks) {
      if (b.descriptors.empty() || b.descriptors.front() == "__metadata") continue;
      if (is_workspace_root(b)) {
        for (const auto& d : b.deps) direct.push_back(lookup(by_desc, d));
        continue;
      }
      if (b.version.empty()) continue;
      Package p = to_package(b);
      if (p.name.empty())
        return invalid_input(
            fmt::format("{}: line {}: entry without a package name", in.info.path, b.line));
      for (const auto& d : b.deps)
        if (auto k = lookup(by_desc, d); !k.empty()) p.depends_on.push_back(std::move(k));
      std::string key = key_of(p);
      set.add(key, std::move(p));
    }
    for (const auto& k : direct)
      if (auto* p = set.find(k)) p->direct = true;
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_yarn_lock_extractor() {
  return std::make_unique<YarnLockExtractor>();
}

}  // namespace bulwark::extract::jspy
