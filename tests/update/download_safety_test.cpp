// Safe downloads (issue 14): https only unless the source is `insecure`, redirects never from
// https to http, credentials never forwarded to another origin, a size cap per source and a
// total timeout per download. Loopback servers only (127.0.0.1 and "localhost" as a second host).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "bulwark/update/fetch.hpp"
#include "bulwark/update/update.hpp"
#include "bulwark/vulndb/store.hpp"
#include "loopback_server.hpp"
#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using update::detail::check_redirect;
using update::detail::fetch;
using update::detail::FetchRequest;
using update::detail::same_origin;

class DownloadSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LoopbackServer>(
        [this](const HttpRequest& r, HttpConnection& c) { handle(r, c); });
    http_.retries = 0;
    http_.low_speed_time_s = 30;
  }
  void TearDown() override {
    stopping_ = true;
    server_.reset();
  }

  void handle(const HttpRequest& r, HttpConnection& c) {
    const std::string other = "http://localhost:" + port();
    if (r.path == "/data") return (void)c.respond(200, "OK", {}, std::string(10000, 'd'));
    if (r.path == "/to-other-host")
      return (void)c.respond(302, "Found", {{"Location", other + "/landing"}}, "");
    if (r.path == "/to-same-host")
      return (void)c.respond(301, "Moved", {{"Location", "/landing"}}, "");
    if (r.path == "/to-ftp")
      return (void)c.respond(302, "Found", {{"Location", "ftp://127.0.0.1/x"}}, "");
    if (r.path == "/loop") return (void)c.respond(302, "Found", {{"Location", "/loop"}}, "");
    if (r.path == "/landing") return (void)c.respond(200, "OK", {}, "landed");
    if (r.path == "/trickle") {  // 1 byte per 100 ms: never stalled, never finished in time
      c.head(200, "OK", {{"Content-Length", "100000"}});
      while (!stopping_ && !c.peer_closed()) {
        if (!c.send("t")) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      return;
    }
    c.respond(404, "Not Found", {}, "");
  }

  std::string port() const { return server_->base().substr(server_->base().rfind(':') + 1); }

  FetchRequest request(const std::string& path) {
    FetchRequest r;
    r.url = server_->base() + path;
    r.label = "test";
    r.file = (tmp_.path() / "body.part").string();
    r.insecure = true;
    r.source_key = "kev";
    return r;
  }

  TempDir tmp_;
  update::HttpSettings http_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<LoopbackServer> server_;
};

TEST_F(DownloadSafety, PlainHttpIsRefusedUnlessTheSourceIsInsecure) {
  auto req = request("/data");
  req.insecure = false;
  auto refused = fetch(req, http_, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(refused.error().message.find("plain http is refused"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("kev.insecure = true"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(server_->requests().empty());  // nothing was sent

  req.insecure = true;
  auto ok = fetch(req, http_, {});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->bytes, 10000u);
}

TEST_F(DownloadSafety, CredentialsStayWithTheirOrigin) {
  auto req = request("/to-other-host");
  req.headers = {"X-Plain: 1"};
  req.credential_headers = {"apiKey: secret-key"};
  auto r = fetch(req, http_, {});
  ASSERT_TRUE(r) << r.error().message;
  auto start = server_->requests_for("/to-other-host");
  auto landing = server_->requests_for("/landing");
  ASSERT_EQ(start.size(), 1u);
  ASSERT_EQ(landing.size(), 1u);
  EXPECT_EQ(start[0].header("apikey"), "secret-key");
  EXPECT_EQ(landing[0].header("apikey"), "") << "the key went to another host";
  EXPECT_EQ(landing[0].header("x-plain"), "1");
  EXPECT_EQ(landing[0].header("host"), "localhost:" + port());

  auto same = fetch(request("/to-same-host"), http_, {});
  ASSERT_TRUE(same) << same.error().message;
  auto req2 = request("/to-same-host");
  req2.credential_headers = {"apiKey: secret-key"};
  ASSERT_TRUE(fetch(req2, http_, {}));
  EXPECT_EQ(server_->requests_for("/landing").back().header("apikey"),
            "secret-key");  // same origin keeps it
}

TEST_F(DownloadSafety, RedirectsOutsideHttpAndLoopsAreRefused) {
  auto ftp = fetch(request("/to-ftp"), http_, {});
  ASSERT_FALSE(ftp);
  EXPECT_NE(ftp.error().message.find("non-http(s)"), std::string::npos) << ftp.error().message;
  auto loop = fetch(request("/loop"), http_, {});
  ASSERT_FALSE(loop);
  EXPECT_NE(loop.error().message.find("more than 5 redirects"), std::string::npos)
      << loop.error().message;
  EXPECT_EQ(server_->requests_for("/loop").size(), 6u);
}

TEST(RedirectRules, NeverFromHttpsToHttp) {
  EXPECT_FALSE(check_redirect("https://a.test/x", "http://a.test/y", true));
  EXPECT_FALSE(check_redirect("https://a.test/x", "http://b.test/y", false));
  EXPECT_TRUE(check_redirect("https://a.test/x", "https://b.test/y", false));
  EXPECT_TRUE(check_redirect("http://a.test/x", "https://b.test/y", false));
  EXPECT_TRUE(check_redirect("http://a.test/x", "http://b.test/y", true));
  EXPECT_FALSE(check_redirect("http://a.test/x", "http://b.test/y", false));
  EXPECT_FALSE(check_redirect("https://a.test/x", "file:///etc/passwd", true));
  EXPECT_EQ(check_redirect("https://a.test/x", "http://a.test/y", true).error(),
            "a redirect from https to http is refused");
  EXPECT_TRUE(same_origin("https://A.test/x", "https://a.test:443/y"));
  EXPECT_FALSE(same_origin("https://a.test/x", "https://a.test:8443/y"));
  EXPECT_FALSE(same_origin("https://a.test/x", "http://a.test/y"));
  EXPECT_FALSE(same_origin("https://a.test/x", "https://evil.test@b.test/y"));
}

TEST_F(DownloadSafety, SizeCapFailsTheDownloadAndDropsThePartialFile) {
  auto req = request("/data");
  req.max_bytes = 1000;
  auto r = fetch(req, http_, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("exceeds the size cap of 1000 bytes (kev.max_size)"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(fs::file_size(req.file), 0u);
  req.max_bytes = 10000;  // exactly the size: fine
  ASSERT_TRUE(fetch(req, http_, {}));
}

TEST_F(DownloadSafety, TotalTimeoutEndsASlowButLiveDownload) {
  http_.total_timeout_s = 1;
  http_.low_speed_limit = 1;  // the trickle (10 bytes/s) is not a stall
  auto r = fetch(request("/trickle"), http_, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("exceeded its total timeout of 1 s (http.timeout)"),
            std::string::npos)
      << r.error().message;
}

TEST_F(DownloadSafety, AnUpdateAppliesTheConfiguredLimits) {
  const auto db = (tmp_.path() / "v.db").string();
  auto store = vulndb::Store::open(db);
  ASSERT_TRUE(store) << store.error().message;
  update::UpdateOptions o;
  o.sources = {update::SourceKind::kKev};
  o.now = 1740787200;

  auto plain = update::parse_config(
      "mirror = " + server_->base() + "\nkev.path = /data\nhttp.retries = 0\n", "s.conf");
  ASSERT_TRUE(plain) << plain.error().message;
  auto refused = update::run_update(**store, db, *plain, o);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("plain http is refused"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(server_->requests().empty());

  auto capped = update::parse_config("mirror = " + server_->base() +
                                         "\ninsecure = true\nkev.path = /data\n"
                                         "kev.max_size = 1\nhttp.retries = 0\n",
                                     "s.conf");
  ASSERT_TRUE(capped) << capped.error().message;
  EXPECT_EQ(capped->endpoint(update::SourceKind::kKev).max_bytes, 1u << 20);  // MiB
  capped->endpoint(update::SourceKind::kKev).max_bytes = 100;
  auto big = update::run_update(**store, db, *capped, o);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("size cap of 100 bytes (kev.max_size)"), std::string::npos)
      << big.error().message;
  EXPECT_EQ((*store)->status().value().last_import, "");  // nothing imported
}

}  // namespace
}  // namespace bulwark::test
