"""The recipient's phone pages for a gift link: the gift (no price), the claim button, the
phone code when the giver bound the gift to a phone, the order form, check your answers,
done. Every POST carries a CSRF token bound to the link's hash; unknown links are rate
limited per address like the other recipient pages (server/ratelimit.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server import csrf
from server.deps import get_db, get_gift_bad_links, get_gifts
from server.gifts import ClaimForm, ClaimView, GiftProblem, Gifts, token_hash
from server.links import page, too_many_page
from server.ratelimit import RateLimiter
from server.settings import ServerSettings

router = APIRouter(tags=["gift pages"], include_in_schema=False)

# (heading, zh, en) per problem code; the rest show the problem's own message.
_TEXT = {
    "unknown_link": ("链接无效 · Link not valid", "这个礼物链接无效，可能已被送礼人更换或取消。",
                     "This gift link is not valid: the giver may have replaced or cancelled it."),
    "expired": ("链接已过期 · Link expired", "这个礼物链接已过期，款项已退回送礼人。",
                "This gift link has expired; the money goes back to the giver."),
    "already_claimed": ("礼物已被领取 · Already claimed", "这份礼物已经被领取了，每个链接只能领取一次。",
                        "This gift has been claimed already: each link can be claimed once."),
    "wait": ("请稍后再试 · Please wait", "验证码错误次数过多，请 15 分钟后再试。",
             "Too many wrong codes: please try again in 15 minutes."),
}
_FIELD_ZH = {
    "missing_name": "请填写收礼人姓名。", "name_too_long": "姓名太长（最多 40 个字）。",
    "bad_phone": "手机号格式不对：请填写 11 位手机号。", "address_too_long": "地址太长（最多 200 个字）。",
    "missing_address": "请填写地址，或选择到店自取。", "bad_slot": "请选择一个送达时间。",
    "phone_not_confirmed": "请先用验证码确认手机号。", "wrong_phone": "这份礼物是送给另一个手机号的。",
    "wrong_code": "验证码不对。", "code_expired": "验证码已过期，请重新获取。", "no_code": "请先获取验证码。",
}


def _gifts(request: Request) -> Gifts:
    gifts: Gifts = get_gifts(request)
    return gifts


def _problem_page(exc: GiftProblem) -> HTMLResponse:
    heading, zh, en = _TEXT.get(exc.code, ("出错了 · Problem", _FIELD_ZH.get(exc.code, ""), exc.message))
    return page("gone.html", exc.status, heading=heading, text_zh=zh, text_en=en)


def _form_page(request: Request, token: str, template: str, status: int = 200, **context: object) -> HTMLResponse:
    context = {"error": "", "phone": "",
               "form": {"name": "", "phone": "", "address": "", "pickup": False, "slot": ""}, **context}
    secret = get_db(request).link_secret
    value, nonce = csrf.form_token(request, secret, token_hash(token))
    response = page(template, status, None, token=token, csrf_field=csrf.FIELD, csrf_token=value, **context)
    csrf.set_cookie(response, request, nonce, f"/g/{token}")
    return response


async def _open(request: Request, token: str) -> ClaimView | Response:
    limits: RateLimiter = get_gift_bad_links(request)
    ip = request.client.host if request.client else "?"
    wait = limits.retry_after(ip)
    if wait:
        return too_many_page(wait)
    try:
        return await run_in_threadpool(_gifts(request).open, token)
    except GiftProblem as exc:
        if exc.code == "unknown_link":
            limits.hit(ip)
        return _problem_page(exc)


def _check_csrf(request: Request, token: str, submitted: str) -> None:
    csrf.check(request, get_db(request).link_secret, token_hash(token), submitted)


@router.get("/g/{token}")
async def gift_page(request: Request, token: str) -> Response:
    view = await _open(request, token)
    if isinstance(view, Response):
        return view
    return _form_page(request, token, "gift.html", gift=view, step="gift")


@router.get("/g/{token}/form")
async def form_page(request: Request, token: str, error: str = "") -> Response:
    view = await _open(request, token)
    if isinstance(view, Response):
        return view
    step = "phone" if view.needs_code and view.phone_confirmed is None else "form"
    return _form_page(request, token, "gift.html", gift=view, step=step, error=_FIELD_ZH.get(error, ""),
                      form={"name": "", "phone": view.phone_confirmed or "", "address": "", "pickup": False,
                            "slot": ""})


@router.post("/g/{token}/code")
async def send_code(request: Request, token: str, csrf_token: Annotated[str, Form(alias="csrf")],
                    phone: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, token, csrf_token)
    view = await _open(request, token)
    if isinstance(view, Response):
        return view
    try:
        await run_in_threadpool(_gifts(request).send_code, token, phone)
    except GiftProblem as exc:
        if exc.code in _TEXT:
            return _problem_page(exc)
        return _form_page(request, token, "gift.html", exc.status, gift=view, step="phone",
                          error=f"{_FIELD_ZH.get(exc.code, '')} {exc.message}")
    return _form_page(request, token, "gift.html", gift=view, step="code", phone=phone)


@router.post("/g/{token}/verify")
async def verify(request: Request, token: str, csrf_token: Annotated[str, Form(alias="csrf")],
                 code: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, token, csrf_token)
    view = await _open(request, token)
    if isinstance(view, Response):
        return view
    try:
        await run_in_threadpool(_gifts(request).check_code, token, code)
    except GiftProblem as exc:
        if exc.code in _TEXT:
            return _problem_page(exc)
        return _form_page(request, token, "gift.html", exc.status, gift=view, step="code", phone=phone,
                          error=f"{_FIELD_ZH.get(exc.code, '')} {exc.message}")
    return RedirectResponse(f"/g/{token}/form", status_code=303)


def _form(name: str, phone: str, address: str, pickup: str, slot: str) -> ClaimForm:
    return ClaimForm(name=name, phone=phone, address=address, pickup=pickup == "1", slot=slot)


@router.post("/g/{token}/check")
async def check(
    request: Request, token: str, csrf_token: Annotated[str, Form(alias="csrf")],
    name: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "", pickup: Annotated[str, Form()] = "",
    slot: Annotated[str, Form()] = "",
) -> Response:
    """Check your answers: the cleaned form shown back, with a confirm button."""
    _check_csrf(request, token, csrf_token)
    view = await _open(request, token)
    if isinstance(view, Response):
        return view
    raw = _form(name, phone, address, pickup, slot)
    try:
        clean = await run_in_threadpool(_gifts(request).check_form, token, raw)
    except GiftProblem as exc:
        if exc.code in _TEXT:
            return _problem_page(exc)
        return _form_page(request, token, "gift.html", exc.status, gift=view, step="form",
                          error=f"{_FIELD_ZH.get(exc.code, '')} {exc.message}", form=raw.__dict__)
    return _form_page(request, token, "gift.html", gift=view, step="check", form=clean.__dict__)


@router.post("/g/{token}/claim")
async def claim(
    request: Request, token: str, csrf_token: Annotated[str, Form(alias="csrf")],
    name: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "", pickup: Annotated[str, Form()] = "",
    slot: Annotated[str, Form()] = "",
) -> Response:
    _check_csrf(request, token, csrf_token)
    raw = _form(name, phone, address, pickup, slot)
    try:
        done = await run_in_threadpool(_gifts(request).claim, token, raw)
    except GiftProblem as exc:
        if exc.code in _TEXT:
            return _problem_page(exc)
        view = await _open(request, token)
        if isinstance(view, Response):
            return view
        return _form_page(request, token, "gift.html", exc.status, gift=view, step="form",
                          error=f"{_FIELD_ZH.get(exc.code, '')} {exc.message}", form=raw.__dict__)
    return page("gone.html", 200, heading="领取成功 · Claimed",
                text_zh=f"礼物「{done.title}」已生成订单，我们会通知您配送情况。",
                text_en=f"Your gift \"{done.title}\" is now an order. We will tell you how the delivery goes.")


def install(app: FastAPI, settings: ServerSettings) -> None:
    app.state.gift_bad_links = RateLimiter(settings.bad_link_limit, settings.bad_link_window_s)
    app.include_router(router)
