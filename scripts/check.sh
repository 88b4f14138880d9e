#!/bin/sh
# `npm run check`: the static checks, run by `npm test` before the suite.
#   1. tsc --noEmit, strictest (tsconfig.check.json: the parts that are clean so far; tsconfig.json covers everything)
#   2. ESLint with type information and the layering rules (eslint.config.mjs)
#   3. astro check (components and pages)
#   4. shellcheck on the project's shell scripts
# Zero errors, no disable comments. Widen the scopes below as folders become clean.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

echo "check: tsc (strictest)"
sh scripts/node24.sh tsc --noEmit -p tsconfig.check.json

echo "check: eslint"
# The same folders as tsconfig.check.json. Still pending (their JSON parsing reads `any`): probe parsers,
# inventory loading.
sh scripts/node24.sh eslint --max-warnings 0 --cache --cache-location node_modules/.cache/eslint/ \
	--ignore-pattern 'verifiers/probe/parse/**' --ignore-pattern 'verifiers/inventory/**' \
	model lib verifiers test/model test/lib

echo "check: shellcheck"
if ! command -v shellcheck >/dev/null 2>&1; then
	echo "check: shellcheck is not installed; run 'npm run setup' (it installs scripts/apt-packages.txt) or apt-get install shellcheck" >&2
	exit 1
fi
# The project's own scripts; lab/ follows when its scripts are clean (helper lab).
shellcheck scripts/*.sh .ci/run

echo "check: clean"
