// Component -> OSV package key: ecosystem, name normalisation, distro release, source package.
#include <gtest/gtest.h>

#include "bulwark/match/matcher.hpp"

namespace bulwark::match {
namespace {

Component with_purl(std::string purl) {
  Component c;
  c.name = "x";
  c.purl = std::move(purl);
  return c;
}

TEST(Resolve, LanguageEcosystems) {
  auto r = resolve(with_purl("pkg:pypi/Django_Rest.Framework@3.14.0"));
  ASSERT_TRUE(r.key) << r.reason;
  EXPECT_EQ(r.key->ecosystem_base, "PyPI");
  EXPECT_EQ(r.key->name, "django-rest-framework");  // PEP 503
  EXPECT_EQ(r.key->version, "3.14.0");

  r = resolve(with_purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->ecosystem_base, "Maven");
  EXPECT_EQ(r.key->name, "org.apache.logging.log4j:log4j-core");

  r = resolve(with_purl("pkg:npm/%40angular/core@15.0.0"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->name, "@angular/core");

  r = resolve(with_purl("pkg:golang/github.com/gin-gonic/gin@v1.9.0"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->ecosystem_base, "Go");
  EXPECT_EQ(r.key->name, "github.com/gin-gonic/gin");

  r = resolve(with_purl("pkg:golang/stdlib@1.20.1"));  // bends the golang type rules; still matched
  ASSERT_TRUE(r.key) << r.reason;
  EXPECT_EQ(r.key->name, "stdlib");

  r = resolve(with_purl("pkg:nuget/Newtonsoft.Json@12.0.3"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->ecosystem_base, "NuGet");
  EXPECT_EQ(r.key->name, "newtonsoft.json");
}

TEST(Resolve, DebianUsesSourcePackageAndRelease) {
  auto r = resolve(with_purl(
      "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.4&upstream=openssl"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->ecosystem_base, "Debian");
  EXPECT_EQ(r.key->release, "12");
  EXPECT_EQ(r.key->name, "openssl");
  EXPECT_NE(r.key->matched_by.find("upstream"), std::string::npos);

  Component c = with_purl("pkg:deb/debian/libc6@2.36-9?distro=bookworm");
  c.source_name = "glibc";
  c.source_version = "2.36-9+deb12u1";
  r = resolve(c);
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->name, "glibc");
  EXPECT_EQ(r.key->version, "2.36-9+deb12u1");
  EXPECT_EQ(r.key->release, "12");

  r = resolve(with_purl("pkg:deb/debian/bash@5.2.15-2"), "debian-11.8");
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->release, "11");
  EXPECT_NE(r.key->matched_by.find("binary package name"), std::string::npos);
}

TEST(Resolve, AlpineAndUbuntuReleases) {
  auto r = resolve(with_purl("pkg:apk/alpine/zlib@1.2.12-r1?distro=alpine-3.16.2"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->ecosystem_base, "Alpine");
  EXPECT_EQ(r.key->release, "v3.16");
  r = resolve(with_purl("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.14?distro=ubuntu-22.04"));
  ASSERT_TRUE(r.key);
  EXPECT_EQ(r.key->ecosystem_base, "Ubuntu");
  EXPECT_EQ(r.key->release, "22.04");
}

TEST(Resolve, ReasonsWhenNotResolvable) {
  Component none;
  none.name = "blob";
  EXPECT_EQ(resolve(none).reason, "no package URL");
  none.cpes.push_back("cpe:2.3:a:acme:blob:1:*:*:*:*:*:*:*");
  EXPECT_NE(resolve(none).reason.find("CPE"), std::string::npos);
  EXPECT_NE(resolve(with_purl("pkg:generic/foo@1.0")).reason.find("generic"), std::string::npos);
  EXPECT_NE(resolve(with_purl("not a purl")).reason.find("invalid package URL"), std::string::npos);
  EXPECT_EQ(resolve(with_purl("pkg:npm/left-pad")).reason, "no version");
}

}  // namespace
}  // namespace bulwark::match
