// Canonical purl formatting: percent-encoding and component assembly.
#include <array>

#include "bulwark/purl/purl.hpp"

namespace bulwark::purl {
namespace {

constexpr std::array<bool, 256> make_safe_table() {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (char c : {'-', '.', '_', '~', ':'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr auto kSafe = make_safe_table();

// Encodes each '/'-separated segment of s, keeping the separators.
void append_segments(std::string& out, std::string_view s) {
  while (true) {
    auto slash = s.find('/');
    append_encoded(out, s.substr(0, slash));
    if (slash == std::string_view::npos) return;
    out.push_back('/');
    s.remove_prefix(slash + 1);
  }
}

}  // namespace

void append_encoded(std::string& out, std::string_view component) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : component) {
    auto c = static_cast<unsigned char>(ch);
    if (kSafe[c]) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

std::string to_string(const Purl& p) {
  std::string out;
  out.reserve(16 + p.type.size() + p.ns.size() + p.name.size() + p.version.size() +
              p.subpath.size());
  out += "pkg:";
  out += p.type;
  out.push_back('/');
  if (!p.ns.empty()) {
    append_segments(out, p.ns);
    out.push_back('/');
  }
  // git names are repository paths ("owner/repo"): their '/' separators stay literal.
  if (p.type == "git")
    append_segments(out, p.name);
  else
    append_encoded(out, p.name);
  if (!p.version.empty()) {
    out.push_back('@');
    append_encoded(out, p.version);
  }
  char sep = '?';
  for (const auto& [key, value] : p.qualifiers) {
    if (value.empty()) continue;
    out.push_back(sep);
    sep = '&';
    out += key;
    out.push_back('=');
    append_encoded(out, value);
  }
  if (!p.subpath.empty()) {
    out.push_back('#');
    append_segments(out, p.subpath);
  }
  return out;
}

}  // namespace bulwark::purl
