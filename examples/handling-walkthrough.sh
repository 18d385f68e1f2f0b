#!/usr/bin/env bash
# Vulnerability handling walk-through (README "Handling vulnerabilities"): a product with two
# releases, a finding triaged on the first and inherited by the second, VEX exports in three
# formats and a CSAF advisory published as a provider directory.
#
#   examples/handling-walkthrough.sh OUTDIR      (BULWARK_BIN overrides build/bin/bulwark)
#
# Leaves OUTDIR/openvex.json, OUTDIR/cyclonedx-vex.json, OUTDIR/csaf-vex.json, OUTDIR/csaf/
# (provider directory), OUTDIR/security.txt and the database OUTDIR/bulwark.db behind.
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
cd "$(dirname "$0")/.."
BIN=${BULWARK_BIN:-build/bin/bulwark}
mkdir -p "$OUT"
# WALKTHROUGH_DATABASE runs it on another, empty database (e.g. a postgresql:// URL).
export BULWARK_DB="${WALKTHROUGH_DATABASE:-$OUT/bulwark.db}"
rm -rf "$BULWARK_DB" "$BULWARK_DB-wal" "$BULWARK_DB-shm" "$OUT/csaf"
# A fixed clock makes the outputs reproducible (every command honours BULWARK_NOW).
export BULWARK_NOW=${BULWARK_NOW:-2026-11-29T10:00:00Z}
step() { printf '\n\033[1m$ bulwark %s\033[0m\n' "$*"; "$BIN" "$@"; }

step db import data/sample/osv data/sample/feeds/kev-sample.json data/sample/feeds/epss-sample.csv data/sample/feeds/nvd-sample.json
step product add acme-gateway --vendor "Acme Devices GmbH" --class important-1 \
  --contact security@acme.example --website https://acme.example --support-years 5 \
  --description "Industrial IoT gateway"
step release add acme-gateway 3.2.0 --sbom data/sample/sbom/sample-product.cdx.json --released 2026-03-02
step release add acme-gateway 3.3.0 --sbom data/sample/sbom/sample-product-3.3.0.cdx.json --released 2026-11-16
step findings acme-gateway@3.2.0
# The PSIRT decides that the lodash command injection (template) is not reachable in the product.
step triage acme-gateway@3.2.0 CVE-2021-23337 --state not_affected \
  --justification vulnerable_code_not_in_execute_path \
  --detail "_.template is never called with untrusted input; lodash only formats log lines" --author "psirt@acme.example"
# 3.3.0 carries the same lodash: the analysis is inherited (shown with --show-suppressed).
step findings acme-gateway@3.3.0 --show-suppressed
step triage --history acme-gateway
step vex export acme-gateway -f openvex -o "$OUT/openvex.json"
step vex export acme-gateway -f cyclonedx -o "$OUT/cyclonedx-vex.json"
step vex export acme-gateway -f csaf -o "$OUT/csaf-vex.json"
# Log4Shell is fixed in 3.3.0: tell the users with a CSAF advisory.
step advisory create acme-gateway CVE-2021-44228 --fixed-in 3.3.0 --url https://acme.example/downloads/3.3.0 \
  -o "$OUT/advisory.json"
step advisory publish "$OUT/csaf" --product acme-gateway
step security-txt acme-gateway -o "$OUT/security.txt" --policy https://acme.example/security/policy
step monitor
echo
echo "walk-through done: $OUT"
ls -R "$OUT/csaf" | head -20
