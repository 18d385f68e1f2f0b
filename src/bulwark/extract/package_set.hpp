// An insertion-ordered set of packages keyed by a caller-chosen key, and the Inventory it becomes
// (one component per package in insertion order; an edge per listed dependency that names
// another package of the set, each once). Shared by the extractor families' PackageSets
// (lang_jspy, lang_other), which differ in their package types and in what adding a key twice
// does. Internal to the extractors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bulwark/extract/extractor.hpp"

namespace bulwark::extract {

template <class Package>
class KeyedPackages {
 public:
  // The package under `key`: the new one when the key is new (second: true), else the stored
  // one, untouched (second: false).
  std::pair<Package&, bool> try_add(std::string key, Package pkg) {
    if (auto it = index_.find(key); it != index_.end())
      return {packages_[it->second].second, false};
    index_.emplace(key, packages_.size());
    packages_.emplace_back(std::move(key), std::move(pkg));
    return {packages_.back().second, true};
  }
  Package* find(const std::string& key) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &packages_[it->second].second;
  }
  const Package* find(const std::string& key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &packages_[it->second].second;
  }
  std::size_t size() const { return packages_.size(); }

  // The inventory: make(key, package, notes) builds each component; an edge's refs are
  // "<type>:<key>"; `depends_on` lists a package's dependency keys.
  template <class Make>
  Inventory finish(std::vector<std::string> notes, std::string_view type, Make make) const {
    Inventory inv;
    inv.notes = std::move(notes);
    inv.components.reserve(packages_.size());
    const std::string prefix = std::string(type) + ":";
    for (const auto& [key, pkg] : packages_) {
      inv.components.push_back(make(key, pkg, inv.notes));
      Dependency dep{prefix + key, {}};
      std::unordered_set<std::string_view> seen;  // a package may list one target often
      for (const auto& target : pkg.depends_on)
        if (target != key && index_.contains(target) && seen.insert(target).second)
          dep.depends_on.push_back(prefix + target);
      if (!dep.depends_on.empty()) inv.dependencies.push_back(std::move(dep));
    }
    return inv;
  }

 private:
  std::vector<std::pair<std::string, Package>> packages_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace bulwark::extract
