"""Lookups running while a re-import runs see the old results or the new, never a mix: every
lookup of a number in both files answers 200, each answer is one whole row of one import, and
once a reader has seen the new results it never sees the old again."""

import random
import threading

from services.exams import create_app

from .conftest import ADMIN

SUBJECTS = ("TOAN", "VAN", "LI", "HOA")


def results_file(count, score):
    lines = ["SBD," + ",".join(SUBJECTS)]
    lines += [f"{30000000 + n}," + ",".join([score] * len(SUBJECTS)) for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


def test_lookups_during_a_reimport_never_see_a_mix(backend_config):
    any_app = create_app({**backend_config, "EXAMS_LOOKUP_RATE_LIMIT": "1000000/minute"})
    count = 40_000 if "MONGO_URL" not in backend_config else 4_000
    client = any_app.test_client()
    old, new = results_file(count, "1"), results_file(count, "9")
    assert client.put("/api/v1/exams/thpt-2025/results", data=old, headers=ADMIN).status_code == 200

    importing = threading.Event()
    done = threading.Event()
    problems, seen_during = [], []

    def reader(seed):
        rng = random.Random(seed)
        newest = 1
        while not done.is_set():
            sbd = 30000000 + rng.randrange(count)
            during = importing.is_set()
            response = any_app.test_client().get(f"/api/v1/exams/thpt-2025/results/{sbd}")
            if response.status_code != 200:
                problems.append(("status", response.status_code))
                continue
            values = set(response.json["scores"].values())
            if len(values) != 1 or len(response.json["scores"]) != len(SUBJECTS):
                problems.append(("mixed row", response.json))
                continue
            value = values.pop()
            if value < newest:
                problems.append(("old after new", sbd))
            newest = max(newest, value)
            if during:
                seen_during.append(value)

    threads = [threading.Thread(target=reader, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    try:
        importing.set()
        response = client.put("/api/v1/exams/thpt-2025/results", data=new, headers=ADMIN)
        importing.clear()
    finally:
        done.set()
        for thread in threads:
            thread.join(30)
    assert response.status_code == 200 and response.json["imported"] == count, response.json
    after = [
        client.get(f"/api/v1/exams/thpt-2025/results/{30000000 + n}").json["scores"]["toan"]
        for n in range(0, count, 997)
    ]
    assert problems == []
    assert seen_during, "no lookup ran during the import"
    assert set(after) == {9}
