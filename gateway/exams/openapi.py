"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the contract's
exam shapes, exactly as the exams service answers them (the gateway passes them on unchanged)."""
from portal_common.openapi import error_response, page_schema

SUBJECT_KEYS = [
    "toan", "ngu_van", "ngoai_ngu", "vat_li", "hoa_hoc", "sinh_hoc", "lich_su", "dia_li", "gdcd",
    "tin_hoc", "cong_nghe_cong_nghiep", "cong_nghe_nong_nghiep", "gdkt_pl",
]
EXAM_ID = {"name": "exam_id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "thpt-2025"}
SBD = {"name": "sbd", "in": "path", "required": True, "schema": {"type": "string"}, "description": "8 digits, e.g. 01017985"}
SCORE = {"type": "number", "minimum": 0, "maximum": 10}
DISTRIBUTION = {
    "type": "object",
    "required": ["count", "mean", "median", "step", "histogram"],
    "properties": {
        "count": {"type": "integer", "minimum": 1},
        "mean": {"type": "number"},
        "median": {"type": "number"},
        "step": {"type": "number", "description": "bin width; a bin counts the scores in [score, score + step)"},
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
            "subjects": {"type": "array", "items": {"type": "string", "enum": SUBJECT_KEYS}},
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
            "scores": {"type": "object", "properties": {key: SCORE for key in SUBJECT_KEYS}, "additionalProperties": False},
            "blocks": {
                "type": "object",
                "description": "totals of the blocks (A00, A01, B00, C00, D01, …) the candidate has every subject of",
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 30},
            },
        },
    },
    "ExamStats": {
        "type": "object",
        "required": ["exam", "candidates", "subjects", "blocks"],
        "properties": {
            "exam": {"type": "string"},
            "candidates": {"type": "integer"},
            "subjects": {"type": "object", "additionalProperties": DISTRIBUTION},
            "blocks": {"type": "object", "additionalProperties": DISTRIBUTION},
        },
    },
    "ExamImportReport": {
        "type": "object",
        "required": ["exam", "imported", "rejected"],
        "properties": {
            "exam": {"type": "string"},
            "imported": {"type": "integer"},
            "rejected": {
                "type": "array",
                "description": "rows skipped (the first 1,000)",
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


def _ok(schema, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


PATHS = {
    "/api/v1/exams": {
        "get": {
            "summary": "Exams with published results, newest year first",
            "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
            ],
            "responses": {"200": _ok("ExamList", "The exams"), "400": error_response("Bad page arguments")},
        }
    },
    "/api/v1/exams/{exam_id}": {
        "get": {
            "summary": "One exam",
            "parameters": [EXAM_ID],
            "responses": {"200": _ok("Exam", "The exam"), "404": error_response("No such exam")},
        }
    },
    "/api/v1/exams/{exam_id}/results": {
        "put": {
            "summary": "Replace an exam's results with a results file (the first import creates the exam)",
            "description": "CSV (optionally Content-Encoding: gzip) or .xlsx, streamed through to the exams "
            "service. Lookups see the old results or the new, never a mix; a file that is not a results file "
            "is a 400 and changes nothing.",
            "security": [{"adminToken": []}],
            "parameters": [
                EXAM_ID,
                {"name": "name", "in": "query", "schema": {"type": "string"}},
                {"name": "year", "in": "query", "schema": {"type": "integer"}, "description": "default: the last 4-digit number in the id"},
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
                },
            },
            "responses": {
                "200": _ok("ExamImportReport", "Imported; skipped rows listed with their line numbers"),
                "400": error_response("Not a results file; nothing changed"),
                "401": error_response("No token"),
                "403": error_response("Wrong token"),
                "413": error_response("Larger than EXAMS_MAX_IMPORT_BYTES"),
            },
        }
    },
    "/api/v1/exams/{exam_id}/results/{sbd}": {
        "get": {
            "summary": "One candidate's scores and block totals (rate-limited per client)",
            "parameters": [EXAM_ID, SBD],
            "responses": {
                "200": _ok("ExamResult", "The subjects taken and the complete blocks"),
                "400": error_response("The number is not 8 digits"),
                "404": error_response("No such exam or candidate"),
                "429": error_response("Too many lookups from this address; see Retry-After"),
            },
        }
    },
    "/api/v1/exams/{exam_id}/stats": {
        "get": {
            "summary": "Score distribution (phổ điểm) per subject and for the main blocks",
            "parameters": [EXAM_ID],
            "responses": {"200": _ok("ExamStats", "Computed once per import"), "404": error_response("No such exam")},
        }
    },
}
