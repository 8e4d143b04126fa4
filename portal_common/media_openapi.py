"""What the media service's OpenAPI document and the gateway's state alike about the media routes:
the parameters they take, the tokens they need, the request bodies' building blocks and the error
answers. The gateway serves the albums and videos routes again and passes the service's errors on
unchanged, so both documents are built from here for those; the answers' shapes are not shared,
since the service's describe its own records (object keys, the cover's image id) and the
gateway's the public contract (absolute URLs). The gateway adds its answers for a service that is
down or too slow."""

from .openapi import STAFF_OR_MACHINE, auth_errors, error_response
from .pagination import MAX_PAGE

# Photos and videos are written by editors (services/media/api.py: staff_required("editor")).
SECURED = STAFF_OR_MACHINE
FILE = {"type": "string", "format": "binary"}
# Fields the media records carry beyond the contract's first shapes (docs/media.md).
EVENT_DATE = {
    "type": "string",
    "format": "date",
    "nullable": True,
    "description": "the day of the event pictured, a Vietnam calendar date; pages show it instead of the upload date",
}
DURATION = {"type": "number", "nullable": True, "description": "seconds, read by FFmpeg (PyAV) at upload"}
PICTURE_SIDE = {"type": "integer", "nullable": True, "description": "pixels of the video's picture"}
ALT = {"type": "string", "maxLength": 300, "description": "alternative text for readers who cannot see the image"}


def path_id(name):
    """The path item's parameters of a route keyed by one id, e.g. /api/v1/albums/{album_id}."""
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}]


def page_parameters(page_default=None, per_page_default=None):
    """The list routes' `page` and `per_page`; the gateway's document also states their defaults."""
    page = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
    per_page = {"type": "integer", "minimum": 1, "maximum": 100}
    if page_default is not None:
        page["default"] = page_default
    if per_page_default is not None:
        per_page["default"] = per_page_default
    return [
        {"name": "page", "in": "query", "schema": page},
        {"name": "per_page", "in": "query", "schema": per_page},
    ]


BAD_PAGING = {"400": error_response("Bad paging")}
WRITE_ERRORS = {
    "400": error_response("Bad input"),
    **auth_errors(["editor"]),
}
UPLOAD_ERRORS = {
    **WRITE_ERRORS,
    "413": error_response("Over the size cap (images 20 MB, videos 500 MB by default)"),
    "415": error_response("Not an accepted type, judged from the bytes"),
    "422": error_response("A damaged image, or too many pixels"),
}


def json_answer(ref, description="OK"):
    """A JSON answer whose body is the schema `ref` (a $ref string)."""
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def json_body(required, fields):
    """A request body that is a JSON object with `fields` ({name: schema}); `required`: the names
    it must have, or None."""
    schema = {"type": "object", "required": required, "properties": fields}
    if required is None:
        del schema["required"]
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def multipart(required, fields):
    """An upload's request body: a multipart form with `fields` ({name: schema})."""
    return {
        "required": True,
        "content": {"multipart/form-data": {"schema": {"type": "object", "required": required, "properties": fields}}},
    }
