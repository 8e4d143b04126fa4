"""What the gateway asks the exams service for."""
from ..backends import backend


def exam_list():
    return backend("exams").get_json("/api/v1/exams")["items"]
