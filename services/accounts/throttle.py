"""Sign-in throttling, as the contract puts it: SIGNIN_PAIR_FAILURES failures for one account
from one address within SIGNIN_FAILURE_WINDOW → that pair gets 429 for SIGNIN_LOCKOUT_SECONDS;
SIGNIN_ADDRESS_FAILURES failures from one address → that address gets 429 for as long. Nothing
counts an account across addresses, so an attacker elsewhere cannot lock its owner out. Every
attempt of an address, right or wrong, is also counted against SIGNIN_ATTEMPTS_PER_ADDRESS: each
one costs an argon2 hash.

On portal_common.ratelimit's engine (RateLimits: `limits` counters in RATELIMIT_STORAGE_URI,
shared by every worker and replica through Redis in production). A failure counter's window
starts at its first failure; reaching the allowance sets a lock, a counter of its own that expires
SIGNIN_LOCKOUT_SECONDS later, and clears the failures. A success clears the pair's failures.

If the counters' storage is down, sign-ins go through (logged), as the portal's other limits do:
an outage of Redis must not become an outage of the desk; argon2 still makes each guess cost."""

import hashlib
import logging
import math
import time

from limits import RateLimitItemPerSecond, parse_many

from portal_common.errors import ApiError

from .validation import valid_username

log = logging.getLogger(__name__)
PAIR, ADDRESS = "account_address", "address"


def name_key(username):
    """The account part of a counter's key: the name as typed (lower-cased) when it is a valid
    username, else a digest of it (a counter key must not carry arbitrary text)."""
    name = (username or "").strip().lower() if isinstance(username, str) else ""
    if valid_username(name):
        return name
    return "#" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:32]


def _minutes(seconds):
    return max(1, math.ceil(seconds / 60))


class SigninThrottle:
    def __init__(self, rate_limits, config):
        self.limits = rate_limits
        self.strategy = rate_limits.strategy
        self.namespace = rate_limits.namespace
        window = config["SIGNIN_FAILURE_WINDOW"]
        self.attempts = parse_many(config["SIGNIN_ATTEMPTS_PER_ADDRESS"])
        self.failures = {
            PAIR: RateLimitItemPerSecond(config["SIGNIN_PAIR_FAILURES"], window),
            ADDRESS: RateLimitItemPerSecond(config["SIGNIN_ADDRESS_FAILURES"], window),
        }
        self.lockout_seconds = config["SIGNIN_LOCKOUT_SECONDS"]
        self.lock = RateLimitItemPerSecond(1, self.lockout_seconds)

    @staticmethod
    def _who(scope, address, name):
        return (address or "unknown", name) if scope == PAIR else (address or "unknown",)

    def check(self, address, name):
        """Before a sign-in is verified: count the attempt; 429 with Retry-After when the
        address, or this account from this address, is locked out."""
        self.limits.count("signin-attempts", self.attempts, address)
        try:
            for scope in (ADDRESS, PAIR):
                reset_at, remaining = self.strategy.get_window_stats(
                    self.lock, self.namespace, f"signin-lock-{scope}", *self._who(scope, address, name)
                )
                if remaining == 0:
                    retry_after = max(1, math.ceil(reset_at - time.time()))
                    whom = "từ địa chỉ này" if scope == ADDRESS else "vào tài khoản này từ địa chỉ này"
                    raise ApiError(
                        429,
                        f"Đăng nhập sai quá nhiều lần {whom}. Vui lòng thử lại sau {_minutes(retry_after)} phút.",
                        headers={"Retry-After": str(retry_after)},
                    )
        except ApiError:
            raise
        except Exception:
            log.warning("sign-in throttle storage unavailable; attempt let through", exc_info=True)

    def failed(self, address, name):
        """Count a failed sign-in; returns the scopes whose lockout it started (for the audit log)."""
        started = []
        try:
            for scope in (PAIR, ADDRESS):
                who = self._who(scope, address, name)
                item = self.failures[scope]
                counter = f"signin-failures-{scope}"
                self.strategy.hit(item, self.namespace, counter, *who)
                if self.strategy.get_window_stats(item, self.namespace, counter, *who).remaining == 0:
                    self.strategy.hit(self.lock, self.namespace, f"signin-lock-{scope}", *who)
                    self.strategy.clear(item, self.namespace, counter, *who)
                    started.append(scope)
        except Exception:
            log.warning("sign-in throttle storage unavailable; failure not counted", exc_info=True)
        return started

    def succeeded(self, address, name):
        """A right password: this account's failures from this address are forgiven."""
        try:
            self.strategy.clear(
                self.failures[PAIR], self.namespace, f"signin-failures-{PAIR}", address or "unknown", name
            )
        except Exception:
            log.warning("sign-in throttle storage unavailable", exc_info=True)
