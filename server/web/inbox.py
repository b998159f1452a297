"""The built-in web inbox: `GET /inbox/<token>`, plain HTML that works on any phone,
and its one form, "stop these messages" (opt-out per category, CSRF-protected)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from server import csrf
from server.db import ServerDatabase
from server.delivery.notify import ALWAYS_SENT
from server.delivery.preferences import ALL, PreferenceProblem, opt_out, opt_outs, rules_for, zone
from server.links import PRIVATE_HEADERS, LinkInfo, open_link, page
from server.settings import ServerSettings
from server.tables import Message, Recipient
from services.core.masking import mask_name

router = APIRouter(tags=["inbox"])

# What a recipient sees on a "stop" button; other categories are named by a message's subject.
CATEGORY_LABELS = {
    "coupon_claimed": "优惠券领取通知 · coupon notices",
    "parcel": "快递通知 · parcel notices",
    "generic": "店铺消息 · shop news",
}


def _recipient_id(link: LinkInfo) -> int:
    kind, _, value = link.subject.partition(":")
    if kind != "recipient" or not value.isdigit():
        raise ValueError(f"inbox link {link.id} has subject {link.subject!r}")
    return int(value)


@router.get("/inbox/{token}", response_class=HTMLResponse)
def inbox(token: str, request: Request, stopped: str = "") -> HTMLResponse:
    link = open_link(request, token, "inbox")
    db: ServerDatabase = request.app.state.db
    settings: ServerSettings = request.app.state.settings
    with db.read_session() as s:
        recipient = s.get_one(Recipient, _recipient_id(link))
        rules = rules_for(s, settings, recipient.store_code)
        messages = list(
            s.scalars(
                select(Message)
                .where(Message.recipient_id == recipient.id, Message.suppressed == "")
                .order_by(Message.created_at.desc(), Message.id.desc())
                .limit(100)
            )
        )
        stopped_now = set(opt_outs(s, recipient.id))
    # One "stop" button per optional category the recipient has received, newest first.
    categories: dict[str, str] = {}
    for m in messages:
        if m.category and m.category not in rules.mandatory | ALWAYS_SENT and m.category not in categories:
            categories[m.category] = CATEGORY_LABELS.get(m.category, f"「{m.subject}」")
    store_zone = zone(rules.timezone)

    def local(when: datetime) -> str:  # the recipient reads the store's clock, not UTC
        return when.astimezone(store_zone).strftime("%Y-%m-%d %H:%M")
    field, nonce = csrf.form_token(request, db.link_secret, link.token_hash)
    response = page(
        "inbox.html",
        200,
        name=mask_name(recipient.display_name),
        messages=messages,
        local=local,
        categories=[(c, subj) for c, subj in categories.items() if c not in stopped_now],
        all_stopped=ALL in stopped_now,
        stopped=stopped if stopped in stopped_now else "",
        csrf_field=csrf.FIELD,
        csrf_token=field,
        action=f"/inbox/{token}/opt-out",
    )
    csrf.set_cookie(response, request, nonce, "/inbox/")
    return response


@router.post("/inbox/{token}/opt-out", response_class=HTMLResponse)
def inbox_opt_out(
    token: str,
    request: Request,
    category: Annotated[str, Form(max_length=40)],
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
) -> Response:
    """Stop one category (or "*": every optional one) for this link's recipient."""
    link = open_link(request, token, "inbox")
    db: ServerDatabase = request.app.state.db
    csrf.check(request, db.link_secret, link.token_hash, csrf_token)
    settings: ServerSettings = request.app.state.settings
    with db.read_session() as s:
        recipient = s.get_one(Recipient, _recipient_id(link))
        rules = rules_for(s, settings, recipient.store_code)
        received = set(s.scalars(select(Message.category).where(Message.recipient_id == recipient.id)))
    if category != ALL and category not in received:
        return _problem("您没有收到过这类消息。", "You have not received messages of this kind.")
    try:
        opt_out(db, rules, recipient.id, category, "inbox")
    except PreferenceProblem:
        return _problem(
            "这类通知是必须发送的（例如取件通知），不能停止。",
            "These notices are required (for example parcel pickup notices) and cannot be stopped.",
        )
    target = f"/inbox/{token}?stopped={category}"
    return RedirectResponse(target, status_code=303, headers=PRIVATE_HEADERS)


def _problem(text_zh: str, text_en: str) -> HTMLResponse:
    return page("gone.html", 400, heading="无法停止 · Cannot stop these", text_zh=text_zh, text_en=text_en)
