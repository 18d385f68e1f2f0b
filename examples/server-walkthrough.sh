#!/usr/bin/env bash
# The team server, end to end on the embedded database: start `bulwark serve` on a fresh SQLite
# file, create a team and an API key, upload the sample SBOM with the real Dependency-Track npm
# client (@dependency-track/bom, which polls the processing token itself), read findings and
# metrics through both APIs, bulk-triage two findings, download the evidence bundle.
# Leaves OUTDIR/findings.json (native API) and OUTDIR/evidence.zip.
# Usage: BULWARK_BIN=build/bin/bulwark examples/server-walkthrough.sh OUTDIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:?usage: server-walkthrough.sh OUTDIR}
BIN=$(realpath "${BULWARK_BIN:-$ROOT/build-release/bin/bulwark}")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# WALKTHROUGH_DATABASE runs it on another, empty database (e.g. a postgresql:// URL).
export BULWARK_DB="${WALKTHROUGH_DATABASE:-$OUT/bulwark.db}"
[ -n "${WALKTHROUGH_DATABASE:-}" ] || rm -f "$BULWARK_DB" "$BULWARK_DB"-wal "$BULWARK_DB"-shm
# The real client, from its lockfile (once).
CLIENT="$ROOT/tests/server/dt-client"
if [ ! -d "$CLIENT/node_modules/@dependency-track/bom" ]; then
  (cd "$CLIENT" && npm ci --no-audit --no-fund >/dev/null)
fi

echo "== vulnerability data and accounts"
"$BIN" db import "$ROOT"/data/sample/osv "$ROOT"/data/sample/feeds/kev-sample.json \
  "$ROOT"/data/sample/feeds/epss-sample.csv "$ROOT"/data/sample/feeds/nvd-sample.json >/dev/null
"$BIN" team add psirt --permission upload --permission view --permission triage \
  --permission cra-reporting --permission manage-products
KEY=$("$BIN" apikey create --team psirt --comment "walk-through CI key" | tail -n 1)

echo "== start the server"
"$BIN" serve --listen 127.0.0.1:0 --workers 2 2> "$OUT/server.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$OUT/server.log" | head -n 1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "${PORT:-}" ] || { cat "$OUT/server.log"; echo "server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"
curl -fsS "$URL/api/bulwark/v1/health"; echo

echo "== upload with @dependency-track/bom (Dependency-Track API), wait for the token"
node "$CLIENT/upload.js" "$URL" "$KEY" acme-gateway 3.2.0 "$ROOT/data/sample/sbom/sample-product.cdx.json" "$OUT/acme-gateway"
(cd "$CLIENT" && ./node_modules/.bin/dependency-track -m --apiKey "$KEY" --dependencyTrackBaseUrl "$URL" \
  --projectName acme-gateway --projectVersion 3.2.0 > "$OUT/dt-cli-metrics.txt")

echo "== read through the native API"
API="$URL/api/bulwark/v1"
H=(-H "X-Api-Key: $KEY")
curl -fsS "${H[@]}" "$API/products/acme-gateway/releases/3.2.0/findings?limit=100" > "$OUT/findings.json"
python3 - "$OUT/findings.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"native: {d['total']['count']} open findings; first {d['items'][0]['vulnerability']} on {d['items'][0]['component']}")
PY
curl -fsS "${H[@]}" "$API/metrics" > "$OUT/metrics.json"

echo "== bulk triage of two findings (one audit entry each)"
BODY=$(python3 - "$OUT/findings.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"][:2]
print(json.dumps({"items": [
    {"finding": items[0]["id"], "state": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
     "detail": "walk-through: the affected code path is never called", "if_match": items[0]["etag"]},
    {"finding": items[1]["id"], "state": "affected", "detail": "walk-through: fix planned in 3.3.0",
     "if_match": items[1]["etag"]}]}))
PY
)
curl -fsS "${H[@]}" -H "Content-Type: application/json" -d "$BODY" \
  "$API/products/acme-gateway/releases/3.2.0/triage" > "$OUT/triage.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('triage: recorded', d['recorded'], 'failed', d['failed']); sys.exit(d['recorded'] != 2)" "$OUT/triage.json"
curl -fsS "${H[@]}" "$API/audit" > "$OUT/audit.json"

echo "== evidence bundle"
curl -fsS "${H[@]}" -o "$OUT/evidence.zip" "$API/products/acme-gateway/releases/3.2.0/evidence-bundle"
unzip -l "$OUT/evidence.zip" | tail -n 1

echo "== graceful stop (SIGTERM)"
kill -TERM $SERVER
wait $SERVER
trap - EXIT
echo "server-walkthrough: OK ($OUT/findings.json, $OUT/evidence.zip)"
