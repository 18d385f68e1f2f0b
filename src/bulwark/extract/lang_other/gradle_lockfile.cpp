// gradle.lockfile (and buildscript-gradle.lockfile): one "group:artifact:version=configurations"
// line per locked module; comments, "empty=" and malformed lines are skipped (with a note).
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

class GradleLockfileExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "java/gradlelockfile"; }
  bool wants(const FileInfo& file) const override {
    return base_name(file.path).ends_with("gradle.lockfile");
  }
  Result<Inventory> extract(const ScanInput& input) const override {
    PackageSet set("maven");
    std::vector<std::string> notes;
    LineReader reader(input.content);
    std::string_view raw;
    while (reader.next(raw)) {
      auto line = trim(raw);
      if (line.empty() || line.front() == '#' || line.starts_with("empty=")) continue;
      auto coords = line.substr(0, line.find('='));
      auto parts = split(coords, ':');
      if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
        notes.push_back("line " + std::to_string(reader.number()) +
                        ": skipped, not group:artifact:version");
        continue;
      }
      Package p;
      p.group = parts[0];
      p.name = parts[1];
      p.version = parts[2];
      p.purl_ns = p.group;
      set.add(std::move(p),
              default_key(std::string(parts[0]) + ":" + std::string(parts[1]), parts[2]));
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_gradle_lockfile_extractor() {
  return std::make_unique<GradleLockfileExtractor>();
}

}  // namespace bulwark::extract::other
