"""How the documents' pages show dates, sizes, statuses and file types (template filters)."""

import datetime

from portal_common.document_vocabulary import STATUS_LABELS

from . import pages

FILE_LABELS = {
    "application/pdf": "PDF",
    "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
}


@pages.app_template_filter("document_date")
def document_date(day):
    """ "2019-02-26" → "26/02/2019", as a văn bản is dated; "" for none."""
    try:
        return datetime.date.fromisoformat(day or "").strftime("%d/%m/%Y")
    except ValueError:
        return ""


@pages.app_template_filter("file_size")
def file_size(size):
    """Bytes as a reader reads them: "850 KB", "1,2 MB" (decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


@pages.app_template_filter("status_label")
def status_label(status):
    return STATUS_LABELS.get(status, status)


@pages.app_template_filter("file_label")
def file_label(content_type):
    return FILE_LABELS.get(content_type, "Tệp")
