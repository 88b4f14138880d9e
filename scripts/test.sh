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
exec sh scripts/node24.sh vitest run "$@"
