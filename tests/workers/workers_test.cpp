// Work across processes (issue 16): real `bulwark worker` processes on one PostgreSQL database
// (a throwaway cluster, tests/support/pg_cluster) share the monitor, one job per release. Proven
// from the database (the job rows: state, attempts, lease version, lease holder) and from the
// workers' job log (one JSON line per claim and per outcome, with the lease it was under):
// every job completed exactly once under one lease, two jobs of one release never overlapped,
// the findings equal a single-process `bulwark monitor`; a worker killed (SIGKILL) mid-job loses
// its job to the other after the lease expires; a stopped worker's late completion is refused;
// an upload is taken before queued monitor jobs. Skipped with a message without PostgreSQL.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bulwark/core/base64.hpp"
#include "bulwark/jobs/relay_lock.hpp"
#include "bulwark/jobs/store.hpp"
#include "pg_cluster.hpp"
#include "shared.hpp"

namespace bulwark::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kReleases = 12;

std::string q(const fs::path& p) { return shell_quote(p); }

// One line of a worker's job log.
struct JobEvent {
  std::string worker, kind, key, event;
  std::int64_t job = 0, lease = 0, t_ms = 0;
};

std::vector<JobEvent> job_log(const fs::path& log) {
  std::vector<JobEvent> out;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("event")) continue;
    out.push_back({j["worker"], j["kind"], j["key"], j["event"], j["job"], j["lease"], j["t_ms"]});
  }
  return out;
}

// A `bulwark worker` process with its standard error in a file.
class WorkerProcess {
 public:
  WorkerProcess(const std::string& db, const fs::path& log, const std::string& env,
                const std::string& args) {
    const std::string cmd = "exec env " + env + " " + q(cli_path()) + " --db " + q(db) +
                            " worker " + args + " </dev/null >/dev/null 2>" + q(log);
    pid_ = fork();
    if (pid_ == 0) {
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~WorkerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  void signal(int sig) const { kill(pid_, sig); }
  // The exit status, or -1 when it has not exited within `seconds` (then it is killed).
  int wait(int seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

class Workers : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = pg_unavailable()) GTEST_SKIP() << "PostgreSQL is not available: " << *why;
    url_ = pg_fresh_database();
    ASSERT_FALSE(url_.empty());
    seed(url_);
  }

  RunResult cli(const std::string& db, const std::string& args) {
    auto r = run(q(cli_path()) + " --db " + q(db) + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r;
  }

  // A product with kReleases releases (the two sample SBOMs in turn), added while the
  // vulnerability database is empty, then the sample OSV records: the monitor finds everything.
  void seed(const std::string& db) {
    cli(db,
        "product add acme --vendor Acme --website https://acme.example --contact "
        "security@acme.example");
    const auto sboms = source_dir() / "data/sample/sbom";
    for (int i = 0; i < kReleases; ++i)
      cli(db, "release add acme 1." + std::to_string(i) + " --released 2026-03-02 --sbom " +
                  q(sboms / (i % 2 ? "sample-product-3.3.0.cdx.json" : "sample-product.cdx.json")));
    cli(db, "db import " + q(source_dir() / "data/sample/osv"));
  }

  // Finding ids per release version.
  std::map<std::string, std::set<std::string>> findings(const std::string& db) {
    std::map<std::string, std::set<std::string>> out;
    for (int i = 0; i < kReleases; ++i) {
      const std::string v = "1." + std::to_string(i);
      auto r = cli(db, "findings acme@" + v + " --format json");
      json doc = json::parse(r.out, nullptr, false);
      if (doc.is_discarded()) {
        ADD_FAILURE() << "findings acme@" << v << ": not JSON\n" << r.out;
        continue;
      }
      auto& ids = out[v];
      for (const auto& f : doc["findings"]) ids.insert(f["id"].get<std::string>());
    }
    return out;
  }

  std::vector<jobs::Job> all_jobs() {
    auto store = jobs::JobStore::open(url_);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return {};
    auto r = (*store)->recent(100000, "");
    EXPECT_TRUE(r);
    return r ? *r : std::vector<jobs::Job>{};
  }

  // The monitor fanned out by one worker run (`--once`): kReleases monitor.release jobs queued.
  void fan_out() {
    cli(url_, "monitor --queue");
    auto r = cli(url_, "worker --once");
    EXPECT_NE(r.out.find("ran one job"), std::string::npos) << r.out;
  }

  // Waits until the log shows a claimed job of `kind`; returns it.
  static std::optional<JobEvent> wait_for_start(const fs::path& log, const std::string& kind,
                                                int seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      for (const auto& e : job_log(log))
        if (e.event == "start" && e.kind == kind) return e;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
  }

  TempDir tmp_;
  std::string url_;
};

TEST_F(Workers, TwoWorkerProcessesShareTheMonitorAndRunEveryJobOnce) {
  // The reference: one process, `bulwark monitor`, on a SQLite database seeded alike.
  const std::string ref = (tmp_.path() / "ref.db").string();
  seed(ref);
  auto m = cli(ref, "monitor --format json");
  ASSERT_EQ(json::parse(m.out)["summary"]["releases"], kReleases);

  // Two monitor runs queued: two jobs per release, which must run one after the other.
  cli(url_, "monitor --queue");
  cli(url_, "monitor --queue");
  const std::string env = "BULWARK_JOB_LEASE_SECONDS=30 BULWARK_TEST_JOB_DELAY_MS=150";
  const auto log_a = tmp_.path() / "a.log", log_b = tmp_.path() / "b.log";
  WorkerProcess a(url_, log_a, env, "--until-idle");
  WorkerProcess b(url_, log_b, env, "--until-idle");
  ASSERT_EQ(a.wait(240), 0);
  ASSERT_EQ(b.wait(240), 0);

  // The database: every job done, claimed once, under lease version 1.
  const auto jobs = all_jobs();
  ASSERT_EQ(jobs.size(), 2u + 2u * kReleases);
  std::map<std::int64_t, jobs::Job> by_id;
  for (const auto& j : jobs) {
    EXPECT_EQ(j.state, jobs::JobState::kDone) << j.id << " " << j.result;
    EXPECT_EQ(j.attempts, 1) << j.id;
    EXPECT_EQ(j.lease_version, 1) << j.id;
    by_id[j.id] = j;
  }
  // The logs: one start and one done per job, by the lease holder the database names.
  auto events = job_log(log_a);
  for (auto& e : job_log(log_b)) events.push_back(e);
  std::map<std::int64_t, int> starts, dones;
  std::set<std::string> workers_done;
  std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> spans;  // per key
  std::map<std::int64_t, std::int64_t> started_at;
  for (const auto& e : events) {
    EXPECT_TRUE(e.event == "start" || e.event == "done") << e.event << " job " << e.job;
    if (e.event == "start") {
      ++starts[e.job];
      started_at[e.job] = e.t_ms;
    }
    if (e.event != "done") continue;
    ++dones[e.job];
    workers_done.insert(e.worker);
    ASSERT_TRUE(by_id.count(e.job));
    EXPECT_EQ(e.worker, by_id[e.job].lease_owner);
    EXPECT_EQ(e.lease, by_id[e.job].lease_version);
    if (e.kind == "monitor.release") spans[e.key].push_back({started_at[e.job], e.t_ms});
  }
  for (const auto& j : jobs) {
    EXPECT_EQ(starts[j.id], 1) << "job " << j.id;
    EXPECT_EQ(dones[j.id], 1) << "job " << j.id;
  }
  EXPECT_EQ(workers_done.size(), 2u) << "both processes took jobs";
  // One release at a time: the two jobs of a release never overlapped.
  ASSERT_EQ(spans.size(), static_cast<std::size_t>(kReleases));
  for (auto& [key, s] : spans) {
    ASSERT_EQ(s.size(), 2u) << key;
    std::sort(s.begin(), s.end());
    EXPECT_LE(s[0].second, s[1].first) << key << ": two jobs of one release overlapped";
  }
  // The findings are those of the single-process monitor.
  const auto got = findings(url_);
  const auto want = findings(ref);
  std::size_t total = 0;
  for (const auto& [v, ids] : want) total += ids.size();
  EXPECT_GT(total, 0u);
  EXPECT_EQ(got, want);
}

TEST_F(Workers, AKilledWorkersJobIsFinishedByTheOtherExactlyOnce) {
  fan_out();
  const std::string lease = "BULWARK_JOB_LEASE_SECONDS=2";
  const auto log_a = tmp_.path() / "a.log", log_b = tmp_.path() / "b.log";
  WorkerProcess a(url_, log_a, lease + " BULWARK_TEST_JOB_DELAY_MS=120000", "");
  auto held = wait_for_start(log_a, "monitor.release", 60);
  ASSERT_TRUE(held) << "worker A never claimed a release job";
  a.signal(SIGKILL);
  ASSERT_EQ(a.wait(10), 128 + SIGKILL);

  WorkerProcess b(url_, log_b, lease, "--until-idle");
  ASSERT_EQ(b.wait(120), 0);
  const auto jobs = all_jobs();
  ASSERT_EQ(jobs.size(), 1u + kReleases);
  const jobs::Job* taken = nullptr;
  for (const auto& j : jobs) {
    EXPECT_EQ(j.state, jobs::JobState::kDone) << j.id << " " << j.result;
    if (j.id == held->job) taken = &j;
  }
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(taken->lease_version, 2);  // A's lease (1), then B's
  EXPECT_EQ(taken->attempts, 2);
  EXPECT_NE(taken->lease_owner, held->worker);
  EXPECT_TRUE(json::parse(taken->result).contains("open")) << taken->result;
  // A finished nothing; B finished every release job once, the taken one under lease 2.
  for (const auto& e : job_log(log_a)) EXPECT_NE(e.event, "done");
  std::map<std::int64_t, int> dones;
  for (const auto& e : job_log(log_b)) {
    EXPECT_NE(e.event, "refused");
    if (e.event != "done") continue;
    ++dones[e.job];
    if (e.job == held->job) {
      EXPECT_EQ(e.lease, 2);
    }
  }
  EXPECT_EQ(dones.size(), static_cast<std::size_t>(kReleases));
  for (const auto& [job, n] : dones) EXPECT_EQ(n, 1) << "job " << job;
  // A completion under the killed lease is refused and changes nothing.
  auto store = jobs::JobStore::open(url_);
  ASSERT_TRUE(store);
  auto late = (*store)->complete(held->job, 1, R"({"late":true})", "2026-12-07T00:00:00Z");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kPrecondition);
  auto after = (*store)->by_id(held->job);
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->result, taken->result);
}

TEST_F(Workers, AStoppedWorkersLateCompletionIsRefused) {
  fan_out();
  const std::string lease = "BULWARK_JOB_LEASE_SECONDS=2";
  const auto log_a = tmp_.path() / "a.log", log_b = tmp_.path() / "b.log";
  WorkerProcess a(url_, log_a, lease + " BULWARK_TEST_JOB_DELAY_MS=3000", "--until-idle");
  auto held = wait_for_start(log_a, "monitor.release", 60);
  ASSERT_TRUE(held);
  a.signal(SIGSTOP);  // no heartbeat: its lease runs out while it still holds the job
  WorkerProcess b(url_, log_b, lease, "--until-idle");
  ASSERT_EQ(b.wait(120), 0);
  a.signal(SIGCONT);
  ASSERT_EQ(a.wait(60), 0);

  auto store = jobs::JobStore::open(url_);
  ASSERT_TRUE(store);
  auto job = (*store)->by_id(held->job);
  ASSERT_TRUE(job && *job);
  EXPECT_EQ((*job)->state, jobs::JobState::kDone);
  EXPECT_EQ((*job)->lease_version, 2);
  std::vector<std::string> outcomes_a, outcomes_b;
  for (const auto& e : job_log(log_a))
    if (e.job == held->job && e.event != "start") outcomes_a.push_back(e.event);
  for (const auto& e : job_log(log_b))
    if (e.job == held->job && e.event != "start") outcomes_b.push_back(e.event);
  EXPECT_EQ(outcomes_a, std::vector<std::string>{"refused"});  // lease 1, taken over
  EXPECT_EQ(outcomes_b, std::vector<std::string>{"done"});
  const auto events_b = job_log(log_b);
  ASSERT_FALSE(events_b.empty());
  EXPECT_EQ((*job)->lease_owner, events_b.front().worker);
}

TEST_F(Workers, AnUploadIsTakenBeforeQueuedMonitorJobs) {
  fan_out();
  std::ifstream in(source_dir() / "data/sample/sbom/sample-product.cdx.json", std::ios::binary);
  const std::string sbom((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An upload as submit_upload queues it (service/uploads.cpp).
  jobs::Job up;
  up.kind = "sbom.process";
  up.priority = 50;
  up.concurrency_key = "release:acme@9.0";
  up.payload = json{{"product", "acme"},
                    {"version", "9.0"},
                    {"team_id", 0},
                    {"actor", "test"},
                    {"sbom_name", "sample-product.cdx.json"},
                    {"sbom", base64_encode(sbom)}}
                   .dump();
  auto store = jobs::JobStore::open(url_);
  ASSERT_TRUE(store);
  auto queued = (*store)->enqueue(up);
  ASSERT_TRUE(queued) << queued.error().message;
  auto counts = (*store)->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->queued, 1u + kReleases);  // behind every release job of the monitor

  const auto log = tmp_.path() / "w.log";
  WorkerProcess w(url_, log, "BULWARK_JOB_LEASE_SECONDS=30", "--once");
  ASSERT_EQ(w.wait(60), 0);
  const auto events = job_log(log);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "sbom.process");
  EXPECT_EQ(events[1].event, "done");
  auto done = (*store)->by_id(queued->id);
  ASSERT_TRUE(done && *done);
  EXPECT_EQ((*done)->state, jobs::JobState::kDone);
}

// Whether the log has a line of the relay lock being acquired.
bool relays(const fs::path& log) {
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find(R"("relay":"acquired")") != std::string::npos) return true;
  return false;
}

TEST_F(Workers, OneProcessRelaysNotificationsAndAnotherTakesOverWhenItDies) {
  auto a = jobs::RelayLock::open(url_), b = jobs::RelayLock::open(url_);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE((*a)->try_hold());
  EXPECT_FALSE((*b)->try_hold());
  EXPECT_TRUE((*a)->try_hold());  // kept, not stacked: one reset frees it
  a->reset();
  EXPECT_TRUE((*b)->try_hold());
  b->reset();

  // The same between processes: the first worker relays, the second does not until the first
  // is killed (it tries every 5 s).
  const auto log_a = tmp_.path() / "a.log", log_b = tmp_.path() / "b.log";
  WorkerProcess wa(url_, log_a, "BULWARK_JOB_LEASE_SECONDS=30", "");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!relays(log_a) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(relays(log_a));
  WorkerProcess wb(url_, log_b, "BULWARK_JOB_LEASE_SECONDS=30", "");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // B has tried (it tries on start)
  EXPECT_FALSE(relays(log_b));
  wa.signal(SIGKILL);
  ASSERT_EQ(wa.wait(10), 128 + SIGKILL);
  const auto later = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!relays(log_b) && std::chrono::steady_clock::now() < later)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(relays(log_b));
  wb.signal(SIGTERM);
  EXPECT_EQ(wb.wait(30), 0);
}

}  // namespace
}  // namespace bulwark::test
