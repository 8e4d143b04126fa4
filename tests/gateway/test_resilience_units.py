"""The gateway's breaker and cache on their own, with a clock the test moves."""

import threading
import time

import pytest

from gateway.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from gateway.cache import TTLCache


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_breaker_opens_after_threshold_and_probes_after_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cooldown=10, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.failed()
    assert breaker.state == CLOSED
    breaker.failed()
    assert breaker.state == OPEN and not breaker.allow()
    assert breaker.retry_in() == 10
    clock.now = 10
    assert breaker.state == HALF_OPEN
    assert breaker.allow()  # the one probe
    assert not breaker.allow()  # others still wait while it is out
    breaker.failed()
    assert breaker.state == OPEN
    clock.now = 20
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.state == CLOSED and breaker.allow()


def test_breaker_success_resets_the_count():
    breaker = CircuitBreaker(threshold=2, cooldown=1)
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    assert breaker.state == CLOSED


def test_cache_keeps_for_ttl_and_evicts_least_recent():
    clock = Clock()
    cache = TTLCache(max_entries=2, clock=clock)
    calls = []

    def loader(value):
        return lambda: calls.append(value) or value

    assert cache.get_or_load("a", 5, loader("A")) == ("A", False)
    assert cache.get_or_load("a", 5, loader("A2")) == ("A", True)
    clock.now = 6
    assert cache.get_or_load("a", 5, loader("A3")) == ("A3", False)
    cache.get_or_load("b", 5, loader("B"))
    cache.get_or_load("a", 5, loader("x"))  # touch a: b is now the least recent
    cache.get_or_load("c", 5, loader("C"))
    assert len(cache) == 2
    assert cache.get_or_load("b", 5, loader("B2")) == ("B2", False)
    assert calls == ["A", "A3", "B", "C", "B2"]


def test_cache_does_not_keep_what_is_not_cacheable():
    cache = TTLCache()
    cache.get_or_load("k", 5, lambda: 500, cacheable=lambda v: v != 500)
    assert cache.get_or_load("k", 5, lambda: 200, cacheable=lambda v: v != 500) == (200, False)


def test_a_burst_of_identical_misses_costs_one_load():
    cache = TTLCache()
    calls = []
    gate = threading.Event()

    def slow_load():
        calls.append(1)
        gate.wait(2)
        return "answer"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_load("sbd", 60, slow_load)[0])) for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in threads:
        thread.join()
    assert results == ["answer"] * 20 and len(calls) == 1


def test_a_failed_load_is_not_cached_and_reaches_every_waiter():
    cache = TTLCache()
    with pytest.raises(RuntimeError):
        cache.get_or_load("k", 60, lambda: (_ for _ in ()).throw(RuntimeError("down")))
    assert cache.get_or_load("k", 60, lambda: "ok") == ("ok", False)
