"""The accounts service's own settings, from the environment."""

from portal_common.config import env_float, env_int, env_str

# RFC 9106's second recommended profile (argon2-cffi's default): 64 MiB, 3 passes, 4 lanes.
# About 50–100 ms per hash on the development machine; sign-ins are rare and throttled.
ARGON2_DEFAULTS = {"ARGON2_TIME_COST": 3, "ARGON2_MEMORY_KIB": 64 * 1024, "ARGON2_PARALLELISM": 4}
PASSWORD_MIN_LENGTH_FLOOR = 10


def settings():
    return {
        # Bodies here are small JSON objects (a sign-in, an account, an audit entry).
        "MAX_CONTENT_LENGTH": env_int("ACCOUNTS_MAX_REQUEST_BYTES", 64 * 1024),
        # The secret staff tokens are signed with (HS256, at least 32 bytes); every service that
        # verifies tokens has the same. Required: the service refuses to start without it
        # (unless TESTING, where one is made up per app).
        "AUTH_SIGNING_KEY": env_str("AUTH_SIGNING_KEY"),
        # How long a token from POST /api/v1/auth/token is good for.
        "ACCESS_TOKEN_HOURS": env_float("ACCESS_TOKEN_HOURS", 8.0),
        # The first account's password (`flask --app services.accounts ensure-admin`); unset: one
        # is generated and shown once; only its hash is kept.
        "ADMIN_PASSWORD": env_str("ADMIN_PASSWORD"),
        # argon2id's cost; a hash made with other figures is rehashed at its next sign-in.
        **{name: env_int(name, default) for name, default in ARGON2_DEFAULTS.items()},
        # Password rules: at least this long (never below 10), not a common password, not
        # containing the username or one of these words (folded: no case, no diacritics, no
        # punctuation), which name the site and are the first an attacker tries.
        "PASSWORD_MIN_LENGTH": env_int("PASSWORD_MIN_LENGTH", PASSWORD_MIN_LENGTH_FLOOR),
        "PASSWORD_CONTEXT_WORDS": env_str("PASSWORD_CONTEXT_WORDS", "sogd,sogddt,sogiaoduc,giaoducdaotao,congthongtin"),
        # Sign-in throttling (the contract's "Sign-in throttling"): this many failures for one
        # account from one address within SIGNIN_FAILURE_WINDOW seconds lock that pair out for
        # SIGNIN_LOCKOUT_SECONDS; SIGNIN_ADDRESS_FAILURES failures from one address lock the
        # address. An attacker elsewhere cannot lock an account out: nothing counts an account
        # across addresses. SIGNIN_ATTEMPTS_PER_ADDRESS bounds all attempts (right or wrong) of
        # one address, each of which costs an argon2 hash.
        "SIGNIN_PAIR_FAILURES": env_int("SIGNIN_PAIR_FAILURES", 5),
        "SIGNIN_ADDRESS_FAILURES": env_int("SIGNIN_ADDRESS_FAILURES", 50),
        "SIGNIN_FAILURE_WINDOW": env_int("SIGNIN_FAILURE_WINDOW", 15 * 60),
        "SIGNIN_LOCKOUT_SECONDS": env_int("SIGNIN_LOCKOUT_SECONDS", 15 * 60),
        "SIGNIN_ATTEMPTS_PER_ADDRESS": env_str("SIGNIN_ATTEMPTS_PER_ADDRESS", "30/minute"),
        # memory:// counts per gunicorn worker; production (compose) sets redis://… so that every
        # worker and replica counts together.
        "RATELIMIT_STORAGE_URI": env_str("RATELIMIT_STORAGE_URI", "memory://"),
        # How many proxies in front of us set X-Forwarded-For (1: the gateway).
        "ACCOUNTS_TRUSTED_PROXIES": env_int("ACCOUNTS_TRUSTED_PROXIES", 1),
    }
