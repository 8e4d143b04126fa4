"""The whole portal inside the test process: the four services, each served on a loopback port
from a thread, and the gateway app pointed at them. Much cheaper than gunicorn processes, and
the apps are at hand for in-process (WSGI) calls; used by the fuzzing and abuse tests. Every
process shares one AUTH_SIGNING_KEY and finds the accounts service (the revocation check, the
audit log) at its served address; argon2 is cheap and the sign-in limits are off."""

import contextlib

from gateway import create_app as create_gateway
from services import accounts, articles, documents, exams, media
from tests.support.live import serve_app
from tools.run_portal import load_demo_content

TOKEN = "proof-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
WRONG = {"Authorization": "Bearer not-the-admin-token"}
UNLIMITED = "100000/minute"
SIGNING_KEY = "proof-signing-key-0123456789-abcdefghijklmnopq"
SERVICES = {"articles": articles, "media": media, "exams": exams, "accounts": accounts, "documents": documents}
ACCOUNTS_CONFIG = {
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_KIB": 1024,
    "ARGON2_PARALLELISM": 1,
    "SIGNIN_ATTEMPTS_PER_ADDRESS": UNLIMITED,
    "SIGNIN_PAIR_FAILURES": 100000,
    "SIGNIN_ADDRESS_FAILURES": 100000,
}


class InProcessPortal:
    def __init__(self, apps, urls, gateway):
        self.apps = apps  # name → Flask app (services and "gateway")
        self.urls = urls  # service name → base URL
        self.gateway = gateway

    def client(self, name="gateway"):
        return self.apps[name].test_client()


@contextlib.contextmanager
def inprocess_portal(data_dir, demo=True, service_config=None, gateway_config=None):
    """`service_config`: {service name: extra config}; `gateway_config`: extra gateway config."""
    data_dir = str(data_dir)
    base = {
        "DATA_DIR": data_dir,
        "ADMIN_TOKEN": TOKEN,
        "AUTH_SIGNING_KEY": SIGNING_KEY,
        "EXAMS_LOOKUP_RATE_LIMIT": UNLIMITED,
    }
    if demo:
        load_demo_content(data_dir, TOKEN)
    own = {"accounts": ACCOUNTS_CONFIG}
    apps = {
        name: module.create_app({**base, **own.get(name, {}), **(service_config or {}).get(name, {})})
        for name, module in SERVICES.items()
    }
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(serve_app(app)) for name, app in apps.items()}
        for app in apps.values():  # known once it is served: where tokens are checked, writes recorded
            app.config["ACCOUNTS_URL"] = urls["accounts"]
        gateway = create_gateway(
            {
                **base,
                **{f"{name.upper()}_URL": url for name, url in urls.items()},
                # The fuzzing and abuse tests read back what they wrote at once.
                "CACHE_ENABLED": False,
                "RATE_LIMIT_EXAM_LOOKUP": UNLIMITED,
                "RATE_LIMIT_SEARCH": UNLIMITED,
                "RATE_LIMIT_SIGN_IN": UNLIMITED,
                **(gateway_config or {}),
            }
        )
        apps["gateway"] = gateway
        yield InProcessPortal(apps, urls, gateway)
