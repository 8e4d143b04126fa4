"""The admin token every write needs: `Authorization: Bearer <ADMIN_TOKEN>`.

Missing token → 401, wrong token → 403. Routes guarded here are listed in
app.extensions["admin_routes"] so a test can prove no write route slips through unguarded.
"""

import functools
import hmac

from flask import current_app, request

from .errors import ApiError


def check_admin_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise ApiError(401, "Thiếu mã quản trị (Authorization: Bearer …).", headers={"WWW-Authenticate": "Bearer"})
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Authorization phải có dạng 'Bearer <mã>'.", headers={"WWW-Authenticate": "Bearer"})
    expected = current_app.config.get("ADMIN_TOKEN")
    # With no token configured, writes are closed rather than open to anyone.
    if not expected or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise ApiError(403, "Mã quản trị không đúng.")


def admin_required(view):
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        check_admin_token()
        return view(*args, **kwargs)

    guarded.admin_required = True
    return guarded
