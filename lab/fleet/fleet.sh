# lab/fleet/fleet.sh — placeholder until the fleet is implemented (see lab/README.md).

# fleet_known ID: true if ID is a fleet host id.
fleet_known() { [[ $1 =~ ^fleet-[0-9]+$ ]]; }

# fleet_down: remove all fleet hosts (none yet).
fleet_down() { return 0; }

# lab_prepare_fleet: shared material for the fleet.
lab_prepare_fleet() { die "fleet is not implemented yet"; }
