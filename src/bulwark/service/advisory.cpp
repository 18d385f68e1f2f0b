// CSAF security advisory input from the portfolio: which releases are affected, fixed or not
// affected by the given vulnerabilities, with scores, CWEs and exploitation from the database.
#include "bulwark/service/advisory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bulwark/core/text.hpp"
#include "bulwark/csaf/csaf.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {

using portfolio::Product;
using portfolio::Release;

namespace {

std::string product_id_for(const Release& r) {
  std::string id = "CSAFPID-" + r.product + "-" + r.version;
  for (auto& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  return id;
}

std::string purl_segment(std::string_view s) {
  std::string out;
  for (char c : to_lower(s))
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ? c : '-';
  return out;
}

struct VulnFacts {
  const match::FindingCore* core = nullptr;
  std::set<std::string> affected, not_affected, fixed, investigating;
  std::vector<std::string> components;  // labels of affected components
};

}  // namespace

Result<AdvisoryInput> build_advisory(portfolio::Store& store, vulndb::Store& vulns,
                                     const Product& product, const AdvisoryRequest& req) {
  if (req.vulnerabilities.empty())
    return invalid_input("an advisory needs at least one vulnerability");
  if (product.website.empty() || !product.website.starts_with("https://"))
    return invalid_input(
        fmt::format("product '{}' has no https website: CSAF needs the publisher namespace "
                    "(bulwark product add {} --website https://...)",
                    product.name, product.name));
  auto releases = store.releases(product.id);
  if (!releases) return std::unexpected(releases.error());
  if (releases->empty())
    return invalid_input(fmt::format("product '{}' has no releases", product.name));
  for (const auto& v : req.fixed_in)
    if (std::none_of(releases->begin(), releases->end(),
                     [&](const Release& r) { return r.version == v; }))
      return not_found(
          fmt::format("fixed_in {}: product '{}' has no such release", v, product.name));

  AdvisoryInput in;
  in.publisher_name = product.vendor.empty() ? product.name : product.vendor;
  in.publisher_namespace = product.website;
  in.publisher_contact = product.security_contact;
  in.status = req.status;
  in.initial_release_date = in.current_release_date = req.now;
  const std::string year = req.now.substr(0, 4);
  in.tracking_id = req.tracking_id;

  std::map<std::string, VulnFacts> facts;  // keyed by the requested id (upper case)
  std::vector<ReleaseView> views;
  views.reserve(releases->size());
  for (const auto& r : *releases) {
    AdvisoryProduct p;
    p.product_id = product_id_for(r);
    p.vendor = in.publisher_name;
    p.name = product.name;
    p.version = r.version;
    p.purl = fmt::format("pkg:generic/{}/{}@{}", purl_segment(p.vendor), purl_segment(product.name),
                         r.version);
    in.products.push_back(p);
    ViewOptions vo;
    vo.show_suppressed = true;
    vo.today = req.today;
    auto view = release_view(store, vulns, product, r, vo);
    if (!view) return std::unexpected(view.error());
    views.push_back(std::move(*view));
    const ReleaseView& v = views.back();
    const bool fixed_release =
        std::find(req.fixed_in.begin(), req.fixed_in.end(), r.version) != req.fixed_in.end();
    for (const auto& want : req.vulnerabilities) {
      VulnFacts& vf = facts[to_upper(want)];
      bool found = false;
      for (std::size_t i = 0; i < v.result.findings.size(); ++i) {
        const auto& f = v.result.findings[i];
        bool match = to_upper(f->id) == to_upper(want);
        for (const auto& a : f->aliases) match = match || to_upper(a) == to_upper(want);
        if (!match) continue;
        found = true;
        if (!vf.core) vf.core = f.core.get();
        const auto& st = v.statuses[i];
        const AnalysisState state = st.analysis ? st.analysis->state : AnalysisState::kAffected;
        if (state == AnalysisState::kNotAffected || state == AnalysisState::kFalsePositive) {
          vf.not_affected.insert(p.product_id);
        } else if (state == AnalysisState::kFixed) {
          vf.fixed.insert(p.product_id);
        } else if (state == AnalysisState::kUnderInvestigation && st.analysis) {
          vf.investigating.insert(p.product_id);
        } else {
          vf.affected.insert(p.product_id);
          vf.components.push_back(v.sbom.components[f.component].name + "@" +
                                  v.sbom.components[f.component].version);
        }
      }
      if (!found && fixed_release) vf.fixed.insert(p.product_id);
    }
  }
  for (const auto& want : req.vulnerabilities) {
    VulnFacts& vf = facts[to_upper(want)];
    if (!vf.core)
      return not_found(
          fmt::format("{} is not a finding of any release of {} (bulwark findings {}@VERSION)",
                      want, product.name, product.name));
    // A release listed as fixed is fixed even when some analysis said otherwise.
    for (const auto& id : vf.fixed) {
      vf.affected.erase(id);
      vf.investigating.erase(id);
    }
    AdvisoryVulnerability av;
    const match::FindingCore& c = *vf.core;
    std::vector<std::string> ids{c.id};
    ids.insert(ids.end(), c.aliases.begin(), c.aliases.end());
    for (const auto& id : ids) {
      if (id.starts_with("CVE-") && av.cve.empty())
        av.cve = id;
      else
        av.ids.push_back(id);
    }
    av.title = c.summary.empty() ? c.id : c.summary;
    av.description = c.summary;
    // CSAF's cwe needs the weakness name, which the database does not hold: the ids go into the
    // text.
    if (!c.cwes.empty()) {
      std::string w;
      for (const auto& x : c.cwes) w += (w.empty() ? "" : ", ") + x;
      av.description += (av.description.empty() ? "" : " ") + std::string("Weakness: ") + w + ".";
    }
    for (const auto& s : c.cvss_all)
      if (s.version.starts_with("3") || s.version == "4.0")
        av.scores.push_back({s.vector, s.score, s.severity});
    av.known_affected.assign(vf.affected.begin(), vf.affected.end());
    av.fixed.assign(vf.fixed.begin(), vf.fixed.end());
    av.known_not_affected.assign(vf.not_affected.begin(), vf.not_affected.end());
    av.under_investigation.assign(vf.investigating.begin(), vf.investigating.end());
    if (!av.known_affected.empty()) {
      AdvisoryRemediation rem;
      if (!req.fixed_in.empty()) {
        rem.category = "vendor_fix";
        rem.details = "Update to " + product.name + " " + req.fixed_in.front() + " or later.";
        rem.url = req.remediation_url.empty() ? product.website : req.remediation_url;
      } else {
        rem.category = "none_available";
        rem.details = "No fixed release is available yet.";
      }
      rem.product_ids = av.known_affected;
      av.remediations.push_back(std::move(rem));
    }
    if (c.kev)
      av.exploitation = fmt::format(
          "Listed in the CISA Known Exploited Vulnerabilities catalog since {}{}.",
          c.kev_date_added, c.kev_ransomware ? "; known to be used in ransomware campaigns" : "");
    if (!vf.components.empty()) {
      std::sort(vf.components.begin(), vf.components.end());
      vf.components.erase(std::unique(vf.components.begin(), vf.components.end()),
                          vf.components.end());
      std::string list;
      for (const auto& x : vf.components) list += (list.empty() ? "" : ", ") + x;
      av.impact = "Affected component(s): " + list + ".";
    }
    for (const auto& r : c.references)
      if (r.starts_with("https://") && av.references.size() < 10) av.references.push_back(r);
    in.vulnerabilities.push_back(std::move(av));
  }
  if (in.tracking_id.empty()) {
    auto existing = store.advisories(product.id);
    if (!existing) return std::unexpected(existing.error());
    in.tracking_id =
        fmt::format("{}-SA-{}-{:04}", to_upper(product.name), year, existing->size() + 1);
  }
  in.title = req.title.empty() ? fmt::format("Vulnerabilities in {}: {}", product.name,
                                             [&] {
                                               std::string s;
                                               for (const auto& v : req.vulnerabilities)
                                                 s += (s.empty() ? "" : ", ") + v;
                                               return s;
                                             }())
                               : req.title;
  in.summary =
      req.summary.empty()
          ? fmt::format("{} informs about vulnerabilities in {} and the releases that fix them.",
                        in.publisher_name, product.name)
          : req.summary;
  in.revisions.push_back({"1", req.now, "Initial version"});
  return in;
}

bool apply_previous_revision(AdvisoryInput& in, const std::string& previous_json,
                             const std::string& now) {
  using json = nlohmann::json;
  const json prev = json::parse(previous_json, nullptr, false);
  if (prev.is_discarded() || !prev.is_object()) return false;
  // Every key may be missing or of another type in a stored document: find/value only.
  const json* tracking = nullptr;
  if (auto doc = prev.find("document"); doc != prev.end() && doc->is_object())
    if (auto tr = doc->find("tracking"); tr != doc->end() && tr->is_object()) tracking = &*tr;
  auto text = [](const json& o, const char* key, const std::string& fallback) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : fallback;
  };
  if (tracking)
    in.initial_release_date = text(*tracking, "initial_release_date", in.initial_release_date);
  in.revisions.clear();
  if (tracking)
    if (auto hist = tracking->find("revision_history"); hist != tracking->end() && hist->is_array())
      for (const auto& r : *hist)
        if (r.is_object())
          in.revisions.push_back(
              {text(r, "number", ""), text(r, "date", ""), text(r, "summary", "")});
  in.revisions.push_back({std::to_string(in.revisions.size() + 1), now, "Updated"});
  return true;
}

Result<CreatedAdvisory> create_advisory(portfolio::Store& store, vulndb::Store& vulns,
                                        const CreateAdvisoryRequest& request, const Clock& clock) {
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  auto t = resolve_target(store, request.product, false);
  if (!t) return std::unexpected(t.error());
  AdvisoryRequest req{
      request.vulnerabilities, request.tracking_id,     request.title,  request.summary,
      request.fixed_in,        request.remediation_url, request.status, *now,
      now->substr(0, 10)};
  auto in = build_advisory(store, vulns, t->product, req);
  if (!in) return std::unexpected(in.error());
  // A new revision of an advisory already issued keeps its initial date and history.
  auto previous = store.advisory(in->tracking_id);
  if (!previous) return std::unexpected(previous.error());
  if (*previous) {
    // The row stored under this tracking id must be one of this product's (compared as stored:
    // an older document may lack its tracking object).
    auto mine = store.advisories(t->product.id);
    if (!mine) return std::unexpected(mine.error());
    if (std::find(mine->begin(), mine->end(), **previous) == mine->end())
      return make_error(
          ErrorCode::kConflict,
          fmt::format("tracking_id: '{}' is an advisory of another product", in->tracking_id));
  }
  if (*previous) apply_previous_revision(*in, **previous, *now);
  auto json = csaf::write_advisory(*in);
  if (!json) return std::unexpected(json.error());
  if (auto saved =
          store.save_advisory(t->product.id, in->tracking_id, in->current_release_date, *json);
      !saved)
    return std::unexpected(saved.error());
  CreatedAdvisory out{std::move(*in), std::move(*json), {}};
  out.revision = out.input.revisions.empty() ? std::string() : out.input.revisions.back().number;
  return out;
}

namespace {

// The tracking object of a stored CSAF document (nullptr when missing or mistyped).
const nlohmann::json* tracking_of(const nlohmann::json& doc) {
  if (!doc.is_object()) return nullptr;
  auto d = doc.find("document");
  if (d == doc.end() || !d->is_object()) return nullptr;
  auto t = d->find("tracking");
  return t != d->end() && t->is_object() ? &*t : nullptr;
}

std::string text_at(const nlohmann::json* o, const char* key) {
  if (!o || !o->is_object()) return {};
  auto it = o->find(key);
  return it != o->end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<std::vector<AdvisorySummary>> list_advisories(portfolio::Store& store,
                                                     const Product& product) {
  using json = nlohmann::json;
  auto docs = store.advisories(product.id);
  if (!docs) return std::unexpected(docs.error());
  std::vector<AdvisorySummary> out;
  out.reserve(docs->size());
  for (const auto& text : *docs) {
    const json doc = json::parse(text, nullptr, false);
    const json* tracking = tracking_of(doc);
    AdvisorySummary s;
    s.tracking_id = text_at(tracking, "id");
    s.revision = text_at(tracking, "version");
    s.status = text_at(tracking, "status");
    s.initial_release_date = text_at(tracking, "initial_release_date");
    s.current_release_date = text_at(tracking, "current_release_date");
    if (doc.is_object())
      if (auto d = doc.find("document"); d != doc.end()) s.title = text_at(&*d, "title");
    if (doc.is_object())
      if (auto vs = doc.find("vulnerabilities"); vs != doc.end() && vs->is_array())
        for (const auto& v : *vs) {
          std::string id = text_at(&v, "cve");
          if (id.empty() && v.is_object())
            if (auto ids = v.find("ids"); ids != v.end() && ids->is_array() && !ids->empty())
              id = text_at(&ids->front(), "text");
          if (!id.empty()) s.vulnerabilities.push_back(std::move(id));
        }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::string> product_advisory(portfolio::Store& store, const Product& product,
                                     const std::string& tracking_id) {
  using json = nlohmann::json;
  auto docs = store.advisories(product.id);
  if (!docs) return std::unexpected(docs.error());
  for (auto& text : *docs)
    if (text_at(tracking_of(json::parse(text, nullptr, false)), "id") == tracking_id)
      return std::move(text);
  return not_found(
      fmt::format("advisory '{}' of product '{}' does not exist", tracking_id, product.name));
}

Result<PublishedAdvisories> publish_advisories(portfolio::Store& store,
                                               const PublishAdvisoriesRequest& request) {
  std::int64_t product_id = 0;
  std::optional<Product> product;
  if (!request.product.empty()) {
    auto t = resolve_target(store, request.product, false);
    if (!t) return std::unexpected(t.error());
    product = t->product;
    product_id = t->product.id;
  }
  auto docs = store.advisories(product_id);
  if (!docs) return std::unexpected(docs.error());
  if (docs->empty()) return not_found("no advisories to publish (bulwark advisory create ...)");
  csaf::PublishOptions po;
  po.output_dir = request.output_dir;
  po.canonical_url = request.canonical_url;
  po.role = request.role;
  po.gpg_key = request.gpg_key;
  po.gnupg_home = request.gnupg_home;
  if (product) {
    po.publisher_name = product->vendor.empty() ? product->name : product->vendor;
    po.publisher_namespace = product->website;
    po.publisher_contact = product->security_contact;
  } else {
    using json = nlohmann::json;
    const json first = json::parse(docs->front(), nullptr, false);
    if (first.is_object())
      if (auto doc = first.find("document"); doc != first.end() && doc->is_object())
        if (auto pub = doc->find("publisher"); pub != doc->end() && pub->is_object()) {
          auto text = [&](const char* key) {
            auto it = pub->find(key);
            return it != pub->end() && it->is_string() ? it->get<std::string>() : std::string();
          };
          po.publisher_name = text("name");
          po.publisher_namespace = text("namespace");
          po.publisher_contact = text("contact_details");
        }
  }
  if (po.canonical_url.empty() && !po.publisher_namespace.empty()) {
    std::string base = po.publisher_namespace;
    while (base.ends_with("/")) base.pop_back();
    po.canonical_url = base + "/.well-known/csaf/provider-metadata.json";
  }
  if (auto r = csaf::publish(*docs, po); !r) return std::unexpected(r.error());
  return PublishedAdvisories{docs->size()};
}

}  // namespace bulwark::service
