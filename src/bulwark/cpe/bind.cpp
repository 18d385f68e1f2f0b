// Binding a WFN to the formatted string and URI forms (NIST IR 7695 sections 6.1.2, 6.2.2).
#include <string>
#include <string_view>

#include "bulwark/cpe/attributes.hpp"
#include "bulwark/cpe/cpe.hpp"

namespace bulwark::cpe {
namespace {

using detail::is_alnum;

bool bare_in_both(char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; }

void append_fs_value(std::string& out, const Attr& a) {
  if (a.kind == AttrKind::kAny) {
    out += '*';
    return;
  }
  if (a.kind == AttrKind::kNa) {
    out += '-';
    return;
  }
  out += a.prefix;
  if (a.value == "-" && a.prefix.empty() && a.suffix.empty()) {
    out += "\\-";  // a bare "-" would read back as NA
  } else {
    for (char c : a.value) {
      if (!bare_in_both(c)) out += '\\';
      out += c;
    }
  }
  out += a.suffix;
}

void append_wildcards_uri(std::string& out, std::string_view run) {
  for (char w : run) out += w == '*' ? "%02" : "%01";
}

void append_uri_value(std::string& out, const Attr& a) {
  if (a.kind == AttrKind::kAny) return;
  if (a.kind == AttrKind::kNa) {
    out += '-';
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  append_wildcards_uri(out, a.prefix);
  bool lone_hyphen = a.value == "-" && !a.has_wildcards();
  for (char c : a.value) {
    if (bare_in_both(c) && !lone_hyphen) {
      out += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  append_wildcards_uri(out, a.suffix);
}

std::string uri_edition(const Cpe& c) {
  std::string out;
  bool packed = c.sw_edition.kind != AttrKind::kAny || c.target_sw.kind != AttrKind::kAny ||
                c.target_hw.kind != AttrKind::kAny || c.other.kind != AttrKind::kAny;
  if (!packed) {
    append_uri_value(out, c.edition);
    return out;
  }
  for (const Attr* a : {&c.edition, &c.sw_edition, &c.target_sw, &c.target_hw, &c.other}) {
    out += '~';
    append_uri_value(out, *a);
  }
  return out;
}

}  // namespace

std::string to_fs(const Cpe& cpe) {
  std::string out = "cpe:2.3:";
  out.reserve(64);
  out += cpe.part;
  for (const auto& slot : detail::kAttributes) {
    out += ':';
    append_fs_value(out, cpe.*slot.member);
  }
  return out;
}

std::string to_uri(const Cpe& cpe) {
  std::string out = "cpe:/";
  out.reserve(48);
  if (cpe.part != '*') out += cpe.part;
  for (const Attr* a : {&cpe.vendor, &cpe.product, &cpe.version, &cpe.update}) {
    out += ':';
    append_uri_value(out, *a);
  }
  out += ':';
  out += uri_edition(cpe);
  out += ':';
  append_uri_value(out, cpe.language);
  while (out.back() == ':') out.pop_back();
  return out;
}

}  // namespace bulwark::cpe
