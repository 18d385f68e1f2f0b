// Shared by the simdjson DOM readers (CycloneDX JSON, SPDX JSON): safe views of an already
// type-checked value, a scope that keeps the walker's JSON pointer, and the array walk with
// per-item pointer tracking. Internal to src/bulwark/sbom; includes simdjson, so it is included
// by the reader translation units only, never by internal.hpp.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string_view>

#include "bulwark/sbom/internal.hpp"

namespace bulwark::sbom::detail {

// By value, so that a range-for over the result does not dangle (type already checked).
inline simdjson::dom::array as_array(const simdjson::dom::element& v) {
  simdjson::dom::array a;
  if (v.get_array().get(a)) return {};
  return a;
}
inline simdjson::dom::object as_object(const simdjson::dom::element& v) {
  simdjson::dom::object o;
  if (v.get_object().get(o)) return {};
  return o;
}

// Keeps the current pointer position for the lifetime of a scope.
class Scope {
 public:
  template <class Token>
  Scope(JsonWalker& w, Token token) : w_(w), mark_(w.push(token)) {}
  ~Scope() { w_.pop(mark_); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  JsonWalker& w_;
  std::size_t mark_;
};

// Checks that `v` (the field `key` of the current object; empty: the current value) is an array
// and calls `fn(item)` for each item with the pointer at "<key>/<index>"; stops at the first
// error. `fn` returns Result<void>.
template <class Fn>
Result<void> each_item(JsonWalker& w, const simdjson::dom::element& v, std::string_view key,
                       Fn&& fn) {
  if (auto r = w.expect_array(v, key); !r) return r;
  const std::size_t mark = key.empty() ? w.path().size() : w.push(key);
  std::size_t index = 0;
  for (simdjson::dom::element item : as_array(v)) {
    Scope s(w, index++);
    if (auto r = fn(item); !r) {
      w.pop(mark);
      return r;
    }
  }
  w.pop(mark);
  return {};
}

}  // namespace bulwark::sbom::detail
