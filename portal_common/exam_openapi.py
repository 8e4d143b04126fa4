"""The exams routes of the public contract as OpenAPI path items: their parameters, bodies and
answers. The exams service serves these routes and the gateway serves them again, passing the
service's answers on unchanged, so both documents are built from here and can only differ in
what each adds (the gateway: its answers for a service that is down, how it passes an upload on).
The shapes they refer to are in exam_schemas.py."""

from .exam_vocabulary import CANDIDATE_NUMBER_PATTERN
from .openapi import STAFF_OR_MACHINE, auth_errors, error_response

EXAM_ID = {"name": "exam_id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "thpt-2025"}
CANDIDATE_NUMBER_PARAMETER = {
    "name": "sbd",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": CANDIDATE_NUMBER_PATTERN},
    "description": "số báo danh: 8 digits, leading zeros kept",
    "example": "01017985",
}
PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
IMPORT_DESCRIPTION = (
    "Body: CSV (text/csv, optionally Content-Encoding: gzip) or .xlsx. Header styles: the 2025 national "
    "file (SBD, TOAN, VAN, …; -1 = not taken), the official sheet (SOBAODANH, Toán, Văn, …, Mã môn ngoại "
    "ngữ; empty = not taken), lower-case ascii (sbd, toan, ngu_van, …; '-' = not taken). Bad rows are "
    "skipped and reported. Lookups see the old results or the new, never a mix; a file that is not a "
    "results file is a 400 and changes nothing, as is an .xlsx with a DTD, a line over EXAMS_MAX_LINE_CHARS "
    "or a cell over EXAMS_MAX_CELL_CHARS; more than EXAMS_MAX_INFLATED_BYTES once decompressed is a 413."
)
EMBARGO_DESCRIPTION = (
    "Before the exam's published_at the public gets 404 with error code `not_published`, a Vietnamese "
    "message giving the time and the error's `published_at`; its Cache-Control max-age never reaches past "
    "that time. An exam officer, an admin or the machine token (ADMIN_TOKEN) gets the answer "
    "(Cache-Control: private, no-store). A "
    "malformed number is still a 400 first."
)
NOT_PUBLISHED_NOTE = "; or `not_published`: embargoed until the exam's published_at"
# Imports and publication times are the exam officers' (services/exams/api.py).
OFFICER_AUTH_ERRORS = auth_errors(["exam_officer"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _json(schema_name, description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


JOB_ID = {"name": "job", "in": "path", "required": True, "schema": {"type": "string"}}
JOB_DESCRIPTION = (
    "The same body, headers and query parameters as PUT …/results. The body is spooled to disk as it "
    "arrives (the same caps: 413, 415) and imported in the background by the same importer, one import "
    "at a time per process (a queued job waits its turn); follow the job at `url`. Lookups see the old "
    "results or the new, never a mix; a failed job changes nothing. A job whose process stopped is "
    "reported failed with a reason."
)


def exam_paths(more_responses=None, import_note=""):
    """The path items of /api/v1/exams…; `more_responses` are added to every operation and
    `import_note` to the end of the import's description."""
    more = more_responses or {}
    return {
        "/api/v1/exams": {
            "get": {
                "summary": "Exams, newest year first (embargoed ones too, with their published_at)",
                "parameters": PAGE_PARAMETERS,
                "responses": {
                    "200": _json("ExamList", "The exams"),
                    "400": error_response("Bad page arguments"),
                    **more,
                },
            }
        },
        "/api/v1/exams/{exam_id}": {
            "get": {
                "summary": "One exam",
                "parameters": [EXAM_ID],
                "responses": {"200": _json("Exam", "The exam"), "404": error_response("No such exam"), **more},
            },
            "patch": {
                "summary": "Change an exam's name, year or publication time (published_at: null = published now)",
                "description": "Results and statistics stay embargoed until published_at. " + EMBARGO_DESCRIPTION,
                "security": STAFF_OR_MACHINE,
                "parameters": [EXAM_ID],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExamChanges"}}},
                },
                "responses": {
                    "200": _json("Exam", "The exam, changed"),
                    "400": error_response("Not a JSON object, an unknown field, or a bad value (see `field`)"),
                    **OFFICER_AUTH_ERRORS,
                    "404": error_response("No such exam (exams are created by their first import)"),
                    **more,
                },
            },
        },
        "/api/v1/exams/{exam_id}/results": {
            "put": {
                "summary": "Replace an exam's results with a results file (the first import creates the exam)",
                "description": f"{IMPORT_DESCRIPTION} {import_note}".strip(),
                "security": STAFF_OR_MACHINE,
                "parameters": [
                    EXAM_ID,
                    {"name": "name", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "year",
                        "in": "query",
                        "schema": {"type": "integer"},
                        "description": "default: the year the exam already has, else the last 4-digit number in its id",
                    },
                    {
                        "name": "published_at",
                        "in": "query",
                        "schema": {"type": "string", "format": "date-time"},
                        "description": "embargo the results until this time, set in the same step as the results "
                        "(default: the exam keeps its own; a new exam is published)",
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        XLSX: {"schema": {"type": "string", "format": "binary"}},
                    },
                },
                "responses": {
                    "200": _json("ExamImportReport", "Imported; skipped rows listed with their line numbers"),
                    "400": error_response("Not a results file; nothing changed"),
                    **OFFICER_AUTH_ERRORS,
                    "413": error_response(
                        "Larger than EXAMS_MAX_IMPORT_BYTES, or than EXAMS_MAX_INFLATED_BYTES inflated"
                    ),
                    "415": error_response("A Content-Encoding other than gzip; nothing changed"),
                    "503": error_response(
                        "Another import is running in this process (see Retry-After), or a staff token could not "
                        "be checked (the accounts service is unavailable)"
                    ),
                    **more,
                },
            }
        },
        "/api/v1/exams/{exam_id}/imports": {
            "post": {
                "summary": "Import a results file as a job (202; the desk's progress bar follows the job)",
                "description": f"{JOB_DESCRIPTION} {import_note}".strip(),
                "security": STAFF_OR_MACHINE,
                "parameters": [
                    EXAM_ID,
                    {"name": "name", "in": "query", "schema": {"type": "string"}},
                    {"name": "year", "in": "query", "schema": {"type": "integer"}},
                    {"name": "published_at", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        XLSX: {"schema": {"type": "string", "format": "binary"}},
                    },
                },
                "responses": {
                    "202": _json("ExamImportJobStarted", "Spooled; the job is queued"),
                    "400": error_response("A bad exam id, name, year or published_at, or an empty body"),
                    **OFFICER_AUTH_ERRORS,
                    "413": error_response("Larger than EXAMS_MAX_IMPORT_BYTES"),
                    "415": error_response("A Content-Encoding other than gzip"),
                    **more,
                },
            }
        },
        "/api/v1/exams/{exam_id}/imports/{job}": {
            "get": {
                "summary": "An import job: its state, the rows read so far, its report",
                "security": STAFF_OR_MACHINE,
                "parameters": [EXAM_ID, JOB_ID],
                "responses": {
                    "200": _json("ExamImportJob", "The job (Cache-Control: private, no-store)"),
                    **OFFICER_AUTH_ERRORS,
                    "404": error_response("No such job for this exam"),
                    **more,
                },
            }
        },
        "/api/v1/exam-imports": {
            "get": {
                "summary": "The latest import jobs, newest first (the desk's list)",
                "security": STAFF_OR_MACHINE,
                "parameters": [{"name": "exam", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": _json("ExamImportJobList", "At most 20 jobs"),
                    **OFFICER_AUTH_ERRORS,
                    **more,
                },
            }
        },
        "/api/v1/exams/{exam_id}/results/{sbd}": {
            "get": {
                "summary": "One candidate's scores, block totals and their percentiles (rate-limited per client)",
                "description": EMBARGO_DESCRIPTION,
                "parameters": [EXAM_ID, CANDIDATE_NUMBER_PARAMETER],
                "responses": {
                    "200": _json("ExamResult", "The subjects taken and the complete blocks"),
                    "400": error_response("The number is not 8 digits"),
                    "404": error_response("No such exam or candidate" + NOT_PUBLISHED_NOTE),
                    "429": error_response("Too many lookups from this client; see Retry-After"),
                    **more,
                },
            }
        },
        "/api/v1/exams/{exam_id}/stats": {
            "get": {
                "summary": "Score distribution (phổ điểm) per subject and for every block",
                "description": EMBARGO_DESCRIPTION,
                "parameters": [EXAM_ID],
                "responses": {
                    "200": _json("ExamStats", "Computed once per import"),
                    "404": error_response("No such exam" + NOT_PUBLISHED_NOTE),
                    **more,
                },
            }
        },
    }
