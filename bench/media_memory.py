"""Media memory benchmark (figures for docs/media.md; not a test).

  .venv/bin/python -m bench.media_memory [--mb 200] [--s3]

Starts the media service and the gateway under gunicorn (one worker each, gthread), uploads a
generated MP4 of --mb megabytes through the gateway (streamed into the service, spooled to disk,
then streamed to object storage), streams it back whole and by Range seeks, and prints how far
each worker's resident memory (VmHWM, the peak, reset before each step through
/proc/<pid>/clear_refs) grew above its resting size. Target: < 30 MB for the media worker.
--s3 runs the same against a SeaweedFS S3 server started for the run."""

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time

import requests

from tools.processes import Process, free_port, portal_environment

TOKEN = "bench-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TARGET_MB = 30
CHUNK = 1024 * 1024


def worker_pid(master_pid):
    for _ in range(100):
        with open(f"/proc/{master_pid}/task/{master_pid}/children") as handle:
            children = handle.read().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def memory_kb(pid):
    values = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    return values


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as handle:
        handle.write("5")  # resets VmHWM to the current RSS


def make_video(path, size):
    """An MP4-looking file: an ftyp box, then incompressible bytes."""
    with open(path, "wb") as out:
        out.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        written = 24
        while written < size:
            block = os.urandom(min(CHUNK, size - written))
            out.write(block)
            written += len(block)


class MultipartFile:
    """A multipart/form-data body read from disk piece by piece, with a known length."""

    def __init__(self, path, title):
        self.boundary = "benchboundary7MA4YWxkTrZu0gW"
        head = (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n{title}\r\n'
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        self.parts = [head, open(path, "rb"), f"\r\n--{self.boundary}--\r\n".encode()]
        self.length = len(head) + os.path.getsize(path) + len(self.parts[2])

    @property
    def content_type(self):
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self):
        return self.length

    def read(self, size=-1):
        while self.parts:
            part = self.parts[0]
            if isinstance(part, bytes):
                if part:
                    chunk, self.parts[0] = part[: size if size > 0 else None], part[size if size > 0 else len(part) :]
                    return chunk
            else:
                chunk = part.read(size)
                if chunk:
                    return chunk
                part.close()
            self.parts.pop(0)
        return b""


def step(name, pids, action):
    for pid in pids.values():
        reset_peak(pid)
    resting = {who: memory_kb(pid)["VmRSS"] for who, pid in pids.items()}
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    growth = {who: (memory_kb(pid)["VmHWM"] - resting[who]) / 1024 for who, pid in pids.items()}
    print(f"| {name} | {elapsed:.1f} s | " + " | ".join(f"{growth[who]:.1f} MB" for who in pids) + " |", flush=True)
    return result, growth


def run(size_mb, extra_env, label):
    data_dir = tempfile.mkdtemp(prefix="bench-media-")
    ports = {"gateway": free_port(), "articles": free_port(), "media": free_port(), "exams": free_port()}
    env = portal_environment(data_dir, TOKEN, ports, {"GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "4", **extra_env})
    processes = {
        name: Process(name, ports[name], env, os.path.join(data_dir, f"{name}.log")).start()
        for name in ("media", "gateway")
    }
    try:
        for process in processes.values():
            process.wait_healthy()
        gateway = processes["gateway"].url
        pids = {name: worker_pid(process.popen.pid) for name, process in processes.items()}
        video_path = os.path.join(data_dir, "bench.mp4")
        make_video(video_path, size_mb * 1024 * 1024)
        with open(video_path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        # Warm-up: the first requests import Pillow, open pools, fill caches.
        album = requests.post(gateway + "/api/v1/albums", json={"title": "warm-up"}, headers=AUTH, timeout=10).json()
        small = os.path.join(os.path.dirname(__file__), "..", "services", "media", "demo_data", "rocket.jpg")
        with open(small, "rb") as image:
            requests.post(
                f"{gateway}/api/v1/albums/{album['id']}/images", files={"file": image}, headers=AUTH, timeout=30
            ).raise_for_status()
        requests.get(gateway + "/api/v1/videos", timeout=10)

        print(f"\n{label}: {size_mb} MB video, one gthread worker each (peak RSS growth above rest)\n")
        print("| step | time | " + " | ".join(f"{who} worker" for who in pids) + " |")
        print("|---|---|" + "---|" * len(pids))

        def upload():
            body = MultipartFile(video_path, "Bench")
            response = requests.post(
                gateway + "/api/v1/videos", data=body, headers={**AUTH, "Content-Type": body.content_type}, timeout=600
            )
            response.raise_for_status()
            return response.json()

        video, up = step(f"upload {size_mb} MB through the gateway", pids, upload)
        url = video["url"].replace(video["url"].split("/media/")[0], gateway)

        def download():
            sha = hashlib.sha256()
            with requests.get(url, stream=True, timeout=60) as response:
                for chunk in response.iter_content(CHUNK):
                    sha.update(chunk)
            assert sha.hexdigest() == digest, "streamed bytes differ"

        _, down = step(f"stream {size_mb} MB back", pids, download)

        def seeks():
            size = size_mb * 1024 * 1024
            with open(video_path, "rb") as handle:
                for start in range(0, size, size // 20):
                    end = min(size - 1, start + 2 * CHUNK - 1)
                    response = requests.get(url, headers={"Range": f"bytes={start}-{end}"}, timeout=30)
                    handle.seek(start)
                    assert response.status_code == 206 and response.content == handle.read(end - start + 1)

        _, seek = step("20 Range seeks of 2 MB", pids, seeks)
        worst = max(up["media"], down["media"], seek["media"])
        print(
            f"\nmedia worker peak growth {worst:.1f} MB (target < {TARGET_MB} MB): "
            f"{'OK' if worst < TARGET_MB else 'OVER'}"
        )
        return worst
    finally:
        for process in processes.values():
            process.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--s3", action="store_true", help="also run against a SeaweedFS S3 server")
    args = parser.parse_args()
    results = [run(args.mb, {}, "files under DATA_DIR")]
    if args.s3:
        from tests.support.servers import S3Server

        server = S3Server().start()
        try:
            config = server.config("bench-media")
            env = {name: str(value) for name, value in config.items() if name != "S3_SECURE"}
            results.append(run(args.mb, {**env, "S3_SECURE": "0"}, "S3 (SeaweedFS)"))
        finally:
            server.stop()
    sys.exit(0 if max(results) < TARGET_MB else 1)


if __name__ == "__main__":
    main()
