"""The gateway's settings, from the environment."""
from portal_common.config import env_float, env_int, env_str


def settings():
    return {
        "ARTICLES_URL": env_str("ARTICLES_URL", "http://127.0.0.1:8001"),
        "MEDIA_URL": env_str("MEDIA_URL", "http://127.0.0.1:8002"),
        "EXAMS_URL": env_str("EXAMS_URL", "http://127.0.0.1:8003"),
        # Per call to a backend; a slow backend costs its own section, never the page.
        "BACKEND_CONNECT_TIMEOUT": env_float("BACKEND_CONNECT_TIMEOUT", 0.5),
        "BACKEND_READ_TIMEOUT": env_float("BACKEND_READ_TIMEOUT", 2.0),
        "BACKEND_POOL_SIZE": env_int("BACKEND_POOL_SIZE", 32),
        "COMPOSE_THREADS": env_int("COMPOSE_THREADS", 16),
        # The address visitors use, for absolute URLs in JSON, feeds and OpenGraph tags; when
        # unset, the address of the request.
        "PUBLIC_BASE_URL": env_str("PUBLIC_BASE_URL"),
        "SITE_NAME": env_str("SITE_NAME", "Sở Giáo dục và Đào tạo"),
        "MAX_CONTENT_LENGTH": env_int("GATEWAY_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
    }
