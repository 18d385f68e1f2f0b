// OpenVEX reader: 0.2.0 documents plus the cheap 0.0.x/0.1 spellings (vulnerability as a string,
// products and subcomponents as strings, statement-level subcomponents).
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/core/text.hpp"
#include "bulwark/vex/internal.hpp"
#include "bulwark/vex/vex.hpp"

namespace bulwark::vex {
namespace {

using detail::string_field;
using nlohmann::json;

std::string idx(const std::string& base, std::string_view key, std::size_t i) {
  return base + "/" + std::string(key) + "/" + std::to_string(i);
}

// The identifier of a product or subcomponent: identifiers.purl, else @id, else a CPE.
Result<std::string> component_id(const json& c, const std::string& ptr) {
  if (c.is_string()) return c.get<std::string>();
  if (!c.is_object()) return invalid_input(ptr + ": expected an object or a string");
  auto ids = c.find("identifiers");
  if (ids != c.end() && ids->is_object()) {
    for (std::string_view key : {"purl"}) {
      auto v = string_field(*ids, key, ptr + "/identifiers");
      if (!v) return std::unexpected(v.error());
      if (!v->empty()) return *v;
    }
  }
  auto id = string_field(c, "@id", ptr);
  if (!id) return id;
  if (!id->empty()) return detail::from_iri(*id);
  if (ids != c.end() && ids->is_object()) {
    for (std::string_view key : {"cpe23", "cpe22"}) {
      auto v = string_field(*ids, key, ptr + "/identifiers");
      if (!v) return std::unexpected(v.error());
      if (!v->empty()) return *v;
    }
  }
  return invalid_input(ptr + ": no @id and no identifiers (purl, cpe23, cpe22)");
}

Result<std::vector<std::string>> id_list(const json& arr, const std::string& ptr) {
  if (!arr.is_array()) return invalid_input(ptr + ": expected an array");
  std::vector<std::string> out;
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto id = component_id(arr[i], ptr + "/" + std::to_string(i));
    if (!id) return std::unexpected(id.error());
    out.push_back(std::move(*id));
  }
  return out;
}

Result<void> read_vulnerability(const json& st, const std::string& ptr, VexStatement& out) {
  auto it = st.find("vulnerability");
  if (it == st.end()) return invalid_input(ptr + "/vulnerability: missing");
  if (it->is_string()) {  // 0.0.x
    out.vulnerability = it->get<std::string>();
  } else if (it->is_object()) {
    auto name = string_field(*it, "name", ptr + "/vulnerability");
    if (!name) return std::unexpected(name.error());
    auto id = string_field(*it, "@id", ptr + "/vulnerability");
    if (!id) return std::unexpected(id.error());
    out.vulnerability = name->empty() ? *id : *name;
    if (auto al = it->find("aliases"); al != it->end()) {
      if (!al->is_array()) return invalid_input(ptr + "/vulnerability/aliases: expected an array");
      for (std::size_t i = 0; i < al->size(); ++i) {
        if (!(*al)[i].is_string())
          return invalid_input(idx(ptr + "/vulnerability", "aliases", i) + ": expected a string");
        out.aliases.push_back((*al)[i].get<std::string>());
      }
    }
  } else {
    return invalid_input(ptr + "/vulnerability: expected an object or a string");
  }
  if (out.vulnerability.empty()) return invalid_input(ptr + "/vulnerability/name: missing");
  return {};
}

Result<void> read_status(const json& st, const std::string& ptr, Analysis& a) {
  auto status = string_field(st, "status", ptr);
  if (!status) return std::unexpected(status.error());
  if (status->empty()) return invalid_input(ptr + "/status: missing");
  auto s = analysis_state_from_string(*status);
  bool openvex_name = s &&
                      (*s == AnalysisState::kAffected || *s == AnalysisState::kNotAffected ||
                       *s == AnalysisState::kFixed || *s == AnalysisState::kUnderInvestigation) &&
                      to_string(*s) == *status;
  if (!openvex_name) return invalid_input(ptr + "/status: unknown status '" + *status + "'");
  a.state = *s;
  auto just = string_field(st, "justification", ptr);
  if (!just) return std::unexpected(just.error());
  if (!just->empty()) {
    auto j = justification_from_string(*just);
    if (!j || to_string(*j) != *just)
      return invalid_input(ptr + "/justification: unknown justification '" + *just + "'");
    a.justification = *j;
  }
  auto impact = string_field(st, "impact_statement", ptr);
  if (!impact) return std::unexpected(impact.error());
  auto notes = string_field(st, "status_notes", ptr);
  if (!notes) return std::unexpected(notes.error());
  a.detail = impact->empty() ? *notes : *impact;
  if (a.state == AnalysisState::kNotAffected && a.justification == Justification::kNone &&
      impact->empty())
    return invalid_input(ptr +
                         ": status not_affected needs a justification or an impact_statement");
  auto action = string_field(st, "action_statement", ptr);
  if (!action) return std::unexpected(action.error());
  a.action_statement = std::move(*action);
  return {};
}

// Splits the statement's products into statements: plain products share one, a product with
// subcomponents gets its own (product = its id, components = the subcomponents).
Result<void> read_products(const json& st, const std::string& ptr, const VexStatement& base,
                           std::vector<VexStatement>& out) {
  VexStatement plain = base;
  std::vector<VexStatement> scoped;
  std::vector<std::string> legacy_subs;  // 0.0.x: statement-level subcomponents
  if (auto sub = st.find("subcomponents"); sub != st.end()) {
    auto ids = id_list(*sub, ptr + "/subcomponents");
    if (!ids) return std::unexpected(ids.error());
    legacy_subs = std::move(*ids);
  }
  if (auto products = st.find("products"); products != st.end()) {
    if (!products->is_array()) return invalid_input(ptr + "/products: expected an array");
    for (std::size_t i = 0; i < products->size(); ++i) {
      const json& p = (*products)[i];
      std::string pp = idx(ptr, "products", i);
      auto id = component_id(p, pp);
      if (!id) return std::unexpected(id.error());
      std::vector<std::string> subs = legacy_subs;
      if (p.is_object())
        if (auto sc = p.find("subcomponents"); sc != p.end()) {
          auto ids = id_list(*sc, pp + "/subcomponents");
          if (!ids) return std::unexpected(ids.error());
          subs.insert(subs.end(), ids->begin(), ids->end());
        }
      if (subs.empty()) {
        plain.components.push_back(std::move(*id));
        continue;
      }
      VexStatement s = base;
      s.product = std::move(*id);
      s.components = std::move(subs);
      scoped.push_back(std::move(s));
    }
  }
  if (!plain.components.empty() || scoped.empty()) out.push_back(std::move(plain));
  for (auto& s : scoped) out.push_back(std::move(s));
  return {};
}

Result<void> read_statement(const json& st, const std::string& ptr, const VexDocument& doc,
                            std::vector<VexStatement>& out) {
  if (!st.is_object()) return invalid_input(ptr + ": expected an object");
  VexStatement s;
  s.location = ptr;
  if (auto r = read_vulnerability(st, ptr, s); !r) return r;
  if (auto r = read_status(st, ptr, s.analysis); !r) return r;
  s.analysis.author = doc.author;
  auto ts = string_field(st, "timestamp", ptr);
  if (!ts) return std::unexpected(ts.error());
  auto norm = detail::normalise_timestamp(*ts, ptr + "/timestamp");
  if (!norm) return std::unexpected(norm.error());
  s.analysis.timestamp = norm->empty() ? doc.timestamp : *norm;
  return read_products(st, ptr, s, out);
}

Result<void> read_header(const json& root, VexDocument& doc) {
  auto ctx = string_field(root, "@context", "");
  if (!ctx) return std::unexpected(ctx.error());
  if (!ctx->starts_with("https://openvex.dev/ns"))
    return invalid_input("/@context: not an OpenVEX context: '" + *ctx + "'");
  auto id = string_field(root, "@id", "");
  if (!id) return std::unexpected(id.error());
  doc.id = detail::from_iri(*id);
  auto author = string_field(root, "author", "");
  if (!author) return std::unexpected(author.error());
  doc.author = std::move(*author);
  auto ts = string_field(root, "timestamp", "");
  if (!ts) return std::unexpected(ts.error());
  auto norm = detail::normalise_timestamp(*ts, "/timestamp");
  if (!norm) return std::unexpected(norm.error());
  doc.timestamp = std::move(*norm);
  if (auto v = root.find("version"); v != root.end()) {
    if (v->is_number_integer())
      doc.version = std::to_string(v->get<long long>());
    else if (v->is_string())
      doc.version = v->get<std::string>();
    else
      return invalid_input("/version: expected an integer");
  }
  return {};
}

}  // namespace

Result<VexDocument> read_openvex(std::string_view content, std::string_view name) {
  const std::string ctx(name);
  auto root = detail::parse_json(content, name);
  if (!root) return std::unexpected(root.error());
  if (!root->is_object()) return invalid_input(ctx + ": /: expected a JSON object");
  VexDocument doc;
  doc.format = VexFormat::kOpenVex;
  if (auto r = read_header(*root, doc); !r)
    return std::unexpected(std::move(r.error()).with_context(ctx));
  auto sts = root->find("statements");
  if (sts == root->end()) return invalid_input(ctx + ": /statements: missing");
  if (!sts->is_array()) return invalid_input(ctx + ": /statements: expected an array");
  doc.statements.reserve(sts->size());
  for (std::size_t i = 0; i < sts->size(); ++i) {
    auto r = read_statement((*sts)[i], "/statements/" + std::to_string(i), doc, doc.statements);
    if (!r) return std::unexpected(std::move(r.error()).with_context(ctx));
  }
  return doc;
}

}  // namespace bulwark::vex
