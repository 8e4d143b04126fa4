"""The documents service's object store (files under DATA_DIR, or S3 in the bucket
DOCUMENTS_S3_BUCKET), one per process: portal_common.objects.per_app."""

from portal_common.objects import per_app

# Its app.extensions name (the tests reach the store through it).
EXTENSION = "document_objects"


def init_app(app):
    per_app.init_app(app, EXTENSION)


def get_objects():
    return per_app.objects_of(EXTENSION)
