#!/bin/sh
# `npm test`: installs what is missing, then runs the whole suite (unit, lab-backed
# integration, build + browser + PDF tests). The lab twins are started by the suite's
# global setup when running as root and stopped afterwards.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
sh scripts/bootstrap.sh all
# static checks first (tsc, ESLint, shellcheck): a type error fails the run before the slow suite
sh scripts/check.sh
sh scripts/node24.sh vitest run "$@"
# a test run leaves the checkout as it found it: what tests write goes to ignored folders (reports/, .cache/)
if [ "${CI:-}" = true ] && [ -d .git ] && [ -n "$(git status --porcelain)" ]; then
  echo "npm test: the run changed files Git tracks or does not ignore (write them under reports/ or .cache/):" >&2
  git status --short >&2
  exit 1
fi
