"""A small in-process cache of backend answers: TTL, bounded size (least recently used out
first), keyed by backend URL. Concurrent misses on one key wait for a single backend call (so a
class looking up the same SBD, or a hot article, costs one call). It is only a cache: every worker
and replica keeps its own, and a stale answer lives at most its TTL."""
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
        self.hits = 0
        self.misses = 0

    def get_or_load(self, key, ttl, load, cacheable=lambda value: True):
        """The cached value for `key`, or `load()`'s, kept for `ttl` seconds when `cacheable`.
        Returns (value, hit)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > self.clock():
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1], True
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
            self.misses += 1
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value, True
        try:
            value = load()
            flight.value = value
            if ttl > 0 and cacheable(value):
                self._store(key, value, ttl)
            return value, False
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def peek(self, key):
        """The live value for `key`, or None; never loads."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > self.clock():
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1]
            self.misses += 1
            return None

    def put(self, key, value, ttl):
        if ttl > 0:
            self._store(key, value, ttl)

    def _store(self, key, value, ttl):
        with self._lock:
            self._entries[key] = (self.clock() + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)
