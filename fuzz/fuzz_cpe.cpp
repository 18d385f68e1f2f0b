// libFuzzer entry point for the CPE parser: any input, read as a formatted string (2.3) and as
// a URI (2.2), must either be rejected with an error or give a name that
//  - binds to a formatted string and a URI that both parse back to the same name,
//  - matches itself when it has no wildcards (IR 7696: every attribute EQUAL), and with
//    wildcards matches the same name with the wildcards removed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bulwark/cpe/cpe.hpp"

namespace {

namespace cpe = bulwark::cpe;

cpe::Attr cpe::Cpe::*const kMembers[] = {
    &cpe::Cpe::vendor,    &cpe::Cpe::product,  &cpe::Cpe::version,    &cpe::Cpe::update,
    &cpe::Cpe::edition,   &cpe::Cpe::language, &cpe::Cpe::sw_edition, &cpe::Cpe::target_sw,
    &cpe::Cpe::target_hw, &cpe::Cpe::other};

void check_round_trip(const cpe::Cpe& c) {
  auto fs = cpe::parse(cpe::to_fs(c));
  if (!fs || !(*fs == c)) std::abort();
  auto uri = cpe::parse(cpe::to_uri(c));
  if (!uri || !(*uri == c)) std::abort();
}

void check_self_match(const cpe::Cpe& c) {
  cpe::Cpe literal = c;
  bool wild = false;
  for (auto m : kMembers) {
    wild = wild || (c.*m).has_wildcards();
    (literal.*m).prefix.clear();
    (literal.*m).suffix.clear();
  }
  if (!wild && !cpe::matches(c, c)) std::abort();
  if (!cpe::matches(c, literal)) std::abort();
  if (!cpe::matches(literal, literal)) std::abort();
}

void check(std::string_view text, bool fs) {
  auto parsed = fs ? cpe::parse_fs(text) : cpe::parse_uri(text);
  if (!parsed) return;
  check_round_trip(*parsed);
  check_self_match(*parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, true);
  check(text, false);
  // Also read the bytes as the attribute part of either binding.
  check(std::string("cpe:2.3:") + std::string(text), true);
  check(std::string("cpe:/") + std::string(text), false);
  return 0;
}
