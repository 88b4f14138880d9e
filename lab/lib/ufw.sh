# shellcheck shell=bash
# lab/lib/ufw.sh — UFW inside a twin (its own /etc/ufw via the /etc overlay, its own netns, so the
# machine's firewall is never touched). Only for RUNNING twins (a chroot would act on the root netns).

# ufw_run ID "UFW COMMAND" …: run ufw commands inside twin ID in one process (twin-bin/ufw-batch.py).
ufw_run() {
  local id=$1; shift
  [[ $id == /* ]] && die "ufw_run needs a running twin, not a root tree ($id)"
  # ufw refuses to run from a world-writable place: install the helper under the twin's /run (root, 755)
  install -D -m 755 "$LAB_ROOT/twin-bin/ufw-batch.py" "$(t_root "$id")/run/lab/ufw-batch.py"
  printf '%s\n' "$@" | in_host "$id" python3 /run/lab/ufw-batch.py \
    || die "ufw failed in $id (commands: $*)"
}

# ufw_setup ID "RULE" …: default deny incoming / allow outgoing / deny routed, add each RULE
# (arguments of `ufw`, e.g. "allow 22/tcp") while inactive, then enable.
ufw_setup() {
  local id=$1 t0; t0=$(now_ns); shift
  ufw_run "$id" "default deny incoming" "default allow outgoing" "default deny routed" "$@" "--force enable"
  log "$id: ufw enabled with $# rules in $(ms "$t0") ms"
}
