"""Passwords: argon2id hashes (argon2-cffi) and the rules a new password must pass.

A password is never logged, never stored but as its hash, never returned. It is normalised to
Unicode NFC before hashing and verifying: Vietnamese keyboards (Telex, VNI, the OS's own) type
"ệ" as one code point or as "e" plus two combining marks, and a password must not depend on
which keyboard typed it.

`Passwords.verify_unknown` runs the same verification against a dummy hash made at start with
the current parameters, so that a sign-in for an account that does not exist takes as long as
one with a wrong password."""

import os
import re
import secrets
import threading
import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .settings import PASSWORD_MIN_LENGTH_FLOOR

MAX_LENGTH = 1024
COMMON_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "password_lists", "common-passwords.txt")
# Digits, punctuation and spaces around a common word: "Dragon2024!!" is "dragon" to an attacker.
_AFFIXES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_common = None
_common_lock = threading.Lock()


def common_passwords():
    """The shipped list (see password_lists/SOURCES.md), lower-cased, once per process."""
    global _common
    if _common is None:
        with _common_lock:
            if _common is None:
                with open(COMMON_FILE, encoding="utf-8") as listing:
                    _common = frozenset(line.strip().lower() for line in listing if line.strip())
    return _common


def normalized(password):
    return unicodedata.normalize("NFC", password)


def folded(text):
    """Lower case, no diacritics (đ → d), letters and digits only: "Sở GD&ĐT" → "sogddt"."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_ALNUM.sub("", text)


class Passwords:
    def __init__(self, config):
        self.hasher = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_KIB"],
            parallelism=config["ARGON2_PARALLELISM"],
            type=Type.ID,
        )
        self.min_length = max(PASSWORD_MIN_LENGTH_FLOOR, int(config["PASSWORD_MIN_LENGTH"]))
        words = (config.get("PASSWORD_CONTEXT_WORDS") or "").split(",")
        self.context_words = tuple(sorted({folded(word) for word in words if len(folded(word)) >= 3}))
        # Made once, now, with the current parameters: verifying against it costs what a real
        # verification costs.
        self.dummy_hash = self.hasher.hash(secrets.token_urlsafe(24))

    def hash(self, password):
        return self.hasher.hash(normalized(password))

    def verify(self, stored_hash, password):
        """True when `password` is the one `stored_hash` was made from."""
        try:
            return self.hasher.verify(stored_hash, normalized(password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def verify_unknown(self, password):
        """The work of a verification, for a sign-in that can only fail (unknown account)."""
        self.verify(self.dummy_hash, password)
        return False

    def needs_rehash(self, stored_hash):
        try:
            return self.hasher.check_needs_rehash(stored_hash)
        except (InvalidHashError, ValueError):
            return True

    def problem(self, password, username):
        """Why `password` may not be chosen by `username`, in Vietnamese; None when it may."""
        password = normalized(password)
        if len(password) < self.min_length:
            return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
        if len(password) > MAX_LENGTH:
            return f"Mật khẩu dài quá {MAX_LENGTH} ký tự."
        lowered = password.lower()
        common = common_passwords()
        core = _AFFIXES.sub("", lowered)
        if lowered in common or (len(core) >= 4 and core in common):
            return (
                "Mật khẩu này quá phổ biến (có trong danh sách mật khẩu hay bị dò, kể cả khi thêm chữ số hoặc "
                "ký hiệu ở đầu hay cuối). Vui lòng chọn mật khẩu khác."
            )
        plain = folded(password)
        name = folded(username or "")
        if name and (plain == name or (len(name) >= 4 and name in plain)):
            return "Mật khẩu không được chứa tên đăng nhập."
        for word in self.context_words:
            if word in plain:
                return "Mật khẩu không được chứa tên cơ quan hay tên cổng thông tin (như “sogd”)."
        if len(set(lowered)) < 4:
            return "Mật khẩu quá đơn giản: cần nhiều ký tự khác nhau hơn."
        return None
