// Minimal-exposure use cases (service/exposure.hpp): a result stored per release (analysed or
// read from a saved report, with the manifest applied), the newest result of the judged release
// as automatic evidence for AI.P1.2b/d/e/j/k/l in the checklist (met, not met, open; waived fails
// not counting), and in the documents and the evidence bundle.
#include <gtest/gtest.h>

#include <map>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "bulwark/cra/bundle.hpp"
#include "bulwark/exposure/exposure.hpp"
#include "bulwark/portfolio/exposure_store.hpp"
#include "bulwark/service/cra_docs.hpp"
#include "bulwark/service/cra_product.hpp"
#include "bulwark/service/exposure.hpp"
#include "cra_world.hpp"

namespace {

using namespace bulwark;
using namespace bulwark::service;
using bulwark::test::at;
using bulwark::test::CraWorld;
namespace x = bulwark::exposure;

x::Observation obs(const char* check, x::Status st, x::Severity sev, const char* path) {
  x::Observation o;
  o.check = check;
  o.status = st;
  o.severity = sev;
  o.path = path;
  o.message = "test";
  o.fingerprint = std::string(check) + path;
  return o;
}

// A report: exploitation mitigation failing high (NX), logging passing, telnet failing high but
// waived, a hostkey failing high, secure-by-default passing.
x::Report sample_report() {
  x::Report r;
  r.catalogue_sha256 = x::catalogue_sha256();
  r.target = "firmware.tar";
  r.target_kind = "filesystem";
  r.generated_at = "2026-11-29T10:00:00Z";
  r.observations = {
      obs("EXP.BIN.NX", x::Status::kFail, x::Severity::kHigh, "usr/sbin/httpd"),
      obs("EXP.BIN.PIE", x::Status::kPass, x::Severity::kMedium, "usr/sbin/httpd"),
      obs("EXP.LOG.DAEMON", x::Status::kPass, x::Severity::kLow, ""),
      obs("EXP.SVC.TELNET", x::Status::kFail, x::Severity::kHigh, "etc/inittab"),
      obs("EXP.SEC.HOSTKEY", x::Status::kFail, x::Severity::kHigh, "etc/ssh/ssh_host_rsa_key"),
      obs("EXP.ACC.EMPTYPW", x::Status::kPass, x::Severity::kCritical, "etc/shadow"),
      obs("EXP.FS.SUID", x::Status::kFail, x::Severity::kMedium, "bin/busybox"),
  };
  r.observations[3].waiver = x::Waiver{"lab image", "2027-01-31", "alice"};
  x::finish(r);
  return r;
}

struct ExposureWorld : CraWorld {
  std::unique_ptr<portfolio::ExposureStore> xs;
  ExposureWorld() {
    auto s = portfolio::ExposureStore::open_sqlite(db);
    EXPECT_TRUE(s) << s.error().message;
    xs = std::move(*s);
  }
};

const cra::HookResult* hook(const Checklist& c, std::string_view id) {
  for (const auto& h : c.hooks)
    if (h.id == id) return &h;
  return nullptr;
}
const cra::ChecklistItem* item(const Checklist& c, std::string_view id) {
  for (const auto& i : c.items)
    if (i.id == id) return &i;
  return nullptr;
}

TEST(ServiceExposure, RecordedPerReleaseAndReadBack) {
  ExposureWorld w;
  w.release("3.3.0", "2026-12-01");
  auto unknown = record_exposure(*w.store, *w.xs, "acme-gateway@9.9.9", sample_report(), w.clock);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto rec = record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", sample_report(), w.clock);
  ASSERT_TRUE(rec) << rec.error().message;
  EXPECT_EQ(rec->run.seq, 1);
  EXPECT_EQ(rec->run.fail, 4);
  EXPECT_EQ(rec->run.pass, 3);
  EXPECT_EQ(rec->run.worst, "high");  // the waived telnet fail does not count, NX does
  EXPECT_EQ(rec->run.recorded_at, "2026-11-29T10:00:00Z");
  auto back = release_exposure(*w.xs, w.product.id, "3.3.0");
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->report.observations.size(), 7u);
  EXPECT_EQ((*back)->report.summary.waived, 1u);
  ASSERT_TRUE((*back)->report.observations[0].check <= (*back)->report.observations[1].check);
  auto none = release_exposure(*w.xs, w.product.id, "3.2.0");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST(ServiceExposure, ChecklistUsesTheNewestResultOfTheRelease) {
  ExposureWorld w;
  w.release("3.2.0", "2026-03-02");
  w.release("3.3.0", "2026-12-01");
  // Without a stored result the six points are open, with a hook saying how to get one.
  auto before =
      checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(before) << before.error().message;
  for (const char* id : {"AI.P1.2b", "AI.P1.2d", "AI.P1.2e", "AI.P1.2j", "AI.P1.2k", "AI.P1.2l"}) {
    const auto* h = hook(*before, id);
    ASSERT_TRUE(h) << id;
    EXPECT_EQ(h->status, cra::ItemStatus::kOpen) << id;
    EXPECT_NE(h->summary.find("no exposure result"), std::string::npos);
  }
  ASSERT_TRUE(record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", sample_report(), w.clock));
  auto c =
      checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(c) << c.error().message;
  // k: NX fails high -> not met, naming the binary.
  EXPECT_EQ(hook(*c, "AI.P1.2k")->status, cra::ItemStatus::kNotMet);
  ASSERT_FALSE(hook(*c, "AI.P1.2k")->problems.empty());
  EXPECT_NE(hook(*c, "AI.P1.2k")->problems[0].find("high EXP.BIN.NX failed (usr/sbin/httpd)"),
            std::string::npos);
  EXPECT_EQ(item(*c, "AI.P1.2k")->status, cra::ItemStatus::kNotMet);
  // e: the hostkey fails high (telnet is waived and does not count).
  EXPECT_EQ(hook(*c, "AI.P1.2e")->status, cra::ItemStatus::kNotMet);
  EXPECT_EQ(hook(*c, "AI.P1.2e")->problems.size(), 1u);
  EXPECT_NE(hook(*c, "AI.P1.2e")->summary.find("1 waived"), std::string::npos);
  // d: telnet waived, empty password passes -> met.
  EXPECT_EQ(hook(*c, "AI.P1.2d")->status, cra::ItemStatus::kMet);
  // l: the logging daemon passes -> met, the item too, with the report as evidence.
  EXPECT_EQ(hook(*c, "AI.P1.2l")->status, cra::ItemStatus::kMet);
  const auto* l = item(*c, "AI.P1.2l");
  EXPECT_EQ(l->status, cra::ItemStatus::kMet);
  ASSERT_FALSE(l->evidence.empty());
  EXPECT_TRUE(l->evidence.back().automatic);
  EXPECT_EQ(l->evidence.back().kind, "test_report");
  EXPECT_NE(l->evidence.back().uri.find("exposure.json (release 3.3.0, run 1"), std::string::npos);
  // j: only a medium setuid fail -> open (a person decides).
  EXPECT_EQ(hook(*c, "AI.P1.2j")->status, cra::ItemStatus::kOpen);
  EXPECT_NE(hook(*c, "AI.P1.2j")->summary.find("1 medium fail"), std::string::npos);
  // The other release has no result: judged alone it stays open.
  auto old =
      checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.2.0", w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(old);
  EXPECT_EQ(hook(*old, "AI.P1.2k")->status, cra::ItemStatus::kOpen);
  // A newer clean result replaces the evidence.
  auto clean = sample_report();
  for (auto& o : clean.observations)
    if (o.check == "EXP.BIN.NX") o.status = x::Status::kPass;
  x::finish(clean);
  ASSERT_TRUE(record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", clean, w.clock));
  auto after =
      checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(after);
  EXPECT_EQ(hook(*after, "AI.P1.2k")->status, cra::ItemStatus::kMet);
  // Without the store, no exposure hooks (the server does not pass one yet).
  auto plain = checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock);
  ASSERT_TRUE(plain);
  EXPECT_EQ(hook(*plain, "AI.P1.2k"), nullptr);
}

TEST(ServiceExposure, DocsAndBundleIncludeTheReleaseResult) {
  ExposureWorld w;
  w.release("3.3.0", "2026-12-01");
  ASSERT_TRUE(record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", sample_report(), w.clock));
  DocsRequest req;
  req.target = "acme-gateway@3.3.0";
  req.database_name = "bulwark.db";
  req.tool_version = "test";
  auto a = build_docs(*w.store, *w.cra, *w.vulns, req, w.clock, nullptr, w.xs.get());
  auto b = build_docs(*w.store, *w.cra, *w.vulns, req, w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(a && b) << (a ? b.error().message : a.error().message);
  EXPECT_EQ(cra::sha256_hex(a->bundle), cra::sha256_hex(b->bundle));  // reproducible
  std::string stored = (*w.xs->latest(w.product.id, "3.3.0"))->report;
  bool json = false, sarif = false, txt = false;
  for (const auto& f : a->bundle_files) {
    if (f.name == "exposure.json") json = f.content == stored;
    if (f.name == "exposure.sarif.json") sarif = f.content.find("\"2.1.0\"") != std::string::npos;
    if (f.name == "exposure.txt") txt = f.content.find("EXP.BIN.NX") != std::string::npos;
  }
  EXPECT_TRUE(json && sarif && txt);
  const auto& tech = a->documents[0].files[0].content;
  EXPECT_NE(tech.find("exposure.json: minimal-exposure checks of firmware.tar"), std::string::npos);
  for (const auto& f : a->bundle_files)
    if (f.name == "checklist.json") {
      EXPECT_NE(f.content.find("AI.P1.2k"), std::string::npos);
    }
}

// A network scan of the unit: an undeclared open port (AI.P1.2j) and UPnP port mapping control.
x::Report network_report() {
  x::Report r;
  r.catalogue_sha256 = x::catalogue_sha256();
  r.target = "192.0.2.10";
  r.target_kind = "network";
  r.generated_at = "2026-11-30T09:00:00Z";
  r.observations = {obs("EXP.NET.PORT", x::Status::kFail, x::Severity::kHigh, "tcp/8080"),
                    obs("EXP.NET.UPNPIGD", x::Status::kFail, x::Severity::kHigh, "udp/1900")};
  x::finish(r);
  return r;
}

TEST(ServiceExposure, DocsAndBundleCarryBothKindsWithDateAndCatalogue) {
  ExposureWorld w;
  w.release("3.3.0", "2026-12-01");
  ASSERT_TRUE(record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", sample_report(), w.clock));
  // The network scan, recorded a day later, then a newer file analysis: the docs carry the
  // newest of each kind.
  w.clock.set(at("2026-11-30T09:30:00Z"));
  ASSERT_TRUE(record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", network_report(), w.clock));
  w.clock.set(at("2026-12-01T08:00:00Z"));
  ASSERT_TRUE(record_exposure(*w.store, *w.xs, "acme-gateway@3.3.0", sample_report(), w.clock));
  DocsRequest req;
  req.target = "acme-gateway@3.3.0";
  req.database_name = "bulwark.db";
  req.tool_version = "test";
  auto a = build_docs(*w.store, *w.cra, *w.vulns, req, w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(a) << a.error().message;
  std::map<std::string, std::string> files;
  for (const auto& f : a->bundle_files) files[f.name] = f.content;
  for (const char* name :
       {"exposure.json", "exposure.sarif.json", "exposure.txt", "exposure-network.json",
        "exposure-network.sarif.json", "exposure-network.txt"})
    EXPECT_TRUE(files.count(name)) << name;
  EXPECT_NE(files["exposure-network.json"].find("EXP.NET.UPNPIGD"), std::string::npos);
  EXPECT_EQ(files["exposure.json"].find("EXP.NET."), std::string::npos);
  EXPECT_NE(files["exposure-network.txt"].find("EXP.NET.PORT"), std::string::npos);
  // The test reports name each with its date and catalogue version.
  const auto& tech = a->documents[0].files[0].content;
  const std::string version(x::kCatalogueVersion);
  EXPECT_NE(tech.find("exposure.json: minimal-exposure checks of firmware.tar (catalogue " +
                      version + ", recorded 2026-12-01T08:00:00Z)"),
            std::string::npos)
      << tech;
  EXPECT_NE(tech.find("exposure-network.json: minimal-exposure network scan of 192.0.2.10 "
                      "(catalogue " +
                      version + ", recorded 2026-11-30T09:30:00Z)"),
            std::string::npos)
      << tech;
  // The AI.P1 evidence (checklist and the Annex I table) names both results.
  auto c =
      checklist(*w.store, *w.cra, *w.vulns, "acme-gateway@3.3.0", w.clock, nullptr, w.xs.get());
  ASSERT_TRUE(c);
  const auto* j = item(*c, "AI.P1.2j");
  ASSERT_TRUE(j && !j->evidence.empty());
  const auto& uri = j->evidence.back().uri;
  EXPECT_NE(uri.find("exposure-network.json (release 3.3.0, run 2, network scan of 192.0.2.10, "
                     "catalogue " +
                     version + ", recorded 2026-11-30T09:30:00Z"),
            std::string::npos)
      << uri;
  EXPECT_NE(uri.find("exposure.json (release 3.3.0, run 3, file analysis of firmware.tar, "
                     "catalogue " +
                     version + ", recorded 2026-12-01T08:00:00Z"),
            std::string::npos)
      << uri;
  EXPECT_EQ(hook(*c, "AI.P1.2j")->status, cra::ItemStatus::kNotMet);  // the open port, UPnP IGD
  EXPECT_NE(tech.find("exposure-network.json (release 3.3.0"), std::string::npos);
}

TEST(ServiceExposure, SavedReportsReadBackAndManifestApplied) {
  ExposureWorld w;
  const auto saved = w.dir.path() / "saved.json";
  { std::ofstream(saved) << x::to_json(sample_report()); }
  ExposureRequest rq;
  rq.target = saved.string();
  auto r = exposure_report(rq, w.clock);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->target, "firmware.tar");
  EXPECT_EQ(r->observations.size(), 7u);
  const auto manifest = w.dir.path() / "manifest.toml";
  {
    std::ofstream(manifest) << "[[setuid]]\npath = \"/bin/busybox\"\nreason = \"su applet\"\n"
                               "[[waiver]]\ncheck = \"EXP.SEC.HOSTKEY\"\nreason = \"per-unit key "
                               "generated at first boot replaces it\"\nexpires = \"2027-01-01\"\n";
  }
  rq.manifest = manifest.string();
  auto m = exposure_report(rq, w.clock);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->summary.fail, 3u);    // setuid now declared
  EXPECT_EQ(m->summary.waived, 2u);  // telnet (saved) + hostkey (manifest)
  EXPECT_NE(m->manifest.find("sha256:"), std::string::npos);
  // A bad manifest names its line; a missing target is kNotFound.
  { std::ofstream(manifest) << "[[waiver]]\ncheck = \"EXP.NOPE\"\n"; }
  auto bad = exposure_report(rq, w.clock);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos) << bad.error().message;
  rq.target = (w.dir.path() / "missing").string();
  rq.manifest.clear();
  auto missing = exposure_report(rq, w.clock);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
