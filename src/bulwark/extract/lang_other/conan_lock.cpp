// conan.lock (C/C++): lock format 0.5 (Conan 2: "requires", "build_requires", "python_requires"
// reference lists, which become dependency groups) and the older graph_lock formats 0.0-0.4
// (Conan 1: "nodes" with "ref"/"pref", edges from "requires"/"build_requires"; the root node,
// which has a "path", is the consumer itself and is skipped).
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bulwark/extract/json_input.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

using nlohmann::json;

struct ConanRef {
  std::string name, version, user, channel;
};

// "zlib/1.2.11@user/channel#rrev%ts:package_id#prev" -> parts; empty name when malformed.
ConanRef parse_ref(std::string_view s) {
  ConanRef r;
  s = s.substr(0, s.find_first_of("#:%"));
  auto at = s.find('@');
  auto head = s.substr(0, at);
  auto slash = head.find('/');
  if (slash == std::string_view::npos || slash == 0) return r;
  r.name = head.substr(0, slash);
  r.version = head.substr(slash + 1);
  if (at != std::string_view::npos) {
    auto uc = s.substr(at + 1);
    auto s2 = uc.find('/');
    r.user = uc.substr(0, s2);
    if (s2 != std::string_view::npos) r.channel = uc.substr(s2 + 1);
  }
  return r;
}

// Adds a package for ref; returns its key, or empty when the reference has no name.
std::string add_ref(std::string_view text, const char* group, PackageSet& set,
                    std::vector<std::string>& notes) {
  auto ref = parse_ref(text);
  if (ref.name.empty() || ref.version.empty()) {
    notes.push_back("skipped reference without name/version: " + std::string(text));
    return {};
  }
  Package p;
  p.name = ref.name;
  p.version = ref.version;
  if (group) p.groups.emplace_back(group);
  auto key = default_key(p.name, p.version);
  set.add(std::move(p), key);
  return key;
}

void read_v05(const json& doc, PackageSet& set, std::vector<std::string>& notes) {
  const std::pair<const char*, const char*> sections[] = {{"requires", "requires"},
                                                          {"build_requires", "build-requires"},
                                                          {"python_requires", "python-requires"}};
  for (const auto& [field, group] : sections) {
    auto it = doc.find(field);
    if (it == doc.end() || !it->is_array()) continue;
    for (const auto& r : *it)
      if (r.is_string()) add_ref(r.get<std::string>(), group, set, notes);
  }
}

// Node ids a node points to ("requires": ["1", "2"] or, in format 0.0, {"ref": "id"}).
std::vector<std::string> edge_ids(const json& node) {
  std::vector<std::string> ids;
  for (const char* field : {"requires", "build_requires"}) {
    auto it = node.find(field);
    if (it == node.end()) continue;
    if (it->is_array()) {
      for (const auto& id : *it)
        if (id.is_string()) ids.push_back(id.get<std::string>());
    } else if (it->is_object()) {
      for (const auto& [_, id] : it->items())
        if (id.is_string()) ids.push_back(id.get<std::string>());
    }
  }
  return ids;
}

void read_graph_lock(const json& graph, PackageSet& set, std::vector<std::string>& notes) {
  auto nodes = graph.value("nodes", json::object());
  if (!nodes.is_object()) return;
  std::unordered_map<std::string, std::string> key_by_id;
  for (const auto& [id, node] : nodes.items()) {
    if (!node.is_object() || node.contains("path")) continue;
    auto ref = string_at(node, "ref");
    if (ref.empty()) ref = string_at(node, "pref");
    if (ref.empty()) continue;
    if (auto key = add_ref(ref, nullptr, set, notes); !key.empty()) key_by_id[id] = key;
  }
  for (const auto& [id, node] : nodes.items()) {
    auto from = key_by_id.find(id);
    if (from == key_by_id.end()) continue;
    for (const auto& to : edge_ids(node))
      if (auto it = key_by_id.find(to); it != key_by_id.end())
        set.find(from->second)->depends_on.push_back(it->second);
  }
}

class ConanLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "cpp/conanlock"; }
  bool wants(const FileInfo& file) const override { return base_name(file.path) == "conan.lock"; }
  Result<Inventory> extract(const ScanInput& input) const override {
    auto doc = parse_json_object(input);
    if (!doc) return std::unexpected(std::move(doc.error()));
    PackageSet set("conan");
    std::vector<std::string> notes;
    if (auto graph = doc->find("graph_lock"); graph != doc->end() && graph->is_object())
      read_graph_lock(*graph, set, notes);
    else
      read_v05(*doc, set, notes);
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_conan_lock_extractor() {
  return std::make_unique<ConanLockExtractor>();
}

}  // namespace bulwark::extract::other
