# shellcheck shell=bash
# lab/drift/wrong-name-cert.sh — gm-vserver: gro-mate.tech answers with a valid certificate for another name.
drift_register wrong-name-cert gm-vserver "gro-mate.tech served with a certificate for shop.example-lab.invalid"

# drift_apply_wrong_name_cert: swap in the wrong-name certificate.
drift_apply_wrong_name_cert() { _drift_gm_cert gro-mate.tech-wrong-name; }

# drift_revert_wrong_name_cert: the right certificate again.
drift_revert_wrong_name_cert() { _drift_gm_cert gro-mate.tech; }
