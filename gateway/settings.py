"""The gateway's settings, from the environment."""

from portal_common.config import env_bool, env_float, env_int, env_str


def settings():
    return {
        "ARTICLES_URL": env_str("ARTICLES_URL", "http://127.0.0.1:8001"),
        "MEDIA_URL": env_str("MEDIA_URL", "http://127.0.0.1:8002"),
        "EXAMS_URL": env_str("EXAMS_URL", "http://127.0.0.1:8003"),
        # Staff accounts: sign-in, users, the audit log (proxied, never cached), and the
        # revocation check every write's token passes (portal_common.auth).
        "ACCOUNTS_URL": env_str("ACCOUNTS_URL", "http://127.0.0.1:8004"),
        # Văn bản, the document library (gateway/documents/).
        "DOCUMENTS_URL": env_str("DOCUMENTS_URL", "http://127.0.0.1:8005"),
        # Per call to a backend; a slow backend costs its own section, never the page.
        "BACKEND_CONNECT_TIMEOUT": env_float("BACKEND_CONNECT_TIMEOUT", 0.5),
        "BACKEND_READ_TIMEOUT": env_float("BACKEND_READ_TIMEOUT", 2.0),
        # Connections per backend: short JSON reads, and transfers (writes, uploads, media bytes).
        "BACKEND_POOL_SIZE": env_int("BACKEND_POOL_SIZE", 32),
        "BACKEND_TRANSFER_POOL_SIZE": env_int("BACKEND_TRANSFER_POOL_SIZE", 64),
        # Callers per worker allowed to wait for a backend's connection beyond its pools; more are
        # turned away at once with a 503 and Retry-After (graceful overload).
        "BACKEND_QUEUE_LIMIT": env_int("BACKEND_QUEUE_LIMIT", 200),
        # Uploads (photos, videos, results files) pass through as they arrive; this is the
        # gateway's own outer bound, each service enforces its real caps. An upload may take the
        # service this long to take in and answer.
        "UPLOAD_MAX_BYTES": env_int("UPLOAD_MAX_BYTES", 1024 * 1024 * 1024),
        "UPLOAD_TIMEOUT": env_float("UPLOAD_TIMEOUT", 600.0),
        "COMPOSE_THREADS": env_int("COMPOSE_THREADS", 16),
        # Circuit breaker: this many failures in a row open it for BREAKER_COOLDOWN seconds.
        "BREAKER_FAILURES": env_int("BREAKER_FAILURES", 5),
        "BREAKER_COOLDOWN": env_float("BREAKER_COOLDOWN", 10.0),
        # In-process cache of backend GET answers (0 seconds = not cached).
        "CACHE_ENABLED": env_bool("CACHE_ENABLED", True),
        "CACHE_MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000),
        "CACHE_TTL_ARTICLES": env_float("CACHE_TTL_ARTICLES", 10.0),
        "CACHE_TTL_MEDIA": env_float("CACHE_TTL_MEDIA", 30.0),
        "CACHE_TTL_EXAMS": env_float("CACHE_TTL_EXAMS", 60.0),
        "CACHE_TTL_DOCUMENTS": env_float("CACHE_TTL_DOCUMENTS", 30.0),
        # Tokens, accounts and the audit log are never kept: not a setting, always 0.
        "CACHE_TTL_ACCOUNTS": 0.0,
        # Whole public answers (pages, JSON) kept this many seconds at most (0: off).
        "PAGE_CACHE_SECONDS": env_int("PAGE_CACHE_SECONDS", 10),
        "PAGE_CACHE_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 2000),
        # Anonymous exam lookups passed on without Flask (gateway/exams/lean_lookup.py; 0: every
        # lookup through Flask).
        "GATEWAY_LEAN_LOOKUP": env_bool("GATEWAY_LEAN_LOOKUP", True),
        # How often each worker asks the backends whether their content changed (0: never;
        # caches then only expire). Readers see a write on every worker within about this long.
        "CONTENT_VERSION_INTERVAL": env_float("CONTENT_VERSION_INTERVAL", 0.5),
        # The address visitors use, for absolute URLs in JSON, feeds and OpenGraph tags
        # (e.g. https://sogd.example.gov.vn); production must set it. Unset, only a loopback Host
        # is believed (a development machine); any other gives http://127.0.0.1:<port> (urls.py).
        "PUBLIC_BASE_URL": env_str("PUBLIC_BASE_URL"),
        # Rate limits per client address ("limits" notation, e.g. 300/minute;5000/hour); storage shared by replicas in
        # production, e.g. mongodb://mongo:27017 (memory:// counts per process).
        "RATE_LIMIT_EXAM_LOOKUP": env_str("RATE_LIMIT_EXAM_LOOKUP", "300/minute"),
        "RATE_LIMIT_SEARCH": env_str("RATE_LIMIT_SEARCH", "120/minute"),
        # Sign-ins (POST /api/v1/auth/token) per client address, counted here before the accounts
        # service's own throttling (which locks out failures per account and address): each
        # attempt costs an argon2 hash there.
        "RATE_LIMIT_SIGN_IN": env_str("RATE_LIMIT_SIGN_IN", "30/minute"),
        "RATELIMIT_STORAGE_URI": env_str("RATELIMIT_STORAGE_URI", "memory://"),
        # How many proxies in front of the gateway set X-Forwarded-For (0: none, use the peer).
        "TRUSTED_PROXIES": env_int("TRUSTED_PROXIES", 0),
        # Where media bytes come from when presigned URLs are on (for the CSP), e.g. https://media.example.vn
        "MEDIA_ORIGIN": env_str("MEDIA_ORIGIN"),
        "SITE_NAME": env_str("SITE_NAME", "Sở Giáo dục và Đào tạo"),
        "MAX_CONTENT_LENGTH": env_int("GATEWAY_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        # The desk (/quan-tri/, gateway/desk/): the key its session cookie is signed with, the same
        # for every worker (`make run` keeps one in DATA_DIR/desk-secret-key); unset, the desk's
        # pages say it is not configured and the public portal runs as before.
        "DESK_SECRET_KEY": env_str("DESK_SECRET_KEY"),
        # A desk session ends after this many seconds without a request, and this many after the
        # sign-in whatever happens (never later than the staff token it carries expires).
        "DESK_IDLE_TIMEOUT": env_int("DESK_IDLE_TIMEOUT", 30 * 60),
        "DESK_ABSOLUTE_TIMEOUT": env_int("DESK_ABSOLUTE_TIMEOUT", 8 * 3600),
        # The session cookie only over HTTPS: on when PUBLIC_BASE_URL is https, or when set here
        # (a TLS proxy in front of a gateway whose PUBLIC_BASE_URL is not set).
        "DESK_COOKIE_SECURE": env_bool("DESK_COOKIE_SECURE", False),
    }
