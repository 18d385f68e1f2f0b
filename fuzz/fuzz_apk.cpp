// libFuzzer entry point for the Alpine apk installed database extractor(s): see extract_common.hpp
// for the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("lib/apk/db/installed")
