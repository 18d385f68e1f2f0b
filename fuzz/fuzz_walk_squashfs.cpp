// libFuzzer entry point for the inventory walker over SquashFS images (and SquashFS nested in
// archives), on an in-memory file: see walk_common.hpp for the checks. The seeds decide which
// source the input exercises.
#include "walk_common.hpp"

BULWARK_WALK_FUZZ_TARGET
