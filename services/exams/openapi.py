"""The exams service's OpenAPI document. Its schemas (portal_common.exam_schemas) are the
gateway's too, which answers the same shapes."""
from portal_common.exam_schemas import SCHEMAS
from portal_common.openapi import document, error_response


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
                    "200": _json("ExamImportReport", "Imported; skipped rows listed"),
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
