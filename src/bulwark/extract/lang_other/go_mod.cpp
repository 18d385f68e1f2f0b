// go.mod (Go modules): `require` lines and blocks (with `// indirect`), `replace` directives
// (with or without the old version; local paths keep no version), and the Go standard library
// from the `toolchain` or `go` directive. Versions keep their leading 'v' (v1.2.3), as Go writes
// them; the stdlib version is written the same way (v1.21.5).
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

struct Require {
  std::string path;
  std::string version;
  bool indirect = false;
};

struct Replace {
  std::string old_path;
  std::string old_version;  // empty: every version
  std::string new_path;
  std::string new_version;  // empty: a local directory
};

struct GoMod {
  std::vector<Require> requires_;
  std::vector<Replace> replaces;
  std::string go_version;
  std::string toolchain;
};

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    auto start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(unquote(s.substr(start, i - start)));
  }
  return out;
}

constexpr std::string_view kKnownDirectives[] = {"module",  "go",      "toolchain", "require",
                                                 "replace", "exclude", "retract",   "godebug",
                                                 "tool",    "ignore"};

bool known_directive(std::string_view w) {
  for (auto d : kKnownDirectives)
    if (w == d) return true;
  return false;
}

// Applies one directive line (without the directive word when inside a block).
Result<void> apply(std::string_view directive, std::vector<std::string_view> args, bool indirect,
                   GoMod& mod) {
  if (directive == "go" && !args.empty())
    mod.go_version = args[0];
  else if (directive == "toolchain" && !args.empty())
    mod.toolchain = args[0];
  else if (directive == "require") {
    if (args.size() < 2)
      return std::unexpected(
          Error{ErrorCode::kInvalidInput, "require needs a module path and a version"});
    mod.requires_.push_back({std::string(args[0]), std::string(args[1]), indirect});
  } else if (directive == "replace") {
    std::size_t arrow = 0;
    while (arrow < args.size() && args[arrow] != "=>") ++arrow;
    if (arrow == 0 || arrow > 2 || arrow + 1 >= args.size())
      return std::unexpected(
          Error{ErrorCode::kInvalidInput, "replace needs `path [version] => path [version]`"});
    Replace r{std::string(args[0]), arrow == 2 ? std::string(args[1]) : "",
              std::string(args[arrow + 1]),
              arrow + 2 < args.size() ? std::string(args[arrow + 2]) : ""};
    mod.replaces.push_back(std::move(r));
  }
  return {};
}

Result<GoMod> parse(const ScanInput& input) {
  GoMod mod;
  std::string block;  // directive of the open `( ... )` block
  LineReader reader(input.content);
  std::string_view raw;
  while (reader.next(raw)) {
    auto comment = raw.find("//");
    bool indirect =
        comment != std::string_view::npos && trim(raw.substr(comment + 2)).starts_with("indirect");
    auto line = trim(raw.substr(0, comment));
    if (line.empty()) continue;
    auto w = words(line);
    if (!block.empty()) {
      if (w[0] == ")") {
        block.clear();
        continue;
      }
      if (auto ok = apply(block, w, indirect, mod); !ok)
        return line_error(input, reader.number(), ok.error().message);
      continue;
    }
    if (!known_directive(w[0]))
      return line_error(input, reader.number(),
                        "unknown directive `" + std::string(w[0]) + "`: not a go.mod file");
    if (w.size() == 2 && w[1] == "(") {
      block = w[0];
      continue;
    }
    std::vector<std::string_view> args(w.begin() + 1, w.end());
    if (auto ok = apply(w[0], std::move(args), indirect, mod); !ok)
      return line_error(input, reader.number(), ok.error().message);
  }
  if (!block.empty())
    return line_error(input, reader.number(), "unterminated `" + block + " (` block");
  return mod;
}

const Replace* find_replace(const GoMod& mod, const Require& r) {
  const Replace* any_version = nullptr;
  for (const auto& rep : mod.replaces) {
    if (rep.old_path != r.path) continue;
    if (rep.old_version == r.version) return &rep;
    if (rep.old_version.empty()) any_version = &rep;
  }
  return any_version;
}

// "go1.21.5-custom" -> "1.21.5"; "1.17" -> "1.17".
std::string stdlib_version(const GoMod& mod) {
  std::string_view v = mod.toolchain.empty() ? mod.go_version : mod.toolchain;
  if (v.starts_with("go")) v.remove_prefix(2);
  if (auto dash = v.find('-'); dash != std::string_view::npos) v = v.substr(0, dash);
  return std::string(v);
}

void set_purl_parts(Package& p) {
  if (p.name.starts_with('.') || p.name.starts_with('/')) {
    p.no_purl = true;  // a local directory replacement
    return;
  }
  auto slash = p.name.rfind('/');
  if (slash == std::string::npos) return;
  p.purl_ns = p.name.substr(0, slash);
  p.purl_name = p.name.substr(slash + 1);
}

class GoModExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "go/gomod"; }
  bool wants(const FileInfo& file) const override { return base_name(file.path) == "go.mod"; }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto mod = parse(input);
    if (!mod) return std::unexpected(std::move(mod.error()));
    PackageSet set("golang");
    for (const auto& r : mod->requires_) {
      Package p;
      p.name = r.path;
      p.version = r.version;
      if (const auto* rep = find_replace(*mod, r)) {
        p.name = rep->new_path;
        p.version = rep->new_version;
      }
      p.direct = !r.indirect;
      set_purl_parts(p);
      set.add(std::move(p));
    }
    if (auto v = stdlib_version(*mod); !v.empty()) {
      Package p;
      p.name = "stdlib";
      p.version = "v" + v;
      set.add(std::move(p));
    }
    return set.finish();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_go_mod_extractor() { return std::make_unique<GoModExtractor>(); }

}  // namespace bulwark::extract::other
