// write_vex: VexDocument -> CSAF 2.0 csaf_vex (csaf.hpp; mapping in docs/csaf.md).
#include <nlohmann/json.hpp>

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "bulwark/core/clock.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/csaf/detail.hpp"

namespace bulwark::csaf {
namespace {

using nlohmann::json;

// What one product_id says about one vulnerability.
struct Entry {
  std::string group;  // product_status group
  std::string justification, detail, action, remediation, timestamp;
  std::size_t statement = 0;
  bool operator==(const Entry& o) const {
    return std::tie(group, justification, detail, action, remediation, timestamp) ==
           std::tie(o.group, o.justification, o.detail, o.action, o.remediation, o.timestamp);
  }
};

struct Vuln {
  std::string id;
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, Entry>> entries;  // product_id -> entry, first-seen order
};

std::string next_id(std::size_t& counter) { return fmt::format("CSAFPID-{:04}", ++counter); }

json helper_for(const std::string& identifier) {
  if (identifier.starts_with("pkg:")) return {{"purl", identifier}};
  if (identifier.starts_with("cpe:2.3:") || identifier.starts_with("cpe:/"))
    return {{"cpe", identifier}};
  return nullptr;
}

// The product tree under construction and the product_ids it has handed out.
class Tree {
 public:
  std::string component(const std::string& identifier) {
    auto [it, fresh] = components_.emplace(identifier, "");
    if (!fresh) return it->second;
    it->second = next_id(counter_);
    json p = {{"name", identifier}, {"product_id", it->second}};
    if (auto h = helper_for(identifier); !h.is_null()) p["product_identification_helper"] = h;
    full_names_.push_back(p);
    return it->second;
  }

  std::string product(const std::string& name, const std::string& version) {
    auto [it, fresh] = products_.emplace(std::pair{name, version}, "");
    if (!fresh) return it->second;
    it->second = next_id(counter_);
    json p = {{"name", version.empty() ? name : name + " " + version}, {"product_id", it->second}};
    if (version.empty()) {
      branches_.push_back({{"category", "product_name"}, {"name", name}, {"product", p}});
      return it->second;
    }
    const char* cat =
        detail::looks_like_version_range(version) ? "product_version_range" : "product_version";
    name_branch(name)["branches"].push_back({{"category", cat}, {"name", version}, {"product", p}});
    return it->second;
  }

  std::string relationship(const std::string& comp_id, const std::string& comp,
                           const std::string& prod_id, const std::string& prod_name) {
    auto [it, fresh] = relationships_.emplace(std::pair{comp_id, prod_id}, "");
    if (!fresh) return it->second;
    it->second = next_id(counter_);
    relations_.push_back(
        {{"category", "default_component_of"},
         {"product_reference", comp_id},
         {"relates_to_product_reference", prod_id},
         {"full_product_name",
          {{"name", comp + " as a component of " + prod_name}, {"product_id", it->second}}}});
    return it->second;
  }

  json to_json() const {
    json t = json::object();
    if (!branches_.empty()) t["branches"] = branches_;
    if (!full_names_.empty()) t["full_product_names"] = full_names_;
    if (!relations_.empty()) t["relationships"] = relations_;
    return t;
  }

 private:
  json& name_branch(const std::string& name) {
    for (auto& b : branches_)
      if (b["name"] == name && b.contains("branches")) return b;
    branches_.push_back(
        {{"category", "product_name"}, {"name", name}, {"branches", json::array()}});
    return branches_.back();
  }

  std::size_t counter_ = 0;
  std::map<std::string, std::string> components_;
  std::map<std::pair<std::string, std::string>, std::string> products_, relationships_;
  json branches_ = json::array(), full_names_ = json::array(), relations_ = json::array();
};

std::string group_of(AnalysisState s) {
  switch (s) {
    case AnalysisState::kAffected:
      return "known_affected";
    case AnalysisState::kFixed:
      return "fixed";
    case AnalysisState::kUnderInvestigation:
      return "under_investigation";
    default:
      return "known_not_affected";  // not_affected and false_positive
  }
}

std::string remediation_category(const Analysis& a) {
  for (const auto& r : a.responses) {
    if (r == "update") return "vendor_fix";
    if (r == "workaround_available" || r == "rollback") return "workaround";
    if (r == "will_not_fix") return "no_fix_planned";
    if (r == "can_not_fix") return "none_available";
  }
  if (a.state == AnalysisState::kFixed) return "vendor_fix";
  if (a.state != AnalysisState::kAffected) return "";
  return a.action_statement.empty() ? "none_available" : "mitigation";
}

std::string default_action(const std::string& category) {
  if (category == "no_fix_planned") return "No fix is planned.";
  if (category == "none_available") return "No remediation is available yet.";
  return "See the vendor's advice.";
}

Entry entry_for(const VexStatement& st, std::size_t index) {
  const Analysis& a = st.analysis;
  Entry e{group_of(a.state),
          std::string(to_string(a.justification)),
          a.detail,
          a.action_statement,
          "",
          a.timestamp,
          index};
  if (a.state == AnalysisState::kNotAffected || a.state == AnalysisState::kFalsePositive) {
    e.justification = std::string(to_string(a.justification));
    if (e.justification.empty() && e.detail.empty())
      e.detail = a.state == AnalysisState::kFalsePositive
                     ? "False positive: the vulnerability does not apply to this product."
                     : "The product is not affected by this vulnerability.";
  } else {
    e.justification.clear();
  }
  e.remediation = remediation_category(a);
  if (!e.remediation.empty() && e.action.empty() && a.state == AnalysisState::kAffected)
    e.action = default_action(e.remediation);
  if (e.action.empty()) e.remediation.clear();
  return e;
}

Result<void> check_statement(const VexStatement& st, const std::string& f) {
  if (st.vulnerability.empty()) return invalid_input(f + ".vulnerability is empty");
  if (st.components.empty() && st.product.empty())
    return invalid_input(f + ": names neither a component nor a product");
  for (std::size_t i = 0; i < st.components.size(); ++i)
    if (st.components[i].empty())
      return invalid_input(fmt::format("{}.components[{}] is empty", f, i));
  if (!st.analysis.timestamp.empty() && !detail::is_rfc3339(st.analysis.timestamp))
    return invalid_input(f + ".analysis.timestamp: '" + st.analysis.timestamp +
                         "' is not an RFC 3339 date-time");
  return {};
}

Result<void> add_entry(Vuln& v, const std::string& pid, const Entry& e, const std::string& what) {
  for (const auto& [id, old] : v.entries) {
    if (id != pid) continue;
    if (old == e) return {};
    return invalid_input(
        fmt::format("statements[{}] and statements[{}] give different analyses of {} for {}",
                    old.statement, e.statement, v.id, what));
  }
  v.entries.emplace_back(pid, e);
  return {};
}

Result<void> add_statement(Tree& tree, std::vector<Vuln>& vulns, const VexStatement& st,
                           std::size_t index) {
  auto it = std::find_if(vulns.begin(), vulns.end(),
                         [&](const Vuln& v) { return v.id == st.vulnerability; });
  if (it == vulns.end()) it = vulns.insert(vulns.end(), Vuln{st.vulnerability, {}, {}});
  for (const auto& a : st.aliases)
    if (a != it->id && std::find(it->aliases.begin(), it->aliases.end(), a) == it->aliases.end())
      it->aliases.push_back(a);
  const Entry e = entry_for(st, index);
  if (st.product.empty()) {
    for (const auto& c : st.components)
      if (auto r = add_entry(*it, tree.component(c), e, c); !r) return r;
    return {};
  }
  const std::string prod = tree.product(st.product, st.product_version);
  const std::string prod_name =
      st.product_version.empty() ? st.product : st.product + " " + st.product_version;
  if (st.components.empty()) return add_entry(*it, prod, e, prod_name);
  for (const auto& c : st.components)
    if (auto r = add_entry(*it, tree.relationship(tree.component(c), c, prod, prod_name), e,
                           c + " in " + prod_name);
        !r)
      return r;
  return {};
}

// Groups product_ids sharing a key, in first-seen order.
template <class KeyFn>
std::vector<std::pair<std::tuple<std::string, std::string, std::string>, std::vector<std::string>>>
group_by(const Vuln& v, KeyFn key) {
  std::vector<
      std::pair<std::tuple<std::string, std::string, std::string>, std::vector<std::string>>>
      out;
  for (const auto& [pid, e] : v.entries) {
    auto k = key(e);
    if (!k) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == *k; });
    if (it == out.end()) it = out.insert(out.end(), {*k, {}});
    it->second.push_back(pid);
  }
  return out;
}

using Key = std::optional<std::tuple<std::string, std::string, std::string>>;

json vulnerability_json(const Vuln& v) {
  json j = json::object();
  json ids = json::array();
  if (detail::is_cve(v.id))
    j["cve"] = v.id;
  else
    ids.push_back({{"system_name", detail::system_name_for(v.id)}, {"text", v.id}});
  for (const auto& a : v.aliases)
    ids.push_back({{"system_name", detail::system_name_for(a)}, {"text", a}});
  if (!ids.empty()) j["ids"] = ids;
  j["notes"] =
      json::array({{{"category", "general"},
                    {"title", "VEX statement"},
                    {"text", "The status of " + v.id + " in the products of this document."}}});
  json status = json::object();
  for (const auto& [pid, e] : v.entries) status[e.group].push_back(pid);
  j["product_status"] = status;
  auto with_date = [](json obj, const std::string& date) {
    if (!date.empty()) obj["date"] = date;
    return obj;
  };
  json flags = json::array(), threats = json::array(), rems = json::array();
  for (const auto& [k, pids] : group_by(v, [](const Entry& e) -> Key {
         if (e.justification.empty()) return std::nullopt;
         return std::tuple{e.justification, e.timestamp, std::string()};
       }))
    flags.push_back(with_date({{"label", std::get<0>(k)}, {"product_ids", pids}}, std::get<1>(k)));
  for (const auto& [k, pids] : group_by(v, [](const Entry& e) -> Key {
         if (e.detail.empty()) return std::nullopt;
         return std::tuple{e.detail, e.timestamp, std::string()};
       }))
    threats.push_back(
        with_date({{"category", "impact"}, {"details", std::get<0>(k)}, {"product_ids", pids}},
                  std::get<1>(k)));
  for (const auto& [k, pids] : group_by(v, [](const Entry& e) -> Key {
         if (e.remediation.empty()) return std::nullopt;
         return std::tuple{e.remediation, e.action, e.timestamp};
       }))
    rems.push_back(with_date(
        {{"category", std::get<0>(k)}, {"details", std::get<1>(k)}, {"product_ids", pids}},
        std::get<2>(k)));
  if (!flags.empty()) j["flags"] = flags;
  if (!threats.empty()) j["threats"] = threats;
  if (!rems.empty()) j["remediations"] = rems;
  return j;
}

struct DocFields {
  std::string id, title, publisher, initial, current;
};

Result<DocFields> doc_fields(const VexDocument& doc, const VexCsafOptions& o) {
  DocFields d{o.tracking_id.empty() ? doc.id : o.tracking_id, o.title,
              o.publisher_name.empty() ? doc.author : o.publisher_name,
              o.initial_release_date.empty() ? doc.timestamp : o.initial_release_date,
              o.current_release_date.empty() ? doc.timestamp : o.current_release_date};
  if (d.id.empty() || d.id.front() == ' ' || d.id.back() == ' ')
    return invalid_input("tracking_id: '" + d.id +
                         "' is empty or has leading/trailing white space");
  if (d.title.empty()) d.title = "VEX document " + d.id;
  if (d.publisher.empty())
    return invalid_input("publisher_name is empty (and the VEX document has no author)");
  if (!detail::is_http_or_https_url(o.publisher_namespace))
    return invalid_input("publisher_namespace: '" + o.publisher_namespace +
                         "' is not an http(s) URL");
  for (const auto& [v, f] :
       {std::pair{&d.initial, "initial_release_date"}, {&d.current, "current_release_date"}})
    if (!detail::is_rfc3339(*v))
      return invalid_input(std::string(f) + ": '" + *v + "' is not an RFC 3339 date-time");
  if (!detail::is_language_tag(o.lang))
    return invalid_input("lang: '" + o.lang + "' is not a language tag");
  if (o.status != "draft" && o.status != "interim" && o.status != "final")
    return invalid_input("status: '" + o.status + "' is not draft, interim or final");
  if (detail::normalize_tlp(o.tlp).empty())
    return invalid_input("tlp: '" + o.tlp + "' is not a TLP label");
  return d;
}

Result<json> revision_history(const VexCsafOptions& o, const std::string& current) {
  json revs = json::array();
  if (o.revisions.empty()) {
    revs.push_back({{"number", "1"}, {"date", current}, {"summary", "Initial version."}});
    return revs;
  }
  for (std::size_t i = 0; i < o.revisions.size(); ++i) {
    const auto& r = o.revisions[i];
    if (!detail::is_integer_version(r.number) && !detail::is_semantic_version(r.number))
      return invalid_input(
          fmt::format("revisions[{}].number: '{}' is not a revision number", i, r.number));
    if (!detail::is_rfc3339(r.date))
      return invalid_input(
          fmt::format("revisions[{}].date: '{}' is not an RFC 3339 date-time", i, r.date));
    revs.push_back({{"number", r.number},
                    {"date", r.date},
                    {"summary", r.summary.empty() ? "Revision." : r.summary}});
  }
  return revs;
}

}  // namespace

Result<std::string> write_vex(const VexDocument& doc, const VexCsafOptions& options) {
  auto d = doc_fields(doc, options);
  if (!d) return std::unexpected(d.error());
  if (doc.statements.empty())
    return invalid_input("statements: a CSAF VEX document needs at least one statement");
  Tree tree;
  std::vector<Vuln> vulns;
  for (std::size_t i = 0; i < doc.statements.size(); ++i) {
    const std::string f = fmt::format("statements[{}]", i);
    if (auto r = check_statement(doc.statements[i], f); !r) return std::unexpected(r.error());
    if (auto r = add_statement(tree, vulns, doc.statements[i], i); !r)
      return std::unexpected(r.error());
  }
  auto revs = revision_history(options, d->current);
  if (!revs) return std::unexpected(revs.error());
  json publisher = {{"category", options.publisher_category},
                    {"name", d->publisher},
                    {"namespace", options.publisher_namespace}};
  if (!options.publisher_contact.empty()) publisher["contact_details"] = options.publisher_contact;
  json document = {
      {"category", "csaf_vex"},
      {"csaf_version", "2.0"},
      {"lang", options.lang},
      {"title", d->title},
      {"publisher", publisher},
      {"distribution",
       {{"tlp",
         {{"label", detail::normalize_tlp(options.tlp)}, {"url", "https://www.first.org/tlp/"}}}}},
      {"tracking",
       {{"id", d->id},
        {"status", options.status},
        {"version", revs->back()["number"]},
        {"revision_history", *revs},
        {"initial_release_date", d->initial},
        {"current_release_date", d->current},
        {"generator",
         {{"engine", {{"name", "Bulwark"}, {"version", std::string(kGeneratorVersion)}}}}}}}};
  if (!options.summary.empty())
    document["notes"] =
        json::array({{{"category", "summary"}, {"title", "Summary"}, {"text", options.summary}}});
  json vj = json::array();
  for (const auto& v : vulns) vj.push_back(vulnerability_json(v));
  json out = {{"document", document}, {"product_tree", tree.to_json()}, {"vulnerabilities", vj}};
  return out.dump(2) + "\n";
}

}  // namespace bulwark::csaf
