"""Configuration read from the environment only (twelve-factor), with typed helpers."""

import os

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_int(name, default):
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, got {value!r}") from None


def env_float(name, default):
    value = env_str(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a number, got {value!r}") from None


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise RuntimeError(f"{name} must be 0 or 1, got {value!r}")


def common_settings():
    """Settings every process reads; each app adds its own on top."""
    return {
        "DATA_DIR": env_str("DATA_DIR", os.path.abspath("var")),
        "MONGO_URL": env_str("MONGO_URL"),
        "ADMIN_TOKEN": env_str("ADMIN_TOKEN"),
        "LOG_LEVEL": env_str("LOG_LEVEL", "INFO"),
        # Bodies above this are refused with 413 before a view runs; services that take uploads
        # raise it for their own routes.
        "MAX_CONTENT_LENGTH": env_int("MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        # A request body that sends nothing for this long is cut off with a 408 (request_body.py);
        # a refused body's rest is read and dropped up to this many bytes, so the client can read
        # the refusal.
        "BODY_READ_TIMEOUT": env_float("BODY_READ_TIMEOUT", 15.0),
        "REFUSED_BODY_DRAIN_BYTES": env_int("REFUSED_BODY_DRAIN_BYTES", 64 * 1024 * 1024),
        # Who may read /healthz, /readyz and /metrics (route_policy ops_only): addresses or
        # networks, comma-separated. Everyone else gets a 404.
        "OPS_NETWORKS": env_str("OPS_NETWORKS", "127.0.0.0/8,::1/128"),
        # Callers whose X-Forwarded-For is believed (a proxy in front: the edge, the gateway), by
        # address or network; and a shared secret a proxy may prove itself with instead
        # (X-Portal-Proxy header), for networks where addresses are not fixed (compose).
        "TRUSTED_PROXY_NETWORKS": env_str("TRUSTED_PROXY_NETWORKS", "127.0.0.0/8,::1/128"),
        "PROXY_SECRET": env_str("PROXY_SECRET"),
        # Staff tokens: the key every process verifies them with, and the accounts service that
        # says whether a token's account is still enabled (portal_common.auth).
        "AUTH_SIGNING_KEY": env_str("AUTH_SIGNING_KEY"),
        "ACCOUNTS_URL": env_str("ACCOUNTS_URL", "http://127.0.0.1:8004"),
    }


def object_storage_settings(bucket_variable, default_bucket):
    """The object store of a service that keeps bytes (portal_common.objects): S3_ENDPOINT set →
    MinIO or any S3 server, in the bucket `bucket_variable` names (one per service); unset →
    files under DATA_DIR."""
    return {
        "S3_ENDPOINT": env_str("S3_ENDPOINT"),
        "S3_ACCESS_KEY": env_str("S3_ACCESS_KEY"),
        "S3_SECRET_KEY": env_str("S3_SECRET_KEY"),
        "S3_BUCKET": env_str(bucket_variable, default_bucket),
        "S3_SECURE": env_bool("S3_SECURE", False),
    }
