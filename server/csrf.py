"""CSRF protection for the server's HTML forms: a signed double-submit token bound to its page.

The page sets a random nonce in an HttpOnly, SameSite=Strict cookie and puts
`<nonce>.<HMAC(secret, binding|nonce)>` in the form. A POST is accepted only if the
form field's signature is valid for *this* binding (the link's token hash, or the
admin session) and its nonce equals the cookie's. Another site can neither read
the cookie nor forge the signature, and a token lifted from one link's page does
not work on another.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

from server.security import constant_time_equal

COOKIE = "cd_csrf"
FIELD = "csrf"


class CsrfFailed(Exception):
    """Answered with a 403 page (server/links.py install) and nothing changed."""


def _sign(secret: str, binding: str, nonce: str) -> str:
    return hmac.new(secret.encode(), f"csrf|{binding}|{nonce}".encode(), hashlib.sha256).hexdigest()


def form_token(request: Request, secret: str, binding: str) -> tuple[str, str]:
    """(value for the hidden field, nonce for the cookie); an existing cookie nonce is reused,
    so two tabs of the same page both keep working."""
    nonce = request.cookies.get(COOKIE, "")
    if len(nonce) != 32 or not all(c in "0123456789abcdef" for c in nonce):
        nonce = secrets.token_hex(16)
    return f"{nonce}.{_sign(secret, binding, nonce)}", nonce


def set_cookie(response: Response, request: Request, nonce: str, path: str) -> None:
    response.set_cookie(
        COOKIE,
        nonce,
        path=path,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def check(request: Request, secret: str, binding: str, submitted: str) -> None:
    """Raise CsrfFailed (403) unless the submitted token is valid for this binding and cookie."""
    nonce, _, signature = submitted.partition(".")
    cookie = request.cookies.get(COOKIE, "")
    if (
        not nonce
        or not cookie
        or not constant_time_equal(nonce, cookie)
        or not constant_time_equal(signature, _sign(secret, binding, nonce))
    ):
        raise CsrfFailed("the form is out of date or was not sent from this page")
