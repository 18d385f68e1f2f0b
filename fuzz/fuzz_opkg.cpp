// libFuzzer entry point for the opkg status file extractor(s): see extract_common.hpp for the
// checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("usr/lib/opkg/status")
