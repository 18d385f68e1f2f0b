#include "bulwark/report/report.hpp"

namespace bulwark::report {

std::string component_label(const Component& c) {
  std::string s = c.group.empty() ? c.name : c.group + "/" + c.name;
  if (!c.version.empty()) s += "@" + c.version;
  return s;
}

Result<void> render(std::string_view format, const ScanReport& report, std::ostream& out,
                    bool color) {
  if (format == "table") {
    write_table(report, out, color);
  } else if (format == "json") {
    write_json(report, out);
  } else if (format == "sarif") {
    write_sarif(report, out);
  } else if (format == "cyclonedx") {
    write_cyclonedx(report, out);
  } else {
    return make_error(ErrorCode::kUsage, "unknown output format '" + std::string(format) +
                                             "' (expected table, json, sarif or cyclonedx)");
  }
  out.flush();
  if (!out) return io_error("writing the report failed");
  return {};
}

}  // namespace bulwark::report
