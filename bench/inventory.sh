#!/usr/bin/env bash
# Inventory (SBOM generation) and hashing figures on a real root filesystem.
#
# Usage: bash bench/inventory.sh [BUILD_DIR]   (default build-bench; a Release build with
#        -DBULWARK_BUILD_BENCH=ON: needs BUILD_DIR/bin/bulwark and BUILD_DIR/bin/bench_inventory)
# Env:   RUNS (default 5) whole-process runs per target, HASH_RUNS (default 3) runs of each hasher,
#        BULWARK_CACHE_DIR (default $XDG_CACHE_HOME/bulwark, else ~/.cache/bulwark).
#
# (a) `/usr/bin/time -f "%e s %M KB" bulwark sbom TARGET -o /dev/null` on a Debian 12 minbase tree and
#     its tar.gz, RUNS runs each, median wall and largest peak RSS. The tree and the tar.gz are the ones
#     tests/e2e/debootstrap_test.cpp caches (CACHE/debootstrap/bookworm-minbase{,.tar.gz}); when absent
#     they are built the same way (debootstrap --variant=minbase bookworm, mirror from the apt
#     configuration; needs root and the network), under the same flock.
# (b) hashing: the file set of bench_inventory (the largest regular files under /usr/lib/x86_64-linux-gnu,
#     by size descending then path, each taken when it still fits in 200 MiB) is read once with cat (page cache
#     warm), then hashed by sha256sum and sha512sum (the run with the least CPU time of HASH_RUNS);
#     bench_inventory's BM_DigestFile (SHA-256 + SHA-512 in one pass, one thread) gives Bulwark's rate.
#     Rates are bytes / CPU seconds (user + sys; Google Benchmark's cpu_time), so a loaded machine
#     distorts them less than wall time (also printed). Prints bulwark / sha512sum (target >= 0.8 on
#     one core) and bulwark / (sha256sum + sha512sum run one after the other).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-bench}
RUNS=${RUNS:-5}
HASH_RUNS=${HASH_RUNS:-3}
BIN="$BUILD/bin/bulwark"
BENCH="$BUILD/bin/bench_inventory"
LIBDIR=/usr/lib/x86_64-linux-gnu
CAP=$((200 << 20))
for f in "$BIN" "$BENCH"; do
  [ -x "$f" ] || { echo "inventory.sh: $f is missing: configure $BUILD with -DBULWARK_BUILD_BENCH=ON and build" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "inventory.sh: /usr/bin/time (Debian package 'time') is needed" >&2; exit 2; }

if [ -n "${BULWARK_CACHE_DIR:-}" ]; then CACHE=$BULWARK_CACHE_DIR
elif [ -n "${XDG_CACHE_HOME:-}" ]; then CACHE=$XDG_CACHE_HOME/bulwark
else CACHE=$HOME/.cache/bulwark; fi
BASE=$CACHE/debootstrap
TREE=$BASE/bookworm-minbase
TAR=$BASE/bookworm-minbase.tar.gz

# The first bookworm `deb` URI of the apt configuration (one-line and deb822 formats).
apt_mirror() {
  local f files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
  for f in "${files[@]}"; do
    case $f in
      *.sources) awk -v suite=bookworm '
          function flush() { if (types ~ /(^| )deb( |$)/ && suites ~ ("(^| )" suite "( |$)") && tolower(enabled) != "no" && uri != "") { print uri; found = 1; exit }
                             types = suites = enabled = uri = "" }
          /^#/ { next }
          /^[ \t]*$/ { flush(); next }
          /^[Tt]ypes:/ { sub(/^[^:]*:[ \t]*/, ""); types = $0 }
          /^[Ss]uites:/ { sub(/^[^:]*:[ \t]*/, ""); suites = $0 }
          /^[Ee]nabled:/ { sub(/^[^:]*:[ \t]*/, ""); enabled = $0 }
          /^URIs:/ { sub(/^[^:]*:[ \t]*/, ""); split($0, u, /[ \t]+/); uri = u[1] }
          END { if (!found) flush() }' "$f" ;;
      *) awk '{ sub(/#.*/, "") } $1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
               if ($(i + 1) == "bookworm") { print $i; exit } }' "$f" ;;
    esac | head -n 1 | grep . && return 0
  done
  return 1
}

# build_artefact FINAL LEAF COMMAND...: runs COMMAND with the scratch output path appended as
# "{}" replacement, then renames the result into place (same filesystem: atomic).
build_artefact() {
  local final=$1 leaf=$2; shift 2
  local scratch; scratch=$(mktemp -d "$BASE/tmp.XXXXXX")
  local args=() a
  for a in "$@"; do args+=("${a//\{\}/$scratch/$leaf}"); done
  if ! "${args[@]}" >"$scratch/log" 2>&1; then
    echo "inventory.sh: ${args[0]} failed; last lines:" >&2; tail -n 12 "$scratch/log" >&2
    grep -q " $scratch/" /proc/self/mounts || rm -rf "$scratch"
    return 1
  fi
  mv -T "$scratch/$leaf" "$final"
  rm -rf "$scratch"
}

ensure_artefacts() {
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"
  flock 9
  if [ ! -d "$TREE/var/lib/dpkg" ]; then
    [ "$(id -u)" = 0 ] || { echo "inventory.sh: $TREE is absent and debootstrap needs root" >&2; return 1; }
    local mirror; mirror=$(apt_mirror) || { echo "inventory.sh: no bookworm mirror in the apt configuration" >&2; return 1; }
    echo "inventory.sh: building $TREE with debootstrap (~30 s)"
    build_artefact "$TREE" root debootstrap --variant=minbase bookworm "{}" "$mirror"
    rm -f "$TAR"  # made from an earlier tree
  fi
  if [ ! -f "$TAR" ]; then
    echo "inventory.sh: building $TAR"
    build_artefact "$TAR" tree.tar.gz tar --numeric-owner -C "$TREE" -czf "{}" .
  fi
  exec 9>&-
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# time_sbom TARGET: "median_wall max_rss_kb all_walls".
time_sbom() {
  local target=$1 i walls=() rss=0 line
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -o "$TIMES" -f "%e s %M KB" "$BIN" sbom "$target" -o /dev/null 2>/dev/null
    line=$(tail -n 1 "$TIMES")
    walls+=("${line%% s *}")
    local kb=${line#* s }; kb=${kb% KB}
    if ((kb > rss)); then rss=$kb; fi
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $rss ${walls[*]}"
}

# The benchmark's file set, NUL-separated.
file_set() {
  find "$LIBDIR" -type f -printf '%s\t%p\n' | LC_ALL=C sort -t$'\t' -k1,1nr -k2,2 |
    awk -F'\t' -v cap="$CAP" '{ if (total + $1 > cap) next; total += $1; printf "%s%c", $2, 0 }'
}

# best_of CMD...: "cpu wall" seconds (user + sys, and elapsed) of the run with the least CPU time
# among HASH_RUNS runs of CMD over the file set.
best_of() {
  local best="" i
  for ((i = 0; i < HASH_RUNS; i++)); do
    /usr/bin/time -o "$TIMES" -f "%U %S %e" xargs -0 "$@" >/dev/null < "$LIST"
    best=$(awk -v b="$best" '{ c = $1 + $2 } END { split(b, o, " "); print ((b == "" || c < o[1] + 0) ? c " " $3 : b) }' "$TIMES")
  done
  echo "$best"
}

LIST=$(mktemp); TIMES=$(mktemp); trap 'rm -f "$LIST" "$TIMES"' EXIT
echo "== machine: $(nproc) CPUs,$(uptime | sed 's/.*load/ load/')"
rows=()
if ensure_artefacts; then
  for target in "$TREE" "$TAR"; do
    read -r med rss all < <(time_sbom "$target")
    rows+=("$(printf '%-40s %10s s %10s KB   runs: %s' "sbom $(basename "$target")" "$med" "$rss" "$all")")
  done
else
  rows+=("sbom: debootstrap tree not available (see above), skipped")
fi

file_set > "$LIST"
nfiles=$(tr -cd '\0' < "$LIST" | wc -c)
bytes=$(xargs -0 stat -c %s < "$LIST" | awk '{ s += $1 } END { print s }')
xargs -0 cat < "$LIST" > /dev/null
read -r c256 w256 < <(best_of sha256sum)
read -r c512 w512 < <(best_of sha512sum)
json=$("$BENCH" --benchmark_filter='^BM_DigestFile' --benchmark_format=json 2>/dev/null)
# BM_DigestFile: CPU and wall seconds per pass over the file set, files, bytes ("0" when skipped).
read -r cbul wbul bul_files bul_bytes < <(python3 -c '
import json, sys
b = [x for x in json.load(sys.stdin)["benchmarks"] if x["name"].startswith("BM_DigestFile")]
ok = b and not b[0].get("error_occurred")
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b[0].get("time_unit", "ns")] if ok else 0
print(b[0]["cpu_time"] * scale if ok else 0, b[0]["real_time"] * scale if ok else 0,
      int(b[0].get("files", 0)) if ok else 0, int(b[0].get("bytes", 0)) if ok else 0)' <<< "$json")

mbs() { awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.1f", (t > 0 ? b / t : 0) / 1048576 }'; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ratio=$(div "$c512" "$cbul")             # rate ratio bulwark / sha512sum = time ratio sha512sum / bulwark
ratio_both=$(div "$(sum "$c256" "$c512")" "$cbul")
ratio_wall=$(div "$w512" "$wbul")
verdict=$(awk -v r="$ratio" 'BEGIN { print (r + 0 >= 0.8 ? "PASS" : "MISS") }')

echo
echo "== whole process: bulwark sbom TARGET -o /dev/null ($RUNS runs; median wall, largest peak RSS)"
printf '%s\n' "${rows[@]}"
echo
echo "== hashing: $nfiles files, $bytes bytes from $LIBDIR (page cache warm; one core)"
[ "$bul_files" = "$nfiles" ] && [ "$bul_bytes" = "$bytes" ] || echo "warning: bench_inventory hashed $bul_files files / $bul_bytes bytes"
printf '%-44s %14s %14s\n' "hasher (one core; best of $HASH_RUNS by CPU)" "MiB/s (CPU)" "MiB/s (wall)"
printf '%-44s %14s %14s\n' "sha256sum" "$(mbs "$c256")" "$(mbs "$w256")" "sha512sum" "$(mbs "$c512")" "$(mbs "$w512")" \
  "sha256sum + sha512sum, one after the other" "$(mbs "$(sum "$c256" "$c512")")" "$(mbs "$(sum "$w256" "$w512")")" \
  "bulwark digest_file (SHA-256 + SHA-512)" "$(mbs "$cbul")" "$(mbs "$wbul")"
printf '%-44s %14s %14s   target >= 0.8 (CPU): %s\n' "ratio bulwark / sha512sum" "$ratio" "$ratio_wall" "$verdict"
printf '%-44s %14s\n' "ratio bulwark / (sha256sum + sha512sum)" "$ratio_both"
