// The only translation unit that sees Boost.Beast and Asio: an asynchronous HTTP/1.1 listener
// (optionally TLS) with keep-alive, header/body/time/connection limits and graceful shutdown.
// Requests are read on the I/O threads and handed to a fixed pool of handler threads, so a
// handler blocking on the database never stalls other connections.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "bulwark/server/http.hpp"

namespace bulwark::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Shared {
  const ServerOptions& options;
  const Handler& handler;
  const LogSink& log;
  asio::thread_pool& pool;
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> draining{false};
};

std::string remote_of(const tcp::socket& s) {
  boost::system::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "?";
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

http::response<http::string_body> to_beast(Response&& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  for (auto& [k, v] : r.headers) res.insert(k, v);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive && !r.close);
  res.prepare_payload();
  return res;
}

Response limit_response(int status, const std::string& detail) {
  auto r = Response::json(
      status, "{\"type\":\"about:blank\",\"title\":\"" +
                  std::string(status == 413   ? "Payload Too Large"
                              : status == 431 ? "Request Header Fields Too Large"
                              : status == 503 ? "Service Unavailable"
                                              : "Bad Request") +
                  "\",\"status\":" + std::to_string(status) + ",\"detail\":\"" + detail + "\"}");
  r.set("Content-Type", "application/problem+json");
  r.close = true;
  return r;
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  Session(Shared& shared, std::string remote, bool tls, Args&&... args)
      : shared_(shared),
        stream_(std::forward<Args>(args)...),
        remote_(std::move(remote)),
        tls_(tls) {
    ++shared_.connections;
  }
  ~Session() { --shared_.connections; }

  void start(bool reject) {
    if (reject) {
      send(limit_response(503, "too many connections"), 11, false);
      return;
    }
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      beast::get_lowest_layer(stream_).expires_after(
          std::chrono::seconds(shared_.options.header_timeout_s));
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read_head(true);
                              });
    } else {
      read_head(true);
    }
  }

 private:
  void read_head(bool first) {
    if (shared_.draining) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header));
    parser_->body_limit(shared_.options.max_body);
    buffer_.max_size(shared_.options.max_header + shared_.options.max_body + 8192);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(
        first ? shared_.options.header_timeout_s : shared_.options.idle_timeout_s));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_head(ec);
                            });
  }

  void on_head(beast::error_code ec) {
    if (ec == http::error::header_limit)
      return send(limit_response(431, "header too large"), 11, false);
    // A Content-Length over the limit is refused when the head completes.
    if (ec == http::error::body_limit)
      return send(limit_response(413, "body over the server's limit"), 11, false);
    if (ec) return close();
    started_ = std::chrono::steady_clock::now();
    const auto& req = parser_->get();
    if (req.payload_size() && *req.payload_size() > shared_.options.max_body)
      return send(limit_response(413, "body over the server's limit"), req.version(), false);
    beast::get_lowest_layer(stream_).expires_after(
        std::chrono::seconds(shared_.options.request_timeout_s));
    // RFC 9110 10.1.1: a client that sent "Expect: 100-continue" waits for an interim response
    // before the body (curl for bodies over 1 MiB, for up to a second).
    if (req.version() >= 11 && beast::iequals(req[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(
          stream_, asio::buffer(kContinue.data(), kContinue.size()),
          [self = this->shared_from_this()](beast::error_code ec2, std::size_t) {
            if (ec2) return self->close();
            self->read_body();
          });
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec2, std::size_t) {
                       self->on_body(ec2);
                     });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return send(limit_response(413, "body over the server's limit"), 11, false);
    if (ec) return close();
    auto msg = parser_->release();
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    req->target = std::string(msg.target());
    auto q = req->target.find('?');
    auto raw_path = std::string_view(req->target).substr(0, q);
    auto decoded = url_decode(raw_path, false);
    req->path = decoded ? *decoded : std::string(raw_path);
    if (q != std::string::npos) req->query = req->target.substr(q + 1);
    for (const auto& f : msg)
      req->headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req->body = std::move(msg.body());
    req->remote = remote_;
    req->tls = tls_;
    const unsigned version = msg.version();
    const bool keep_alive = msg.keep_alive();
    const bool bad_path = !decoded;
    ++shared_.in_flight;
    beast::get_lowest_layer(stream_).expires_never();
    asio::post(shared_.pool, [self = this->shared_from_this(), req, version, keep_alive, bad_path] {
      Response res;
      if (bad_path) {
        res = limit_response(400, "malformed percent-encoding in the path");
      } else {
        try {
          res = self->shared_.handler(*req);
        } catch (const std::exception& e) {
          res = Response::json(500,
                               "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
                               "\"status\":500}");
          res.set("Content-Type", "application/problem+json");
        }
      }
      const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                self->started_)
                          .count();
      if (self->shared_.log) {
        std::string line = "{\"request_id\":\"" + req->request_id + "\",\"remote\":\"" +
                           req->remote + "\",\"method\":\"" + req->method + "\",\"path\":\"";
        for (char c : req->path) {
          if (c == '"' || c == '\\') line += '\\';
          if (static_cast<unsigned char>(c) >= 0x20) line += c;
        }
        line += "\",\"status\":" + std::to_string(res.status) +
                ",\"bytes\":" + std::to_string(res.body.size()) + ",\"ms\":" + std::to_string(ms) +
                "}";
        self->shared_.log(line);
      }
      asio::dispatch(self->stream_.get_executor(),
                     [self, res = std::move(res), version, keep_alive]() mutable {
                       self->send(std::move(res), version, keep_alive, true);
                     });
    });
  }

  void send(Response&& r, unsigned version, bool keep_alive, bool counted = false) {
    if (shared_.draining) r.close = true;
    res_ = std::make_shared<http::response<http::string_body>>(
        to_beast(std::move(r), version, keep_alive));
    beast::get_lowest_layer(stream_).expires_after(
        std::chrono::seconds(shared_.options.request_timeout_s));
    http::async_write(
        stream_, *res_,
        [self = this->shared_from_this(), counted](beast::error_code ec, std::size_t) {
          if (counted) --self->shared_.in_flight;
          if (ec || !self->res_->keep_alive()) return self->close();
          self->res_.reset();
          self->read_head(false);
        });
  }

  void close() {
    beast::error_code ec;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  Shared& shared_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> res_;
  std::string remote_;
  bool tls_;
  std::chrono::steady_clock::time_point started_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, Shared& shared, tcp::acceptor& acceptor, asio::ssl::context* tls)
      : ioc_(ioc), shared_(shared), acceptor_(acceptor), tls_(tls) {}

  void accept() {
    acceptor_.async_accept(
        asio::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
          if (ec) {
            if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
          } else {
            self->start(std::move(s));
          }
          if (self->acceptor_.is_open()) self->accept();
        });
  }

 private:
  void start(tcp::socket s) {
    boost::system::error_code ec;
    s.set_option(tcp::no_delay(true), ec);
    const bool reject = shared_.connections >= shared_.options.max_connections;
    auto remote = remote_of(s);
    if (tls_) {
      std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(shared_, remote, true,
                                                                      std::move(s), *tls_)
          ->start(reject);
    } else {
      std::make_shared<Session<beast::tcp_stream>>(shared_, remote, false, std::move(s))
          ->start(reject);
    }
  }

  asio::io_context& ioc_;
  Shared& shared_;
  tcp::acceptor& acceptor_;
  asio::ssl::context* tls_;
};

}  // namespace

Result<void> serve_http(const ServerOptions& options, const Handler& handler, const LogSink& log,
                        const std::function<void(unsigned short)>& on_listening,
                        std::atomic<bool>& stop) {
  // Declared before the io_context: sessions destroyed with it still count connections here.
  asio::thread_pool pool(static_cast<std::size_t>(std::max(1, options.handler_threads)));
  Shared shared{options, handler, log, pool};
  asio::io_context ioc(options.io_threads);
  std::optional<asio::ssl::context> tls;
  if (!options.tls_cert.empty() || !options.tls_key.empty()) {
    if (options.tls_cert.empty() || options.tls_key.empty())
      return invalid_input("TLS needs both a certificate and a key file");
    tls.emplace(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    tls->use_certificate_chain_file(options.tls_cert, ec);
    if (ec)
      return invalid_input(options.tls_cert + ": cannot use as TLS certificate: " + ec.message());
    tls->use_private_key_file(options.tls_key, asio::ssl::context::pem, ec);
    if (ec) return invalid_input(options.tls_key + ": cannot use as TLS key: " + ec.message());
  }
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(options.host, ec);
  if (ec) return invalid_input("listen address '" + options.host + "': " + ec.message());
  tcp::acceptor acceptor(ioc);
  tcp::endpoint ep{addr, options.port};
  if (acceptor.open(ep.protocol(), ec); ec) return io_error("socket: " + ec.message());
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(ep, ec); ec)
    return io_error("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                    ec.message());
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
    return io_error("listen: " + ec.message());

  std::make_shared<Listener>(ioc, shared, acceptor, tls ? &*tls : nullptr)->accept();
  if (on_listening) on_listening(acceptor.local_endpoint().port());

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& e, int) {
    if (!e) stop = true;
  });
  // Polls the stop flag; once set: stop accepting, drain the requests being handled, then stop.
  asio::steady_timer timer(ioc);
  auto deadline = std::chrono::steady_clock::time_point::max();
  std::function<void(const boost::system::error_code&)> tick =
      [&](const boost::system::error_code&) {
        if (stop && !shared.draining) {
          shared.draining = true;
          boost::system::error_code ignored;
          acceptor.close(ignored);
          signals.cancel(ignored);
          deadline =
              std::chrono::steady_clock::now() + std::chrono::seconds(options.request_timeout_s);
        }
        if (shared.draining &&
            (shared.in_flight == 0 || std::chrono::steady_clock::now() > deadline)) {
          ioc.stop();
          return;
        }
        timer.expires_after(std::chrono::milliseconds(100));
        timer.async_wait(tick);
      };
  timer.expires_after(std::chrono::milliseconds(100));
  timer.async_wait(tick);

  std::vector<std::thread> threads;
  for (int i = 1; i < std::max(1, options.io_threads); ++i)
    threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  pool.join();
  return {};
}

}  // namespace bulwark::server
