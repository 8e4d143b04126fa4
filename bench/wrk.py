"""Running wrk (Debian's package) against a loopback URL and reading its figures."""

import os
import re
import shutil
import subprocess
import tempfile

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def available():
    return shutil.which("wrk") is not None


def _ms(text):
    number, unit = re.match(r"([0-9.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run(url, seconds=10, connections=32, threads=2, paths=None):
    """Load `url` (or, with `paths`, a random one of `url`+path each request). Returns a dict:
    rps, p50_ms, p99_ms, errors (socket errors + non-2xx/3xx answers), requests."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    script = None
    if paths:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write("paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n")
        # Each wrk thread has its own Lua state: seeded alike, the threads would ask for the same
        # paths in the same order, and a cache would see every number twice at once.
        script.write(
            "local threads = 0\n"
            "function setup(thread) thread:set('id', threads); threads = threads + 1 end\n"
            "function init(args) math.randomseed(os.time() * 1000 + id) end\n"
            "request = function()\n  return wrk.format('GET', paths[math.random(#paths)])\nend\n"
        )
        script.close()
        args += ["-s", script.name]
    try:
        output = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    finally:
        if script:
            os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    kinds = ("connect", "read", "write", "timeout")
    socket_kinds = dict(zip(kinds, (int(n) for n in socket_errors.groups()), strict=True)) if socket_errors else {}
    socket_count = sum(socket_kinds.values())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    non_2xx_count = int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": socket_count + non_2xx_count,
        "socket_errors": socket_count,
        "socket_error_kinds": {kind: count for kind, count in socket_kinds.items() if count},
        "non_2xx": non_2xx_count,
        "requests": total,
    }
