"""Records → the service's JSON: the contract's fields, the status computed for today, and each
file's path on this service (the gateway turns it into the portal's public URL). The service
also says the file's key and checksum, which only the gateway reads."""

from urllib.parse import quote

from . import statuses

FIELDS = ("id", "number", "type", "issuer", "signer", "issued_on", "effective_on", "expires_on", "field", "summary")


def file_path(document_id, n):
    return f"/files/{quote(document_id, safe='')}/{n}"


def file_json(document_id, file):
    return {
        "n": file["n"],
        "name": file["name"],
        "url": file_path(document_id, file["n"]),
        "size": file["size"],
        "content_type": file["content_type"],
        "checksum": file["checksum"],
        "has_text": bool(file.get("text")),
    }


def document_json(record, today):
    body = {name: record.get(name) for name in FIELDS}
    body["status"] = statuses.status_of(record, today)
    body["ends_on"] = record.get("ends_on")
    body["files"] = [file_json(record["id"], file) for file in record["files"]]
    body["related"] = list(record["related"])
    body["replaces"] = list(record["replaces"])
    body["created_at"] = record["created_at"]
    body["updated_at"] = record["updated_at"]
    return body


def link_json(record, today):
    """A related, replaced or replacing document, as its page lists it."""
    return {
        "id": record["id"],
        "number": record["number"],
        "type": record["type"],
        "issued_on": record["issued_on"],
        "summary": record["summary"],
        "status": statuses.status_of(record, today),
    }
