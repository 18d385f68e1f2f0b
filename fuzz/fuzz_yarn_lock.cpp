// libFuzzer entry point for the yarn.lock (v1 and berry) extractor(s): see extract_common.hpp for
// the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("srv/app/yarn.lock")
