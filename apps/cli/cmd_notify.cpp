// bulwark notify add (webhook|email|slack|teams) | list | test | remove | deliver: parse, call
// service/notify.hpp, render. Rules take every event unless --event is given.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <thread>

#include "bulwark/core/clock.hpp"
#include "bulwark/core/text.hpp"
#include "bulwark/notify/store.hpp"
#include "bulwark/portfolio/cra_store.hpp"
#include "bulwark/portfolio/store.hpp"
#include "bulwark/service/notify.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace bulwark::cli {
namespace {

struct AddCli {
  notify::Rule rule;
  std::string target;  // URL, or the email address
  std::string password_env;
  bool digest = false;
};

std::atomic<bool> g_stop{false};

Result<std::unique_ptr<notify::Store>> open_notify(const Context& ctx) {
  return notify::Store::open(database_path(ctx));
}

int run_add(Context& ctx, AddCli& a, notify::Destination d) {
  a.rule.destination = d;
  if (d == notify::Destination::kEmail) {
    a.rule.email_to = a.target;
  } else {
    a.rule.url = a.target;
  }
  if (a.digest) a.rule.mode = "digest";
  if (!a.password_env.empty()) {
    const char* v = std::getenv(a.password_env.c_str());
    if (!v) {
      report_error(ctx, Error{ErrorCode::kInvalidInput,
                              "environment variable " + a.password_env + " is not set"});
      return ctx.exit_code;
    }
    a.rule.smtp_password = v;
  }
  auto store = open_notify(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto added = service::add_notification_rule(**store, a.rule, system_clock());
  if (failed(ctx, added)) return ctx.exit_code;
  fmt::print("notification rule {} added: {} {} ({})\n", added->id,
             notify::destination_name(added->destination),
             d == notify::Destination::kEmail ? added->email_to : added->url,
             added->events.empty() ? std::string("every event") : join(added->events));
  return 0;
}

void add_destination(CLI::App* add, Context& ctx, notify::Destination d, const char* what,
                     const char* help) {
  auto a = std::make_shared<AddCli>();
  auto* sub = add->add_subcommand(std::string(notify::destination_name(d)), help);
  sub->add_option(d == notify::Destination::kEmail ? "ADDRESS" : "URL", a->target, what)
      ->required();
  sub->add_option("--event", a->rule.events,
                  "Event to notify (repeatable; default every event): finding.new, "
                  "finding.changed, finding.resolved, finding.kev, case.deadline, "
                  "support.ending, sbom.failed");
  sub->add_option("--product", a->rule.products, "Only these products (repeatable)");
  sub->add_option("--min-priority", a->rule.min_priority,
                  "Findings at this priority or more urgent (P0..P4)");
  sub->add_option("--min-severity", a->rule.min_severity,
                  "Findings at this severity or higher (critical, high, medium, low)");
  sub->add_flag("--digest", a->digest, "One message a day instead of one per event");
  sub->add_option("--digest-hour", a->rule.digest_hour, "UTC hour of the daily digest (8)");
  sub->add_option("--deadline-hours", a->rule.deadline_hours,
                  "case.deadline: Article 14 deadlines due within this many hours (24)");
  sub->add_option("--support-days", a->rule.support_days,
                  "support.ending: support periods ending within this many days (30)");
  sub->add_option("--name", a->rule.name, "A name shown in lists");
  if (d == notify::Destination::kWebhook)
    sub->add_option("--secret", a->rule.secret,
                    "HMAC-SHA256 key of the X-Bulwark-Signature header");
  if (d == notify::Destination::kEmail) {
    sub->add_option("--smtp", a->rule.url, "SMTP server: smtp://host:587 or smtps://host:465")
        ->required();
    sub->add_option("--from", a->rule.email_from, "Sender address (bulwark@<smtp host>)");
    sub->add_option("--smtp-user", a->rule.smtp_user, "SMTP user name");
    sub->add_option("--smtp-password-env", a->password_env,
                    "Environment variable holding the SMTP password");
    sub->add_option("--tls", a->rule.smtp_tls,
                    "STARTTLS: all (required, default), try, none (loopback tests only)");
  }
  sub->callback([&ctx, a, d] { ctx.exit_code = run_add(ctx, *a, d); });
}

int run_list(Context& ctx, bool as_json) {
  auto store = open_notify(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto rules = service::list_notification_rules(**store);
  if (failed(ctx, rules)) return ctx.exit_code;
  if (as_json) {
    std::string out = "[";
    for (std::size_t i = 0; i < rules->size(); ++i)
      out += (i ? "," : "") + notify::rule_json((*rules)[i]);
    fmt::print("{}]\n", out);
    return 0;
  }
  if (rules->empty()) fmt::print("no notification rules\n");
  for (const auto& r : *rules)
    fmt::print("{:>4}  {:<8} {:<40} events: {}  products: {}  min: {}{}  {}{}\n", r.id,
               notify::destination_name(r.destination),
               r.destination == notify::Destination::kEmail ? r.email_to : r.url,
               r.events.empty() ? std::string("all") : join(r.events),
               r.products.empty() ? std::string("all") : join(r.products),
               r.min_priority.empty() ? "-" : r.min_priority,
               r.min_severity.empty() ? "" : "/" + r.min_severity, r.mode,
               r.enabled ? "" : " (disabled)");
  auto counts = (*store)->counts();
  if (counts)
    fmt::print("outbox: {} pending, {} delivered, {} failed, {} events to fan out\n",
               counts->pending, counts->delivered, counts->failed, counts->events_pending_fan_out);
  return 0;
}

Result<std::int64_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return invalid_input("rule id '" + text + "': a number is required");
  return std::stoll(text);
}

int run_test(Context& ctx, const std::string& id_text) {
  auto id = parse_id(id_text);
  if (failed(ctx, id)) return ctx.exit_code;
  auto store = open_notify(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  auto sent = service::test_notification_rule(**store, *id, system_clock());
  if (failed(ctx, sent)) return ctx.exit_code;
  if (sent->ok) {
    fmt::print("test notification delivered (status {})\n", sent->status);
    return 0;
  }
  report_error(ctx, Error{ErrorCode::kIo, "test notification not delivered: " + sent->error});
  return ctx.exit_code;
}

int run_remove(Context& ctx, const std::string& id_text) {
  auto id = parse_id(id_text);
  if (failed(ctx, id)) return ctx.exit_code;
  auto store = open_notify(ctx);
  if (failed(ctx, store)) return ctx.exit_code;
  if (failed(ctx, service::remove_notification_rule(**store, *id))) return ctx.exit_code;
  fmt::print("notification rule {} removed\n", *id);
  return 0;
}

int run_deliver(Context& ctx, bool once, int interval_ms) {
  const auto db = database_path(ctx);
  auto store = notify::Store::open(db);
  if (failed(ctx, store)) return ctx.exit_code;
  auto portfolio = portfolio::Store::open(db);
  if (failed(ctx, portfolio)) return ctx.exit_code;
  auto cra = portfolio::CraStore::open(db);
  if (failed(ctx, cra)) return ctx.exit_code;
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  auto last_check = std::chrono::steady_clock::time_point{};
  service::DeliveryStats total;
  while (!g_stop) {
    if (std::chrono::steady_clock::now() - last_check > std::chrono::minutes(1)) {
      auto c = service::check_clocks(**portfolio, **cra, **store, system_clock());
      if (failed(ctx, c)) return ctx.exit_code;
      last_check = std::chrono::steady_clock::now();
    }
    auto r = service::deliver_notifications(**store, system_clock());
    if (failed(ctx, r)) return ctx.exit_code;
    total.fanned_out += r->fanned_out;
    total.sent += r->sent;
    total.delivered += r->delivered;
    total.retried += r->retried;
    total.failed += r->failed;
    if (once) break;
    if (r->sent == 0) std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  }
  fmt::print(
      "notifications: {} events fanned out, {} messages sent, {} delivered, {} to retry, "
      "{} failed\n",
      total.fanned_out, total.sent, total.delivered, total.retried, total.failed);
  return 0;
}

}  // namespace

void add_notify_command(CLI::App& app, Context& ctx) {
  auto* notify_cmd = app.add_subcommand(
      "notify", "Notification rules (webhook, email, Slack, Teams) and their delivery");
  notify_cmd->require_subcommand(1);
  auto* add = notify_cmd->add_subcommand("add", "Add a notification rule");
  add->require_subcommand(1);
  add_destination(add, ctx, notify::Destination::kWebhook, "Webhook URL (http or https)",
                  "POST signed JSON to a URL");
  add_destination(add, ctx, notify::Destination::kEmail, "Recipient address",
                  "Send email over SMTP (STARTTLS)");
  add_destination(add, ctx, notify::Destination::kSlack, "Slack incoming-webhook URL",
                  "Post to a Slack-style incoming webhook");
  add_destination(add, ctx, notify::Destination::kTeams, "Teams incoming-webhook URL",
                  "Post to a Teams-style incoming webhook");

  auto as_json = std::make_shared<bool>(false);
  auto* list = notify_cmd->add_subcommand("list", "List notification rules and the outbox");
  list->add_flag("--json", *as_json, "JSON output");
  list->callback([&ctx, as_json] { ctx.exit_code = run_list(ctx, *as_json); });

  auto test_id = std::make_shared<std::string>();
  auto* test = notify_cmd->add_subcommand("test", "Send a test notification to one rule now");
  test->add_option("ID", *test_id, "Rule id")->required();
  test->callback([&ctx, test_id] { ctx.exit_code = run_test(ctx, *test_id); });

  auto remove_id = std::make_shared<std::string>();
  auto* remove = notify_cmd->add_subcommand("remove", "Remove a notification rule");
  remove->add_option("ID", *remove_id, "Rule id")->required();
  remove->callback([&ctx, remove_id] { ctx.exit_code = run_remove(ctx, *remove_id); });

  auto once = std::make_shared<bool>(false);
  auto interval = std::make_shared<int>(500);
  auto* deliver = notify_cmd->add_subcommand(
      "deliver",
      "Deliver due notifications (bulwark serve and bulwark worker do this too); until stopped");
  deliver->add_flag("--once", *once, "One pass (clock check, fan-out, due deliveries), then exit");
  deliver->add_option("--interval-ms", *interval, "Pause between passes when idle (500)");
  deliver->callback([&ctx, once, interval] { ctx.exit_code = run_deliver(ctx, *once, *interval); });
}

}  // namespace bulwark::cli
