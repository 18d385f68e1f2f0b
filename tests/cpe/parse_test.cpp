// CPE naming (NIST IR 7695): unbinding of formatted strings and URIs, binding back, errors.
// The examples are the spec's own (written here from its facts), plus the CSAF 2.1 CPE test
// strings from ../shared.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bulwark/cpe/cpe.hpp"
#include "shared.hpp"

namespace cpe = bulwark::cpe;
using cpe::Attr;
using cpe::AttrKind;

namespace {

cpe::Cpe must(std::string_view text) {
  auto r = cpe::parse(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : cpe::Cpe{};
}

Attr wild(std::string prefix, std::string value, std::string suffix) {
  return Attr{AttrKind::kValue, std::move(value), std::move(prefix), std::move(suffix)};
}

std::string error_of(std::string_view text) {
  auto r = cpe::parse(text);
  EXPECT_FALSE(r.has_value()) << text << " parsed but should not";
  return r ? std::string() : r.error().message;
}

std::vector<std::string> read_lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

}  // namespace

// IR 7695 6.2.3.3 / 6.2.2.3 examples (formatted string).
TEST(CpeParseFs, SpecExampleBeta) {
  auto c = must("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
  EXPECT_EQ(c.part, 'a');
  EXPECT_EQ(c.vendor, Attr::literal("microsoft"));
  EXPECT_EQ(c.product, Attr::literal("internet_explorer"));
  EXPECT_EQ(c.version, Attr::literal("8.0.6001"));
  EXPECT_EQ(c.update, Attr::literal("beta"));
  for (auto* a : {&c.edition, &c.language, &c.sw_edition, &c.target_sw, &c.target_hw, &c.other})
    EXPECT_EQ(a->kind, AttrKind::kAny);
}

TEST(CpeParseFs, SpecExampleWildcards) {
  auto c = must("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*");
  EXPECT_EQ(c.version, wild("", "8.", "*"));
  EXPECT_EQ(c.update, wild("", "sp", "?"));
  EXPECT_EQ(cpe::to_fs(c), "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*");
  EXPECT_EQ(cpe::to_uri(c), "cpe:/a:microsoft:internet_explorer:8.%02:sp%01");
}

TEST(CpeParseFs, SpecExampleNaAndExtendedAttributes) {
  auto c = must("cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*");
  EXPECT_EQ(c.update.kind, AttrKind::kNa);
  EXPECT_EQ(c.edition.kind, AttrKind::kAny);
  EXPECT_EQ(c.sw_edition, Attr::literal("online"));
  EXPECT_EQ(c.target_sw, Attr::literal("win2003"));
  EXPECT_EQ(c.target_hw, Attr::literal("x64"));
  EXPECT_EQ(cpe::to_uri(c), "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~");
}

TEST(CpeParseFs, SpecExampleTargetSwOnly) {
  auto c = must("cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*");
  EXPECT_EQ(c.target_sw, Attr::literal("linux"));
  EXPECT_EQ(cpe::to_uri(c), "cpe:/a:hp:openview_network_manager:7.51::~~~linux~~");
}

TEST(CpeParseFs, SpecExampleQuotedCharacters) {
  auto c = must("cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*");
  EXPECT_EQ(c.vendor.value, "foo\\bar");
  EXPECT_EQ(c.product.value, "big$money_2010");
  EXPECT_EQ(c.sw_edition.value, "special");
  EXPECT_EQ(c.target_hw.value, "80gb");
  EXPECT_EQ(cpe::to_fs(c),
            "cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*");
  EXPECT_EQ(cpe::to_uri(c), "cpe:/a:foo%5cbar:big%24money_2010:::~~special~ipod_touch~80gb~");
}

TEST(CpeParseFs, QuotedQuestionMarkIsLiteral) {
  auto c = must("cpe:2.3:a:micr\\?osoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
  EXPECT_EQ(c.vendor, Attr::literal("micr?osoft"));
  EXPECT_FALSE(c.vendor.has_wildcards());
}

TEST(CpeParseFs, UpperCaseIsLowered) {
  auto c = must("CPE:2.3:A:Adobe:*:9.*:*:PalmOS:*:*:*:*:*");
  EXPECT_EQ(c.part, 'a');
  EXPECT_EQ(c.vendor.value, "adobe");
  EXPECT_EQ(c.edition.value, "palmos");
  EXPECT_EQ(c.product.kind, AttrKind::kAny);
}

TEST(CpeParseFs, PartAnyAndNa) {
  EXPECT_EQ(must("cpe:2.3:*:a:b:*:*:*:*:*:*:*:*").part, '*');
  EXPECT_EQ(must("cpe:2.3:-:a:b:*:*:*:*:*:*:*:*").part, '-');
}

TEST(CpeParseFs, LanguageTag) {
  EXPECT_EQ(must("cpe:2.3:a:v:p:1:*:*:de-DE:*:*:*:*").language.value, "de-de");
  EXPECT_EQ(must("cpe:2.3:a:v:p:1:*:*:es-419:*:*:*:*").language.value, "es-419");
  std::string e = error_of("cpe:2.3:a:v:p:1:*:*:english:*:*:*:*");
  EXPECT_NE(e.find("language"), std::string::npos) << e;
}

// IR 7695 6.1.3.3 examples (URI unbinding).
TEST(CpeParseUri, SpecExamples) {
  auto a = must("cpe:/a:microsoft:internet_explorer:8.0.6001:beta");
  EXPECT_EQ(a.version, Attr::literal("8.0.6001"));
  EXPECT_EQ(a.update, Attr::literal("beta"));
  EXPECT_EQ(a.edition.kind, AttrKind::kAny);

  auto b = must("cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f");  // literal * and ?
  EXPECT_EQ(b.version, Attr::literal("8.*"));
  EXPECT_EQ(b.update, Attr::literal("sp?"));
  EXPECT_EQ(cpe::to_fs(b), "cpe:2.3:a:microsoft:internet_explorer:8.\\*:sp\\?:*:*:*:*:*:*");

  auto c = must("cpe:/a:microsoft:internet_explorer:8.%02:sp%01");  // wildcards
  EXPECT_EQ(c.version, wild("", "8.", "*"));
  EXPECT_EQ(c.update, wild("", "sp", "?"));

  auto d = must("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~");
  EXPECT_EQ(d.update.kind, AttrKind::kAny);
  EXPECT_EQ(d.edition.kind, AttrKind::kAny);
  EXPECT_EQ(d.sw_edition, Attr::literal("online"));
  EXPECT_EQ(d.target_sw, Attr::literal("win2003"));
  EXPECT_EQ(d.target_hw, Attr::literal("x64"));
  EXPECT_EQ(d.other.kind, AttrKind::kAny);

  auto e = must("cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~");
  EXPECT_EQ(e.update.kind, AttrKind::kNa);
  EXPECT_EQ(e.target_sw, Attr::literal("linux"));

  auto f = must("cpe:/a:foo~bar:big%7emoney_2010");
  EXPECT_EQ(f.vendor, Attr::literal("foo~bar"));
  EXPECT_EQ(f.product, Attr::literal("big~money_2010"));
  EXPECT_EQ(cpe::to_uri(f), "cpe:/a:foo%7ebar:big%7emoney_2010");
}

TEST(CpeParseUri, SpecErrorExamples) {
  std::string e1 = error_of("cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~");
  EXPECT_NE(e1.find("product"), std::string::npos) << e1;
  EXPECT_NE(e1.find("%07"), std::string::npos) << e1;
  std::string e2 = error_of("cpe:/a:foo:bar:12.%02.1234");
  EXPECT_NE(e2.find("version"), std::string::npos) << e2;
}

TEST(CpeParseUri, EditionAndLanguage) {
  auto c = must("cpe:/o:redhat:rhel_aus:7.6::server");
  EXPECT_EQ(c.part, 'o');
  EXPECT_EQ(c.edition, Attr::literal("server"));
  auto d = must("cpe:/a::Reader:9.3.2:-:-");
  EXPECT_EQ(d.vendor.kind, AttrKind::kAny);
  EXPECT_EQ(d.product.value, "reader");
  EXPECT_EQ(d.edition.kind, AttrKind::kNa);
  auto l = must("cpe:/a:v:p:1:::en-us");
  EXPECT_EQ(l.language.value, "en-us");
  EXPECT_EQ(must("cpe:/").part, '*');
  EXPECT_EQ(cpe::to_uri(must("cpe:/")), "cpe:/");
}

TEST(CpeParse, ErrorsNameTheAttribute) {
  struct Case {
    const char* text;
    const char* needle;
  };
  const Case cases[] = {
      {"cpe:2.3:a:ac@me:p:1:*:*:*:*:*:*:*", "vendor: character '@' must be quoted"},
      {"cpe:2.3:a:v:p:1*0:*:*:*:*:*:*:*",
       "version: wildcards are allowed only at the start or end"},
      {"cpe:2.3:a:v:p:1:*:*:*:*:*:*", "exactly 11"},
      {"cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:*", "exactly 11"},
      {"cpe:2.3:x:v:p:1:*:*:*:*:*:*:*", "part"},
      {"cpe:2.3:a::p:1:*:*:*:*:*:*:*", "vendor: empty value"},
      {"cpe:2.3:a:v:p:1:*:*:*:*:*:*:ab\\", "other: value ends with a lone backslash"},
      {"cpe:2.3:a:v:p:1:*:*:*:*:*:*:\\a", "other: '\\' must quote a punctuation character"},
      {"cpe:2.3:a:v:???:1:*:*:*:*:*:*:*", "product: wildcards without a value"},
      {"cpe:2.3:a:v:p:**:*:*:*:*:*:*:*", "version: wildcard '*' cannot follow"},
      {"cpe:2.3:a:v:p:1:*:*:*:*:*:*:x\x01", "other: byte 0x01"},
      {"cpe:/a:v:p:1:2:3:en:extra", "at most 7"},
      {"cpe:/a:v:p:1:2:~a~b~c", "edition: a packed edition needs five"},
      {"cpe:/a:v:p!:1", "product: character '!' must be percent-encoded"},
      {"cpe:/a:v:p%4:1", "product: bad percent-escape"},
      {"cpe:/x:v:p", "part"},
      {"pkg:npm/foo@1", "not a CPE name"},
  };
  for (const auto& c : cases) {
    std::string e = error_of(c.text);
    EXPECT_NE(e.find(c.needle), std::string::npos) << c.text << " -> " << e;
  }
}

TEST(CpeBind, CanonicalQuotingRoundTrips) {
  // Over-quoted input is accepted and written canonically.
  auto c = must("cpe:2.3:a:v:p\\.q:1\\-2:*:*:*:*:*:*:*");
  EXPECT_EQ(cpe::to_fs(c), "cpe:2.3:a:v:p.q:1-2:*:*:*:*:*:*:*");
  // A value that is exactly "-" keeps its quoting in both bindings.
  auto h = must("cpe:2.3:a:v:\\-:*:*:*:*:*:*:*:*");
  EXPECT_EQ(h.product, Attr::literal("-"));
  EXPECT_EQ(cpe::to_fs(h), "cpe:2.3:a:v:\\-:*:*:*:*:*:*:*:*");
  EXPECT_EQ(cpe::to_uri(h), "cpe:/a:v:%2d");
  EXPECT_EQ(must(cpe::to_uri(h)), h);
  const char* samples[] = {
      "cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*",
      "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
      "cpe:2.3:o:linux:linux_kernel:5.10.190:*:*:*:*:*:*:*",
      "cpe:2.3:a:???\\@\\\"???:*:*:*:*:de:*:*:*:*",
      "cpe:2.3:h:v:p:*:-:-:en:-:-:-:-",
      "cpe:2.3:a:*vendor:prod???:1\\:2:*:*:*:*:*:*:*",
  };
  for (const char* s : samples) {
    auto a = must(s);
    EXPECT_EQ(cpe::to_fs(a), s);
    EXPECT_EQ(must(cpe::to_uri(a)), a) << cpe::to_uri(a);
  }
}

// CSAF 2.1 test strings: every valid one parses and round-trips, every invalid one fails.
TEST(CpeCorpus, CsafValidAndInvalid) {
  BULWARK_REQUIRE_SHARED(dir, "corpora/csaf/csaf_2.1/test/cpe/data");
  auto valid = read_lines(dir / "valid/cpe.txt");
  auto invalid = read_lines(dir / "invalid/cpe.txt");
  for (const auto& s : valid) {
    auto c = cpe::parse(s);
    ASSERT_TRUE(c.has_value()) << s << ": " << c.error().message;
    EXPECT_EQ(must(cpe::to_fs(*c)), *c) << s;
    EXPECT_EQ(must(cpe::to_uri(*c)), *c) << s;
  }
  for (const auto& s : invalid) EXPECT_FALSE(cpe::parse(s).has_value()) << s;
  RecordProperty("csaf_valid", static_cast<int>(valid.size()));
  RecordProperty("csaf_invalid", static_cast<int>(invalid.size()));
  std::printf("csaf cpe: %zu valid, %zu invalid\n", valid.size(), invalid.size());
  EXPECT_GE(valid.size(), 10u);
  EXPECT_GE(invalid.size(), 9u);
}
