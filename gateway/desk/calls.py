"""Calls from a desk view to a service on the signed-in member's behalf: the member's staff token
(session.member_headers) and the visitor's address go with it, so the service checks the role
itself and its audit log names the member. Never through the backends' answer cache (what a
member may see is not what the public may), always on the transfer pool.

    reply = desk_call("articles", "GET", "/api/v1/articles/abc")     # any status below 500
    body = desk_json("articles", "GET", "/api/v1/articles/abc")      # a 4xx raised as ApiError
"""

from dataclasses import dataclass

from ..backends import backend, decoded_json, error_of
from ..proxy import client_headers
from .session import member_headers


@dataclass(frozen=True)
class Reply:
    status: int
    body: object
    headers: dict

    @property
    def ok(self):
        return 200 <= self.status < 300

    def error(self):
        """The service's refusal as an ApiError (its status, code, Vietnamese message, field)."""
        return error_of(self.status, self.body)


def desk_call(backend_name, method, path, *, params=None, json=None, headers=None, as_member=True):
    """One call; a Reply for any status below 500 (a 5xx, a timeout, a backend down: the
    backends' ApiError, which the desk shows as its error page)."""
    sent = dict(headers or {})
    if as_member:
        sent.update(member_headers())
    response = backend(backend_name).send(method, path, params=params, json=json, headers=client_headers(sent))
    body = decoded_json(response, backend_name) if response.data else None
    return Reply(response.status, body, dict(response.headers))


def desk_json(backend_name, method, path, **options):
    """desk_call's body; a 4xx answer raised as an ApiError."""
    reply = desk_call(backend_name, method, path, **options)
    if not reply.ok:
        raise reply.error()
    return reply.body
