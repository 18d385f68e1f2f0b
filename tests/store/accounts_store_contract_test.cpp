// Contract of accounts::AccountStore, run on every backend (tests/store/backends.hpp): users
// with unique names, teams with their permissions, products and members, API keys (unique public
// id, touched, revoked, expiry kept), sessions, login failures in a window, the append-only audit
// log (keyset paging, product filter, UPDATE and DELETE refused by the database itself), stable
// release UUIDs and archived releases.
#include <gtest/gtest.h>

#include <set>

#include "backends.hpp"
#include "bulwark/accounts/store.hpp"
#include "raw_db.hpp"

namespace bulwark::accounts {
namespace {

class AccountStoreContract : public test::BackendTest {
 protected:
  std::unique_ptr<AccountStore> open(const std::string& loc) {
    auto s = postgresql() ? AccountStore::open_postgresql(loc) : AccountStore::open_sqlite(loc);
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    loc_ = fresh_location();
    store_ = open(loc_);
    ASSERT_TRUE(store_);
  }
  User add_user(const std::string& name) {
    User u;
    u.name = name;
    u.password_hash = "$argon2id$v=19$m=1024,t=3,p=1$c2FsdA$aGFzaA";
    u.created_at = "2026-12-06T10:00:00Z";
    auto r = store_->add_user(u);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : User{};
  }
  Team add_team(const std::string& name, std::vector<Permission> perms = {Permission::kView}) {
    Team t;
    t.name = name;
    t.permissions = std::move(perms);
    t.created_at = "2026-12-06T10:00:00Z";
    auto r = store_->add_team(t);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : Team{};
  }
  AuditEntry audit(const std::string& action, std::int64_t product_id) {
    AuditEntry e;
    e.at = "2026-12-06T10:00:00Z";
    e.actor = "user:alice";
    e.action = action;
    e.object = "product:acme";
    e.product_id = product_id;
    e.before = "{}";
    e.after = R"({"state":"not_affected"})";
    e.request_id = "req-1";
    auto r = store_->append_audit(e);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : AuditEntry{};
  }
  static std::vector<std::int64_t> seqs(const std::vector<AuditEntry>& v) {
    std::vector<std::int64_t> out;
    for (const auto& e : v) out.push_back(e.seq);
    return out;
  }
  std::string loc_;
  std::unique_ptr<AccountStore> store_;
};

TEST_P(AccountStoreContract, PermissionNamesRoundTrip) {
  EXPECT_EQ(all_permissions().size(), 6u);
  for (Permission p : all_permissions()) EXPECT_EQ(parse_permission(permission_name(p)), p);
  EXPECT_EQ(permission_name(Permission::kManageProducts), "manage-products");
  EXPECT_EQ(permission_name(Permission::kCraReporting), "cra-reporting");
  EXPECT_EQ(parse_permission("administer"), Permission::kAdminister);
  EXPECT_FALSE(parse_permission("root"));
}

TEST_P(AccountStoreContract, UsersAreUniqueByName) {
  User alice = add_user("alice");
  EXPECT_GT(alice.id, 0);
  User dup;
  dup.name = "alice";
  auto r = store_->add_user(dup);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("name"), std::string::npos);

  auto got = store_->user("alice");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->id, alice.id);
  EXPECT_EQ((*got)->password_hash, alice.password_hash);
  EXPECT_FALSE((*got)->disabled);
  EXPECT_EQ((*got)->created_at, "2026-12-06T10:00:00Z");
  auto by_id = store_->user_by_id(alice.id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->name, "alice");
  auto none = store_->user("bob");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  ASSERT_TRUE(store_->set_password(alice.id, "$argon2id$new"));
  got = store_->user("alice");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->password_hash, "$argon2id$new");
  auto missing = store_->set_password(999, "x");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  User disabled;
  disabled.name = "mallory";
  disabled.disabled = true;
  auto d = store_->add_user(disabled);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->created_at.empty());
  auto dg = store_->user("mallory");
  ASSERT_TRUE(dg && *dg);
  EXPECT_TRUE((*dg)->disabled);

  // Listed by name; disabling and enabling again.
  auto all = store_->users();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice");
  EXPECT_EQ((*all)[1].name, "mallory");
  ASSERT_TRUE(store_->set_user_disabled(alice.id, true));
  got = store_->user("alice");
  ASSERT_TRUE(got && *got);
  EXPECT_TRUE((*got)->disabled);
  ASSERT_TRUE(store_->set_user_disabled(alice.id, false));
  got = store_->user("alice");
  ASSERT_TRUE(got && *got);
  EXPECT_FALSE((*got)->disabled);
  auto nobody = store_->set_user_disabled(999, true);
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreContract, TeamsRoundTripWithPermissionsProductsAndMembers) {
  User alice = add_user("alice");
  User bob = add_user("bob");
  Team t;
  t.name = "security";
  t.permissions = {Permission::kTriage, Permission::kView, Permission::kCraReporting};
  t.product_ids = {7, 3};
  t.user_ids = {alice.id};
  t.created_at = "2026-12-06T10:00:00Z";
  auto added = store_->add_team(t);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_GT(added->id, 0);
  ASSERT_EQ(added->uuid.size(), 36u);
  EXPECT_EQ(added->uuid[14], '4');
  EXPECT_EQ(added->permissions, (std::vector<Permission>{Permission::kView, Permission::kTriage,
                                                         Permission::kCraReporting}));
  EXPECT_EQ(added->product_ids, (std::vector<std::int64_t>{3, 7}));
  EXPECT_EQ(added->user_ids, (std::vector<std::int64_t>{alice.id}));

  auto dup = store_->add_team(t);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  Team given;
  given.name = "dev";
  given.uuid = "6F1C2A9E-0B4D-4C7A-9E21-3D5B8A0C1F22";
  auto g = store_->add_team(given);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->uuid, "6f1c2a9e-0b4d-4c7a-9e21-3d5b8a0c1f22");

  auto by_name = store_->team("security");
  ASSERT_TRUE(by_name && *by_name);
  EXPECT_EQ((*by_name)->uuid, added->uuid);
  EXPECT_EQ((*by_name)->product_ids, added->product_ids);

  Team changed = *added;
  changed.permissions = {Permission::kAdminister};
  changed.product_ids = {9};
  changed.user_ids = {alice.id, bob.id};
  auto up = store_->update_team(changed);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ(up->permissions, (std::vector<Permission>{Permission::kAdminister}));
  EXPECT_EQ(up->product_ids, (std::vector<std::int64_t>{9}));
  EXPECT_EQ(up->user_ids, (std::vector<std::int64_t>{alice.id, bob.id}));
  EXPECT_EQ(up->uuid, added->uuid);

  ASSERT_TRUE(store_->grant_product(added->id, 11));
  ASSERT_TRUE(store_->grant_product(added->id, 11));  // idempotent
  auto by_id = store_->team_by_id(added->id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->product_ids, (std::vector<std::int64_t>{9, 11}));
  auto no_team = store_->grant_product(999, 1);
  ASSERT_FALSE(no_team);
  EXPECT_EQ(no_team.error().code, ErrorCode::kNotFound);

  Team ghost;
  ghost.id = 999;
  ghost.name = "ghost";
  auto ghost_up = store_->update_team(ghost);
  ASSERT_FALSE(ghost_up);
  EXPECT_EQ(ghost_up.error().code, ErrorCode::kNotFound);
  Team stranger = *added;
  stranger.user_ids = {12345};
  auto bad_member = store_->update_team(stranger);
  ASSERT_FALSE(bad_member);
  EXPECT_EQ(bad_member.error().code, ErrorCode::kNotFound);
  by_id = store_->team_by_id(added->id);  // the failed update changed nothing
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->user_ids, (std::vector<std::int64_t>{alice.id, bob.id}));

  auto all = store_->teams();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "dev");
  EXPECT_EQ((*all)[1].name, "security");
  auto of_bob = store_->teams_of_user(bob.id);
  ASSERT_TRUE(of_bob);
  ASSERT_EQ(of_bob->size(), 1u);
  EXPECT_EQ((*of_bob)[0].name, "security");
  auto of_nobody = store_->teams_of_user(999);
  ASSERT_TRUE(of_nobody);
  EXPECT_TRUE(of_nobody->empty());
}

TEST_P(AccountStoreContract, KeysAreUniqueTouchedAndRevoked) {
  Team t = add_team("ci", {Permission::kUpload});
  Team other = add_team("ops");
  ApiKey k;
  k.public_id = "ab12cd34";
  k.secret_hash = std::string(64, 'a');
  k.team_id = t.id;
  k.comment = "GitLab CI";
  k.created_at = "2026-12-06T10:00:00Z";
  k.expires_at = "2027-12-06T10:00:00Z";
  auto added = store_->add_key(k);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_GT(added->id, 0);

  ApiKey dup = k;
  dup.secret_hash = std::string(64, 'b');
  auto r = store_->add_key(dup);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("public_id"), std::string::npos);

  ApiKey second = k;
  second.public_id = "zz99yy88";
  second.team_id = other.id;
  second.expires_at = "";
  ASSERT_TRUE(store_->add_key(second));

  auto got = store_->key("ab12cd34");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->secret_hash, k.secret_hash);
  EXPECT_EQ((*got)->team_id, t.id);
  EXPECT_EQ((*got)->comment, "GitLab CI");
  EXPECT_EQ((*got)->expires_at, "2027-12-06T10:00:00Z");
  EXPECT_TRUE((*got)->last_used_at.empty());
  EXPECT_FALSE((*got)->revoked);

  ASSERT_TRUE(store_->touch_key(added->id, "2026-12-06T11:00:00Z"));
  ASSERT_TRUE(store_->revoke_key(added->id));
  got = store_->key("ab12cd34");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->last_used_at, "2026-12-06T11:00:00Z");
  EXPECT_TRUE((*got)->revoked);
  auto missing = store_->revoke_key(999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto none = store_->key("nope0000");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  auto all = store_->keys(0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto of_ops = store_->keys(other.id);
  ASSERT_TRUE(of_ops);
  ASSERT_EQ(of_ops->size(), 1u);
  EXPECT_EQ((*of_ops)[0].public_id, "zz99yy88");
  EXPECT_TRUE((*of_ops)[0].expires_at.empty());

  ApiKey orphan = k;
  orphan.public_id = "orph0000";
  orphan.team_id = 999;
  auto o = store_->add_key(orphan);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreContract, SessionsAddGetDeleteAndExpire) {
  User alice = add_user("alice");
  Session s{"hash-1", alice.id, "csrf-1", "2026-12-06T10:00:00Z", "2026-12-06T18:00:00Z"};
  ASSERT_TRUE(store_->add_session(s));
  ASSERT_TRUE(store_->add_session(
      {"hash-2", alice.id, "csrf-2", "2026-12-06T10:00:00Z", "2026-12-07T10:00:00Z"}));
  auto dup = store_->add_session(s);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  auto got = store_->session("hash-1");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->user_id, alice.id);
  EXPECT_EQ((*got)->csrf_token, "csrf-1");
  EXPECT_EQ((*got)->created_at, "2026-12-06T10:00:00Z");
  EXPECT_EQ((*got)->expires_at, "2026-12-06T18:00:00Z");

  auto n = store_->delete_expired_sessions("2026-12-06T18:00:00Z");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  got = store_->session("hash-1");
  ASSERT_TRUE(got);
  EXPECT_FALSE(*got);
  ASSERT_TRUE(store_->session("hash-2").value());

  ASSERT_TRUE(store_->delete_session("hash-2"));
  ASSERT_TRUE(store_->delete_session("hash-2"));  // idempotent
  got = store_->session("hash-2");
  ASSERT_TRUE(got);
  EXPECT_FALSE(*got);
}

TEST_P(AccountStoreContract, LoginFailuresCountWithinTheWindow) {
  ASSERT_TRUE(store_->record_login_failure("alice", "2026-12-06T10:00:00Z"));
  ASSERT_TRUE(store_->record_login_failure("alice", "2026-12-06T10:05:00Z"));
  ASSERT_TRUE(store_->record_login_failure("alice", "2026-12-06T10:10:00Z"));
  ASSERT_TRUE(store_->record_login_failure("bob", "2026-12-06T10:10:00Z"));
  EXPECT_EQ(store_->login_failures_since("alice", "2026-12-06T10:00:00Z").value(), 3u);
  EXPECT_EQ(store_->login_failures_since("alice", "2026-12-06T10:05:00Z").value(), 2u);
  EXPECT_EQ(store_->login_failures_since("alice", "2026-12-06T10:10:01Z").value(), 0u);
  EXPECT_EQ(store_->login_failures_since("carol", "2026-12-06T09:00:00Z").value(), 0u);
  ASSERT_TRUE(store_->clear_login_failures("alice"));
  EXPECT_EQ(store_->login_failures_since("alice", "2026-12-06T09:00:00Z").value(), 0u);
  EXPECT_EQ(store_->login_failures_since("bob", "2026-12-06T09:00:00Z").value(), 1u);
}

TEST_P(AccountStoreContract, AuditAppendsPagesAndFiltersByProduct) {
  AuditEntry a = audit("triage.record", 7);
  AuditEntry b = audit("team.add", 0);
  AuditEntry c = audit("release.upload", 8);
  AuditEntry d = audit("triage.record", 7);
  EXPECT_LT(a.seq, b.seq);
  EXPECT_LT(b.seq, c.seq);
  EXPECT_LT(c.seq, d.seq);

  AuditQuery q;
  q.limit = 2;
  auto page1 = store_->audit(q);
  ASSERT_TRUE(page1);
  EXPECT_EQ(seqs(*page1), (std::vector<std::int64_t>{a.seq, b.seq}));
  EXPECT_EQ((*page1)[0].actor, "user:alice");
  EXPECT_EQ((*page1)[0].action, "triage.record");
  EXPECT_EQ((*page1)[0].object, "product:acme");
  EXPECT_EQ((*page1)[0].product_id, 7);
  EXPECT_EQ((*page1)[0].before, "{}");
  EXPECT_EQ((*page1)[0].after, R"({"state":"not_affected"})");
  EXPECT_EQ((*page1)[0].request_id, "req-1");
  EXPECT_EQ((*page1)[0].at, "2026-12-06T10:00:00Z");
  q.after_seq = page1->back().seq;
  auto page2 = store_->audit(q);
  ASSERT_TRUE(page2);
  EXPECT_EQ(seqs(*page2), (std::vector<std::int64_t>{c.seq, d.seq}));
  q.after_seq = page2->back().seq;
  auto page3 = store_->audit(q);
  ASSERT_TRUE(page3);
  EXPECT_TRUE(page3->empty());

  AuditQuery only7;
  only7.product_ids = std::vector<std::int64_t>{7};
  auto p7 = store_->audit(only7);
  ASSERT_TRUE(p7);
  EXPECT_EQ(seqs(*p7), (std::vector<std::int64_t>{a.seq, d.seq}));
  only7.product_ids = std::vector<std::int64_t>{7, 8};
  only7.after_seq = a.seq;
  auto p78 = store_->audit(only7);
  ASSERT_TRUE(p78);
  EXPECT_EQ(seqs(*p78), (std::vector<std::int64_t>{c.seq, d.seq}));
  AuditQuery none;
  none.product_ids = std::vector<std::int64_t>{};
  auto pn = store_->audit(none);
  ASSERT_TRUE(pn);
  EXPECT_TRUE(pn->empty());
  none.product_ids = std::vector<std::int64_t>{0};  // entries about no product are not a product's
  pn = store_->audit(none);
  ASSERT_TRUE(pn);
  EXPECT_TRUE(pn->empty());

  AuditEntry no_actor;
  no_actor.action = "x";
  auto bad = store_->append_audit(no_actor);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_P(AccountStoreContract, TheDatabaseRefusesToRewriteTheAuditLog) {
  audit("triage.record", 7);
  audit("team.add", 0);
  store_.reset();
  for (const char* sql : {"UPDATE audit_log SET actor = 'user:mallory'", "DELETE FROM audit_log"}) {
    auto err = test::raw_exec(loc_, sql);
    ASSERT_TRUE(err) << sql;
    EXPECT_NE(err->find("append-only"), std::string::npos) << *err;
  }

  store_ = open(loc_);
  ASSERT_TRUE(store_);
  auto all = store_->audit({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].actor, "user:alice");
}

TEST_P(AccountStoreContract, ReleaseUuidsAreStableUniqueAndReversible) {
  auto u1 = store_->release_uuid(1);
  ASSERT_TRUE(u1) << u1.error().message;
  ASSERT_EQ(u1->size(), 36u);
  EXPECT_EQ((*u1)[14], '4');
  EXPECT_EQ(store_->release_uuid(1).value(), *u1);
  std::set<std::string> seen{*u1};
  for (std::int64_t id = 2; id <= 50; ++id) seen.insert(store_->release_uuid(id).value());
  EXPECT_EQ(seen.size(), 50u);

  auto back = store_->release_by_uuid(*u1);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, 1);
  std::string upper = *u1;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto back_upper = store_->release_by_uuid(upper);
  ASSERT_TRUE(back_upper && *back_upper);
  EXPECT_EQ(**back_upper, 1);
  auto none = store_->release_by_uuid("00000000-0000-4000-8000-000000000000");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  store_.reset();
  store_ = open(loc_);
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->release_uuid(1).value(), *u1);  // stable across restarts
}

TEST_P(AccountStoreContract, ArchivedReleases) {
  EXPECT_FALSE(store_->archived(5).value());
  ASSERT_TRUE(store_->archive_release(5, "2026-12-06T10:00:00Z"));
  ASSERT_TRUE(store_->archive_release(5, "2026-12-06T11:00:00Z"));  // idempotent
  EXPECT_TRUE(store_->archived(5).value());
  EXPECT_FALSE(store_->archived(6).value());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreContract,
                         ::testing::ValuesIn(test::store_backends()), test::backend_name);

}  // namespace
}  // namespace bulwark::accounts
