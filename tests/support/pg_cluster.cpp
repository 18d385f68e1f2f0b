#include "pg_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "bulwark/pg/pg.hpp"
#include "shared.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAdmin = "bulwark_admin";  // the cluster's superuser (initdb -U)
constexpr const char* kRole = "bulwark_app";     // owner of every test database, no superuser

// The newest PostgreSQL server binaries: $BULWARK_PG_BINDIR, else /usr/lib/postgresql/<v>/bin.
std::optional<fs::path> server_bindir() {
  if (const char* d = std::getenv("BULWARK_PG_BINDIR"))
    return fs::exists(fs::path(d) / "initdb") ? std::optional<fs::path>(d) : std::nullopt;
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(e.path() / "bin" / "initdb")) found.push_back(e.path() / "bin");
  if (found.empty()) return std::nullopt;
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return std::stoi(a.parent_path().filename().string()) <
           std::stoi(b.parent_path().filename().string());
  });
  return found.back();
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

std::string tail_of(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 2000 ? s.substr(s.size() - 2000) : s;
}

class Cluster {
 public:
  Cluster() { start(); }
  ~Cluster() { stop(); }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  const std::optional<std::string>& unavailable() const { return why_; }

  std::string fresh_database() {
    if (why_) return "";
    std::lock_guard lock(mu_);
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++n_);
    // CREATE DATABASE takes no parameters; the name is built from two numbers.
    if (auto r = admin_->exec("CREATE DATABASE " + name + " OWNER " + kRole); !r) {
      ADD_FAILURE() << r.error().message;
      return "";
    }
    return url(kRole, name);
  }

 private:
  std::string url(const std::string& user, const std::string& db) const {
    return "postgresql://" + user + "@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }

  // The command line run as the cluster's owner ("nobody" when we are root), from a directory
  // that owner may enter.
  std::string as_owner(const std::string& cmd) const {
    return "cd / && " + (as_root_ ? "runuser -u nobody -- " + cmd : cmd);
  }

  void start() {
    auto bin = server_bindir();
    if (!bin) {
      why_ = "PostgreSQL server binaries (initdb) not found: install postgresql-15";
      return;
    }
    char tmpl[] = "/tmp/bulwark-pg-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      why_ = "cannot create a temporary directory for the cluster";
      return;
    }
    dir_ = tmpl;
    as_root_ = ::geteuid() == 0;
    if (as_root_) {
      const passwd* pw = ::getpwnam("nobody");
      if (pw == nullptr || ::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        why_ = "running as root, but the cluster directory cannot be given to user nobody";
        return;
      }
    }
    port_ = free_port();
    const fs::path data = dir_ / "data";
    const fs::path log = dir_ / "log";
    bindir_ = *bin;
    const std::string initdb =
        as_owner(shell_quote(*bin / "initdb") + " -D " + shell_quote(data) + " -U " + kAdmin +
                 " --auth=trust --no-sync --no-locale -E UTF8");
    if (auto r = run(initdb); r.exit_code != 0) {
      why_ = "initdb failed: " + r.err;
      return;
    }
    const std::string opts = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                             dir_.string() +
                             " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                             " -c max_connections=100";
    const std::string start =
        as_owner(shell_quote(*bin / "pg_ctl") + " -D " + shell_quote(data) + " -l " +
                 shell_quote(log) + " -w -t 60 -o '" + opts + "' start");
    if (auto r = run(start); r.exit_code != 0) {
      why_ = "pg_ctl start failed: " + r.out + r.err + tail_of(log);
      return;
    }
    started_ = true;
    auto admin = pg::Connection::open(url(kAdmin, "postgres"), std::chrono::seconds(60));
    if (!admin) {
      why_ = admin.error().message;
      return;
    }
    admin_ = std::make_unique<pg::Connection>(std::move(*admin));
    if (auto r = admin_->exec(std::string("CREATE ROLE ") + kRole + " LOGIN"); !r)
      why_ = r.error().message;
  }

  void stop() {
    admin_.reset();
    if (started_)
      (void)run(as_owner(shell_quote(bindir_ / "pg_ctl") + " -D " + shell_quote(dir_ / "data") +
                         " -m immediate -w stop"));
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::optional<std::string> why_;
  fs::path dir_, bindir_;
  bool as_root_ = false, started_ = false;
  int port_ = 0;
  std::mutex mu_;
  int n_ = 0;
  std::unique_ptr<pg::Connection> admin_;
};

Cluster& cluster() {
  static Cluster c;  // started on first use, stopped at exit
  return c;
}

}  // namespace

std::optional<std::string> pg_unavailable() { return cluster().unavailable(); }

std::string pg_fresh_database() { return cluster().fresh_database(); }

}  // namespace bulwark::test
