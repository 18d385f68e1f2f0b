// PEP 440 versions, ordered exactly like pypa/packaging's Version (the PyPI ecosystem).
//
// Grammar (case-insensitive, surrounding Unicode whitespace ignored, as packaging's regex):
//   v? (N!)? N(.N)* ([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?N?)?
//   (-N | [-_.]?(post|rev|r)[-_.]?N?)? ([-_.]?dev[-_.]?N?)? (+L([-_.]L)*)?     L = [a-z0-9]+
// Parsing never allocates: components stay string_views into the input and numbers are compared
// as digit strings (arbitrary size, like Python ints).
#include <string>
#include <string_view>

#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {
namespace {

// CPython's int() refuses strings longer than this (sys.int_max_str_digits), so packaging raises
// ValueError for such versions; we report them as invalid.
constexpr std::size_t kMaxDigits = 4300;

enum class PreKind : unsigned char { kNone = 0, kAlpha = 1, kBeta = 2, kRc = 3 };

struct Pep440 {
  std::string_view epoch;    // digits, empty = 0
  std::string_view release;  // digits separated by '.'
  PreKind pre = PreKind::kNone;
  std::string_view pre_n;
  bool has_post = false;
  std::string_view post_n;
  bool has_dev = false;
  std::string_view dev_n;
  bool has_local = false;
  std::string_view local;  // segments separated by '-', '_' or '.'
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_sep(char c) { return c == '-' || c == '_' || c == '.'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Length of the Python whitespace character (str.isspace) starting at s[i], or 0.
std::size_t space_len(std::string_view s, std::size_t i) {
  auto u = [&](std::size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  unsigned c0 = u(0);
  if ((c0 >= 0x09 && c0 <= 0x0d) || (c0 >= 0x1c && c0 <= 0x20)) return 1;
  if (c0 == 0xc2 && (u(1) == 0x85 || u(1) == 0xa0)) return 2;
  if (c0 == 0xe1 && u(1) == 0x9a && u(2) == 0x80) return 3;  // U+1680
  if (c0 == 0xe3 && u(1) == 0x80 && u(2) == 0x80) return 3;  // U+3000
  if (c0 != 0xe2) return 0;
  unsigned c1 = u(1), c2 = u(2);
  if (c1 == 0x80 && (c2 <= 0x8a || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf))
    return c2 >= 0x80 ? 3 : 0;
  if (c1 == 0x81 && c2 == 0x9f) return 3;  // U+205F
  return 0;
}

std::string_view trim_python_space(std::string_view s) {
  for (std::size_t n; !s.empty() && (n = space_len(s, 0)) > 0;) s.remove_prefix(n);
  while (!s.empty()) {
    std::size_t cut = 0;  // find a whitespace character that ends exactly at s.end()
    for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back)
      if (space_len(s, s.size() - back) == back) cut = back;
    if (cut == 0) break;
    s.remove_suffix(cut);
  }
  return s;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  // Fills v; on failure returns a message describing what is wrong.
  std::string_view parse(Pep440& v) {
    if (peek() == 'v' || peek() == 'V') ++i_;
    parse_epoch(v);
    std::size_t start = i_;
    if (digits().empty()) return "expected a release number";
    while (peek() == '.' && is_digit(peek(1))) {
      ++i_;
      digits();
    }
    v.release = s_.substr(start, i_ - start);
    parse_pre(v);
    parse_post(v);
    parse_dev(v);
    if (peek() == '+' && !parse_local(v)) return "malformed local version label";
    if (i_ != s_.size()) return "unexpected text";
    if (too_long_) return "numeric component longer than 4300 digits";
    return {};
  }
  std::size_t offset() const { return i_; }

 private:
  char peek(std::size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }

  std::string_view digits() {
    std::size_t start = i_;
    while (is_digit(peek())) ++i_;
    if (i_ - start > kMaxDigits) too_long_ = true;
    return s_.substr(start, i_ - start);
  }
  void skip_sep() {
    if (is_sep(peek())) ++i_;
  }
  // Consumes `word` (lower-case) case-insensitively.
  bool word(std::string_view w) {
    if (s_.size() - i_ < w.size()) return false;
    for (std::size_t k = 0; k < w.size(); ++k)
      if (lower(s_[i_ + k]) != w[k]) return false;
    i_ += w.size();
    return true;
  }

  void parse_epoch(Pep440& v) {
    std::size_t save = i_;
    std::string_view d = digits();
    if (!d.empty() && peek() == '!') {
      v.epoch = d;
      ++i_;
    } else {
      i_ = save;
    }
  }
  PreKind pre_label() {
    if (word("alpha") || word("a")) return PreKind::kAlpha;
    if (word("beta") || word("b")) return PreKind::kBeta;
    if (word("preview") || word("pre") || word("rc") || word("c")) return PreKind::kRc;
    return PreKind::kNone;
  }
  void parse_pre(Pep440& v) {
    std::size_t save = i_;
    skip_sep();
    v.pre = pre_label();
    if (v.pre == PreKind::kNone) {
      i_ = save;
      return;
    }
    skip_sep();
    v.pre_n = digits();
  }
  void parse_post(Pep440& v) {
    std::size_t save = i_;
    if (peek() == '-' && is_digit(peek(1))) {
      ++i_;
      v.has_post = true;
      v.post_n = digits();
      return;
    }
    skip_sep();
    if (!(word("post") || word("rev") || word("r"))) {
      i_ = save;
      return;
    }
    v.has_post = true;
    skip_sep();
    v.post_n = digits();
  }
  void parse_dev(Pep440& v) {
    std::size_t save = i_;
    skip_sep();
    if (!word("dev")) {
      i_ = save;
      return;
    }
    v.has_dev = true;
    skip_sep();
    v.dev_n = digits();
  }
  bool parse_local(Pep440& v) {
    std::size_t start = ++i_;
    for (;;) {
      std::size_t seg = i_;
      while (is_alnum(peek())) ++i_;
      if (i_ == seg) return false;
      bool numeric = true;
      for (std::size_t k = seg; k < i_; ++k) numeric = numeric && is_digit(s_[k]);
      if (numeric && i_ - seg > kMaxDigits) too_long_ = true;
      if (!is_sep(peek())) break;
      ++i_;
    }
    v.has_local = true;
    v.local = s_.substr(start, i_ - start);
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  bool too_long_ = false;
};

Result<Pep440> parse_pep440(std::string_view text) {
  std::string_view s = trim_python_space(text);
  Pep440 v;
  Parser p(s);
  std::string_view why = p.parse(v);
  if (why.empty()) return v;
  return invalid_input("invalid PEP 440 version '" + std::string(text) + "': " + std::string(why) +
                       " at offset " + std::to_string(p.offset()));
}

int sign(int x) { return (x > 0) - (x < 0); }

// Compares two unsigned decimal digit strings by value (empty = 0).
int compare_digits(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

// Takes the next component of a list separated by any of `seps`; empty when exhausted.
std::string_view next_part(std::string_view& rest, bool any_sep) {
  std::size_t k = 0;
  while (k < rest.size() && !(any_sep ? is_sep(rest[k]) : rest[k] == '.')) ++k;
  std::string_view part = rest.substr(0, k);
  rest.remove_prefix(k < rest.size() ? k + 1 : k);
  return part;
}

// Release segments compare as tuples with trailing zeros ignored: pad the shorter with zeros.
int compare_release(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    if (int c = compare_digits(next_part(a, false), next_part(b, false))) return c;
  }
  return 0;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

int compare_icase(std::string_view a, std::string_view b) {
  std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t k = 0; k < n; ++k) {
    char x = lower(a[k]), y = lower(b[k]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Local segments: numeric segments sort above alphanumeric ones; shorter lists sort first.
int compare_local(std::string_view a, std::string_view b) {
  while (!a.empty() && !b.empty()) {
    std::string_view x = next_part(a, true), y = next_part(b, true);
    bool xn = all_digits(x), yn = all_digits(y);
    int c = (xn && yn) ? compare_digits(x, y) : (xn != yn) ? (xn ? 1 : -1) : compare_icase(x, y);
    if (c) return c;
  }
  return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
}

// packaging's _cmpkey for the pre-release: a dev-only release sorts before any pre-release,
// a release without pre-release after all of them.
int pre_rank(const Pep440& v) {
  if (v.pre != PreKind::kNone) return static_cast<int>(v.pre);
  return (!v.has_post && v.has_dev) ? 0 : 4;
}

int compare_flagged(bool has_a, std::string_view a, bool has_b, std::string_view b, int missing) {
  if (has_a && has_b) return compare_digits(a, b);
  if (has_a == has_b) return 0;
  return has_a ? -missing : missing;
}

int compare_parsed(const Pep440& a, const Pep440& b) {
  if (int c = compare_digits(a.epoch, b.epoch)) return c;
  if (int c = compare_release(a.release, b.release)) return c;
  int ra = pre_rank(a), rb = pre_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.pre != PreKind::kNone)
    if (int c = compare_digits(a.pre_n, b.pre_n)) return c;
  if (int c = compare_flagged(a.has_post, a.post_n, b.has_post, b.post_n, -1))
    return c;                                                                        // none first
  if (int c = compare_flagged(a.has_dev, a.dev_n, b.has_dev, b.dev_n, 1)) return c;  // none last
  if (a.has_local != b.has_local) return a.has_local ? 1 : -1;
  return a.has_local ? compare_local(a.local, b.local) : 0;
}

}  // namespace

Result<int> pep440(std::string_view a, std::string_view b) {
  auto pa = parse_pep440(a);
  if (!pa) return std::unexpected(std::move(pa.error()));
  auto pb = parse_pep440(b);
  if (!pb) return std::unexpected(std::move(pb.error()));
  return compare_parsed(*pa, *pb);
}

}  // namespace bulwark::version::scheme
