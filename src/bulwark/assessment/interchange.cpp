// Imports from threat-modelling tools. Every element either maps into the assessment or is
// listed in Imported::not_mapped with its JSON pointer and the reason; the result is validated
// like a native document. Conventions read from the tools' free-text fields (documented in
// docs/risk-assessment.md): "AI.P1.2x" tokens in a mitigation link it to that Annex I point;
// a Threat Dragon threat "score" written "L4/H1/B4/C3" gives likelihood and the three impacts;
// "CIA: H/H/M" in an element's description gives an asset's protection needs.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "bulwark/assessment/json_internal.hpp"
#include "bulwark/assessment/text.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::assessment {
namespace {

using detail::child;
using detail::json;
using detail::text_of;

constexpr std::size_t kMaxComponentDepth = 16;

bool contains_icase(std::string_view hay, std::string_view needle) {
  return to_lower(hay).find(to_lower(needle)) != std::string::npos;
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return std::string(trim(s));
}

std::string short_title(const std::string& text) {
  std::string s = one_line(text);
  if (s.size() > 90) {
    auto cut = s.rfind(' ', 90);
    s = s.substr(0, cut == std::string::npos ? 90 : cut) + "...";
  }
  return s;
}

Need need_from_letter(char c) {
  switch (std::tolower(static_cast<unsigned char>(c))) {
    case 'h':
      return Need::kHigh;
    case 'l':
      return Need::kLow;
    case 'n':
      return Need::kNone;
    default:
      return Need::kMedium;
  }
}

// "CIA: H/H/M" anywhere in the text.
void read_cia(std::string_view text, Asset& a) {
  auto p = text.find("CIA:");
  if (p == std::string_view::npos) return;
  p += 4;
  while (p < text.size() && text[p] == ' ') ++p;
  if (p + 5 > text.size() || text[p + 1] != '/' || text[p + 3] != '/') return;
  a.confidentiality = need_from_letter(text[p]);
  a.integrity = need_from_letter(text[p + 2]);
  a.availability = need_from_letter(text[p + 4]);
}

// 0..100 -> protection need.
Need need_from_percent(int v) {
  if (v <= 0) return Need::kNone;
  if (v < 34) return Need::kLow;
  if (v < 67) return Need::kMedium;
  return Need::kHigh;
}

int scale_from_percent(int v, int lo) { return std::clamp((v + 19) / 20, lo, v <= 0 ? lo : 5); }

// "L4/H1/B4/C3"
std::optional<Rating> parse_score(std::string_view s) {
  Rating r;
  int seen = 0;
  for (auto part : split(s, '/')) {
    part = trim(part);
    if (part.size() != 2 || part[1] < '0' || part[1] > '5') return std::nullopt;
    const int v = part[1] - '0';
    switch (part[0]) {
      case 'L':
        r.likelihood = v;
        break;
      case 'H':
        r.impact.health_safety = v;
        break;
      case 'B':
        r.impact.business = v;
        break;
      case 'C':
        r.impact.critical_infrastructure = v;
        break;
      default:
        return std::nullopt;
    }
    ++seen;
  }
  if (seen != 4 || r.likelihood < 1) return std::nullopt;
  return r;
}

Rating from_severity(std::string_view severity) {
  const std::string s = to_lower(severity);
  Rating r;
  if (s == "critical")
    r = {4, {0, 5, 0}};
  else if (s == "high")
    r = {3, {0, 4, 0}};
  else if (s == "low")
    r = {2, {0, 2, 0}};
  else
    r = {3, {0, 3, 0}};
  return r;
}

int word_scale(std::string_view w, bool likelihood) {
  std::string s = to_lower(w);
  std::replace(s.begin(), s.end(), '_', ' ');
  if (likelihood) {
    if (s == "rare" || s == "very unlikely") return 1;
    if (s == "unlikely") return 2;
    if (s == "likely") return 4;
    if (s == "almost certain" || s == "certain" || s == "very likely") return 5;
    return 3;
  }
  if (s == "negligible" || s == "insignificant") return 1;
  if (s == "minor") return 2;
  if (s == "major") return 4;
  if (s == "severe" || s == "critical" || s == "catastrophic") return 5;
  return 3;
}

std::string kind_of_flow(std::string_view text) {
  const std::string l = to_lower(text);
  auto has = [&](std::string_view w) { return l.find(w) != std::string::npos; };
  if (has("local")) return "local";
  if (has("update") || has("firmware")) return "update";
  if (has("debug") || has("jtag") || has("uart") || has("serial console")) return "debug";
  if (has("usb") || has("physical")) return "physical";
  if (has("wifi") || has("wi-fi") || has("bluetooth") || has("ble") || has("zigbee") ||
      has("radio"))
    return "wireless";
  return "network";
}

struct Counter {
  std::map<std::string, int> n;
  std::string next(const std::string& prefix) { return prefix + std::to_string(++n[prefix]); }
};

void add_mapped(std::vector<std::string>& out, std::size_t n, std::string_view what) {
  if (n) out.push_back(fmt::format("{} {}", n, what));
}

Mitigation mitigation_from_text(const std::string& id, const std::string& text, bool done) {
  Mitigation m;
  m.id = id;
  m.title = short_title(text);
  m.description = one_line(text);
  m.requirements = detail::requirement_refs(text);
  m.status = done ? "implemented" : "planned";
  return m;
}

// ---- OWASP Threat Dragon 2.x ---------------------------------------------------------------

Result<Imported> from_threat_dragon(const json& doc) {
  Imported out;
  out.format = SourceFormat::kThreatDragon;
  Assessment& a = out.assessment;
  const json& summary = doc.value("summary", json::object());
  a.context.intended_purpose = one_line(text_of(summary, "description"));
  const json& det = doc.at("detail");
  auto diagrams = detail::array(det, "diagrams", "/detail");
  if (!diagrams) return std::unexpected(diagrams.error());
  Counter ids;
  std::map<std::string, std::string> asset_of, actor_of;  // cell id -> our id
  struct FlowRef {
    std::string id, source, target;
  };
  std::vector<FlowRef> flows;
  std::size_t n_process = 0, n_store = 0, n_actor = 0, n_flow = 0, n_threat = 0, n_mit = 0,
              n_links = 0;
  // Pass 1: elements.
  for (std::size_t d = 0; d < (*diagrams)->size(); ++d) {
    const std::string dp = child("/detail/diagrams", d);
    const json& dg = (**diagrams)[d];
    auto cells = detail::array(dg, "cells", dp);
    if (!cells) return std::unexpected(cells.error());
    for (std::size_t i = 0; i < (*cells)->size(); ++i) {
      const json& c = (**cells)[i];
      const std::string p = child(child(dp, "cells"), i);
      if (!c.is_object()) return invalid_input(p + ": expected an object");
      const json& data = c.value("data", json::object());
      const std::string type = text_of(data, "type");
      const std::string name = one_line(text_of(data, "name"));
      const std::string cell_id = text_of(c, "id");
      if (data.value("outOfScope", false)) {
        out.not_mapped.push_back(fmt::format("{}: {} '{}': out of scope ({})", p, type, name,
                                             text_of(data, "reasonOutOfScope")));
        continue;
      }
      if (type == "tm.Process" || type == "tm.Store") {
        Asset as;
        as.id = ids.next("A");
        as.name = name;
        as.kind = type == "tm.Store" ? "data" : "function";
        as.description = one_line(text_of(data, "description"));
        if (data.value("storesCredentials", false)) as.confidentiality = Need::kHigh;
        if (data.value("isALog", false)) as.integrity = Need::kHigh;
        read_cia(text_of(data, "description"), as);
        asset_of[cell_id] = as.id;
        a.assets.push_back(std::move(as));
        ++(type == "tm.Store" ? n_store : n_process);
      } else if (type == "tm.Actor") {
        Actor ac{ids.next("E"), name, one_line(text_of(data, "description"))};
        actor_of[cell_id] = ac.id;
        a.actors.push_back(std::move(ac));
        ++n_actor;
      } else if (type == "tm.Flow") {
        // endpoints resolved in pass 2
      } else if (type == "tm.Boundary") {
        out.not_mapped.push_back(
            fmt::format("{}: trust boundary '{}': Threat Dragon stores it as a drawn curve without "
                        "membership; exposure is taken from the flows' isPublicNetwork",
                        p, name));
      } else if (type == "tm.Text") {
        out.not_mapped.push_back(fmt::format("{}: text annotation: no equivalent", p));
      } else {
        out.not_mapped.push_back(fmt::format("{}: cell of type '{}': not mapped", p,
                                             type.empty() ? text_of(c, "shape") : type));
      }
    }
  }
  // Pass 2: flows (they need the endpoints), then threats.
  auto endpoint_name = [&](const std::string& cell) {
    for (const auto& as : a.assets)
      if (asset_of.contains(cell) && asset_of[cell] == as.id) return as.name;
    for (const auto& ac : a.actors)
      if (actor_of.contains(cell) && actor_of[cell] == ac.id) return ac.name;
    return std::string("?");
  };
  std::map<std::string, std::string> iface_of;
  for (std::size_t d = 0; d < (*diagrams)->size(); ++d) {
    const json& cells = (**diagrams)[d].at("cells");
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const json& c = cells[i];
      const json& data = c.value("data", json::object());
      if (text_of(data, "type") != "tm.Flow" || data.value("outOfScope", false)) continue;
      const std::string src =
          c.contains("source") && c["source"].is_object() ? text_of(c["source"], "cell") : "";
      const std::string dst =
          c.contains("target") && c["target"].is_object() ? text_of(c["target"], "cell") : "";
      Interface in;
      in.id = ids.next("I");
      const std::string name = one_line(text_of(data, "name"));
      const std::string protocol = text_of(data, "protocol");
      in.name = fmt::format("{}{} ({} -> {})", name.empty() ? "flow" : name,
                            protocol.empty() ? "" : ", " + protocol, endpoint_name(src),
                            endpoint_name(dst));
      in.kind = kind_of_flow(name + " " + protocol + " " + text_of(data, "description"));
      in.exposure = data.value("isPublicNetwork", false)          ? "internet"
                    : in.kind == "local"                          ? "local"
                    : in.kind == "debug" || in.kind == "physical" ? "physical"
                                                                  : "lan";
      in.description = one_line(text_of(data, "description"));
      for (const auto& e : {src, dst})
        if (asset_of.contains(e)) in.assets.push_back(asset_of[e]);
      iface_of[text_of(c, "id")] = in.id;
      flows.push_back({in.id, src, dst});
      a.interfaces.push_back(std::move(in));
      ++n_flow;
    }
  }
  for (std::size_t d = 0; d < (*diagrams)->size(); ++d) {
    const json& cells = (**diagrams)[d].at("cells");
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const json& c = cells[i];
      const json& data = c.value("data", json::object());
      if (data.value("outOfScope", false)) continue;
      const std::string p = fmt::format("/detail/diagrams/{}/cells/{}/data/threats", d, i);
      auto threats = detail::array(data, "threats", p.substr(0, p.size() - 8));
      if (!threats) return std::unexpected(threats.error());
      const std::string cell = text_of(c, "id");
      for (std::size_t k = 0; k < (*threats)->size(); ++k) {
        const json& th = (**threats)[k];
        const std::string tp = child(p, k);
        if (!th.is_object()) return invalid_input(tp + ": expected an object");
        Threat t;
        t.id = ids.next("T");
        t.title = one_line(text_of(th, "title"));
        if (t.title.empty()) t.title = short_title(text_of(th, "description"));
        if (t.title.empty()) t.title = "untitled threat";
        t.description = one_line(text_of(th, "description"));
        const std::string model = text_of(th, "modelType");
        const std::string type = text_of(th, "type");
        if (auto s = stride_from_string(type)) {
          t.stride.push_back(*s);
        } else if (equals_icase(type, "confidentiality")) {
          t.stride.push_back(Stride::kInformationDisclosure);
        } else if (equals_icase(type, "integrity")) {
          t.stride.push_back(Stride::kTampering);
        } else if (equals_icase(type, "availability")) {
          t.stride.push_back(Stride::kDenialOfService);
        } else if (!type.empty()) {
          out.not_mapped.push_back(fmt::format(
              "{}/type: {} category '{}' has no STRIDE equivalent (threat kept without one)", tp,
              model, type));
        }
        if (iface_of.contains(cell)) {
          t.interfaces.push_back(iface_of[cell]);
          for (const auto& f : flows)
            if (f.id == iface_of[cell])
              for (const auto& e : {f.source, f.target})
                if (asset_of.contains(e)) t.assets.push_back(asset_of[e]);
        } else if (asset_of.contains(cell)) {
          t.assets.push_back(asset_of[cell]);
          for (const auto& f : flows)
            if (f.target == cell) t.interfaces.push_back(f.id);
        } else if (actor_of.contains(cell)) {
          t.source = endpoint_name(cell);
          for (const auto& f : flows)
            if (f.source == cell) {
              t.interfaces.push_back(f.id);
              if (asset_of.contains(f.target)) t.assets.push_back(asset_of[f.target]);
            }
        }
        if (t.source.empty())
          t.source = "attacker (" + std::string(model.empty() ? "model" : model) + ")";
        const std::string score = text_of(th, "score");
        if (auto r = parse_score(score)) {
          t.inherent = *r;
        } else {
          t.inherent = from_severity(text_of(th, "severity"));
          if (!score.empty())
            out.not_mapped.push_back(fmt::format(
                "{}/score: '{}' is not L<n>/H<n>/B<n>/C<n>; rated from the severity instead", tp,
                score));
        }
        const std::string status = text_of(th, "status");
        const std::string mit = text_of(th, "mitigation");
        if (!trim(mit).empty()) {
          Mitigation m =
              mitigation_from_text(ids.next("M"), mit, equals_icase(status, "Mitigated"));
          n_links += m.requirements.size();
          t.mitigations.push_back(m.id);
          a.mitigations.push_back(std::move(m));
          ++n_mit;
        }
        if (equals_icase(status, "Mitigated")) {
          Rating r = t.inherent;
          r.likelihood = 1;
          t.residual = r;
        } else if (equals_icase(status, "NotApplicable")) {
          out.not_mapped.push_back(fmt::format(
              "{}/status: NotApplicable: kept as a threat; record the reason as an accepted risk",
              tp));
        }
        std::sort(t.assets.begin(), t.assets.end());
        t.assets.erase(std::unique(t.assets.begin(), t.assets.end()), t.assets.end());
        a.threats.push_back(std::move(t));
        ++n_threat;
      }
    }
  }
  add_mapped(out.mapped, n_process, "assets (function) from tm.Process");
  add_mapped(out.mapped, n_store, "assets (data) from tm.Store");
  add_mapped(out.mapped, n_actor, "actors from tm.Actor");
  add_mapped(out.mapped, n_flow, "interfaces from tm.Flow");
  add_mapped(out.mapped, n_threat, "threats");
  add_mapped(out.mapped, n_mit, "mitigations from the threats' mitigation text");
  add_mapped(out.mapped, n_links, "Annex I links (AI.P1.2x) found in mitigation text");
  if (det.contains("contributors"))
    out.not_mapped.push_back(
        "/detail/contributors: people are recorded by the review (author, "
        "reviewer, approver), not imported");
  return out;
}

// ---- Open Threat Model ---------------------------------------------------------------------

Result<Imported> from_otm(const json& doc) {
  Imported out;
  out.format = SourceFormat::kOtm;
  Assessment& a = out.assessment;
  const json& project = doc.value("project", json::object());
  a.context.intended_purpose = one_line(text_of(project, "description"));
  Counter ids;
  std::map<std::string, int> zone_rating;
  auto zones = detail::array(doc, "trustZones", "");
  if (!zones) return std::unexpected(zones.error());
  for (std::size_t i = 0; i < (*zones)->size(); ++i) {
    const json& z = (**zones)[i];
    if (!z.is_object()) return invalid_input(child("/trustZones", i) + ": expected an object");
    int rating = 100;
    if (z.contains("risk") && z["risk"].is_object() &&
        z["risk"].value("trustRating", json()).is_number())
      rating = z["risk"]["trustRating"].get<int>();
    zone_rating[text_of(z, "id")] = rating;
    out.not_mapped.push_back(fmt::format(
        "{}: trust zone '{}' (trust rating {}): no zone entity; used for interface exposure",
        child("/trustZones", i), text_of(z, "name"), rating));
  }
  std::map<std::string, std::string> asset_of, zone_of, threat_of, mit_of;
  auto comps = detail::array(doc, "components", "");
  if (!comps) return std::unexpected(comps.error());
  for (std::size_t i = 0; i < (*comps)->size(); ++i) {
    const json& c = (**comps)[i];
    const std::string p = child("/components", i);
    if (!c.is_object()) return invalid_input(p + ": expected an object");
    Asset as;
    as.id = ids.next("A");
    as.name = one_line(text_of(c, "name"));
    as.kind =
        contains_icase(text_of(c, "type"), "db") || contains_icase(text_of(c, "type"), "store")
            ? "data"
            : "function";
    as.description = one_line(text_of(c, "description"));
    if (as.description.empty()) as.description = "type " + text_of(c, "type");
    asset_of[text_of(c, "id")] = as.id;
    if (c.contains("parent") && c["parent"].is_object())
      zone_of[text_of(c, "id")] = text_of(c["parent"], "trustZone");
    if (c.contains("properties"))
      out.not_mapped.push_back(p + "/properties: tool-specific properties not imported");
    a.assets.push_back(std::move(as));
  }
  if (doc.contains("assets")) {
    auto assets = detail::array(doc, "assets", "");
    if (!assets) return std::unexpected(assets.error());
    for (std::size_t i = 0; i < (*assets)->size(); ++i) {
      const json& x = (**assets)[i];
      if (!x.is_object()) return invalid_input(child("/assets", i) + ": expected an object");
      Asset as;
      as.id = ids.next("A");
      as.name = one_line(text_of(x, "name"));
      as.kind = "data";
      as.description = one_line(text_of(x, "description"));
      if (x.contains("risk") && x["risk"].is_object()) {
        const json& r = x["risk"];
        auto pct = [&](const char* k) {
          return r.value(k, json(50)).is_number() ? r[k].get<int>() : 50;
        };
        if (r.contains("confidentiality"))
          as.confidentiality = need_from_percent(pct("confidentiality"));
        if (r.contains("integrity")) as.integrity = need_from_percent(pct("integrity"));
        if (r.contains("availability")) as.availability = need_from_percent(pct("availability"));
      }
      asset_of[text_of(x, "id")] = as.id;
      a.assets.push_back(std::move(as));
    }
  }
  auto flows = detail::array(doc, "dataflows", "");
  if (!flows) return std::unexpected(flows.error());
  std::map<std::string, std::string> iface_of;
  for (std::size_t i = 0; i < (*flows)->size(); ++i) {
    const json& f = (**flows)[i];
    if (!f.is_object()) return invalid_input(child("/dataflows", i) + ": expected an object");
    Interface in;
    in.id = ids.next("I");
    in.name = one_line(text_of(f, "name"));
    in.kind = kind_of_flow(in.name);
    bool public_net = false;
    for (const auto& end : {text_of(f, "source"), text_of(f, "destination")}) {
      if (asset_of.contains(end)) in.assets.push_back(asset_of[end]);
      if (zone_of.contains(end) && zone_rating.contains(zone_of[end]) &&
          zone_rating[zone_of[end]] < 50)
        public_net = true;
      if (zone_rating.contains(end) && zone_rating[end] < 50) public_net = true;
    }
    in.exposure = public_net ? "internet" : "lan";
    iface_of[text_of(f, "id")] = in.id;
    a.interfaces.push_back(std::move(in));
  }
  auto mits = detail::array(doc, "mitigations", "");
  if (!mits) return std::unexpected(mits.error());
  for (std::size_t i = 0; i < (*mits)->size(); ++i) {
    const json& m = (**mits)[i];
    if (!m.is_object()) return invalid_input(child("/mitigations", i) + ": expected an object");
    Mitigation x = mitigation_from_text(ids.next("M"), text_of(m, "name"), false);
    x.description = one_line(text_of(m, "description"));
    for (const auto& r : detail::requirement_refs(x.description))
      if (std::find(x.requirements.begin(), x.requirements.end(), r) == x.requirements.end())
        x.requirements.push_back(r);
    mit_of[text_of(m, "id")] = x.id;
    a.mitigations.push_back(std::move(x));
  }
  auto threats = detail::array(doc, "threats", "");
  if (!threats) return std::unexpected(threats.error());
  for (std::size_t i = 0; i < (*threats)->size(); ++i) {
    const json& t = (**threats)[i];
    const std::string p = child("/threats", i);
    if (!t.is_object()) return invalid_input(p + ": expected an object");
    Threat x;
    x.id = ids.next("T");
    x.title = short_title(text_of(t, "name"));
    if (x.title.empty()) x.title = "untitled threat";
    x.description = one_line(text_of(t, "description"));
    x.source = "attacker";
    auto cats = detail::strings(t, "categories", p);
    if (!cats) return std::unexpected(cats.error());
    for (const auto& c : *cats)
      if (auto s = stride_from_string(c))
        x.stride.push_back(*s);
      else
        out.not_mapped.push_back(fmt::format("{}/categories: '{}' is not a STRIDE category", p, c));
    int lk = 50, im = 50;
    if (t.contains("risk") && t["risk"].is_object()) {
      if (t["risk"].value("likelihood", json()).is_number())
        lk = t["risk"]["likelihood"].get<int>();
      if (t["risk"].value("impact", json()).is_number()) im = t["risk"]["impact"].get<int>();
    }
    x.inherent = Rating{scale_from_percent(lk, 1), Impact{0, scale_from_percent(im, 0), 0}};
    threat_of[text_of(t, "id")] = x.id;
    a.threats.push_back(std::move(x));
  }
  // Links: components'/dataflows' threat references with their mitigations.
  std::size_t links = 0;
  auto link = [&](const json& holder, const std::string& holder_id, bool is_flow,
                  const std::string& p) -> Result<void> {
    auto refs = detail::array(holder, "threats", p);
    if (!refs) return std::unexpected(refs.error());
    for (std::size_t k = 0; k < (*refs)->size(); ++k) {
      const json& r = (**refs)[k];
      if (!r.is_object()) continue;
      auto th = threat_of.find(text_of(r, "threat"));
      if (th == threat_of.end()) {
        out.not_mapped.push_back(
            fmt::format("{}/threats/{}: unknown threat '{}'", p, k, text_of(r, "threat")));
        continue;
      }
      auto& t = *std::find_if(a.threats.begin(), a.threats.end(),
                              [&](const Threat& x) { return x.id == th->second; });
      auto& list = is_flow ? t.interfaces : t.assets;
      if (std::find(list.begin(), list.end(), holder_id) == list.end()) list.push_back(holder_id);
      ++links;
      if (!r.contains("mitigations") || !r["mitigations"].is_array()) continue;
      for (const auto& m : r["mitigations"]) {
        if (!m.is_object()) continue;
        auto mi = mit_of.find(text_of(m, "mitigation"));
        if (mi == mit_of.end()) continue;
        if (std::find(t.mitigations.begin(), t.mitigations.end(), mi->second) ==
            t.mitigations.end())
          t.mitigations.push_back(mi->second);
        if (equals_icase(text_of(m, "state"), "IMPLEMENTED"))
          for (auto& x : a.mitigations)
            if (x.id == mi->second) x.status = "implemented";
      }
    }
    return {};
  };
  for (std::size_t i = 0; i < (*comps)->size(); ++i)
    if (auto r = link((**comps)[i], asset_of[text_of((**comps)[i], "id")], false,
                      child("/components", i));
        !r)
      return std::unexpected(r.error());
  for (std::size_t i = 0; i < (*flows)->size(); ++i)
    if (auto r =
            link((**flows)[i], iface_of[text_of((**flows)[i], "id")], true, child("/dataflows", i));
        !r)
      return std::unexpected(r.error());
  add_mapped(out.mapped, (*comps)->size(), "assets from components");
  add_mapped(out.mapped, (*flows)->size(), "interfaces from dataflows");
  add_mapped(out.mapped, (*threats)->size(), "threats");
  add_mapped(out.mapped, (*mits)->size(), "mitigations");
  add_mapped(out.mapped, links, "threat links from components and dataflows");
  if (doc.contains("representations"))
    out.not_mapped.push_back("/representations: diagram layout: no equivalent");
  return out;
}

// ---- OWASP threat-model library (TM-BOM) -----------------------------------------------------

Result<Imported> from_tmbom(const json& doc) {
  Imported out;
  out.format = SourceFormat::kTmBom;
  Assessment& a = out.assessment;
  const json& scope = doc.value("scope", json::object());
  a.context.intended_purpose = one_line(text_of(scope, "description"));
  if (a.context.intended_purpose.empty())
    a.context.intended_purpose = one_line(text_of(doc, "description"));
  Counter ids;
  std::map<std::string, std::string> id_of;  // symbolic_name -> our id
  std::map<std::string, std::string> persona;
  auto section = [&](std::string_view key, auto&& fn) -> Result<std::size_t> {
    auto arr = detail::array(doc, key, "");
    if (!arr) return std::unexpected(arr.error());
    for (std::size_t i = 0; i < (*arr)->size(); ++i) {
      const json& x = (**arr)[i];
      const std::string p = child(child("", key), i);
      if (!x.is_object()) return invalid_input(p + ": expected an object");
      if (auto r = fn(x, p); !r) return std::unexpected(r.error());
    }
    return (*arr)->size();
  };
  auto n = section("actors", [&](const json& x, const std::string&) -> Result<void> {
    Actor ac{ids.next("E"), one_line(text_of(x, "title")), one_line(text_of(x, "description"))};
    id_of[text_of(x, "symbolic_name")] = ac.id;
    a.actors.push_back(std::move(ac));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "actors");
  n = section("components", [&](const json& x, const std::string&) -> Result<void> {
    Asset as;
    as.id = ids.next("A");
    as.name = one_line(text_of(x, "title"));
    as.kind = "function";
    as.description = one_line(text_of(x, "description"));
    id_of[text_of(x, "symbolic_name")] = as.id;
    a.assets.push_back(std::move(as));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "assets (function) from components");
  n = section("data_stores", [&](const json& x, const std::string&) -> Result<void> {
    Asset as;
    as.id = ids.next("A");
    as.name = one_line(text_of(x, "title"));
    as.description = one_line(text_of(x, "description"));
    id_of[text_of(x, "symbolic_name")] = as.id;
    a.assets.push_back(std::move(as));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "assets (data) from data_stores");
  n = section("data_sets", [&](const json& x, const std::string& p) -> Result<void> {
    Asset as;
    as.id = ids.next("A");
    as.name = one_line(text_of(x, "title"));
    as.description = one_line(text_of(x, "description"));
    auto sens = detail::strings(x, "data_sensitivity", p);
    if (!sens) return std::unexpected(sens.error());
    if (!sens->empty()) {
      as.confidentiality = Need::kHigh;
      as.description += " (sensitivity: " + join(*sens) + ")";
    }
    id_of[text_of(x, "symbolic_name")] = as.id;
    a.assets.push_back(std::move(as));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "assets (data) from data_sets");
  n = section("data_flows", [&](const json& x, const std::string&) -> Result<void> {
    Interface in;
    in.id = ids.next("I");
    in.name = one_line(text_of(x, "title") + ": " + text_of(x, "description"));
    in.kind = kind_of_flow(in.name);
    for (const char* end : {"source", "destination"}) {
      if (!x.contains(end) || !x[end].is_object()) continue;
      const std::string obj = text_of(x[end], "object");
      if (id_of.contains(obj) && id_of[obj][0] == 'A') in.assets.push_back(id_of[obj]);
      if (obj == "public" || text_of(x[end], "type") == "actor") in.exposure = "internet";
    }
    in.description = x.value("encrypted", false) ? "encrypted" : "not encrypted";
    id_of[text_of(x, "symbolic_name")] = in.id;
    a.interfaces.push_back(std::move(in));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "interfaces from data_flows");
  n = section("threat_personas", [&](const json& x, const std::string&) -> Result<void> {
    persona[text_of(x, "symbolic_name")] =
        one_line(text_of(x, "title") + ": " + text_of(x, "description"));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "threat personas (as threat sources)");
  n = section("threats", [&](const json& x, const std::string& p) -> Result<void> {
    Threat t;
    t.id = ids.next("T");
    t.title = short_title(text_of(x, "title"));
    t.description = one_line(text_of(x, "description"));
    const std::string per = text_of(x, "threat_persona");
    auto sources = detail::strings(x, "sources", p);
    if (!sources) return std::unexpected(sources.error());
    t.source = persona.contains(per) ? persona[per] : join(*sources);
    if (x.contains("attack_mechanisms") || x.contains("weaknesses"))
      out.not_mapped.push_back(p + ": CAPEC/CWE references kept in no field (not imported)");
    out.not_mapped.push_back(p +
                             ": no STRIDE category in the format; rated 'possible/moderate' "
                             "until a risk names it");
    t.inherent = {3, {0, 3, 0}};
    id_of[text_of(x, "symbolic_name")] = t.id;
    a.threats.push_back(std::move(t));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "threats");
  n = section("controls", [&](const json& x, const std::string& p) -> Result<void> {
    Mitigation m = mitigation_from_text(ids.next("M"), text_of(x, "title"),
                                        equals_icase(text_of(x, "status"), "implemented"));
    m.description = one_line(text_of(x, "description"));
    auto ths = detail::strings(x, "threats", p);
    if (!ths) return std::unexpected(ths.error());
    for (const auto& sym : *ths)
      for (auto& t : a.threats)
        if (id_of.contains(sym) && t.id == id_of[sym]) t.mitigations.push_back(m.id);
    a.mitigations.push_back(std::move(m));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "mitigations from controls");
  n = section("risks", [&](const json& x, const std::string& p) -> Result<void> {
    auto ths = detail::strings(x, "threats", p);
    if (!ths) return std::unexpected(ths.error());
    const Rating r{word_scale(text_of(x, "likelihood"), true),
                   Impact{0, word_scale(text_of(x, "impact"), false), 0}};
    for (const auto& sym : *ths)
      for (auto& t : a.threats)
        if (id_of.contains(sym) && t.id == id_of[sym] && r.score() >= t.inherent.score())
          t.inherent = r;
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "risks (likelihood and impact onto their threats)");
  n = section("assumptions", [&](const json& x, const std::string&) -> Result<void> {
    a.context.assumptions.push_back(one_line(text_of(x, "description")));
    return {};
  });
  if (!n) return std::unexpected(n.error());
  add_mapped(out.mapped, *n, "assumptions");
  if (doc.contains("trust_zones"))
    out.not_mapped.push_back(
        "/trust_zones: no zone entity (flows from actors or 'public' are "
        "exposed to the internet)");
  if (doc.contains("trust_boundaries"))
    out.not_mapped.push_back(
        "/trust_boundaries: access-control and authentication methods not "
        "imported");
  return out;
}

// ---- CycloneDX 1.6 threat models --------------------------------------------------------------

std::map<std::string, std::string> props(const json& c) {
  std::map<std::string, std::string> m;
  if (!c.contains("properties") || !c["properties"].is_array()) return m;
  for (const auto& p : c["properties"])
    if (p.is_object()) m[text_of(p, "name")] = text_of(p, "value");
  return m;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  for (auto part : split(s, ','))
    if (!trim(part).empty()) out.emplace_back(trim(part));
  return out;
}

int prop_int(const std::map<std::string, std::string>& p, const std::string& k, int fallback) {
  auto it = p.find(k);
  if (it == p.end() || it->second.empty()) return fallback;
  int v = 0;
  for (char c : it->second) {
    if (c < '0' || c > '9') return fallback;
    v = v * 10 + (c - '0');
    if (v > 1000) return fallback;
  }
  return v;
}

struct CdxWalk {
  Imported& out;
  Counter ids;
  std::map<std::string, std::string> id_of;  // bom-ref -> our id
  std::size_t n_asset = 0, n_actor = 0, n_flow = 0, n_threat = 0, n_mit = 0;
  struct PendingFlow {
    std::size_t iface;
    std::string src, dst;
  };
  std::vector<PendingFlow> pending;

  std::string our_id(const std::map<std::string, std::string>& p, const std::string& prefix) {
    auto it = p.find("bulwark:id");
    return it != p.end() && !it->second.empty() ? it->second : ids.next(prefix);
  }

  Result<void> walk(const json& list, const std::string& pointer, std::size_t depth) {
    if (depth > kMaxComponentDepth)
      return invalid_input(pointer + ": components nested deeper than 16");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& c = list[i];
      const std::string p = child(pointer, i);
      if (!c.is_object()) return invalid_input(p + ": expected an object");
      const auto pr = props(c);
      const std::string type = pr.contains("cdx:model:type") ? pr.at("cdx:model:type") : "";
      const std::string name = one_line(text_of(c, "name"));
      const std::string ref = text_of(c, "bom-ref");
      Assessment& a = out.assessment;
      if (text_of(c, "type") != "threat-model") {
        out.not_mapped.push_back(
            fmt::format("{}: component '{}' of type '{}': not part of a "
                        "threat model",
                        p, name, text_of(c, "type")));
      } else if (pr.contains("cdx:model:inScope") && pr.at("cdx:model:inScope") == "false") {
        out.not_mapped.push_back(fmt::format("{}: '{}' is out of scope", p, name));
      } else if (type == "asset" || type == "datastore" || type == "server" || type == "process" ||
                 type == "lambda" || type == "service") {
        Asset as;
        as.id = our_id(pr, "A");
        as.name = name;
        as.kind = type == "asset" || type == "datastore" ? "data" : "function";
        as.description = one_line(text_of(c, "description"));
        if (pr.contains("cdx:model:risk:confidentiality"))
          as.confidentiality =
              need_from_percent(prop_int(pr, "cdx:model:risk:confidentiality", 50));
        if (pr.contains("cdx:model:risk:integrity"))
          as.integrity = need_from_percent(prop_int(pr, "cdx:model:risk:integrity", 50));
        if (pr.contains("cdx:model:risk:availability"))
          as.availability = need_from_percent(prop_int(pr, "cdx:model:risk:availability", 50));
        for (const auto& [k, v] : pr)
          if (k.starts_with("bulwark:need:")) {
            auto nd = need_from_string(v);
            if (!nd) continue;
            if (k == "bulwark:need:confidentiality") as.confidentiality = *nd;
            if (k == "bulwark:need:integrity") as.integrity = *nd;
            if (k == "bulwark:need:availability") as.availability = *nd;
          }
        id_of[ref] = as.id;
        a.assets.push_back(std::move(as));
        ++n_asset;
      } else if (type == "actor") {
        Actor ac{our_id(pr, "E"), name, one_line(text_of(c, "description"))};
        id_of[ref] = ac.id;
        a.actors.push_back(std::move(ac));
        ++n_actor;
      } else if (type == "dataflow") {
        Interface in;
        in.id = our_id(pr, "I");
        in.name = name;
        auto get = [&](const char* k) { return pr.contains(k) ? pr.at(k) : std::string(); };
        const std::string proto = get("cdx:model:dataflow:protocol");
        if (!proto.empty()) in.name += " (" + proto + ")";
        in.kind =
            get("bulwark:kind").empty() ? kind_of_flow(name + " " + proto) : get("bulwark:kind");
        in.exposure = get("bulwark:exposure").empty() ? "lan" : get("bulwark:exposure");
        in.description = one_line(text_of(c, "description"));
        if (!get("cdx:model:dataflow:data").empty())
          in.description += (in.description.empty() ? "" : "; ") + std::string("data: ") +
                            get("cdx:model:dataflow:data");
        in.components = split_list(get("bulwark:components"));
        id_of[ref] = in.id;
        pending.push_back({a.interfaces.size(), get("cdx:model:dataflow:source"),
                           get("cdx:model:dataflow:destination")});
        a.interfaces.push_back(std::move(in));
        ++n_flow;
      } else if (type == "threat") {
        Threat t;
        t.id = our_id(pr, "T");
        t.title = name;
        t.description = one_line(text_of(c, "description"));
        auto get = [&](const char* k) { return pr.contains(k) ? pr.at(k) : std::string(); };
        for (const auto& s : split_list(get("bulwark:stride")))
          if (auto st = stride_from_string(s)) t.stride.push_back(*st);
        t.source = get("bulwark:source");
        t.assets = split_list(get("bulwark:assets"));
        t.interfaces = split_list(get("bulwark:interfaces"));
        t.mitigations = split_list(get("bulwark:mitigations"));
        if (auto r = parse_score(get("bulwark:inherent"))) t.inherent = *r;
        if (auto r = parse_score(get("bulwark:residual"))) t.residual = *r;
        a.threats.push_back(std::move(t));
        ++n_threat;
      } else if (type == "mitigation") {
        Mitigation m;
        m.id = our_id(pr, "M");
        m.title = name;
        m.description = one_line(text_of(c, "description"));
        m.requirements =
            split_list(pr.contains("bulwark:requirements") ? pr.at("bulwark:requirements") : "");
        if (pr.contains("bulwark:status")) m.status = pr.at("bulwark:status");
        a.mitigations.push_back(std::move(m));
        ++n_mit;
      } else if (type == "boundary") {
        out.not_mapped.push_back(fmt::format(
            "{}: trust boundary '{}': no boundary entity (membership via cdx:model:inBoundary "
            "not imported)",
            p, name));
      } else {
        out.not_mapped.push_back(fmt::format("{}: cdx:model:type '{}' ('{}'): no equivalent", p,
                                             type.empty() ? "(none)" : type, name));
      }
      if (c.contains("components") && c["components"].is_array())
        if (auto r = walk(c["components"], child(p, "components"), depth + 1); !r) return r;
    }
    return {};
  }
};

Result<Imported> from_cyclonedx(const json& doc) {
  Imported out;
  out.format = SourceFormat::kCycloneDx;
  Assessment& a = out.assessment;
  if (doc.contains("metadata") && doc["metadata"].is_object()) {
    const json& md = doc["metadata"];
    if (md.contains("component") && md["component"].is_object()) {
      a.context.intended_purpose = one_line(text_of(md["component"], "description"));
      a.product = text_of(md["component"], "name");
      a.release = text_of(md["component"], "version");
    }
    for (const auto& [k, v] : props(md)) {
      if (k == "bulwark:context:operational_environment") a.context.operational_environment = v;
      if (k == "bulwark:context:expected_time_in_use") a.context.expected_time_in_use = v;
    }
  }
  auto comps = detail::array(doc, "components", "");
  if (!comps) return std::unexpected(comps.error());
  CdxWalk w{out, {}, {}};
  if (auto r = w.walk(**comps, "/components", 0); !r) return std::unexpected(r.error());
  for (const auto& f : w.pending)
    for (const auto& end : {f.src, f.dst})
      if (w.id_of.contains(end) &&
          std::any_of(a.assets.begin(), a.assets.end(),
                      [&](const Asset& x) { return x.id == w.id_of[end]; }))
        a.interfaces[f.iface].assets.push_back(w.id_of[end]);
  add_mapped(out.mapped, w.n_asset, "assets (asset, datastore, server, process, lambda)");
  add_mapped(out.mapped, w.n_actor, "actors");
  add_mapped(out.mapped, w.n_flow, "interfaces from dataflows");
  add_mapped(out.mapped, w.n_threat, "threats");
  add_mapped(out.mapped, w.n_mit, "mitigations");
  if (w.n_threat == 0)
    out.not_mapped.push_back("/components: the model holds no threats (cdx:model:type threat)");
  return out;
}

SourceFormat sniff(const json& doc) {
  if (doc.contains("otmVersion")) return SourceFormat::kOtm;
  if (text_of(doc, "bomFormat") == "CycloneDX") return SourceFormat::kCycloneDx;
  if (doc.contains("detail") && doc["detail"].is_object() && doc["detail"].contains("diagrams"))
    return SourceFormat::kThreatDragon;
  if (doc.contains("scope") &&
      (doc.contains("threats") || doc.contains("data_flows") || doc.contains("trust_zones")))
    return SourceFormat::kTmBom;
  return SourceFormat::kNative;
}

constexpr std::array<std::string_view, 6> kFormatNames = {"auto", "bulwark", "threat-dragon",
                                                          "otm",  "tmbom",   "cyclonedx"};

}  // namespace

std::string_view to_string(SourceFormat f) { return kFormatNames[static_cast<std::size_t>(f)]; }
std::optional<SourceFormat> source_format_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kFormatNames.size(); ++i)
    if (s == kFormatNames[i]) return static_cast<SourceFormat>(i);
  return std::nullopt;
}

Result<Imported> import_document(std::string_view text, std::string_view name, SourceFormat format,
                                 bool standalone) {
  auto doc = detail::load(text, name);
  if (!doc) return std::unexpected(doc.error());
  if (format == SourceFormat::kAuto) format = sniff(*doc);
  Result<Imported> r = invalid_input("unsupported format");
  try {
    switch (format) {
      case SourceFormat::kThreatDragon:
        if (!doc->contains("detail") || !(*doc)["detail"].is_object())
          r = invalid_input("/detail: missing (not a Threat Dragon 2.x model)");
        else
          r = from_threat_dragon(*doc);
        break;
      case SourceFormat::kOtm:
        r = from_otm(*doc);
        break;
      case SourceFormat::kTmBom:
        r = from_tmbom(*doc);
        break;
      case SourceFormat::kCycloneDx:
        r = from_cyclonedx(*doc);
        break;
      default: {
        auto a = parse(text, name);
        if (!a) return std::unexpected(a.error());
        if (auto v = standalone ? validate(*a) : Result<void>{}; !v)
          return std::unexpected(std::move(v.error()).with_context(std::string(name)));
        Imported im;
        im.assessment = std::move(*a);
        im.format = SourceFormat::kNative;
        im.mapped.push_back("native document");
        return im;
      }
    }
  } catch (const json::exception& e) {
    r = invalid_input(fmt::format("unexpected structure ({})", e.what()));
  }
  if (!r) return std::unexpected(std::move(r.error()).with_context(std::string(name)));
  if (auto v = validate(r->assessment); !v)
    return std::unexpected(std::move(v.error()).with_context(std::string(name) + " (mapped)"));
  return r;
}

}  // namespace bulwark::assessment
