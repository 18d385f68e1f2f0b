#!/usr/bin/env bash
# Team-server benchmarks (issue 11), with wrk from Debian on loopback; never run by the tests.
#   1. upload to findings ready: a 10,000-component SBOM through PUT (native API), timed until its
#      job is done (target <= 2 s): the first after the server started, then the median of
#      UPLOADS (default 4) more;
#   2. first page (100) of findings of a 2,000-component release at 64 connections: requests/s,
#      p50/p99 (target >= 10,000 requests/s and p99 <= 20 ms, wrk sharing the 2 cores);
#   3. 1,000 concurrent connections: errors (target 0);
#   4. a worker killed (SIGKILL) mid-job and the job finished by another, exactly once.
# Usage: bash bench/server.sh [BUILD_DIR]   (default build-release: the Release binary of `make build`)
# Env: BULWARK_SHARED (default ../shared; its OSV corpora feed the database and the SBOMs),
#      WRK_SECONDS (default 10), BULWARK_BIN (another binary than BUILD_DIR's, for a before/after
#      comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
BIN=$(realpath "${BULWARK_BIN:-$BUILD/bin/bulwark}")
SHARED=${BULWARK_SHARED:-../shared}
SECS=${WRK_SECONDS:-10}
command -v wrk >/dev/null || { echo "server.sh: wrk is not installed (make setup)" >&2; exit 2; }
[ -d "$SHARED/corpora" ] || { echo "server.sh: $SHARED/corpora is absent: the benchmark needs its OSV records" >&2; exit 2; }
WORK="$BUILD/bench-results/server"
rm -rf "$WORK"; mkdir -p "$WORK"
export BULWARK_DB="$WORK/bench.db"
C="$SHARED/corpora"
"$BIN" db import "$C/golang-vulndb/data/osv" "$C/pypa-advisory-database/vulns" "$C/rustsec-advisory-db/crates" \
  "$C/osv-records-misc" > "$WORK/import.log"
for n in 2000 10000; do
  python3 bench/gen_sbom.py --count "$n" --shared "$SHARED" --out "$WORK/sbom-$n.cdx.json" --seed "$n"
done
"$BIN" team add bench --permission upload --permission view --permission triage --permission manage-products >/dev/null
KEY=$("$BIN" apikey create --team bench | tail -n 1)

start_server() {  # start_server WORKERS [FLAGS...]: sets PID and URL
  local workers=$1; shift
  "$BIN" serve --listen 127.0.0.1:0 --workers "$workers" --no-access-log --no-schedule --max-connections 4096 "$@" \
    2> "$WORK/server.log" &
  PID=$!
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -n 1)
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  URL="http://127.0.0.1:$PORT/api/bulwark/v1"
}
# (sed, not a Python start per poll: the poller shares the two cores with the server)
job_state() { curl -fsS -H "X-Api-Key: $KEY" "$URL/jobs/$1" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p'; }
upload() {  # upload VERSION FILE: prints the job token
  curl -fsS -X PUT -H "X-Api-Key: $KEY" -H "Content-Type: application/octet-stream" \
    --data-binary "@$2" "$URL/products/bench/releases/$1/sbom" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
wait_done() {
  while true; do
    s=$(job_state "$1")
    [ "$s" = done ] && return 0
    [ "$s" = failed ] && { echo "server.sh: job $1 failed" >&2; return 1; }
    sleep 0.02
  done
}

start_server 2
# --- 1. upload to findings ready (10,000 components): the first upload after the server started
# (its worker's caches and heap cold), then UPLOADS more as new releases (steady state; median).
upload_ready() {  # upload_ready VERSION: prints seconds from the PUT to the job done
  local t0 t1 tok
  t0=$(date +%s.%N)
  tok=$(upload "$1" "$WORK/sbom-10000.cdx.json")
  wait_done "$tok"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
upload_s=$(upload_ready big)
steady=()
for i in $(seq 1 "${UPLOADS:-4}"); do steady+=("$(upload_ready "big$i")"); done
steady_median=$(printf '%s\n' "${steady[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
big_findings=$(curl -fsS -H "X-Api-Key: $KEY" "$URL/products/bench/releases/big/findings?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["count"])')

# --- 2. first page of findings of the 2,000-component release, 64 connections
wait_done "$(upload 2k "$WORK/sbom-2000.cdx.json")"
PAGE="$URL/products/bench/releases/2k/findings?limit=100"
page_findings=$(curl -fsS -H "X-Api-Key: $KEY" "$PAGE" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"]["count"], len(d["items"]))')
wrk -t2 -c64 -d"${SECS}s" --latency -H "X-Api-Key: $KEY" "$PAGE" > "$WORK/wrk-64.txt"
# --- 3. 1,000 concurrent connections
wrk -t2 -c1000 -d"${SECS}s" --latency -H "X-Api-Key: $KEY" "$PAGE" > "$WORK/wrk-1000.txt"
kill -TERM "$PID"; wait "$PID" || true
# --- 2b. the same page rendered anew on every request (no page cache)
start_server 0 --no-response-cache
PAGE="$URL/products/bench/releases/2k/findings?limit=100"
wrk -t2 -c64 -d"${SECS}s" --latency -H "X-Api-Key: $KEY" "$PAGE" > "$WORK/wrk-64-nocache.txt"
kill -TERM "$PID"; wait "$PID" || true

# --- 4. a worker killed mid-job, the job finished by another (short leases)
export BULWARK_JOB_LEASE_SECONDS=3
start_server 0
# The first worker is killed as soon as it holds the job; when it finished before the kill
# landed, the next upload is tried (at most five).
for try in 1 2 3 4 5; do
  tok=$(upload "killed$try" "$WORK/sbom-10000.cdx.json")
  "$BIN" worker > "$WORK/worker-a.log" 2>&1 &
  A=$!
  while true; do
    s=$(job_state "$tok")
    [ "$s" = running ] || [ "$s" = done ] || [ "$s" = failed ] && break
    sleep 0.005
  done
  kill -KILL "$A"; wait "$A" 2>/dev/null || true
  killed_state=$(job_state "$tok")
  [ "$killed_state" = running ] && break
done
"$BIN" worker > "$WORK/worker-b.log" 2>&1 &
B=$!
t0=$(date +%s.%N)
wait_done "$tok"
t1=$(date +%s.%N)
kill -TERM "$B"; wait "$B" 2>/dev/null || true
attempts=$(curl -fsS -H "X-Api-Key: $KEY" "$URL/jobs/$tok" | python3 -c 'import json,sys; print(json.load(sys.stdin)["attempts"])')
uploads=$(curl -fsS -H "X-Api-Key: $KEY" "$URL/audit?limit=500" | python3 -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin)["items"] if e["object"] == "release:bench@killed'"$try"'"))')
kill -TERM "$PID"; wait "$PID" || true

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
errs() { local e; e=$(awk '/Socket errors|Non-2xx/ {print}' "$1" | tr '\n' ' '); echo "${e:-none (no socket errors, no non-2xx responses)}"; }
{
  echo "bulwark server benchmarks ($(nproc) cores, wrk sharing them; $SECS s per wrk run)"
  printf '%-58s %s\n' "upload -> findings ready, 10,000 components ($big_findings findings)" "${upload_s} s, first after start (target <= 2 s)"
  printf '%-58s %s\n' "  the same, next ${#steady[@]} uploads: median (each)" "${steady_median} s (${steady[*]})"
  printf '%-58s %s\n' "findings page 1 (100 of ${page_findings% *}), 64 conns: requests/s" "$(rps "$WORK/wrk-64.txt") (target >= 10000)"
  printf '%-58s %s / %s\n' "  p50 / p99 latency" "$(pct "$WORK/wrk-64.txt" 50%)" "$(pct "$WORK/wrk-64.txt" 99%) (target p99 <= 20 ms)"
  printf '%-58s %s\n' "  the same without the page cache: requests/s" "$(rps "$WORK/wrk-64-nocache.txt")"
  printf '%-58s %s / %s\n' "  p50 / p99 latency (no page cache)" "$(pct "$WORK/wrk-64-nocache.txt" 50%)" "$(pct "$WORK/wrk-64-nocache.txt" 99%)"
  printf '%-58s %s\n' "1,000 connections: requests/s" "$(rps "$WORK/wrk-1000.txt")"
  printf '%-58s %s\n' "  p99 latency; errors" "$(pct "$WORK/wrk-1000.txt" 99%); $(errs "$WORK/wrk-1000.txt")"
  printf '%-58s %s\n' "killed worker: state after SIGKILL" "$killed_state"
  printf '%-58s %s\n' "  finished by the second worker after" "$(echo "$t1 - $t0" | bc) s; attempts $attempts; upload audit entries $uploads (exactly once: 1)"
} | tee "$WORK/summary.txt"
