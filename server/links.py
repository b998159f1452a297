"""Signed links for recipient pages: creation, lookup with rate limits, single use, the "gone" page.

A link token is ≥128 random bits (or, for the inbox, 192 bits derived by HMAC so a
retried message carries the same link); the database keeps only its SHA-256, logs
only the first 8 hex characters of that hash. Every page answer carries
Referrer-Policy: no-referrer, Cache-Control: no-store and X-Robots-Tag: noindex.

Lookups are rate limited (server/ratelimit.py, shared by all server processes): an
IP that asked for 10 unknown tokens in 10 minutes gets 429 with Retry-After for
every link, valid or not, until its window ends, without looking the token up;
one link answers 30 views a minute to each address.

    token = create_link(s, "gift_claim", "gift:42", ttl_s=7 * 86400, max_uses=1)
    link = open_link(request, guard, db, token, "gift_claim")   # raises LinkGone / TooManyRequests
    if not consume(s, link.id): ...                     # someone used it a moment ago
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from limits.storage import Storage
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models.base import utcnow
from server.csrf import CsrfFailed
from server.db import ServerDatabase, affected
from server.ratelimit import RateLimiter
from server.security import sha256_hex
from server.settings import ServerSettings
from server.tables import Link
from server.templates import pages

log = logging.getLogger(__name__)

# Links carry secrets: never leak them onward, never cache or index the page.
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}

_GONE_TEXT: dict[str, tuple[int, str, str, str]] = {
    "unknown": (
        404,
        "链接无效 · Link not found",
        "这个链接不存在，请检查短信或消息里的完整链接。",
        "This link does not exist. Please check you opened the full link from your message.",
    ),
    "expired": (
        410,
        "链接已过期 · Link expired",
        "这个链接已经过期，请到店询问或等待新的通知。",
        "This link has expired. Ask at the counter, or wait for a new message.",
    ),
    "used": (
        410,
        "链接已使用 · Link already used",
        "这个链接只能使用一次，已经用过了。",
        "This link can be used only once, and it has been used already.",
    ),
    "csrf": (
        403,
        "页面已过期 · Page out of date",
        "请刷新页面后再提交一次。",
        "This form is out of date or did not come from this page. Please reload it and try again.",
    ),
    "revoked": (
        410,
        "链接已取消 · Link cancelled",
        "这个链接已被取消，请到店询问。",
        "This link has been cancelled. Please ask at the counter.",
    ),
}


class LinkGone(Exception):
    """The token is unknown (404), or its link expired / was used / was revoked (410)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.status = _GONE_TEXT[kind][0]


class TooManyRequests(Exception):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class LinkInfo:
    id: int
    token_hash: str
    purpose: str
    subject: str
    expires_at: datetime
    max_uses: int | None
    uses: int


def new_link_token() -> str:
    """128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def hash_prefix(token: str) -> str:
    """What logs may keep of a token: 8 hex characters of its SHA-256."""
    return sha256_hex(token)[:8]


def create_link(
    s: Session,
    purpose: str,
    subject: str,
    ttl_s: float,
    max_uses: int | None = None,
    token: str | None = None,
) -> str:
    """Store a link in the caller's transaction; returns the token (the only copy of it)."""
    token = token or new_link_token()
    s.add(Link(**link_row(purpose, subject, ttl_s, token, max_uses)))
    return token


def link_row(
    purpose: str, subject: str, ttl_s: float, token: str, max_uses: int | None = None
) -> dict[str, Any]:
    """The columns of a link row (for bulk inserts of many links in one statement)."""
    now = utcnow()
    return {
        "token_hash": sha256_hex(token),
        "purpose": purpose,
        "subject": subject,
        "created_at": now,
        "expires_at": now + timedelta(seconds=ttl_s),
        "max_uses": max_uses,
    }


def page(
    template: str, status: int, headers: dict[str, str] | None = None, **context: object
) -> HTMLResponse:
    html = pages.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={**PRIVATE_HEADERS, **(headers or {})})


def gone_page(kind: str) -> HTMLResponse:
    status, heading, text_zh, text_en = _GONE_TEXT[kind]
    return page("gone.html", status, heading=heading, text_zh=text_zh, text_en=text_en)


def too_many_page(retry_after_s: int) -> HTMLResponse:
    return page(
        "gone.html",
        429,
        {"Retry-After": str(retry_after_s)},
        heading="请稍后再试 · Too many requests",
        text_zh=f"请求太多，请 {retry_after_s} 秒后再试。",
        text_en=f"Too many requests. Please try again in {retry_after_s} seconds.",
    )


class LinkGuard:
    """The two limits of the recipient pages, one per app (app.state.links; handlers take
    server/deps.py `LinkGuardDep`)."""

    def __init__(self, settings: ServerSettings, storage: Storage | None = None, namespace: str = "") -> None:
        self.bad_lookups = RateLimiter(
            settings.bad_link_limit, settings.bad_link_window_s, storage, namespace, "bad-link"
        )
        self.views = RateLimiter(
            settings.link_view_limit, settings.link_view_window_s, storage, namespace, "link-view"
        )

    def before_lookup(self, ip: str) -> None:
        wait = self.bad_lookups.retry_after(ip)
        if wait:
            raise TooManyRequests(wait)

    def unknown(self, ip: str, token: str) -> LinkGone:
        wait = self.bad_lookups.hit(ip)
        log.info("unknown link token %s from %s", hash_prefix(token), ip)
        if wait:
            raise TooManyRequests(wait)
        return LinkGone("unknown")

    def viewed(self, token_hash: str, ip: str) -> None:
        # Per link *and* address: someone else holding the link cannot use up its owner's views.
        wait = self.views.hit(f"{token_hash[:32]}:{ip}")
        if wait:
            log.info("link %s: view limit reached", token_hash[:8])
            raise TooManyRequests(wait)


def client_ip(request: Request) -> str:
    """The peer address, or the X-Forwarded-For of a proxy listed in FORWARDED_ALLOW_IPS
    (docs/server.md); behind an unlisted proxy every visitor shares the proxy's address."""
    return request.client.host if request.client else "unknown"


def state_of(expires_at: datetime, revoked_at: datetime | None, uses: int, max_uses: int | None) -> str:
    if revoked_at is not None:
        return "revoked"
    if max_uses is not None and uses >= max_uses:
        return "used"
    if expires_at <= utcnow():
        return "expired"
    return "ok"


def open_link(request: Request, guard: LinkGuard, db: ServerDatabase, token: str, purpose: str) -> LinkInfo:
    """The live link behind `token` for this purpose, rate limits applied; raises LinkGone.

    A page handler takes `guard: LinkGuardDep, db: DbDep` (server/deps.py) and hands them on."""
    ip = client_ip(request)
    guard.before_lookup(ip)
    token_hash = sha256_hex(token)
    with db.read_session() as s:
        row = s.scalar(select(Link).where(Link.token_hash == token_hash, Link.purpose == purpose))
    if row is None:
        raise guard.unknown(ip, token)
    guard.viewed(token_hash, ip)
    kind = state_of(row.expires_at, row.revoked_at, row.uses, row.max_uses)
    if kind != "ok":
        raise LinkGone(kind)
    return LinkInfo(row.id, token_hash, row.purpose, row.subject, row.expires_at, row.max_uses, row.uses)


def consume(s: Session, link_id: int) -> bool:
    """Count one use by compare-and-set; False if it was used up, revoked or expired meanwhile.

    Two phones pressing "claim" at once: exactly one UPDATE matches.
    """
    won = affected(
        s.execute(
            update(Link)
            .where(
                Link.id == link_id,
                Link.revoked_at.is_(None),
                Link.expires_at > utcnow(),
                or_(Link.max_uses.is_(None), Link.uses < Link.max_uses),
            )
            .values(uses=Link.uses + 1)
        )
    )
    return won == 1


def revoke(s: Session, link_id: int) -> bool:
    return (
        affected(
            s.execute(
                update(Link).where(Link.id == link_id, Link.revoked_at.is_(None)).values(revoked_at=utcnow())
            )
        )
        == 1
    )


def install(app: FastAPI, settings: ServerSettings) -> None:
    """Per-app limits and the HTML answers for LinkGone, TooManyRequests and CsrfFailed."""
    app.state.links = LinkGuard(
        settings, getattr(app.state, "rate_storage", None), getattr(app.state, "rate_namespace", "")
    )

    @app.exception_handler(LinkGone)
    async def _gone(_request: Request, exc: LinkGone) -> HTMLResponse:
        return gone_page(exc.kind)

    @app.exception_handler(CsrfFailed)
    async def _csrf(_request: Request, _exc: CsrfFailed) -> HTMLResponse:
        return gone_page("csrf")

    @app.exception_handler(TooManyRequests)
    async def _too_many(_request: Request, exc: TooManyRequests) -> HTMLResponse:
        return too_many_page(exc.retry_after_s)
