// Private to the cra module: a small document model (sections of labelled fields, each filled
// or marked as a gap) rendered to Markdown or self-contained HTML. Used by report.cpp and docs.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/core/clock.hpp"

namespace bulwark::cra::detail {

struct Field {
  std::string key;    // machine key for JSON, e.g. "member_states"
  std::string label;  // human label, e.g. "Member States where the product is made available"
  std::string value;  // empty -> gap
  bool gap() const { return value.empty(); }
};

struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
};

struct Section {
  std::string id;  // digest ID, e.g. "A14.AEV.EW" (may be empty)
  std::string title;
  std::vector<std::string> paragraphs;  // fixed text, rendered before the fields
  std::vector<Field> fields;
  std::vector<Table> tables;  // rendered after the fields (Markdown pipe tables, HTML tables)
};

struct Document {
  std::string title;
  std::vector<std::string> preamble;
  std::vector<Section> sections;
};

// "**[TO COMPLETE: <label>]**"
std::string gap_marker(std::string_view label);
// Labels of every empty field, in document order.
std::vector<std::string> gaps(const Document& d);

// Markdown with every text from the document escaped (markdown_escape): values come from input.
std::string render_markdown(const Document& d);
// Text that stays text in Markdown: inline metacharacters (\ ` * _ [ ] | ~) backslash-escaped,
// HTML (< > &) written as entities, and a line that would open a block (# + - = or "1.")
// has that character escaped.
std::string markdown_escape(std::string_view text);
std::string render_html(const Document& d);

std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string format_date(TimePoint t);  // YYYY-MM-DD (UTC)

}  // namespace bulwark::cra::detail
