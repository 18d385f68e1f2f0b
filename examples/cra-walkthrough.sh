#!/usr/bin/env bash
# CRA walk-through (README "CRA compliance"): a KEV-listed finding in a released product proposes
# an Article 14 case, a person confirms it, `bulwark cra deadlines` shows the 24 h / 72 h
# deadlines, the early warning is submitted, a fix is recorded (release 3.3.0) and the 14-day
# final-report deadline appears, the drafts are written; then the technical documentation and the
# evidence bundle of the fixed release. The clock is fixed with BULWARK_NOW and advanced between
# steps to show the clocks running.
#
#   examples/cra-walkthrough.sh OUTDIR      (BULWARK_BIN overrides build/bin/bulwark)
#
# Leaves OUTDIR/deadlines.json (bulwark cra deadlines --format json after confirmation),
# OUTDIR/deadlines-after-fix.json, OUTDIR/drafts/, OUTDIR/docs/, OUTDIR/evidence.zip and the
# database OUTDIR/bulwark.db behind.
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
cd "$(dirname "$0")/.."
BIN=${BULWARK_BIN:-build/bin/bulwark}
mkdir -p "$OUT"
# WALKTHROUGH_DATABASE runs it on another, empty database (e.g. a postgresql:// URL).
export BULWARK_DB="${WALKTHROUGH_DATABASE:-$OUT/bulwark.db}"
rm -rf "$BULWARK_DB" "$BULWARK_DB-wal" "$BULWARK_DB-shm" "$OUT/drafts" "$OUT/docs" "$OUT/evidence.zip"
step() { printf '\n\033[1m$ bulwark %s\033[0m\n' "$*"; "$BIN" "$@"; }
at() { export BULWARK_NOW=$1; printf '\n\033[2m# BULWARK_NOW=%s\033[0m\n' "$1"; }

# Sunday 29 November 2026, 10:00 UTC: the PSIRT sets up the product and its released version.
at 2026-11-29T10:00:00Z
step db import data/sample/osv data/sample/feeds/kev-sample.json data/sample/feeds/epss-sample.csv data/sample/feeds/nvd-sample.json
step product add acme-gateway --vendor "Acme Devices GmbH" --class important-1 \
  --contact security@acme.example --website https://acme.example --support-years 5 \
  --description "Industrial IoT gateway"
step cra classify acme-gateway --item AIII.C1.12 --member-state DE --member-state AT --member-state FR \
  --cvd-policy https://acme.example/security/policy --address "Musterstrasse 1, 10115 Berlin, Germany"
step release add acme-gateway 3.2.0 --sbom data/sample/sbom/sample-product.cdx.json --released 2026-03-02
# Log4Shell (CVE-2021-44228) is in the CISA KEV catalogue and in the released 3.2.0: a case is
# proposed. Awareness (now) starts the clocks.
step cra case propose
step cra case list

# 11:30: the PSIRT confirms it. The deadlines run from awareness (10:00), not from confirmation.
at 2026-11-29T11:30:00Z
step cra case confirm CRA-2026-0001 --by psirt@acme.example
step cra deadlines
"$BIN" cra deadlines --format json > "$OUT/deadlines.json"
echo "-> $OUT/deadlines.json (early warning due 2026-11-30T10:00:00Z, notification due 2026-12-02T10:00:00Z)"

# 16:00: the early warning is submitted through the single reporting platform.
at 2026-11-29T16:00:00Z
step cra draft CRA-2026-0001 --stage early-warning -o "$OUT/drafts"
step cra case submit CRA-2026-0001 early-warning --reference ENISA-EW-2026-0001 --by psirt@acme.example

# Tuesday 1 December, 09:00: release 3.3.0 fixes Log4Shell; the corrective measure is recorded,
# which starts the 14-day final-report clock. The notification follows an hour later.
at 2026-12-01T09:00:00Z
step release add acme-gateway 3.3.0 --sbom data/sample/sbom/sample-product-3.3.0.cdx.json --released 2026-12-01
step cra case fix CRA-2026-0001 --at 2026-12-01T09:00:00Z --by psirt@acme.example \
  --description "Release 3.3.0 updates log4j-core to 2.17.1"
at 2026-12-01T10:00:00Z
step cra case submit CRA-2026-0001 notification --reference ENISA-VN-2026-0001 --by psirt@acme.example
step cra deadlines
"$BIN" cra deadlines --format json > "$OUT/deadlines-after-fix.json"
echo "-> $OUT/deadlines-after-fix.json (final report due 2026-12-15T09:00:00Z)"
step cra draft CRA-2026-0001 -o "$OUT/drafts" --user-notice --url https://acme.example/downloads/3.3.0
step cra case show CRA-2026-0001

# Support periods, the Annex I checklist and the documentation of the fixed release.
step cra support
step cra support notice acme-gateway@3.2.0
step cra checklist acme-gateway set AI.P2.3 --status in_progress --owner qa@acme.example \
  --evidence "test_report:https://acme.example/qa/pentest-2026.pdf:Penetration test report 2026"
step cra checklist acme-gateway
step cra docs acme-gateway@3.3.0 -o "$OUT/docs" --bundle "$OUT/evidence.zip"
echo
echo "walk-through done: $OUT"
ls "$OUT" "$OUT/drafts" "$OUT/docs"
