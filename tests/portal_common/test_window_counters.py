"""The in-process counters of the rate limits (portal_common/window_counters.py), on a clock the
test moves: a window counts its hits, ends when its expiry says, and ended ones are dropped."""

import pytest
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from portal_common import window_counters
from portal_common.ratelimit import RateLimits
from portal_common.window_counters import WindowCounters


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(window_counters, "time", clock)
    return clock


def test_a_window_counts_until_it_ends(clock):
    counters = WindowCounters()
    assert [counters.incr("a", 60) for _ in range(3)] == [1, 2, 3]
    assert counters.get("a") == 3
    assert counters.get_expiry("a") == clock.now + 60
    clock.now += 59.9
    assert counters.incr("a", 60) == 4
    clock.now += 0.1  # the window's end
    assert counters.get("a") == 0
    assert counters.incr("a", 60) == 1
    assert counters.get_expiry("a") == clock.now + 60


def test_keys_count_apart_and_ended_ones_are_dropped(clock):
    counters = WindowCounters()
    counters.incr("short", 1)
    counters.incr("long", 60)
    counters.incr("long", 60)
    clock.now += window_counters.SWEEP_EVERY_SECONDS + 1
    counters.incr("other", 60)  # a hit finds the sweep due
    assert set(counters.ends) == {"long", "other"}
    assert (counters.get("long"), counters.get("short")) == (2, 0)
    counters.clear("long")
    assert counters.get("long") == 0
    assert counters.reset() == 1


def test_the_library_strategy_refuses_past_the_limit_and_allows_the_next_window(clock):
    limiter = FixedWindowRateLimiter(WindowCounters())
    item = parse("3/minute")
    assert [limiter.hit(item, "exam-lookup", "203.0.113.9") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(item, "exam-lookup", "198.51.100.7")  # another visitor
    reset_at, remaining = limiter.get_window_stats(item, "exam-lookup", "203.0.113.9")
    assert remaining == 0 and reset_at > clock.now
    clock.now += 61
    assert limiter.hit(item, "exam-lookup", "203.0.113.9")


def test_memory_uri_counts_in_these_counters():
    assert isinstance(RateLimits("memory://", "test").storage, WindowCounters)
