#!/usr/bin/env bash
# Fuzzes every parser with AFL++ (afl-gcc instrumentation; the GCC plugin of Debian 12's afl++ 4.04c refuses GCC 12.2) for FUZZ_SECONDS each.
# Crashes land in build-fuzz/findings/<target>/crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
command -v afl-g++ >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y afl++; }
CC=afl-gcc CXX=afl-g++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBULWARK_BUILD_TESTS=OFF -DBULWARK_BUILD_FUZZ=ON -DCMAKE_CXX_COMPILER_LAUNCHER=
# Every fuzz/fuzz_<name>.cpp is a target (FUZZ_TARGETS="a b" picks some).
TARGETS=${FUZZ_TARGETS:-$(cd fuzz && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//' | tr '\n' ' ')}
cmake --build build-fuzz -j "$(nproc)" --target $(for t in $TARGETS; do printf 'fuzz_%s_replay ' "$t"; done)
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
for t in $TARGETS; do
  seeds=build-fuzz/seeds/$t
  rm -rf "$seeds" && mkdir -p "$seeds"
  [ -d "fuzz/seeds/$t" ] && cp -r fuzz/seeds/$t/. "$seeds"/
  case $t in sbom) cp data/sample/sbom/* "$seeds"/ ;; osv) find data/sample/osv -name '*.json' -exec cp {} "$seeds"/ \; ;; esac
  mkdir -p build-fuzz/findings
  echo "fuzz: $t for ${SECONDS_EACH}s"
  afl-fuzz -V "$SECONDS_EACH" -i "$seeds" -o "build-fuzz/findings/$t" -- "build-fuzz/bin/fuzz_${t}_replay" --rounds=0 @@ > "build-fuzz/afl-$t.log" 2>&1 || { echo "fuzz: afl-fuzz failed for $t, see build-fuzz/afl-$t.log"; tail -5 "build-fuzz/afl-$t.log"; }
  crashes=$(find "build-fuzz/findings/$t" -path '*crashes/id*' 2>/dev/null | wc -l)
  execs=$(awk '/execs_done/{print $3}' build-fuzz/findings/$t/default/fuzzer_stats 2>/dev/null || true)
  echo "fuzz: $t: ${execs:-?} executions, $crashes crashes"
done
