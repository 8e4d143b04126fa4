"""CPU time used by a process group (a gunicorn master and its workers, started in a session of
their own), read from /proc. CPU milliseconds per request are the benchmark's steadier figure:
on these shared machines the speed of the machine itself changes from one run to the next, and
requests/s with it, while the work a request costs changes much less."""

import os

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid):
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # After the command name in parentheses: state, ppid, pgrp, …, utime (11), stime (12).
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS_PER_SECOND
