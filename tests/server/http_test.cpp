// The HTTP layer on real loopback sockets: keep-alive, limits (413, 431, connections), slow
// clients, idle connections, graceful shutdown and TLS. Plain POSIX sockets on the client side
// (curl for HTTPS).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "bulwark/server/http.hpp"
#include "shared.hpp"

namespace bulwark::server {
namespace {

class Running {
 public:
  Running(ServerOptions o, Handler h) : options_(std::move(o)), handler_(std::move(h)) {
    options_.port = 0;
    auto f = bound_.get_future();
    thread_ = std::thread([this] {
      bool told = false;
      result_ = serve_http(
          options_, handler_, {},
          [&](unsigned short p) {
            told = true;
            bound_.set_value(p);
          },
          stop_);
      if (!told) bound_.set_value(0);
    });
    port_ = f.get();
  }
  ~Running() { shutdown(); }
  void shutdown() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  unsigned short port() const { return port_; }
  std::atomic<bool>& stop() { return stop_; }

 private:
  ServerOptions options_;
  Handler handler_;
  std::atomic<bool> stop_{false};
  std::promise<unsigned short> bound_;
  std::thread thread_;
  unsigned short port_ = 0;
  Result<void> result_;
};

int connect_to(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    auto n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

// Reads one response (head + Content-Length body); "" on close or timeout.
std::string read_response(int fd) {
  std::string buf;
  char tmp[4096];
  while (true) {
    auto head_end = buf.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t len = 0;
      auto cl = buf.find("Content-Length: ");
      if (cl == std::string::npos) cl = buf.find("content-length: ");
      if (cl != std::string::npos && cl < head_end) len = std::stoul(buf.substr(cl + 16));
      if (buf.size() >= head_end + 4 + len) return buf.substr(0, head_end + 4 + len);
    }
    auto n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return buf.find("\r\n\r\n") == std::string::npos ? std::string() : buf;
    buf.append(tmp, static_cast<std::size_t>(n));
  }
}

int status_of(const std::string& response) {
  if (response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

Response echo(Request& r) { return Response::text(200, r.method + " " + r.path + " " + r.body); }

TEST(Http, KeepAliveServesSeveralRequestsOnOneConnection) {
  Running s({}, echo);
  int fd = connect_to(s.port());
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) {
    send_all(fd, "GET /a%20b?x=1 HTTP/1.1\r\nHost: t\r\n\r\n");
    auto r = read_response(fd);
    EXPECT_EQ(status_of(r), 200);
    EXPECT_NE(r.find("GET /a b "), std::string::npos) << r;
  }
  ::close(fd);
}

// "Expect: 100-continue" (curl sends it for bodies over 1 MiB) is answered with an interim 100
// before the body is sent, then the final response; a body over the limit is refused instead.
TEST(Http, ExpectContinueGetsAnInterimResponse) {
  ServerOptions o;
  o.max_body = 1000;
  Running s(o, echo);
  int fd = connect_to(s.port());
  ASSERT_GE(fd, 0);
  send_all(fd, "PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto interim = read_response(fd);  // the client waits: nothing of the body was sent yet
  EXPECT_EQ(status_of(interim), 100) << interim;
  send_all(fd, "hello");
  auto r = read_response(fd);
  EXPECT_EQ(status_of(r), 200) << r;
  EXPECT_NE(r.find("PUT /up hello"), std::string::npos) << r;
  ::close(fd);
  fd = connect_to(s.port());
  send_all(fd,
           "PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(status_of(read_response(fd)), 413);
  ::close(fd);
}

TEST(Http, BodyOverTheLimitIs413AndHeaderOverTheLimitIs431) {
  ServerOptions o;
  o.max_body = 1000;
  o.max_header = 2048;
  Running s(o, echo);
  int fd = connect_to(s.port());
  send_all(fd, "PUT /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
  EXPECT_EQ(status_of(read_response(fd)), 413);
  ::close(fd);
  fd = connect_to(s.port());
  send_all(fd, "GET /x HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
  EXPECT_EQ(status_of(read_response(fd)), 431);
  ::close(fd);
  // Chunked bodies are bounded as well.
  fd = connect_to(s.port());
  send_all(fd, "PUT /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" +
                   std::string(2000, 'b') + "\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(read_response(fd)), 413);
  ::close(fd);
}

TEST(Http, SlowClientsAndIdleConnectionsDoNotStopOthers) {
  ServerOptions o;
  o.header_timeout_s = 2;
  Running s(o, echo);
  // A client sending its head one byte at a time, and 300 idle connections.
  int slow = connect_to(s.port());
  std::atomic<bool> done{false}, dribbled{false};
  std::thread dribble([&] {
    const std::string head = "GET /slow HTTP/1.1\r\nHost: t\r\n";
    for (std::size_t i = 0; i < head.size() && !done; ++i) {
      send_all(slow, head.substr(i, 1));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    dribbled = true;
  });
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(connect_to(s.port()));
  // Served while the slow client is still sending its head (no timing asserted: only that the
  // answer does not wait for the slow client or the idle connections).
  int fd = connect_to(s.port());
  send_all(fd, "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(status_of(read_response(fd)), 200);
  EXPECT_FALSE(dribbled) << "answered only after the slow client had sent everything";
  ::close(fd);
  // The slow client is cut off after the head timeout.
  done = true;
  dribble.join();
  char c;
  timeval tv{5, 0};
  setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  EXPECT_LE(::recv(slow, &c, 1, 0), 0);
  ::close(slow);
  for (int i : idle) ::close(i);
}

TEST(Http, ConnectionsOverTheLimitGet503) {
  ServerOptions o;
  o.max_connections = 5;
  Running s(o, echo);
  std::vector<int> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(connect_to(s.port()));
    send_all(held.back(), "GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(status_of(read_response(held.back())), 200);
  }
  int extra = connect_to(s.port());
  EXPECT_EQ(status_of(read_response(extra)), 503);
  ::close(extra);
  for (int fd : held) ::close(fd);
}

TEST(Http, GracefulShutdownLetsTheRequestInFlightFinish) {
  std::atomic<bool> entered{false};
  Running s({}, [&](Request&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return Response::text(200, "finished");
  });
  int fd = connect_to(s.port());
  send_all(fd, "GET /work HTTP/1.1\r\nHost: t\r\n\r\n");
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  s.stop() = true;  // as SIGTERM does
  auto r = read_response(fd);
  EXPECT_EQ(status_of(r), 200);
  EXPECT_NE(r.find("finished"), std::string::npos);
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
  ::close(fd);
  s.shutdown();
  EXPECT_LT(connect_to(s.port()), 0) << "still accepting after shutdown";
}

// Runs a shell command; its standard output, and its exit status in `status`.
std::string run(const std::string& command, int& status) {
  std::string out;
  FILE* f = ::popen(command.c_str(), "r");
  if (!f) {
    status = -1;
    return out;
  }
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  const int rc = ::pclose(f);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

// --tls-cert/--tls-key: a throwaway self-signed certificate (openssl CLI) for 127.0.0.1; curl
// verifies it (--cacert) and gets the answer over HTTPS, and refuses the server without it; a
// plain-HTTP request to the TLS port gets no HTTP answer and its connection is closed (the
// handshake fails), and the server goes on serving HTTPS.
TEST(Http, TlsServesHttpsAndClosesPlainHttpConnectionsCleanly) {
  int status = 0;
  run("command -v openssl && command -v curl", status);
  if (status != 0) GTEST_SKIP() << "the openssl and curl command-line tools are not installed";
  test::TempDir dir;
  const auto cert = (dir.path() / "cert.pem").string(), key = (dir.path() / "key.pem").string();
  run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
          key + "' -out '" + cert + "' 2>&1",
      status);
  ASSERT_EQ(status, 0) << "openssl could not make a certificate";
  ServerOptions o;
  o.tls_cert = cert;
  o.tls_key = key;
  Running s(o, [](Request& r) {
    return Response::text(200, std::string(r.tls ? "tls " : "plain ") + r.method + " " + r.path);
  });
  ASSERT_NE(s.port(), 0) << "the TLS server did not start";
  const std::string url = "https://127.0.0.1:" + std::to_string(s.port()) + "/hello";
  auto https = [&] {
    return run("curl -sS --max-time 10 --cacert '" + cert + "' -w ' %{http_code}' " + url, status);
  };
  EXPECT_EQ(https(), "tls GET /hello 200");
  EXPECT_EQ(status, 0);
  // Without the certificate as a trust anchor curl refuses the server: it is really TLS.
  run("curl -sS --max-time 10 -o /dev/null " + url + " 2>/dev/null", status);
  EXPECT_NE(status, 0);
  // Plain HTTP to the TLS port: no HTTP answer, the connection closed promptly.
  int fd = connect_to(s.port());
  ASSERT_GE(fd, 0);
  send_all(fd, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto t0 = std::chrono::steady_clock::now();
  std::string got;
  char buf[512];
  while (true) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  EXPECT_EQ(got.find("HTTP/"), std::string::npos) << got;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8))
      << "the plain-HTTP connection was held open";
  // The server survived and still serves HTTPS.
  EXPECT_EQ(https(), "tls GET /hello 200");
}

TEST(Http, UrlDecodingRejectsMalformedEscapes) {
  EXPECT_EQ(url_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(url_decode("a+b", false), "a+b");
  EXPECT_FALSE(url_decode("%zz", false));
  EXPECT_FALSE(url_decode("%2", false));
  Request r;
  r.query = "name=acme%20app&version=1.0+beta&name=second&empty";
  EXPECT_EQ(r.param("name"), "acme app");
  EXPECT_EQ(r.param("version"), "1.0 beta");
  EXPECT_EQ(r.params("name").size(), 2u);
  EXPECT_EQ(r.param("empty"), "");
  EXPECT_FALSE(r.param("missing"));
}

}  // namespace
}  // namespace bulwark::server
