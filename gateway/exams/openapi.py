"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the contract's
exam shapes, exactly as the exams service answers them (the gateway passes them on unchanged)."""
from portal_common.exam_schemas import SCHEMAS  # noqa: F401  (merged into the gateway's document)
from portal_common.openapi import error_response

EXAM_ID = {"name": "exam_id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "thpt-2025"}
SBD = {"name": "sbd", "in": "path", "required": True, "schema": {"type": "string"}, "description": "8 digits, e.g. 01017985"}


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
