"""What the documents service's OpenAPI document and the gateway's state alike about the
"Văn bản" routes: their parameters, request bodies, the fields of a document and the error
answers. The gateway serves the same routes and passes the service's errors on unchanged; its
answers add the public URLs (the document's page, each file through the gateway), the service's
name each file by its path there. Both documents are built from here."""

from .document_vocabulary import FIELD_MAX_CHARS, MAX_LINKS, STATUSES
from .media_openapi import json_answer, page_parameters, path_id
from .openapi import STAFF_OR_MACHINE, auth_errors, error_response

SECURED = STAFF_OR_MACHINE
DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
NULLABLE_DATE = {**DATE, "nullable": True}
ID = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
IDS = {"type": "array", "items": ID, "maxItems": MAX_LINKS}
STATUS = {"type": "string", "enum": list(STATUSES)}
FILE = {"type": "string", "format": "binary"}


def _text(name, nullable=False, min_length=None):
    schema = {"type": "string", "maxLength": FIELD_MAX_CHARS[name]}
    if nullable:
        schema["nullable"] = True
    if min_length:
        schema["minLength"] = min_length
    return schema


# The contract's fields of a document, as every answer gives them.
DOCUMENT_PROPERTIES = {
    "id": ID,
    "number": {**_text("number"), "description": "Số ký hiệu, e.g. 142/KH-BGDĐT"},
    "type": {**_text("type"), "description": "Loại văn bản: Quyết định, Công văn, Kế hoạch…"},
    "issuer": {**_text("issuer"), "description": "Cơ quan ban hành"},
    "signer": _text("signer", nullable=True),
    "issued_on": DATE,
    "effective_on": NULLABLE_DATE,
    "expires_on": NULLABLE_DATE,
    "field": {**_text("field", nullable=True), "description": "Lĩnh vực"},
    "summary": {**_text("summary"), "description": "Trích yếu"},
    "status": {**STATUS, "description": "From the dates, today in Vietnam; a replaced document is expired"},
    "ends_on": {**NULLABLE_DATE, "description": "The last day in force (expires_on, or before a replacement)"},
    "related": {**IDS, "description": "Ids of related documents"},
    "replaces": {**IDS, "description": "Ids of the documents this one replaces"},
}
DOCUMENT_REQUIRED = [
    "id",
    "number",
    "type",
    "issuer",
    "signer",
    "issued_on",
    "effective_on",
    "expires_on",
    "field",
    "summary",
    "status",
    "files",
]
LINK_SCHEMA = {
    "type": "object",
    "required": ["id", "number", "type", "issued_on", "summary", "status"],
    "properties": {
        name: DOCUMENT_PROPERTIES[name] for name in ("id", "number", "type", "issued_on", "summary", "status")
    },
}
DETAIL_LINKS = {
    "related_documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentLink"}},
    "replaces_documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentLink"}},
    "replaced_by": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentLink"}},
}
FACETS_SCHEMA = {
    "type": "object",
    "required": ["types", "issuers", "fields", "years", "statuses"],
    "properties": {
        "types": {"type": "array", "items": {"type": "string"}},
        "issuers": {"type": "array", "items": {"type": "string"}},
        "fields": {"type": "array", "items": {"type": "string"}},
        "years": {"type": "array", "items": {"type": "integer"}},
        "statuses": {"type": "array", "items": STATUS},
    },
}


def _query(name, schema, description):
    return {"name": name, "in": "query", "schema": schema, "description": description}


LIST_PARAMETERS = [
    _query(
        "q",
        {"type": "string", "maxLength": 200},
        "Số ký hiệu typed loosely (case, diacritics, punctuation and spaces ignored: '142 KH BGDDT'), "
        "words of the trích yếu without diacritics, the text of attached PDFs",
    ),
    _query("type", {"type": "string", "maxLength": 200}, "Loại văn bản, as listed by /documents/facets"),
    _query("issuer", {"type": "string", "maxLength": 200}, "Cơ quan ban hành"),
    _query("field", {"type": "string", "maxLength": 200}, "Lĩnh vực"),
    _query("year", {"type": "string", "pattern": "^[0-9]{4}$"}, "Year of issued_on"),
    _query("status", STATUS, "in_force | not_yet | expired"),
]


def list_parameters(page_default=None, per_page_default=None):
    return LIST_PARAMETERS + page_parameters(page_default, per_page_default)


DOCUMENT_ID = path_id("document_id")
FILE_NUMBER = [{"name": "n", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}]
BAD_QUERY = {"400": error_response("Bad paging or filter")}
WRITE_ERRORS = {"400": error_response("Bad input"), **auth_errors(["editor"])}
UPLOAD_ERRORS = {
    **WRITE_ERRORS,
    "409": error_response("Another document has this số ký hiệu"),
    "413": error_response("A file over the size cap (DOCUMENTS_MAX_FILE_BYTES, 50 MB by default)"),
    "415": error_response("Not PDF, DOC, DOCX, XLS, XLSX or ODT, judged from the bytes; or not multipart"),
    "422": error_response("A damaged file, or a zip bomb"),
}
NOT_FOUND = {"404": error_response("No such document")}

_FORM_FIELDS = {
    name: {"type": "string", **({"maxLength": FIELD_MAX_CHARS[name]} if name in FIELD_MAX_CHARS else {})}
    for name in ("number", "type", "issuer", "signer", "field", "summary")
}
_FORM_FIELDS.update(
    {
        "issued_on": {"type": "string", "description": "YYYY-MM-DD"},
        "effective_on": {"type": "string", "description": "YYYY-MM-DD, optional"},
        "expires_on": {"type": "string", "description": "YYYY-MM-DD, optional"},
        "related": {"type": "string", "description": "Ids of related documents, apart by commas (or repeated)"},
        "replaces": {"type": "string", "description": "Ids of the documents this one replaces"},
        "file": {"type": "array", "items": FILE, "description": "One or more files (repeat the part)"},
    }
)
CREATE_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["number", "type", "issuer", "issued_on", "summary", "file"],
                "properties": _FORM_FIELDS,
            }
        }
    },
}
FILES_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "required": ["file"], "properties": {"file": _FORM_FIELDS["file"]}}
        }
    },
}
PATCH_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    **{name: {**DOCUMENT_PROPERTIES[name], "nullable": True} for name in ("signer", "field")},
                    **{name: DOCUMENT_PROPERTIES[name] for name in ("number", "type", "issuer", "summary")},
                    "issued_on": DATE,
                    "effective_on": NULLABLE_DATE,
                    "expires_on": NULLABLE_DATE,
                    "related": IDS,
                    "replaces": IDS,
                },
            }
        }
    },
}


def paths(document_ref, page_ref, prefix="/api/v1", page_default=None, per_page_default=None):
    """The documents' routes, answering `document_ref` (one) and `page_ref` (a list)."""
    one = json_answer(document_ref)
    return {
        f"{prefix}/documents": {
            "get": {
                "summary": "Documents (văn bản), newest issued_on first; số ký hiệu matches first when searching",
                "parameters": list_parameters(page_default, per_page_default),
                "responses": {"200": json_answer(page_ref), **BAD_QUERY},
            },
            "post": {
                "summary": "Add a document with one or more files (editor, admin)",
                "security": SECURED,
                "requestBody": CREATE_BODY,
                "responses": {"201": {**one, "description": "Created"}, **UPLOAD_ERRORS},
            },
        },
        f"{prefix}/documents/facets": {
            "get": {
                "summary": "The filters' values in use: types, issuers, fields, years, statuses",
                "responses": {"200": json_answer("#/components/schemas/DocumentFacets")},
            }
        },
        f"{prefix}/documents/{{document_id}}": {
            "parameters": DOCUMENT_ID,
            "get": {
                "summary": "A document, with its related, replaced and replacing documents",
                "responses": {"200": one, **NOT_FOUND},
            },
            "patch": {
                "summary": "Change a document's fields (editor, admin)",
                "security": SECURED,
                "requestBody": PATCH_BODY,
                "responses": {
                    "200": one,
                    **WRITE_ERRORS,
                    **NOT_FOUND,
                    "409": error_response("Another document has this số ký hiệu, or a write at the same time"),
                },
            },
            "delete": {
                "summary": "Delete a document and its files (editor, admin)",
                "security": SECURED,
                "responses": {"204": {"description": "Deleted"}, **auth_errors(["editor"]), **NOT_FOUND},
            },
        },
        f"{prefix}/documents/{{document_id}}/files": {
            "parameters": DOCUMENT_ID,
            "post": {
                "summary": "Attach more files (editor, admin)",
                "security": SECURED,
                "requestBody": FILES_BODY,
                "responses": {
                    "201": {**one, "description": "The document with its files"},
                    **UPLOAD_ERRORS,
                    **NOT_FOUND,
                },
            },
        },
        f"{prefix}/documents/{{document_id}}/files/{{n}}": {
            "parameters": DOCUMENT_ID + FILE_NUMBER,
            "delete": {
                "summary": "Remove file n (the document keeps at least one) (editor, admin)",
                "security": SECURED,
                "responses": {
                    "200": one,
                    **auth_errors(["editor"]),
                    "404": error_response("No such document or file"),
                    "409": error_response("The document's last file"),
                },
            },
        },
    }


def schemas(file_schema, extra_properties=None, extra_required=()):
    """Document (list item), DocumentDetail, DocumentLink, DocumentFile, DocumentFacets."""
    properties = {
        **DOCUMENT_PROPERTIES,
        "files": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentFile"}},
    }
    properties.update(extra_properties or {})
    document = {"type": "object", "required": DOCUMENT_REQUIRED + list(extra_required), "properties": properties}
    detail = {
        "type": "object",
        "required": document["required"] + list(DETAIL_LINKS),
        "properties": {**properties, **DETAIL_LINKS},
    }
    return {
        "Document": document,
        "DocumentDetail": detail,
        "DocumentLink": LINK_SCHEMA,
        "DocumentFile": file_schema,
        "DocumentFacets": FACETS_SCHEMA,
    }
