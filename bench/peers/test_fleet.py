"""The benchmark's five facts as a Testinfra test module (one test per fact and host).

Run by bench/tools/testinfra.ts:
    python3 -m pytest --hosts=ssh://verifier@10.231.x.2,... --ssh-config=ssh_config [-n N] test_fleet.py
BENCH_EXPECTED names a JSON file: {address: {hostname, bind, port, versionId, user, group, kernel}}.
"""
import json
import os

EXPECTED = json.load(open(os.environ["BENCH_EXPECTED"]))


def _expected(host):
    return EXPECTED[host.backend.get_hostname()]


def test_hostname(host):
    assert host.check_output("hostname") == _expected(host)["hostname"]


def test_listening_port_with_bind_address(host):
    e = _expected(host)
    assert host.socket("tcp://%s:%d" % (e["bind"], e["port"])).is_listening


def test_os_release_version(host):
    # system_info would prefer lsb_release, which the lab hosts share with the machine;
    # /etc/os-release is what the docs state.
    fields = dict(
        line.split("=", 1) for line in host.file("/etc/os-release").content_string.splitlines() if "=" in line
    )
    assert fields["VERSION_ID"].strip('"') == _expected(host)["versionId"]


def test_user_group_membership(host):
    e = _expected(host)
    assert e["group"] in host.user(e["user"]).groups


def test_kernel_release(host):
    assert host.check_output("uname -r") == _expected(host)["kernel"]
