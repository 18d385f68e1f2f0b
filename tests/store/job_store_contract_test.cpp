// Contract of jobs::JobStore, run on every backend (tests/store/backends.hpp): jobs claimed by
// priority then age, only the kinds asked for, not before run_after, one running job per
// concurrency key; a lease that expires lets another worker claim the job and fences the old
// holder out (a killed worker's job is finished by another, exactly once); heartbeats, retries
// and final failure, release, lookups and counts; and two stores on one database claiming from
// two threads never share a job.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "backends.hpp"
#include "bulwark/jobs/store.hpp"

namespace bulwark::jobs {
namespace {

constexpr const char* kT0 = "2026-12-06T10:00:00Z";
constexpr const char* kT1 = "2026-12-06T10:00:30Z";
constexpr const char* kT2 = "2026-12-06T10:01:01Z";
constexpr const char* kT3 = "2026-12-06T10:05:00Z";

class JobStoreContract : public test::BackendTest {
 protected:
  std::unique_ptr<JobStore> open(const std::string& loc) {
    auto s = postgresql() ? JobStore::open_postgresql(loc) : JobStore::open_sqlite(loc);
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
  Job add(const std::string& kind, int priority = 0, const std::string& key = "",
          const std::string& run_after = "", int max_attempts = 3) {
    Job j;
    j.kind = kind;
    j.payload = R"({"n":1})";
    j.priority = priority;
    j.concurrency_key = key;
    j.run_after = run_after;
    j.max_attempts = max_attempts;
    j.created_at = kT0;
    auto r = store_->enqueue(j);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : Job{};
  }
  std::optional<Job> claim(const std::string& worker, const std::string& now = kT0,
                           const std::vector<std::string>& kinds = {}, int lease = 60) {
    auto r = store_->claim(worker, now, lease, kinds);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::nullopt;
  }
  std::string loc_;
  std::unique_ptr<JobStore> store_;
};

TEST_P(JobStoreContract, StateNames) {
  EXPECT_EQ(state_name(JobState::kQueued), "queued");
  EXPECT_EQ(state_name(JobState::kRunning), "running");
  EXPECT_EQ(state_name(JobState::kDone), "done");
  EXPECT_EQ(state_name(JobState::kFailed), "failed");
}

TEST_P(JobStoreContract, EnqueueAssignsTokenAndRefusesADuplicate) {
  Job a = add("sbom.process");
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.state, JobState::kQueued);
  ASSERT_EQ(a.token.size(), 36u);
  EXPECT_EQ(a.token[14], '4');
  for (char c : a.token) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-');
  EXPECT_NE(add("sbom.process").token, a.token);

  Job dup;
  dup.kind = "monitor";
  dup.token = a.token;
  auto r = store_->enqueue(dup);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);

  Job given;
  given.kind = "notify";
  given.token = "0b6f1f7e-3b7a-4c4f-9c1e-2f0a8f6b9d11";
  auto g = store_->enqueue(given);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->token, given.token);
  EXPECT_FALSE(g->created_at.empty());

  Job no_kind;
  auto bad = store_->enqueue(no_kind);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("kind"), std::string::npos);
}

TEST_P(JobStoreContract, InputIsKeptBesideThePayloadUntilTheJobIsDone) {
  // Any bytes (an uploaded SBOM may be UTF-16 or carry NULs), and large: status reads must not
  // carry them.
  std::string input(3 << 20, 'x');
  input[0] = '\0';
  input[1] = '\xff';
  input[input.size() - 1] = '\n';
  Job j;
  j.kind = "sbom.process";
  j.payload = R"({"product":"p"})";
  j.input = input;
  j.created_at = kT0;
  auto queued = store_->enqueue(j);
  ASSERT_TRUE(queued) << queued.error().message;
  Job plain = add("monitor");
  auto got = store_->input_of(queued->id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->size(), input.size());
  EXPECT_TRUE(*got == input);
  auto none = store_->input_of(plain.id);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->empty());
  auto missing = store_->input_of(queued->id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  // Status reads leave it out.
  auto by_token = store_->by_token(queued->token);
  ASSERT_TRUE(by_token && *by_token);
  EXPECT_TRUE((*by_token)->input.empty());
  EXPECT_EQ((*by_token)->payload, j.payload);
  auto c = claim("w1");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->id, queued->id);
  EXPECT_TRUE(c->input.empty());
  // A failed attempt keeps it for the retry; done drops it.
  ASSERT_TRUE(store_->fail(c->id, c->lease_version, "transient", kT0, kT0));
  auto again = store_->input_of(queued->id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), input.size());
  auto c2 = claim("w2", kT1);
  ASSERT_TRUE(c2);
  ASSERT_EQ(c2->id, queued->id);
  ASSERT_TRUE(store_->complete(c2->id, c2->lease_version, "{}", kT1));
  auto after = store_->input_of(queued->id);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

TEST_P(JobStoreContract, ClaimsByPriorityThenAge) {
  Job low = add("monitor", 0);
  Job high1 = add("sbom.process", 50);
  Job high2 = add("sbom.process", 50);
  Job mid = add("bundle", 10);
  std::vector<std::int64_t> order;
  while (auto j = claim("w1")) order.push_back(j->id);
  EXPECT_EQ(order, (std::vector<std::int64_t>{high1.id, high2.id, mid.id, low.id}));

  auto got = store_->by_id(high1.id);
  ASSERT_TRUE(got && *got);
  const Job& j = **got;
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_EQ(j.lease_owner, "w1");
  EXPECT_EQ(j.lease_version, 1);
  EXPECT_EQ(j.attempts, 1);
  EXPECT_EQ(j.started_at, kT0);
  EXPECT_EQ(j.lease_until, "2026-12-06T10:01:00Z");
  EXPECT_EQ(j.payload, R"({"n":1})");
}

TEST_P(JobStoreContract, ClaimsOnlyTheKindsAsked) {
  Job m = add("monitor", 100);
  Job s = add("sbom.process", 0);
  auto j = claim("w", kT0, {"sbom.process", "bundle"});
  ASSERT_TRUE(j);
  EXPECT_EQ(j->id, s.id);
  EXPECT_FALSE(claim("w", kT0, {"sbom.process", "bundle"}));
  auto k = claim("w", kT0, {"monitor"});
  ASSERT_TRUE(k);
  EXPECT_EQ(k->id, m.id);
}

TEST_P(JobStoreContract, RunAfterIsRespected) {
  Job later = add("monitor", 0, "", kT2);
  EXPECT_FALSE(claim("w", kT0));
  EXPECT_FALSE(claim("w", kT1));
  auto j = claim("w", kT2);
  ASSERT_TRUE(j);
  EXPECT_EQ(j->id, later.id);
}

TEST_P(JobStoreContract, OneRunningJobPerConcurrencyKey) {
  Job a = add("sbom.process", 0, "release:7");
  Job b = add("sbom.process", 0, "release:7");
  Job c = add("sbom.process", 0, "release:8");
  Job d = add("sbom.process", 0, "");
  auto first = claim("w1");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, a.id);
  auto second = claim("w2");  // b waits for a
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, c.id);
  auto third = claim("w3");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->id, d.id);
  EXPECT_FALSE(claim("w4"));

  auto p = store_->pending("sbom.process", "release:7");
  ASSERT_TRUE(p);
  EXPECT_TRUE(*p);
  ASSERT_TRUE(store_->complete(a.id, first->lease_version, "{}", kT1));
  auto next = claim("w4", kT1);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, b.id);
  ASSERT_TRUE(store_->complete(b.id, next->lease_version, "{}", kT1));
  p = store_->pending("sbom.process", "release:7");
  ASSERT_TRUE(p);
  EXPECT_FALSE(*p);
  p = store_->pending("monitor", "release:8");
  ASSERT_TRUE(p);
  EXPECT_FALSE(*p);
}

TEST_P(JobStoreContract, KeyedJobWaitsOnlyForALiveLease) {
  Job a = add("sbom.process", 0, "release:7");
  Job b = add("sbom.process", 0, "release:7");
  auto first = claim("w1", kT0, {}, 60);
  ASSERT_TRUE(first);
  EXPECT_FALSE(claim("w2", kT1));
  // The lease of a lapsed at 10:01:00: a is the older, so it is claimed again before b.
  auto again = claim("w2", kT2);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, a.id);
  EXPECT_FALSE(claim("w3", kT2));
  (void)b;
}

TEST_P(JobStoreContract, KilledWorkersJobIsFinishedByAnotherExactlyOnce) {
  Job j = add("sbom.process");
  auto w1 = claim("w1", kT0, {}, 60);
  ASSERT_TRUE(w1);
  EXPECT_FALSE(claim("w2", kT1));  // the lease of w1 is live
  auto w2 = claim("w2", kT2);      // w1 died: its lease lapsed at 10:01:00
  ASSERT_TRUE(w2);
  EXPECT_EQ(w2->id, j.id);
  EXPECT_EQ(w2->lease_owner, "w2");
  EXPECT_EQ(w2->lease_version, w1->lease_version + 1);
  EXPECT_EQ(w2->attempts, 2);

  // The old holder is fenced out of every lease operation.
  auto late = store_->complete(j.id, w1->lease_version, R"({"by":"w1"})", kT2);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kPrecondition);
  auto hb = store_->heartbeat(j.id, w1->lease_version, kT3);
  ASSERT_FALSE(hb);
  EXPECT_EQ(hb.error().code, ErrorCode::kPrecondition);
  auto f = store_->fail(j.id, w1->lease_version, "x", kT2, kT3);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::kPrecondition);
  auto rel = store_->release(j.id, w1->lease_version);
  ASSERT_FALSE(rel);
  EXPECT_EQ(rel.error().code, ErrorCode::kPrecondition);

  ASSERT_TRUE(store_->complete(j.id, w2->lease_version, R"({"by":"w2"})", kT2));
  auto twice = store_->complete(j.id, w2->lease_version, R"({"by":"w2"})", kT2);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kPrecondition);
  auto done = store_->by_id(j.id);
  ASSERT_TRUE(done && *done);
  EXPECT_EQ((*done)->state, JobState::kDone);
  EXPECT_EQ((*done)->result, R"({"by":"w2"})");
  EXPECT_EQ((*done)->finished_at, kT2);
  EXPECT_FALSE(claim("w3", kT3));

  auto unknown = store_->complete(9999, 1, "{}", kT2);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kPrecondition);
}

TEST_P(JobStoreContract, WorkerLostOnItsLastAttemptFailsTheJob) {
  Job j = add("sbom.process", 0, "", "", 1);
  ASSERT_TRUE(claim("w1", kT0, {}, 60));
  EXPECT_FALSE(claim("w2", kT2));  // the only attempt was used: not run again
  auto got = store_->by_id(j.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kFailed);
  EXPECT_EQ((*got)->finished_at, kT2);
  EXPECT_NE((*got)->result.find("lease expired"), std::string::npos);
}

TEST_P(JobStoreContract, HeartbeatExtendsTheLease) {
  Job j = add("db.update");
  auto w1 = claim("w1", kT0, {}, 60);
  ASSERT_TRUE(w1);
  ASSERT_TRUE(store_->heartbeat(j.id, w1->lease_version, kT3));
  auto got = store_->by_id(j.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->lease_until, kT3);
  EXPECT_FALSE(claim("w2", kT2));  // would have lapsed without the heartbeat
  EXPECT_TRUE(claim("w2", "2026-12-06T10:05:01Z"));
}

TEST_P(JobStoreContract, FailRetriesThenFailsFinally) {
  Job j = add("notify", 0, "", "", 2);
  auto a1 = claim("w", kT0);
  ASSERT_TRUE(a1);
  ASSERT_TRUE(store_->fail(j.id, a1->lease_version, "smtp down", kT0, kT2));
  auto got = store_->by_id(j.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kQueued);
  EXPECT_EQ((*got)->run_after, kT2);
  EXPECT_EQ((*got)->result, "smtp down");
  EXPECT_TRUE((*got)->finished_at.empty());
  EXPECT_FALSE(claim("w", kT1));  // back-off
  auto a2 = claim("w", kT2);
  ASSERT_TRUE(a2);
  EXPECT_EQ(a2->attempts, 2);
  ASSERT_TRUE(store_->fail(j.id, a2->lease_version, "smtp still down", kT2, kT3));
  got = store_->by_id(j.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kFailed);
  EXPECT_EQ((*got)->result, "smtp still down");
  EXPECT_EQ((*got)->finished_at, kT2);
  EXPECT_FALSE(claim("w", kT3));
}

TEST_P(JobStoreContract, ReleaseGivesTheJobBackWithoutCountingTheAttempt) {
  Job a = add("monitor");
  Job b = add("monitor");
  Job c = add("monitor");
  auto ca = claim("w1");
  auto cb = claim("w1");
  auto cc = claim("w2");
  ASSERT_TRUE(ca && cb && cc);
  ASSERT_TRUE(store_->release(a.id, ca->lease_version));
  auto got = store_->by_id(a.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kQueued);
  EXPECT_EQ((*got)->attempts, 0);
  EXPECT_TRUE((*got)->lease_owner.empty());
  auto twice = store_->release(a.id, ca->lease_version);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kPrecondition);

  auto n = store_->release_all("w1");  // b only: a is no longer running
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  got = store_->by_id(b.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kQueued);
  got = store_->by_id(c.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kRunning);  // w2's job untouched
  auto stale = store_->complete(b.id, cb->lease_version, "{}", kT1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPrecondition);

  auto again = claim("w3");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, a.id);
  EXPECT_EQ(again->attempts, 1);
  EXPECT_EQ(again->lease_version, ca->lease_version + 1);
}

TEST_P(JobStoreContract, LookupsRecentAndCounts) {
  Job a = add("monitor");
  Job b = add("sbom.process", 5);
  Job c = add("sbom.process");
  Job d;
  d.kind = "bundle";
  d.created_at = "2026-12-06T09:00:00Z";
  auto dd = store_->enqueue(d);
  ASSERT_TRUE(dd);

  auto t = store_->by_token(b.token);
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((*t)->id, b.id);
  EXPECT_EQ((*t)->kind, "sbom.process");
  EXPECT_EQ((*t)->priority, 5);
  auto none = store_->by_token("00000000-0000-4000-8000-000000000000");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto no_id = store_->by_id(12345);
  ASSERT_TRUE(no_id);
  EXPECT_FALSE(*no_id);

  auto all = store_->recent(10, "");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].id, dd->id);  // newest first
  EXPECT_EQ((*all)[3].id, a.id);
  auto sboms = store_->recent(1, "sbom.process");
  ASSERT_TRUE(sboms);
  ASSERT_EQ(sboms->size(), 1u);
  EXPECT_EQ((*sboms)[0].id, c.id);

  auto running = claim("w");  // b (priority 5)
  ASSERT_TRUE(running);
  auto to_fail = claim("w");  // a
  ASSERT_TRUE(to_fail);
  auto to_finish = claim("w");  // c
  ASSERT_TRUE(to_finish);
  ASSERT_TRUE(store_->complete(to_finish->id, to_finish->lease_version, "{}", kT1));
  ASSERT_TRUE(store_->fail(to_fail->id, to_fail->lease_version, "e", kT1, kT1));
  auto cnt = store_->counts();
  ASSERT_TRUE(cnt);
  EXPECT_EQ(cnt->running, 1u);
  EXPECT_EQ(cnt->done, 1u);
  EXPECT_EQ(cnt->queued, 2u);  // d, and a waiting for its retry
  EXPECT_EQ(cnt->failed, 0u);
  EXPECT_EQ(cnt->oldest_queued, "2026-12-06T09:00:00Z");

  auto empty_loc = fresh_location();
  auto empty = open(empty_loc);
  ASSERT_TRUE(empty);
  auto zero = empty->counts();
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->queued + zero->running + zero->done + zero->failed, 0u);
  EXPECT_TRUE(zero->oldest_queued.empty());
}

TEST_P(JobStoreContract, MalformedTimesAreRefusedNamingTheField) {
  auto r = store_->claim("w", "yesterday", 60, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().message.find("now"), std::string::npos);
  Job j;
  j.kind = "monitor";
  j.run_after = "soon";
  auto e = store_->enqueue(j);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("run_after"), std::string::npos);
}

TEST_P(JobStoreContract, ReopenedStoreKeepsTheQueue) {
  Job a = add("monitor");
  store_.reset();
  auto again = open(loc_);
  ASSERT_TRUE(again);
  auto got = again->by_token(a.token);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->id, a.id);
}

TEST_P(JobStoreContract, TwoStoresOnOneDatabaseNeverClaimTheSameJob) {
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i) add(i % 3 ? "sbom.process" : "monitor", i % 5);
  auto other = open(loc_);
  ASSERT_TRUE(other);

  std::mutex mu;
  std::map<std::int64_t, int> completed;  // job id -> completions
  std::vector<std::string> errors;
  auto work = [&](JobStore& s, const std::string& worker) {
    for (;;) {
      auto j = s.claim(worker, kT0, 600, {});
      if (!j) {
        std::lock_guard lock(mu);
        errors.push_back(worker + " claim: " + j.error().message);
        return;
      }
      if (!*j) return;
      auto c = s.complete((*j)->id, (*j)->lease_version, worker, kT1);
      std::lock_guard lock(mu);
      if (!c)
        errors.push_back(worker + " complete: " + c.error().message);
      else
        ++completed[(*j)->id];
    }
  };
  std::thread t1(work, std::ref(*store_), "w1");
  std::thread t2(work, std::ref(*other), "w2");
  t1.join();
  t2.join();

  EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
  EXPECT_EQ(completed.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, n] : completed) EXPECT_EQ(n, 1) << "job " << id;
  auto cnt = store_->counts();
  ASSERT_TRUE(cnt);
  EXPECT_EQ(cnt->done, static_cast<std::size_t>(kJobs));
  EXPECT_EQ(cnt->queued + cnt->running + cnt->failed, 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobStoreContract, ::testing::ValuesIn(test::store_backends()),
                         test::backend_name);

}  // namespace
}  // namespace bulwark::jobs
