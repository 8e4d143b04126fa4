"""Records as JSON lines. Bytes (an exam's packed result row) are written as {"$base64": …}, the
one value JSON has no form for; everything else a store gives is plain JSON already."""

import base64
import json

BYTES_KEY = "$base64"


def _default(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {BYTES_KEY: base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"a record holds a {type(value).__name__}, which has no JSON form")


def _hook(obj):
    if len(obj) == 1 and BYTES_KEY in obj:
        return base64.b64decode(obj[BYTES_KEY])
    return obj


def encode(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_default).encode() + b"\n"


def decode(line):
    return json.loads(line, object_hook=_hook)
