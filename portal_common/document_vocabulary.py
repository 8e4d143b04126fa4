"""What the documents service and the gateway both state about a văn bản (the contract's
"Văn bản"): its statuses with their Vietnamese labels, the fields' limits, and the usual types
(the desk offers them; any other label is accepted, since the filters list the values in use)."""

STATUSES = ("in_force", "not_yet", "expired")
STATUS_LABELS = {"in_force": "Còn hiệu lực", "not_yet": "Chưa có hiệu lực", "expired": "Hết hiệu lực"}

# The fields a document is written with, and their lengths in characters.
TEXT_FIELDS = ("number", "type", "issuer", "signer", "field", "summary")
REQUIRED_FIELDS = ("number", "type", "issuer", "issued_on", "summary")
DATE_FIELDS = ("issued_on", "effective_on", "expires_on")
LIST_FIELDS = ("related", "replaces")
FIELD_MAX_CHARS = {"number": 100, "type": 100, "issuer": 200, "signer": 100, "field": 100, "summary": 2000}
# Related and replaced documents, each at most this many.
MAX_LINKS = 50
FILE_NAME_MAX = 200

USUAL_TYPES = (
    "Quyết định",
    "Công văn",
    "Kế hoạch",
    "Thông báo",
    "Hướng dẫn",
    "Thông tư",
    "Nghị định",
    "Chỉ thị",
    "Báo cáo",
)
