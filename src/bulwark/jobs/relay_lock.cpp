// RelayLock (relay_lock.hpp): pg_try_advisory_lock on a connection kept for the purpose.
#include "bulwark/jobs/relay_lock.hpp"

#include <optional>

#include "bulwark/pg/pg.hpp"

namespace bulwark::jobs {
namespace {

// The lock's key: hashtextextended('bulwark.notify.relay', 0), computed by the server.
constexpr std::string_view kTry =
    "SELECT pg_try_advisory_lock(hashtextextended('bulwark.notify.relay', 0))";
constexpr std::string_view kUnlock =
    "SELECT pg_advisory_unlock(hashtextextended('bulwark.notify.relay', 0))";

class AlwaysHeld final : public RelayLock {
 public:
  bool try_hold() override { return true; }
};

class PgRelayLock final : public RelayLock {
 public:
  explicit PgRelayLock(std::string url) : url_(std::move(url)) {}

  bool try_hold() override {
    if (!db_) {
      auto c = pg::Connection::open(url_, pg::default_statement_timeout());
      if (!c) return false;
      db_.emplace(std::move(*c));
      held_ = false;
    }
    auto r = db_->query(kTry);
    if (!r) {  // the connection (and with it the lock) is gone
      db_.reset();
      held_ = false;
      return false;
    }
    const bool got = !r->empty() && r->text(0, 0) == "t";
    // Session locks stack: a holder that took it again gives the extra level back at once.
    if (got && held_) (void)db_->query(kUnlock);
    held_ = got;
    return held_;
  }

 private:
  std::string url_;
  std::optional<pg::Connection> db_;
  bool held_ = false;
};

}  // namespace

Result<std::unique_ptr<RelayLock>> RelayLock::open(const std::string& location) {
  if (pg::is_url(location))
    return std::unique_ptr<RelayLock>(std::make_unique<PgRelayLock>(location));
  return std::unique_ptr<RelayLock>(std::make_unique<AlwaysHeld>());
}

}  // namespace bulwark::jobs
