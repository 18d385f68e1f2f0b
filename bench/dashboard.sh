#!/usr/bin/env bash
# Dashboard benchmarks (issue 12), on loopback; never run by the tests. Server-side time per
# audit-grid action (the access log's "ms" of each request), rendered anew on every request
# (--no-response-cache), over the portfolio bench/server.sh seeds (product "bench": the
# 10,000-component release "big", the 2,000-component "2k", ...) plus a 22,000-component release
# "huge" (over 100,000 open findings, the issue's size) and EPSS scores for every CVE id (the
# findings' own, and synthetic ones up to the size of the real feed, about 250,000 rows; made up
# here: only the filter's cost matters). Actions on "huge": first page, filters, the next page,
# the analysis-state filter, explain, bulk triage of two findings, CSV export, EPSS and
# time-in-triage filters, grouped by vulnerability; across the portfolio (GET /findings: every
# release, about 160,000 findings): first page, a filter, the state filter, grouped; and the
# portfolio overview. The first view in a browser is measured by tests/browser (timings.json).
# Usage: bash bench/dashboard.sh [BUILD_DIR]   (default build-release; runs bench/server.sh first
#        when its database is absent).  Env: RUNS (default 20 per action), BIN (default
#        BUILD_DIR/bin/bulwark: another binary over the same seed, e.g. a build of main, to
#        compare; actions it does not serve are skipped), OUT (default dashboard: the results
#        directory under BUILD_DIR/bench-results).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
BIN=$(realpath "${BIN:-$BUILD/bin/bulwark}")
RUNS=${RUNS:-20}
SHARED=${BULWARK_SHARED:-../shared}
SEED="$BUILD/bench-results/server/bench.db"
[ -f "$SEED" ] || bash bench/server.sh "$BUILD"
BIG="$BUILD/bench-results/dashboard-seed"
if [ ! -f "$BIG/seed.db" ]; then
  mkdir -p "$BIG"
  cp "$SEED" "$BIG/seed.tmp"
  python3 bench/gen_sbom.py --count 22000 --shared "$SHARED" --out "$BIG/sbom-22000.cdx.json" --seed 22000
  BULWARK_DB="$BIG/seed.tmp" "$BIN" release add bench huge --sbom "$BIG/sbom-22000.cdx.json" > "$BIG/seed.log"
  python3 - "$BIG/seed.tmp" "$BIG/epss.csv" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = sorted({r[0] for r in db.execute("SELECT DISTINCT vuln_id FROM finding WHERE vuln_id LIKE 'CVE-%'")})
rnd = random.Random(12)
n = len(ids)
ids += [f"CVE-2099-{i:06d}" for i in range(max(0, 250000 - n))]
with open(sys.argv[2], "w") as out:
    out.write("#model_version:v2026.06.15,score_date:2026-12-01T00:00:00Z\ncve,epss,percentile\n")
    for cve in ids:
        s = rnd.random() ** 4  # most scores low, as in the real feed
        out.write(f"{cve},{s:.5f},{min(1.0, s ** 0.25):.5f}\n")
print(f"EPSS rows: {len(ids)} ({n} CVE ids of findings)")
PY
  BULWARK_DB="$BIG/seed.tmp" "$BIN" db import "$BIG/epss.csv" >> "$BIG/seed.log"
  mv "$BIG/seed.tmp" "$BIG/seed.db"
fi
WORK="$BUILD/bench-results/${OUT:-dashboard}"
rm -rf "$WORK"; mkdir -p "$WORK"
cp "$BIG/seed.db" "$WORK/bench.db"
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
R="$URL/products/bench/releases/huge"
get() { curl -fsS -H "X-Api-Key: $KEY" -H "X-Request-Id: $1" "$2" -o "$WORK/$1.out"; }
count() { curl -fsS -H "X-Api-Key: $KEY" "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["count"])'; }
total=$(count "$R/findings?limit=1")
first=$(curl -fsS -H "X-Api-Key: $KEY" "$R/findings?limit=50" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["next_page_token"], d["items"][0]["id"])')
read -r token id1 <<< "$first"
# Features of the binary under test: the portfolio grid and the new filters (skipped when absent).
new=0
curl -fsS -o /dev/null -H "X-Api-Key: $KEY" "$URL/findings?limit=1" 2>/dev/null && new=1
triage() {  # triage NAME: bulk triage of the first two findings, with fresh ETags
  body=$(curl -fsS -H "X-Api-Key: $KEY" "$R/findings?limit=2" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(json.dumps({"items": [{"finding": f["id"], "state": "under_investigation", "detail": "bench", "if_match": f["etag"]} for f in items]}))')
  curl -fsS -H "X-Api-Key: $KEY" -H "X-Request-Id: $1" -H "Content-Type: application/json" -d "$body" "$R/triage" -o /dev/null
}
triage warmup-0  # one analysis recorded: the state filters have a triaged identity to evaluate
for i in $(seq 1 "$RUNS"); do
  get "page1-$i" "$R/findings?limit=50"
  get "priority-$i" "$R/findings?limit=50&priority=P1,P2"
  get "severity_kev-$i" "$R/findings?limit=50&severity=critical,high&kev=false"
  get "next_page-$i" "$R/findings?limit=50&page_token=$token"
  get "state_none-$i" "$R/findings?limit=50&state=none"
  get "state_triaged-$i" "$R/findings?limit=50&state=under_investigation"
  get "explain-$i" "$R/findings/$id1"
  get "overview-$i" "$URL/dashboard/overview"
  if [ "$new" = 1 ]; then
    get "epss-$i" "$R/findings?limit=50&epss=0.1"
    get "open_days-$i" "$R/findings?limit=50&open_days=0&priority=P0,P1"
    get "group_vuln-$i" "$R/findings?limit=50&group=vulnerability"
    get "pf_page1-$i" "$URL/findings?limit=50"
    get "pf_priority-$i" "$URL/findings?limit=50&priority=P1,P2"
    get "pf_state_none-$i" "$URL/findings?limit=50&state=none"
    get "pf_epss-$i" "$URL/findings?limit=50&epss=0.1&epss_percentile=0.5"
    get "pf_group_vuln-$i" "$URL/findings?limit=50&group=vulnerability"
  fi
done
for i in $(seq 1 5); do get "csv-$i" "$R/findings?format=csv"; done
for i in $(seq 1 "$RUNS"); do triage "triage-$i"; done
pf_total=""
[ "$new" = 1 ] && pf_total=$(count "$URL/findings?limit=1")
kill -TERM "$PID"; wait "$PID" || true
trap - EXIT
python3 - "$WORK/access.log" "$total" "$RUNS" "$pf_total" <<'PY' | tee "$WORK/summary.txt"
import json, statistics, sys
by = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    e = json.loads(line)
    rid = e.get("request_id", "")
    if "-" in rid and rid.rsplit("-", 1)[1].isdigit() and len(rid) < 40 and not rid.startswith("warmup"):
        by.setdefault(rid.rsplit("-", 1)[0], []).append(float(e["ms"]))
pf = f"; portfolio grid: {sys.argv[4]} open findings" if sys.argv[4] else ""
print(f"dashboard audit grid, server-side ms per action (access log), release 'huge': {sys.argv[2]} open findings{pf}; {sys.argv[3]} runs each, no page cache")
for name in ["page1", "priority", "severity_kev", "next_page", "state_none", "state_triaged", "explain", "triage", "csv",
             "epss", "open_days", "group_vuln", "pf_page1", "pf_priority", "pf_state_none", "pf_epss", "pf_group_vuln", "overview"]:
    v = sorted(by.get(name, []))
    if v:
        p95 = v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
        print(f"  {name:<14} median {statistics.median(v):8.1f}  p95 {p95:8.1f}  max {v[-1]:8.1f}  (n={len(v)})")
PY
