"""One JSON object per log line on stderr, each carrying the request id of the request it
belongs to, so that ops can follow one visitor's request across the gateway and the services."""

import json
import logging
import sys
from datetime import datetime, timezone

from .request_id import RequestIdLogFilter


class JsonFormatter(logging.Formatter):
    def __init__(self, service):
        super().__init__()
        self.service = service

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(service, level="INFO"):
    # Fields our lines never carry, which the logging module would otherwise gather for every
    # record: the caller's file and line (a walk up the stack), the thread and process names (the
    # "Optimization" section of Python's logging HOWTO). The access log writes a record per
    # request, and on results day that walk was a tenth of a lookup's CPU.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    root = logging.getLogger()
    # Replace, not add: create_app may run more than once in a process (tests).
    for handler in list(root.handlers):
        if getattr(handler, "_portal", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._portal = True
    handler.setFormatter(JsonFormatter(service))
    handler.addFilter(RequestIdLogFilter())
    root.addHandler(handler)
    root.setLevel(level)
    # Werkzeug's own access log would duplicate ours.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
