#!/usr/bin/env bash
# Risk-assessment walk-through (README "Security by design"): the sample gateway's cybersecurity
# risk assessment is imported from a Threat Dragon model we wrote (14 threats over 8 assets and 8
# interfaces), completed with its context, proposals from the release's SBOM and findings are
# accepted or rejected, the assessment is reviewed and approved by two other people, and then
# `cra checklist` and `cra docs` show the applicability of every Annex I Part I (2) point and
# AVII.3 rendered from the approved revision. Each release is judged on its own facts: 3.3.0
# (which fixed Log4Shell) meets AI.P1.2a, 3.2.0 does not.
#
#   examples/risk-walkthrough.sh OUTDIR      (BULWARK_BIN overrides build/bin/bulwark)
#
# Leaves OUTDIR/assessment.json, assessment.md, assessment.cdx.json (the approved revision),
# OUTDIR/findings-3.3.0.json (priorities adjusted by what the components expose),
# OUTDIR/checklist.txt, checklist.json, checklist-product.txt, OUTDIR/docs/ (the 3.3.0 documents
# with AVII.3), OUTDIR/evidence.zip and the database OUTDIR/bulwark.db behind.
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
cd "$(dirname "$0")/.."
BIN=${BULWARK_BIN:-build/bin/bulwark}
mkdir -p "$OUT"
# WALKTHROUGH_DATABASE runs it on another, empty database (e.g. a postgresql:// URL).
export BULWARK_DB="${WALKTHROUGH_DATABASE:-$OUT/bulwark.db}"
rm -rf "$BULWARK_DB" "$BULWARK_DB-wal" "$BULWARK_DB-shm" "$OUT/docs" "$OUT/evidence.zip"
step() { printf '\n\033[1m$ bulwark %s\033[0m\n' "$*"; "$BIN" "$@"; }
at() { export BULWARK_NOW=$1; printf '\n\033[2m# BULWARK_NOW=%s\033[0m\n' "$1"; }
# A step that must fail (exit 2): the rule it shows is enforced.
refused() {
  printf '\n\033[1m$ bulwark %s\033[0m   (must be refused)\n' "$*"
  set +e
  "$BIN" "$@"
  local rc=$?
  set -e
  if [ "$rc" -ne 2 ]; then echo "expected exit 2, got $rc" >&2; exit 1; fi
}

# The portfolio of the CRA walk-through: the gateway, released 3.2.0 (Log4Shell inside) and 3.3.0.
at 2026-12-01T09:00:00Z
step db import data/sample/osv data/sample/feeds/kev-sample.json data/sample/feeds/epss-sample.csv data/sample/feeds/nvd-sample.json
step product add acme-gateway --vendor "Acme Devices GmbH" --class important-1 \
  --contact security@acme.example --website https://acme.example --support-years 5 \
  --description "Industrial IoT gateway"
step cra classify acme-gateway --item AIII.C1.12 --member-state DE \
  --cvd-policy https://acme.example/security/policy --address "Musterstrasse 1, 10115 Berlin, Germany"
step release add acme-gateway 3.2.0 --sbom data/sample/sbom/sample-product.cdx.json --released 2026-03-02
step release add acme-gateway 3.3.0 --sbom data/sample/sbom/sample-product-3.3.0.cdx.json --released 2026-12-01

# The architect imports the Threat Dragon model (revision 1), then lays the context, the
# applicability statements and an accepted risk over it (revision 2). Both are drafts.
step risk import acme-gateway@3.3.0 examples/risk/acme-gateway.threat-dragon.json --by architect@acme.example
step risk import acme-gateway@3.3.0 examples/risk/acme-gateway-context.yaml --merge --by architect@acme.example
# A point marked not applicable without a justification never gets in (A13.4).
printf 'applicability:\n  - requirement: AI.P1.2b\n    applicable: false\n' > "$OUT/no-justification.yaml"
refused risk import acme-gateway@3.3.0 "$OUT/no-justification.yaml" --merge --by architect@acme.example

# Facts propose, people decide: proposals from the 3.3.0 SBOM and findings.
at 2026-12-01T10:00:00Z
step risk propose acme-gateway@3.3.0
step risk propose acme-gateway@3.3.0 accept interface:update --by architect@acme.example
step risk propose acme-gateway@3.3.0 accept threat:eol:openssl --by architect@acme.example
step risk propose acme-gateway@3.3.0 accept threat:eol:debian --by architect@acme.example
step risk propose acme-gateway@3.3.0 accept threat:catalogue:CAT-ROUTER-1 --by architect@acme.example
step risk propose acme-gateway@3.3.0 reject threat:catalogue:CAT-ROUTER-2 --by architect@acme.example \
  --reason "The gateway neither routes nor resolves DNS for other hosts"
step risk propose acme-gateway@3.3.0 reject interface:web-server --by architect@acme.example \
  --reason "Already modelled as I1 (HTTPS management) from the Threat Dragon model"
step risk propose acme-gateway@3.3.0

# Four eyes: the author can neither review nor approve; the security lead reviews, the CTO
# approves. Every step is in the append-only history.
at 2026-12-01T14:00:00Z
refused risk review acme-gateway@3.3.0 --by architect@acme.example
step risk review acme-gateway@3.3.0 --by security-lead@acme.example --comment "threats and ratings checked"
refused risk approve acme-gateway@3.3.0 --by architect@acme.example
step risk approve acme-gateway@3.3.0 --by cto@acme.example --comment "approved for 3.3.0"
step risk show acme-gateway@3.3.0
step risk history acme-gateway@3.3.0
step risk diff acme-gateway@3.3.0#1 acme-gateway@3.3.0
step risk export acme-gateway@3.3.0 -f json -o "$OUT/assessment.json"
step risk export acme-gateway@3.3.0 -f md -o "$OUT/assessment.md"
step risk export acme-gateway@3.3.0 -f cyclonedx -o "$OUT/assessment.cdx.json"

# It decides what each component exposes (docs/risk-policy.md): the next monitor run raises the
# findings of components behind an exposed network interface carrying a high-need asset and
# lowers by one level (never a KEV-listed one) those of components the approved revision states
# unreachable (minimist, Newtonsoft.Json); every other finding keeps its priority. The reason is
# on the finding.
at 2026-12-01T15:00:00Z
step monitor
"$BIN" findings acme-gateway@3.3.0 --format json > "$OUT/findings-3.3.0.json"
grep -q "lowered 1: stated unreachable in assessment revision" "$OUT/findings-3.3.0.json"

# It drives the checklist and the documents: applicability and justification per Annex I
# Part I (2) point from the approved revision; 3.3.0 judged on its own facts.
at 2026-12-02T09:00:00Z
step cra checklist acme-gateway@3.3.0 | tee "$OUT/checklist.txt"
"$BIN" cra checklist acme-gateway@3.3.0 --format json > "$OUT/checklist.json"
step cra checklist acme-gateway | tee "$OUT/checklist-product.txt"
step cra docs acme-gateway@3.3.0 -o "$OUT/docs" --bundle "$OUT/evidence.zip"
grep -q "Approved risk assessment:\*\* acme-gateway@3.3.0 revision" "$OUT/docs/technical-documentation.md"
grep -q "| AI.P1.2a | No known exploitable vulnerabilities | met |" "$OUT/docs/technical-documentation.md"
grep -q "| AI.P1.2g | Data minimisation | .* | not applicable |" "$OUT/docs/technical-documentation.md"
# The approved assessment itself beside the documents (and in the bundle), Markdown and HTML.
grep -q "<h2>Threats</h2>" "$OUT/docs/risk-assessment.html"
grep -q "^## Threats" "$OUT/docs/risk-assessment.md"
echo
echo "walk-through done: $OUT"
ls "$OUT" "$OUT/docs"
