// libFuzzer entry point for the dpkg status file extractor(s): see extract_common.hpp for the
// checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("var/lib/dpkg/status")
