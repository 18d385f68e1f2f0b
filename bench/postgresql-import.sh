#!/usr/bin/env bash
# `db import` of OSV records into SQLite and into PostgreSQL on loopback, side by side (issue 16:
# the PostgreSQL import streams batches with COPY FROM STDIN into staging tables). Whole
# processes, each into a fresh database, IMPORT_RUNS times; prints records/s (the median run).
# A second import of the same records into the filled database (every record unchanged) is
# timed too. Never run by the tests.
# Usage: bash bench/postgresql-import.sh [BUILD_DIR] [OSV_INPUT...]
#   BUILD_DIR: default build-release (`make build`); BULWARK_BIN overrides the binary (e.g. an
#   older build for a before/after comparison).
#   OSV_INPUT: directories or zips of OSV records; default the corpora's golang-vulndb,
#   pypa-advisory-database, rustsec-advisory-db and osv-records-misc (8,551 records), or e.g. the
#   osv/*/all.zip of bench/gen_fullsize.py.
# Env: BULWARK_SHARED (../shared), IMPORT_RUNS (3), BULWARK_PG_BINDIR (the newest
#      /usr/lib/postgresql/*/bin). The cluster: initdb as nobody when run as root, a free loopback
#      port, synchronous_commit=off (the durability of the SQLite files), fsync on; removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
shift || true
BIN=$(realpath "${BULWARK_BIN:-$BUILD/bin/bulwark}")
SHARED=${BULWARK_SHARED:-../shared}
RUNS=${IMPORT_RUNS:-3}
C="$SHARED/corpora"
if [ $# -gt 0 ]; then
  OSV=("$@")
else
  [ -d "$C" ] || { echo "postgresql-import.sh: $C is absent: give OSV inputs" >&2; exit 2; }
  OSV=("$C/golang-vulndb/data/osv" "$C/pypa-advisory-database/vulns" "$C/rustsec-advisory-db/crates" "$C/osv-records-misc")
fi
PGBIN=${BULWARK_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "postgresql-import.sh: PostgreSQL server binaries not found (install postgresql-15)" >&2; exit 2; }
WORK=$(realpath -m "$BUILD/bench-results/postgresql-import")
rm -rf "$WORK"; mkdir -p "$WORK"
unset BULWARK_DB BULWARK_DATABASE_URL BULWARK_NOW

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
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c synchronous_commit=off -c shared_buffers=512MB" \
  start >/dev/null
psql_admin() { "$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
psql_admin -d postgres -c "CREATE ROLE bench LOGIN"
newdb() {  # newdb NAME: prints its URL
  psql_admin -d postgres -c "CREATE DATABASE $1 OWNER bench"
  echo "postgresql://bench@127.0.0.1:$PORT/$1"
}
now() { date +%s.%N; }
median() { python3 -c 'import statistics,sys; print("%.2f" % statistics.median(float(v) for v in sys.argv[1:]))' "$@"; }
rate() { python3 -c 'import sys; print("%.0f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

declare -A T
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$RUNS"); do
  for be in sqlite postgresql; do
    if [ "$be" = sqlite ]; then db="$WORK/run$run.db"; else db=$(newdb "run$run"); fi
    t0=$(now); "$BIN" --db "$db" db import "${OSV[@]}" > "$WORK/$be-$run.txt"; t1=$(now)
    T[$be,fresh]+=" $(echo "$t1 - $t0" | bc)"
    t0=$(now); "$BIN" --db "$db" db import "${OSV[@]}" > "$WORK/$be-$run-again.txt"; t1=$(now)
    T[$be,again]+=" $(echo "$t1 - $t0" | bc)"
    T[$be,records]=$("$BIN" --db "$db" db status --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
  done
done
{
  echo "db import: SQLite vs PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on loopback ($(nproc) cores; load before: $LOAD_BEFORE)"
  echo "binary: $BIN; inputs: ${OSV[*]}; $RUNS runs, median"
  printf '%-44s %14s %14s\n' "" "SQLite" "PostgreSQL"
  printf '%-44s %14s %14s\n' "records stored" "${T[sqlite,records]}" "${T[postgresql,records]}"
  for k in fresh again; do
    s=$(median ${T[sqlite,$k]}); p=$(median ${T[postgresql,$k]})
    label="import into an empty database"; [ "$k" = again ] && label="the same import again (all unchanged)"
    printf '%-44s %14s %14s\n' "$label: s" "$s" "$p"
    printf '%-44s %14s %14s\n' "  records/s" "$(rate "${T[sqlite,records]}" "$s")" "$(rate "${T[postgresql,records]}" "$p")"
    printf '%-44s %14s %14s\n' "  (runs, s)" "$(echo ${T[sqlite,$k]} | tr ' ' ',')" "$(echo ${T[postgresql,$k]} | tr ' ' ',')"
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$WORK/summary.txt"
