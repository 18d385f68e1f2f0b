// Article 14 report drafts and the Article 14(8) user notice (bulwark cra draft; the server's
// draft API): the facts a draft needs are gathered from the portfolio and the live match (CVSS,
// CWE, KEV, EPSS of the case's vulnerability, fixed releases and component versions), the drafts
// are rendered per stage (Markdown + JSON, gaps listed) and the user notice is a CSAF advisory.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/result.hpp"
#include "bulwark/cra/report.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"

namespace bulwark::vulndb {
class Store;
}

namespace bulwark::service {

// The facts for the case's drafts (severe incidents: from the case and its questionnaire).
Result<cra::ReportFacts> report_facts(portfolio::Store& store, portfolio::CraStore& cra,
                                      vulndb::Store& vulns, const portfolio::Product& product,
                                      const portfolio::StoredCase& stored, const Clock& clock);

struct DraftRequest {
  std::string case_id;
  std::vector<cra::Stage> stages;  // empty: every stage
  bool user_notice = false;        // vulnerability cases only
  std::string url;  // download URL of the fixed release (notice remediation); default the website
};

struct DraftDocument {
  cra::Stage stage = cra::Stage::kEarlyWarning;
  std::string name;  // "<case>-<stage slug>" (file base name)
  std::string title;
  std::vector<std::string> gaps;  // labels of the facts still missing
  std::string markdown, json;     // each ending with a newline
};
struct Drafts {
  std::vector<DraftDocument> drafts;
  std::string user_notice_name;  // "<case>-user-notice.csaf.json", empty when not asked
  std::string user_notice;       // CSAF JSON, ending with a newline
};

// The drafts in memory (what a server returns).
Result<Drafts> build_drafts(portfolio::Store& store, portfolio::CraStore& cra, vulndb::Store& vulns,
                            const DraftRequest& request, const Clock& clock);

struct WrittenDraft {
  std::string base;  // output_dir/<name>: base + ".md" and base + ".json" were written
  std::string title;
  std::size_t gaps = 0;
};
struct WrittenDrafts {
  std::vector<WrittenDraft> drafts;
  std::string user_notice_path;  // empty when not asked
};
// build_drafts, then every file written atomically into output_dir (created when missing).
Result<WrittenDrafts> write_drafts(portfolio::Store& store, portfolio::CraStore& cra,
                                   vulndb::Store& vulns, const DraftRequest& request,
                                   const std::string& output_dir, const Clock& clock);

}  // namespace bulwark::service
