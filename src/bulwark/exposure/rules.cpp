// Custom secret rules (--rules FILE) in gitleaks' TOML format: [[rules]] tables with id, regex,
// optional keywords, entropy, secretGroup and path. Regexes are compiled with RE2 (linear time,
// bounded memory), never std::regex; a rule whose regex does not compile is an error naming the
// rule and the line. Matches go through the same placeholder filter and redaction as the built-in
// rules.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "bulwark/core/text.hpp"
#include "bulwark/exposure/internal.hpp"

namespace bulwark::exposure::detail {

struct RuleSet::Impl {
  struct Rule {
    std::string id;
    std::size_t line = 0;
    std::unique_ptr<RE2> regex;
    std::unique_ptr<RE2> path;
    std::vector<std::string> keywords;  // lower case
    double entropy = 0;
    int group = 0;
  };
  std::vector<Rule> rules;
};

namespace {

constexpr std::size_t kMaxRules = 1000;
constexpr std::size_t kMaxHits = 64;

// Decodes a TOML string value: '...', '''...''', "..." or """...""" (basic escapes).
std::optional<std::string> toml_string(std::string_view v) {
  v = trim(v);
  if (v.starts_with("'''") && v.size() >= 6 && v.ends_with("'''")) {
    std::string_view body = v.substr(3, v.size() - 6);
    if (body.starts_with('\n')) body.remove_prefix(1);
    return std::string(body);
  }
  if (v.starts_with("\"\"\"") && v.size() >= 6 && v.ends_with("\"\"\""))
    v = v.substr(2, v.size() - 4);
  if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
    return std::string(v.substr(1, v.size() - 2));
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      char c = v[i];
      if (c == '\\' && i + 2 < v.size()) {
        char n = v[++i];
        switch (n) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          default:
            out += '\\', out += n;
            break;
        }
      } else {
        out += c;
      }
    }
    return out;
  }
  return std::nullopt;
}

std::vector<std::string> toml_string_array(std::string_view v) {
  std::vector<std::string> out;
  v = trim(v);
  if (v.size() < 2 || v.front() != '[') return out;
  std::size_t i = 1;
  while (i < v.size()) {
    char q = v[i];
    if (q == '"' || q == '\'') {
      auto end = v.find(q, i + 1);
      if (end == std::string_view::npos) break;
      out.emplace_back(v.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      ++i;
    }
  }
  return out;
}

// Whether a multi-line value starting on this line is complete.
bool complete(std::string_view v) {
  v = trim(v);
  if (v.starts_with("'''")) return v.size() >= 6 && v.ends_with("'''");
  if (v.starts_with("\"\"\"")) return v.size() >= 6 && v.ends_with("\"\"\"");
  if (v.starts_with('[')) {
    int depth = 0;
    char quote = 0;
    for (char c : v) {
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      }
    }
    return depth <= 0;
  }
  return true;
}

}  // namespace

RuleSet::RuleSet() : impl_(std::make_shared<Impl>()) {}

std::size_t RuleSet::size() const { return impl_->rules.size(); }

Result<RuleSet> RuleSet::parse(std::string_view text) {
  RuleSet set;
  auto& rules = set.impl_->rules;
  enum class Where { kOther, kRule } where = Where::kOther;
  struct Pending {
    std::string id, regex, path;
    std::vector<std::string> keywords;
    double entropy = 0;
    int group = 0;
    std::size_t line = 0;
  };
  std::optional<Pending> cur;
  auto flush = [&]() -> Result<void> {
    if (!cur) return {};
    Pending p = std::move(*cur);
    cur.reset();
    if (p.regex.empty()) return {};  // path-only rules are not supported: skipped
    if (rules.size() >= kMaxRules)
      return invalid_input("line " + std::to_string(p.line) + ": more than " +
                           std::to_string(kMaxRules) + " rules");
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(8 << 20);
    Impl::Rule r;
    r.id = p.id.empty() ? "rule-line-" + std::to_string(p.line) : p.id;
    r.line = p.line;
    r.regex = std::make_unique<RE2>(p.regex, o);
    if (!r.regex->ok())
      return invalid_input("line " + std::to_string(p.line) + ": rule '" + r.id +
                           "': regex: " + r.regex->error());
    if (p.group < 0 || p.group > r.regex->NumberOfCapturingGroups())
      return invalid_input("line " + std::to_string(p.line) + ": rule '" + r.id +
                           "': secretGroup " + std::to_string(p.group) + " out of range");
    if (!p.path.empty()) {
      r.path = std::make_unique<RE2>(p.path, o);
      if (!r.path->ok())
        return invalid_input("line " + std::to_string(p.line) + ": rule '" + r.id +
                             "': path: " + r.path->error());
    }
    for (auto& k : p.keywords) r.keywords.push_back(to_lower(k));
    r.entropy = p.entropy;
    r.group = p.group;
    rules.push_back(std::move(r));
    return {};
  };
  std::size_t n = 0;
  std::string pending_key, pending_value;
  std::size_t pending_line = 0;
  for (auto raw : split(text, '\n')) {
    ++n;
    if (n > 200'000) return invalid_input("more than 200000 lines");
    std::string_view line = raw;
    if (!pending_key.empty()) {
      pending_value += '\n';
      pending_value += line;
      if (!complete(pending_value)) continue;
      line = {};
    } else {
      auto t = trim(line);
      if (t.empty() || t.front() == '#') continue;
      if (t.front() == '[') {
        if (auto ok = flush(); !ok) return std::unexpected(std::move(ok).error());
        where = t == "[[rules]]" ? Where::kRule : Where::kOther;
        if (where == Where::kRule) cur = Pending{.line = n};
        continue;
      }
      auto eq = t.find('=');
      if (eq == std::string_view::npos)
        return invalid_input("line " + std::to_string(n) + ": expected key = value");
      pending_key = std::string(trim(t.substr(0, eq)));
      pending_value = std::string(trim(t.substr(eq + 1)));
      pending_line = n;
      if (!complete(pending_value)) continue;
    }
    std::string key = std::move(pending_key), value = std::move(pending_value);
    pending_key.clear(), pending_value.clear();
    if (where != Where::kRule || !cur) continue;
    auto bad = [&](const char* what) {
      return invalid_input("line " + std::to_string(pending_line) + ": " + key + ": " + what);
    };
    if (key == "id" || key == "regex" || key == "path") {
      auto s = toml_string(value);
      if (!s) return bad("expected a string");
      (key == "id" ? cur->id : key == "regex" ? cur->regex : cur->path) = std::move(*s);
    } else if (key == "keywords") {
      cur->keywords = toml_string_array(value);
    } else if (key == "entropy") {
      try {
        cur->entropy = std::stod(value);
      } catch (...) {
        return bad("expected a number");
      }
    } else if (key == "secretGroup") {
      try {
        cur->group = std::stoi(value);
      } catch (...) {
        return bad("expected an integer");
      }
    }
  }
  if (!pending_key.empty())
    return invalid_input("line " + std::to_string(pending_line) + ": unterminated value");
  if (auto ok = flush(); !ok) return std::unexpected(std::move(ok).error());
  return set;
}

std::vector<TokenHit> RuleSet::scan(std::string_view path, std::string_view content) const {
  std::vector<TokenHit> out;
  std::string lower;
  for (const auto& r : impl_->rules) {
    if (out.size() >= kMaxHits) break;
    if (r.path && !RE2::PartialMatch(path, *r.path)) continue;
    if (!r.keywords.empty()) {
      if (lower.empty()) lower = to_lower(content);
      if (std::none_of(r.keywords.begin(), r.keywords.end(),
                       [&](const std::string& k) { return lower.find(k) != std::string::npos; }))
        continue;
    }
    const int groups = r.regex->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> m(static_cast<std::size_t>(groups) + 1);
    std::size_t at = 0;
    while (at <= content.size() && out.size() < kMaxHits) {
      if (!r.regex->Match(content, at, content.size(), RE2::UNANCHORED, m.data(), groups + 1))
        break;
      std::size_t begin = static_cast<std::size_t>(m[0].data() - content.data());
      at = begin + std::max<std::size_t>(m[0].size(), 1);
      re2::StringPiece secret = m[static_cast<std::size_t>(r.group)];
      if (r.group == 0 && groups >= 1 && !m[1].empty())
        secret = m[1];  // gitleaks: first group when set
      std::string_view value(secret.data(), secret.size());
      if (value.empty() || (r.entropy > 0 && shannon_entropy(value) < r.entropy)) continue;
      std::size_t line =
          1 + static_cast<std::size_t>(std::count(content.begin(), content.begin() + begin, '\n'));
      out.push_back(TokenHit{"custom:" + r.id, line, redact(value)});
    }
  }
  return out;
}

}  // namespace bulwark::exposure::detail
