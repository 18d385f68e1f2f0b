// libFuzzer entry point for the risk policy file (risk::parse_policy, the YAML of
// `bulwark scan --policy`, with its exposure section): any input is rejected with an error naming
// the file or yields a policy whose assessment of a few signals (with and without reach) succeeds
// with a priority in P0..P4.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/risk/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark::risk;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = parse_policy(text, "policy.yaml");
  if (!p) {
    if (!p.error().message.starts_with("policy.yaml")) std::abort();
    return 0;
  }
  const Reach exposed{
      "express", 3, {{"web-ui", "network", "internet", "credentials", "integrity", Need::kHigh}}};
  const Reach none{"zlib", 3, {}};
  for (const Reach* r : {static_cast<const Reach*>(nullptr), &exposed, &none}) {
    for (bool kev : {false, true}) {
      Signals s;
      s.cvss = 7.5;
      s.kev = kev;
      s.reach = r;
      auto a = assess(*p, s, "2026-12-07");
      if (!a) continue;  // a deadline beyond the calendar is an error, not a crash
      if (static_cast<int>(a->priority) < 0 || static_cast<int>(a->priority) > 4) std::abort();
      if (kev && r == &none && a->priority != Priority::kP0 &&
          a->reason.find("; lowered ") != std::string::npos)
        std::abort();  // a known exploited finding is never lowered
    }
  }
  return 0;
}
