// Internal to the account store implementations: the row mappers of the account tables, written
// once for both backends. `Row` is a SQLite statement positioned on a row
// (vulndb::detail::Statement) or a PostgreSQL row (pg::Rows::Row): text(i), integer(i), boolean(i).
#pragma once

#include <string>

#include "bulwark/accounts/store.hpp"

namespace bulwark::accounts::detail {

// id, name, password_hash, disabled, created_at
template <class Row>
User read_user(const Row& r) {
  return User{r.integer(0), std::string(r.text(1)), std::string(r.text(2)), r.boolean(3),
              std::string(r.text(4))};
}

// id, public_id, secret_hash, team_id, comment, created_at, expires_at, last_used_at, revoked
template <class Row>
ApiKey read_key(const Row& r) {
  ApiKey k;
  k.id = r.integer(0);
  k.public_id = r.text(1);
  k.secret_hash = r.text(2);
  k.team_id = r.integer(3);
  k.comment = r.text(4);
  k.created_at = r.text(5);
  k.expires_at = r.text(6);
  k.last_used_at = r.text(7);
  k.revoked = r.boolean(8);
  return k;
}

// seq, at, actor, action, object, product_id, before, after, request_id
template <class Row>
AuditEntry read_audit(const Row& r) {
  AuditEntry e;
  e.seq = r.integer(0);
  e.at = r.text(1);
  e.actor = r.text(2);
  e.action = r.text(3);
  e.object = r.text(4);
  e.product_id = r.integer(5);
  e.before = r.text(6);
  e.after = r.text(7);
  e.request_id = r.text(8);
  return e;
}

}  // namespace bulwark::accounts::detail
