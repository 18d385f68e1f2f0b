// libFuzzer entry: feed classification and the KEV (JSON, CSV), EPSS (CSV) and NVD (JSON) parsers
// of bulwark_vulndb on arbitrary bytes (the parse functions only: no database). Every input must
// yield entries, problems or an error; never a crash, a leak or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bulwark/vulndb/feeds.hpp"

namespace feeds = bulwark::vulndb::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t seen = 0;
  const feeds::ProblemSink problem = [&](feeds::Problem&& p) { seen += p.reason.size() > 0; };
  (void)feeds::classify(text, "fuzz.json");
  (void)feeds::classify(text, "fuzz.csv");
  (void)feeds::parse_kev_json(
      text,
      [&](bulwark::vulndb::KevEntry&&) -> feeds::VoidResult {
        ++seen;
        return {};
      },
      problem);
  (void)feeds::parse_kev_csv(
      text,
      [&](bulwark::vulndb::KevEntry&&) -> feeds::VoidResult {
        ++seen;
        return {};
      },
      problem);
  (void)feeds::parse_epss_csv(
      text,
      [&](const feeds::EpssRow&) -> feeds::VoidResult {
        ++seen;
        return {};
      },
      problem);
  (void)feeds::parse_nvd_json(
      text,
      [&](bulwark::vulndb::NvdRecord&&) -> feeds::VoidResult {
        ++seen;
        return {};
      },
      problem);
  volatile std::size_t sink = seen;
  (void)sink;
  return 0;
}
