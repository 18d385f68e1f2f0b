#!/usr/bin/env bash
# Runs every test: installs the reference implementations the differential tests compare
# against (npm packages into build/oracles), then CTest on the sanitizer build.
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
if [ -f tests/oracles/package.json ]; then
  if [ ! -d "$BUILD/oracles/node_modules" ] || [ tests/oracles/package.json -nt "$BUILD/oracles/node_modules" ]; then
    mkdir -p "$BUILD/oracles"
    cp tests/oracles/package.json "$BUILD/oracles/"
    [ -f tests/oracles/package-lock.json ] && cp tests/oracles/package-lock.json "$BUILD/oracles/"
    (cd "$BUILD/oracles" && npm install --no-audit --no-fund --loglevel=error) || echo "test.sh: npm install of the reference implementations failed; differential tests will fail" >&2
    touch "$BUILD/oracles/node_modules" 2>/dev/null || true
  fi
fi
export BULWARK_ORACLES="$PWD/$BUILD/oracles"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" --timeout 900
# The README walk-throughs, each on a fresh database (issues 5 and 6): they must run end to end.
for w in handling cra risk server; do
  out="$BUILD/walkthrough/$w"
  rm -rf "$out"
  if ! BULWARK_BIN="$BUILD/bin/bulwark" bash "examples/$w-walkthrough.sh" "$out" > "$BUILD/walkthrough-$w.log" 2>&1; then
    echo "test.sh: examples/$w-walkthrough.sh failed; its output:" >&2
    tail -40 "$BUILD/walkthrough-$w.log" >&2
    exit 1
  fi
  echo "test.sh: examples/$w-walkthrough.sh passed ($out)"
done
# The same walk-throughs on PostgreSQL (a throwaway cluster; skipped without the server binaries).
bash scripts/pg-walkthroughs.sh "$BUILD"
