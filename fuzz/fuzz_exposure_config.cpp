// libFuzzer entry point for the exposure configuration parsers (passwd, shadow, inittab,
// sshd_config, key = value, gitleaks TOML rules): any input parses or fails with an error naming a
// line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/internal.hpp"

namespace {
template <class R>
void check(const R& r) {
  if (!r && r.error().message.find("line") == std::string::npos) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = bulwark::exposure::detail;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check(d::parse_passwd(text));
  check(d::parse_shadow(text));
  check(d::parse_inittab(text));
  check(d::parse_keyword_config(text));
  check(d::parse_key_value(text));
  check(d::RuleSet::parse(text));
  return 0;
}
