"""Member phone pages: sign in with phone number + one-time code (or a signed member link), the
member's own page with the sections the composition registered, sign out.

    GET  /m/<store>              sign-in (the QR at the entrance points here); signed in → /me
    POST /m/<store>/code         phone → a code through the member's channels → /m/<store>/code
    GET  /m/<store>/code         "check your messages": one code field
    POST /m/<store>/verify       code → session cookie → /m/<store>/me
    GET  /m/<store>/link/<tok>   a signed member link (purpose "member") signs in without a code
    GET  /m/<store>/me           the member's own page
    POST /m/<store>/sign-out

A feature's own route finds the signed-in member with the `SignedIn` dependency (not
signed in → 303 to the sign-in page) and renders its forms with `member_page`, which
puts the session-bound CSRF token in the template and its cookie on the answer;
`check_form` checks it on the POST. docs/server.md "Member phone pages".
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select, update

from models.base import utcnow
from server import csrf
from server.db import ServerDatabase, affected
from server.delivery.member_profile import CODE_CATEGORY, send_code
from server.delivery.preferences import ALL, opt_in, opt_outs, rules_for, zone
from server.links import PRIVATE_HEADERS, client_ip, open_link, page, too_many_page
from server.members import (
    STORE_CODE,
    MemberChallenge,
    MemberPolicy,
    MemberProfile,
    MemberSection,
    MemberSections,
    PhoneProblem,
    SectionContext,
    SectionItem,
    SignedInMember,
    code_hash,
    end_session,
    find_by_phone,
    member_id_of,
    new_code,
    normalise_phone,
    phone_hash,
    session_hash_of,
    signed_in,
    start_session,
)
from server.ratelimit import RateLimiter
from server.security import new_secret, sha256_hex
from server.settings import ServerSettings
from server.tables import Message, Recipient, Station
from server.templates import pages
from server.web.inbox import CATEGORY_LABELS

log = logging.getLogger(__name__)
router = APIRouter(tags=["members"])

SESSION_COOKIE = "cd_member"
CHALLENGE_COOKIE = "cd_member_code"
COOKIE_PATH = "/m/"


class NotSignedIn(Exception):
    """Answered with 303 to the store's sign-in page."""

    def __init__(self, store_code: str) -> None:
        super().__init__(store_code)
        self.store_code = store_code


class UnknownStore(Exception):
    """No station of this store was ever enrolled: a 404 page."""


class MemberGuard:
    """The in-memory limits of the sign-in (server/ratelimit.py; per process, like the link limits)."""

    def __init__(self, policy: MemberPolicy) -> None:
        self.policy = policy
        self.sends_per_phone = RateLimiter(policy.sends_per_phone, policy.send_window_s)
        self.sends_per_ip = RateLimiter(policy.sends_per_ip, policy.send_window_s)
        self.tries_per_ip = RateLimiter(policy.tries_per_ip, policy.send_window_s)
        # One hit = this phone used up a code's tries: no new code until the window ends.
        self.locked_phones = RateLimiter(1, policy.lockout_s)


# ---- what features use -----------------------------------------------------------------


def current_member(request: Request, store: str) -> SignedInMember | None:
    """The member signed in on this phone for this store, or None."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    db: ServerDatabase = request.app.state.db
    token_hash = session_hash_of(db.link_secret, cookie)
    if token_hash is None:
        return None
    with db.read_session() as s:
        return signed_in(s, token_hash, store)


def require_member(request: Request, store: str) -> SignedInMember:
    """FastAPI dependency for routes under /m/{store}/…: the signed-in member or 303 to sign-in."""
    member = current_member(request, store)
    if member is None:
        raise NotSignedIn(store)
    return member


SignedIn = Annotated[SignedInMember, Depends(require_member)]


def _binding(member: SignedInMember) -> str:
    return f"member-session|{member.session_hash}"


def member_page(
    request: Request, member: SignedInMember, template: str, status: int = 200, **context: object
) -> HTMLResponse:
    """Render a page of a signed-in member with `csrf_field` / `csrf_token` for its forms."""
    db: ServerDatabase = request.app.state.db
    token, nonce = csrf.form_token(request, db.link_secret, _binding(member))
    response = _render(template, status, {"csrf_field": csrf.FIELD, "csrf_token": token, "member": member, **context})
    csrf.set_cookie(response, request, nonce, COOKIE_PATH)
    return response


def _render(template: str, status: int, context: dict[str, object]) -> HTMLResponse:
    html = pages.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=PRIVATE_HEADERS)


def check_form(request: Request, member: SignedInMember, submitted: str) -> None:
    """Raise CsrfFailed (403 page, nothing changed) unless the form came from this member's page."""
    db: ServerDatabase = request.app.state.db
    csrf.check(request, db.link_secret, _binding(member), submitted)


# ---- today's sections ------------------------------------------------------------------


def _recipient_id(ctx: SectionContext) -> int | None:
    return ctx.session.scalar(
        select(Recipient.id).where(
            Recipient.store_code == ctx.member.store_code, Recipient.recipient_key == ctx.member.member_key
        )
    )


def _messages(ctx: SectionContext) -> list[SectionItem]:
    rid = _recipient_id(ctx)
    if rid is None:
        return []
    rows = ctx.session.scalars(
        select(Message)
        # Sign-in codes are not news: the inbox keeps them, this page does not repeat them.
        .where(Message.recipient_id == rid, Message.suppressed == "", Message.category != CODE_CATEGORY)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(30)
    )
    return [SectionItem(title=m.subject, text=m.body, when=m.created_at) for m in rows]


def _consents(ctx: SectionContext) -> list[SectionItem]:
    rid = _recipient_id(ctx)
    stopped = opt_outs(ctx.session, rid) if rid is not None else []
    items: list[SectionItem] = []
    for category in stopped:
        if category == ALL:
            label = "所有可选消息 · all optional messages"
        else:
            label = CATEGORY_LABELS.get(category, category)
        items.append(
            SectionItem(
                title=f"已停止：{label}",
                text="您不会再收到这类消息（取件等必要通知和登录验证码仍会发送）。"
                " · You will not get these; required notices and sign-in codes still come.",
                action_url=f"{ctx.base_path}/consents/resume",
                action_label="恢复接收 · Receive them again",
                action_field="category",
                action_value=category,
            )
        )
    return items


def default_sections() -> list[MemberSection]:
    """What the page shows before any feature registers its own: messages and consents."""
    return [
        MemberSection(
            key="messages",
            title_zh="我的消息",
            title_en="Messages",
            empty_zh="还没有消息。领券、取件等通知会出现在这里。",
            empty_en="No messages yet. Coupon, parcel and other notices will appear here.",
            load=_messages,
            order=10,
        ),
        MemberSection(
            key="consents",
            title_zh="通知与同意",
            title_en="Consents",
            empty_zh="您没有停止任何通知。在每条消息的收件箱页面可以停止同类消息。",
            empty_en="You have not stopped any notices. Each message's inbox page lets you stop messages like it.",
            load=_consents,
            order=90,
        ),
    ]


# ---- pages -----------------------------------------------------------------------------


def _guard(request: Request) -> MemberGuard:
    guard: MemberGuard = request.app.state.member_guard
    return guard


def _check_store(request: Request, store: str) -> None:
    if not STORE_CODE.match(store):
        raise UnknownStore(store)
    db: ServerDatabase = request.app.state.db
    with db.read_session() as s:
        if s.scalar(select(Station.id).where(Station.store_code == store).limit(1)) is None:
            raise UnknownStore(store)


def _anon_binding(store: str) -> str:
    return f"member-signin|{store}"


def _anon_page(request: Request, store: str, template: str, status: int = 200, **context: object) -> HTMLResponse:
    db: ServerDatabase = request.app.state.db
    token, nonce = csrf.form_token(request, db.link_secret, _anon_binding(store))
    response = _render(template, status, {"csrf_field": csrf.FIELD, "csrf_token": token, "store": store, **context})
    csrf.set_cookie(response, request, nonce, COOKIE_PATH)
    return response


def _secure(request: Request) -> bool:
    settings: ServerSettings = request.app.state.settings
    return settings.public_base_url.startswith("https://") or request.url.scheme == "https"


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=PRIVATE_HEADERS)


def _signed_in_redirect(request: Request, store: str, cookie: str) -> RedirectResponse:
    policy = _guard(request).policy
    response = _redirect(f"/m/{store}/me")
    response.set_cookie(
        SESSION_COOKIE, cookie, max_age=int(policy.session_ttl_s), path=COOKIE_PATH,
        httponly=True, samesite="lax", secure=_secure(request),
    )
    response.delete_cookie(CHALLENGE_COOKIE, path=COOKIE_PATH)
    return response


def _wait_page(seconds: int) -> HTMLResponse:
    minutes = max(1, (seconds + 59) // 60)
    return page(
        "gone.html",
        429,
        {"Retry-After": str(seconds)},
        heading="请稍后再试 · Please wait",
        text_zh=f"尝试次数太多。为了保护您的账户，请 {minutes} 分钟后再获取新的验证码。",
        text_en=f"Too many tries. To protect your account, please ask for a new code in {minutes} minutes.",
    )


def _locale(request: Request) -> str:
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "zh"


@router.get("/m/{store}", response_class=HTMLResponse)
def sign_in_page(store: str, request: Request, signed_out: str = "") -> Response:
    _check_store(request, store)
    if current_member(request, store) is not None:
        return _redirect(f"/m/{store}/me")
    return _anon_page(request, store, "member_sign_in.html", signed_out=bool(signed_out), error="", phone="")


@router.post("/m/{store}/code", response_class=HTMLResponse)
def send_code_form(
    store: str,
    request: Request,
    phone: Annotated[str, Form(max_length=40)] = "",
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
) -> Response:
    """Same answer whether or not the number belongs to a member: no account enumeration."""
    _check_store(request, store)
    db: ServerDatabase = request.app.state.db
    csrf.check(request, db.link_secret, _anon_binding(store), csrf_token)
    guard = _guard(request)
    wait = guard.sends_per_ip.hit(client_ip(request))
    if wait:
        return too_many_page(wait)
    try:
        digits = normalise_phone(phone)
    except PhoneProblem as exc:
        return _anon_page(
            request, store, "member_sign_in.html", 400, signed_out=False, phone=phone[:40],
            error=f"手机号码格式不对 · Phone number: {exc}",
        )
    hashed = phone_hash(db.link_secret, store, digits)
    wait = guard.locked_phones.retry_after(hashed) or guard.sends_per_phone.hit(hashed)
    if wait:
        return _wait_page(wait)
    settings: ServerSettings = request.app.state.settings
    challenge = new_secret()
    challenge_hash = sha256_hex(challenge)
    code = new_code()
    now = utcnow()
    with db.session() as s:
        member = find_by_phone(s, store, hashed)
        s.add(
            MemberChallenge(
                token_hash=challenge_hash,
                store_code=store,
                phone_hash=hashed,
                member_id=member.id if member else None,
                # For a number nobody has, the hash of a code nobody is told: every try fails alike.
                code_hash=code_hash(db.link_secret, challenge_hash, code if member else new_code() + "x"),
                created_at=now,
                expires_at=now + timedelta(seconds=guard.policy.code_ttl_s),
            )
        )
        if member is not None:
            send_code(s, db, settings, member, code, _locale(request))
    if member is not None:
        request.app.state.delivery.wake()
    log.info("sign-in code for store %s phone %s…: %s", store, hashed[:8], "sent" if member else "no member")
    response = _redirect(f"/m/{store}/code")
    response.set_cookie(
        CHALLENGE_COOKIE, challenge, max_age=int(guard.policy.code_ttl_s) + 60, path=COOKIE_PATH,
        httponly=True, samesite="lax", secure=_secure(request),
    )
    return response


def _challenge(request: Request, store: str) -> MemberChallenge | None:
    token = request.cookies.get(CHALLENGE_COOKIE, "")
    if not token:
        return None
    db: ServerDatabase = request.app.state.db
    with db.read_session() as s:
        row = s.scalar(
            select(MemberChallenge).where(
                MemberChallenge.token_hash == sha256_hex(token), MemberChallenge.store_code == store
            )
        )
        if row is not None:
            s.expunge(row)
        return row


def _code_page(request: Request, store: str, status: int = 200, error: str = "") -> HTMLResponse:
    return _anon_page(request, store, "member_code.html", status, error=error)


def _ended(kind: str, store: str) -> HTMLResponse:
    texts = {
        "used": ("验证码已使用 · Code already used", "这个验证码已经用过了，请重新获取。",
                 "This code has been used already. Please ask for a new one."),
        "expired": ("验证码已过期 · Code expired", "验证码 5 分钟内有效，请重新获取。",
                    "Codes are valid for 5 minutes. Please ask for a new one."),
        "missing": ("请重新开始 · Please start again", "没有找到您的验证请求，请重新输入手机号码。",
                    "We could not find your sign-in request. Please enter your phone number again."),
    }
    heading, zh, en = texts[kind]
    return page("member_ended.html", 410 if kind != "missing" else 400,
                heading=heading, text_zh=zh, text_en=en, store=store)


@router.get("/m/{store}/code", response_class=HTMLResponse)
def code_page(store: str, request: Request) -> Response:
    _check_store(request, store)
    if _challenge(request, store) is None:
        return _redirect(f"/m/{store}")
    return _code_page(request, store)


@router.post("/m/{store}/verify", response_class=HTMLResponse)
def verify(
    store: str,
    request: Request,
    code: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
) -> Response:
    _check_store(request, store)
    db: ServerDatabase = request.app.state.db
    csrf.check(request, db.link_secret, _anon_binding(store), csrf_token)
    guard = _guard(request)
    wait = guard.tries_per_ip.hit(client_ip(request))
    if wait:
        return too_many_page(wait)
    challenge = _challenge(request, store)
    if challenge is None:
        return _ended("missing", store)
    policy = guard.policy
    if challenge.used_at is not None:
        return _ended("used", store)
    if challenge.expires_at <= utcnow():
        return _ended("expired", store)
    if challenge.attempts >= policy.max_tries:
        return _wait_page(guard.locked_phones.retry_after(challenge.phone_hash) or int(policy.lockout_s))
    typed = "".join(ch for ch in code if not ch.isspace())
    given = code_hash(db.link_secret, challenge.token_hash, typed)
    with db.session() as s:
        won = affected(
            s.execute(
                update(MemberChallenge)
                .where(
                    MemberChallenge.id == challenge.id,
                    MemberChallenge.used_at.is_(None),
                    MemberChallenge.expires_at > utcnow(),
                    MemberChallenge.attempts < policy.max_tries,
                    MemberChallenge.member_id.is_not(None),
                    MemberChallenge.code_hash == given,
                )
                .values(used_at=utcnow())
            )
        )
        if won == 1 and challenge.member_id is not None:
            cookie = start_session(s, db.link_secret, challenge.member_id, "code", policy.session_ttl_s)
    if won == 1:
        return _signed_in_redirect(request, store, cookie)
    with db.session() as s:
        counted = affected(
            s.execute(
                update(MemberChallenge)
                .where(
                    MemberChallenge.id == challenge.id,
                    MemberChallenge.used_at.is_(None),
                    MemberChallenge.attempts < policy.max_tries,
                )
                .values(attempts=MemberChallenge.attempts + 1)
            )
        )
        attempts = s.scalar(select(MemberChallenge.attempts).where(MemberChallenge.id == challenge.id)) or 0
        used = s.scalar(select(MemberChallenge.used_at).where(MemberChallenge.id == challenge.id))
    if used is not None:  # the right code won in another tab a moment ago
        return _ended("used", store)
    if attempts >= policy.max_tries:
        if counted:
            guard.locked_phones.hit(challenge.phone_hash)
        return _wait_page(guard.locked_phones.retry_after(challenge.phone_hash) or int(policy.lockout_s))
    left = policy.max_tries - attempts
    return _code_page(
        request, store, 400,
        error=f"验证码不对，还可以再试 {left} 次。 · That code is not right; {left} tries left.",
    )


@router.get("/m/{store}/link/{token}", response_class=HTMLResponse)
def member_link(store: str, token: str, request: Request) -> Response:
    """A signed member link: signs in without a code (purpose "member", server/links.py limits)."""
    _check_store(request, store)
    link = open_link(request, token, "member")
    member_id = member_id_of(link.subject)
    db: ServerDatabase = request.app.state.db
    policy = _guard(request).policy
    with db.session() as s:
        member = s.get(MemberProfile, member_id) if member_id is not None else None
        if member is None or member.store_code != store or not member.active:
            cookie = ""
        else:
            cookie = start_session(s, db.link_secret, member.id, "link", policy.session_ttl_s)
    if not cookie:
        return page(
            "gone.html", 404, heading="链接无效 · Link not found",
            text_zh="这个链接不属于这家店。", text_en="This link does not belong to this shop.",
        )
    return _signed_in_redirect(request, store, cookie)


@router.get("/m/{store}/me", response_class=HTMLResponse)
def me(store: str, request: Request, member: SignedIn, resumed: str = "") -> HTMLResponse:
    db: ServerDatabase = request.app.state.db
    settings: ServerSettings = request.app.state.settings
    registry: MemberSections = request.app.state.member_sections
    shown: list[tuple[MemberSection, list[SectionItem]]] = []
    with db.read_session() as s:
        rules = rules_for(s, settings, store)
        ctx = SectionContext(s, member, settings, db, f"/m/{store}")
        for section in registry.sections:
            shown.append((section, list(section.load(ctx))))
    store_zone = zone(rules.timezone)

    def local(when: datetime) -> str:
        return when.astimezone(store_zone).strftime("%Y-%m-%d %H:%M")

    notice = "已恢复接收 · You will receive these messages again." if resumed else ""
    return member_page(
        request, member, "member_me.html", sections=shown, local=local, store=store, notice=notice
    )


@router.post("/m/{store}/consents/resume", response_class=HTMLResponse)
def resume_messages(
    store: str,
    request: Request,
    member: SignedIn,
    category: Annotated[str, Form(max_length=40)] = "",
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
) -> Response:
    """Withdraw an opt-out (the Consents section's button): the member receives that category again."""
    check_form(request, member, csrf_token)
    db: ServerDatabase = request.app.state.db
    with db.read_session() as s:
        rid = s.scalar(
            select(Recipient.id).where(Recipient.store_code == store, Recipient.recipient_key == member.member_key)
        )
    if rid is None or not opt_in(db, rid, category):
        return page(
            "gone.html", 400, heading="无需恢复 · Nothing to resume",
            text_zh="您没有停止这类消息。", text_en="You have not stopped messages of this kind.",
        )
    return _redirect(f"/m/{store}/me?resumed=1")


@router.post("/m/{store}/sign-out", response_class=HTMLResponse)
def sign_out(
    store: str,
    request: Request,
    member: SignedIn,
    csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = "",
) -> Response:
    check_form(request, member, csrf_token)
    db: ServerDatabase = request.app.state.db
    with db.session() as s:
        end_session(s, member.session_id)
    response = _redirect(f"/m/{store}?signed_out=1")
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


def install(app: FastAPI, sections: list[MemberSection], policy: MemberPolicy | None = None) -> None:
    """The member pages with these sections (the composition's choice) and their limits."""
    app.state.member_sections = MemberSections.of(sections)
    app.state.member_guard = MemberGuard(policy or MemberPolicy())

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(_request: Request, exc: NotSignedIn) -> Response:
        return _redirect(f"/m/{exc.store_code}")

    @app.exception_handler(UnknownStore)
    async def _unknown_store(_request: Request, _exc: UnknownStore) -> HTMLResponse:
        return page(
            "gone.html", 404, heading="没有这家店 · Shop not found",
            text_zh="请检查店门口二维码的链接。", text_en="Please check the link of the QR code at the shop.",
        )

    app.include_router(router)
