# shellcheck shell=bash
# lab/drift/address-removed.sh — gm-vserver: the documented public IPv4 91.99.21.21/32 is gone from eth0.
drift_register address-removed gm-vserver "91.99.21.21/32 removed from eth0"

# drift_apply_address_removed: delete the address.
drift_apply_address_removed() { ip -n "$(netns_name gm-vserver)" addr del 91.99.21.21/32 dev eth0; }

# drift_revert_address_removed: add it back (it is the last IPv4 address on eth0, as before).
drift_revert_address_removed() {
  ip -n "$(netns_name gm-vserver)" addr show dev eth0 | grep -q ' 91.99.21.21/32 ' \
    || ip -n "$(netns_name gm-vserver)" addr add 91.99.21.21/32 dev eth0
}
