// Forwarding the error of a failed Result to a function with another result type.
#pragma once

#include <expected>
#include <utility>

#include "bulwark/core/result.hpp"

namespace bulwark {

// `if (!r) return pass_error(std::move(r));`
template <class T>
std::unexpected<Error> pass_error(Result<T>&& r) {
  return std::unexpected(std::move(r).error());
}

}  // namespace bulwark
