"""The exams service's OpenAPI document. The schemas are shared with the gateway's part
(gateway/exams/openapi.py), which answers the same shapes."""
from portal_common.openapi import document, error_response, page_schema

from .subjects import BLOCKS, SUBJECTS

_score = {"type": "number", "minimum": 0, "maximum": 10}
_histogram = {
    "type": "object",
    "required": ["count", "mean", "median", "step", "histogram"],
    "properties": {
        "count": {"type": "integer", "minimum": 1},
        "mean": {"type": "number"},
        "median": {"type": "number"},
        "step": {"type": "number", "description": "bin width; each bin counts scores in [score, score + step)"},
        "histogram": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["score", "count"],
                "properties": {"score": {"type": "number"}, "count": {"type": "integer", "minimum": 0}},
            },
        },
    },
}

SCHEMAS = {
    "Exam": {
        "type": "object",
        "required": ["id", "name", "year", "candidates", "subjects"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "name": {"type": "string"},
            "year": {"type": "integer"},
            "candidates": {"type": "integer", "minimum": 0},
            "subjects": {"type": "array", "items": {"type": "string", "enum": list(SUBJECTS)}},
            "imported_at": {"type": "string", "format": "date-time"},
        },
    },
    "ExamList": page_schema("#/components/schemas/Exam"),
    "ExamResult": {
        "type": "object",
        "required": ["exam", "sbd", "scores", "blocks"],
        "properties": {
            "exam": {"type": "string"},
            "sbd": {"type": "string", "pattern": "^[0-9]{8}$"},
            "scores": {"type": "object", "properties": {key: _score for key in SUBJECTS}, "additionalProperties": False},
            "blocks": {
                "type": "object",
                "properties": {code: {"type": "number", "minimum": 0, "maximum": 30} for code in BLOCKS},
                "additionalProperties": False,
            },
        },
    },
    "ExamStats": {
        "type": "object",
        "required": ["exam", "candidates", "subjects", "blocks"],
        "properties": {
            "exam": {"type": "string"},
            "candidates": {"type": "integer"},
            "subjects": {"type": "object", "additionalProperties": _histogram},
            "blocks": {"type": "object", "additionalProperties": _histogram},
        },
    },
    "ImportReport": {
        "type": "object",
        "required": ["exam", "imported", "rejected", "rejected_total"],
        "properties": {
            "exam": {"type": "string"},
            "imported": {"type": "integer"},
            "rejected": {
                "type": "array",
                "description": "the first 1,000 rows skipped",
                "items": {
                    "type": "object",
                    "required": ["line", "reason"],
                    "properties": {"line": {"type": "integer"}, "reason": {"type": "string"}},
                },
            },
            "rejected_total": {"type": "integer"},
        },
    },
}


def _json(ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


_exam_id = {"name": "exam_id", "in": "path", "required": True, "schema": {"type": "string"}}
_sbd = {"name": "sbd", "in": "path", "required": True, "schema": {"type": "string"}, "description": "8 digits"}


def paths(prefix="/api/v1"):
    return {
        f"{prefix}/exams": {
            "get": {
                "summary": "Exams with results",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                ],
                "responses": {"200": _json("ExamList", "Newest year first"), "400": error_response("Bad page arguments")},
            }
        },
        f"{prefix}/exams/{{exam_id}}": {
            "get": {
                "summary": "One exam",
                "parameters": [_exam_id],
                "responses": {"200": _json("Exam", "The exam"), "404": error_response("No such exam")},
            }
        },
        f"{prefix}/exams/{{exam_id}}/results": {
            "put": {
                "summary": "Replace the exam's results with a results file (creates the exam)",
                "description": "Body: CSV (text/csv, optionally Content-Encoding: gzip) or .xlsx. Header styles: "
                "the 2025 national file (SBD, TOAN, VAN, …; -1 = not taken), the official sheet (SOBAODANH, Toán, "
                "Văn, …, Mã môn ngoại ngữ; empty = not taken), lower-case ascii (sbd, toan, ngu_van, …; '-' = not "
                "taken). Bad rows are skipped and reported; the old results stay until the new are complete.",
                "security": [{"adminToken": []}],
                "parameters": [
                    _exam_id,
                    {"name": "name", "in": "query", "schema": {"type": "string"}},
                    {"name": "year", "in": "query", "schema": {"type": "integer"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                    },
                },
                "responses": {
                    "200": _json("ImportReport", "Imported; skipped rows listed"),
                    "400": error_response("Not a results file (nothing changed)"),
                    "401": error_response("No token"),
                    "403": error_response("Wrong token"),
                    "413": error_response("Over EXAMS_MAX_IMPORT_BYTES"),
                },
            }
        },
        f"{prefix}/exams/{{exam_id}}/results/{{sbd}}": {
            "get": {
                "summary": "One candidate's scores and block totals (rate-limited per client)",
                "parameters": [_exam_id, _sbd],
                "responses": {
                    "200": _json("ExamResult", "Scores of the subjects taken and the blocks complete"),
                    "400": error_response("SBD is not 8 digits"),
                    "404": error_response("No such exam or candidate"),
                    "429": error_response("Too many lookups from this client (see Retry-After)"),
                },
            }
        },
        f"{prefix}/exams/{{exam_id}}/stats": {
            "get": {
                "summary": "Score distribution (phổ điểm) per subject and for the main blocks",
                "parameters": [_exam_id],
                "responses": {"200": _json("ExamStats", "Computed at import"), "404": error_response("No such exam")},
            }
        },
    }


def spec():
    own = {"/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}}}
    return document("Exams service", "1.0.0", {**paths(), **own}, SCHEMAS, "Kết quả thi, tra cứu theo số báo danh, phổ điểm.")
