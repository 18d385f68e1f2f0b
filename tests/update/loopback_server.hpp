// A minimal HTTP/1.1 server for the update tests: listens on 127.0.0.1 (ephemeral port) only,
// serves one request per connection (Connection: close) from a handler that writes raw bytes,
// so tests can send truncated bodies, stall, or honour Range exactly as they need.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace bulwark::test {

struct HttpRequest {
  std::string method, path, query;
  std::map<std::string, std::string> headers;  // names in lower case

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  // A query parameter, percent-decoded ("" when absent).
  std::string param(const std::string& name) const {
    for (std::size_t at = 0; at < query.size();) {
      auto amp = query.find('&', at);
      auto item = query.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
      auto eq = item.find('=');
      if (item.substr(0, eq) == name)
        return decode(eq == std::string::npos ? "" : item.substr(eq + 1));
      if (amp == std::string::npos) break;
      at = amp + 1;
    }
    return {};
  }
  bool has_param(const std::string& name) const {
    return query.find(name + "=") != std::string::npos;
  }

  static std::string decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size()) {
        out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  }
};

// The client side of one accepted connection.
class HttpConnection {
 public:
  explicit HttpConnection(int fd) : fd_(fd) {}
  // False once the peer is gone.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // True once the client has closed its end (checked without blocking).
  bool peer_closed() {
    pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    if (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) return true;
    char b;
    return ::recv(fd_, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
  }
  // Status line and headers; Content-Length is set by the caller when wanted.
  bool head(int status, std::string_view reason,
            const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string h = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
    for (const auto& [k, v] : headers) h += k + ": " + v + "\r\n";
    h += "Connection: close\r\n\r\n";
    return send(h);
  }
  // A complete response with Content-Length.
  bool respond(int status, std::string_view reason,
               std::vector<std::pair<std::string, std::string>> headers, std::string_view body) {
    headers.emplace_back("Content-Length", std::to_string(body.size()));
    return head(status, reason, headers) && send(body);
  }

 private:
  int fd_;
};

using HttpHandler = std::function<void(const HttpRequest&, HttpConnection&)>;

class LoopbackServer {
 public:
  explicit LoopbackServer(HttpHandler handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;  // ephemeral
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~LoopbackServer() {
    stopping_ = true;
    thread_.join();
    ::close(fd_);
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Set when the server shuts down: handlers that stall poll it.
  bool stopping() const { return stopping_; }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<HttpRequest> requests_for(const std::string& path) const {
    std::vector<HttpRequest> out;
    for (auto& r : requests())
      if (r.path == path) out.push_back(r);
    return out;
  }

 private:
  void loop() {
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      serve(c);
      ::shutdown(c, SHUT_RDWR);
      ::close(c);
    }
  }

  // Reads the request head (bounded: 64 KiB, 5 s), then calls the handler.
  void serve(int c) {
    std::string raw;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (raw.find("\r\n\r\n") == std::string::npos && raw.size() < (64u << 10)) {
      if (std::chrono::steady_clock::now() > deadline) return;
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      raw.append(buf, static_cast<std::size_t>(n));
    }
    HttpRequest req = parse(raw);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(req);
    }
    HttpConnection conn(c);
    handler_(req, conn);
  }

  static HttpRequest parse(const std::string& raw) {
    HttpRequest r;
    auto line_end = raw.find("\r\n");
    auto first = raw.substr(0, line_end);
    auto sp1 = first.find(' '), sp2 = first.rfind(' ');
    r.method = first.substr(0, sp1);
    std::string target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    for (std::size_t at = line_end + 2; at < raw.size();) {
      auto end = raw.find("\r\n", at);
      if (end == std::string::npos || end == at) break;
      auto line = raw.substr(at, end - at);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto v = line.substr(colon + 1);
        v.erase(0, v.find_first_not_of(' '));
        r.headers[name] = v;
      }
      at = end + 2;
    }
    return r;
  }

  HttpHandler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<HttpRequest> requests_;
  std::thread thread_;
};

}  // namespace bulwark::test
