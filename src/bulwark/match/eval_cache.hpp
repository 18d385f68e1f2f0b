// Internal to the match module: per-scan memo of version-independent range work.
#pragma once

#include <unordered_map>
#include <vector>

#include "bulwark/model/osv.hpp"

namespace bulwark::match {

struct SortedEvent {
  const OsvEvent* event;
  bool zero;  // introduced "0": lower than every version
};

class EvalCache {
 public:
  const std::vector<SortedEvent>* sorted(const OsvRange* r) const {
    auto it = sorted_.find(r);
    return it == sorted_.end() ? nullptr : &it->second;
  }
  const std::vector<SortedEvent>* put(const OsvRange* r, std::vector<SortedEvent> v) {
    return &sorted_.emplace(r, std::move(v)).first->second;
  }

 private:
  std::unordered_map<const OsvRange*, std::vector<SortedEvent>> sorted_;
};

}  // namespace bulwark::match
