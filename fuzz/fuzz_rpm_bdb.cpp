// libFuzzer entry point for the rpm BerkeleyDB database (Packages) extractor(s): see
// extract_common.hpp for the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("var/lib/rpm/Packages")
