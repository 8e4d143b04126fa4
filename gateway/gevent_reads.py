"""The gateway's JSON reads on gevent workers, through geventhttpclient.

Why it exists. On results day nearly every request the gateway serves is one GET to the exams
service, and the call was most of the gateway's CPU: urllib3 over http.client costs a check of the
pooled connection (a poll), per-call timeout objects and http.client's header parsing in Python
(the email package). geventhttpclient (the client under Locust's FastHttpUser) keeps its
connections in a gevent pool and parses the answer in C. Measured against one exams service in
one gevent process: 590–650 µs of CPU per lookup call through urllib3, 280–330 µs through this;
under load (bench, interleaved runs) the gateway 1.13–1.21 ms per lookup instead of 1.52–1.68,
and 792–896 lookups per second instead of 605–716.

Only reads, and only on gevent (gunicorn's gevent worker patches the sockets before the app is
made): its pool is gevent's, so it cannot serve the OS threads of a gthread worker or of the tests'
in-process apps, which keep urllib3 (Backend.point_at chooses). Writes, uploads and media bytes
stay on urllib3's transfer pool, which streams.

It answers in urllib3's vocabulary, so that Backend._sorted stays the one place where failures are
sorted: an answer with `status`, `headers` (case-insensitive) and `data`; a refused or broken
connection as urllib3's NewConnectionError / ProtocolError, a late one as ReadTimeoutError, the
pool's wait beyond `pool_timeout` as EmptyPoolError."""

from http.client import HTTPException
from urllib.parse import quote, urlsplit

import urllib3
from gevent import monkey
from gevent.queue import Empty, LifoQueue
from geventhttpclient import HTTPClient

# What a request target keeps as it is; anything else (a space, a control character, a letter
# outside ASCII from a visitor's URL) is percent-encoded, as urllib3 does before sending.
TARGET_AS_IS = "!#$%&'()*+,/:;=?@[]~"


def available():
    """Whether this process runs on gevent's patched sockets (a gunicorn gevent worker)."""
    return monkey.is_module_patched("socket")


class GeventAnswer:
    """A read's answer, read whole: what Backend.read_answer and _sorted use of urllib3's."""

    def __init__(self, status, headers, data):
        self.status, self.headers, self.data = status, headers, data

    def close(self):
        """Nothing to give back: the connection went back to the pool when the body was read."""

    def release_conn(self):
        """As close."""


class GeventReads:
    """GET calls to one backend on a bounded keep-alive pool of `size` connections.

    The pool is `size` clients of one connection each, not one client of `size`: geventhttpclient
    sends a request again, when its connection closed before any answer, as many times as its
    pool has connections plus one (each kept one may have gone stale). One client of 32 sent a
    request that a service closes on unanswered 34 times — a request that kills a worker would
    kill 34. A client of one sends it three times at most: on its kept connection, which may have
    gone stale, then twice on a new one."""

    def __init__(self, base_url, size, connect_timeout, read_timeout):
        url = urlsplit(base_url)
        # Beyond `size` callers at once, a caller waits for a free client (bounded by the
        # caller's pool_timeout, then answered busy, as urllib3's pool does). Last in, first out:
        # under light load the same few connections stay warm, as in geventhttpclient's own pool.
        self.free = LifoQueue()
        for _ in range(size):
            self.free.put(
                HTTPClient(
                    url.hostname,
                    url.port or 80,
                    concurrency=1,
                    connection_timeout=connect_timeout,
                    network_timeout=read_timeout,
                )
            )

    def request(self, method, target, headers=None, pool_timeout=None, **_urllib3_only):
        """One GET, read whole, within `pool_timeout` for a free connection and the read timeout
        for each wait on the socket. (timeout, retries and redirect are urllib3's: this client
        never redirects, and sends a GET again only when its connection closed before any answer
        came — a kept connection the service had closed —, twice at most: a late or an error
        answer is never sent again.)"""
        if method != "GET":
            raise ValueError("gevent reads are GETs")
        try:
            client = self.free.get(timeout=pool_timeout)
        except Empty:
            raise urllib3.exceptions.EmptyPoolError(None, "no free connection") from None
        try:
            response = client.get(quote(target, safe=TARGET_AS_IS), headers=headers or {})
            data = response.read()
        except ConnectionRefusedError as error:
            raise urllib3.exceptions.NewConnectionError(None, str(error)) from None
        except TimeoutError:
            raise urllib3.exceptions.ReadTimeoutError(None, target, "read timed out") from None
        except (HTTPException, OSError) as error:
            raise urllib3.exceptions.ProtocolError(str(error)) from None
        finally:
            self.free.put(client)
        return GeventAnswer(response.status_code, response.info(), data)
