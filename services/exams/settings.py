"""The exams service's own settings, from the environment."""

from portal_common.config import env_bool, env_float, env_int, env_str


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
        # Import jobs (jobs.py): how often a job's thread says it is alive, and after how long
        # without a word a queued or running job counts as dead (its process stopped) and failed.
        "EXAMS_JOB_HEARTBEAT_SECONDS": env_float("EXAMS_JOB_HEARTBEAT_SECONDS", 5.0),
        "EXAMS_JOB_STALE_SECONDS": env_float("EXAMS_JOB_STALE_SECONDS", 60.0),
        # Rejected rows a job keeps for its report (rejected_total counts them all).
        "EXAMS_JOB_MAX_REJECTED": env_int("EXAMS_JOB_MAX_REJECTED", 10_000),
        # Per client IP, on lookups only. A school's or a mobile carrier's shared address carries
        # many visitors on results day (each looks up a few numbers); a scraper needs thousands.
        "EXAMS_LOOKUP_RATE_LIMIT": env_str("EXAMS_LOOKUP_RATE_LIMIT", "300/minute;5000/hour"),
        # memory:// counts per gunicorn worker; production (compose) sets redis://… so replicas agree.
        "RATELIMIT_STORAGE_URI": env_str("RATELIMIT_STORAGE_URI", "memory://"),
        # Anonymous lookups answered without Flask's per-request machinery (lean_lookup.py), the
        # same answers at a fraction of the CPU; 0 sends every lookup through Flask.
        "EXAMS_LEAN_LOOKUP": env_bool("EXAMS_LEAN_LOOKUP", True),
        # How many proxies in front of us set X-Forwarded-For (1: the gateway).
        "EXAMS_TRUSTED_PROXIES": env_int("EXAMS_TRUSTED_PROXIES", 1),
    }
