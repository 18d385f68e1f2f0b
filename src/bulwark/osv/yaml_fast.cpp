// A fast converter for generated block-style OSV YAML (see yaml_fast.hpp). Anything it does not
// fully understand makes it give up (std::nullopt) so that yaml-cpp decides.
#include "bulwark/osv/yaml_fast.hpp"

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bulwark::osv::detail {
namespace {

struct Line {
  std::size_t indent = 0;
  std::string_view text;  // without the indentation
  std::string_view raw;   // the whole line
};

struct GiveUp {};  // thrown inside this file only, caught by fast_yaml_to_json
struct TooDeep {   // likewise: collections nest deeper than kMaxNestingDepth
  std::size_t line = 0;
};

[[noreturn]] void give_up() { throw GiveUp{}; }

bool is_blank_or_comment(const Line& l) { return l.text.empty() || l.text.front() == '#'; }

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view ltrim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// Same resolution as the yaml-cpp path for plain scalars: null, booleans, else a string.
nlohmann::json plain_value(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::string(s);
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) give_up();
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    give_up();
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) { split_lines(text); }

  nlohmann::json document() {
    skip_blank();
    if (at_end()) give_up();
    const auto& first = lines_[pos_];
    if (first.indent != 0 || first.text.starts_with("---") || first.text.front() == '%') give_up();
    nlohmann::json root = node(0);
    skip_blank();
    if (!at_end()) give_up();
    return root;
  }

 private:
  void split_lines(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view raw = text.substr(start, end - start);
      if (raw.find('\r') != std::string_view::npos || raw.find('\t') != std::string_view::npos)
        give_up();
      Line l;
      l.raw = raw;
      while (l.indent < raw.size() && raw[l.indent] == ' ') ++l.indent;
      l.text = rtrim(raw.substr(l.indent));
      lines_.push_back(l);
      if (end == text.size()) break;
      start = end + 1;
    }
  }

  bool at_end() const { return pos_ >= lines_.size(); }
  void skip_blank() {
    while (!at_end() && is_blank_or_comment(lines_[pos_])) ++pos_;
  }

  static bool is_seq_item(const Line& l) { return l.text == "-" || l.text.starts_with("- "); }

  // `key: ...` with a simple key.
  static bool split_key(std::string_view text, std::string_view& key, std::string_view& rest) {
    std::size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.';
      if (!ok) break;
      ++i;
    }
    if (i == 0 || i >= text.size() || text[i] != ':') return false;
    if (i + 1 < text.size() && text[i + 1] != ' ') return false;
    key = text.substr(0, i);
    rest = ltrim(text.substr(i + 1));
    return true;
  }

  nlohmann::json node(std::size_t indent) {
    const Line& l = lines_[pos_];
    if (l.indent != indent) give_up();
    return is_seq_item(l) ? sequence(indent) : mapping(indent);
  }

  // Counts the collections open (mapping() and sequence() hold one each): the recursion stops
  // at kMaxNestingDepth.
  class Level {
   public:
    explicit Level(Parser& p) : p_(p) {
      if (p_.depth_ >= kMaxNestingDepth) throw TooDeep{p_.pos_ + 1};
      ++p_.depth_;
    }
    ~Level() { --p_.depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;

   private:
    Parser& p_;
  };

  // The value after "key:" or "- " when it is on the following lines.
  nlohmann::json nested(std::size_t parent_indent, bool allow_indentless_seq) {
    ++pos_;
    skip_blank();
    if (at_end()) return nullptr;
    const Line& l = lines_[pos_];
    if (l.indent > parent_indent) return node(l.indent);
    if (allow_indentless_seq && l.indent == parent_indent && is_seq_item(l))
      return sequence(parent_indent);
    return nullptr;
  }

  nlohmann::json mapping(std::size_t indent) {
    const Level level(*this);
    nlohmann::json out = nlohmann::json::object();
    for (;;) {
      skip_blank();
      if (at_end() || lines_[pos_].indent < indent) return out;
      Line& l = lines_[pos_];
      if (l.indent != indent || is_seq_item(l)) {
        if (l.indent == indent && is_seq_item(l)) return out;  // end of a mapping inside "- "
        give_up();
      }
      std::string_view key, rest;
      if (!split_key(l.text, key, rest)) give_up();
      std::string k(key);
      if (rest.empty() || rest.front() == '#') {
        out[k] = nested(indent, true);
      } else {
        out[k] = inline_value(rest, indent);
      }
    }
  }

  nlohmann::json sequence(std::size_t indent) {
    const Level level(*this);
    nlohmann::json out = nlohmann::json::array();
    for (;;) {
      skip_blank();
      if (at_end() || lines_[pos_].indent != indent || !is_seq_item(lines_[pos_])) {
        if (!at_end() && lines_[pos_].indent > indent) give_up();
        return out;
      }
      Line& l = lines_[pos_];
      std::string_view content = l.text == "-" ? std::string_view{} : ltrim(l.text.substr(2));
      if (content.empty() || content.front() == '#') {
        out.push_back(nested(indent, false));
        continue;
      }
      std::string_view key, rest;
      if (split_key(content, key, rest) || is_seq_item(Line{0, content, {}})) {
        // "- key: v" opens a mapping (or "- - x" a sequence) at the content's column.
        l.indent = static_cast<std::size_t>(content.data() - l.raw.data());
        l.text = content;
        out.push_back(node(l.indent));
        continue;
      }
      out.push_back(inline_value(content, indent));
    }
  }

  // A scalar starting on the current line after "key: " or "- "; consumes its lines.
  nlohmann::json inline_value(std::string_view v, std::size_t indent) {
    char c = v.front();
    if (c == '\'' || c == '"') return quoted(v, c);
    if (c == '|') return literal_block(v, indent);
    if (std::string_view("[]{}&*!>%@`,?:-#").find(c) != std::string_view::npos) {
      if (!(c == '-' && v.size() > 1 && v[1] != ' ')) give_up();
    }
    check_plain_line(v);
    return plain_value(plain_lines(v, indent));
  }

  static void check_plain_line(std::string_view v) {
    if (v.find(": ") != std::string_view::npos || v.find(" #") != std::string_view::npos ||
        v.back() == ':')
      give_up();
  }

  // A plain scalar folded over the following deeper-indented lines: a line break becomes a
  // space, n empty lines become n newlines.
  std::string plain_lines(std::string_view first, std::size_t indent) {
    std::string out(first);
    std::size_t breaks = 0;
    for (++pos_; pos_ < lines_.size(); ++pos_) {
      const Line& l = lines_[pos_];
      if (l.text.empty()) {
        ++breaks;
        continue;
      }
      if (l.indent <= indent) break;
      if (l.text.front() == '#') give_up();
      check_plain_line(l.text);
      out += breaks == 0 ? std::string(" ") : std::string(breaks, '\n');
      breaks = 0;
      out += l.text;
    }
    return out;
  }

  // Single- or double-quoted scalar, possibly spanning lines (flow folding).
  nlohmann::json quoted(std::string_view v, char q) {
    std::string out;
    std::string_view rest = v.substr(1);
    std::size_t pending_breaks = 0;
    bool first_line = true;
    for (;;) {
      if (!first_line) {
        rest = ltrim(rest);
        if (rest.empty()) {  // an empty line inside the scalar: one newline
          ++pending_breaks;
          if (++pos_ >= lines_.size()) give_up();
          rest = lines_[pos_].raw;
          continue;
        }
        out += pending_breaks == 0 ? std::string(" ") : std::string(pending_breaks, '\n');
        pending_breaks = 0;
      }
      first_line = false;
      std::size_t i = 0;
      bool escaped_break = false;
      for (; i < rest.size(); ++i) {
        char ch = rest[i];
        if (q == '\'' && ch == '\'') {
          if (i + 1 < rest.size() && rest[i + 1] == '\'') {
            out += '\'';
            ++i;
            continue;
          }
          return finish_quoted(rest.substr(i + 1), std::move(out));
        }
        if (q == '"' && ch == '"') return finish_quoted(rest.substr(i + 1), std::move(out));
        if (q == '"' && ch == '\\') {
          if (i + 1 == rest.size()) {
            escaped_break = true;
            break;
          }
          i = escape(rest, i + 1, out);
          continue;
        }
        out += ch;
      }
      if (!escaped_break) {
        // Trailing spaces before a line break are not content.
        while (!out.empty() && out.back() == ' ' && i == rest.size()) out.pop_back();
      }
      if (++pos_ >= lines_.size()) give_up();
      rest = lines_[pos_].raw;
      if (escaped_break) {
        rest = ltrim(rest);
        first_line = true;  // joined without a space
      }
    }
  }

  // Handles the escape at rest[i] (after the backslash); returns the index of its last char.
  static std::size_t escape(std::string_view rest, std::size_t i, std::string& out) {
    char e = rest[i];
    switch (e) {
      case '\\':
        out += '\\';
        return i;
      case '"':
        out += '"';
        return i;
      case '/':
        out += '/';
        return i;
      case 'n':
        out += '\n';
        return i;
      case 't':
        out += '\t';
        return i;
      case 'r':
        out += '\r';
        return i;
      case '0':
        out += '\0';
        return i;
      case 'x':
        return hex(rest, i, 2, out);
      case 'u':
        return hex(rest, i, 4, out);
      default:
        give_up();
    }
  }

  static std::size_t hex(std::string_view rest, std::size_t i, std::size_t n, std::string& out) {
    if (i + n >= rest.size()) give_up();
    unsigned long cp = 0;
    for (std::size_t k = 1; k <= n; ++k) {
      char h = rest[i + k];
      int d = (h >= '0' && h <= '9')   ? h - '0'
              : (h >= 'a' && h <= 'f') ? h - 'a' + 10
              : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                       : -1;
      if (d < 0) give_up();
      cp = cp * 16 + static_cast<unsigned long>(d);
    }
    append_utf8(out, cp);
    return i + n;
  }

  nlohmann::json finish_quoted(std::string_view after, std::string out) {
    after = ltrim(after);
    if (!after.empty() && after.front() != '#') give_up();
    if (!after.empty() && after.data()[-1] != ' ') give_up();
    ++pos_;
    return out;
  }

  // "|", "|-" or "|+" followed by lines indented deeper than the parent.
  nlohmann::json literal_block(std::string_view header, std::size_t parent_indent) {
    if (header != "|" && header != "|-" && header != "|+") give_up();
    char chomp = header.size() == 2 ? header[1] : ' ';
    ++pos_;
    std::size_t block_indent = 0;
    std::vector<std::string_view> body;  // content lines (empty for blank lines)
    std::size_t max_leading_blank = 0;
    for (; pos_ < lines_.size(); ++pos_) {
      const Line& l = lines_[pos_];
      if (l.text.empty()) {
        if (block_indent == 0) max_leading_blank = std::max(max_leading_blank, l.raw.size());
        body.push_back(block_indent != 0 && l.raw.size() > block_indent ? l.raw.substr(block_indent)
                                                                        : std::string_view{});
        continue;
      }
      if (block_indent == 0) {
        if (l.indent <= parent_indent) break;
        block_indent = l.indent;
        if (max_leading_blank > block_indent) give_up();
      }
      if (l.indent < block_indent) break;
      body.push_back(l.raw.substr(block_indent));
    }
    std::size_t content_end = body.size();
    while (content_end > 0 && body[content_end - 1].empty()) --content_end;
    std::string out;
    for (std::size_t i = 0; i < content_end; ++i) {
      out += body[i];
      out += '\n';
    }
    if (chomp == '-' && !out.empty()) out.pop_back();
    if (chomp == '+') give_up();  // trailing-blank-line bookkeeping: leave it to yaml-cpp
    return out;
  }

  std::vector<Line> lines_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;  // collections open
};

}  // namespace

std::optional<std::string> fast_yaml_to_json(std::string_view yaml, Error* too_deep) {
  try {
    Parser p(yaml);
    return p.document().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const GiveUp&) {
    return std::nullopt;
  } catch (const TooDeep& e) {
    if (too_deep)
      *too_deep = Error{ErrorCode::kInvalidInput, "invalid YAML: " + nesting_message() +
                                                      " at line " + std::to_string(e.line)};
    return std::nullopt;
  }
}

Result<void> check_yaml_depth(std::string_view yaml) {
  std::size_t line = 1;
  std::size_t flow = 0;  // open [ and { (flow collections may span lines)
  std::size_t i = 0;
  const auto fail = [&] {
    return invalid_input("invalid YAML: " + nesting_message() + " at line " + std::to_string(line));
  };
  while (i < yaml.size()) {
    // Start of a line: indentation, then a chain of block sequence entries "- - - x".
    while (i < yaml.size() && yaml[i] == ' ') ++i;
    std::size_t items = 0;
    while (i + 1 < yaml.size() && yaml[i] == '-' && (yaml[i + 1] == ' ' || yaml[i + 1] == '\n')) {
      if (flow + ++items > kMaxNestingDepth) return fail();
      ++i;
      while (i < yaml.size() && yaml[i] == ' ') ++i;
    }
    // The rest of the line: flow brackets outside quotes and comments.
    char quote = 0;
    for (; i < yaml.size() && yaml[i] != '\n'; ++i) {
      const char c = yaml[i];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '#' && (i == 0 || yaml[i - 1] == ' ')) {
        while (i < yaml.size() && yaml[i] != '\n') ++i;
        break;
      }
      if ((c == '"' || c == '\'') &&
          (i == 0 || std::string_view(" [{,:").find(yaml[i - 1]) != std::string_view::npos)) {
        quote = c;
      } else if (c == '[' || c == '{') {
        if (items + ++flow > kMaxNestingDepth) return fail();
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
    }
    if (i < yaml.size()) {
      ++i;  // the newline
      ++line;
    }
  }
  return {};
}

}  // namespace bulwark::osv::detail
