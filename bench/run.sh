#!/usr/bin/env bash
# Runs Bulwark's benchmarks and prints a summary against the performance targets.
#
# Usage: bash bench/run.sh BUILD_DIR        (a Release build with -DBULWARK_BUILD_BENCH=ON, e.g. build-bench, as `make bench` builds)
# Env:   BULWARK_SHARED (default ../shared), SCAN_RUNS (default 5), IMPORT_RUNS (default 3),
#        BENCH_ARGS (extra Google Benchmark flags, e.g. --benchmark_repetitions=3)
#
# 1. generates the input SBOMs (bench/gen_sbom.py, 10,000 and 300,000 components) into BUILD_DIR/bench-inputs;
# 2. runs every BUILD_DIR/bin/bench_* program, console output to the terminal and JSON into
#    BUILD_DIR/bench-results/<program>.json (console copy in <program>.txt);
# 3. times whole processes with /usr/bin/time -v (wall, peak RSS): `bulwark db import` of every OSV record of
#    ../shared/corpora into a fresh database, `bulwark scan` of the 10k SBOM (SCAN_RUNS runs, median) and of
#    the 300k SBOM; then prints the summary table (targets, PASS/MISS) and writes it to bench-results/summary.txt,
#    with the feed-import (bench_feeds: EPSS 300k rows <= 2 s, KEV, NVD) and CVSS (bench_cvss) figures read from
#    their Google Benchmark JSON.
# Without ../shared only the benchmarks that need no test data run (bench_version, bench_cvss, bench_feeds with
# its KEV part skipped); the script says so, prints their summary rows and exits 0.
# 4. the full-size data set (bench/gen_fullsize.py: ~700k OSV records, 300k NVD CVEs, 300k EPSS rows, 1,500 KEV
#    entries, SBOMs of 1k/10k/300k components) is generated into BUILD_DIR/bench-inputs/fullsize when absent (or
#    when the generator or FULLSIZE_SCALE changed), imported into a fresh database under /usr/bin/time -v and
#    its SBOMs scanned. FULLSIZE=0 skips this part; FULLSIZE_SCALE (default 1) scales every count for quick runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?usage: bench/run.sh BUILD_DIR}
SHARED=${BULWARK_SHARED:-../shared}
SCAN_RUNS=${SCAN_RUNS:-5}
IMPORT_RUNS=${IMPORT_RUNS:-3}
FULLSIZE=${FULLSIZE:-1}
FULLSIZE_SCALE=${FULLSIZE_SCALE:-1}
read -r -a EXTRA <<< "${BENCH_ARGS:-}"
BIN="$BUILD/bin/bulwark"
RES="$BUILD/bench-results"
INPUTS="$BUILD/bench-inputs"
export BULWARK_BENCH_INPUTS="$INPUTS"
mkdir -p "$RES" "$INPUTS"

shopt -s nullglob
benches=("$BUILD"/bin/bench_*)
if [ ${#benches[@]} -eq 0 ] || [ ! -x "$BIN" ]; then
  echo "run.sh: no bench_* programs or bulwark in $BUILD/bin: configure with -DBULWARK_BUILD_BENCH=ON and build" >&2
  exit 2
fi
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time (Debian package 'time') is needed" >&2; exit 2; }

run_bench() {  # run_bench PROGRAM: console to the terminal and .txt, JSON to .json
  local prog=$1 name; name=$(basename "$prog")
  echo "== $name"
  "$prog" --benchmark_format=console --benchmark_out="$RES/$name.json" --benchmark_out_format=json \
    "${EXTRA[@]}" | tee "$RES/$name.txt"
}

# bench_value PROGRAM BENCHMARK COUNTER [FORMAT]: one counter ("real_time" for the time) of a benchmark from
# RES/PROGRAM.json (the median when repeated), "skipped" if it reported an error, "n/a" if absent.
bench_value() {
  python3 - "$RES/$1.json" "$2" "$3" "${4:-.3f}" <<'PY' 2>/dev/null || echo n/a
import json, sys
path, name, counter, fmt = sys.argv[1:]
try:
    runs = [b for b in json.load(open(path))["benchmarks"] if b["name"] == name or b["name"].startswith(name + "/")]
except (OSError, ValueError, KeyError):
    runs = []
runs = [b for b in runs if b.get("aggregate_name") == "median"] or [b for b in runs if b.get("run_type") != "aggregate"]
if not runs:
    print("n/a")
elif runs[0].get("error_occurred"):
    print("skipped")
elif counter not in runs[0]:
    print("n/a")
else:
    print(format(runs[0][counter], fmt))
PY
}
# feed_verdict VALUE TARGET: PASS/MISS, or "-" when VALUE is not a number.
feed_verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v ~ /^[0-9.]+$/ ? (v + 0 <= t + 0 ? "PASS" : "MISS") : "-")}'; }
# rate_row LABEL VALUE [UNIT]: a row without target; VALUE "skipped"/"n/a" is printed as is.
rate_row() {
  if [[ $2 =~ ^[0-9.]+$ ]]; then printf '%-44s %11s %-2s %12s %6s\n' "$1" "$2" "${3:-/s}" "-" "-"
  else printf '%-44s %14s %12s %6s\n' "$1" "$2" "-" "-"; fi
}
# Summary rows of bench_feeds (import into a fresh DB per iteration) and bench_cvss.
feed_cvss_rows() {
  local f=bench_feeds v name secs
  printf '%-44s %14s %12s %6s\n' "measure (Google Benchmark, in process)" "measured" "target" "result"
  for v in csv:.csv gzip:.csv.gz; do
    name="BM_FeedImport/epss_${v%%:*}"
    secs=$(bench_value $f "$name" seconds .3f)
    printf '%-44s %12s s %12s %6s\n' "EPSS import 300k rows, ${v#*:}" "$secs" "<= 2 s" "$(feed_verdict "$secs" 2)"
    rate_row "EPSS rows/s, ${v#*:} (x read: $(bench_value $f "$name" x_read .1f))" "$(bench_value $f "$name" rows/s .0f)"
  done
  for v in json csv; do
    name="BM_FeedImport/kev_$v"
    rate_row "KEV entries/s, $v (x read: $(bench_value $f "$name" x_read .0f))" "$(bench_value $f "$name" entries/s .0f)"
  done
  rate_row "fresh DB open + close (in every import above)" "$(bench_value $f BM_FreshStoreOpenClose real_time .1f)" ms
  name=BM_FeedImport/nvd_json
  rate_row "NVD records/s, 20k (x read: $(bench_value $f "$name" x_read .1f))" "$(bench_value $f "$name" records/s .0f)"
  for v in v2 v30 v31 v40; do
    name="BM_CvssScore/$v"
    rate_row "cvss::score $v (x copy+hash: $(bench_value bench_cvss "$name" x_copy_hash .1f))" \
      "$(bench_value bench_cvss "$name" ns/vector .0f)" ns
  done
}

if [ ! -d "$SHARED/corpora" ]; then
  echo "run.sh: $SHARED is absent: the OSV corpora are needed for the SBOM inputs, import and scan benchmarks."
  echo "run.sh: running only the benchmarks that need no test data."
  for prog in bench_version bench_cvss bench_feeds; do
    if [ -x "$BUILD/bin/$prog" ]; then run_bench "$BUILD/bin/$prog"; fi
  done
  { echo "Bulwark benchmark summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(uname -m), build $BUILD, no $SHARED)"
    feed_cvss_rows; } | tee "$RES/summary.txt"
  exit 0
fi
export BULWARK_SHARED="$SHARED"
C="$SHARED/corpora"
OSV_PATHS=("$C/golang-vulndb/data/osv" "$C/pypa-advisory-database/vulns" "$C/rustsec-advisory-db/crates"
           "$C/osv-records-misc")

# --- 1. inputs (deterministic; regenerated when the generator is newer than the file)
for spec in 10k:10000 300k:300000; do
  out="$INPUTS/sbom-${spec%%:*}.cdx.json"
  if [ ! -s "$out" ] || [ bench/gen_sbom.py -nt "$out" ]; then
    python3 bench/gen_sbom.py --count "${spec##*:}" --shared "$SHARED" --out "$out"
  fi
done

# --- 2. Google Benchmark programs
for prog in "${benches[@]}"; do run_bench "$prog"; done

# --- 3. whole-process timings
# timed LOG CMD...: runs CMD under /usr/bin/time -v (its report in LOG); stdout of CMD goes to LOG.out.
timed() {
  local log=$1; shift
  /usr/bin/time -v -o "$log" "$@" > "$log.out" 2>&1 || { echo "run.sh: failed: $* (see $log.out)" >&2; cat "$log.out" >&2; exit 3; }
}
wall_s() {  # seconds from "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"
}
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

WORK="$RES/process"
mkdir -p "$WORK"
DB="$WORK/bench.db"
walls=(); rss=()
for ((i = 1; i <= IMPORT_RUNS; i++)); do
  rm -f "$DB" "$DB-wal" "$DB-shm"
  timed "$WORK/import-$i.time" "$BIN" --db "$DB" db import "${OSV_PATHS[@]}"
  walls+=("$(wall_s "$WORK/import-$i.time")"); rss+=("$(rss_mb "$WORK/import-$i.time")")
done
import_line=$(grep -m1 '^imported' "$WORK/import-1.time.out" || true)
records=$(sed -E 's/^imported ([0-9]+) records.*/\1/' <<< "$import_line")
import_wall=$(median "${walls[@]}"); import_rss=$(max "${rss[@]}")
import_rate=$(awk -v n="$records" -v s="$import_wall" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')

scan_case() {  # scan_case NAME RUNS -> sets scan_wall scan_rss scan_line
  local name=$1 runs=$2 i w=() r=()
  for ((i = 1; i <= runs; i++)); do
    timed "$WORK/scan-$name-$i.time" "$BIN" --db "$DB" scan "$INPUTS/sbom-$name.cdx.json" --output "$WORK/scan-$name.txt"
    w+=("$(wall_s "$WORK/scan-$name-$i.time")"); r+=("$(rss_mb "$WORK/scan-$name-$i.time")")
  done
  scan_wall=$(median "${w[@]}"); scan_rss=$(max "${r[@]}")
  scan_line=$(tail -n 1 "$WORK/scan-$name-1.time.out")
  echo "scan $name walls: ${w[*]} s; peak RSS: ${r[*]} MB"
}
scan_case 10k "$SCAN_RUNS"; s10_wall=$scan_wall s10_rss=$scan_rss s10_line=$scan_line
scan_case 300k 1; s300_wall=$scan_wall s300_rss=$scan_rss s300_line=$scan_line

verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t ? "PASS" : "MISS")}'; }
{
  echo "Bulwark benchmark summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(uname -m), build $BUILD)"
  echo "import: ${import_line:-?}"
  echo "scan 10k: $s10_line"
  echo "scan 300k: $s300_line"
  printf '%-44s %14s %12s %6s\n' "measure (whole process, /usr/bin/time -v)" "measured" "target" "result"
  printf '%-44s %12s/s %12s %6s\n' "db import $records records (median of $IMPORT_RUNS)" "$import_rate" "-" "-"
  printf '%-44s %12s s %12s %6s\n' "db import wall" "$import_wall" "-" "-"
  printf '%-44s %11s MB %12s %6s\n' "db import peak RSS" "$import_rss" "-" "-"
  printf '%-44s %12s s %12s %6s\n' "scan 10k wall (median of $SCAN_RUNS, warm)" "$s10_wall" "<= 0.100 s" "$(verdict "$s10_wall" 0.100)"
  printf '%-44s %11s MB %12s %6s\n' "scan 10k peak RSS" "$s10_rss" "<= 200 MB" "$(verdict "$s10_rss" 200)"
  printf '%-44s %12s s %12s %6s\n' "scan 300k wall" "$s300_wall" "<= 5 s" "$(verdict "$s300_wall" 5)"
  printf '%-44s %11s MB %12s %6s\n' "scan 300k peak RSS" "$s300_rss" "<= 1024 MB" "$(verdict "$s300_rss" 1024)"
  feed_cvss_rows
} | tee "$RES/summary.txt"

# --- 4. the full-size data set: generate when absent, import, scan
if [ "$FULLSIZE" != 0 ]; then
  FS="$INPUTS/fullsize"
  fs_scale=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scale"])' "$FS/MANIFEST.json" 2>/dev/null || echo none)
  if [ ! -s "$FS/MANIFEST.json" ] || [ bench/gen_fullsize.py -nt "$FS/MANIFEST.json" ] ||
     ! awk -v a="$fs_scale" -v b="$FULLSIZE_SCALE" 'BEGIN {exit !(a + 0 == b + 0)}'; then
    python3 bench/gen_fullsize.py --out "$FS" --scale "$FULLSIZE_SCALE"
  fi
  mapfile -d '' fs_paths < <(python3 -c 'import json,os,sys; sys.stdout.write("\0".join(os.path.join(os.path.dirname(sys.argv[1]), p) for p in json.load(open(sys.argv[1]))["import_paths"]))' "$FS/MANIFEST.json")
  fs_osv=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["osv_records"], m["nvd_records"])' "$FS/MANIFEST.json")
  FSDB="$WORK/fullsize.db"
  rm -f "$FSDB" "$FSDB-wal" "$FSDB-shm"
  timed "$WORK/fullsize-import.time" "$BIN" --progress none --db "$FSDB" db import "${fs_paths[@]}"
  fs_wall=$(wall_s "$WORK/fullsize-import.time"); fs_rss=$(rss_mb "$WORK/fullsize-import.time")
  fs_bytes=$(stat -c %s "$FSDB")
  read -r fs_n_osv fs_n_nvd <<< "$fs_osv"
  fs_line=$(grep -m1 '^imported' "$WORK/fullsize-import.time.out" || true)
  for s in 1k 10k 300k; do
    timed "$WORK/fullsize-scan-$s.time" "$BIN" --db "$FSDB" scan "$FS/sbom-$s.cdx.json" --output "$WORK/fullsize-scan-$s.txt"
  done
  {
    echo "full-size data set ($FS, scale $FULLSIZE_SCALE): $fs_n_osv OSV records, $fs_n_nvd NVD CVEs + EPSS + KEV"
    echo "import: ${fs_line:-?}"
    printf '%-44s %14s %12s %6s\n' "measure (whole process, /usr/bin/time -v)" "measured" "target" "result"
    printf '%-44s %12s s %12s %6s\n' "db import full-size set (fresh DB)" "$fs_wall" "<= 60 s" "$(verdict "$fs_wall" 60)"
    printf '%-44s %11s MB %12s %6s\n' "db import full-size peak RSS" "$fs_rss" "-" "-"
    printf '%-44s %11s MB %12s %6s\n' "database size" "$(awk -v b="$fs_bytes" 'BEGIN {printf "%.0f", b / 1048576}')" "-" "-"
    printf '%-44s %11s MB %12s %6s\n' "database size per million OSV+NVD records" \
      "$(awk -v b="$fs_bytes" -v n="$((fs_n_osv + fs_n_nvd))" 'BEGIN {printf "%.0f", b / 1048576 / n * 1e6}')" "-" "-"
    for s in 1k 10k 300k; do
      printf '%-44s %12s s %12s %6s\n' "scan $s (full-size DB): $(tail -n 1 "$WORK/fullsize-scan-$s.time.out" | sed -E 's/.*: ([0-9]+ components, [0-9]+ findings).*/\1/')" \
        "$(wall_s "$WORK/fullsize-scan-$s.time")" "-" "-"
    done
  } | tee -a "$RES/summary.txt"
fi
echo "run.sh: results in $RES (Google Benchmark JSON: $RES/bench_*.json)"
