"""The exams service's own settings, from the environment."""

from portal_common.config import env_int, env_str


def settings():
    return {
        "MAX_CONTENT_LENGTH": env_int("EXAMS_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        # The results upload alone may be this big (the 2025 national file is 60 MB as CSV); an
        # .xlsx may not grow past it either, however it arrives (a gzipped one is spooled inflated).
        "EXAMS_MAX_IMPORT_BYTES": env_int("EXAMS_MAX_IMPORT_BYTES", 300 * 1024 * 1024),
        # What decompression (gzip, the zip parts of an .xlsx) may produce for one import: the 2025
        # national file is ~70 MB as CSV, so a gigabyte is generous headroom, and a bomb stops there.
        "EXAMS_MAX_INFLATED_BYTES": env_int("EXAMS_MAX_INFLATED_BYTES", 1024 * 1024 * 1024),
        # A CSV record (with the lines a quoted cell spans) or a sheet row, and one cell, in
        # characters: a real row is under 200, a real cell under 20.
        "EXAMS_MAX_LINE_CHARS": env_int("EXAMS_MAX_LINE_CHARS", 64 * 1024),
        "EXAMS_MAX_CELL_CHARS": env_int("EXAMS_MAX_CELL_CHARS", 1024),
        # Imports at once per process; one more is a 503 with Retry-After, so the lookups keep
        # their threads while a national file is read.
        "EXAMS_MAX_CONCURRENT_IMPORTS": env_int("EXAMS_MAX_CONCURRENT_IMPORTS", 1),
        # Per client IP, on lookups only. A school's or a mobile carrier's shared address carries
        # many visitors on results day (each looks up a few numbers); a scraper needs thousands.
        "EXAMS_LOOKUP_RATE_LIMIT": env_str("EXAMS_LOOKUP_RATE_LIMIT", "300/minute;5000/hour"),
        # memory:// counts per gunicorn worker; production (compose) sets redis://… so replicas agree.
        "RATELIMIT_STORAGE_URI": env_str("RATELIMIT_STORAGE_URI", "memory://"),
        # How many proxies in front of us set X-Forwarded-For (1: the gateway).
        "EXAMS_TRUSTED_PROXIES": env_int("EXAMS_TRUSTED_PROXIES", 1),
    }
