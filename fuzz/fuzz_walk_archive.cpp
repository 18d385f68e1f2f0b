// libFuzzer entry point for the inventory walker over tar and zip root-filesystem archives (any
// compression), on an in-memory file: see walk_common.hpp for the checks. The seeds decide which
// source the input exercises.
#include "walk_common.hpp"

BULWARK_WALK_FUZZ_TARGET
