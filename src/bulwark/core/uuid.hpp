// Time-ordered identifiers. random_uuid4() (core/text.hpp) is for ids whose order means
// nothing; uuid7() is for rows inserted in bulk under a unique index (notification events: a
// release's first match writes one per finding), where random ids would touch a random page of
// the index for every insert and ids that grow with time append at its end.
#pragma once

#include <string>

namespace bulwark {

// An RFC 9562 version 7 UUID, lower case: 48 bits of Unix time in milliseconds, then random
// bits (a counter within one millisecond keeps ids from one thread increasing).
std::string uuid7();

}  // namespace bulwark
