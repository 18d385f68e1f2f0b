// libFuzzer entry point for the notification rule document of the API (notify::rule_from_json,
// untrusted JSON from POST /notification-rules): any input is rejected with an error or yields a
// valid rule whose listing renders, and every rendering of an event for it is valid JSON (webhook,
// Slack, Teams) or a bounded email.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "bulwark/notify/model.hpp"
#include "bulwark/notify/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rule = bulwark::notify::rule_from_json(text);
  if (!rule) {
    if (rule.error().message.empty()) std::abort();
    return 0;
  }
  bulwark::notify::Rule copy = *rule;
  if (!bulwark::notify::validate(copy)) std::abort();  // a parsed rule stays valid
  if (nlohmann::json::parse(bulwark::notify::rule_json(*rule), nullptr, false).is_discarded())
    std::abort();
  bulwark::notify::Event e;
  e.id = "00000000-0000-4000-8000-000000000000";
  e.kind = "finding.new";
  e.subject = std::string(text.substr(0, 300));  // hostile text in the payload too
  e.data = std::string(text.substr(0, 300));
  const auto m = bulwark::notify::render(*rule, {e, e}, "digest", "2026-12-07T01:30:00Z");
  if (rule->destination != bulwark::notify::Destination::kEmail &&
      nlohmann::json::parse(m.body, nullptr, false).is_discarded())
    std::abort();
  return 0;
}
