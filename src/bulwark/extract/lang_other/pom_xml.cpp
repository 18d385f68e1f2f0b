// pom.xml (Maven): the project's <dependencies> and those of profiles active by default, with
// ${property} interpolation from the same pom (<properties>, project.* and parent coordinates)
// and versions taken from <dependencyManagement> when a dependency has none. The parent pom and
// imported BOMs are not read (the extractor sees one file). Duplicates (same groupId:artifactId)
// keep the first declaration. A non-default scope becomes the dependency group ("test", ...).
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/extract/lang_other/common.hpp"

namespace bulwark::extract::other {
namespace {

using Properties = std::unordered_map<std::string, std::string>;

std::string text_of(const pugi::xml_node& parent, const char* child) {
  return std::string(trim(parent.child(child).text().as_string()));
}

Properties collect_properties(const pugi::xml_node& project) {
  Properties props;
  for (const auto& p : project.child("properties").children())
    if (p.type() == pugi::node_element) props[p.name()] = trim(p.text().as_string());
  auto parent = project.child("parent");
  for (const char* f : {"groupId", "artifactId", "version"}) {
    auto own = text_of(project, f);
    auto inherited = text_of(parent, f);
    if (own.empty()) own = inherited;
    props[std::string("project.") + f] = own;
    props[std::string("pom.") + f] = own;
    props[f] = own;
    props[std::string("project.parent.") + f] = inherited;
  }
  return props;
}

// Replaces ${name} references (nested up to a depth limit); unknown ones stay as written.
std::string interpolate(std::string_view s, const Properties& props, int depth = 0) {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto open = s.find("${", pos);
    auto close = open == std::string_view::npos ? open : s.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(s.substr(pos, open - pos));
    auto it = props.find(std::string(s.substr(open + 2, close - open - 2)));
    if (it != props.end() && depth < 8)
      out += interpolate(it->second, props, depth + 1);
    else
      out.append(s.substr(open, close - open + 1));
    pos = close + 1;
  }
  out.append(s.substr(pos));
  return out;
}

// "[1.0,2.0)" -> "1.0"; "(,1.0]" -> "1.0"; a plain version is returned unchanged.
std::string range_floor(std::string v) {
  if (v.empty() || (v.front() != '[' && v.front() != '(')) return v;
  for (auto part : split(std::string_view(v).substr(1), ',')) {
    auto t = trim(part);
    while (!t.empty() && (t.back() == ']' || t.back() == ')')) t.remove_suffix(1);
    if (!t.empty()) return std::string(t);
  }
  return {};
}

struct Dep {
  std::string group, artifact, version, scope;
  std::size_t line = 0;
};

class PomXmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "java/pomxml"; }
  bool wants(const FileInfo& file) const override { return base_name(file.path) == "pom.xml"; }
  Result<Inventory> extract(const ScanInput& input) const override {
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(input.content.data(), input.content.size(),
                                  pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed)
      return line_error(input, line_of(input.content, static_cast<std::size_t>(parsed.offset)),
                        std::string("XML syntax error: ") + parsed.description());
    auto project = doc.child("project");
    if (!project) return file_error(input, "not a Maven POM: no <project> root element");
    auto props = collect_properties(project);
    std::unordered_map<std::string, Dep> managed;
    for (const auto& d :
         read_deps(input, project.child("dependencyManagement").child("dependencies"), props))
      managed.emplace(d.group + ":" + d.artifact, d);
    std::vector<Dep> deps = read_deps(input, project.child("dependencies"), props);
    for (const auto& profile : project.child("profiles").children("profile")) {
      if (trim(profile.child("activation").child("activeByDefault").text().as_string()) != "true")
        continue;
      auto more = read_deps(input, profile.child("dependencies"), props);
      deps.insert(deps.end(), more.begin(), more.end());
    }
    return build(deps, managed);
  }

 private:
  static std::vector<Dep> read_deps(const ScanInput& input, const pugi::xml_node& list,
                                    const Properties& props) {
    std::vector<Dep> out;
    for (const auto& d : list.children("dependency")) {
      Dep dep{interpolate(text_of(d, "groupId"), props),
              interpolate(text_of(d, "artifactId"), props),
              range_floor(interpolate(text_of(d, "version"), props)),
              interpolate(text_of(d, "scope"), props),
              line_of(input.content, static_cast<std::size_t>(d.offset_debug()))};
      out.push_back(std::move(dep));
    }
    return out;
  }

  static Inventory build(const std::vector<Dep>& deps,
                         const std::unordered_map<std::string, Dep>& managed) {
    PackageSet set("maven");
    std::vector<std::string> notes;
    std::unordered_set<std::string> seen;
    for (auto d : deps) {
      auto where = "line " + std::to_string(d.line) + ": ";
      if (d.group.empty() || d.artifact.empty()) {
        notes.push_back(where + "skipped <dependency> without groupId or artifactId");
        continue;
      }
      auto coords = d.group + ":" + d.artifact;
      if (!seen.insert(coords).second) continue;  // the first declaration wins
      if (auto m = managed.find(coords); m != managed.end()) {
        if (d.version.empty()) d.version = m->second.version;
        if (d.scope.empty()) d.scope = m->second.scope;
      }
      if (d.version.find("${") != std::string::npos) {
        notes.push_back(where + coords + ": unresolved version " + d.version);
        d.version.clear();
      }
      Package p;
      p.group = d.group;
      p.name = d.artifact;
      p.version = d.version;
      p.purl_ns = d.group;
      p.direct = true;
      if (!d.scope.empty() && d.scope != "compile") p.groups.push_back(d.scope);
      set.add(std::move(p), default_key(coords, d.version));
    }
    return set.finish(std::move(notes));
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pom_xml_extractor() { return std::make_unique<PomXmlExtractor>(); }

}  // namespace bulwark::extract::other
