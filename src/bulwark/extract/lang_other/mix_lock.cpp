// mix.lock (Elixir/Erlang, Hex): one `"name": {:hex, :name, "version", "checksum", ...}` or
// `"name": {:git, "url", "commit", [...]}` entry per line. Malformed entries are skipped with a
// note; hex entries carry the outer checksum as a SHA-256 hash.
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

// The next double-quoted string at or after pos (pos moves past it); empty when none.
std::string_view next_string(std::string_view s, std::size_t& pos) {
  auto open = s.find('"', pos);
  if (open == std::string_view::npos) return pos = s.size(), std::string_view{};
  auto close = s.find('"', open + 1);
  if (close == std::string_view::npos) return pos = s.size(), std::string_view{};
  pos = close + 1;
  return s.substr(open + 1, close - open - 1);
}

class MixLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "erlang/mixlock"; }
  bool wants(const FileInfo& file) const override { return base_name(file.path) == "mix.lock"; }
  Result<Inventory> extract(const ScanInput& input) const override {
    PackageSet set("hex");
    std::vector<std::string> notes;
    LineReader reader(input.content);
    std::string_view raw;
    while (reader.next(raw)) {
      auto line = trim(raw);
      if (!line.starts_with('"')) continue;
      std::size_t pos = 0;
      auto key = next_string(line, pos);
      auto brace = line.find('{', pos);
      if (key.empty() || brace == std::string_view::npos) continue;
      auto body = line.substr(brace + 1);
      Package p;
      p.name = key;
      std::size_t bp = 0;
      if (body.starts_with(":hex,")) {
        p.version = next_string(body, bp);
        if (p.version.empty()) {
          notes.push_back("line " + std::to_string(reader.number()) +
                          ": skipped hex entry without version");
          continue;
        }
        if (auto sum = next_string(body, bp); !sum.empty())
          p.hashes.push_back({"SHA-256", to_lower(sum)});
      } else if (body.starts_with(":git,")) {
        next_string(body, bp);  // url
        p.commit = next_string(body, bp);
      } else {
        notes.push_back("line " + std::to_string(reader.number()) +
                        ": skipped entry of unknown kind");
        continue;
      }
      set.add(std::move(p));
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_mix_lock_extractor() {
  return std::make_unique<MixLockExtractor>();
}

}  // namespace bulwark::extract::other
