"""The built-in web inbox: `GET /inbox/<token>`, plain HTML that works on any phone."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from models.base import utcnow
from server.db import ServerDatabase
from server.security import sha256_hex
from server.tables import InboxLink, Message, Recipient
from server.templates import pages

router = APIRouter(tags=["inbox"])

# Links carry secrets: never leak them onward, never cache or index the page.
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}


def _page(template: str, status: int, **context: object) -> HTMLResponse:
    html = pages.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=PRIVATE_HEADERS)


@router.get("/inbox/{token}", response_class=HTMLResponse)
def inbox(token: str, request: Request) -> HTMLResponse:
    db: ServerDatabase = request.app.state.db
    with db.read_session() as s:
        link = s.scalar(select(InboxLink).where(InboxLink.token_hash == sha256_hex(token)))
        if link is None:
            return _page(
                "gone.html",
                404,
                heading="链接无效 · Link not found",
                text_zh="这个链接不存在，请检查短信或消息里的完整链接。",
                text_en="This link does not exist. Please check you opened the full link from your message.",
            )
        if link.expires_at <= utcnow():
            return _page(
                "gone.html",
                410,
                heading="链接已过期 · Link expired",
                text_zh="这个链接已经过期，请到店询问或等待新的通知。",
                text_en="This link has expired. Ask at the counter, or wait for a new message.",
            )
        recipient = s.get_one(Recipient, link.recipient_id)
        messages = list(
            s.scalars(
                select(Message)
                .where(Message.recipient_id == recipient.id)
                .order_by(Message.created_at.desc(), Message.id.desc())
                .limit(100)
            )
        )
    return _page("inbox.html", 200, name=recipient.display_name, messages=messages)
