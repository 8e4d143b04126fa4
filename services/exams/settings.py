"""The exams service's own settings, from the environment."""

from portal_common.config import env_int, env_str


def settings():
    return {
        "MAX_CONTENT_LENGTH": env_int("EXAMS_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        # The results upload alone may be this big (the 2025 national file is 60 MB as CSV).
        "EXAMS_MAX_IMPORT_BYTES": env_int("EXAMS_MAX_IMPORT_BYTES", 300 * 1024 * 1024),
        # Per client IP, on lookups only. A school's or a mobile carrier's shared address carries
        # many visitors on results day (each looks up a few numbers); a scraper needs thousands.
        "EXAMS_LOOKUP_RATE_LIMIT": env_str("EXAMS_LOOKUP_RATE_LIMIT", "300/minute;5000/hour"),
        # memory:// counts per gunicorn worker; production (compose) sets redis://… so replicas agree.
        "RATELIMIT_STORAGE_URI": env_str("RATELIMIT_STORAGE_URI", "memory://"),
        # How many proxies in front of us set X-Forwarded-For (1: the gateway).
        "EXAMS_TRUSTED_PROXIES": env_int("EXAMS_TRUSTED_PROXIES", 1),
    }
