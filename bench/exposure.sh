#!/usr/bin/env bash
# bulwark exposure over a tree of ~1,000 ELF files (hard links of this machine's /usr/bin and
# /usr/lib/x86_64-linux-gnu, nothing copied), time and peak RSS, beside checksec --dir on the
# same tree when checksec is installed. Usage: bash bench/exposure.sh BUILD_DIR (a Release build).
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
echo "tree: $files files, $elf ELF"
for run in 1 2 3; do
  /usr/bin/time -f "bulwark exposure: %e s wall, %U s user, %M KiB peak RSS" \
    "$bin" exposure "$work/tree" -f json -o "$work/out.json" 2>&1 | grep -E "^bulwark exposure:"
done
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print('summary:', s)" "$work/out.json"
if command -v checksec >/dev/null; then
  /usr/bin/time -f "checksec --dir: %e s wall, %U s user, %M KiB peak RSS" \
    checksec --dir="$work/tree" >/dev/null 2>"$work/checksec.err" || true
  grep -E "^checksec" "$work/checksec.err" || tail -3 "$work/checksec.err"
fi
