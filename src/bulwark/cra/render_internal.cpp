#include "bulwark/cra/render_internal.hpp"

#include "bulwark/core/html.hpp"
#include "bulwark/core/text.hpp"

#include <fmt/format.h>

namespace bulwark::cra::detail {

namespace {
std::string heading(const Section& s) {
  return s.id.empty() ? s.title : fmt::format("{} {}", s.id, s.title);
}

// Continuation lines of a list item are indented so they stay inside the item.
std::string indent_continuation(std::string_view v) {
  std::string out;
  for (char ch : v) {
    out += ch;
    if (ch == '\n') out += "  ";
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string html_value(std::string_view v) {
  std::string out;
  for (char ch : html_escape(v)) {
    if (ch == '\n')
      out += "<br>";
    else
      out += ch;
  }
  return out;
}
}  // namespace

std::string gap_marker(std::string_view label) {
  return fmt::format("**[TO COMPLETE: {}]**", label);
}

std::vector<std::string> gaps(const Document& d) {
  std::vector<std::string> out;
  for (const auto& s : d.sections)
    for (const auto& f : s.fields)
      if (f.gap()) out.push_back(f.label);
  return out;
}

std::string markdown_escape(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool line_start = true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char ch = v[i];
    if (line_start && ch != ' ') {
      line_start = false;
      if (ch == '#' || ch == '+' || ch == '-' || ch == '=') {  // heading, list, rule, underline
        out += '\\';
        out += ch;
        continue;
      }
      if (is_digit(ch)) {  // "1. " / "1) " would open an ordered list
        std::size_t end = i;
        while (end < v.size() && is_digit(v[end])) ++end;
        if (end < v.size() && (v[end] == '.' || v[end] == ')') &&
            (end + 1 == v.size() || v[end + 1] == ' ' || v[end + 1] == '\n')) {
          out.append(v.substr(i, end - i));
          out += '\\';
          out += v[end];
          i = end;
          continue;
        }
      }
    }
    switch (ch) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
        out += '\\';
        out += ch;
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += ch;
        line_start = true;
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string render_markdown(const Document& d) {
  std::string out = fmt::format("# {}\n\n", markdown_escape(d.title));
  for (const auto& p : d.preamble) out += markdown_escape(p) + "\n\n";
  for (const auto& s : d.sections) {
    out += fmt::format("## {}\n\n", markdown_escape(heading(s)));
    for (const auto& p : s.paragraphs) out += markdown_escape(p) + "\n\n";
    for (const auto& f : s.fields)
      out += fmt::format("- **{}:** {}\n", markdown_escape(f.label),
                         f.gap() ? gap_marker(markdown_escape(f.label))
                                 : indent_continuation(markdown_escape(f.value)));
    if (!s.fields.empty()) out += "\n";
    for (const auto& t : s.tables) {
      if (!t.caption.empty()) out += fmt::format("**{}**\n\n", markdown_escape(t.caption));
      auto row = [](const std::vector<std::string>& cells) {
        std::string r = "|";
        for (const auto& c : cells) {
          std::string v = markdown_escape(c);
          for (auto& ch : v)
            if (ch == '\n' || ch == '\r') ch = ' ';
          r += " " + (v.empty() ? std::string("-") : v) + " |";
        }
        return r + "\n";
      };
      out += row(t.header);
      out += "|";
      for (std::size_t i = 0; i < t.header.size(); ++i) out += "---|";
      out += "\n";
      for (const auto& r : t.rows) out += row(r);
      out += "\n";
    }
  }
  return out;
}

std::string render_html(const Document& d) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n"
      "<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}"
      "dt{{font-weight:bold}}.gap{{color:#b00}}table{{border-collapse:collapse}}td,th{{border:1px "
      "solid #999;padding:.2em "
      ".4em;text-align:left;vertical-align:top}}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
      html_escape(d.title));
  for (const auto& p : d.preamble) out += fmt::format("<p>{}</p>\n", html_value(p));
  for (const auto& s : d.sections) {
    out += fmt::format("<section>\n<h2>{}</h2>\n", html_escape(heading(s)));
    for (const auto& p : s.paragraphs) out += fmt::format("<p>{}</p>\n", html_value(p));
    if (!s.fields.empty()) out += "<dl>\n";
    for (const auto& f : s.fields) {
      const std::string v = f.gap()
                                ? fmt::format("<strong class=\"gap\">[TO COMPLETE: {}]</strong>",
                                              html_escape(f.label))
                                : html_value(f.value);
      out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(f.label), v);
    }
    if (!s.fields.empty()) out += "</dl>\n";
    for (const auto& t : s.tables) {
      out += "<table>\n";
      if (!t.caption.empty()) out += fmt::format("<caption>{}</caption>\n", html_escape(t.caption));
      out += "<thead><tr>";
      for (const auto& h : t.header) out += fmt::format("<th>{}</th>", html_escape(h));
      out += "</tr></thead>\n<tbody>\n";
      for (const auto& r : t.rows) {
        out += "<tr>";
        for (const auto& c : r) out += fmt::format("<td>{}</td>", html_value(c));
        out += "</tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  return bulwark::join(parts, sep);
}

std::string format_date(TimePoint t) { return bulwark::format_date(t); }

}  // namespace bulwark::cra::detail
