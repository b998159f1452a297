"""The member's "Group buys" pages on their phone (after signing in: server/web/members.py).

    GET  /m/<store>/groupbuy               check in, scan, wishes, consents, suggestions, groups, "who buys"
    GET  /m/<store>/groupbuy/state.json    what the page polls: basket, suggestions, groups, requests
    POST /m/<store>/groupbuy/do            one action (form field `do`), relayed to the store's desk
    GET  /m/<store>/groupbuy/g/<code>      a group: masked names, shares, the meeting point, the chat
    GET  /m/<store>/groupbuy/g/<code>/chat.json
    POST /m/<store>/groupbuy/g/<code>/chat

The desk decides (services/groupbuy/); these pages show what it announced (server/groupbuy.py) and
send the member's actions to it through the feed. Nobody's phone number appears on any of them.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from server.db import ServerDatabase
from server.deps import get_db
from server.groupbuy import (
    ActionRefused,
    ask_who_buys,
    chat,
    group_for,
    inquiry,
    live_basket,
    member_connections,
    member_groups,
    post_chat,
    send_to_desk,
)
from server.links import PRIVATE_HEADERS
from server.members import MemberSection, SectionContext, SectionItem, SignedInMember
from server.web.members import SignedIn, check_form, member_page

router = APIRouter(tags=["groupbuy"])
_CODE = re.compile(r"^[0-9A-Za-z-]{1,40}$")
STATE_ZH = {"forming": "等待回复", "succeeded": "已成团：到收银台结账", "settled": "已结账", "expired": "已失效"}


def _yuan(fen: int) -> str:
    return f"¥{fen // 100}.{fen % 100:02d}"


def _my_seat(data: dict[str, Any], member_code: str) -> dict[str, Any] | None:
    return next((s for s in data.get("seats", []) if s.get("member_code") == member_code), None)


def _state(request: Request, member: SignedInMember, inquiry_id: str = "") -> dict[str, Any]:
    db: ServerDatabase = get_db(request)
    with db.read_session() as s:
        b = live_basket(s, member.store_code, member.member_code)
        groups = member_groups(s, member.store_code, member.member_code)
        conns = member_connections(s, member.store_code, member.member_code)
        asked = inquiry(s, member.member_code, inquiry_id) if inquiry_id else None
        out_groups = []
        for g in groups:
            seat = _my_seat(g.data, member.member_code) or {}
            out_groups.append({
                "code": g.code, "state": g.state, "state_text": STATE_ZH.get(g.state, g.state),
                "answer": seat.get("answer", ""), "share": _yuan(int(seat.get("share_fen", 0))),
                "pooled": _yuan(int(g.data.get("basket_fen", 0))), "answer_by": g.data.get("expires_at", ""),
                "others": [x["name"] for x in g.data.get("seats", []) if x.get("member_code") != member.member_code],
                "group_id": g.data.get("group_id"),
            })  # fmt: skip
        return {
            "basket": {"checked_in": bool(b and b.checked_in), "total": _yuan(b.basket_fen if b else 0),
                       "items": b.items if b else 0, "last": b.last if b else None,
                       "error": b.error if b else None},
            "groups": out_groups,
            "connections": [{"request_id": c.request_id, "state": c.state, "incoming": c.target_code == member.member_code,
                             "name": c.data.get("asker_name" if c.target_code == member.member_code else "target_name", ""),
                             "product": c.data.get("product_code", ""), "before": c.data.get("before", "")}
                            for c in conns],
            "inquiry": None if asked is None else {"product": asked.product_code, "before": asked.before,
                                                   "contacts": asked.contacts},
        }  # fmt: skip


def groupbuy_section() -> MemberSection:
    """The "Group buys" section of the member's own page: their groups, and the way in."""

    def load(ctx: SectionContext) -> list[SectionItem]:
        base = f"{ctx.base_path}/groupbuy"
        items = [SectionItem(title="拼单购物 · Group buying", text="到店签到、扫码、拼单建议与回复。 · Check in, scan, suggestions.",
                             url=base, link_text="打开拼单 · Open group buys")]  # fmt: skip
        for g in member_groups(ctx.session, ctx.member.store_code, ctx.member.member_code)[:5]:
            items.append(SectionItem(title=f"{g.code} · {STATE_ZH.get(g.state, g.state)}", url=f"{base}/g/{g.code}",
                                     link_text="查看 · Open"))  # fmt: skip
        return items

    return MemberSection(key="groups", title_zh="拼单", title_en="Group buys", empty_zh="", empty_en="", load=load,
                         order=40)  # fmt: skip


@router.get("/m/{store}/groupbuy", response_class=HTMLResponse)
def groupbuy_page(store: str, request: Request, member: SignedIn, notice: str = "", inquiry_id: str = "") -> Response:
    return member_page(request, member, "member_groupbuy.html", store=store, notice=notice[:200],
                       state=_state(request, member, inquiry_id), inquiry_id=inquiry_id[:32])  # fmt: skip


@router.get("/m/{store}/groupbuy/state.json")
def groupbuy_state(store: str, request: Request, member: SignedIn, inquiry_id: str = "") -> Response:
    return JSONResponse(_state(request, member, inquiry_id[:32]), headers=PRIVATE_HEADERS)


def _back(store: str, notice: str, inquiry_id: str = "") -> RedirectResponse:
    query = urlencode({"notice": notice, **({"inquiry_id": inquiry_id} if inquiry_id else {})})
    return RedirectResponse(f"/m/{store}/groupbuy?{query}", status_code=303, headers=PRIVATE_HEADERS)


@router.post("/m/{store}/groupbuy/do")
def groupbuy_do(
    store: str,
    request: Request,
    member: SignedIn,
    do: Annotated[str, Form(max_length=30)],
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
    code: Annotated[str, Form(max_length=40)] = "",
    product: Annotated[str, Form(max_length=40)] = "",
    by: Annotated[str, Form(max_length=10)] = "",
    kind: Annotated[str, Form(max_length=10)] = "",
    value: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    check_form(request, member, csrf_token)
    db: ServerDatabase = get_db(request)
    me = {"member_code": member.member_code}
    try:
        with db.session() as s:
            if do == "check_in":
                send_to_desk(s, store, "groupbuy.check_in", {**me, "store_code": store, "source": "phone"})
                return _back(store, "已签到：正在同步购物篮 · Checked in")
            if do == "check_out":
                send_to_desk(s, store, "groupbuy.check_out", me)
                return _back(store, "已离店 · Checked out")
            if do == "scan":
                if not _CODE.match(code.strip()):
                    return _back(store, "条码格式不对 · Not a barcode")
                send_to_desk(s, store, "groupbuy.scan", {**me, "store_code": store, "code": code.strip(), "source": "phone"})
                return _back(store, f"已扫描 {code.strip()} · Scanned")
            if do in ("wish", "who_buys"):
                day = date.fromisoformat(by)
                if not _CODE.match(product.strip()):
                    return _back(store, "商品编码不对 · Product code")
                if do == "wish":
                    send_to_desk(s, store, "groupbuy.wish", {**me, "product_code": product.strip(), "by": day.isoformat()})
                    return _back(store, "已记录拼单意愿 · Wish recorded")
                asked = ask_who_buys(s, store, member.member_code, product.strip(), day.isoformat())
                return _back(store, "正在查询 · Asking the store", asked)
            if do == "consent" and kind in ("suggest", "contact") and value in ("yes", "no"):
                send_to_desk(s, store, "groupbuy.consent", {**me, "kind": kind, "granted": value == "yes"})
                return _back(store, "已更新同意 · Consent updated" if value == "yes" else "已撤回同意 · Consent withdrawn")
            if do in ("accept", "decline"):
                send_to_desk(s, store, "groupbuy.answer", {**me, "group_id": int(value), "accept": do == "accept"})
                return _back(store, "已回复 · Answer sent")
            if do == "connect":
                target, _, before = value.partition("|")
                send_to_desk(s, store, "groupbuy.connection_request", {"asker_code": member.member_code,
                             "target_id": int(target), "product_code": product.strip(),
                             "before": date.fromisoformat(before).isoformat()})  # fmt: skip
                return _back(store, "已发送联系请求 · Request sent")
            if do in ("connect_yes", "connect_no"):
                send_to_desk(s, store, "groupbuy.connection_answer", {"target_code": member.member_code,
                             "request_id": value, "accept": do == "connect_yes"})  # fmt: skip
                return _back(store, "已回复 · Answer sent")
    except (ActionRefused, ValueError) as exc:
        return _back(store, f"无法完成 · Not done: {exc}"[:200])
    return _back(store, "未知操作 · Unknown action")


@router.get("/m/{store}/groupbuy/g/{code}", response_class=HTMLResponse)
def group_page(store: str, code: str, request: Request, member: SignedIn) -> Response:
    db: ServerDatabase = get_db(request)
    with db.read_session() as s:
        group = group_for(s, store, member.member_code, code)
    if group is None:
        return RedirectResponse(f"/m/{store}/groupbuy", status_code=303, headers=PRIVATE_HEADERS)
    return member_page(request, member, "member_group.html", store=store, group=group, yuan=_yuan,
                       state_text=STATE_ZH.get(group.state, group.state), me=member.member_code)  # fmt: skip


@router.get("/m/{store}/groupbuy/g/{code}/chat.json")
def group_chat(store: str, code: str, request: Request, member: SignedIn, after: int = 0) -> Response:
    db: ServerDatabase = get_db(request)
    with db.read_session() as s:
        group = group_for(s, store, member.member_code, code)
        if group is None:
            return JSONResponse({"lines": []}, status_code=404, headers=PRIVATE_HEADERS)
        lines = [{"id": c.id, "name": c.name, "text": c.text, "mine": c.member_code == member.member_code}
                 for c in chat(s, group, after)]  # fmt: skip
    return JSONResponse({"lines": lines, "state": group.state}, headers=PRIVATE_HEADERS)


@router.post("/m/{store}/groupbuy/g/{code}/chat")
def group_chat_post(
    store: str, code: str, request: Request, member: SignedIn,
    text: Annotated[str, Form(max_length=300)] = "",
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
) -> Response:  # fmt: skip
    check_form(request, member, csrf_token)
    db: ServerDatabase = get_db(request)
    with db.session() as s:
        group = group_for(s, store, member.member_code, code)
        if group is not None:
            with contextlib.suppress(ActionRefused):  # an empty message: nothing to relay
                post_chat(s, group, member.member_code, member.name_masked, text)
    return RedirectResponse(f"/m/{store}/groupbuy/g/{code}", status_code=303, headers=PRIVATE_HEADERS)
