"""The whole portal as real gunicorn processes on free ports, with embedded storage in a fresh
folder and the demo content loaded: for fault, durability, browser and edge tests. With
`edge=True` the edge (Debian's nginx with deploy/edge/'s config) runs in front of the gateway,
and the gateway trusts its X-Forwarded-For.

As `make run` does, it makes the first staff account, `admin`, before anything starts
(`admin_password` is the password it was made with, as ADMIN_PASSWORD: a generated one is only
shown, never kept) and gives every process one AUTH_SIGNING_KEY."""

import os
import secrets

from tools.processes import APPS, BEHIND_EDGE_ENV, EDGE, free_ports, start_portal
from tools.run_portal import ensure_admin, load_demo_content


class RunningPortal:
    def __init__(self, data_dir, extra_env=None, demo=True, edge=False):
        self.data_dir = str(data_dir)
        self.token = secrets.token_urlsafe(16)
        self.signing_key = secrets.token_urlsafe(32)
        self._admin_password = "Quan-tri-" + secrets.token_urlsafe(12)
        self.names = [*APPS, *([EDGE] if edge else [])]
        self.ports = dict(zip(self.names, free_ports(len(self.names)), strict=True))
        self.extra_env = {
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "8",
            **(BEHIND_EDGE_ENV if edge else {}),
            **(extra_env or {}),
        }
        self.processes = {}
        if demo:
            load_demo_content(self.data_dir, self.token)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def edge_url(self):
        return f"http://127.0.0.1:{self.ports[EDGE]}"

    def service_url(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def auth(self):
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def admin_password(self):
        """The password `admin` was made with."""
        return self._admin_password

    def start(self, names=None):
        names = names or self.names
        if "accounts" in names:
            ensure_admin(self.data_dir, self.token, self.signing_key, {"ADMIN_PASSWORD": self._admin_password})
        self.processes.update(
            start_portal(self.data_dir, self.token, self.ports, self.extra_env, names, signing_key=self.signing_key)
        )
        return self

    def restart(self, name):
        self.processes[name].stop()
        self.start([name])

    def stop(self):
        for process in reversed(self.processes.values()):
            process.stop()

    def log(self, name):
        path = os.path.join(self.data_dir, "logs", f"{name}.log")
        with open(path, errors="replace") as log_file:
            return log_file.read()
