#include "bulwark/core/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "bulwark/core/text.hpp"

namespace bulwark {

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (std::signbit(v)) {
    out.push_back('-');
    v = -v;
  }
  if (v == 0) {
    out += "0.0";
    return;
  }
  // Shortest round-trip digits and the decimal exponent, from the scientific form d.ddde±x.
  char sci[40];
  const auto res = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  const std::string_view text(sci, static_cast<std::size_t>(res.ptr - sci));
  const std::size_t e_pos = text.find('e');
  char digits[24];
  int k = 0;
  for (char c : text.substr(0, e_pos))
    if (c != '.') digits[k++] = c;
  int exp10 = 0;
  std::from_chars(text.data() + e_pos + 1 + (text[e_pos + 1] == '+'), text.data() + text.size(),
                  exp10);
  // As nlohmann's format_buffer: v = digits * 10^(n - k), n the decimal point's position.
  const int n = exp10 + 1;
  constexpr int kMinExp = -4, kMaxExp = 15;
  if (k <= n && n <= kMaxExp) {
    out.append(digits, static_cast<std::size_t>(k));
    out.append(static_cast<std::size_t>(n - k), '0');
    out += ".0";
  } else if (0 < n && n <= kMaxExp) {
    out.append(digits, static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(digits + n, static_cast<std::size_t>(k - n));
  } else if (kMinExp < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out.append(digits, static_cast<std::size_t>(k));
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits + 1, static_cast<std::size_t>(k - 1));
    }
    int e = n - 1;
    out.push_back('e');
    out.push_back(e < 0 ? '-' : '+');
    if (e < 0) e = -e;
    if (e < 10) out.push_back('0');
    char ebuf[8];
    const auto er = std::to_chars(ebuf, ebuf + sizeof ebuf, e);
    out.append(ebuf, er.ptr);
  }
}

JsonWriter::JsonWriter(std::ostream& out, int indent) : out_(out), indent_(indent) {
  buf_.reserve(1u << 16);
}

JsonWriter::~JsonWriter() { flush(); }

void JsonWriter::flush() {
  if (buf_.empty()) return;
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

void JsonWriter::newline(std::size_t depth) {
  if (indent_ == 0) return;
  buf_.push_back('\n');
  buf_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& top = stack_.back();
  if (!top.empty) buf_.push_back(',');
  top.empty = false;
  newline(stack_.size());
}

JsonWriter& JsonWriter::key(std::string_view k) {
  Level& top = stack_.back();
  if (!top.empty) buf_.push_back(',');
  top.empty = false;
  newline(stack_.size());
  append_json_string(buf_, k);
  buf_ += indent_ == 0 ? ":" : ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  buf_.push_back('{');
  stack_.push_back({false, true});
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  buf_.push_back('[');
  stack_.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline(stack_.size());
  buf_.push_back('}');
  maybe_flush();
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline(stack_.size());
  buf_.push_back(']');
  maybe_flush();
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(buf_, s);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  buf_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(long long v) {
  before_value();
  char tmp[24];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(unsigned long long v) {
  before_value();
  char tmp[24];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  before_value();
  append_json_number(buf_, v);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  buf_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  buf_.append(json);
  return *this;
}

JsonWriter& JsonWriter::string_array(const std::vector<std::string>& items) {
  begin_array();
  for (const auto& s : items) value(std::string_view(s));
  return end_array();
}

}  // namespace bulwark
