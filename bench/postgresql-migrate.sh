#!/usr/bin/env bash
# `bulwark db migrate` benchmark (issue 16), whole-process timings with /usr/bin/time -v:
#  1. the handling benchmark's SQLite database (bench/handling.sh: 100 releases x 2,000
#     components, their findings, 10,000 VEX statements, the corpora's OSV records) copied into an
#     empty PostgreSQL database of a throwaway cluster (COPY, one transaction, then verified);
#  2. `bulwark findings bench-product --format json` on both sides, diffed;
#  3. the PostgreSQL database copied back into a new SQLite file (verified).
# The cluster (initdb as user nobody when run as root, loopback only, default durability
# settings) is removed on exit.
# Usage: bash bench/postgresql-migrate.sh BUILD_DIR   (Release build; runs bench/handling.sh
# first when BUILD_DIR/bench-handling/bulwark.db is absent; PG_BINDIR and PG_PORT override the
# server binaries and port)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?usage: bench/postgresql-migrate.sh BUILD_DIR}
BIN="$(cd "$BUILD/bin" && pwd)/bulwark"
WORK="$(cd "$BUILD" && pwd)/bench-handling"
DB="$WORK/bulwark.db"
PG_BINDIR=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_PORT=${PG_PORT:-55439}
[ -x "$PG_BINDIR/initdb" ] || { echo "postgresql-migrate.sh: initdb not found: install postgresql-15" >&2; exit 0; }
[ -f "$DB" ] || bash bench/handling.sh "$BUILD"
[ -f "$DB" ] || { echo "postgresql-migrate.sh: $DB is absent (see bench/handling.sh)" >&2; exit 0; }
export BULWARK_NOW=2026-11-29T10:00:00Z
unset BULWARK_DB BULWARK_DATABASE_URL

CLUSTER=$(mktemp -d /tmp/bulwark-pg-bench.XXXXXX)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown nobody "$CLUSTER"
cleanup() {
  (cd / && as_owner "$PG_BINDIR/pg_ctl" -D "$CLUSTER/data" -m immediate stop >/dev/null 2>&1) || true
  rm -rf "$CLUSTER"
}
trap cleanup EXIT
(cd / && as_owner "$PG_BINDIR/initdb" -D "$CLUSTER/data" -U postgres --auth=trust --no-locale -E UTF8 >/dev/null)
(cd / && as_owner "$PG_BINDIR/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $CLUSTER" start >/dev/null)
"$PG_BINDIR/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE ROLE bulwark LOGIN" \
  -c "CREATE DATABASE bulwark OWNER bulwark"
URL="postgresql://bulwark@127.0.0.1:$PG_PORT/bulwark"

timed() {  # timed LABEL OUT CMD...: prints "LABEL: S s, RSS KB"
  local label=$1 out=$2; shift 2
  /usr/bin/time -v -o "$WORK/time-v.txt" "$@" > "$out"
  local secs kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time-v.txt")
  kb=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time-v.txt")
  printf '%-46s %10s wall %9d KB\n' "$label" "$secs" "$kb"
}
summary() {  # the migrate JSON in one line
  python3 - "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
big = sorted(j["tables"], key=lambda t: -t["source_rows"])[:4]
print("  rows %d, copy %.2f s, verify %.2f s, verified %s; compared %d releases, %d findings, %d analyses"
      % (j["rows"], j["copy_seconds"], j["verify_seconds"], j["verified"], j["compared"]["releases"],
         j["compared"]["findings"], j["compared"]["analyses"]))
print("  largest: " + ", ".join("%s %d" % (t["name"], t["source_rows"]) for t in big))
for d in j["differences"]:
    print("  differs: " + d)
PY
}

echo "load: $(uptime | sed 's/.*load average: //')"
timed "db migrate SQLite -> PostgreSQL" "$WORK/migrate-to.json" \
  "$BIN" --db "$DB" db migrate --to "$URL" --format json
summary "$WORK/migrate-to.json"
# The reports name their database; everything else must be equal.
"$BIN" --db "$DB" findings bench-product --format json | grep -v '^  "database": ' > "$WORK/findings-sqlite.json"
"$BIN" --db "$URL" findings bench-product --format json | grep -v '^  "database": ' > "$WORK/findings-pg.json"
if cmp -s "$WORK/findings-sqlite.json" "$WORK/findings-pg.json"; then
  echo "  findings bench-product --format json: identical on both sides but for the database line ($(wc -c < "$WORK/findings-pg.json") bytes)"
else
  echo "  findings bench-product --format json: DIFFERENT"; diff "$WORK/findings-sqlite.json" "$WORK/findings-pg.json" | head -20
fi
rm -f "$WORK/findings-sqlite.json" "$WORK/findings-pg.json"  # ~2 GB each
rm -f "$WORK/back.db" "$WORK/back.db-wal" "$WORK/back.db-shm"
timed "db migrate PostgreSQL -> SQLite" "$WORK/migrate-back.json" \
  "$BIN" --db "$URL" db migrate --to "$WORK/back.db" --format json
summary "$WORK/migrate-back.json"
echo "load: $(uptime | sed 's/.*load average: //')"
