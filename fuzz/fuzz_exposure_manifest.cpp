// libFuzzer entry point for the interface manifest reader (exposure/manifest.hpp): any input
// parses or fails with an error naming a line; a parsed manifest applies to a small report
// without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bulwark/exposure/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace x = bulwark::exposure;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = x::parse_manifest(text);
  if (!m) {
    if (m.error().message.find("line") == std::string::npos) std::abort();
    return 0;
  }
  x::Report r;
  x::Observation suid;
  suid.check = "EXP.FS.SUID";
  suid.status = x::Status::kFail;
  suid.path = "bin/busybox";
  x::Observation svc;
  svc.check = "EXP.SVC.INVENTORY";
  svc.status = x::Status::kIndeterminate;
  svc.evidence = {{"telnetd", "etc/inittab:3"}, {"dropbear", "etc/init.d/S50dropbear:7"}};
  r.observations = {suid, svc};
  x::apply_manifest(r, *m, bulwark::TimePoint{});
  return 0;
}
