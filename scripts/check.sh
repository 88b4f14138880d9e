#!/bin/sh
# `npm run check`: the static checks, run by `npm test` before the suite.
#   1. tsc --noEmit, strictest, over the whole repository (tsconfig.json)
#   2. ESLint with type information and the layering rules (eslint.config.mjs)
#   3. astro check (components and pages)
#   4. shellcheck on the project's shell scripts
#   5. knip: no unused file, export or dependency (knip.json)
# Zero errors; no blanket disables (a line-level disable names its reason).
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# .astro/types.d.ts (the content collections' types, read by tsc and ESLint) is generated: a clean clone has none
echo "check: astro sync"
sh scripts/node24.sh astro sync

echo "check: tsc (strictest)"
sh scripts/node24.sh tsc --noEmit -p tsconfig.json

echo "check: eslint"
# Every folder with code (eslint.config.mjs ignores the build output and the lab's .mjs).
sh scripts/node24.sh eslint --max-warnings 0 --cache --cache-location node_modules/.cache/eslint/ \
	model lib verifiers src runbooks bench lab scripts test eslint.config.mjs astro.config.mjs vitest.config.ts

echo "check: astro check"
# Components and pages (.astro), with the types of the content collections.
sh scripts/node24.sh astro check --minimumSeverity error

echo "check: shellcheck"
if ! command -v shellcheck >/dev/null 2>&1; then
	echo "check: shellcheck is not installed; run 'npm run setup' (it installs scripts/apt-packages.txt) or apt-get install shellcheck" >&2
	exit 1
fi
# Every shell script: the project's scripts and the lab (sourced lab libraries declare `# shellcheck shell=bash`).
find scripts lab -name '*.sh' -exec shellcheck {} + && shellcheck .ci/run

echo "check: knip"
# knip loads astro.config.mjs, whose fact store logs a line per load: only knip's own findings are shown
status=0
out=$(sh scripts/node24.sh knip --no-progress 2>&1) || status=$?
printf '%s\n' "$out" | grep -v '\[facts\]' || true
[ "$status" -eq 0 ] || { echo "check: knip found unused code (listed above): remove it, or mark a public API with @public" >&2; exit 1; }

echo "check: clean"
