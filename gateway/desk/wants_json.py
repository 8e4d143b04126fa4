"""Whether a desk request comes from the desk's own JavaScript (autosave, uploads, the photo
picker), which reads JSON, rather than from a page a person sees."""

from flask import request


def wants_json():
    best = request.accept_mimetypes.best_match(("text/html", "application/json"))
    return best == "application/json" or request.is_json
