#include "bulwark/vulndb/csv.hpp"

namespace bulwark::vulndb::detail {

std::expected<void, Error> CsvReader::quoted(std::string& out) {
  const std::size_t start_line = line_;
  ++pos_;  // the opening quote
  for (;;) {
    const std::size_t q = text_.find('"', pos_);
    if (q == std::string_view::npos)
      return invalid_input("line " + std::to_string(start_line) + ": unterminated quoted field");
    for (std::size_t i = pos_; i < q; ++i)
      if (text_[i] == '\n') ++line_;
    out.append(text_.substr(pos_, q - pos_));
    pos_ = q + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is one quote
      out.push_back('"');
      ++pos_;
      continue;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      return invalid_input("line " + std::to_string(line_) +
                           ": unexpected text after a closing quote");
    return {};
  }
}

std::expected<void, Error> CsvReader::field(std::string& out) {
  out.clear();
  if (pos_ < text_.size() && text_[pos_] == '"') return quoted(out);
  std::size_t end = pos_;
  while (end < text_.size() && text_[end] != ',' && text_[end] != '\n' && text_[end] != '\r') ++end;
  out.assign(text_.substr(pos_, end - pos_));
  pos_ = end;
  return {};
}

Result<bool> CsvReader::next(std::vector<std::string>& fields) {
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::size_t n = 0;
  for (;;) {
    if (n == fields.size()) fields.emplace_back();
    if (auto r = field(fields[n++]); !r) return std::unexpected(std::move(r).error());
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') {
    ++pos_;
    ++line_;
  }
  fields.resize(n);
  return true;
}

}  // namespace bulwark::vulndb::detail
