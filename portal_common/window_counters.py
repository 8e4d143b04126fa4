"""The rate limits' counters when they are kept in the process (RATELIMIT_STORAGE_URI=memory://,
the embedded default): a `limits` storage backend, used by the library's own fixed-window strategy.

Why not limits' MemoryStorage. It expires keys from a threading.Timer that it starts anew every
10 ms while requests come, each pass walking every key it holds. Sampled under results-day load
(py-spy on the exams service, bench/edge_load.py), starting those threads took a sixth of the time a
worker spent per lookup, and the walk grows with the number of visitors counted. Here a key's window
is renewed by the first hit after it ends, and the ended ones are dropped in one pass at most once a
second, by the hit that finds that due: no thread, one lock, a few dict operations per hit.

Only fixed windows (portal_common.ratelimit uses nothing else); Redis or MongoDB in production,
where every worker and replica must count together."""

import threading
import time

from limits.storage import Storage

SWEEP_EVERY_SECONDS = 1.0


class WindowCounters(Storage):
    STORAGE_SCHEME = None  # made by portal_common.ratelimit for memory://, not by URI

    def __init__(self, uri=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.counts = {}  # key → hits in its current window
        self.ends = {}  # key → when that window ends (time.time())
        self.lock = threading.Lock()
        self.next_sweep = 0.0

    @property
    def base_exceptions(self):
        return ValueError

    def incr(self, key, expiry, amount=1):
        now = time.time()
        with self.lock:
            if now >= self.next_sweep:
                self._sweep(now)
            if self.ends.get(key, 0.0) <= now:
                self.counts[key] = 0
                self.ends[key] = now + expiry
            self.counts[key] += amount
            return self.counts[key]

    def get(self, key):
        with self.lock:
            if self.ends.get(key, 0.0) <= time.time():
                return 0
            return self.counts.get(key, 0)

    def get_expiry(self, key):
        with self.lock:
            return self.ends.get(key, time.time())

    def check(self):
        return True

    def reset(self):
        with self.lock:
            dropped = len(self.counts)
            self.counts.clear()
            self.ends.clear()
        return dropped

    def clear(self, key):
        with self.lock:
            self.counts.pop(key, None)
            self.ends.pop(key, None)

    def _sweep(self, now):
        for key in [key for key, end in self.ends.items() if end <= now]:
            del self.ends[key]
            self.counts.pop(key, None)
        self.next_sweep = now + SWEEP_EVERY_SECONDS
