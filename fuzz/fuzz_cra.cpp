// libFuzzer entry: the CRA case JSON reader (cra/case_json) and the Annex I checklist JSON reader
// (portfolio/cra_store) on arbitrary bytes; what reads is written back and must read again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "bulwark/cra/case_json.hpp"
#include "bulwark/cra/checklist.hpp"
#include "bulwark/portfolio/cra_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto c = bulwark::cra::case_from_json(text)) {
    const std::string again = bulwark::cra::case_to_json(*c);
    if (auto back = bulwark::cra::case_from_json(again); !back) {
      std::fprintf(stderr, "case does not read back: %s\n", back.error().message.c_str());
      std::abort();
    }
  }
  if (auto items = bulwark::portfolio::checklist_from_json(text)) {
    (void)bulwark::cra::validate(*items);
    const std::string again = bulwark::portfolio::checklist_to_json(*items);
    if (auto back = bulwark::portfolio::checklist_from_json(again); !back) {
      std::fprintf(stderr, "checklist does not read back: %s\n", back.error().message.c_str());
      std::abort();
    }
  }
  return 0;
}
