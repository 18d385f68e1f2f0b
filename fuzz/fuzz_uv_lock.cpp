// libFuzzer entry point for the uv.lock extractor(s): see extract_common.hpp for the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("srv/app/uv.lock")
