// A streaming JSON writer: values are appended to a buffer that is handed to the stream in large
// chunks, so a report of a million findings is written without building a document tree.
// Output is laid out like nlohmann::json::dump(2) (or dump() when indent is 0): the same
// indentation, "key": value spacing, number formatting ("5.0" for an integral double) and
// escapes; strings that are not valid UTF-8 get U+FFFD for each bad byte, never an exception.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

class JsonWriter {
 public:
  // indent 0: compact (no spaces, no newlines).
  explicit JsonWriter(std::ostream& out, int indent = 2);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The key of the next member (inside an object only).
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long long v);
  JsonWriter& value(unsigned v) { return value(static_cast<unsigned long long>(v)); }
  JsonWriter& value(unsigned long v) { return value(static_cast<unsigned long long>(v)); }
  JsonWriter& value(unsigned long long v);
  // NaN and infinities are written as null (as nlohmann does).
  JsonWriter& value(double v);
  JsonWriter& null();
  // Text that is already one complete JSON value (trusted: produced by this program).
  JsonWriter& raw(std::string_view json);

  // key(k).value(v) in one call.
  template <class T>
  JsonWriter& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  // An array of strings.
  JsonWriter& string_array(const std::vector<std::string>& items);
  JsonWriter& member_strings(std::string_view k, const std::vector<std::string>& items) {
    key(k);
    return string_array(items);
  }

  // Hands the buffer to the stream (also done when it grows past 1 MiB and on destruction).
  void flush();

 private:
  void before_value();
  void newline(std::size_t depth);
  void maybe_flush() {
    if (buf_.size() >= (1u << 20)) flush();
  }

  struct Level {
    bool array;
    bool empty;
  };
  std::ostream& out_;
  int indent_;
  std::string buf_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

// Appends a double formatted as nlohmann::json does (shortest round-trip digits; fixed notation
// for exponents -4 < e <= 15 with ".0" on integral values, else d.ddde+XX).
void append_json_number(std::string& out, double v);

}  // namespace bulwark
