// Maven versions, ordered like maven-artifact's ComparableVersion (the classic algorithm of the
// 3.8/3.9 line, with MNG-6964: a sub-list compares with "nothing" item by item).
//
// The "CombinationItem" / ".X reads as -X" rework found in later maven-artifact sources is not
// followed: it contradicts Maven's own test vectors (vers-spec), osv-scalibr's fixtures generated
// with maven-artifact and every consumer of OSV Maven data we compare against.
//
// ComparableVersion turns a version into nested lists: '.' separates items of one list, while
// '-' and letter/digit transitions open a sub-list that holds the rest of the version. Because a
// sub-list is always the last item of its parent, the tree is a chain of lists; we store every
// item in one flat array (a list's items are contiguous, its sub-list marker last) and reuse
// thread-local buffers, so comparisons allocate nothing once warm.
//
// Items: numbers (int/long/BigInteger classes, compared by class first exactly as Java does),
// qualifiers (alpha < beta < milestone < rc=cr < snapshot < ""=ga=final=release < sp < unknown,
// unknown ones lexically; "a1"/"b1"/"m1" = alpha/beta/milestone 1), and sub-lists.
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/version/schemes.hpp"

namespace bulwark::version::scheme {
namespace {

enum class Kind : unsigned char { kNumber, kString, kList };

struct Item {
  Kind kind = Kind::kNumber;
  bool alive = true;
  std::string_view text;  // number digits (leading zeros kept) or qualifier
  bool followed_by_digit = false;
  std::size_t child = 0;  // kList: index of the sub-list
};

struct List {
  std::size_t begin = 0, end = 0;  // item range
};

struct Tree {
  std::vector<Item> items;
  std::vector<List> lists;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
int sign(int x) { return (x > 0) - (x < 0); }

bool equals_lower(std::string_view s, std::string_view lower_word) {
  if (s.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (lower(s[i]) != lower_word[i]) return false;
  return true;
}

// ---- numbers -------------------------------------------------------------------------------

std::string_view strip_zeros(std::string_view d) {
  while (d.size() > 1 && d.front() == '0') d.remove_prefix(1);
  return d;
}
bool is_zero(std::string_view d) { return strip_zeros(d) == "0" || d.empty(); }

// Java's stripLeadingZeroes keeps an all-zero string whole, and the item class (int, long,
// BigInteger) follows that length; items of different classes compare by class alone.
int number_class(std::string_view d) {
  std::size_t n = d.size();
  std::size_t k = 0;
  while (k < n && d[k] == '0') ++k;
  std::size_t len = (k == n) ? n : n - k;
  return len <= 9 ? 0 : (len <= 18 ? 1 : 2);
}

int compare_numbers(std::string_view a, std::string_view b) {
  int ca = number_class(a), cb = number_class(b);
  if (ca != cb) return ca < cb ? -1 : 1;
  a = strip_zeros(a);
  b = strip_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

// ---- qualifiers ----------------------------------------------------------------------------

constexpr int kReleaseRank = 5;
constexpr int kUnknownRank = 7;

// Rank of a qualifier after ComparableVersion's aliasing ("a1" = alpha-1, "cr" = rc, ga/final/
// release = ""); kUnknownRank for anything else (compared lexically among themselves).
int qualifier_rank(std::string_view q, bool followed_by_digit) {
  if (followed_by_digit && q.size() == 1) {
    char c = lower(q[0]);
    if (c == 'a') return 0;
    if (c == 'b') return 1;
    if (c == 'm') return 2;
  }
  static constexpr std::string_view kNames[] = {"alpha",    "beta", "milestone", "rc",
                                                "snapshot", "",     "sp"};
  for (int i = 0; i < 7; ++i)
    if (equals_lower(q, kNames[i])) return i;
  if (equals_lower(q, "cr")) return 3;
  if (equals_lower(q, "ga") || equals_lower(q, "final") || equals_lower(q, "release"))
    return kReleaseRank;
  return kUnknownRank;
}

int compare_lower(std::string_view a, std::string_view b) {
  std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(lower(a[i])), y = static_cast<unsigned char>(lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Java compares comparableQualifier() strings: "0".."6" for known ones, "7-<name>" otherwise.
int compare_qualifiers(std::string_view a, bool fa, std::string_view b, bool fb) {
  int ra = qualifier_rank(a, fa), rb = qualifier_rank(b, fb);
  if (ra != rb) return ra < rb ? -1 : 1;
  return ra == kUnknownRank ? compare_lower(a, b) : 0;
}

int qualifier_vs_null(std::string_view q, bool followed_by_digit) {
  int r = qualifier_rank(q, followed_by_digit);
  return r == kReleaseRank ? 0 : (r < kReleaseRank ? -1 : 1);
}

// ---- parsing -------------------------------------------------------------------------------

class Builder {
 public:
  explicit Builder(Tree& t) : t_(t) {
    t_.items.clear();
    t_.lists.clear();
    t_.lists.push_back({0, 0});
  }

  void add_number(std::string_view d) { add({Kind::kNumber, true, d, false, 0}); }
  void add_zero() { add_number("0"); }
  void add_string(std::string_view s, bool followed_by_digit) {
    add({Kind::kString, true, s, followed_by_digit, 0});
  }
  void add_item(bool digit, std::string_view buf) {
    if (digit)
      add_number(buf);
    else
      add_string(buf, false);
  }
  void open_list() {
    std::size_t child = t_.lists.size();
    add({Kind::kList, true, {}, false, child});
    t_.lists.push_back({t_.items.size(), t_.items.size()});
  }

 private:
  void add(const Item& it) {
    t_.items.push_back(it);
    t_.lists.back().end = t_.items.size();
  }
  Tree& t_;
};

// A port of ComparableVersion.parseVersion.
void parse_maven(std::string_view v, Tree& t) {
  Builder b(t);
  bool is_digit_run = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '.' || c == '-') {
      if (i == start)
        b.add_zero();
      else
        b.add_item(is_digit_run, v.substr(start, i - start));
      start = i + 1;
      if (c == '-') b.open_list();
    } else if (is_digit(c)) {
      if (!is_digit_run && i > start) {  // "a1" = alpha-1: the qualifier knows a number follows
        b.add_string(v.substr(start, i - start), true);
        start = i;
        b.open_list();
      }
      is_digit_run = true;
    } else {
      if (is_digit_run && i > start) {
        b.add_item(true, v.substr(start, i - start));
        start = i;
        b.open_list();
      }
      is_digit_run = false;
    }
  }
  if (v.size() > start) b.add_item(is_digit_run, v.substr(start));
}

// ---- normalisation -------------------------------------------------------------------------

std::size_t first_alive(const Tree& t, std::size_t list) {
  for (std::size_t k = t.lists[list].begin; k < t.lists[list].end; ++k)
    if (t.items[k].alive) return k;
  return t.lists[list].end;
}

bool is_null(const Tree& t, const Item& it) {
  switch (it.kind) {
    case Kind::kNumber:
      return is_zero(it.text);
    case Kind::kString:
      return qualifier_rank(it.text, it.followed_by_digit) == kReleaseRank;
    case Kind::kList:
      return first_alive(t, it.child) == t.lists[it.child].end;
  }
  return false;
}

// ListItem.normalize: from the end, drop null items (0, "", ga, final, release, empty lists),
// stepping over non-null sub-lists and stopping at the first other non-null item.
void normalize_list(Tree& t, std::size_t list) {
  const List range = t.lists[list];
  for (std::size_t i = range.end; i-- > range.begin;) {
    Item& it = t.items[i];
    if (is_null(t, it))
      it.alive = false;
    else if (it.kind != Kind::kList)
      break;
  }
}

// Innermost lists first, as ComparableVersion pops its stack.
void normalize(Tree& t) {
  for (std::size_t l = t.lists.size(); l-- > 0;) normalize_list(t, l);
}

std::size_t next_alive(const Tree& t, std::size_t list, std::size_t after) {
  for (std::size_t k = after + 1; k < t.lists[list].end; ++k)
    if (t.items[k].alive) return k;
  return t.lists[list].end;
}

// ---- comparison ----------------------------------------------------------------------------

int compare_item(const Tree& ta, const Item& a, const Tree& tb, const Item* b);
int compare_lists(const Tree& ta, std::size_t la, const Tree& tb, std::size_t lb);

int list_vs_null(const Tree& t, std::size_t list) {
  for (std::size_t k = t.lists[list].begin; k < t.lists[list].end; ++k)
    if (t.items[k].alive)
      if (int c = compare_item(t, t.items[k], t, nullptr)) return c;
  return 0;
}

int number_vs(const Item& a, const Item* b) {
  if (!b) return is_zero(a.text) ? 0 : 1;
  return b->kind == Kind::kNumber ? compare_numbers(a.text, b->text) : 1;
}

int string_vs(const Item& a, const Item* b) {
  if (!b) return qualifier_vs_null(a.text, a.followed_by_digit);
  if (b->kind == Kind::kString)
    return compare_qualifiers(a.text, a.followed_by_digit, b->text, b->followed_by_digit);
  return -1;
}

int compare_item(const Tree& ta, const Item& a, const Tree& tb, const Item* b) {
  switch (a.kind) {
    case Kind::kNumber:
      return number_vs(a, b);
    case Kind::kString:
      return string_vs(a, b);
    case Kind::kList:
      if (!b) return list_vs_null(ta, a.child);
      if (b->kind == Kind::kList) return compare_lists(ta, a.child, tb, b->child);
      return b->kind == Kind::kNumber ? -1 : 1;  // 1-1 < 1.0.x, 1-1 > 1-sp
  }
  return 0;
}

int compare_lists(const Tree& ta, std::size_t la, const Tree& tb, std::size_t lb) {
  std::size_t i = first_alive(ta, la);
  std::size_t j = first_alive(tb, lb);
  const std::size_t ea = ta.lists[la].end, eb = tb.lists[lb].end;
  while (i < ea || j < eb) {
    int c = 0;
    if (i < ea)
      c = compare_item(ta, ta.items[i], tb, j < eb ? &tb.items[j] : nullptr);
    else
      c = -compare_item(tb, tb.items[j], ta, nullptr);
    if (c) return c;
    if (i < ea) i = next_alive(ta, la, i);
    if (j < eb) j = next_alive(tb, lb, j);
  }
  return 0;
}

Result<void> check(std::string_view v) {
  if (v.empty()) return invalid_input("invalid Maven version '': empty");
  return {};
}

}  // namespace

Result<int> maven(std::string_view a, std::string_view b) {
  if (auto ok = check(a); !ok) return std::unexpected(std::move(ok.error()));
  if (auto ok = check(b); !ok) return std::unexpected(std::move(ok.error()));
  thread_local Tree ta, tb;
  parse_maven(a, ta);
  parse_maven(b, tb);
  normalize(ta);
  normalize(tb);
  return compare_lists(ta, 0, tb, 0);
}

}  // namespace bulwark::version::scheme
