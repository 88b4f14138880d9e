# shellcheck shell=bash
# lab/lib/accounts.sh — users and groups of a twin, and the lab's own access (verifier + root keys, sudoers).

# accounts_reset TARGET: drop the machine's regular users (uid 1000–65533) inherited through the /etc
# overlay, so a twin only has the system accounts plus the users its definition creates.
accounts_reset() {
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  t_sh "$1" '
    for u in $(awk -F: "\$3 >= 1000 && \$3 < 65534 { print \$1 }" /etc/passwd); do userdel "$u" 2>/dev/null || true; done
    for g in $(awk -F: "\$3 >= 1000 && \$3 < 65534 { print \$1 }" /etc/group); do groupdel "$g" 2>/dev/null || true; done'
}

# accounts_group TARGET NAME [GID]: create system group NAME (with GID if given and free).
accounts_group() {
  local t=$1 g=$2 gid=${3:-}
  t_sh "$t" "getent group '$g' >/dev/null || groupadd -r ${gid:+-g $gid} '$g' 2>/dev/null || groupadd -r '$g'" \
    || die "could not create group $g in $t"
}

# accounts_user TARGET NAME UID "GROUP,GROUP" [SHELL]: create user NAME (home in /home, own group with
# GID=UID, supplementary groups), password locked ("*": key-only).
accounts_user() {
  local t=$1 u=$2 uid=$3 groups=${4:-} sh=${5:-/bin/bash}
  # shellcheck disable=SC2016  # the quotes inside are for the twin's shell: the values are expanded here and quoted there
  t_sh "$t" "
    getent group '$u' >/dev/null || groupadd -g '$uid' '$u'
    getent passwd '$u' >/dev/null || useradd -m -u '$uid' -g '$u' ${groups:+-G '$groups'} -s '$sh' '$u'
    usermod -p '*' '$u'" || die "could not create user $u (uid $uid) in $t"
}

# accounts_lock_all TARGET: set every account's password field to "*" (no password can
# match; key login keeps working, unlike "!" under UsePAM no) — twins whose sshd allows passwords stay
# key-only in practice.
accounts_lock_all() {
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  t_sh "$1" 'for u in $(getent shadow | awk -F: "\$2 != \"*\" { print \$1 }"); do usermod -p "*" "$u"; done' \
    || die "could not lock the passwords of $1"
}

# accounts_authorize TARGET USER: put the lab client key into USER's ~/.ssh/authorized_keys.
accounts_authorize() {
  local t=$1 u=$2 pub; pub=$(cat "$LAB_DIR/keys/id_lab.pub")
  t_sh "$t" "
    h=\$(getent passwd '$u' | cut -d: -f6); g=\$(id -gn '$u')
    install -d -m 700 -o '$u' -g \"\$g\" \"\$h/.ssh\"
    grep -qxF '$pub' \"\$h/.ssh/authorized_keys\" 2>/dev/null || echo '$pub' >> \"\$h/.ssh/authorized_keys\"
    chown '$u':\"\$g\" \"\$h/.ssh/authorized_keys\"; chmod 600 \"\$h/.ssh/authorized_keys\""
}

# accounts_lab_access TARGET: the lab's own access, identical on every twin: user `verifier` (key login,
# sudoers drop-in copied from verifiers/probe/sudoers when that file exists) and root's key.
accounts_lab_access() {
  local t=$1 root; root=$(t_root "$t")
  accounts_user "$t" verifier 1990 "" /bin/bash
  accounts_authorize "$t" verifier
  accounts_authorize "$t" root
  local src=$LAB_ROOT/../verifiers/probe/sudoers
  if [ -f "$src" ]; then
    install -D -m 0440 -o root -g root "$src" "$root/etc/sudoers.d/verifier"
    t_run "$t" visudo -cq -f /etc/sudoers.d/verifier >/dev/null 2>&1 \
      || { rm -f "$root/etc/sudoers.d/verifier"; warn "verifiers/probe/sudoers does not pass 'visudo -c'; not installed"; }
  else
    [ -n "${LAB_SUDOERS_WARNED:-}" ] || warn "verifiers/probe/sudoers does not exist (owned by the verifier team): user 'verifier' gets no sudo rights"
    export LAB_SUDOERS_WARNED=1
  fi
}
