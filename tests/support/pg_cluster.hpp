// A throwaway PostgreSQL cluster for the store contract tests (backend "postgresql"): started on
// first use in this test process (initdb in a fresh temporary directory, run as the unprivileged
// user "nobody" when the tests run as root, listening on a free loopback port, fsync off) and
// stopped and removed when the process exits. Each fresh_database() is a new database owned by
// an ordinary (non-superuser) login role, as at run time.
#pragma once

#include <optional>
#include <string>

namespace bulwark::test {

// Why the cluster cannot run here (no initdb, start failed), or nullopt when it can.
std::optional<std::string> pg_unavailable();

// The URL of a new, empty database on the cluster (postgresql://...); "" when unavailable.
std::string pg_fresh_database();

}  // namespace bulwark::test
