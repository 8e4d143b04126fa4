"""A small in-process cache: TTL, bounded size (least recently used out first). Concurrent misses
on one key wait for a single load (so a class looking up the same number, or a hot article, costs
one backend call). Every worker and replica keeps its own; `clear()` is how they all drop what
changed (gateway/freshness.py calls it when a backend's content version moves).

A load that started before a `clear()` is not stored: it may hold what was there before the
change, and storing it would bring the stale answer back for its whole TTL."""

import threading
import time
from collections import OrderedDict


class _Flight:
    def __init__(self):
        self.done = threading.Event()
        self.value = None
        self.error = None


class TTLCache:
    def __init__(self, max_entries=10_000, clock=time.monotonic):
        self.max_entries = max_entries
        self.clock = clock
        self._entries = OrderedDict()  # key -> (expires_at, value)
        self._flights = {}
        self._lock = threading.Lock()
        self.generation = 0  # moves on every clear()

    def get_or_load(self, key, ttl, load, cacheable=lambda value: True):
        """The cached value for `key`, or `load()`'s, kept for `ttl` seconds when `cacheable`.
        Returns (value, hit)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > self.clock():
                self._entries.move_to_end(key)
                return entry[1], True
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
            generation = self.generation
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value, True
        try:
            value = load()
            flight.value = value
            if ttl > 0 and cacheable(value):
                self.put(key, value, ttl, generation)
            return value, False
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                if self._flights.get(key) is flight:
                    del self._flights[key]
            flight.done.set()

    def peek(self, key):
        """The live value for `key`, or None; never loads."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > self.clock():
                self._entries.move_to_end(key)
                return entry[1]
            return None

    def put(self, key, value, ttl, generation=None):
        """Keep `value` for `ttl` seconds, unless the cache was cleared since `generation` (the
        value's load began before a change)."""
        if ttl <= 0:
            return
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            self._entries[key] = (self.clock() + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()
            # Loads in flight now started before the change: new callers must not wait for them.
            self._flights.clear()
            self.generation += 1

    def __len__(self):
        return len(self._entries)
