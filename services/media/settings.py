"""The media service's own settings, from the environment."""

from portal_common.config import env_bool, env_int, env_str, object_storage_settings

MB = 1024 * 1024


def settings():
    return {
        # JSON bodies; the upload routes lift this to their own caps (uploads.py).
        "MAX_CONTENT_LENGTH": env_int("MEDIA_MAX_REQUEST_BYTES", 2 * MB),
        **object_storage_settings("S3_BUCKET", "portal-media"),
        # The address browsers reach MinIO at, when it differs from S3_ENDPOINT (presigned URLs).
        "S3_PUBLIC_ENDPOINT": env_str("S3_PUBLIC_ENDPOINT"),
        # With S3: answer media GETs with a 302 to a presigned URL, so bytes skip this service.
        "MEDIA_PRESIGNED_URLS": env_bool("MEDIA_PRESIGNED_URLS", False),
        "MEDIA_PRESIGNED_EXPIRES": env_int("MEDIA_PRESIGNED_EXPIRES", 3600),
        "MEDIA_MAX_IMAGE_BYTES": env_int("MEDIA_MAX_IMAGE_BYTES", 20 * MB),
        "MEDIA_MAX_VIDEO_BYTES": env_int("MEDIA_MAX_VIDEO_BYTES", 500 * MB),
        # Above this many pixels an image is refused as a decompression bomb (422): decoding a
        # 40 MP photo already takes ~120 MB.
        "MEDIA_MAX_IMAGE_PIXELS": env_int("MEDIA_MAX_IMAGE_PIXELS", 40_000_000),
        "MEDIA_THUMB_WIDTH": env_int("MEDIA_THUMB_WIDTH", 320),
        "MEDIA_LARGE_WIDTH": env_int("MEDIA_LARGE_WIDTH", 1280),
        # The poster frame extracted from a video (JPEG), and how long FFmpeg may take over it.
        "MEDIA_POSTER_WIDTH": env_int("MEDIA_POSTER_WIDTH", 640),
        "MEDIA_PROBE_SECONDS": env_int("MEDIA_PROBE_SECONDS", 10),
        # Uploads are spooled here (on disk, not a RAM-backed /tmp) before going to storage.
        "MEDIA_UPLOAD_TMP_DIR": env_str("MEDIA_UPLOAD_TMP_DIR"),
    }
