"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the contract's
media shapes, exactly (third parties rely on them). Media URLs are absolute and load through the
gateway's /media/ proxy (GET and HEAD, ETag/304, Range/206/416, Cache-Control)."""

from portal_common.openapi import error_response, page_schema

PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]
SECURED = [{"adminToken": []}]
URL = {"type": "string", "format": "uri"}
NULLABLE_URL = {**URL, "nullable": True}
FILE = {"type": "string", "format": "binary"}


def _object(properties):
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


def _path_id(name):
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}]


def _json(ref, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


SCHEMAS = {
    "ImageUrls": {
        "type": "object",
        "additionalProperties": False,
        "required": ["original", "thumb", "large"],
        "properties": {
            "original": {**URL, "description": "the file as uploaded"},
            "thumb": {**URL, "description": "WebP, 320 px wide at most"},
            "large": {**URL, "description": "WebP, 1280 px wide at most"},
        },
    },
    "Image": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "width": {"type": "integer", "description": "as displayed (EXIF orientation applied)"},
            "height": {"type": "integer"},
            "urls": {"$ref": "#/components/schemas/ImageUrls"},
        }
    ),
    "AlbumSummary": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "cover": {**NULLABLE_URL, "description": "the cover's thumbnail; null for an empty album"},
            "count": {"type": "integer", "minimum": 0},
        }
    ),
    "Album": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "images": {"type": "array", "items": {"$ref": "#/components/schemas/Image"}},
        }
    ),
    "Video": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "url": {**URL, "description": "seekable: answers Range requests"},
            "poster": NULLABLE_URL,
            "content_type": {"type": "string", "enum": ["video/mp4", "video/webm"]},
            "size": {"type": "integer", "minimum": 0},
        }
    ),
}

WRITE_ERRORS = {
    "400": error_response("Bad input"),
    "401": error_response("No token"),
    "403": error_response("Wrong token"),
    "503": error_response("Media service down"),
}
UPLOAD_ERRORS = {
    **WRITE_ERRORS,
    "413": error_response("Over the size cap (images 20 MB, videos 500 MB by default)"),
    "415": error_response("Not an accepted type, judged from the bytes"),
    "422": error_response("A damaged image, or too many pixels"),
}
READ_ERRORS = {"503": error_response("Media service down"), "504": error_response("Media service too slow")}


def _multipart(required, fields):
    return {
        "required": True,
        "content": {"multipart/form-data": {"schema": {"type": "object", "required": required, "properties": fields}}},
    }


PATHS = {
    "/api/v1/albums": {
        "get": {
            "summary": "Photo albums, newest first",
            "parameters": PAGE,
            "responses": {
                "200": {
                    "description": "A page of albums",
                    "content": {"application/json": {"schema": page_schema("#/components/schemas/AlbumSummary")}},
                },
                "400": error_response("Bad paging"),
                **READ_ERRORS,
            },
        },
        "post": {
            "summary": "Create an album",
            "security": SECURED,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["title"],
                            "properties": {"title": {"type": "string", "maxLength": 200}},
                        }
                    }
                },
            },
            "responses": {"201": _json("#/components/schemas/Album", "Created"), **WRITE_ERRORS},
        },
    },
    "/api/v1/albums/{album_id}": {
        "parameters": _path_id("album_id"),
        "get": {
            "summary": "An album with its images in order",
            "responses": {
                "200": _json("#/components/schemas/Album"),
                "404": error_response("No such album"),
                **READ_ERRORS,
            },
        },
    },
    "/api/v1/albums/{album_id}/images": {
        "parameters": _path_id("album_id"),
        "post": {
            "summary": "Upload an image into the album (JPEG, PNG, GIF or WebP)",
            "security": SECURED,
            "requestBody": _multipart(["file"], {"file": FILE, "title": {"type": "string", "maxLength": 200}}),
            "responses": {
                "201": _json("#/components/schemas/Image", "Stored, with its variants"),
                "404": error_response("No such album"),
                **UPLOAD_ERRORS,
            },
        },
    },
    "/api/v1/videos": {
        "get": {
            "summary": "Video clips, newest first",
            "parameters": PAGE,
            "responses": {
                "200": {
                    "description": "A page of videos",
                    "content": {"application/json": {"schema": page_schema("#/components/schemas/Video")}},
                },
                "400": error_response("Bad paging"),
                **READ_ERRORS,
            },
        },
        "post": {
            "summary": "Upload a video (MP4 or WebM), streamed to storage, with an optional poster image",
            "security": SECURED,
            "requestBody": _multipart(
                ["file", "title"], {"file": FILE, "title": {"type": "string", "maxLength": 200}, "poster": FILE}
            ),
            "responses": {"201": _json("#/components/schemas/Video", "Stored"), **UPLOAD_ERRORS},
        },
    },
    "/api/v1/videos/{video_id}": {
        "parameters": _path_id("video_id"),
        "get": {
            "summary": "One video clip",
            "responses": {
                "200": _json("#/components/schemas/Video"),
                "404": error_response("No such video"),
                **READ_ERRORS,
            },
        },
    },
}
