// read_vex: any CSAF 2.0 document -> VexDocument (csaf.hpp; mapping in docs/csaf.md).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"

namespace bulwark::csaf {
namespace {

using nlohmann::json;

struct ProductInfo {
  std::string full_name, helper;  // helper: purl, else CPE, else empty
  std::string branch_name, branch_version;
  bool in_branches = false;
  bool relationship = false;
  std::string component, product, product_version;  // relationships: resolved
};

class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  std::unexpected<Error> fail(const std::string& pointer, const std::string& what) const {
    return invalid_input(name_ + ": " + (pointer.empty() ? std::string("(root)") : pointer) + ": " +
                         what);
  }

  // The array at obj[key] (nullptr when absent); an error when it is not an array.
  Result<const json*> array(const json& obj, const char* key, const std::string& ptr) const {
    if (!obj.is_object() || !obj.contains(key)) return nullptr;
    const json& a = obj.at(key);
    if (!a.is_array()) return fail(ptr + "/" + key, "is not an array");
    return &a;
  }

  Result<std::string> string(const json& obj, const char* key, const std::string& ptr) const {
    if (!obj.is_object() || !obj.contains(key)) return std::string();
    const json& s = obj.at(key);
    if (!s.is_string()) return fail(ptr + "/" + key, "is not a string");
    return s.get<std::string>();
  }

 private:
  std::string name_;
};

std::string helper_of(const json& product) {
  if (!product.is_object() || !product.contains("product_identification_helper")) return "";
  const json& h = product["product_identification_helper"];
  if (!h.is_object()) return "";
  for (const char* k : {"purl", "cpe"})
    if (h.contains(k) && h[k].is_string()) return h[k].get<std::string>();
  return "";
}

using Products = std::map<std::string, ProductInfo>;

Result<void> add_product(const Reader& rd, const json& p, const std::string& ptr, ProductInfo info,
                         Products& out) {
  if (!p.is_object()) return rd.fail(ptr, "is not an object");
  auto id = rd.string(p, "product_id", ptr);
  if (!id) return std::unexpected(id.error());
  auto name = rd.string(p, "name", ptr);
  if (!name) return std::unexpected(name.error());
  info.full_name = *name;
  info.helper = helper_of(p);
  out[*id] = info;
  return {};
}

// Branches nest (vendor > product_name > product_version ...); the walk stops at the one
// nesting limit, so neither the stack nor the per-level pointers and contexts grow unbounded.
Result<void> walk_branches(const Reader& rd, const json& list, const std::string& ptr,
                           const ProductInfo& ctx, Products& out, std::size_t depth = 1) {
  if (depth > kMaxNestingDepth) return rd.fail(ptr, "branches " + nesting_message());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& b = list[i];
    const std::string bp = fmt::format("{}/{}", ptr, i);
    if (!b.is_object()) return rd.fail(bp, "is not an object");
    auto cat = rd.string(b, "category", bp);
    auto name = rd.string(b, "name", bp);
    if (!cat || !name) return std::unexpected(!cat ? cat.error() : name.error());
    ProductInfo here = ctx;
    if (*cat == "product_name") here.branch_name = *name;
    if (*cat == "product_version" || *cat == "product_version_range") here.branch_version = *name;
    if (b.contains("product"))
      if (auto r = add_product(rd, b["product"], bp + "/product", here, out); !r) return r;
    auto sub = rd.array(b, "branches", bp);
    if (!sub) return std::unexpected(sub.error());
    if (*sub != nullptr)
      if (auto r = walk_branches(rd, **sub, bp + "/branches", here, out, depth + 1); !r) return r;
  }
  return {};
}

std::string component_id(const Products& ps, const std::string& pid) {
  auto it = ps.find(pid);
  if (it == ps.end()) return pid;
  return it->second.helper.empty() ? it->second.full_name : it->second.helper;
}

std::pair<std::string, std::string> product_of(const Products& ps, const std::string& pid) {
  auto it = ps.find(pid);
  if (it == ps.end()) return {pid, ""};
  const ProductInfo& p = it->second;
  if (!p.branch_name.empty()) return {p.branch_name, p.branch_version};
  return {p.helper.empty() ? p.full_name : p.helper, p.branch_version};
}

Result<Products> read_products(const Reader& rd, const json& doc) {
  Products out;
  if (!doc.contains("product_tree")) return out;
  const json& tree = doc["product_tree"];
  if (!tree.is_object()) return rd.fail("/product_tree", "is not an object");
  auto br = rd.array(tree, "branches", "/product_tree");
  if (!br) return std::unexpected(br.error());
  if (*br != nullptr)
    if (auto r = walk_branches(rd, **br, "/product_tree/branches", ProductInfo{.in_branches = true},
                               out);
        !r)
      return std::unexpected(r.error());
  auto fp = rd.array(tree, "full_product_names", "/product_tree");
  if (!fp) return std::unexpected(fp.error());
  for (std::size_t i = 0; *fp != nullptr && i < (*fp)->size(); ++i)
    if (auto r = add_product(rd, (**fp)[i], fmt::format("/product_tree/full_product_names/{}", i),
                             {}, out);
        !r)
      return std::unexpected(r.error());
  auto rels = rd.array(tree, "relationships", "/product_tree");
  if (!rels) return std::unexpected(rels.error());
  for (std::size_t i = 0; *rels != nullptr && i < (*rels)->size(); ++i) {
    const json& r = (**rels)[i];
    const std::string rp = fmt::format("/product_tree/relationships/{}", i);
    auto comp = rd.string(r, "product_reference", rp);
    auto prod = rd.string(r, "relates_to_product_reference", rp);
    if (!comp || !prod) return std::unexpected(!comp ? comp.error() : prod.error());
    if (!r.contains("full_product_name")) return rd.fail(rp, "has no full_product_name");
    ProductInfo info{.relationship = true, .component = component_id(out, *comp)};
    std::tie(info.product, info.product_version) = product_of(out, *prod);
    if (auto x = add_product(rd, r["full_product_name"], rp + "/full_product_name", info, out); !x)
      return std::unexpected(x.error());
  }
  return out;
}

// product_group id -> product_ids.
std::map<std::string, std::vector<std::string>> read_groups(const json& doc) {
  std::map<std::string, std::vector<std::string>> out;
  if (!doc.contains("product_tree") || !doc["product_tree"].contains("product_groups")) return out;
  for (const auto& g : doc["product_tree"]["product_groups"])
    if (g.is_object() && g.contains("group_id") && g["group_id"].is_string() &&
        g.contains("product_ids"))
      for (const auto& p : g["product_ids"])
        if (p.is_string()) out[g["group_id"].get<std::string>()].push_back(p.get<std::string>());
  return out;
}

struct Attributes {
  std::string justification, detail, action, timestamp;
  std::vector<std::string> responses;
};

using Groups = std::map<std::string, std::vector<std::string>>;

bool applies(const json& item, const std::string& pid, const Groups& groups, bool empty_means_all) {
  bool has = false;
  if (item.contains("product_ids") && item["product_ids"].is_array()) {
    has = true;
    for (const auto& p : item["product_ids"])
      if (p == pid) return true;
  }
  if (item.contains("group_ids") && item["group_ids"].is_array()) {
    has = true;
    for (const auto& g : item["group_ids"]) {
      auto it = g.is_string() ? groups.find(g.get<std::string>()) : groups.end();
      if (it != groups.end() &&
          std::find(it->second.begin(), it->second.end(), pid) != it->second.end())
        return true;
    }
  }
  return !has && empty_means_all;
}

std::string str(const json& obj, const char* key) {
  return obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : std::string();
}

std::string response_for(const std::string& category) {
  if (category == "vendor_fix") return "update";
  if (category == "workaround" || category == "mitigation") return "workaround_available";
  if (category == "no_fix_planned") return "will_not_fix";
  if (category == "none_available") return "can_not_fix";
  return "";
}

Attributes attributes_of(const json& vuln, const std::string& pid, const Groups& groups) {
  Attributes a;
  auto first = [&](const char* key, auto&& take) {
    if (!vuln.contains(key) || !vuln[key].is_array()) return;
    for (const auto& item : vuln[key])
      if (item.is_object() && take(item)) return;
  };
  first("flags", [&](const json& f) {
    if (!applies(f, pid, groups, false)) return false;
    a.justification = str(f, "label");
    if (a.timestamp.empty()) a.timestamp = str(f, "date");
    return true;
  });
  first("threats", [&](const json& t) {
    if (str(t, "category") != "impact" || !applies(t, pid, groups, true)) return false;
    a.detail = str(t, "details");
    if (a.timestamp.empty()) a.timestamp = str(t, "date");
    return true;
  });
  first("remediations", [&](const json& r) {
    if (!applies(r, pid, groups, false)) return false;
    a.action = str(r, "details");
    if (auto resp = response_for(str(r, "category")); !resp.empty()) a.responses.push_back(resp);
    if (a.timestamp.empty()) a.timestamp = str(r, "date");
    return true;
  });
  return a;
}

std::optional<AnalysisState> state_of(std::string_view group) {
  if (group == "recommended") return std::nullopt;
  return analysis_state_from_string(group);
}

// Statement fields of a product_id: components, product, product_version.
std::tuple<std::vector<std::string>, std::string, std::string> target_of(const Products& ps,
                                                                         const std::string& pid) {
  auto it = ps.find(pid);
  if (it == ps.end()) return {{pid}, "", ""};
  const ProductInfo& p = it->second;
  if (p.relationship) return {{p.component}, p.product, p.product_version};
  if (!p.in_branches) return {{p.helper.empty() ? p.full_name : p.helper}, "", ""};
  const std::string prod = p.branch_name.empty() ? p.full_name : p.branch_name;
  if (p.helper.empty()) return {{}, prod, p.branch_version};
  return {{p.helper}, p.branch_name, p.branch_version};
}

Result<void> read_ids(const Reader& rd, const json& v, const std::string& vp, VexStatement& proto) {
  auto cve = rd.string(v, "cve", vp);
  if (!cve) return std::unexpected(cve.error());
  auto ids = rd.array(v, "ids", vp);
  if (!ids) return std::unexpected(ids.error());
  std::vector<std::string> texts;
  for (std::size_t i = 0; *ids != nullptr && i < (*ids)->size(); ++i) {
    auto t = rd.string((**ids)[i], "text", fmt::format("{}/ids/{}", vp, i));
    if (!t) return std::unexpected(t.error());
    if (!t->empty()) texts.push_back(*t);
  }
  if (!cve->empty())
    proto.vulnerability = *cve;
  else if (!texts.empty())
    proto.vulnerability = texts.front(), texts.erase(texts.begin());
  // else: no identifier (allowed outside the VEX profile); the caller skips the vulnerability
  proto.aliases = texts;
  return {};
}

Result<void> read_vulnerability(const Reader& rd, const json& v, std::size_t index,
                                const Products& ps, const Groups& groups,
                                std::vector<VexStatement>& out) {
  const std::string vp = fmt::format("/vulnerabilities/{}", index);
  if (!v.is_object()) return rd.fail(vp, "is not an object");
  if (!v.contains("product_status")) return {};
  const json& status = v["product_status"];
  if (!status.is_object()) return rd.fail(vp + "/product_status", "is not an object");
  VexStatement proto;
  if (auto r = read_ids(rd, v, vp, proto); !r) return r;
  if (proto.vulnerability.empty()) return {};  // no cve or ids: nothing a statement could name
  const std::size_t begin = out.size();
  for (const auto& [group, list] : status.items()) {
    const std::string gp = vp + "/product_status/" + group;
    auto state = state_of(group);
    if (!state) continue;
    if (!list.is_array()) return rd.fail(gp, "is not an array");
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (!list[k].is_string())
        return rd.fail(fmt::format("{}/{}", gp, k), "is not a product_id string");
      const std::string pid = list[k].get<std::string>();
      Attributes a = attributes_of(v, pid, groups);
      auto [comps, prod, ver] = target_of(ps, pid);
      VexStatement st = proto;
      st.location = gp;
      st.product = prod;
      st.product_version = ver;
      st.analysis.state = *state;
      if (*state == AnalysisState::kNotAffected)
        st.analysis.justification =
            justification_from_string(a.justification).value_or(Justification::kNone);
      st.analysis.detail = a.detail;
      st.analysis.action_statement = a.action;
      st.analysis.responses = a.responses;
      st.analysis.timestamp = a.timestamp;
      auto same = [&](const VexStatement& o) {
        return o.location == st.location && o.product == st.product &&
               o.product_version == st.product_version &&
               o.analysis.justification == st.analysis.justification &&
               o.analysis.detail == st.analysis.detail &&
               o.analysis.action_statement == st.analysis.action_statement &&
               o.analysis.timestamp == st.analysis.timestamp;
      };
      auto it = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(begin), out.end(), same);
      if (it == out.end()) it = out.insert(out.end(), st);
      for (auto& c : comps)
        if (std::find(it->components.begin(), it->components.end(), c) == it->components.end())
          it->components.push_back(std::move(c));
    }
  }
  return {};
}

Result<void> read_document(const Reader& rd, const json& doc, VexDocument& out) {
  if (!doc.is_object()) return rd.fail("", "the document is not a JSON object");
  if (!doc.contains("document") || !doc["document"].is_object())
    return rd.fail("/document", "is missing or not an object");
  const json& d = doc["document"];
  auto version = rd.string(d, "csaf_version", "/document");
  if (!version) return std::unexpected(version.error());
  if (*version != "2.0")
    return make_error(
        ErrorCode::kUnsupported,
        rd.fail("/document/csaf_version", "'" + *version + "' is not 2.0").error().message);
  out.format = VexFormat::kCsaf;
  if (d.contains("publisher")) {
    auto n = rd.string(d["publisher"], "name", "/document/publisher");
    if (!n) return std::unexpected(n.error());
    out.author = *n;
  }
  if (d.contains("tracking")) {
    const json& t = d["tracking"];
    for (const auto& [key, field] : {std::pair{"id", &out.id},
                                     {"current_release_date", &out.timestamp},
                                     {"version", &out.version}}) {
      auto s = rd.string(t, key, "/document/tracking");
      if (!s) return std::unexpected(s.error());
      *field = *s;
    }
  }
  return {};
}

}  // namespace

Result<VexDocument> read_vex(std::string_view content, std::string_view name) {
  const Reader rd{std::string(name)};
  if (auto deep = check_json_depth(content, name); !deep) return std::unexpected(deep.error());
  json doc;
  try {
    doc = json::parse(content);
  } catch (const json::parse_error& e) {
    auto loc = location_of(content, e.byte > 0 ? e.byte - 1 : 0);
    return invalid_input(fmt::format("{}:{}:{}: not valid JSON", name, loc.line, loc.column));
  } catch (const json::exception& e) {  // e.g. a number out of range
    return invalid_input(fmt::format("{}: not valid JSON ({})", name, e.what()));
  }

  VexDocument out;
  if (auto r = read_document(rd, doc, out); !r) return std::unexpected(r.error());
  auto products = read_products(rd, doc);
  if (!products) return std::unexpected(products.error());
  const auto groups = read_groups(doc);
  auto vulns = rd.array(doc, "vulnerabilities", "");
  if (!vulns) return std::unexpected(vulns.error());
  for (std::size_t i = 0; *vulns != nullptr && i < (*vulns)->size(); ++i)
    if (auto r = read_vulnerability(rd, (**vulns)[i], i, *products, groups, out.statements); !r)
      return std::unexpected(r.error());
  return out;
}

}  // namespace bulwark::csaf
