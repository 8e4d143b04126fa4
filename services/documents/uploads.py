"""The multipart body of a document upload, parsed as it arrives by portal_common.uploads: the
body as a whole is capped before it is read (files × the per-file cap, plus room for the form
fields), and a malformed one is a 400. Each file is checked against the per-file cap once parsed
(catalog.FileWriter)."""

from flask import current_app, request

from portal_common.errors import ApiError
from portal_common.uploads import ENVELOPE_BYTES, Upload, parse_multipart, spool_dir, temp_file

# The form's text fields beside the files.
FIELD_PARTS = 40


def too_large(cap):
    shown = f"{cap // (1024 * 1024)} MB" if cap >= 1024 * 1024 else f"{max(1, cap // 1024)} KB"
    return ApiError(413, f"Tệp quá lớn (tối đa {shown} mỗi tệp).", field="file")


def parse_upload():
    """The request's form and files; 415 when it is not multipart, 413 past the caps, 400 when it
    sends more files than allowed."""
    config = current_app.config
    file_cap, most = config["DOCUMENTS_MAX_FILE_BYTES"], config["DOCUMENTS_MAX_FILES"]
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "Gửi văn bản dạng multipart/form-data (các trường và tệp 'file').")
    directory = spool_dir("DOCUMENTS_UPLOAD_TMP_DIR")
    fields, files = parse_multipart(
        file_cap * most + ENVELOPE_BYTES,
        lambda: too_large(file_cap),
        temp_file(directory),
        most + FIELD_PARTS,
        silent=False,
    )
    upload = Upload(fields, files)
    if len(upload.parts()) > most:
        upload.close()
        raise ApiError(400, f"Tối đa {most} tệp mỗi lần gửi.", field="file")
    return upload
