// libFuzzer entry point for the rpm header blob parser shared by the three rpm database
// extractors: any input is a package or an error; the strings it returns come from the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/extract/os/rpm_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view blob(reinterpret_cast<const char*>(data), size);
  auto pkg = bulwark::extract::os::parse_rpm_header(blob);
  if (pkg && (pkg->name.empty() || pkg->name.size() > size)) std::abort();
  if (!pkg && pkg.error().message.empty()) std::abort();
  bulwark::extract::os::RpmInventoryBuilder builder(nullptr);
  builder.add(blob, "fuzz");
  auto inv = std::move(builder).finish();
  if (inv.components.size() + inv.notes.size() != 1 && !(pkg && pkg->name == "gpg-pubkey"))
    std::abort();
  return 0;
}
