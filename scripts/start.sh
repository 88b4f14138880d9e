#!/bin/sh
# `npm start`: the main job on a fresh machine.
#   1. installs what is missing (Node 24, Debian packages, npm deps)
#   2. brings the lab twins up (needs root) — the default verification target
#   3. verifies the documented facts against the target (reports/verify.json)
#   3b. runs the runbooks' command blocks against the lab twins (reports/runbooks.json; lab only)
#   4. builds the site (badges and report page from that verification) and the PDFs
# Exit status: 0 all verified; 1 drift; 2 something unverified; 3 setup/config error.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
T0=$(date +%s)
say() { printf '\n\033[1m▶ %s\033[0m\n' "$*" >&2; }
N="sh scripts/node24.sh"

say "Setup (Node 24, Debian packages, npm dependencies)"
sh scripts/bootstrap.sh all

TARGET=${VERIFY_TARGET:-lab}
if [ "$TARGET" = lab ]; then
	if [ "$(id -u)" = 0 ]; then
		say "Lab twins up"
		$N node lab/cli.ts up
	else
		say "Not root: the lab twins cannot start; the site is built without verification"
		TARGET=none
	fi
fi

status=0
if [ "$TARGET" != none ]; then
	say "Verifying the documented facts against target '$TARGET'"
	# as `npm run verify` (its Node flags: package.json)
	npm run -s verify -- --target "$TARGET" || status=$?
	[ "$status" -ge 3 ] && exit "$status"
fi

rb_status=none
if [ "$TARGET" = lab ]; then
	say "Running the runbooks against the lab twins"
	# every user@host command block in page order on its twin; destructive runbooks on reset twins,
	# touched twins reset afterwards (reports/runbooks.json, reports/runbooks.xml)
	rb_status=0
	$N node runbooks/cli.ts --reporter terminal,json:reports/runbooks.json,junit:reports/runbooks.xml || rb_status=$?
	[ "$rb_status" -ge 3 ] && exit "$rb_status"
	[ "$status" = 0 ] && status=$rb_status
fi

say "Building the site"
# The verification above wrote reports/verify.json; the build shows it (badges, report page)
# instead of verifying a second time, and drift is visible on the pages rather than stopping the build.
VERIFY=${VERIFY:-off} $N astro build

say "Printing the PDFs"
$N node scripts/pdf.ts

T1=$(date +%s)
say "Done in $((T1 - T0)) s"
cat >&2 <<MSG
  site:    dist/            (npm run preview → http://127.0.0.1:4400/)
  PDFs:    dist/pdf/
  report:  reports/verify.json   (exit status $status: 0 verified, 1 drift, 2 unverified)
  runbooks: reports/runbooks.json (exit status $rb_status: 0 passed, 1 a runbook failed, 2 a twin unreachable)
  lab:     npm run lab -- status | down
MSG
exit "$status"
