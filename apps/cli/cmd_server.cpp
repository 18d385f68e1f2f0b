// bulwark serve | worker | user add | team add | apikey create: parse, call the server and the
// service layer (server/server.hpp, service/access.hpp), render.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>

#include "bulwark/accounts/store.hpp"
#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/server/server.hpp"
#include "bulwark/service/access.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct ServeCli {
  std::string listen = "127.0.0.1:8080";
  server::ServeOptions options;
};

Result<void> parse_listen(const std::string& listen, server::ServerOptions& o) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    return invalid_input("listen address '" + listen + "': HOST:PORT expected");
  o.host = listen.substr(0, colon);
  if (o.host.size() >= 2 && o.host.front() == '[' && o.host.back() == ']')
    o.host = o.host.substr(1, o.host.size() - 2);
  try {
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    o.port = static_cast<unsigned short>(port);
  } catch (const std::exception&) {
    return invalid_input("listen address '" + listen +
                         "': the port is not a number from 0 to 65535");
  }
  return {};
}

int run_serve(Context& ctx, ServeCli& s) {
  if (auto r = parse_listen(s.listen, s.options.http); failed(ctx, r)) return ctx.exit_code;
  s.options.app.database = database_path(ctx);
  s.options.app.version = BULWARK_VERSION;
  std::atomic<bool> stop{false};
  auto r = server::serve(s.options, stop, [&](unsigned short port) {
    fmt::print(stderr, "bulwark: serving {} on {}://{}:{}\n", s.options.app.database,
               s.options.http.tls_cert.empty() ? "http" : "https", s.options.http.host, port);
  });
  if (failed(ctx, r)) return ctx.exit_code;
  fmt::print(stderr, "bulwark: stopped\n");
  return 0;
}

std::atomic<bool> g_worker_stop{false};
extern "C" void on_worker_signal(int) { g_worker_stop = true; }

int run_worker_cmd(Context& ctx, bool once, bool until_idle) {
  const auto db = database_path(ctx);
  const std::string id = fmt::format("cli-worker:{}", getpid());
  if (once) {
    auto r = server::run_one_job(db, id, system_clock());
    if (failed(ctx, r)) return ctx.exit_code;
    fmt::print("{}\n", *r ? "ran one job" : "no job to run");
    return 0;
  }
  // SIGTERM/SIGINT: finish the job in hand, give back nothing else, exit 0.
  std::signal(SIGTERM, on_worker_signal);
  std::signal(SIGINT, on_worker_signal);
  server::run_worker(db, id, system_clock(), g_worker_stop, until_idle);
  return 0;
}

Result<std::unique_ptr<accounts::AccountStore>> open_accounts(const Context& ctx) {
  return accounts::AccountStore::open(database_path(ctx));
}

std::string read_password(const std::string& from_env) {
  if (!from_env.empty()) {
    const char* v = std::getenv(from_env.c_str());
    return v ? v : "";
  }
  std::string line;
  std::getline(std::cin, line);
  return line;
}

}  // namespace

void add_server_commands(CLI::App& app, Context& ctx) {
  auto s = std::make_shared<ServeCli>();
  auto* serve = app.add_subcommand(
      "serve",
      "Run the team server: REST API, Dependency-Track-compatible upload API, job workers");
  serve->add_option("--listen", s->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--tls-cert", s->options.http.tls_cert, "PEM certificate chain (HTTPS)");
  serve->add_option("--tls-key", s->options.http.tls_key, "PEM private key (HTTPS)");
  serve->add_option("--workers", s->options.workers, "Job worker threads in this process")
      ->capture_default_str();
  serve->add_option("--threads", s->options.http.handler_threads, "Request handler threads")
      ->capture_default_str();
  serve
      ->add_option("--max-body", s->options.http.max_body,
                   "Largest request body in bytes (413 above)")
      ->capture_default_str();
  serve
      ->add_option("--max-connections", s->options.http.max_connections,
                   "Open connections (503 above)")
      ->capture_default_str();
  serve
      ->add_option("--request-timeout", s->options.http.request_timeout_s,
                   "Seconds to receive a request")
      ->capture_default_str();
  serve->add_flag("!--no-schedule", s->options.schedule, "Do not queue the nightly monitor");
  serve->add_flag("--nightly-db-update", s->options.nightly_db_update,
                  "Also queue a nightly db update");
  serve->add_flag("!--no-access-log", s->options.access_log, "No access log on standard error");
  serve->add_flag("!--no-response-cache", s->options.app.response_cache,
                  "Render every findings page anew (no per-thread page cache)");
  serve->callback([&ctx, s] { ctx.exit_code = run_serve(ctx, *s); });

  auto once = std::make_shared<bool>(false);
  auto until_idle = std::make_shared<bool>(false);
  auto* worker = app.add_subcommand(
      "worker", "Run queued jobs (SBOM processing, monitor, db update) beside a server");
  worker->add_flag("--once", *once, "Run at most one job, then exit");
  worker->add_flag("--until-idle", *until_idle,
                   "Exit once no job is queued or running (batch runs, benchmarks)");
  worker->callback(
      [&ctx, once, until_idle] { ctx.exit_code = run_worker_cmd(ctx, *once, *until_idle); });

  struct UserOpts {
    std::string name, password_env;
  };
  auto u = std::make_shared<UserOpts>();
  auto* user = app.add_subcommand("user", "Server accounts");
  user->require_subcommand(1);
  auto* uadd = user->add_subcommand("add", "Add a user (the password is read from standard input)");
  uadd->add_option("name", u->name, "User name")->required();
  uadd->add_option("--password-env", u->password_env,
                   "Read the password from this environment variable");
  uadd->callback([&ctx, u] {
    auto store = open_accounts(ctx);
    if (failed(ctx, store)) return;
    auto r = service::add_user(**store, u->name, read_password(u->password_env), system_clock());
    if (failed(ctx, r)) return;
    fmt::print("user {} added\n", r->name);
  });

  auto t = std::make_shared<service::TeamInput>();
  auto* team =
      app.add_subcommand("team", "Server teams: products they may see and change, permissions");
  team->require_subcommand(1);
  auto* tadd = team->add_subcommand("add", "Add a team (without --permission: upload and view)");
  tadd->add_option("name", t->name, "Team name")->required();
  tadd->add_option("--product", t->products, "A product the team may see and change (repeatable)");
  tadd->add_option("--permission", t->permissions,
                   "upload, view, triage, manage-products, cra-reporting, administer (repeatable)");
  tadd->add_option("--member", t->members, "A user of the team (repeatable)");
  tadd->callback([&ctx, t] {
    auto store = open_accounts(ctx);
    if (failed(ctx, store)) return;
    auto portfolio = open_portfolio(ctx);
    if (failed(ctx, portfolio)) return;
    auto r = service::add_team(**store, **portfolio, *t, system_clock());
    if (failed(ctx, r)) return;
    std::vector<std::string> perms;
    for (auto p : r->permissions) perms.emplace_back(accounts::permission_name(p));
    fmt::print("team {} added ({}; {} product(s))\n", r->name, join(perms, ", "),
               r->product_ids.size());
  });

  struct KeyOpts {
    std::string team, comment, expires;
  };
  auto k = std::make_shared<KeyOpts>();
  auto* apikey = app.add_subcommand("apikey", "Server API keys (X-Api-Key)");
  apikey->require_subcommand(1);
  auto* kcreate = apikey->add_subcommand(
      "create", "Create a key for a team; the key is printed once, alone on the last line");
  kcreate->add_option("--team", k->team, "The team the key acts for")->required();
  kcreate->add_option("--comment", k->comment, "What the key is for");
  kcreate->add_option("--expires", k->expires, "Expiry (RFC 3339); default: never");
  kcreate->callback([&ctx, k] {
    auto store = open_accounts(ctx);
    if (failed(ctx, store)) return;
    auto r = service::create_api_key(**store, k->team, k->comment, k->expires, system_clock());
    if (failed(ctx, r)) return;
    fmt::print("API key {} created for team {}{}; it is shown only now:\n", r->key.public_id,
               k->team, r->key.expires_at.empty() ? "" : " (expires " + r->key.expires_at + ")");
    fmt::print("{}\n", r->secret);
  });
}

}  // namespace bulwark::cli
