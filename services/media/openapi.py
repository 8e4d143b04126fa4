"""The media service's OpenAPI document (/api/v1/openapi.json)."""

from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.openapi import document, error_response, page_schema

SECURED = [{"adminToken": []}]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
URLS = {"type": "object", "additionalProperties": {"type": "string"}}

SCHEMAS = {
    "Image": {
        "type": "object",
        "required": [
            "id",
            "album_id",
            "title",
            "width",
            "height",
            "content_type",
            "size",
            "checksum",
            "created_at",
            "keys",
            "urls",
        ],
        "properties": {
            "id": {"type": "string"},
            "album_id": {"type": "string"},
            "title": {"type": "string"},
            "position": {"type": "integer"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "content_type": {"type": "string", "enum": ["image/jpeg", "image/png", "image/gif", "image/webp"]},
            "size": {"type": "integer"},
            "checksum": {"type": "string", "description": "sha256 of the original, hex"},
            "created_at": {"type": "string", "format": "date-time"},
            "keys": {
                "type": "object",
                "required": ["original", "thumb", "large"],
                "additionalProperties": {"type": "string"},
            },
            "urls": URLS,
        },
    },
    "Album": {
        "type": "object",
        "required": ["id", "title", "count", "cover_image_id", "cover_key", "created_at"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "count": {"type": "integer"},
            "cover_image_id": {"type": "string", "nullable": True},
            "cover_key": {"type": "string", "nullable": True, "description": "object key of the cover's thumbnail"},
            "created_at": {"type": "string", "format": "date-time"},
            "images": {"type": "array", "items": {"$ref": "#/components/schemas/Image"}},
        },
    },
    "Video": {
        "type": "object",
        "required": [
            "id",
            "title",
            "content_type",
            "size",
            "duration",
            "checksum",
            "created_at",
            "key",
            "poster_key",
            "url",
            "poster_url",
        ],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "content_type": {"type": "string", "enum": ["video/mp4", "video/webm"]},
            "size": {"type": "integer"},
            "duration": {"type": "number", "nullable": True},
            "checksum": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "key": {"type": "string"},
            "poster_key": {"type": "string", "nullable": True},
            "url": {"type": "string"},
            "poster_url": {"type": "string", "nullable": True},
        },
    },
}


def _json(ref, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _multipart(required, fields):
    return {
        "required": True,
        "content": {"multipart/form-data": {"schema": {"type": "object", "required": required, "properties": fields}}},
    }


WRITE_ERRORS = {
    "400": error_response("Bad input"),
    "401": error_response("No token"),
    "403": error_response("Wrong token"),
}
UPLOAD_ERRORS = {
    **WRITE_ERRORS,
    "413": error_response("Over the size cap"),
    "415": error_response("Not an accepted type (sniffed from the bytes)"),
    "422": error_response("Damaged image, or too many pixels"),
}
FILE = {"type": "string", "format": "binary"}


def spec():
    paths = {
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
        **CONTENT_VERSION_PATHS,
        "/api/v1/albums": {
            "get": {
                "summary": "Albums, newest first",
                "parameters": PAGE,
                "responses": {
                    "200": {
                        "description": "A page",
                        "content": {"application/json": {"schema": page_schema("#/components/schemas/Album")}},
                    },
                    "400": error_response("Bad paging"),
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
                                "properties": {"title": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {"201": _json("#/components/schemas/Album", "Created"), **WRITE_ERRORS},
            },
        },
        "/api/v1/albums/latest": {
            "get": {
                "summary": "The newest album with its images in order",
                "responses": {"200": _json("#/components/schemas/Album"), "404": error_response("No album yet")},
            },
        },
        "/api/v1/albums/{album_id}": {
            "parameters": [{**ID, "name": "album_id"}],
            "get": {
                "summary": "An album with its images in order",
                "responses": {"200": _json("#/components/schemas/Album"), "404": error_response("No such album")},
            },
            "patch": {
                "summary": "Rename, or pick the cover (an image id of this album, or null for the first image)",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "title": {"type": "string"},
                                    "cover": {"type": "string", "nullable": True},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json("#/components/schemas/Album"),
                    "404": error_response("No such album"),
                    **WRITE_ERRORS,
                },
            },
            "delete": {
                "summary": "Delete the album, its images and their objects",
                "security": SECURED,
                "responses": {
                    "204": {"description": "Deleted"},
                    "404": error_response("No such album"),
                    **WRITE_ERRORS,
                },
            },
        },
        "/api/v1/albums/{album_id}/order": {
            "parameters": [{**ID, "name": "album_id"}],
            "put": {
                "summary": "Order the album's images (every image id exactly once)",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["images"],
                                "properties": {"images": {"type": "array", "items": {"type": "string"}}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json("#/components/schemas/Album"),
                    "404": error_response("No such album"),
                    **WRITE_ERRORS,
                },
            },
        },
        "/api/v1/albums/{album_id}/images": {
            "parameters": [{**ID, "name": "album_id"}],
            "post": {
                "summary": "Upload an image (JPEG, PNG, GIF, WebP; MEDIA_MAX_IMAGE_BYTES)",
                "security": SECURED,
                "requestBody": _multipart(["file"], {"file": FILE, "title": {"type": "string"}}),
                "responses": {
                    "201": _json("#/components/schemas/Image", "Stored, with thumb and large WebP variants"),
                    "404": error_response("No such album"),
                    **UPLOAD_ERRORS,
                },
            },
        },
        "/api/v1/images/{image_id}": {
            "parameters": [{**ID, "name": "image_id"}],
            "get": {
                "summary": "One image",
                "responses": {"200": _json("#/components/schemas/Image"), "404": error_response("No such image")},
            },
            "delete": {
                "summary": "Delete an image and its objects",
                "security": SECURED,
                "responses": {
                    "204": {"description": "Deleted"},
                    "404": error_response("No such image"),
                    **WRITE_ERRORS,
                },
            },
        },
        "/api/v1/videos": {
            "get": {
                "summary": "Videos, newest first",
                "parameters": PAGE,
                "responses": {
                    "200": {
                        "description": "A page",
                        "content": {"application/json": {"schema": page_schema("#/components/schemas/Video")}},
                    },
                    "400": error_response("Bad paging"),
                },
            },
            "post": {
                "summary": "Upload a video (MP4 or WebM; MEDIA_MAX_VIDEO_BYTES), streamed to storage",
                "security": SECURED,
                "requestBody": _multipart(
                    ["file", "title"], {"file": FILE, "title": {"type": "string"}, "poster": FILE}
                ),
                "responses": {"201": _json("#/components/schemas/Video", "Stored"), **UPLOAD_ERRORS},
            },
        },
        "/api/v1/videos/{video_id}": {
            "parameters": [{**ID, "name": "video_id"}],
            "get": {
                "summary": "One video",
                "responses": {"200": _json("#/components/schemas/Video"), "404": error_response("No such video")},
            },
            "delete": {
                "summary": "Delete a video, its poster and their objects",
                "security": SECURED,
                "responses": {
                    "204": {"description": "Deleted"},
                    "404": error_response("No such video"),
                    **WRITE_ERRORS,
                },
            },
        },
        "/media/{key}": {
            "parameters": [
                {
                    "name": "key",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "object key, e.g. images/<id>/thumb.webp",
                }
            ],
            "get": {
                "summary": "The bytes: ETag, If-None-Match → 304, Cache-Control immutable, single Range → 206, bad range → 416; 302 to a presigned URL when MEDIA_PRESIGNED_URLS=1",
                "parameters": [
                    {"name": "Range", "in": "header", "schema": {"type": "string"}},
                    {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                    {"name": "If-Range", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "Whole object"},
                    "206": {"description": "One range"},
                    "302": {"description": "Presigned URL"},
                    "304": {"description": "Not modified"},
                    "404": error_response("No such object"),
                    "416": {"description": "Range not satisfiable"},
                },
            },
            "head": {
                "summary": "Headers of the GET, without the body",
                "responses": {
                    "200": {"description": "Whole object"},
                    "206": {"description": "One range"},
                    "304": {"description": "Not modified"},
                    "404": {"description": "No such object"},
                },
            },
        },
    }
    return document(
        "Media service", "1.0.0", paths, SCHEMAS, "Albums, images with web variants, videos; bytes in object storage."
    )
