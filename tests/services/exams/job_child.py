"""A child process for the job tests: an exams service on the given settings starts an import job
of a large generated file and says on stdout when the job is running with rows read; the test
then kills this process with SIGKILL, as a crash or an OOM kill would.

  python -m tests.services.exams.job_child '<settings as JSON>' <exam_id> <rows>"""

import json
import sys
import time

from services.exams import create_app
from tests.services.exams.conftest import ADMIN


def generated_file(rows):
    lines = ["sbd,toan,ngu_van,ngoai_ngu,vat_li,hoa_hoc"]
    lines += [f"{10_000_000 + n:08d},{n % 11},{(n * 7) % 11},{(n * 3) % 11},5,6" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def main():
    config, exam_id, rows = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    client = create_app(config).test_client()
    started = client.post(
        f"/api/v1/exams/{exam_id}/imports", data=generated_file(rows), headers={**ADMIN, "Content-Type": "text/csv"}
    )
    url = started.json["url"]
    while True:
        job = client.get(url, headers=ADMIN).json
        if job["state"] == "running" and job["rows"] > 0:
            print(json.dumps({"url": url}), flush=True)
            break
        if job["state"] in ("done", "failed"):
            print(json.dumps({"finished": job}), flush=True)
            break
        time.sleep(0.01)
    time.sleep(60)  # waits to be killed


if __name__ == "__main__":
    main()
