#!/usr/bin/python3
"""ufw-batch.py — run several ufw commands in one process (the ufw CLI costs ~0.3 s per call).

Reads one ufw command per line on stdin (e.g. "allow 22/tcp", "default deny incoming", "--force enable")
and performs them exactly as /usr/sbin/ufw would, with one frontend and one lock. Runs inside a twin only.
"""
import gettext
import shlex
import sys

import ufw.common
import ufw.frontend
from ufw.common import UFWError
from ufw.util import create_lock, release_lock

gettext.install(ufw.common.programName)


def main():
    """Apply every command from stdin; exit 1 with ufw's message on the first error."""
    commands = [shlex.split(line) for line in sys.stdin if line.strip() and not line.startswith("#")]
    ui = ufw.frontend.UFWFrontend(False)
    lock = create_lock(lockfile="/run/ufw.lock", dryrun=False)
    try:
        for argv in commands:
            pr = ufw.frontend.parse_command(["ufw"] + argv)
            if "rule" in pr.data:
                ui.do_action(pr.action, pr.data["rule"], pr.data["iptype"], pr.force)
            else:
                ui.do_action(pr.action, "", "", pr.force)
    except UFWError as e:
        sys.stderr.write("ufw-batch: %s: %s\n" % (" ".join(argv), e.value))
        sys.exit(1)
    finally:
        release_lock(lock)


if __name__ == "__main__":
    main()
