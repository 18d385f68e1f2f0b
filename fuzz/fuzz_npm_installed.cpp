// libFuzzer entry point for the installed npm manifest extractor (node_modules/<name>/package.json:
// the author as the component's creator): see extract_common.hpp for the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("srv/app/node_modules/left-pad/package.json")
