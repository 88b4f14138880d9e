# shellcheck shell=bash
# lab/drift/undocumented-port.sh — gm-vserver: an extra listener on 0.0.0.0:9999 (a forgotten debug server).
drift_register undocumented-port gm-vserver "python3 http.server listening on 0.0.0.0:9999 (not documented)"

# drift_apply_undocumented_port: start the listener (pid kept in the twin's /run/lab).
drift_apply_undocumented_port() {
  in_host gm-vserver bash -ec 'mkdir -p /run/lab /tmp/debug; cd /tmp/debug
    setsid python3 -m http.server 9999 --bind 0.0.0.0 >/dev/null 2>&1 </dev/null &
    echo $! > /run/lab/drift-9999.pid'
  local i
  for ((i = 0; i < 200; i++)); do in_host gm-vserver ss -Htln 'sport = :9999' | grep -q . && return 0; sleep 0.05; done
  die "gm-vserver: the drift listener on :9999 did not start"
}

# drift_revert_undocumented_port: stop the listener.
drift_revert_undocumented_port() {
  # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
  in_host gm-vserver bash -c 'kill "$(cat /run/lab/drift-9999.pid 2>/dev/null)" 2>/dev/null; rm -f /run/lab/drift-9999.pid; rm -rf /tmp/debug; true'
  local i
  for ((i = 0; i < 100; i++)); do in_host gm-vserver ss -Htln 'sport = :9999' | grep -q . || return 0; sleep 0.05; done
}
