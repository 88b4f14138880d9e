# shellcheck shell=bash
# lab/lib/osrel.sh — the distribution identity a twin shows (/usr/lib/os-release, /etc/lsb-release, /etc/issue).
# The twins run the machine's Debian userland; only the identity files are replaced.

# osrel_write: write $LAB_DIR/osrel/<name>{,.lsb,.issue} for every distribution a twin claims.
osrel_write() {
  local d=$LAB_DIR/osrel; mkdir -p "$d"
  _osrel_ubuntu "$d/ubuntu-24.04" 24.04 3 noble "Noble Numbat"
  _osrel_ubuntu "$d/ubuntu-22.04" 22.04 5 jammy "Jammy Jellyfish"
}

# _osrel_ubuntu FILE VERSION POINT CODENAME "NICE NAME": one Ubuntu release, files as Ubuntu ships them.
_osrel_ubuntu() {
  local f=$1 v=$2 p=$3 c=$4 n=$5
  cat >"$f" <<EOT
PRETTY_NAME="Ubuntu $v.$p LTS"
NAME="Ubuntu"
VERSION_ID="$v"
VERSION="$v.$p LTS ($n)"
VERSION_CODENAME=$c
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=$c
LOGO=ubuntu-logo
EOT
  printf 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=%s\nDISTRIB_CODENAME=%s\nDISTRIB_DESCRIPTION="Ubuntu %s.%s LTS"\n' "$v" "$c" "$v" "$p" >"$f.lsb"
  printf 'Ubuntu %s.%s LTS \\n \\l\n\n' "$v" "$p" >"$f.issue"
}
