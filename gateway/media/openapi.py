"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the contract's
media shapes, exactly (third parties rely on them). Media URLs are absolute and load through the
gateway's /media/ proxy (GET and HEAD, ETag/304, Range/206/416, Cache-Control). The parameters,
the token and the errors the media service answers are stated as the service's document states
them (portal_common.media_openapi); the gateway adds its own answers for a service that is down."""

from portal_common import media_openapi
from portal_common.media_openapi import (
    ALT,
    BAD_PAGING,
    DURATION,
    EVENT_DATE,
    FILE,
    PICTURE_SIDE,
    SECURED,
    json_answer,
    json_body,
    multipart,
    page_parameters,
    path_id,
)
from portal_common.openapi import error_response, page_schema

PAGE = page_parameters(page_default=1, per_page_default=20)
URL = {"type": "string", "format": "uri"}
NULLABLE_URL = {**URL, "nullable": True}
TITLE = {"type": "string", "maxLength": 200}


def _object(properties):
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


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
            "alt": ALT,
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
            "event_date": EVENT_DATE,
        }
    ),
    "Album": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "event_date": EVENT_DATE,
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
            "duration": DURATION,
            "width": PICTURE_SIDE,
            "height": PICTURE_SIDE,
            "event_date": EVENT_DATE,
            "sources": {
                "type": "array",
                "description": "every encoding of the same clip, MP4 first; `url` is the first",
                "items": _object(
                    {
                        "url": URL,
                        "content_type": {"type": "string", "enum": ["video/mp4", "video/webm"]},
                        "size": {"type": "integer", "minimum": 0},
                    }
                ),
            },
        }
    ),
}

SERVICE_DOWN = {"503": error_response("Media service down")}
# A write's 503 is the service's own description, which covers the gateway's (a service down).
WRITE_ERRORS = {**SERVICE_DOWN, **media_openapi.WRITE_ERRORS}
UPLOAD_ERRORS = {**SERVICE_DOWN, **media_openapi.UPLOAD_ERRORS}
READ_ERRORS = {**SERVICE_DOWN, "504": error_response("Media service too slow")}

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
                **BAD_PAGING,
                **READ_ERRORS,
            },
        },
        "post": {
            "summary": "Create an album",
            "security": SECURED,
            "requestBody": json_body(["title"], {"title": TITLE, "event_date": EVENT_DATE}),
            "responses": {"201": json_answer("#/components/schemas/Album", "Created"), **WRITE_ERRORS},
        },
    },
    "/api/v1/albums/{album_id}": {
        "parameters": path_id("album_id"),
        "get": {
            "summary": "An album with its images in order",
            "responses": {
                "200": json_answer("#/components/schemas/Album"),
                "404": error_response("No such album"),
                **READ_ERRORS,
            },
        },
    },
    "/api/v1/albums/{album_id}/images": {
        "parameters": path_id("album_id"),
        "post": {
            "summary": "Upload an image into the album (JPEG, PNG, GIF or WebP)",
            "security": SECURED,
            "requestBody": multipart(["file"], {"file": FILE, "title": TITLE, "alt": ALT}),
            "responses": {
                "201": json_answer("#/components/schemas/Image", "Stored, with its variants"),
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
                **BAD_PAGING,
                **READ_ERRORS,
            },
        },
        "post": {
            "summary": "Upload a video (MP4 or WebM), streamed to storage, with an optional poster image",
            "security": SECURED,
            "requestBody": multipart(
                ["file", "title"], {"file": FILE, "title": TITLE, "poster": FILE, "event_date": EVENT_DATE}
            ),
            "responses": {"201": json_answer("#/components/schemas/Video", "Stored"), **UPLOAD_ERRORS},
        },
    },
    "/api/v1/videos/{video_id}": {
        "parameters": path_id("video_id"),
        "get": {
            "summary": "One video clip",
            "responses": {
                "200": json_answer("#/components/schemas/Video"),
                "404": error_response("No such video"),
                **READ_ERRORS,
            },
        },
    },
}
