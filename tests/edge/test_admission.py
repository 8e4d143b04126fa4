"""Graceful overload at the edge: a pass-through backend is sent no more lookups at once than the
gateway would send it (deploy/edge/render.py, backend_bound); the rest are answered 503 with
Retry-After at once, in the portal's JSON, instead of queueing behind a service that cannot keep up.

A second edge, rendered with a bound of 2 per nginx worker (BACKEND_POOL_SIZE=1 +
BACKEND_QUEUE_LIMIT=1), in front of the package's real processes; the exams service is paused
(SIGSTOP) so that whatever the edge lets through waits, and resumed before the test ends."""

import json
import signal
import threading
import time

from tests.edge.conftest import fresh_address, lookup_path, raw_answers
from tools.processes import EDGE, EdgeProcess, free_ports

BURST = 10
WORKERS = 2  # nginx's worker_processes here ("auto" on 2 cores would do the same; fixed to be sure)


def lookup_bytes(path):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def test_lookups_past_the_backends_bound_are_turned_away_at_once(portal, nginx, tmp_path):
    # Reads may wait 5 s here (the package's 1 s would time out the lookups let through).
    env = {**portal.processes[EDGE].env, "BACKEND_POOL_SIZE": "1", "BACKEND_QUEUE_LIMIT": "1"}
    env["BACKEND_READ_TIMEOUT"] = "5"
    (port,) = free_ports(1)
    edge = EdgeProcess(port, env, str(tmp_path / "edge.log"), str(tmp_path / "edge"), nginx=nginx)
    edge.render()
    with open(edge.conf) as conf:
        text = conf.read()
    assert "max_conns=2;" in text
    with open(edge.conf, "w") as conf:
        conf.write(text.replace("worker_processes auto;", f"worker_processes {WORKERS};"))
    edge.render = lambda: None  # start() with the config as written above
    edge.start()
    exams = portal.processes["exams"]
    answers = {}

    def ask(index):
        (answer,) = raw_answers(port, lookup_bytes(lookup_path()), timeout=15, source=(fresh_address(), 0))
        answers[index] = (answer, time.monotonic())  # (status, headers, body), when it arrived

    try:
        edge.wait_healthy()
        # The content version is now kept (1 s): the burst below needs no call for it.
        assert raw_answers(port, lookup_bytes(lookup_path()), source=(fresh_address(), 0))[0][0] == 200
        exams.signal(signal.SIGSTOP)
        paused_at = time.monotonic()
        try:
            threads = [threading.Thread(target=ask, args=(index,)) for index in range(BURST)]
            for thread in threads:
                thread.start()
            time.sleep(1.0)
            answered_while_paused = dict(answers)
        finally:
            exams.signal(signal.SIGCONT)
            resumed_at = time.monotonic()
        for thread in threads:
            thread.join(20)
    finally:
        edge.stop()

    assert resumed_at - paused_at < 5
    turned_away = [answer for answer in answered_while_paused.values() if answer[0][0] == 503]
    # At most the bound per worker goes through; every other lookup is refused without waiting.
    assert len(turned_away) >= BURST - 2 * WORKERS
    for (_status, headers, body), arrived in turned_away:
        assert arrived < resumed_at
        assert headers["retry-after"] == "5"
        assert headers["content-type"].startswith("application/json")
        assert json.loads(body)["error"]["code"] == "unavailable"
    # Those let through were served once the service came back, not lost.
    served = [answer for answer in answers.values() if answer[0][0] == 200]
    statuses = sorted(answer[0][0] for answer in answers.values())
    assert 1 <= len(served) <= 2 * WORKERS, statuses
    assert len(served) + len(turned_away) == BURST, statuses
