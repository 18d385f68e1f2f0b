#!/usr/bin/env bash
# Whole-process timing of `bulwark exposure` over a root filesystem of ELF_FILES (default 1,000)
# ELF files: hard links (copies where linking fails) of the first ELF files by path under this
# machine's /usr/bin, /usr/sbin and /usr/lib/x86_64-linux-gnu, and a copy of /etc for the
# configuration checks. Wall time and peak RSS of RUNS (3) runs, beside `checksec --dir` on the
# same tree when checksec is installed (CHECKSEC_RUNS, default 1, each stopped after
# CHECKSEC_TIMEOUT seconds, default 1800), and the ratio of the medians. The machine load
# (`uptime`) is printed with every figure: on a shared machine a figure means nothing without it.
# Usage: bash bench/exposure.sh BUILD_DIR (a Release build).
set -euo pipefail
build=${1:?usage: bench/exposure.sh BUILD_DIR}
bin="$build/bin/bulwark"
count=${ELF_FILES:-1000}
runs=${RUNS:-3}
checksec_runs=${CHECKSEC_RUNS:-1}
checksec_timeout=${CHECKSEC_TIMEOUT:-1800}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/tree" "$count" <<'PY'
import os, shutil, sys
root, want = sys.argv[1], int(sys.argv[2])
picked = []
for top in ("/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu"):
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if len(picked) >= want:
                break
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            try:
                with open(p, "rb") as fh:
                    if fh.read(4) != b"\x7fELF":
                        continue
            except OSError:
                continue
            picked.append(p)
for p in picked:
    dest = root + p
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    try:
        os.link(p, dest)
    except OSError:
        shutil.copy2(p, dest)
if len(picked) < want:
    print(f"exposure.sh: only {len(picked)} ELF files found (asked for {want})", file=sys.stderr)
PY
cp -a /etc "$work/tree/etc" 2>/dev/null || true
elf=$(python3 -c "
import os,sys
n=0
for d,_,fs in os.walk(sys.argv[1]):
    for f in fs:
        p=os.path.join(d,f)
        if os.path.isfile(p) and not os.path.islink(p):
            with open(p,'rb') as h: n+=h.read(4)==b'\x7fELF'
print(n)" "$work/tree")
files=$(find "$work/tree" -type f | wc -l)
echo "tree: $files files, $elf ELF (first $count by path under /usr/bin, /usr/sbin, /usr/lib/x86_64-linux-gnu, and /etc); $(nproc) cores"
load() { uptime | sed 's/.*load average: /load /'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: >"$work/bulwark.times"
for run in $(seq "$runs"); do
  before=$(load)
  /usr/bin/time -f "%e %U %M" -o "$work/t" "$bin" exposure "$work/tree" -f json -o "$work/out.json" || true
  read -r wall user rss < <(tail -n1 "$work/t")
  echo "$wall" >>"$work/bulwark.times"
  echo "bulwark exposure run $run: ${wall} s wall, ${user} s user, ${rss} KiB peak RSS ($before before, $(load) after)"
done
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print('summary:', s)" "$work/out.json"
b=$(median <"$work/bulwark.times")
echo "bulwark exposure median: $b s"
if command -v checksec >/dev/null; then
  : >"$work/checksec.times"
  for run in $(seq "$checksec_runs"); do
    before=$(load)
    rc=0
    /usr/bin/time -f "%e %U %M" -o "$work/t" timeout "$checksec_timeout" \
      checksec --dir="$work/tree" >"$work/checksec.out" 2>&1 || rc=$?
    read -r wall user rss < <(tail -n1 "$work/t")
    if [ "$rc" = 124 ]; then
      echo "checksec --dir run $run: stopped after ${checksec_timeout} s ($(grep -c 'ELF\|RELRO' "$work/checksec.out" || true) output lines; $before before, $(load) after)"
      wall=">$checksec_timeout"
    else
      echo "$wall" >>"$work/checksec.times"
      echo "checksec --dir run $run: ${wall} s wall, ${user} s user, ${rss} KiB peak RSS, $(wc -l <"$work/checksec.out") output lines ($before before, $(load) after)"
    fi
  done
  if [ -s "$work/checksec.times" ]; then
    c=$(median <"$work/checksec.times")
    echo "checksec --dir median: $c s; ratio checksec/bulwark: $(python3 -c "print(f'{$c/$b:.1f}')")"
  else
    echo "checksec --dir: no run finished within ${checksec_timeout} s: ratio above $(python3 -c "print(f'{$checksec_timeout/$b:.0f}')")"
  fi
else
  echo "checksec not installed (Debian package checksec): no comparison"
fi
