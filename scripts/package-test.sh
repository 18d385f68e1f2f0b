#!/usr/bin/env bash
# Checks the Debian package: its dependencies resolve on this Debian (apt, simulated), it unpacks
# into a scratch root with the binary, man page and completions, and the unpacked binary imports
# the bundled sample data and scans the sample SBOM. Usage: package-test.sh RELEASE_BUILD_DIR
set -euo pipefail
BUILD=${1:-build-release}
cd "$(dirname "$0")/.."
deb=$(ls -t "$BUILD"/bulwark_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "package-test: no bulwark_*.deb in $BUILD (make package)" >&2; exit 1; }
echo "package-test: $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get install --simulate -q "./$deb" > "$BUILD/package-apt-simulate.log" 2>&1 ||
    { echo "package-test: apt cannot install $deb:" >&2; tail -20 "$BUILD/package-apt-simulate.log" >&2; exit 1; }
  echo "package-test: apt install (simulated) resolves every dependency"
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for f in usr/bin/bulwark usr/share/man/man1/bulwark.1.gz usr/share/bash-completion/completions/bulwark \
         usr/share/zsh/vendor-completions/_bulwark; do
  [ -s "$root/$f" ] || { echo "package-test: $f missing from the package" >&2; exit 1; }
done
# Read the whole page before matching: 'grep -q' stops at the first hit, and with pipefail the
# SIGPIPE this gives zcat on a long page would fail the check.
man=$(zcat "$root/usr/share/man/man1/bulwark.1.gz")
sections=$(printf '%s\n' "$man" | grep -c '^\.SH' || true)
[ "$sections" -ge 3 ] || { echo "package-test: man page malformed ($sections .SH sections)" >&2; exit 1; }
echo "package-test: man page has $sections sections"
bin="$root/usr/bin/bulwark"
"$bin" --version
db="$root/scratch.db"
"$bin" --db "$db" db import data/sample/osv data/sample/feeds/kev-sample.json data/sample/feeds/epss-sample.csv \
  data/sample/feeds/nvd-sample.json > /dev/null
out=$("$bin" --db "$db" scan --format json data/sample/sbom/sample-product.cdx.json)
n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
[ "$n" -gt 0 ] || { echo "package-test: the packaged binary found no findings in the sample" >&2; exit 1; }
echo "package-test: packaged binary scanned the sample: $n findings"
