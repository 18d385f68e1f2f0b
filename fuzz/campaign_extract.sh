#!/usr/bin/env bash
# Short AFL++ campaign over the inventory fuzz targets (extractors and walkers), then replays
# every queue entry, crash and hang under the ASan/UBSan replay build. Usage (from the repo root):
#   FUZZ_SECONDS=60 bash fuzz/campaign_extract.sh [target...]
# Builds build-fuzz with afl-g++ (afl-gcc instrumentation; Debian 12's afl++ GCC plugin refuses
# GCC 12.2), runs afl-fuzz -V FUZZ_SECONDS per target one at a time (one core), and prints one
# line per target: executions, corpus size, crashes, hangs. Results: build-fuzz/findings/<t>.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(rpm_header rpm_ndb rpm_bdb rpm_sqlite dpkg apk opkg os_release npm_lock yarn_lock
  pnpm_lock pipfile_lock poetry_lock uv_lock requirements walk_archive walk_image walk_squashfs binary)
command -v afl-g++ >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y afl++; }
if [ ! -f build-fuzz/build.ninja ]; then
  CC=afl-gcc CXX=afl-g++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBULWARK_BUILD_TESTS=OFF -DBULWARK_BUILD_FUZZ=ON -DCMAKE_CXX_COMPILER_LAUNCHER= >/dev/null
fi
cmake --build build-fuzz -j "${FUZZ_JOBS:-2}" --target $(printf 'fuzz_%s_replay ' "${targets[@]}") >/dev/null
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
mkdir -p build-fuzz/findings
for t in "${targets[@]}"; do
  seeds=build-fuzz/seeds/$t
  rm -rf "$seeds" "build-fuzz/findings/$t" && mkdir -p "$seeds"
  # AFL wants small seeds: those over 1 MiB stay out of its queue (CTest still replays them).
  find "fuzz/seeds/$t" -type f -size -1024k -exec cp {} "$seeds"/ \;
  afl-fuzz -V "$SECONDS_EACH" -t 2000 -m none -i "$seeds" -o "build-fuzz/findings/$t" -- \
    "build-fuzz/bin/fuzz_${t}_replay" --rounds=0 @@ > "build-fuzz/afl-$t.log" 2>&1 ||
    { echo "fuzz: afl-fuzz failed for $t, see build-fuzz/afl-$t.log"; tail -3 "build-fuzz/afl-$t.log"; continue; }
  stats=build-fuzz/findings/$t/default/fuzzer_stats
  execs=$(awk '/^execs_done/{print $3}' "$stats")
  corpus=$(awk '/^corpus_count/{print $3}' "$stats")
  crashes=$(find "build-fuzz/findings/$t/default/crashes" -name 'id*' | wc -l)
  hangs=$(find "build-fuzz/findings/$t/default/hangs" -name 'id*' | wc -l)
  echo "fuzz: $t: $execs executions, corpus $corpus, $crashes crashes, $hangs hangs"
done
