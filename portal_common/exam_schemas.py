"""The exams part of the public contract as JSON Schema (OpenAPI components), shared by the exams
service's OpenAPI document and the gateway's, which passes the service's answers on unchanged."""

from .exam_vocabulary import BLOCKS, CANDIDATE_NUMBER_PATTERN, LANGUAGES, SUBJECTS
from .openapi import page_schema

_score = {"type": "number", "minimum": 0, "maximum": 10}
_percent = {"type": "number", "minimum": 0, "maximum": 100}
_rejected = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["line", "reason"],
        "properties": {"line": {"type": "integer"}, "reason": {"type": "string"}},
    },
}
_job_states = ["queued", "running", "done", "failed"]
_moment = {"type": "string", "format": "date-time", "nullable": True}
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
            "percentiles": {
                "type": "object",
                "description": "for each subject taken and each block total: the share (%, one decimal) of the "
                "exam's candidates with a score for it who scored strictly lower",
                "properties": {key: _percent for key in (*SUBJECTS, *BLOCKS)},
                "additionalProperties": False,
            },
            "province_percentiles": {
                "type": "object",
                "description": "the same shares against the exam's candidates of the candidate's own province "
                "(the first two digits of the số báo danh, the province's exam council)",
                "properties": {key: _percent for key in (*SUBJECTS, *BLOCKS)},
                "additionalProperties": False,
            },
            "language": {
                "type": "string",
                "nullable": True,
                "enum": [f"N{code}" for code in LANGUAGES],
                "description": "the foreign language taken (N1 Tiếng Anh, N2 Tiếng Nga, N3 Tiếng Pháp, N4 Tiếng "
                "Trung, N5 Tiếng Đức, N6 Tiếng Nhật, N7 Tiếng Hàn); null when the results file gave none (then "
                "ngoai_ngu counts as English in the blocks)",
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
    "ExamImportJobStarted": {
        "type": "object",
        "required": ["job", "state", "url"],
        "properties": {
            "job": {"type": "string"},
            "state": {"type": "string", "enum": _job_states},
            "url": {"type": "string", "description": "the job's own address (GET it for its progress)"},
        },
    },
    "ExamImportJob": {
        "type": "object",
        "required": ["job", "state", "rows", "imported", "rejected", "rejected_total", "started_at", "finished_at"],
        "properties": {
            "job": {"type": "string"},
            "exam": {"type": "string"},
            "state": {"type": "string", "enum": _job_states},
            "rows": {"type": "integer", "minimum": 0, "description": "data rows read so far (counts up while running)"},
            "imported": {"type": "integer", "minimum": 0},
            "rejected": {**_rejected, "description": "the first EXAMS_JOB_MAX_REJECTED (10,000) rows skipped"},
            "rejected_total": {"type": "integer", "minimum": 0},
            "started_at": _moment,
            "finished_at": _moment,
            "created_at": _moment,
            "reason": {"type": "string", "nullable": True, "description": "why it failed (Vietnamese)"},
            "user": {"type": "string", "nullable": True, "description": "who started it"},
            "url": {"type": "string"},
        },
    },
    "ExamImportJobList": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {
                "type": "array",
                "description": "newest first, at most 20; each without its rejected lines",
                "items": {"$ref": "#/components/schemas/ExamImportJob"},
            }
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
