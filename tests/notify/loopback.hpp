// Loopback receivers for the notification tests, written here with plain sockets: an HTTP/1.1
// webhook receiver (one request per connection; answers from a script, records every request)
// and a minimal SMTP server (no TLS: the loopback test runs the rule with smtp_tls "none").
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
#include <string>
#include <thread>
#include <vector>

namespace bulwark::test {

class LoopbackServer {
 public:
  LoopbackServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  virtual ~LoopbackServer() { stop(); }
  unsigned short port() const { return port_; }

  void start() {
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        timeval tv{5, 0};
        ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        serve(c);
        ::close(c);
      }
    });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 protected:
  virtual void serve(int c) = 0;
  static bool send_all(int c, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(c, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Reads until `marker` appears in buf (after `from`); false on EOF/timeout.
  static bool read_until(int c, std::string& buf, const std::string& marker, std::size_t from = 0) {
    char tmp[4096];
    while (buf.find(marker, from) == std::string::npos) {
      ssize_t n = ::recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<std::size_t>(n));
    }
    return true;
  }

 private:
  int fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct HttpRequest {
  std::string method, target, body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::chrono::steady_clock::time_point at;
};

class WebhookReceiver final : public LoopbackServer {
 public:
  // statuses[i]: the answer to request i; 200 after the list.
  explicit WebhookReceiver(std::vector<int> statuses = {}) : statuses_(std::move(statuses)) {
    start();
  }
  ~WebhookReceiver() override { stop(); }
  std::vector<HttpRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::size_t count() {
    std::lock_guard lock(mu_);
    return requests_.size();
  }

 protected:
  void serve(int c) override {
    std::string buf;
    if (!read_until(c, buf, "\r\n\r\n")) return;
    const auto head_end = buf.find("\r\n\r\n");
    HttpRequest r;
    r.at = std::chrono::steady_clock::now();
    std::string head = buf.substr(0, head_end);
    auto line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    r.method = first.substr(0, first.find(' '));
    r.target = first.substr(first.find(' ') + 1);
    r.target = r.target.substr(0, r.target.find(' '));
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      auto e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string line = head.substr(pos, e - pos);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        r.headers[name] = value;
      }
      pos = e + 2;
    }
    std::size_t length = 0;
    if (auto it = r.headers.find("content-length"); it != r.headers.end())
      length = std::stoul(it->second);
    std::string body = buf.substr(head_end + 4);
    char tmp[4096];
    while (body.size() < length) {
      ssize_t n = ::recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return;
      body.append(tmp, static_cast<std::size_t>(n));
    }
    r.body = body;
    int status;
    {
      std::lock_guard lock(mu_);
      status = requests_.size() < statuses_.size() ? statuses_[requests_.size()] : 200;
      requests_.push_back(r);
    }
    send_all(c, "HTTP/1.1 " + std::to_string(status) +
                    " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  }

 private:
  std::vector<int> statuses_;
  std::mutex mu_;
  std::vector<HttpRequest> requests_;
};

class SmtpReceiver final : public LoopbackServer {
 public:
  SmtpReceiver() { start(); }
  ~SmtpReceiver() override { stop(); }
  struct Mail {
    std::string from, to, data;
    std::chrono::steady_clock::time_point at;
  };
  std::vector<Mail> mails() {
    std::lock_guard lock(mu_);
    return mails_;
  }

 protected:
  void serve(int c) override {
    send_all(c, "220 loopback ESMTP\r\n");
    std::string buf;
    Mail m;
    for (;;) {
      if (!read_until(c, buf, "\r\n")) return;
      const auto e = buf.find("\r\n");
      std::string line = buf.substr(0, e);
      buf.erase(0, e + 2);
      std::string upper = line.substr(0, 10);
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (upper.starts_with("EHLO") || upper.starts_with("HELO")) {
        send_all(c, "250-loopback\r\n250 8BITMIME\r\n");
      } else if (upper.starts_with("MAIL FROM")) {
        m.from = line.substr(10);
        send_all(c, "250 ok\r\n");
      } else if (upper.starts_with("RCPT TO")) {
        m.to = line.substr(8);
        send_all(c, "250 ok\r\n");
      } else if (upper.starts_with("DATA")) {
        send_all(c, "354 go ahead\r\n");
        if (!read_until(c, buf, "\r\n.\r\n")) return;
        const auto end = buf.find("\r\n.\r\n");
        m.data = buf.substr(0, end + 2);
        buf.erase(0, end + 5);
        m.at = std::chrono::steady_clock::now();
        {
          std::lock_guard lock(mu_);
          mails_.push_back(m);
        }
        send_all(c, "250 queued\r\n");
      } else if (upper.starts_with("QUIT")) {
        send_all(c, "221 bye\r\n");
        return;
      } else {
        send_all(c, "250 ok\r\n");
      }
    }
  }

 private:
  std::mutex mu_;
  std::vector<Mail> mails_;
};

}  // namespace bulwark::test
