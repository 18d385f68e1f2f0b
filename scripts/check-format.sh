#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted as .clang-format says (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed (make setup)" >&2; exit 2; }
if git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run -Werror 2> build-format.log; then
  rm -f build-format.log
  echo "check-format: $(git ls-files '*.cpp' '*.hpp' | wc -l) files formatted"
else
  grep -o '^[^:]*\.[ch]pp' build-format.log | sort -u | sed 's/^/check-format: not formatted: /' >&2
  echo "check-format: run 'make format'" >&2
  rm -f build-format.log
  exit 1
fi
