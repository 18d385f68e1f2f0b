#!/usr/bin/env bash
# Installs the web dashboard's npm packages (web/package-lock.json: Preact, htm, uPlot; for the
# browser test playwright-core and axe-core) into web/node_modules when they are missing or the
# lockfile is newer. The build embeds the browser builds it needs from there (cmake/WebAssets.cmake);
# without them the server answers a "UI not built" page. Called by scripts/setup.sh (make setup).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "web-setup: web/node_modules matches web/package-lock.json"
