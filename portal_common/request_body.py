"""Request bodies that cannot hold a process hostage, and refusals that clients can read.

- A body that stops arriving: every read from the client's socket may wait at most
  BODY_READ_TIMEOUT seconds (15) for the next bytes; then the request ends with a 408. Without it,
  an upload that promised 100 MB, sent a little and went quiet held a service thread (and the
  gateway's call) for the whole upload timeout: fifty of them took the exams service's threads
  from its lookups for ten minutes. A client that is gone ends its request at once (werkzeug
  raises ClientDisconnected on the short body).
- A refusal before the body was read (401 or 403 on an import, 413, 400): the body's unread rest
  is read and dropped, up to REFUSED_BODY_DRAIN_BYTES (64 MiB), for at most BODY_READ_TIMEOUT and
  while the client keeps sending (a second of quiet ends it), before the answer goes out, as
  nginx's lingering close does. Clients that send the whole body before reading the answer
  (Python's urllib, curl without Expect) otherwise get a broken pipe instead of the 401. Overload
  refusals (429, 503) and a 408 are not drained: they must cost the process as little as can be.

The socket is gunicorn's (`gunicorn.socket` in the environ); under another server (tests' in-process
clients) bodies come from memory and none of this applies."""

import socket
import time

from werkzeug.exceptions import RequestTimeout

DRAIN_CHUNK = 256 * 1024
DRAIN_QUIET_SECONDS = 1.0


def drains(status):
    return 400 <= status < 500 and status not in (408, 429)


class TimedInput:
    """wsgi.input whose every read waits at most `timeout` seconds for the client."""

    def __init__(self, stream, sock, timeout):
        self.stream, self.sock, self.timeout = stream, sock, timeout
        self.bytes_read = 0

    def _timed(self, read, *args):
        self.sock.settimeout(self.timeout)
        try:
            data = read(*args)
        except (socket.timeout, TimeoutError):
            raise RequestTimeout("Dữ liệu gửi lên ngừng đến quá lâu; yêu cầu đã bị hủy.") from None
        finally:
            self.sock.settimeout(None)
        self.bytes_read += len(data) if data else 0
        return data

    def read(self, size=-1):
        return self._timed(self.stream.read, size)

    def readline(self, size=-1):
        return self._timed(self.stream.readline, size)

    def readlines(self, hint=-1):
        return self._timed(self.stream.readlines, hint)

    def __iter__(self):
        return iter(self.readline, b"")


class GuardedBodies:
    """WSGI middleware: time out stalled bodies, drain refused ones."""

    def __init__(self, next_app, timeout, drain_bytes):
        self.next_app = next_app
        self.timeout = timeout
        self.drain_bytes = drain_bytes

    def __call__(self, environ, start_response):
        sock = environ.get("gunicorn.socket")
        if sock is None or self.timeout <= 0:
            return self.next_app(environ, start_response)
        body = environ["wsgi.input"] = TimedInput(environ["wsgi.input"], sock, self.timeout)
        seen = {}

        def remember_status(status, headers, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.next_app(environ, remember_status)
        if drains(seen.get("status", 200)):
            self._drain(body, environ)
        if self._unread(body, environ):
            close_after_answer(start_response, sock)
        return result

    @staticmethod
    def _unread(body, environ):
        try:
            return int(environ.get("CONTENT_LENGTH") or 0) > body.bytes_read
        except ValueError:
            return True

    def _drain(self, body, environ):
        """Read and drop the rest of a declared body, within the byte and time bounds."""
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return
        left = declared - body.bytes_read
        if left <= 0 or left > self.drain_bytes:
            return  # nothing to drain, or more than we will read for a refusal: close instead
        deadline = time.monotonic() + self.timeout
        body.timeout = min(self.timeout, DRAIN_QUIET_SECONDS)
        try:
            while left > 0 and time.monotonic() < deadline:
                chunk = body.read(min(DRAIN_CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
        except Exception:  # the client went away or stalled: nothing more to do for it
            return


def close_after_answer(start_response, sock):
    """End a connection whose body was not read, after the answer, without waiting on the client.

    Left to itself gunicorn would read the body's unread rest first to find the next request
    (holding a gthread thread up to 5 s), or, closing, linger on the socket for the client's FIN
    (up to 2 s, on the gthread worker's main thread, which meanwhile dispatches nothing): a dozen
    refused uploads from quiet clients stopped every lookup for tens of seconds. So: gunicorn is
    told to close (its start_response is a method of its Response, whose force_close() says
    so), and the socket's read side is shut now, so that any linger ends at once. Writing the
    answer is not affected."""
    response = getattr(start_response, "__self__", None)
    if hasattr(response, "force_close"):
        response.force_close()
    try:
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass


def init_app(app):
    app.wsgi_app = GuardedBodies(app.wsgi_app, app.config["BODY_READ_TIMEOUT"], app.config["REFUSED_BODY_DRAIN_BYTES"])
