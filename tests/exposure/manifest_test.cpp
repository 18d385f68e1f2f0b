// The interface manifest and waivers (exposure/manifest.hpp): the parser's errors name the line;
// on the planted-fault root filesystem the manifest turns the undeclared setuid binary and the
// undeclared boot services into high fails and passes the declared ones; waivers apply until
// their expiry day, stay in the report marked waived, and no longer trip --fail-on.
#include <gtest/gtest.h>

#include "bulwark/exposure/manifest.hpp"
#include "fixtures.hpp"

namespace bulwark::exposure::test {
namespace {

TEST(ExposureManifest, ParsesEveryTable) {
  auto m = parse_manifest(
      "# gateway\n[[port]]\nport = 22\nservice = \"ssh\"  # dropbear\n[[port]]\nport = 161\n"
      "protocol = 'udp'\n[[service]]\nname = \"dropbear\"\n[[setuid]]\npath = \"/bin/busybox\"\n"
      "reason = \"su applet\"\n[[waiver]]\ncheck = \"EXP.BIN.RELRO\"\npath = \"/opt/vendor/*\"\n"
      "reason = \"blob \\\"v2\\\"\"\nexpires = \"2027-06-30\"\nby = \"alice\"\n");
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->ports.size(), 2u);
  EXPECT_EQ(m->ports[0].port, 22);
  EXPECT_EQ(m->ports[0].protocol, "tcp");
  EXPECT_EQ(m->ports[0].service, "ssh");
  EXPECT_EQ(m->ports[1].protocol, "udp");
  ASSERT_EQ(m->services.size(), 1u);
  EXPECT_EQ(m->services[0].name, "dropbear");
  ASSERT_EQ(m->setuid.size(), 1u);
  EXPECT_EQ(m->setuid[0].reason, "su applet");
  ASSERT_EQ(m->waivers.size(), 1u);
  EXPECT_EQ(m->waivers[0].reason, "blob \"v2\"");
  EXPECT_EQ(m->waivers[0].expires, "2027-06-30");
  EXPECT_EQ(m->waivers[0].line, 13u);
  EXPECT_EQ(m->sha256.size(), 64u);
}

TEST(ExposureManifest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* want;
  };
  for (const auto& c : std::vector<Case>{
           {"[[port]]\nport = 70000\n", "line 2: port"},
           {"[[port]]\nservice = \"x\"\n", "line 1: [[port]] without port"},
           {"[[ports]]\n", "line 1: unknown table"},
           {"[port]\n", "line 1: only array tables"},
           {"port = 22\n", "line 1: key 'port' outside a table"},
           {"[[service]]\nname = \"x\nmore\n", "line 2: unterminated string"},
           {"[[service]]\nnmae = \"x\"\n", "line 2: unknown key 'nmae'"},
           {"[[waiver]]\ncheck = \"EXP.NOPE\"\n", "line 2: check 'EXP.NOPE' is not in"},
           {"[[waiver]]\ncheck = \"EXP.SVC.TELNET\"\nreason = \"x\"\n", "without expires"},
           {"[[waiver]]\ncheck = \"EXP.SVC.TELNET\"\nreason = \"x\"\nexpires = \"2027-13-01\"\n",
            "line 4: expires"},
           {"[[setuid]]\npath = \"/x\" extra\n", "line 2: unexpected"},
           {"[[port]]\nport = \"22\"\n", "line 2: port"},
       }) {
    auto m = parse_manifest(c.text);
    ASSERT_FALSE(m) << c.text;
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(m.error().message.find(c.want), std::string::npos)
        << c.text << " -> " << m.error().message;
  }
  EXPECT_FALSE(parse_manifest(std::string(5000, '#')));
}

TEST(ExposureManifest, UndeclaredItemsBecomeFindingsAndWaiversApply) {
  bulwark::test::TempDir dir;
  const auto root = dir.path() / "rootfs";
  make_faulty_rootfs(root);
  write(root / "etc/init.d/S50dropbear", "#!/bin/sh\n/usr/sbin/dropbear -R -p 22\n", 0755);
  Options o;
  auto r = analyse(root.string(), o, test_clock());
  ASSERT_TRUE(r) << r.error().message;
  const auto suid_before = find(*r, "EXP.FS.SUID", Status::kFail);
  ASSERT_EQ(suid_before.size(), 1u);
  EXPECT_EQ(suid_before[0]->severity, Severity::kMedium);

  // Only dropbear is declared; busybox is not an allowed setuid file.
  auto m = parse_manifest(
      "[[service]]\nname = \"dropbear\"\n[[setuid]]\npath = \"/bin/su\"\nreason = \"x\"\n");
  ASSERT_TRUE(m) << m.error().message;
  auto undeclared = *r;
  apply_manifest(undeclared, *m, test_clock().now().value());
  auto suid = find(undeclared, "EXP.FS.SUID", Status::kFail);
  ASSERT_EQ(suid.size(), 1u);
  EXPECT_EQ(suid[0]->severity, Severity::kHigh);
  std::set<std::string> services;
  for (const auto* o : find(undeclared, "EXP.SVC.INVENTORY", Status::kFail)) {
    EXPECT_EQ(o->severity, Severity::kHigh);
    for (const auto& [k, v] : o->evidence)
      if (k == "service") services.insert(v);
  }
  EXPECT_TRUE(services.count("telnetd")) << "telnetd started by inittab is undeclared";
  EXPECT_TRUE(services.count("httpd"));
  EXPECT_FALSE(services.count("dropbear"));  // declared
  EXPECT_EQ(find(undeclared, "EXP.SVC.INVENTORY", Status::kIndeterminate).size(), 1u);
  EXPECT_FALSE(undeclared.manifest.empty());

  // Declared setuid busybox passes; waivers: one valid, one expired, one unused.
  auto m2 = parse_manifest(
      "[[service]]\nname = \"dropbear\"\n[[service]]\nname = \"telnetd\"\n[[service]]\nname = "
      "\"httpd\"\n[[setuid]]\npath = \"/bin/busybox\"\nreason = \"su applet\"\n"
      "[[waiver]]\ncheck = \"EXP.SVC.TELNET\"\npath = \"/etc/inittab\"\nreason = \"lab image\"\n"
      "expires = \"2026-12-01\"\n"
      "[[waiver]]\ncheck = \"EXP.SEC.CERT\"\nreason = \"old\"\nexpires = \"2026-11-30\"\n"
      "[[waiver]]\ncheck = \"EXP.BIN.NX\"\nreason = \"none\"\nexpires = \"2030-01-01\"\n");
  ASSERT_TRUE(m2) << m2.error().message;
  auto declared = *r;
  apply_manifest(declared, *m2, test_clock().now().value());
  EXPECT_TRUE(find(declared, "EXP.FS.SUID", Status::kFail).empty());
  EXPECT_EQ(find(declared, "EXP.FS.SUID", Status::kPass).size(), 1u);
  EXPECT_TRUE(find(declared, "EXP.SVC.INVENTORY", Status::kFail).empty());
  EXPECT_EQ(find(declared, "EXP.SVC.INVENTORY", Status::kPass).size(), 1u);
  auto telnet = find(declared, "EXP.SVC.TELNET", Status::kFail);
  ASSERT_FALSE(telnet.empty());
  ASSERT_TRUE(telnet[0]->waiver);  // valid through its expiry day
  EXPECT_EQ(telnet[0]->waiver->reason, "lab image");
  auto cert = find(declared, "EXP.SEC.CERT", Status::kFail);
  ASSERT_FALSE(cert.empty());
  EXPECT_FALSE(cert[0]->waiver);  // expired the day before
  EXPECT_EQ(declared.summary.waived, 1u);
  std::string notes;
  for (const auto& n : declared.notes) notes += n + "\n";
  EXPECT_NE(notes.find("EXP.SEC.CERT expired on 2026-11-30"), std::string::npos) << notes;
  EXPECT_NE(notes.find("EXP.BIN.NX matches no fail"), std::string::npos) << notes;
  // The waived fail stays in every output and no longer trips the gate on its own.
  auto json = to_json(declared);
  EXPECT_NE(json.find("\"waiver\""), std::string::npos);
  auto back = from_json(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->summary.waived, 1u);
  EXPECT_EQ(back->manifest, declared.manifest);
  EXPECT_NE(to_sarif(declared).find("\"suppressions\""), std::string::npos);
  EXPECT_NE(to_table(declared, false).find("fail (waived)"), std::string::npos);
  Report only_telnet = declared;
  std::erase_if(only_telnet.observations, [](const Observation& o) {
    return o.status == Status::kFail && o.check != "EXP.SVC.TELNET";
  });
  finish(only_telnet);
  EXPECT_FALSE(fails_at(only_telnet, Severity::kLow));
}

}  // namespace
}  // namespace bulwark::exposure::test
