// libFuzzer entry point for the rpm NDB database (Packages.db) extractor(s): see extract_common.hpp
// for the checks.
#include "extract_common.hpp"

BULWARK_EXTRACTOR_FUZZ_TARGET("usr/lib/sysimage/rpm/Packages.db")
