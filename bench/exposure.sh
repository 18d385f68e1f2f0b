#!/usr/bin/env bash
# Whole-process timing of `bulwark exposure` over a tree of ~1,000 ELF files (hard links of this
# machine's /usr/bin and /usr/lib/x86_64-linux-gnu, nothing copied): wall time and peak RSS of
# three runs, beside `checksec --dir` on the same tree when checksec is installed, and the ratio
# of the medians. The machine load (`uptime`) is printed with every figure: on a shared machine a
# figure means nothing without it. Usage: bash bench/exposure.sh BUILD_DIR (a Release build).
set -euo pipefail
build=${1:?usage: bench/exposure.sh BUILD_DIR}
bin="$build/bin/bulwark"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/usr"
cp -al /usr/bin "$work/tree/usr/bin" 2>/dev/null || cp -a /usr/bin "$work/tree/usr/bin"
mkdir -p "$work/tree/usr/lib"
cp -al /usr/lib/x86_64-linux-gnu "$work/tree/usr/lib/" 2>/dev/null ||
  cp -a /usr/lib/x86_64-linux-gnu "$work/tree/usr/lib/"
elf=$(find "$work/tree" -type f -exec sh -c 'head -c4 "$1" | grep -q "ELF" && echo x' _ {} \; | wc -l)
files=$(find "$work/tree" -type f | wc -l)
echo "tree: $files files, $elf ELF; $(nproc) cores"
load() { uptime | sed 's/.*load average: /load /'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: >"$work/bulwark.times"
for run in 1 2 3; do
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
  for run in 1 2 3; do
    before=$(load)
    /usr/bin/time -f "%e %U %M" -o "$work/t" checksec --dir="$work/tree" >/dev/null 2>&1 || true
    read -r wall user rss < <(tail -n1 "$work/t")
    echo "$wall" >>"$work/checksec.times"
    echo "checksec --dir run $run: ${wall} s wall, ${user} s user, ${rss} KiB peak RSS ($before before, $(load) after)"
  done
  c=$(median <"$work/checksec.times")
  echo "checksec --dir median: $c s; ratio checksec/bulwark: $(python3 -c "print(f'{$c/$b:.1f}')")"
else
  echo "checksec not installed (Debian package checksec): no comparison"
fi
