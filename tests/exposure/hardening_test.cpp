// Labelled binaries built by the test with gcc: Bulwark's verdict must equal the label on every
// property. checksec and hardening-check, when installed, are run for the record only (their
// disagreements with the label are printed, never asserted).
#include <gtest/gtest.h>

#include <map>

#include "fixtures.hpp"

namespace bulwark::exposure::test {
namespace {

using S = Status;
constexpr S P = S::kPass, F = S::kFail, NA = S::kNotApplicable, IND = S::kIndeterminate;

struct Labelled {
  std::string name;
  std::string flags;
  std::map<std::string, S> label;  // check id suffix -> expected status
  bool network = false;
  // The CFI label of a linked executable: the linker marks IBT/SHSTK only when every input object,
  // the C library's start files included, is marked (Debian 12's are not). The label is then what
  // the linker wrote, read with binutils' readelf.
  bool cfi_from_linker = false;
};

// Every variant states every hardening flag explicitly (no reliance on distribution defaults).
const std::string kBase =
    "-O2 -fno-stack-protector -U_FORTIFY_SOURCE -fcf-protection=none -Wl,-z,noexecstack ";

std::vector<Labelled> variants() {
  return {
      {"hardened",
       "-O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro,-z,now "
       "-fcf-protection=full -Wl,-z,noexecstack",
       {{"NX", P},
        {"PIE", P},
        {"RELRO", P},
        {"CANARY", P},
        {"FORTIFY", P},
        {"RPATH", P},
        {"DEBUGINFO", F},
        {"TEXTREL", P},
        {"UNSAFEFN", P},
        {"STACKCLASH", IND}},
       false,
       true},
      {"hardened-stripped",
       "-O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro,-z,now "
       "-fcf-protection=full -Wl,-z,noexecstack -s",
       {{"NX", P}, {"PIE", P}, {"RELRO", P}, {"CANARY", P}, {"FORTIFY", P}, {"DEBUGINFO", P}},
       false,
       true},
      {"weak",
       "-O0 -fno-stack-protector -U_FORTIFY_SOURCE -fno-pie -no-pie -Wl,-z,norelro "
       "-fcf-protection=none -Wl,-z,execstack",
       {{"NX", F},
        {"PIE", F},
        {"RELRO", F},
        {"CANARY", F},
        {"FORTIFY", F},
        {"CFI", F},
        {"UNSAFEFN", F},
        {"DEBUGINFO", F}}},
      {"partial-relro",
       kBase + "-fPIE -pie -Wl,-z,relro,-z,lazy",
       {{"RELRO", F}, {"PIE", P}, {"NX", P}, {"CANARY", F}}},
      {"canary-only",
       kBase + "-fstack-protector-strong -fPIE -pie",
       {{"CANARY", P}, {"FORTIFY", F}}},
      {"fortify-only", kBase + "-D_FORTIFY_SOURCE=2 -fPIE -pie", {{"CANARY", F}, {"FORTIFY", P}}},
      {"cet-exe", kBase + "-fcf-protection=full -fPIE -pie", {}, false, true},
      // Only our own object: the marking survives the link.
      {"cet-lib",
       kBase + "-fcf-protection=full -fPIC -shared -nostdlib",
       {{"CFI", P}, {"PIE", NA}}},
      {"static",
       kBase + "-static -fstack-protector-strong",
       {{"PIE", F}, {"RELRO", NA}, {"CANARY", IND}, {"NX", P}}},
      {"static-nossp", kBase + "-static", {{"PIE", F}, {"RELRO", NA}, {"CANARY", IND}}},
      {"static-fortify", kBase + "-static -D_FORTIFY_SOURCE=2", {{"FORTIFY", P}}},
      {"static-pie",
       kBase + "-fPIE -static-pie -Wl,-z,relro,-z,now",
       {{"PIE", P}, {"RELRO", P}, {"CANARY", IND}}},
      {"rpath-buildhost",
       kBase + "-fPIE -pie -Wl,--disable-new-dtags -Wl,-rpath,/tmp/buildhost/lib",
       {{"RPATH", F}}},
      {"runpath-origin",
       kBase + "-fPIE -pie -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib'",
       {{"RPATH", P}}},
      {"runpath-relative",
       kBase + "-fPIE -pie -Wl,--enable-new-dtags -Wl,-rpath,lib",
       {{"RPATH", F}}},
      {"shared-lib", kBase + "-fPIC -shared", {{"PIE", NA}}},
      {"network-nopie", kBase + "-fno-pie -no-pie", {{"PIE", F}}, true},
  };
}

std::string verdict(const Report& r, const std::string& check) {
  for (const auto& o : r.observations)
    if (o.check == check) return std::string(to_string(o.status));
  return "(none)";
}

const Observation* obs(const Report& r, const std::string& check) {
  for (const auto& o : r.observations)
    if (o.check == check) return &o;
  return nullptr;
}

// checksec 2.6.0 CSV: RELRO,STACK
// CANARY,NX,PIE,RPATH,RUNPATH,Symbols,FORTIFY,Fortified,Fortifiable,File mapped onto our statuses
// (for the record only).
std::map<std::string, std::string> checksec_verdicts(const std::string& csv) {
  std::vector<std::string> f;
  std::string cur;
  for (char c : csv) {
    if (c == ',' || c == '\n')
      f.push_back(cur), cur.clear();
    else
      cur += c;
  }
  if (f.size() < 8) return {};
  return {{"RELRO", f[0] == "Full RELRO" ? "pass" : "fail"},
          {"CANARY", f[1] == "Canary found" ? "pass" : "fail"},
          {"NX", f[2] == "NX enabled" ? "pass" : "fail"},
          {"PIE", f[3] == "PIE enabled" ? "pass"
                  : f[3] == "DSO"       ? "not_applicable"
                                        : "fail"},
          {"FORTIFY", f[7] == "Yes" ? "pass" : "fail"}};
}

TEST(ExposureHardening, LabelledBinariesMatchEveryProperty) {
  if (!have("gcc")) GTEST_SKIP() << "gcc is not installed";
  bulwark::test::TempDir dir;
  const bool checksec = have("checksec"), hardening_check = have("hardening-check");
  std::size_t compared = 0, built = 0, disagreements = 0;
  std::printf("%-18s %-10s %-16s %-16s\n", "binary", "property", "label", "bulwark");
  for (const auto& v : variants()) {
    std::string why;
    auto bin = build_c(dir.path(), v.name, v.flags, &why, v.network);
    if (!bin) {
      // static glibc may be missing (libc6-dev ships it on Debian): only static variants may skip.
      ASSERT_NE(v.flags.find("static"), std::string::npos) << v.name << " did not build: " << why;
      std::printf("%-18s (not built: %s)\n", v.name.c_str(), "static libc unavailable");
      continue;
    }
    ++built;
    auto r = analyse(bin->string(), Options{}, test_clock());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->target_kind, "elf");
    auto label = v.label;
    if (v.cfi_from_linker) {
      auto notes = bulwark::test::run("readelf -n " + bulwark::test::shell_quote(*bin));
      label["CFI"] = notes.out.find("IBT, SHSTK") != std::string::npos ? P : F;
    }
    for (const auto& [prop, expected] : label) {
      std::string got = verdict(*r, "EXP.BIN." + prop);
      std::printf("%-18s %-10s %-16s %-16s%s\n", v.name.c_str(), prop.c_str(),
                  std::string(to_string(expected)).c_str(), got.c_str(),
                  got == to_string(expected) ? "" : "  <-- MISMATCH");
      EXPECT_EQ(got, to_string(expected)) << v.name << " " << prop;
      ++compared;
    }
    if (checksec) {
      auto c =
          bulwark::test::run("checksec --output=csv --file=" + bulwark::test::shell_quote(*bin));
      for (const auto& [prop, theirs] : checksec_verdicts(c.out)) {
        auto it = label.find(prop);
        if (it != label.end() && to_string(it->second) != theirs) {
          std::printf("  checksec disagrees: %-18s %-8s label %-15s checksec %s\n", v.name.c_str(),
                      prop.c_str(), std::string(to_string(it->second)).c_str(), theirs.c_str());
          ++disagreements;
        }
      }
    }
    if (hardening_check) {
      auto c = bulwark::test::run("hardening-check " + bulwark::test::shell_quote(*bin));
      std::printf("  hardening-check: %s", c.out.c_str());
    }
  }
  if (checksec)
    std::printf("checksec disagreed with the label %zu time(s) (recorded, not asserted)\n",
                disagreements);
  EXPECT_GE(built, 12u);
  EXPECT_GE(compared, 40u);
}

TEST(ExposureHardening, NetworkFacingBinaryRaisesSeverity) {
  if (!have("gcc")) GTEST_SKIP() << "gcc is not installed";
  bulwark::test::TempDir dir;
  auto plain = build_c(dir.path(), "plain", kBase + "-fno-pie -no-pie");
  auto net = build_c(dir.path(), "net", kBase + "-fno-pie -no-pie", nullptr, true);
  ASSERT_TRUE(plain && net);
  auto a = analyse(plain->string(), Options{}, test_clock());
  auto b = analyse(net->string(), Options{}, test_clock());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->summary.network_facing, 0u);
  EXPECT_EQ(b->summary.network_facing, 1u);
  const auto* pa = obs(*a, "EXP.BIN.PIE");
  const auto* pb = obs(*b, "EXP.BIN.PIE");
  ASSERT_TRUE(pa && pb);
  EXPECT_EQ(pa->severity, Severity::kMedium);
  EXPECT_EQ(pb->severity, Severity::kHigh);
}

TEST(ExposureHardening, RpathEvidenceNamesTheTagAndValue) {
  if (!have("gcc")) GTEST_SKIP() << "gcc is not installed";
  bulwark::test::TempDir dir;
  auto bin =
      build_c(dir.path(), "rp", kBase + "-Wl,--disable-new-dtags -Wl,-rpath,/tmp/buildhost/lib");
  ASSERT_TRUE(bin);
  auto r = analyse(bin->string(), Options{}, test_clock());
  ASSERT_TRUE(r);
  const auto* o = obs(*r, "EXP.BIN.RPATH");
  ASSERT_TRUE(o);
  bool found = false;
  for (const auto& [k, v] : o->evidence)
    found = found || (k == "RPATH" && v == "/tmp/buildhost/lib");
  EXPECT_TRUE(found);
}

TEST(ExposureHardening, MalformedElfIsANamedErrorNotACrash) {
  bulwark::test::TempDir dir;
  std::string header =
      "\x7f"
      "ELF";
  header += std::string("\x02\x01\x01", 3) + std::string(57, '\0');
  header[16] = 2;                              // ET_EXEC
  header[32] = char(0xff), header[33] = 0x7f;  // program headers far outside the file
  header[56] = 3;                              // three of them
  header[54] = 56;
  write(dir.path() / "bad", header, 0755);
  auto r = analyse((dir.path() / "bad").string(), Options{}, test_clock());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("program headers"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace bulwark::exposure::test
