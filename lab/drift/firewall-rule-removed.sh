# shellcheck shell=bash
# lab/drift/firewall-rule-removed.sh — gm-vserver: `ufw delete allow 443/tcp` (v4 and v6 rule gone).
drift_register firewall-rule-removed gm-vserver "ufw rule 'allow 443/tcp' deleted"

# drift_apply_firewall_rule_removed: keep ufw's rule files, then delete the rule.
drift_apply_firewall_rule_removed() {
  in_host gm-vserver bash -c 'mkdir -p /run/lab/ufw-saved && cp -p /etc/ufw/user.rules /etc/ufw/user6.rules /run/lab/ufw-saved/'
  ufw_run gm-vserver "delete allow 443/tcp"
}

# drift_revert_firewall_rule_removed: restore the saved rule files (same rule order) and reload ufw.
drift_revert_firewall_rule_removed() {
  if in_host gm-vserver test -f /run/lab/ufw-saved/user.rules; then
    in_host gm-vserver bash -c 'cp -p /run/lab/ufw-saved/user.rules /run/lab/ufw-saved/user6.rules /etc/ufw/ && rm -rf /run/lab/ufw-saved'
    ufw_run gm-vserver reload
  else
    ufw_run gm-vserver "allow 443/tcp"
  fi
}
