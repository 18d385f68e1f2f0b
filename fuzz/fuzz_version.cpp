// libFuzzer target: splits the input at a random point into two versions and compares them
// under every ecosystem. Checks that nothing crashes and that each comparison is a total
// preorder on the pair: validity does not depend on the argument position, cmp(a, a) == 0,
// and cmp(a, b) == -cmp(b, a).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/version/version.hpp"

namespace {

constexpr std::string_view kEcosystems[] = {
    "SEMVER",    "npm", "PyPI", "Maven",  "Go",     "crates.io", "RubyGems", "NuGet",
    "Packagist", "Hex", "Pub",  "Debian", "Alpine", "Red Hat",   "openSUSE"};

void check(std::string_view eco, std::string_view a, std::string_view b) {
  auto ab = bulwark::version::compare(eco, a, b);
  auto ba = bulwark::version::compare(eco, b, a);
  if (ab.has_value() != ba.has_value()) std::abort();
  if (ab && *ab != -*ba) std::abort();
  if (ab && (*ab < -1 || *ab > 1)) std::abort();
  auto aa = bulwark::version::compare(eco, a, a);
  if (ab && (!aa || *aa != 0)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t split = data[0] % size;  // the first byte chooses where to split the rest
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  split = split > rest.size() ? rest.size() : split;
  std::string_view a = rest.substr(0, split);
  std::string_view b = rest.substr(split);
  for (auto eco : kEcosystems) check(eco, a, b);
  return 0;
}
