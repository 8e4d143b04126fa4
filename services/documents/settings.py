"""The documents service's own settings, from the environment."""

from portal_common.config import env_int, env_str, object_storage_settings

MB = 1024 * 1024


def settings():
    return {
        # JSON bodies (PATCH); the upload routes lift this to their own caps (uploads.py).
        "MAX_CONTENT_LENGTH": env_int("DOCUMENTS_MAX_REQUEST_BYTES", 1 * MB),
        # Object storage: the same S3 server as media (S3_ENDPOINT…), in a bucket of its own.
        **object_storage_settings("DOCUMENTS_S3_BUCKET", "portal-documents"),
        # One attached file at most this big; at most this many files in one upload.
        "DOCUMENTS_MAX_FILE_BYTES": env_int("DOCUMENTS_MAX_FILE_BYTES", 50 * MB),
        "DOCUMENTS_MAX_FILES": env_int("DOCUMENTS_MAX_FILES", 10),
        # A DOCX/XLSX/ODT (a zip) whose entries would unpack past this, or unpack more than
        # DOCUMENTS_MAX_ZIP_RATIO times their packed size, is refused as a zip bomb.
        "DOCUMENTS_MAX_UNZIPPED_BYTES": env_int("DOCUMENTS_MAX_UNZIPPED_BYTES", 300 * MB),
        "DOCUMENTS_MAX_ZIP_RATIO": env_int("DOCUMENTS_MAX_ZIP_RATIO", 100),
        "DOCUMENTS_MAX_ZIP_ENTRIES": env_int("DOCUMENTS_MAX_ZIP_ENTRIES", 5000),
        # The text of attached PDFs kept for search: this many characters per file, read from at
        # most this many pages (a 2,000-page PDF costs no more than its first pages).
        "DOCUMENTS_MAX_TEXT_CHARS": env_int("DOCUMENTS_MAX_TEXT_CHARS", 200_000),
        "DOCUMENTS_MAX_TEXT_PAGES": env_int("DOCUMENTS_MAX_TEXT_PAGES", 300),
        # Uploads are spooled here (on disk, not a RAM-backed /tmp) before going to storage.
        "DOCUMENTS_UPLOAD_TMP_DIR": env_str("DOCUMENTS_UPLOAD_TMP_DIR"),
    }
