#include "bulwark/service/uploads.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bulwark/core/base64.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/sbom/reader.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/vulndb/store.hpp"

namespace bulwark::service {
namespace {

using accounts::Permission;
using nlohmann::json;

// Strips a UTF-8 byte-order mark (Dependency-Track clients send one).
std::string_view without_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

}  // namespace

Result<jobs::Job> submit_upload(portfolio::Store& portfolio, jobs::JobStore& jobs,
                                const Principal& who, const UploadInput& in, const Clock& clock) {
  if (!who.can(Permission::kUpload)) return precondition_failed("permission 'upload' required");
  const std::string_view sbom = without_bom(in.sbom);
  if (sbom.empty()) return invalid_input("bom: the SBOM is empty");
  if (auto doc = sbom::read(sbom, in.sbom_name); !doc) return std::unexpected(doc.error());

  json payload;
  std::int64_t product_id = 0;
  std::string product = in.product, version = in.version;
  if (in.release_id != 0) {
    auto found = portfolio.release_by_id(in.release_id);
    if (!found) return std::unexpected(found.error());
    if (!*found || !who.sees((*found)->product_id))
      return not_found("The project could not be found.");
    product_id = (*found)->product_id;
    product = (*found)->product;
    version = (*found)->version;
  } else {
    if (product.empty()) return invalid_input("projectName: required without a project UUID");
    if (version.empty()) return invalid_input("projectVersion: required without a project UUID");
    auto p = portfolio.product(product);
    if (!p) return std::unexpected(p.error());
    if (*p) {
      if (!who.sees((*p)->id)) return not_found("The project could not be found.");
      product_id = (*p)->id;
      auto r = portfolio.release(product_id, version);
      if (!r) return std::unexpected(r.error());
      if (!*r && !in.auto_create) return not_found("The project could not be found.");
    } else {
      if (!in.auto_create) return not_found("The project could not be found.");
      if (who.key_team_id == 0 && who.team_ids.empty() && !who.admin())
        return precondition_failed("creating a product needs a team to own it");
    }
  }
  payload["product"] = product;
  payload["version"] = version;
  payload["product_id"] = product_id;
  payload["team_id"] =
      who.key_team_id != 0 ? who.key_team_id : (who.team_ids.empty() ? 0 : who.team_ids.front());
  payload["actor"] = who.actor;
  payload["sbom_name"] = in.sbom_name;
  payload["request_id"] = in.request_id;
  auto now = clock.now_rfc3339();
  if (!now) return std::unexpected(now.error());
  jobs::Job j;
  j.kind = std::string(kSbomJob);
  j.payload = payload.dump();
  j.input = std::string(sbom);  // beside the payload: status reads do not carry the SBOM
  j.concurrency_key = "release:" + product + "@" + version;
  j.priority = 50;
  j.created_at = *now;
  j.run_after = *now;
  return jobs.enqueue(j);
}

Result<std::string> process_upload(portfolio::Store& portfolio, vulndb::Store* vulns,
                                   accounts::AccountStore& accounts, const std::string& payload,
                                   std::string input, const Clock& clock,
                                   portfolio::RiskStore* risk) {
  json p;
  try {
    p = json::parse(payload);
  } catch (const json::exception& e) {
    return invalid_input(std::string("job payload: ") + e.what());
  }
  const std::string product = p.value("product", "");
  const std::string version = p.value("version", "");
  const std::int64_t team_id = p.value("team_id", std::int64_t{0});
  // Jobs queued before the SBOM moved to the job's input carry it Base64-encoded in the payload.
  if (input.empty() && p.contains("sbom")) {
    auto legacy = base64_decode(p.value("sbom", ""));
    if (!legacy) return invalid_input("job payload: sbom is not Base64");
    input = std::move(*legacy);
  }
  if (input.empty()) return invalid_input("job input: the SBOM is missing");
  Principal who;
  who.actor = p.value("actor", "system");

  std::optional<std::int64_t> created;
  auto prod = portfolio.product(product);
  if (!prod) return std::unexpected(prod.error());
  portfolio::Product target;
  if (*prod) {
    target = **prod;
  } else {
    auto now = clock.now_rfc3339();
    if (!now) return std::unexpected(now.error());
    portfolio::Product np;
    np.name = product;
    np.created_at = *now;
    auto added = portfolio.add_product(np);
    if (!added) return std::unexpected(added.error());
    target = *added;
    created = target.id;
    if (team_id != 0)
      if (auto g = accounts.grant_product(team_id, target.id); !g)
        return std::unexpected(g.error());
  }
  ReleaseInput in;
  in.sbom_bytes = std::move(input);
  in.sbom_name = p.value("sbom_name", "upload");
  in.replace = true;
  in.risk = risk;
  auto added = add_release(portfolio, vulns, target, version, in, clock);
  if (!added) return std::unexpected(added.error());
  json result = {{"product", product},
                 {"version", version},
                 {"release_id", added->release.id},
                 {"components", added->release.components},
                 {"findings", added->findings},
                 {"matched", added->matched},
                 {"replaced", added->replaced},
                 {"product_created", created.has_value()}};
  json after = {{"sbom_sha256", added->release.sbom_sha256},
                {"components", added->release.components},
                {"findings", added->findings}};
  if (auto a = audit(accounts, who, added->replaced ? "release.sbom.replace" : "release.upload",
                     "release:" + product + "@" + version, target.id, "", after.dump(),
                     p.value("request_id", ""), clock);
      !a)
    return std::unexpected(a.error());
  return result.dump();
}

Result<bool> may_see_job(portfolio::Store& portfolio, const Principal& who, const jobs::Job& job) {
  if (who.admin()) return true;
  // Only the top-level team and product are kept (a payload of an older version also carries
  // the Base64 SBOM, discarded as soon as it is read).
  const json::parser_callback_t keep = [](int depth, json::parse_event_t event, json& parsed) {
    if (depth != 1 || event != json::parse_event_t::key) return true;
    return parsed == "team_id" || parsed == "product";
  };
  const json p = json::parse(job.payload, keep, false);
  if (p.is_discarded() || !p.is_object()) return true;  // not an upload's payload
  const auto team = p.value("team_id", std::int64_t{0});
  if (team != 0 && (team == who.key_team_id || std::find(who.team_ids.begin(), who.team_ids.end(),
                                                         team) != who.team_ids.end()))
    return true;
  auto prod = portfolio.product(p.value("product", ""));
  if (!prod) return std::unexpected(prod.error());
  return *prod && who.sees((**prod).id);
}

}  // namespace bulwark::service
