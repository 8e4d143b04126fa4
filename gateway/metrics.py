"""The gateway's own Prometheus series, beside the per-request ones every process has."""

from prometheus_client import Counter, Gauge, Histogram

BACKEND_LATENCY = Histogram(
    "portal_backend_call_duration_seconds",
    "Time of one call from the gateway to a backend",
    ["backend", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5),
)
BACKEND_FAILURES = Counter("portal_backend_failures_total", "Failed backend calls by kind", ["backend", "kind"])
CACHE_LOOKUPS = Counter("portal_backend_cache_total", "Backend answer cache lookups", ["backend", "result"])
BREAKER_STATE = Gauge(
    "portal_backend_circuit_state", "0 closed, 1 half-open, 2 open", ["backend"], multiprocess_mode="max"
)
