"""The articles service's own settings, from the environment."""

from portal_common.config import env_int, env_str


def settings():
    return {
        "MAX_CONTENT_LENGTH": env_int("ARTICLES_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        # Hỏi đáp (questions.py, questions_guard.py): unanswered questions and askers' emails are
        # erased after this many days; questions per visitor address ("limits" notation); a form
        # token must be this many seconds old at least and at most; links a question may hold.
        "QUESTIONS_KEEP_DAYS": env_int("QUESTIONS_KEEP_DAYS", 365),
        "QUESTIONS_RATE_LIMIT": env_str("QUESTIONS_RATE_LIMIT", "5/hour;30/day"),
        "QUESTIONS_FORM_MIN_SECONDS": env_int("QUESTIONS_FORM_MIN_SECONDS", 3),
        "QUESTIONS_FORM_MAX_SECONDS": env_int("QUESTIONS_FORM_MAX_SECONDS", 6 * 3600),
        "QUESTIONS_MAX_LINKS": env_int("QUESTIONS_MAX_LINKS", 2),
        # The form token's key (unset: AUTH_SIGNING_KEY, else one kept in DATA_DIR).
        "QUESTIONS_FORM_KEY": env_str("QUESTIONS_FORM_KEY"),
        # The logo as uploaded (it is kept re-encoded, at most 512 px a side).
        "SITE_LOGO_MAX_BYTES": env_int("SITE_LOGO_MAX_BYTES", 1024 * 1024),
        # memory:// counts per gunicorn worker; production (compose) sets redis://… so that every
        # worker and replica counts together.
        "RATELIMIT_STORAGE_URI": env_str("RATELIMIT_STORAGE_URI", "memory://"),
        # How many proxies in front of us set X-Forwarded-For (1: the gateway).
        "ARTICLES_TRUSTED_PROXIES": env_int("ARTICLES_TRUSTED_PROXIES", 1),
    }
