// RFC 4180 CSV over text held in memory (internal to bulwark_vulndb): quoted fields with ""
// escapes and embedded line breaks, CRLF or LF line ends. Field buffers are reused between
// records, so reading a large file allocates only while the first records are read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/result.hpp"

namespace bulwark::vulndb::detail {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  // Reads the next record into fields (resized to its field count). Returns false at the end
  // of the text; fails on an unterminated quoted field or text after a closing quote.
  Result<bool> next(std::vector<std::string>& fields);

  // 1-based line where the record last returned by next() starts.
  std::size_t line() const { return record_line_; }

 private:
  // Reads one field into out; stops before the ',' or line end that ends it.
  std::expected<void, Error> field(std::string& out);
  std::expected<void, Error> quoted(std::string& out);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
};

}  // namespace bulwark::vulndb::detail
