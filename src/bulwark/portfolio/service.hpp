// DEPRECATED forwarding header, kept so that callers not yet moved to the service layer
// (apps/cli/cmd_scan.cpp, apps/cli/cmd_cra.cpp) keep building: the use cases that lived here moved
// to src/bulwark/service/ (namespace bulwark::service; issue 10). New code includes the service
// headers and calls bulwark::service directly; the portfolio module keeps storage (store.hpp), the
// identity helpers (identity.hpp) and the CRA class names (cra_class.hpp). Header-only: nothing in
// the portfolio library depends on the service library. Remove once no caller includes it.
#pragma once

#include "bulwark/portfolio/cra_class.hpp"
#include "bulwark/portfolio/identity.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/advisory.hpp"
#include "bulwark/service/findings.hpp"
#include "bulwark/service/findings_sync.hpp"
#include "bulwark/service/monitor.hpp"
#include "bulwark/service/products.hpp"
#include "bulwark/service/releases.hpp"
#include "bulwark/service/triage.hpp"
#include "bulwark/service/vex.hpp"

namespace bulwark::portfolio {

using service::AddedRelease;
using service::AdvisoryRequest;
using service::AnalysisSource;
using service::FindingChange;
using service::MonitorOptions;
using service::MonitorReport;
using service::ReleaseDelta;
using service::ReleaseInput;
using service::ReleaseView;
using service::Target;
using service::TriageRequest;
using service::TriageResult;
using service::VexImportReport;
using service::ViewOptions;

using service::add_release;
using service::apply_analyses;
using service::build_advisory;
using service::export_vex;
using service::import_vex;
using service::monitor;
using service::read_vex_file;
using service::release_view;
using service::resolve_target;
using service::triage;
using service::write_vex;

}  // namespace bulwark::portfolio
