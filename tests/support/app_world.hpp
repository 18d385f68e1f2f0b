// The team server over a real SQLite database, driven through App::handle (no sockets), for the
// test binaries that link bulwark_server (test_server, test_notify): the sample vulnerability
// data imported, the account and portfolio stores open, an API key per team, requests built as
// the HTTP layer builds them. A fixture derives from ::testing::Test and AppWorld, calls
// open_world() in SetUp, creates its teams' keys, then start_app().
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/accounts/store.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/server/http.hpp"
#include "bulwark/server/server.hpp"
#include "bulwark/service/access.hpp"
#include "bulwark/vulndb/store.hpp"
#include "shared.hpp"

namespace bulwark::test {

class AppWorld {
 public:
  explicit AppWorld(const char* now) : clock(*parse_rfc3339(now)) {}

  // The database with the sample OSV records, KEV and NVD entries; the stores opened on it.
  void open_world() {
    setenv("BULWARK_ARGON2_MEMORY_KIB", "1024", 1);  // fast password hashing in tests
    db = (dir.path() / "bulwark.db").string();
    auto v = vulndb::Store::open(db);
    ASSERT_TRUE(v) << v.error().message;
    const auto data = source_dir() / "data/sample";
    auto imp = (*v)->import({(data / "osv").string(), (data / "feeds/kev-sample.json").string(),
                             (data / "feeds/nvd-sample.json").string()},
                            {});
    ASSERT_TRUE(imp) << imp.error().message;
    auto a = accounts::AccountStore::open_sqlite(db);
    ASSERT_TRUE(a) << a.error().message;
    accts = std::move(*a);
    auto p = portfolio::Store::open_sqlite(db);
    ASSERT_TRUE(p) << p.error().message;
    port = std::move(*p);
  }

  void start_app() {
    server::AppConfig c;
    c.database = db;
    c.clock = &clock;
    app = std::make_unique<server::App>(c);
  }

  // A team with these permissions and an API key of it; returns the key.
  std::string key_for(const std::string& team, std::vector<std::string> perms) {
    service::TeamInput t;
    t.name = team;
    t.permissions = std::move(perms);
    auto added = service::add_team(*accts, *port, t, clock);
    EXPECT_TRUE(added) << added.error().message;
    auto k = service::create_api_key(*accts, team, "", "", clock);
    EXPECT_TRUE(k) << k.error().message;
    return k ? k->secret : "";
  }

  // One request as the HTTP layer hands it over: the path percent-decoded, the query apart, the
  // key in X-Api-Key, a body typed JSON unless a Content-Type is given.
  server::Response call(const std::string& method, const std::string& target,
                        const std::string& key, const std::string& body = "",
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    server::Request r;
    r.method = method;
    r.target = target;
    auto q = target.find('?');
    r.path = server::url_decode(target.substr(0, q), false).value_or(target.substr(0, q));
    if (q != std::string::npos) r.query = target.substr(q + 1);
    if (!key.empty()) r.headers.emplace_back("X-Api-Key", key);
    for (auto& h : headers) r.headers.push_back(h);
    if (!body.empty() && !r.header("Content-Type"))
      r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return app->handle(r);
  }

  TempDir dir;
  std::string db;
  FixedClock clock;
  std::unique_ptr<accounts::AccountStore> accts;
  std::unique_ptr<portfolio::Store> port;
  std::unique_ptr<server::App> app;
};

}  // namespace bulwark::test
