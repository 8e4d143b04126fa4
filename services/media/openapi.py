"""The media service's OpenAPI document (/api/v1/openapi.json): the service's own records (object
keys, the cover's image id) and routes. The parameters, the token and the error answers of the
routes the gateway serves again are stated as the gateway's document states them
(portal_common.media_openapi)."""

from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.media_openapi import (
    ALT,
    BAD_PAGING,
    DURATION,
    EVENT_DATE,
    FILE,
    PICTURE_SIDE,
    SECURED,
    UPLOAD_ERRORS,
    WRITE_ERRORS,
    json_answer,
    json_body,
    multipart,
    page_parameters,
    path_id,
)
from portal_common.openapi import document, error_response, page_schema

PAGE = page_parameters()
URLS = {"type": "object", "additionalProperties": {"type": "string"}}
SOURCE = {
    "type": "object",
    "required": ["key", "content_type", "size", "checksum", "url"],
    "properties": {
        "key": {"type": "string"},
        "content_type": {"type": "string", "enum": ["video/mp4", "video/webm"]},
        "size": {"type": "integer"},
        "checksum": {"type": "string"},
        "url": {"type": "string"},
    },
}

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
            "alt": ALT,
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
            "event_date": EVENT_DATE,
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
            "duration": DURATION,
            "width": PICTURE_SIDE,
            "height": PICTURE_SIDE,
            "event_date": EVENT_DATE,
            "checksum": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "key": {"type": "string", "description": "the preferred source's key (MP4 when there is one)"},
            "poster_key": {
                "type": "string",
                "nullable": True,
                "description": "the poster shown: uploaded, or the frame",
            },
            "frame_key": {"type": "string", "nullable": True, "description": "the JPEG frame extracted ~1 s in"},
            "url": {"type": "string"},
            "poster_url": {"type": "string", "nullable": True},
            "sources": {"type": "array", "items": SOURCE, "description": "every encoding, MP4 first"},
        },
    },
}


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
                    **BAD_PAGING,
                },
            },
            "post": {
                "summary": "Create an album",
                "security": SECURED,
                "requestBody": json_body(["title"], {"title": {"type": "string"}, "event_date": EVENT_DATE}),
                "responses": {"201": json_answer("#/components/schemas/Album", "Created"), **WRITE_ERRORS},
            },
        },
        "/api/v1/albums/latest": {
            "get": {
                "summary": "The newest album with its images in order",
                "parameters": [
                    {
                        "name": "except",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "an album id: the newest album but this one",
                    }
                ],
                "responses": {"200": json_answer("#/components/schemas/Album"), "404": error_response("No album yet")},
            },
        },
        "/api/v1/albums/{album_id}": {
            "parameters": path_id("album_id"),
            "get": {
                "summary": "An album with its images in order",
                "responses": {"200": json_answer("#/components/schemas/Album"), "404": error_response("No such album")},
            },
            "patch": {
                "summary": (
                    "Rename, set the event date, or pick the cover (an image id of this album, or null for "
                    "the first image)"
                ),
                "security": SECURED,
                "requestBody": json_body(
                    None,
                    {
                        "title": {"type": "string"},
                        "cover": {"type": "string", "nullable": True},
                        "event_date": EVENT_DATE,
                    },
                ),
                "responses": {
                    "200": json_answer("#/components/schemas/Album"),
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
            "parameters": path_id("album_id"),
            "put": {
                "summary": "Order the album's images (every image id exactly once)",
                "security": SECURED,
                "requestBody": json_body(["images"], {"images": {"type": "array", "items": {"type": "string"}}}),
                "responses": {
                    "200": json_answer("#/components/schemas/Album"),
                    "404": error_response("No such album"),
                    **WRITE_ERRORS,
                },
            },
        },
        "/api/v1/albums/{album_id}/images": {
            "parameters": path_id("album_id"),
            "post": {
                "summary": "Upload an image (JPEG, PNG, GIF, WebP; MEDIA_MAX_IMAGE_BYTES)",
                "security": SECURED,
                "requestBody": multipart(["file"], {"file": FILE, "title": {"type": "string"}, "alt": ALT}),
                "responses": {
                    "201": json_answer("#/components/schemas/Image", "Stored, with thumb and large WebP variants"),
                    "404": error_response("No such album"),
                    **UPLOAD_ERRORS,
                },
            },
        },
        "/api/v1/images/{image_id}": {
            "parameters": path_id("image_id"),
            "get": {
                "summary": "One image",
                "responses": {"200": json_answer("#/components/schemas/Image"), "404": error_response("No such image")},
            },
            "patch": {
                "summary": "Change an image's title or alternative text",
                "security": SECURED,
                "requestBody": json_body(None, {"title": {"type": "string"}, "alt": ALT}),
                "responses": {
                    "200": json_answer("#/components/schemas/Image"),
                    "404": error_response("No such image"),
                    **WRITE_ERRORS,
                },
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
                    **BAD_PAGING,
                },
            },
            "post": {
                "summary": "Upload a video (MP4 or WebM; MEDIA_MAX_VIDEO_BYTES), streamed to storage",
                "security": SECURED,
                "requestBody": multipart(
                    ["file", "title"],
                    {"file": FILE, "title": {"type": "string"}, "poster": FILE, "event_date": EVENT_DATE},
                ),
                "responses": {"201": json_answer("#/components/schemas/Video", "Stored"), **UPLOAD_ERRORS},
            },
        },
        "/api/v1/videos/{video_id}": {
            "parameters": path_id("video_id"),
            "get": {
                "summary": "One video",
                "responses": {"200": json_answer("#/components/schemas/Video"), "404": error_response("No such video")},
            },
            "patch": {
                "summary": 'Change the title or event date; `"poster": "frame"` shows the extracted frame again',
                "security": SECURED,
                "requestBody": json_body(
                    None, {"title": {"type": "string"}, "event_date": EVENT_DATE, "poster": {"enum": ["frame"]}}
                ),
                "responses": {
                    "200": json_answer("#/components/schemas/Video"),
                    "404": error_response("No such video"),
                    "409": error_response("The video has no extracted frame"),
                    **WRITE_ERRORS,
                },
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
        "/api/v1/videos/{video_id}/poster": {
            "parameters": path_id("video_id"),
            "post": {
                "summary": "Upload a poster image (checked like any image) to show instead of the extracted frame",
                "security": SECURED,
                "requestBody": multipart(["file"], {"file": FILE}),
                "responses": {
                    "200": json_answer("#/components/schemas/Video"),
                    "404": error_response("No such video"),
                    **UPLOAD_ERRORS,
                },
            },
        },
        "/api/v1/videos/{video_id}/sources": {
            "parameters": path_id("video_id"),
            "post": {
                "summary": "Add another encoding of the same clip (MP4 beside WebM or the reverse; one per type)",
                "security": SECURED,
                "requestBody": multipart(["file"], {"file": FILE}),
                "responses": {
                    "201": json_answer("#/components/schemas/Video", "Added"),
                    "404": error_response("No such video"),
                    "409": error_response("The video has a source of this type already"),
                    **UPLOAD_ERRORS,
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
                "summary": (
                    "The bytes: ETag, If-None-Match → 304, Cache-Control immutable, single Range → 206, "
                    "bad range → 416; 302 to a presigned URL when MEDIA_PRESIGNED_URLS=1"
                ),
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
