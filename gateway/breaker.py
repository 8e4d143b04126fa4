"""A circuit breaker per backend: after `threshold` consecutive failures the gateway stops calling
that backend for `cooldown` seconds and answers degraded at once, instead of making every visitor
wait out a timeout. After the cool-down one call is let through as a probe; its success closes the
circuit, its failure opens it again. So a restarted backend is used again without restarting the
gateway."""

import threading
import time

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, threshold=5, cooldown=10.0, clock=time.monotonic):
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.opened_at = None
        self.probing = False
        self._lock = threading.Lock()

    @property
    def state(self):
        with self._lock:
            return self._state()

    def _state(self):
        if self.opened_at is None:
            return CLOSED
        if self.probing or self.clock() - self.opened_at >= self.cooldown:
            return HALF_OPEN
        return OPEN

    def allow(self):
        """May a call go out now? In half-open state only one probe at a time."""
        with self._lock:
            state = self._state()
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not self.probing:
                self.probing = True
                return True
            return False

    def succeeded(self):
        with self._lock:
            self.failures = 0
            self.opened_at = None
            self.probing = False

    def failed(self):
        with self._lock:
            self.failures += 1
            if self.probing or self.failures >= self.threshold:
                self.opened_at = self.clock()
            self.probing = False

    def retry_in(self):
        """Seconds until the next probe may go out (for Retry-After)."""
        with self._lock:
            if self.opened_at is None:
                return 0
            return max(0.0, self.cooldown - (self.clock() - self.opened_at))
