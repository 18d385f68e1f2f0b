// libFuzzer entry point for the pnpm-lock.yaml extractor(s): see extract_common.hpp for the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("srv/app/pnpm-lock.yaml")
