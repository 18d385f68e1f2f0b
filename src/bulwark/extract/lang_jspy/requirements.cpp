// requirements.txt: only requirements pinned with `==` (or `===`) to one exact version become
// components; names are kept as written and normalised per PEP 503 in the purl. Comments,
// environment markers (`; ...`), per-requirement options (`--hash=...`) and line continuations are
// handled. Include files
// (`-r`, `-c`) are NOT followed (the walker extracts every requirements file on its own); the
// inventory carries a note for them and for every unpinned or non-registry requirement.
#include <cctype>

#include <fmt/format.h>

#include "bulwark/extract/lang_jspy/common.hpp"

namespace bulwark::extract::jspy {
namespace {

struct LogicalLine {
  std::size_t line = 0;
  std::string text;
};

std::vector<LogicalLine> logical_lines(std::string_view content) {
  std::vector<LogicalLine> out;
  std::size_t line_no = 0;
  bool continued = false;
  for (std::string_view raw : split(content, '\n')) {
    ++line_no;
    std::string_view line = raw;
    if (line.ends_with('\r')) line.remove_suffix(1);
    std::size_t slashes = 0;
    while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\') ++slashes;
    bool continues = slashes % 2 == 1;  // "\\" at the end is an escaped backslash
    if (continues) line.remove_suffix(1);
    if (!continued) out.push_back(LogicalLine{line_no, {}});
    out.back().text.append(line);
    continued = continues;
  }
  return out;
}

std::string_view cut_comment(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) return s.substr(0, i);
  return s;
}

// Removes per-requirement options (" --hash=...", " -i ...") and environment markers.
std::string_view cut_options(std::string_view s) {
  s = s.substr(0, s.find(';'));
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] == '-' && (s[i - 1] == ' ' || s[i - 1] == '\t')) return strip(s.substr(0, i));
  return strip(s);
}

bool valid_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

// A PEP 440 public/local version's characters only (no wildcard, range, variable or blank).
bool exact_version(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '!' ||
          c == '-' || c == '_'))
      return false;
  return true;
}

// One requirement line (comments and options already removed); adds a package or a note.
void handle_requirement(std::string_view req, std::size_t line, PackageSet& set,
                        std::vector<std::string>& notes) {
  if (req.find("://") != std::string_view::npos || req.find(" @ ") != std::string_view::npos ||
      req.starts_with('.') || req.starts_with('/')) {
    notes.push_back(fmt::format("line {}: skipped non-registry requirement '{}'", line, req));
    return;
  }
  auto eq = req.find("==");
  std::string_view name =
      strip(req.substr(0, eq == std::string_view::npos ? req.find_first_of("<>!~=[ ") : eq));
  name = strip(name.substr(0, name.find('[')));
  if (eq == std::string_view::npos) {
    notes.push_back(fmt::format("line {}: '{}' is not pinned with ==: skipped", line, name));
    return;
  }
  std::string_view version = req.substr(eq + 2);
  if (version.starts_with('=')) version.remove_prefix(1);
  version = strip(version);
  if (!valid_name(name) || !exact_version(version)) {
    notes.push_back(
        fmt::format("line {}: '{}' is not pinned to one exact version: skipped", line, req));
    return;
  }
  Package p;
  p.name = std::string(name);
  p.version = std::string(version);
  p.direct = true;
  std::string key = pep503_normalise(name) + "@" + p.version;
  set.add(key, std::move(p));
}

class RequirementsExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "python/requirements"; }
  bool wants(const FileInfo& f) const override {
    std::string base = to_lower(base_name(f.path));
    if (!base.ends_with(".txt")) return false;
    return base.find("requirements") != std::string::npos ||
           f.path.find("requirements/") != std::string::npos;
  }
  Result<Inventory> extract(const ScanInput& in) const override {
    PackageSet set(Ecosystem::kPypi);
    std::vector<std::string> notes;
    for (const auto& ll : logical_lines(in.content)) {
      std::string_view line = strip(cut_comment(ll.text));
      if (line.empty()) continue;
      if (line.starts_with('-')) {
        if (line.starts_with("-r") || line.starts_with("--requirement") || line.starts_with("-c") ||
            line.starts_with("--constraint"))
          notes.push_back(fmt::format("line {}: include '{}' not followed", ll.line, line));
        else if (line.starts_with("-e") || line.starts_with("--editable"))
          notes.push_back(fmt::format("line {}: skipped editable requirement '{}'", ll.line, line));
        continue;
      }
      handle_requirement(cut_options(line), ll.line, set, notes);
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_requirements_extractor() {
  return std::make_unique<RequirementsExtractor>();
}

}  // namespace bulwark::extract::jspy
