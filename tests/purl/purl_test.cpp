// Unit tests of our own for the purl parser/formatter: the tricky corners of encoding,
// qualifiers, subpaths and the per-type rules, plus the three modes.
#include <gtest/gtest.h>

#include <string>

#include "bulwark/purl/purl.hpp"

namespace bulwark::purl {
namespace {

// Canonical form of text, or "ERROR: <message>".
std::string canon(std::string_view text, Mode mode = Mode::kLenient) {
  auto p = parse(text, mode);
  return p ? to_string(*p) : "ERROR: " + p.error().message;
}

bool fails(std::string_view text, Mode mode = Mode::kLenient) {
  return !parse(text, mode).has_value();
}

Purl must_parse(std::string_view text) {
  auto p = parse(text);
  EXPECT_TRUE(p.has_value()) << text << ": " << (p ? "" : p.error().message);
  return p ? *p : Purl{};
}

TEST(PurlEncoding, AtHashQuestionSpaceArePercentEncoded) {
  Purl p{"generic", "", "a@b#c?d e", "1.0@x#y?z w", {{"k", "v@#? "}}, "s p/a#b"};
  EXPECT_EQ(to_string(p),
            "pkg:generic/a%40b%23c%3Fd%20e@1.0%40x%23y%3Fz%20w?k=v%40%23%3F%20#s%20p/a%23b");
  auto back = must_parse(to_string(p));
  EXPECT_EQ(back.name, "a@b#c?d e");
  EXPECT_EQ(back.version, "1.0@x#y?z w");
  EXPECT_EQ(back.qualifier("k"), "v@#? ");
  EXPECT_EQ(back.subpath, "s p/a#b");
}

TEST(PurlEncoding, ColonAndUnreservedStayLiteral) {
  EXPECT_EQ(canon("pkg:docker/customer/img@sha256%3Aabc?repository_url=gcr.io"),
            "pkg:docker/customer/img@sha256:abc?repository_url=gcr.io");
  EXPECT_EQ(canon("pkg:deb/debian/x@1.0~rc1-1_a.b"), "pkg:deb/debian/x@1.0~rc1-1_a.b");
  EXPECT_EQ(canon("pkg:generic/x?download_url=https://e.org/a/b"),
            "pkg:generic/x?download_url=https:%2F%2Fe.org%2Fa%2Fb");
}

TEST(PurlEncoding, PlusIsLiteralAndEncodedAsPercent2B) {
  auto p = must_parse("pkg:deb/debian/attr@1:2.4.47-2+b1");
  EXPECT_EQ(p.version, "1:2.4.47-2+b1");  // '+' is not a space
  EXPECT_EQ(to_string(p), "pkg:deb/debian/attr@1:2.4.47-2%2Bb1");
  EXPECT_EQ(must_parse("pkg:deb/debian/attr@1:2.4.47-2%2Bb1").version, "1:2.4.47-2+b1");
  EXPECT_EQ(canon("pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib"),
            "pkg:cocoapods/GoogleUtilities@7.5.2#NSData%2Bzlib");
}

TEST(PurlEncoding, LowerCaseHexEscapesDecodeAndReencodeUpperCase) {
  EXPECT_EQ(canon("pkg:npm/%40angular/core@1.0.0%2bmeta"), "pkg:npm/%40angular/core@1.0.0%2Bmeta");
}

TEST(PurlEncoding, MalformedEscapeNamesTheComponent) {
  auto p = parse("pkg:npm/foo@1.0%G1");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(p.error().message.find("version"), std::string::npos) << p.error().message;
  EXPECT_TRUE(fails("pkg:npm/foo%4"));
  EXPECT_TRUE(fails("pkg:npm/foo?a=%"));
}

TEST(PurlEncoding, NonUtf8BytesRoundTrip) {
  auto p = must_parse("pkg:generic/caf%C3%A9%FF");
  EXPECT_EQ(p.name, "caf\xC3\xA9\xFF");
  EXPECT_EQ(to_string(p), "pkg:generic/caf%C3%A9%FF");
}

TEST(PurlQualifiers, KeysLowerCasedAndSorted) {
  auto p = must_parse("pkg:rpm/fedora/curl@7.50.3?Distro=fedora-25&Arch=i386&epoch=1");
  ASSERT_EQ(p.qualifiers.size(), 3u);
  EXPECT_EQ(p.qualifiers[0].first, "arch");
  EXPECT_EQ(p.qualifiers[1].first, "distro");
  EXPECT_EQ(p.qualifiers[2].first, "epoch");
  EXPECT_EQ(to_string(p), "pkg:rpm/fedora/curl@7.50.3?arch=i386&distro=fedora-25&epoch=1");
}

TEST(PurlQualifiers, StrictModeRejectsUpperCaseKeys) {
  auto p = parse("pkg:gem/jruby-launcher@1.1.2?Platform=java", Mode::kStrict);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("'Platform'"), std::string::npos) << p.error().message;
  EXPECT_EQ(canon("pkg:gem/jruby-launcher@1.1.2?platform=java", Mode::kStrict),
            "pkg:gem/jruby-launcher@1.1.2?platform=java");
}

TEST(PurlQualifiers, EmptyValuesAndEmptyPairsAreDropped) {
  EXPECT_EQ(canon("pkg:npm/foo@1?b=&a=1&&c"), "pkg:npm/foo@1?a=1");
  EXPECT_EQ(canon("pkg:npm/foo@1?b=&c="), "pkg:npm/foo@1");
  EXPECT_EQ(canon("pkg:npm/foo@1?"), "pkg:npm/foo@1");
  Purl built{"npm", "", "foo", "1", {{"z", ""}, {"a", "x"}}, ""};
  auto b = build(built);
  ASSERT_TRUE(b);
  EXPECT_EQ(to_string(*b), "pkg:npm/foo@1?a=x");
}

TEST(PurlQualifiers, InvalidAndDuplicateKeysAreErrors) {
  EXPECT_TRUE(fails("pkg:npm/foo@1?in%20production=true"));
  EXPECT_TRUE(fails("pkg:npm/foo@1?1abc=x"));
  EXPECT_TRUE(fails("pkg:npm/foo@1?=x"));
  auto dup = parse("pkg:npm/foo@1?a=1&A=2");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("'a' appears more than once"), std::string::npos)
      << dup.error().message;
  EXPECT_EQ(canon("pkg:npm/foo@1?a.b-c_d=1"), "pkg:npm/foo@1?a.b-c_d=1");
}

TEST(PurlQualifiers, ChecksumListIsLowerCasedAndCommaEncoded) {
  auto p = must_parse("pkg:generic/openssl@1.1.10g?checksum=SHA1:AD9503,sha256:41BF");
  EXPECT_EQ(p.qualifier("checksum"), "sha1:ad9503,sha256:41bf");
  EXPECT_EQ(to_string(p), "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503%2Csha256:41bf");
  EXPECT_EQ(must_parse(to_string(p)).qualifier("checksum"), "sha1:ad9503,sha256:41bf");
}

TEST(PurlQualifiers, AccessorReturnsEmptyWhenAbsent) {
  auto p = must_parse("pkg:maven/g/a@1?type=pom");
  EXPECT_EQ(p.qualifier("type"), "pom");
  EXPECT_EQ(p.qualifier("classifier"), "");
}

TEST(PurlSubpath, DotSegmentsAndSlashesAreRemoved) {
  EXPECT_EQ(canon("pkg:golang/google.golang.org/genproto#/googleapis/./api/../annotations/"),
            "pkg:golang/google.golang.org/genproto#googleapis/api/annotations");
  EXPECT_EQ(canon("pkg:golang/google.golang.org/genproto@abc#googleapis/%2E%2E/x//y"),
            "pkg:golang/google.golang.org/genproto@abc#googleapis/x/y");
  EXPECT_EQ(canon("pkg:golang/google.golang.org/genproto#/./../"),
            "pkg:golang/google.golang.org/genproto");
  EXPECT_TRUE(fails("pkg:golang/google.golang.org/genproto#a%2Fb"));
}

TEST(PurlNamespace, EmptySegmentsCollapseAndEncodedSlashIsAnError) {
  auto p = must_parse("pkg:golang/github.com//gorilla/context@v1");
  EXPECT_EQ(p.ns, "github.com/gorilla");
  EXPECT_EQ(p.name, "context");
  EXPECT_EQ(to_string(p), "pkg:golang/github.com/gorilla/context@v1");
  EXPECT_TRUE(fails("pkg:golang/github.com%2Fgorilla/context"));
}

TEST(PurlNamespace, LeadingSlashesAfterSchemeAndTrailingSlashesAreIgnored) {
  EXPECT_EQ(canon("pkg:///maven/org.apache.commons/io/"), "pkg:maven/org.apache.commons/io");
  EXPECT_EQ(canon("PKG:maven/org.apache.commons/io"), "pkg:maven/org.apache.commons/io");
}

TEST(PurlVersion, VersionIsAfterTheLastAtOfTheLastSegment) {
  auto p = must_parse("pkg:brew/node@20@20.10.0");
  EXPECT_EQ(p.name, "node@20");
  EXPECT_EQ(p.version, "20.10.0");
  EXPECT_EQ(to_string(p), "pkg:brew/node%4020@20.10.0");
  auto scoped = must_parse("pkg:npm/@babel/core");
  EXPECT_EQ(scoped.ns, "@babel");
  EXPECT_EQ(scoped.version, "");
  EXPECT_EQ(to_string(scoped), "pkg:npm/%40babel/core");
  auto enc = must_parse("pkg:generic/foo@1.0%40beta");
  EXPECT_EQ(enc.version, "1.0@beta");
  EXPECT_EQ(to_string(enc), "pkg:generic/foo@1.0%40beta");
  EXPECT_EQ(canon("pkg:generic/foo@"), "pkg:generic/foo");
}

TEST(PurlErrors, MessagesNameThePartAtFault) {
  struct Case {
    const char* input;
    const char* needle;
  } cases[] = {
      {"npm/foo@1", "'pkg:' scheme"},
      {"pkg:", "type is missing"},
      {"pkg:3nginx/nginx", "does not start with a letter"},
      {"pkg:n&g/nginx", "invalid character '&' in type"},
      {"pkg:nginx:a/nginx", "invalid character ':' in type"},
      {"pkg:maven/@1.3.4", "name is missing"},
      {"pkg:hackage", "name is missing"},
      {"pkg:swift/Alamofire@5.4.3", "namespace is required"},
      {"pkg:vcpkg/boost/asio@1.84.0", "namespace is not allowed"},
      {"pkg:julia/Dates", "qualifier 'uuid' is required"},
      {"pkg:swid/Fedora@29", "qualifier 'tag_id' is required"},
  };
  for (const auto& c : cases) {
    auto p = parse(c.input);
    ASSERT_FALSE(p) << c.input;
    EXPECT_NE(p.error().message.find(c.needle), std::string::npos)
        << c.input << " -> " << p.error().message;
  }
}

TEST(PurlTypes, MavenKeepsCase) {
  EXPECT_EQ(canon("pkg:Maven/HTTPClient/HTTPClient@0.3-3?Classifier=Sources"),
            "pkg:maven/HTTPClient/HTTPClient@0.3-3?classifier=Sources");
  EXPECT_TRUE(fails("pkg:maven/commons-io@2.0"));  // groupId required
}

TEST(PurlTypes, PypiLowerCasesAndDashesTheName) {
  auto p = must_parse("pkg:PYPI/Django_Package@1.11.1.DEV1");
  EXPECT_EQ(p.name, "django-package");
  EXPECT_EQ(p.version, "1.11.1.dev1");
  EXPECT_TRUE(fails("pkg:pypi/ns/django"));
}

TEST(PurlTypes, NpmScopeIsAlwaysEncodedAndCaseKept) {
  EXPECT_EQ(canon("pkg:npm/@Angular/Animation@12.3.1"), "pkg:npm/%40Angular/Animation@12.3.1");
}

TEST(PurlTypes, GolangKeepsCaseAndSubpath) {
  EXPECT_EQ(canon("pkg:golang/github.com/BurntSushi/toml@v1.3.2#internal"),
            "pkg:golang/github.com/BurntSushi/toml@v1.3.2#internal");
}

TEST(PurlTypes, DebRpmApkNamespaceFolding) {
  EXPECT_EQ(canon("pkg:deb/Debian/LibSSL3@3.0.11-1~deb12u2?arch=amd64"),
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64");
  EXPECT_EQ(canon("pkg:rpm/Fedora/NetworkManager@1.0"), "pkg:rpm/fedora/NetworkManager@1.0");
  EXPECT_EQ(canon("pkg:apk/Alpine/Busybox@1.36.1-r2?arch=x86_64"),
            "pkg:apk/alpine/busybox@1.36.1-r2?arch=x86_64");
}

TEST(PurlTypes, DockerAndOci) {
  EXPECT_EQ(canon("pkg:docker/library/Nginx@1.25"), "pkg:docker/library/Nginx@1.25");
  EXPECT_EQ(canon("pkg:oci/Debian@SHA256%3AABC?tag=latest"),
            "pkg:oci/debian@sha256:abc?tag=latest");
}

TEST(PurlTypes, SwiftNeedsNamespaceAndName) {
  EXPECT_EQ(canon("pkg:swift/github.com/Alamofire/Alamofire@5.4.3"),
            "pkg:swift/github.com/Alamofire/Alamofire@5.4.3");
  EXPECT_TRUE(fails("pkg:swift/github.com/Alamofire/@5.4.3"));
}

TEST(PurlTypes, ConanQualifiers) {
  EXPECT_EQ(canon("pkg:conan/openssl.org/openssl@3.0.3?user=bincrafters&channel=stable"),
            "pkg:conan/openssl.org/openssl@3.0.3?channel=stable&user=bincrafters");
}

TEST(PurlTypes, CranHackageCase) {
  EXPECT_EQ(canon("pkg:cran/rJava@1.0-4"), "pkg:cran/rJava@1.0-4");
  EXPECT_EQ(canon("pkg:hackage/AC-HalfInteger@1.2.1"), "pkg:hackage/AC-HalfInteger@1.2.1");
}

TEST(PurlTypes, HuggingfaceLowerCasesTheRevisionOnly) {
  EXPECT_EQ(canon("pkg:huggingface/EleutherAI/gpt-neo-1.3B@79717455AE"),
            "pkg:huggingface/EleutherAI/gpt-neo-1.3B@79717455ae");
}

TEST(PurlTypes, MlflowLowerCasesDatabricksModelsOnly) {
  EXPECT_EQ(canon("pkg:mlflow/CreditFraud@3?repository_url=https://adb-1.azuredatabricks.net/api"),
            "pkg:mlflow/creditfraud@3?repository_url=https:%2F%2Fadb-1.azuredatabricks.net%2Fapi");
  EXPECT_EQ(canon("pkg:mlflow/CreditFraud@3?repository_url=https://westus2.api.azureml.ms/x"),
            "pkg:mlflow/CreditFraud@3?repository_url=https:%2F%2Fwestus2.api.azureml.ms%2Fx");
}

TEST(PurlTypes, QpkgBitbucketGithubFolding) {
  EXPECT_EQ(canon("pkg:qpkg/BlackBerry/com.qnx.sdp@7.0.0.SGA"),
            "pkg:qpkg/blackberry/com.qnx.sdp@7.0.0.SGA");
  EXPECT_EQ(canon("pkg:bitbucket/birKenfeld/pyGments-main@244fd47"),
            "pkg:bitbucket/birkenfeld/pygments-main@244fd47");
  EXPECT_EQ(canon("pkg:github/Package-url/purl-Spec@244FD47"),
            "pkg:github/package-url/purl-spec@244FD47");
}

TEST(PurlTypes, GitNameIsTheRepositoryPath) {
  auto p = must_parse("pkg:git/codeberg.org/forgejo/forgejo@a72d2c0#options/locale");
  EXPECT_EQ(p.ns, "codeberg.org");
  EXPECT_EQ(p.name, "forgejo/forgejo");
  EXPECT_EQ(to_string(p), "pkg:git/codeberg.org/forgejo/forgejo@a72d2c0#options/locale");
  EXPECT_EQ(canon("pkg:git/github/Package-url/purl-Spec@244fd47"),
            "pkg:git/github/package-url/purl-spec@244fd47");
  EXPECT_EQ(canon("pkg:git/gitlab.gnome.org/GNOME/adwaita-fonts"),
            "pkg:git/gitlab.gnome.org/GNOME/adwaita-fonts");
}

TEST(PurlTypes, ChromeExtensionCpanPubCocoapods) {
  EXPECT_EQ(canon("pkg:chrome-extension/DLPNGALGNEFJEIEFHMPKLPFIOHADPGLK@6.0.2.3611"),
            "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@6.0.2.3611");
  EXPECT_TRUE(fails("pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1..2"));
  EXPECT_TRUE(fails("pkg:cpan/URI::PackageURL"));
  EXPECT_EQ(canon("pkg:cpan/drolsky/DateTime@1.55"), "pkg:cpan/DROLSKY/DateTime@1.55");
  EXPECT_EQ(canon("pkg:pub/Flutter-Lints@2.0.0"), "pkg:pub/flutter_lints@2.0.0");
  EXPECT_TRUE(fails("pkg:cocoapods/.hidden@1"));
}

TEST(PurlTypes, UnregisteredTypesGetOnlyGenericRules) {
  EXPECT_EQ(canon("pkg:bintray/apache/couchdb/couchdb-mac@2.3.0"),
            "pkg:bintray/apache/couchdb/couchdb-mac@2.3.0");
}

TEST(PurlModes, PermissiveAcceptsRealWorldDeviations) {
  EXPECT_TRUE(fails("pkg:golang/stdlib@1.21.0"));
  EXPECT_EQ(canon("pkg:golang/stdlib@1.21.0", Mode::kPermissive), "pkg:golang/stdlib@1.21.0");
  EXPECT_EQ(canon("pkg:composer/drupal%2Fcore@10.1", Mode::kPermissive),
            "pkg:composer/drupal/core@10.1");
  EXPECT_EQ(canon("pkg:deb/Curl@8.13.0-5", Mode::kPermissive),
            "pkg:deb/curl@8.13.0-5");  // folding still applies
  EXPECT_EQ(canon("pkg:julia/Dates", Mode::kPermissive), "pkg:julia/Dates");
  EXPECT_TRUE(fails("pkg:maven/@1.3.4", Mode::kPermissive));  // generic rules still hold
  EXPECT_TRUE(fails("pkg:npm/foo?1a=b", Mode::kPermissive));
}

TEST(PurlBuild, NormalisesComponentsLikeParse) {
  auto b = build(Purl{"PyPI", "", "Django_Allauth", "1.0", {{"File_Name", "X.whl"}}, "/a/./b/"});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->type, "pypi");
  EXPECT_EQ(b->name, "django-allauth");
  EXPECT_EQ(b->subpath, "a/b");
  EXPECT_EQ(to_string(*b), "pkg:pypi/django-allauth@1.0?file_name=X.whl#a/b");
  EXPECT_FALSE(build(Purl{"PyPI", "", "x", "", {{"File_Name", "X.whl"}}, ""}, Mode::kStrict));
  EXPECT_FALSE(build(Purl{"", "", "x", "", {}, ""}));
  EXPECT_FALSE(build(Purl{"julia", "", "", "1.9.0", {{"uuid", "u"}}, ""}));
  auto git = build(Purl{"git", "codeberg.org/forgejo", "forgejo", "", {}, ""});
  ASSERT_TRUE(git);
  EXPECT_EQ(git->ns, "codeberg.org");
  EXPECT_EQ(git->name, "forgejo/forgejo");
}

TEST(PurlRoundTrip, CanonicalFormIsAFixedPoint) {
  const char* inputs[] = {
      "pkg:npm/%40angular/animation@12.3.1",
      "pkg:maven/org.apache.xmlgraphics/"
      "batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease",
      "pkg:generic/"
      "bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32",
      "pkg:swid/Acme/example.com/Enterprise%2BServer@1.0.0?tag_id=75b8c285",
      "pkg:bazel/rules_java@8.5.0#java/runfiles:runfiles",
  };
  for (const char* in : inputs) {
    EXPECT_EQ(canon(in, Mode::kStrict), in);
    EXPECT_EQ(canon(canon(in)), in);
  }
}

}  // namespace
}  // namespace bulwark::purl
