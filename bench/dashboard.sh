#!/usr/bin/env bash
# Dashboard benchmarks (issue 12), on loopback; never run by the tests. Server-side time per
# audit-grid action (the access log's "ms" of each request) over the portfolio bench/server.sh
# seeds (product "bench": the 10,000-component release "big", the 2,000-component "2k", ...),
# rendered anew on every request (--no-response-cache): first page, filters, the next page, the
# state filter (walks the release), explain, bulk triage of two findings, CSV export, and the
# portfolio overview. The first view in a browser is measured by tests/browser (timings.json).
# Usage: bash bench/dashboard.sh [BUILD_DIR]   (default build-release; runs bench/server.sh first
#        when its database is absent).  Env: RUNS (default 20 per action).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
BIN=$(realpath "$BUILD/bin/bulwark")
RUNS=${RUNS:-20}
SEED="$BUILD/bench-results/server/bench.db"
[ -f "$SEED" ] || bash bench/server.sh "$BUILD"
WORK="$BUILD/bench-results/dashboard"
rm -rf "$WORK"; mkdir -p "$WORK"
cp "$SEED" "$WORK/bench.db"
export BULWARK_DB="$WORK/bench.db"
"$BIN" team add dash --permission view --permission triage --permission cra-reporting --product bench >/dev/null
KEY=$("$BIN" apikey create --team dash | tail -n 1)
"$BIN" serve --listen 127.0.0.1:0 --workers 0 --no-schedule --no-response-cache 2> "$WORK/access.log" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/access.log" | head -n 1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
URL="http://127.0.0.1:$PORT/api/bulwark/v1"
R="$URL/products/bench/releases/big"
get() { curl -fsS -H "X-Api-Key: $KEY" -H "X-Request-Id: $1" "$2" -o "$WORK/$1.out"; }
total=$(curl -fsS -H "X-Api-Key: $KEY" "$R/findings?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["count"])')
first=$(curl -fsS -H "X-Api-Key: $KEY" "$R/findings?limit=50" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["next_page_token"], d["items"][0]["id"], d["items"][1]["id"], d["items"][0]["etag"], d["items"][1]["etag"])')
read -r token id1 id2 etag1 etag2 <<< "$first"
for i in $(seq 1 "$RUNS"); do
  get "page1-$i" "$R/findings?limit=50"
  get "priority-$i" "$R/findings?limit=50&priority=P1,P2"
  get "severity_kev-$i" "$R/findings?limit=50&severity=critical,high&kev=false"
  get "next_page-$i" "$R/findings?limit=50&page_token=$token"
  get "state-$i" "$R/findings?limit=50&state=none"
  get "explain-$i" "$R/findings/$id1"
  get "overview-$i" "$URL/dashboard/overview"
done
for i in $(seq 1 5); do get "csv-$i" "$R/findings?format=csv"; done
for i in $(seq 1 "$RUNS"); do
  # Fresh ETags each time (the previous triage changed them).
  body=$(curl -fsS -H "X-Api-Key: $KEY" "$R/findings?limit=2" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(json.dumps({"items": [{"finding": f["id"], "state": "under_investigation", "detail": "bench", "if_match": f["etag"]} for f in items]}))')
  curl -fsS -H "X-Api-Key: $KEY" -H "X-Request-Id: triage-$i" -H "Content-Type: application/json" -d "$body" "$R/triage" -o /dev/null
done
kill -TERM "$PID"; wait "$PID" || true
trap - EXIT
python3 - "$WORK/access.log" "$total" "$RUNS" <<'PY' | tee "$WORK/summary.txt"
import json, statistics, sys
by = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    e = json.loads(line)
    rid = e.get("request_id", "")
    if "-" in rid and rid.rsplit("-", 1)[1].isdigit() and len(rid) < 40:
        by.setdefault(rid.rsplit("-", 1)[0], []).append(float(e["ms"]))
print(f"dashboard audit grid, server-side ms per action (access log), release 'big': {sys.argv[2]} open findings; {sys.argv[3]} runs each, no page cache")
for name in ["page1", "priority", "severity_kev", "next_page", "state", "explain", "triage", "csv", "overview"]:
    v = sorted(by.get(name, []))
    if v:
        p95 = v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
        print(f"  {name:<14} median {statistics.median(v):8.1f}  p95 {p95:8.1f}  max {v[-1]:8.1f}  (n={len(v)})")
PY
