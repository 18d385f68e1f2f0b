// The native text form: reading (JSON or YAML, strict: unknown keys are errors so that a typo
// does not silently drop a statement) and canonical JSON writing.
#include <fmt/format.h>

#include <set>

#include "bulwark/assessment/json_internal.hpp"
#include "bulwark/assessment/text.hpp"
#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/osv/osv.hpp"

namespace bulwark::assessment {
namespace detail {

Result<json> load(std::string_view text, std::string_view name) {
  std::size_t i = 0;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n' ||
          text[i] == '\xEF' || text[i] == '\xBB' || text[i] == '\xBF'))
    ++i;
  std::string json_text;
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) {
    json_text.assign(text.substr(i));
  } else {
    auto converted = osv::yaml_to_json(text);
    if (!converted)
      return std::unexpected(std::move(converted.error()).with_context(std::string(name)));
    json_text = std::move(*converted);
  }
  if (auto deep = check_json_depth(json_text, name); !deep) return std::unexpected(deep.error());
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    try {
      auto unused = json::parse(json_text);
      (void)unused;
    } catch (const json::parse_error& e) {
      auto loc = location_of(json_text, e.byte > 0 ? e.byte - 1 : 0);
      return invalid_input(
          fmt::format("{}: invalid JSON at line {}, column {}", name, loc.line, loc.column));
    }
    return invalid_input(fmt::format("{}: invalid JSON", name));
  }
  if (!doc.is_object()) return invalid_input(fmt::format("{}: /: expected a JSON object", name));
  return doc;
}

std::string child(const std::string& pointer, std::string_view token) {
  return pointer + "/" + json_pointer_escape(token);
}
std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

Result<std::string> str(const json& obj, std::string_view key, const std::string& pointer) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return invalid_input(child(pointer, key) + ": expected a string");
  return it->get<std::string>();
}

std::string text_of(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  return "";
}

Result<int> integer(const json& obj, std::string_view key, const std::string& pointer,
                    int fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (it->is_number_integer()) {
    const auto v = it->get<long long>();
    if (v < -1000 || v > 1000) return invalid_input(child(pointer, key) + ": out of range");
    return static_cast<int>(v);
  }
  if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '9') return s[0] - '0';
  }
  return invalid_input(child(pointer, key) + ": expected an integer");
}

Result<std::vector<std::string>> strings(const json& obj, std::string_view key,
                                         const std::string& pointer) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (it->is_string()) return std::vector<std::string>{it->get<std::string>()};
  if (!it->is_array()) return invalid_input(child(pointer, key) + ": expected an array of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      return invalid_input(child(child(pointer, key), i) + ": expected a string");
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<const json*> array(const json& obj, std::string_view key, const std::string& pointer) {
  static const json empty = json::array();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return &empty;
  if (!it->is_array()) return invalid_input(child(pointer, key) + ": expected an array");
  return &*it;
}

std::vector<std::string> requirement_refs(std::string_view text) {
  std::vector<std::string> out;
  constexpr std::string_view kPrefix = "AI.P1.2";
  for (std::size_t p = text.find(kPrefix); p != std::string_view::npos;
       p = text.find(kPrefix, p + 1)) {
    const std::size_t at = p + kPrefix.size();
    if (at >= text.size() || text[at] < 'a' || text[at] > 'm') continue;
    if (at + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[at + 1]))) continue;
    std::string id(text.substr(p, kPrefix.size() + 1));
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

}  // namespace detail

namespace {

using detail::child;
using detail::json;

#define BW_CAT2(a, b) a##b
#define BW_CAT(a, b) BW_CAT2(a, b)
#define TRY_ASSIGN(target, expr)                                                       \
  auto BW_CAT(tmp_, __LINE__) = (expr);                                                \
  if (!BW_CAT(tmp_, __LINE__)) return std::unexpected(BW_CAT(tmp_, __LINE__).error()); \
  target = std::move(*BW_CAT(tmp_, __LINE__))

Result<void> only_keys(const json& obj, const std::string& pointer,
                       std::initializer_list<std::string_view> allowed) {
  if (!obj.is_object())
    return invalid_input((pointer.empty() ? "/" : pointer) + ": expected an object");
  for (const auto& [k, v] : obj.items())
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return invalid_input(child(pointer, k) + ": unknown field");
  return {};
}

Result<Need> need(const json& obj, std::string_view key, const std::string& pointer) {
  auto s = detail::str(obj, key, pointer);
  if (!s) return std::unexpected(s.error());
  if (s->empty()) return Need::kMedium;
  auto n = need_from_string(*s);
  if (!n)
    return invalid_input(child(pointer, key) + ": '" + *s +
                         "' is not a protection need (none, low, medium, high)");
  return *n;
}

Result<Rating> rating(const json& obj, const std::string& p) {
  if (auto k = only_keys(obj, p, {"likelihood", "impact"}); !k) return std::unexpected(k.error());
  Rating r;
  TRY_ASSIGN(r.likelihood, detail::integer(obj, "likelihood", p, 0));
  auto it = obj.find("impact");
  if (it == obj.end()) return invalid_input(p + "/impact: missing");
  const std::string ip = child(p, "impact");
  if (auto k = only_keys(*it, ip, {"health_safety", "business", "critical_infrastructure"}); !k)
    return std::unexpected(k.error());
  TRY_ASSIGN(r.impact.health_safety, detail::integer(*it, "health_safety", ip, 0));
  TRY_ASSIGN(r.impact.business, detail::integer(*it, "business", ip, 0));
  TRY_ASSIGN(r.impact.critical_infrastructure,
             detail::integer(*it, "critical_infrastructure", ip, 0));
  return r;
}

template <class F>
Result<void> each(const json& doc, std::string_view key, F&& fn, const std::string& base = "") {
  auto arr = detail::array(doc, key, base);
  if (!arr) return std::unexpected(arr.error());
  for (std::size_t i = 0; i < (*arr)->size(); ++i) {
    const std::string p = child(child(base, key), i);
    const json& el = (**arr)[i];
    if (!el.is_object()) return invalid_input(p + ": expected an object");
    if (auto r = fn(el, p); !r) return r;
  }
  return {};
}

Result<Assessment> read_native(const json& doc) {
  if (auto k = only_keys(
          doc, "",
          {"$schema", "format", "product", "release", "context", "actors", "assets", "interfaces",
           "threats", "mitigations", "accepted_risks", "applicability", "reachability"});
      !k)
    return std::unexpected(k.error());
  Assessment a;
  std::string format;
  TRY_ASSIGN(format, detail::str(doc, "format", ""));
  if (!format.empty() && format != kFormat)
    return invalid_input(fmt::format("/format: '{}' is not {}", format, kFormat));
  TRY_ASSIGN(a.product, detail::str(doc, "product", ""));
  TRY_ASSIGN(a.release, detail::str(doc, "release", ""));
  if (auto it = doc.find("context"); it != doc.end()) {
    const std::string p = "/context";
    if (auto k = only_keys(*it, p,
                           {"intended_purpose", "foreseeable_use", "foreseeable_misuse",
                            "operational_environment", "expected_time_in_use", "assumptions"});
        !k)
      return std::unexpected(k.error());
    auto& c = a.context;
    TRY_ASSIGN(c.intended_purpose, detail::str(*it, "intended_purpose", p));
    TRY_ASSIGN(c.foreseeable_use, detail::strings(*it, "foreseeable_use", p));
    TRY_ASSIGN(c.foreseeable_misuse, detail::strings(*it, "foreseeable_misuse", p));
    TRY_ASSIGN(c.operational_environment, detail::str(*it, "operational_environment", p));
    TRY_ASSIGN(c.expected_time_in_use, detail::str(*it, "expected_time_in_use", p));
    TRY_ASSIGN(c.assumptions, detail::strings(*it, "assumptions", p));
  }
  auto r = each(doc, "actors", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k = only_keys(e, p, {"id", "name", "description"}); !k) return k;
    Actor x;
    TRY_ASSIGN(x.id, detail::str(e, "id", p));
    TRY_ASSIGN(x.name, detail::str(e, "name", p));
    TRY_ASSIGN(x.description, detail::str(e, "description", p));
    a.actors.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  r = each(doc, "assets", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k = only_keys(
            e, p,
            {"id", "name", "kind", "description", "confidentiality", "integrity", "availability"});
        !k)
      return k;
    Asset x;
    TRY_ASSIGN(x.id, detail::str(e, "id", p));
    TRY_ASSIGN(x.name, detail::str(e, "name", p));
    TRY_ASSIGN(x.kind, detail::str(e, "kind", p));
    if (x.kind.empty()) x.kind = "data";
    TRY_ASSIGN(x.description, detail::str(e, "description", p));
    TRY_ASSIGN(x.confidentiality, need(e, "confidentiality", p));
    TRY_ASSIGN(x.integrity, need(e, "integrity", p));
    TRY_ASSIGN(x.availability, need(e, "availability", p));
    a.assets.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  r = each(doc, "interfaces", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k = only_keys(
            e, p, {"id", "name", "kind", "exposure", "description", "assets", "components"});
        !k)
      return k;
    Interface x;
    TRY_ASSIGN(x.id, detail::str(e, "id", p));
    TRY_ASSIGN(x.name, detail::str(e, "name", p));
    TRY_ASSIGN(x.kind, detail::str(e, "kind", p));
    if (x.kind.empty()) x.kind = "network";
    TRY_ASSIGN(x.exposure, detail::str(e, "exposure", p));
    if (x.exposure.empty()) x.exposure = "lan";
    TRY_ASSIGN(x.description, detail::str(e, "description", p));
    TRY_ASSIGN(x.assets, detail::strings(e, "assets", p));
    TRY_ASSIGN(x.components, detail::strings(e, "components", p));
    a.interfaces.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  r = each(doc, "threats", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k = only_keys(e, p,
                           {"id", "title", "description", "stride", "source", "assets",
                            "interfaces", "mitigations", "inherent", "residual"});
        !k)
      return k;
    Threat x;
    TRY_ASSIGN(x.id, detail::str(e, "id", p));
    TRY_ASSIGN(x.title, detail::str(e, "title", p));
    TRY_ASSIGN(x.description, detail::str(e, "description", p));
    std::vector<std::string> stride;
    TRY_ASSIGN(stride, detail::strings(e, "stride", p));
    for (std::size_t i = 0; i < stride.size(); ++i) {
      auto s = stride_from_string(stride[i]);
      if (!s)
        return invalid_input(child(child(p, "stride"), i) + ": '" + stride[i] +
                             "' is not a STRIDE category");
      x.stride.push_back(*s);
    }
    TRY_ASSIGN(x.source, detail::str(e, "source", p));
    TRY_ASSIGN(x.assets, detail::strings(e, "assets", p));
    TRY_ASSIGN(x.interfaces, detail::strings(e, "interfaces", p));
    TRY_ASSIGN(x.mitigations, detail::strings(e, "mitigations", p));
    auto inh = e.find("inherent");
    if (inh == e.end()) return invalid_input(p + "/inherent: missing");
    TRY_ASSIGN(x.inherent, rating(*inh, child(p, "inherent")));
    if (auto res = e.find("residual"); res != e.end() && !res->is_null()) {
      auto rr = rating(*res, child(p, "residual"));
      if (!rr) return std::unexpected(rr.error());
      x.residual = *rr;
    }
    a.threats.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  r = each(doc, "mitigations", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k =
            only_keys(e, p, {"id", "title", "description", "requirements", "status", "evidence"});
        !k)
      return k;
    Mitigation x;
    TRY_ASSIGN(x.id, detail::str(e, "id", p));
    TRY_ASSIGN(x.title, detail::str(e, "title", p));
    TRY_ASSIGN(x.description, detail::str(e, "description", p));
    TRY_ASSIGN(x.requirements, detail::strings(e, "requirements", p));
    TRY_ASSIGN(x.status, detail::str(e, "status", p));
    if (x.status.empty()) x.status = "planned";
    auto ev = detail::array(e, "evidence", p);
    if (!ev) return std::unexpected(ev.error());
    for (std::size_t i = 0; i < (*ev)->size(); ++i) {
      const std::string ep = child(child(p, "evidence"), i);
      const json& el = (**ev)[i];
      if (auto k = only_keys(el, ep, {"kind", "uri", "description"}); !k) return k;
      EvidenceRef ref;
      TRY_ASSIGN(ref.kind, detail::str(el, "kind", ep));
      TRY_ASSIGN(ref.uri, detail::str(el, "uri", ep));
      TRY_ASSIGN(ref.description, detail::str(el, "description", ep));
      x.evidence.push_back(std::move(ref));
    }
    a.mitigations.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  r = each(doc, "accepted_risks", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k = only_keys(e, p, {"threat", "rationale", "accepted_by", "accepted_at"}); !k)
      return k;
    AcceptedRisk x;
    TRY_ASSIGN(x.threat, detail::str(e, "threat", p));
    TRY_ASSIGN(x.rationale, detail::str(e, "rationale", p));
    TRY_ASSIGN(x.accepted_by, detail::str(e, "accepted_by", p));
    TRY_ASSIGN(x.accepted_at, detail::str(e, "accepted_at", p));
    a.accepted_risks.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  r = each(doc, "applicability", [&](const json& e, const std::string& p) -> Result<void> {
    if (auto k = only_keys(e, p, {"requirement", "applicable", "justification"}); !k) return k;
    Applicability x;
    TRY_ASSIGN(x.requirement, detail::str(e, "requirement", p));
    if (auto it = e.find("applicable"); it != e.end()) {
      if (!it->is_boolean()) return invalid_input(p + "/applicable: expected true or false");
      x.applicable = it->get<bool>();
    }
    TRY_ASSIGN(x.justification, detail::str(e, "justification", p));
    a.applicability.push_back(std::move(x));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  if (auto it = doc.find("reachability"); it != doc.end()) {
    const std::string p = "/reachability";
    if (!it->is_object()) return invalid_input(p + ": expected an object");
    if (auto k = only_keys(*it, p, {"complete", "unreachable"}); !k)
      return std::unexpected(k.error());
    if (auto c = it->find("complete"); c != it->end()) {
      if (!c->is_boolean()) return invalid_input(p + "/complete: expected true or false");
      a.reachability.complete = c->get<bool>();
    }
    r = each(
        *it, "unreachable",
        [&](const json& e, const std::string& ep) -> Result<void> {
          if (auto k = only_keys(e, ep, {"component", "rationale"}); !k) return k;
          Unreachable x;
          TRY_ASSIGN(x.component, detail::str(e, "component", ep));
          TRY_ASSIGN(x.rationale, detail::str(e, "rationale", ep));
          a.reachability.unreachable.push_back(std::move(x));
          return {};
        },
        p);
    if (!r) return std::unexpected(r.error());
  }
  return a;
}

json rating_json(const Rating& r) {
  return json{{"likelihood", r.likelihood},
              {"impact",
               {{"health_safety", r.impact.health_safety},
                {"business", r.impact.business},
                {"critical_infrastructure", r.impact.critical_infrastructure}}}};
}

}  // namespace

Result<Assessment> parse(std::string_view text, std::string_view name) {
  auto doc = detail::load(text, name);
  if (!doc) return std::unexpected(doc.error());
  auto a = read_native(*doc);
  if (!a) return std::unexpected(std::move(a.error()).with_context(std::string(name)));
  return a;
}

std::string to_json(const Assessment& a) {
  nlohmann::ordered_json doc;
  doc["$schema"] = "https://bulwark.dev/schemas/risk-assessment.schema.json";
  doc["format"] = kFormat;
  doc["product"] = a.product;
  doc["release"] = a.release;
  const auto& c = a.context;
  doc["context"] = {{"intended_purpose", c.intended_purpose},
                    {"foreseeable_use", c.foreseeable_use},
                    {"foreseeable_misuse", c.foreseeable_misuse},
                    {"operational_environment", c.operational_environment},
                    {"expected_time_in_use", c.expected_time_in_use},
                    {"assumptions", c.assumptions}};
  doc["actors"] = nlohmann::ordered_json::array();
  for (const auto& x : a.actors)
    doc["actors"].push_back({{"id", x.id}, {"name", x.name}, {"description", x.description}});
  doc["assets"] = nlohmann::ordered_json::array();
  for (const auto& x : a.assets)
    doc["assets"].push_back({{"id", x.id},
                             {"name", x.name},
                             {"kind", x.kind},
                             {"description", x.description},
                             {"confidentiality", to_string(x.confidentiality)},
                             {"integrity", to_string(x.integrity)},
                             {"availability", to_string(x.availability)}});
  doc["interfaces"] = nlohmann::ordered_json::array();
  for (const auto& x : a.interfaces)
    doc["interfaces"].push_back({{"id", x.id},
                                 {"name", x.name},
                                 {"kind", x.kind},
                                 {"exposure", x.exposure},
                                 {"description", x.description},
                                 {"assets", x.assets},
                                 {"components", x.components}});
  doc["threats"] = nlohmann::ordered_json::array();
  for (const auto& x : a.threats) {
    std::vector<std::string> stride;
    for (auto s : x.stride) stride.emplace_back(to_string(s));
    nlohmann::ordered_json t = {{"id", x.id},
                                {"title", x.title},
                                {"description", x.description},
                                {"stride", stride},
                                {"source", x.source},
                                {"assets", x.assets},
                                {"interfaces", x.interfaces},
                                {"mitigations", x.mitigations},
                                {"inherent", rating_json(x.inherent)}};
    if (x.residual) t["residual"] = rating_json(*x.residual);
    doc["threats"].push_back(std::move(t));
  }
  doc["mitigations"] = nlohmann::ordered_json::array();
  for (const auto& x : a.mitigations) {
    nlohmann::ordered_json ev = nlohmann::ordered_json::array();
    for (const auto& e : x.evidence)
      ev.push_back({{"kind", e.kind}, {"uri", e.uri}, {"description", e.description}});
    doc["mitigations"].push_back({{"id", x.id},
                                  {"title", x.title},
                                  {"description", x.description},
                                  {"requirements", x.requirements},
                                  {"status", x.status},
                                  {"evidence", ev}});
  }
  doc["accepted_risks"] = nlohmann::ordered_json::array();
  for (const auto& x : a.accepted_risks)
    doc["accepted_risks"].push_back({{"threat", x.threat},
                                     {"rationale", x.rationale},
                                     {"accepted_by", x.accepted_by},
                                     {"accepted_at", x.accepted_at}});
  doc["applicability"] = nlohmann::ordered_json::array();
  for (const auto& x : a.applicability)
    doc["applicability"].push_back({{"requirement", x.requirement},
                                    {"applicable", x.applicable},
                                    {"justification", x.justification}});
  if (a.reachability.complete || !a.reachability.unreachable.empty()) {
    nlohmann::ordered_json un = nlohmann::ordered_json::array();
    for (const auto& x : a.reachability.unreachable)
      un.push_back({{"component", x.component}, {"rationale", x.rationale}});
    doc["reachability"] = {{"complete", a.reachability.complete}, {"unreachable", un}};
  }
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace bulwark::assessment
