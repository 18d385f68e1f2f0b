#!/usr/bin/env bash
# The README walk-throughs on PostgreSQL (issue 16): a throwaway cluster (initdb into a temporary
# directory, loopback only, trust authentication, removed afterwards), each walk-through on a
# fresh database of it. Usage: scripts/pg-walkthroughs.sh BUILD_DIR. Skips with a message (exit
# 0) when the PostgreSQL server binaries are not installed.
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
BIN="$PWD/$BUILD/bin/bulwark"

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
if [ -z "$bindir" ]; then
  echo "pg-walkthroughs.sh: skipped: PostgreSQL server binaries (initdb) not found (install postgresql-15)"
  exit 0
fi

dir=$(mktemp -d /tmp/bulwark-pgwalk-XXXXXX)
owner=()
if [ "$(id -u)" = 0 ]; then  # the server refuses to run as root
  chown nobody "$dir"
  owner=(runuser -u nobody --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop() {
  (cd / && "${owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1) || true
  rm -rf "$dir"
}
trap stop EXIT
(cd / && "${owner[@]}" "$bindir/initdb" -D "$dir/data" -U bulwark --auth=trust --no-sync --no-locale -E UTF8 >/dev/null)
(cd / && "${owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off" start >/dev/null)

for w in handling cra risk server; do
  out="$BUILD/walkthrough-pg/$w"
  rm -rf "$out"
  "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U bulwark -d postgres -c "CREATE DATABASE walk_$w" >/dev/null
  start=$(date +%s)
  if ! WALKTHROUGH_DATABASE="postgresql://bulwark@127.0.0.1:$port/walk_$w" BULWARK_BIN="$BIN" \
      bash "examples/$w-walkthrough.sh" "$out" > "$BUILD/walkthrough-pg-$w.log" 2>&1; then
    echo "pg-walkthroughs.sh: examples/$w-walkthrough.sh failed on PostgreSQL; its output:" >&2
    tail -40 "$BUILD/walkthrough-pg-$w.log" >&2
    exit 1
  fi
  echo "pg-walkthroughs.sh: examples/$w-walkthrough.sh passed on PostgreSQL in $(( $(date +%s) - start )) s ($out)"
done
