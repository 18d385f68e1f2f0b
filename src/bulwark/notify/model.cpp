// Notification rules and events: validation, matching, the API's rule document, the host
// allow-list (see model.hpp).
#include "bulwark/notify/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bulwark/core/digest.hpp"
#include "bulwark/core/nesting.hpp"
#include "bulwark/core/text.hpp"

namespace bulwark::notify {
namespace {

constexpr std::size_t kMaxRuleDocument = 64 * 1024;
constexpr std::size_t kMaxListItems = 256;
constexpr std::size_t kMaxText = 2048;

bool printable(std::string_view s) {
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

Result<void> check_text(std::string_view field, std::string_view value) {
  if (value.size() > kMaxText)
    return invalid_input(fmt::format("{}: longer than {} characters", field, kMaxText));
  if (!printable(value))
    return invalid_input(fmt::format("{}: control characters are not allowed", field));
  return {};
}

// scheme://host[:port]/...: the scheme (lower case) and the authority's host.
struct UrlParts {
  std::string scheme, host;
  bool has_userinfo = false;
};
std::optional<UrlParts> split_url(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  UrlParts p;
  p.scheme = to_lower(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    p.has_userinfo = true;
    authority = authority.substr(at + 1);
  }
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    p.host = to_lower(authority.substr(1, close - 1));
  } else {
    p.host = to_lower(authority.substr(0, authority.find(':')));
  }
  if (p.host.empty()) return std::nullopt;
  return p;
}

}  // namespace

const std::vector<std::string_view>& event_kinds() {
  static const std::vector<std::string_view> kinds = {
      kFindingNew,   kFindingChanged, kFindingResolved, kFindingKev,
      kCaseDeadline, kSupportEnding,  kSbomFailed};
  return kinds;
}

bool is_event_kind(std::string_view kind) {
  const auto& k = event_kinds();
  return std::find(k.begin(), k.end(), kind) != k.end();
}

std::string_view destination_name(Destination d) {
  switch (d) {
    case Destination::kWebhook:
      return "webhook";
    case Destination::kEmail:
      return "email";
    case Destination::kSlack:
      return "slack";
    case Destination::kTeams:
      return "teams";
  }
  return "webhook";
}

std::optional<Destination> parse_destination(std::string_view name) {
  for (auto d :
       {Destination::kWebhook, Destination::kEmail, Destination::kSlack, Destination::kTeams})
    if (destination_name(d) == name) return d;
  return std::nullopt;
}

std::optional<int> priority_rank(std::string_view p) {
  if (p.size() == 2 && (p[0] == 'P' || p[0] == 'p') && p[1] >= '0' && p[1] <= '4')
    return p[1] - '0';
  return std::nullopt;
}

std::optional<int> severity_rank(std::string_view s) {
  const std::string l = to_lower(s);
  if (l == "critical") return 0;
  if (l == "high") return 1;
  if (l == "medium") return 2;
  if (l == "low") return 3;
  if (l == "none" || l == "unknown") return 4;
  return std::nullopt;
}

std::string url_host(std::string_view url) {
  auto p = split_url(url);
  return p ? p->host : std::string();
}

bool host_allowed(std::string_view host, std::string_view allow_list) {
  if (trim(allow_list).empty()) return true;
  const std::string h = to_lower(host);
  for (auto entry : split(allow_list, ',')) {
    const std::string e = to_lower(trim(entry));
    if (e.empty()) continue;
    if (e.starts_with("*.")) {
      const std::string suffix = e.substr(1);  // ".example.com"
      if (h.size() > suffix.size() && h.ends_with(suffix)) return true;
    } else if (h == e) {
      return true;
    }
  }
  return false;
}

std::string allowed_hosts_from_env() {
  const char* e = std::getenv("BULWARK_NOTIFY_ALLOWED_HOSTS");
  return e ? std::string(e) : std::string();
}

Result<void> validate(Rule& r) {
  for (auto [field, value] : {std::pair<std::string_view, const std::string*>{"name", &r.name},
                              {"url", &r.url},
                              {"secret", &r.secret},
                              {"email_to", &r.email_to},
                              {"email_from", &r.email_from},
                              {"smtp_user", &r.smtp_user},
                              {"smtp_password", &r.smtp_password}})
    if (auto c = check_text(field, *value); !c) return c;
  auto url = split_url(r.url);
  if (r.url.empty()) return invalid_input("url: required");
  if (!url) return invalid_input("url: not an absolute URL with a host");
  if (url->host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_:") != std::string::npos)
    return invalid_input(fmt::format("url: '{}' is not a host name or address", url->host));
  if (url->has_userinfo)
    return invalid_input(
        "url: credentials in the URL are not allowed (use the secret or smtp_user)");
  if (r.destination == Destination::kEmail) {
    if (url->scheme != "smtp" && url->scheme != "smtps")
      return invalid_input("url: an smtp:// or smtps:// server URL is required for email");
    if (r.email_to.empty()) return invalid_input("email_to: required for email");
    for (const std::string* a : {&r.email_to, &r.email_from}) {
      if (a->empty()) continue;
      const auto at = a->find('@');
      if (at == std::string::npos || at == 0 || at + 1 == a->size() ||
          a->find_first_of(" <>,;\"") != std::string::npos)
        return invalid_input(fmt::format("{}: '{}' is not an email address",
                                         a == &r.email_to ? "email_to" : "email_from", *a));
    }
    if (r.email_from.empty()) r.email_from = "bulwark@" + url->host;
    r.smtp_tls = to_lower(r.smtp_tls.empty() ? "all" : r.smtp_tls);
    if (r.smtp_tls != "all" && r.smtp_tls != "try" && r.smtp_tls != "none")
      return invalid_input("smtp_tls: one of all, try, none is required");
  } else {
    if (url->scheme != "http" && url->scheme != "https")
      return invalid_input("url: an http:// or https:// URL is required");
    if (!r.email_to.empty()) return invalid_input("email_to: only for email destinations");
  }
  if (!host_allowed(url->host, allowed_hosts_from_env()))
    return invalid_input(
        fmt::format("url: host '{}' is not in the allowed destination hosts", url->host));
  if (r.events.size() > kMaxListItems || r.products.size() > kMaxListItems)
    return invalid_input(fmt::format("events: at most {} items", kMaxListItems));
  for (auto& e : r.events) {
    e = to_lower(e);
    if (!is_event_kind(e))
      return invalid_input(
          fmt::format("events: '{}' is not an event (one of {})", e,
                      join(std::vector<std::string>(event_kinds().begin(), event_kinds().end()))));
  }
  std::sort(r.events.begin(), r.events.end());
  r.events.erase(std::unique(r.events.begin(), r.events.end()), r.events.end());
  for (const auto& p : r.products) {
    if (p.empty()) return invalid_input("products: an empty product name");
    if (auto c = check_text("products", p); !c) return c;
  }
  if (!r.min_priority.empty()) {
    if (!priority_rank(r.min_priority))
      return invalid_input("min_priority: one of P0, P1, P2, P3, P4 is required");
    r.min_priority = to_upper(r.min_priority);
  }
  if (!r.min_severity.empty()) {
    r.min_severity = to_lower(r.min_severity);
    auto rank = severity_rank(r.min_severity);
    if (!rank || *rank > 3)
      return invalid_input("min_severity: one of critical, high, medium, low is required");
  }
  r.mode = to_lower(r.mode.empty() ? "immediate" : r.mode);
  if (r.mode != "immediate" && r.mode != "digest")
    return invalid_input("mode: 'immediate' or 'digest' is required");
  if (r.digest_hour < 0 || r.digest_hour > 23) return invalid_input("digest_hour: 0..23");
  if (r.deadline_hours < 1 || r.deadline_hours > 24 * 30)
    return invalid_input("deadline_hours: 1..720");
  if (r.support_days < 1 || r.support_days > 3650) return invalid_input("support_days: 1..3650");
  return {};
}

bool matches(const Rule& r, const Event& e) {
  if (!r.enabled) return false;
  if (e.kind == kTest) return true;
  if (!r.events.empty() && std::find(r.events.begin(), r.events.end(), e.kind) == r.events.end())
    return false;
  if (!r.products.empty() &&
      std::find(r.products.begin(), r.products.end(), e.product) == r.products.end())
    return false;
  const bool finding = e.kind.starts_with("finding.");
  if (finding && !r.min_priority.empty()) {
    auto want = priority_rank(r.min_priority);
    auto got = priority_rank(e.priority);
    if (!got || (want && *got > *want)) return false;
  }
  if (finding && !r.min_severity.empty()) {
    auto want = severity_rank(r.min_severity);
    auto got = severity_rank(e.severity);
    if (!got || (want && *got > *want)) return false;
  }
  return true;
}

Result<Rule> rule_from_json(std::string_view text) {
  if (text.size() > kMaxRuleDocument)
    return invalid_input(fmt::format("body: larger than {} bytes", kMaxRuleDocument));
  if (auto d = check_json_depth(text, "body", 8); !d) return std::unexpected(d.error());
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return invalid_input(std::string("body: malformed JSON: ") + e.what());
  }
  if (!j.is_object()) return invalid_input("body: a JSON object is required");
  Rule r;
  bool have_destination = false;
  for (const auto& [key, v] : j.items()) {
    auto str = [&](std::string& out) -> Result<void> {
      if (!v.is_string()) return invalid_input(key + ": a string is required");
      out = v.get<std::string>();
      return {};
    };
    auto list = [&](std::vector<std::string>& out) -> Result<void> {
      if (!v.is_array()) return invalid_input(key + ": an array of strings is required");
      if (v.size() > kMaxListItems)
        return invalid_input(fmt::format("{}: at most {} items", key, kMaxListItems));
      for (const auto& item : v) {
        if (!item.is_string()) return invalid_input(key + ": an array of strings is required");
        out.push_back(item.get<std::string>());
      }
      return {};
    };
    auto integer = [&](int& out) -> Result<void> {
      if (!v.is_number_integer()) return invalid_input(key + ": an integer is required");
      const auto n = v.get<std::int64_t>();
      if (n < -1000000 || n > 1000000) return invalid_input(key + ": out of range");
      out = static_cast<int>(n);
      return {};
    };
    Result<void> ok;
    if (key == "destination") {
      std::string d;
      ok = str(d);
      if (ok) {
        auto dest = parse_destination(d);
        if (!dest) return invalid_input("destination: one of webhook, email, slack, teams");
        r.destination = *dest;
        have_destination = true;
      }
    } else if (key == "name") {
      ok = str(r.name);
    } else if (key == "url") {
      ok = str(r.url);
    } else if (key == "secret") {
      ok = str(r.secret);
    } else if (key == "email_to") {
      ok = str(r.email_to);
    } else if (key == "email_from") {
      ok = str(r.email_from);
    } else if (key == "smtp_user") {
      ok = str(r.smtp_user);
    } else if (key == "smtp_password") {
      ok = str(r.smtp_password);
    } else if (key == "smtp_tls") {
      ok = str(r.smtp_tls);
    } else if (key == "events") {
      ok = list(r.events);
    } else if (key == "products") {
      ok = list(r.products);
    } else if (key == "min_priority") {
      ok = str(r.min_priority);
    } else if (key == "min_severity") {
      ok = str(r.min_severity);
    } else if (key == "mode") {
      ok = str(r.mode);
    } else if (key == "digest_hour") {
      ok = integer(r.digest_hour);
    } else if (key == "deadline_hours") {
      ok = integer(r.deadline_hours);
    } else if (key == "support_days") {
      ok = integer(r.support_days);
    } else if (key == "enabled") {
      if (!v.is_boolean()) return invalid_input("enabled: a boolean is required");
      r.enabled = v.get<bool>();
    } else {
      return invalid_input(key.substr(0, 64) + ": unknown member");
    }
    if (!ok) return std::unexpected(ok.error());
  }
  if (!have_destination) return invalid_input("destination: required");
  if (auto v = validate(r); !v) return std::unexpected(v.error());
  return r;
}

std::string rule_json(const Rule& r) {
  nlohmann::ordered_json j;
  j["id"] = r.id;
  j["name"] = r.name;
  j["destination"] = std::string(destination_name(r.destination));
  j["url"] = r.url;
  j["secret_set"] = !r.secret.empty();
  if (r.destination == Destination::kEmail) {
    j["email_to"] = r.email_to;
    j["email_from"] = r.email_from;
    j["smtp_user"] = r.smtp_user;
    j["smtp_password_set"] = !r.smtp_password.empty();
    j["smtp_tls"] = r.smtp_tls;
  }
  j["events"] = r.events;
  j["products"] = r.products;
  j["min_priority"] = r.min_priority;
  j["min_severity"] = r.min_severity;
  j["mode"] = r.mode;
  j["digest_hour"] = r.digest_hour;
  j["deadline_hours"] = r.deadline_hours;
  j["support_days"] = r.support_days;
  j["enabled"] = r.enabled;
  j["created_at"] = r.created_at;
  return j.dump();
}

}  // namespace bulwark::notify
