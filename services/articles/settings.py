"""The articles service's own settings, from the environment."""

from portal_common.config import env_int


def settings():
    return {
        "MAX_CONTENT_LENGTH": env_int("ARTICLES_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
    }
