#!/usr/bin/env bash
# SQLite vs PostgreSQL (issue 16), on loopback, whole processes; never run by the tests.
#   1. `db import` of the corpora's OSV records: records/s;
#   2. `scan` of a 10,000-component SBOM (bench/gen_sbom.py): seconds;
#   3. first findings page (100) of a 2,000-component release at 64 connections (wrk against
#      `bulwark serve`, page cache off on both, since only SQLite has a change token): requests/s
#      and p99;
#   4. the monitor over RELEASES releases of COMPONENTS components (added before the vulnerability
#      data, so that every finding is new: the worst case) as jobs (`monitor --queue`), run by one
#      and by two `bulwark worker --until-idle` processes: wall time, and the proof that no job ran
#      twice (jobs, done, claims = sum of attempts, highest lease version, "done" lines in the
#      workers' job logs and distinct job ids among them, "refused" lines) and that both runs
#      found the same open findings as one `bulwark monitor` process.
# The PostgreSQL cluster is a throwaway one (initdb as user nobody when run as root, a free
# loopback port, removed on exit) with synchronous_commit=off, the durability of the SQLite
# files (WAL, synchronous=NORMAL: a crash may lose the last commits, never corrupt); fsync on.
# Usage: bash bench/postgresql.sh [BUILD_DIR]   (default build-release: `make build`)
# Env: BULWARK_SHARED (../shared), RELEASES (100), COMPONENTS (2000), WRK_SECONDS (10),
#      BULWARK_PG_BINDIR (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
BIN=$(realpath "$BUILD/bin/bulwark")
SHARED=${BULWARK_SHARED:-../shared}
RELEASES=${RELEASES:-100}
COMPONENTS=${COMPONENTS:-2000}
SECS=${WRK_SECONDS:-10}
command -v wrk >/dev/null || { echo "postgresql.sh: wrk is not installed (make setup)" >&2; exit 2; }
[ -d "$SHARED/corpora" ] || { echo "postgresql.sh: $SHARED/corpora is absent: the benchmark needs its OSV records" >&2; exit 2; }
PGBIN=${BULWARK_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "postgresql.sh: PostgreSQL server binaries not found (install postgresql-15)" >&2; exit 2; }
WORK=$(realpath -m "$BUILD/bench-results/postgresql")
rm -rf "$WORK"; mkdir -p "$WORK/sboms"
C="$SHARED/corpora"
OSV=("$C/golang-vulndb/data/osv" "$C/pypa-advisory-database/vulns" "$C/rustsec-advisory-db/crates" "$C/osv-records-misc")
unset BULWARK_DB BULWARK_DATABASE_URL BULWARK_NOW

# --- the throwaway cluster
PGDIR=$(mktemp -d /tmp/bulwark-bench-pg-XXXXXX)
as_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u nobody -- "$@"); else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown nobody "$PGDIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
as_owner "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --no-locale -E UTF8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c synchronous_commit=off -c max_connections=200 -c shared_buffers=512MB" \
  start >/dev/null
psql_admin() { "$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
psql_admin -d postgres -c "CREATE ROLE bench LOGIN"
newdb() {  # newdb NAME [TEMPLATE]: prints its URL
  psql_admin -d postgres -c "CREATE DATABASE $1 OWNER bench${2:+ TEMPLATE $2}"
  echo "postgresql://bench@127.0.0.1:$PORT/$1"
}
sql() {  # sql LOCATION QUERY: one row, columns separated by |
  case "$1" in
    postgresql://*) "$PGBIN/psql" -X -q -At -d "$1" -c "$2" ;;
    *) python3 -c 'import sqlite3,sys; print("|".join(str(v) for v in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()))' "$1" "$2" ;;
  esac
}
secs() { echo "$2 - $1" | bc; }
now() { date +%s.%N; }

# --- inputs
python3 bench/gen_sbom.py --count 10000 --seed 10000 --shared "$SHARED" --out "$WORK/sbom-10k.cdx.json" >/dev/null
# The release SBOMs of gen_sbom.py (seeds 1..RELEASES, as bench/handling.sh), in one process: the
# corpora are read once.
python3 - "$SHARED" "$COMPONENTS" "$RELEASES" "$WORK/sboms" <<'PY'
import json, random, sys
sys.path.insert(0, "bench")
import gen_sbom as g
shared, count, releases, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
pool, _ = g.collect(shared, g.DEFAULT_CORPORA)
for i in range(1, releases + 1):
    bom = g.build_bom(g.choose(pool, count, random.Random(i)), i, "1.6", count)
    with open(f"{out}/r{i}.cdx.json", "w", encoding="utf-8") as fh:
        json.dump(bom, fh, indent=1)
        fh.write("\n")
PY

declare -A R  # results: R[backend,metric]
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
run_backend() {  # run_backend NAME LOCATION MONITOR_SEED_LOCATION
  local be=$1 db=$2 t0 t1
  # 1. import
  t0=$(now); "$BIN" --db "$db" db import "${OSV[@]}" > "$WORK/$be-import.txt"; t1=$(now)
  R[$be,records]=$(sql "$db" "SELECT count(*) FROM records" 2>/dev/null || echo "?")
  R[$be,import_s]=$(secs "$t0" "$t1")
  # 2. scan of 10,000 components (the second run: warm caches on both)
  "$BIN" --db "$db" scan --format json "$WORK/sbom-10k.cdx.json" > "$WORK/$be-scan.json" || true
  t0=$(now); "$BIN" --db "$db" scan --format json "$WORK/sbom-10k.cdx.json" > "$WORK/$be-scan.json" || true; t1=$(now)
  R[$be,scan_s]=$(secs "$t0" "$t1")
  R[$be,scan_findings]=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/$be-scan.json")
  # 3. findings page at 64 connections
  "$BIN" --db "$db" product add bench --vendor Bench --website https://bench.example >/dev/null
  "$BIN" --db "$db" release add bench 2k --sbom "$WORK/sboms/r1.cdx.json" --released 2026-01-01 >/dev/null
  "$BIN" --db "$db" team add bench --product bench --permission view >/dev/null
  local key; key=$("$BIN" --db "$db" apikey create --team bench | tail -n 1)
  "$BIN" --db "$db" serve --listen 127.0.0.1:0 --workers 0 --no-access-log --no-schedule \
    --no-response-cache 2> "$WORK/$be-server.log" &
  local pid=$! port=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/$be-server.log" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.05
  done
  local page="http://127.0.0.1:$port/api/bulwark/v1/products/bench/releases/2k/findings?limit=100"
  R[$be,page_items]=$(curl -fsS -H "X-Api-Key: $key" "$page" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("%d of %d" % (len(d["items"]), d["total"]["count"]))')
  wrk -t2 -c64 -d"${SECS}s" --latency -H "X-Api-Key: $key" "$page" > "$WORK/$be-wrk.txt"
  kill -TERM "$pid"; wait "$pid" || true
  R[$be,rps]=$(awk '/Requests\/sec/ {print $2}' "$WORK/$be-wrk.txt")
  R[$be,p99]=$(awk '$1 == "99%" {print $2}' "$WORK/$be-wrk.txt")
  R[$be,non2xx]=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/$be-wrk.txt" | tr '\n' ' ')
}

# 4. the monitor: a seed database of RELEASES releases, then the vulnerability data; each run on
#    a copy of it (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite: the file copied).
seed_monitor() {  # seed_monitor LOCATION
  "$BIN" --db "$1" product add fleet --vendor Bench --website https://bench.example >/dev/null
  for i in $(seq 1 "$RELEASES"); do
    "$BIN" --db "$1" release add fleet "1.$i" --sbom "$WORK/sboms/r$i.cdx.json" --released 2026-01-01 >/dev/null
  done
  "$BIN" --db "$1" db import "${OSV[@]}" >/dev/null
}
monitor_run() {  # monitor_run BACKEND LOCATION WORKERS
  local be=$1 db=$2 n=$3 t0 t1 pids=()
  "$BIN" --db "$db" monitor --queue >/dev/null
  t0=$(now)
  for w in $(seq 1 "$n"); do
    "$BIN" --db "$db" worker --until-idle 2> "$WORK/$be-monitor$n-worker$w.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(now)
  R[$be,mon${n}_s]=$(secs "$t0" "$t1")
  R[$be,mon${n}_jobs]=$(sql "$db" "SELECT count(*) || ' jobs, ' || sum(CASE WHEN state = 'done' THEN 1 ELSE 0 END) || ' done, ' || sum(attempts) || ' claims, max lease ' || max(lease_version) FROM job")
  R[$be,mon${n}_log]=$(cat "$WORK/$be-monitor$n"-worker*.log | python3 -c '
import json, sys, collections
done, refused, per_worker = [], 0, collections.Counter()
for line in sys.stdin:
    try: e = json.loads(line)
    except ValueError: continue
    if e.get("event") == "done": done.append(e["job"]); per_worker[e["worker"]] += 1
    if e.get("event") == "refused": refused += 1
print("%d done lines, %d distinct jobs, %d refused; per worker %s" % (len(done), len(set(done)), refused, sorted(per_worker.values())))')
  R[$be,mon${n}_open]=$(sql "$db" "SELECT count(*) FROM finding WHERE resolved_at = ''")
}

# --- SQLite
SQ="$WORK/sqlite.db"
run_backend sqlite "$SQ"
seed_monitor "$WORK/monitor-seed.db"
for n in 0 1 2; do cp "$WORK/monitor-seed.db" "$WORK/monitor-$n.db"; done
t0=$(now); "$BIN" --db "$WORK/monitor-0.db" monitor --format json > "$WORK/sqlite-monitor0.json"; t1=$(now)
R[sqlite,mon0_s]=$(secs "$t0" "$t1")
R[sqlite,mon0_open]=$(sql "$WORK/monitor-0.db" "SELECT count(*) FROM finding WHERE resolved_at = ''")
monitor_run sqlite "$WORK/monitor-1.db" 1
monitor_run sqlite "$WORK/monitor-2.db" 2

# --- PostgreSQL
PG=$(newdb bench)
run_backend postgresql "$PG"
seed_monitor "$(newdb monitor_seed)"
for n in 0 1 2; do newdb "monitor_$n" monitor_seed >/dev/null; done
PGM="postgresql://bench@127.0.0.1:$PORT/monitor_"
t0=$(now); "$BIN" --db "${PGM}0" monitor --format json > "$WORK/postgresql-monitor0.json"; t1=$(now)
R[postgresql,mon0_s]=$(secs "$t0" "$t1")
R[postgresql,mon0_open]=$(sql "${PGM}0" "SELECT count(*) FROM finding WHERE resolved_at = ''")
monitor_run postgresql "${PGM}1" 1
monitor_run postgresql "${PGM}2" 2

# --- the table
ratio() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print("%.2f" % (b / a) if a else "-")' "$1" "$2" 2>/dev/null || echo "-"; }
rate() { python3 -c 'import sys; print("%.0f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2" 2>/dev/null || echo "?"; }
ms() { python3 -c 'import sys; v = sys.argv[1]; print("%.2f" % (float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000))' "$1" 2>/dev/null || echo "?"; }
{
  echo "bulwark: SQLite vs PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on loopback ($(nproc) cores; load before: $LOAD_BEFORE)"
  printf '%-52s %16s %16s %10s\n' "" "SQLite" "PostgreSQL" "PG/SQLite"
  is=$(rate "${R[sqlite,records]}" "${R[sqlite,import_s]}"); ip=$(rate "${R[postgresql,records]}" "${R[postgresql,import_s]}")
  printf '%-52s %16s %16s %10s\n' "db import, ${R[sqlite,records]} OSV records: records/s" "$is" "$ip" "$(ratio "$is" "$ip")"
  printf '%-52s %16s %16s %10s\n' "  (seconds)" "${R[sqlite,import_s]}" "${R[postgresql,import_s]}" "$(ratio "${R[sqlite,import_s]}" "${R[postgresql,import_s]}")"
  printf '%-52s %16s %16s %10s\n' "scan, 10,000 components: seconds" "${R[sqlite,scan_s]}" "${R[postgresql,scan_s]}" "$(ratio "${R[sqlite,scan_s]}" "${R[postgresql,scan_s]}")"
  printf '%-52s %16s %16s\n' "  findings" "${R[sqlite,scan_findings]}" "${R[postgresql,scan_findings]}"
  printf '%-52s %16s %16s %10s\n' "findings page 1 (${R[sqlite,page_items]}), 64 conns: req/s" "${R[sqlite,rps]}" "${R[postgresql,rps]}" "$(ratio "${R[sqlite,rps]}" "${R[postgresql,rps]}")"
  ps=$(ms "${R[sqlite,p99]}"); pp=$(ms "${R[postgresql,p99]}")
  printf '%-52s %16s %16s %10s\n' "  p99 latency (ms)" "$ps" "$pp" "$(ratio "$ps" "$pp")"
  printf '%-52s %16s %16s\n' "  errors" "${R[sqlite,non2xx]:-none}" "${R[postgresql,non2xx]:-none}"
  printf '%-52s %16s %16s %10s\n' "monitor, $RELEASES x $COMPONENTS components, one process (s)" "${R[sqlite,mon0_s]}" "${R[postgresql,mon0_s]}" "$(ratio "${R[sqlite,mon0_s]}" "${R[postgresql,mon0_s]}")"
  printf '%-52s %16s %16s %10s\n' "monitor as jobs, 1 worker process (s)" "${R[sqlite,mon1_s]}" "${R[postgresql,mon1_s]}" "$(ratio "${R[sqlite,mon1_s]}" "${R[postgresql,mon1_s]}")"
  printf '%-52s %16s %16s %10s\n' "monitor as jobs, 2 worker processes (s)" "${R[sqlite,mon2_s]}" "${R[postgresql,mon2_s]}" "$(ratio "${R[sqlite,mon2_s]}" "${R[postgresql,mon2_s]}")"
  printf '%-52s %16s %16s\n' "  open findings: 1 process / 1 worker / 2 workers" \
    "${R[sqlite,mon0_open]}/${R[sqlite,mon1_open]}/${R[sqlite,mon2_open]}" \
    "${R[postgresql,mon0_open]}/${R[postgresql,mon1_open]}/${R[postgresql,mon2_open]}"
  for be in sqlite postgresql; do
    for n in 1 2; do
      echo "  $be, $n worker(s): ${R[$be,mon${n}_jobs]}; ${R[$be,mon${n}_log]}"
    done
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the cores: compare ratios, not absolutes)"
} | tee "$WORK/summary.txt"
