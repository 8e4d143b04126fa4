"""The exams part of the public contract as JSON Schema (OpenAPI components), shared by the exams
service's OpenAPI document and the gateway's, which passes the service's answers on unchanged."""

from .exam_vocabulary import BLOCKS, CANDIDATE_NUMBER_PATTERN, SUBJECTS
from .openapi import page_schema

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
        "required": ["id", "name", "year", "candidates", "subjects", "published_at"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "name": {"type": "string"},
            "year": {"type": "integer"},
            "candidates": {"type": "integer", "minimum": 0},
            "subjects": {"type": "array", "items": {"type": "string", "enum": list(SUBJECTS)}},
            "imported_at": {"type": "string", "format": "date-time"},
            "published_at": {
                "type": "string",
                "format": "date-time",
                "nullable": True,
                "description": "results and statistics are public from this time; null: published",
            },
        },
    },
    "ExamChanges": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
            "published_at": {
                "type": "string",
                "format": "date-time",
                "nullable": True,
                "description": "ISO 8601 with an offset, e.g. 2026-07-16T08:00:00+07:00; null: published now",
            },
        },
    },
    "ExamList": page_schema("#/components/schemas/Exam"),
    "ExamResult": {
        "type": "object",
        "required": ["exam", "sbd", "scores", "blocks"],
        "properties": {
            "exam": {"type": "string"},
            "sbd": {"type": "string", "pattern": CANDIDATE_NUMBER_PATTERN},
            "scores": {
                "type": "object",
                "properties": {key: _score for key in SUBJECTS},
                "additionalProperties": False,
            },
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
    "ExamImportReport": {
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
