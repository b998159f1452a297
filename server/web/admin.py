"""The admin web page, `/admin`: login, stations, message queue, dead letters, store rules, couriers.

Server-rendered (Jinja2), no JavaScript, usable on a phone. One admin login: the
password is the configured `admin_password`, or the admin token when none is set;
only its scrypt hash is stored (server_admin_account), re-hashed when the
configured value changes. Five wrong passwords lock the login for 15 minutes.
A session is a random cookie (HttpOnly, SameSite=Strict, Path=/admin; Secure over
https) whose SHA-256 is stored with a 12-hour expiry; every POST carries a CSRF
token bound to the session (server/csrf.py).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import and_, case, delete, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from models.base import UTCDateTime, utcnow
from server import csrf
from server.crypto import mask_url, secret_box
from server.db import MAX_ID, ServerDatabase, affected
from server.delivery.courier import list_partners
from server.delivery.preferences import PreferenceProblem, opt_in, opt_out, rules_for, set_rules
from server.deps import DbDep, DeliveryDep, SettingsDep
from server.links import PRIVATE_HEADERS, page
from server.security import sha256_hex
from server.settings import ServerSettings
from server.stations import EnrolmentCodeOut, create_enrolment_code
from server.sync_problems import rejected_events
from server.tables import (
    AdminAccount,
    AdminSession,
    Delivery,
    Message,
    OptOut,
    Recipient,
    Station,
    StorePrefs,
)
from services.core.masking import mask_name
from services.core.pins import hash_pin, verify_pin  # the same salted scrypt as operator PINs

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin", include_in_schema=False)

SESSION_COOKIE = "cd_admin"
SESSION_TTL = timedelta(hours=12)
MAX_WRONG = 5
LOCKOUT = timedelta(minutes=15)
STATES = ("pending", "sending", "sent", "failed", "dead", "suppressed", "cancelled")


# ---- password ----------------------------------------------------------------------------


def configured_password(settings: ServerSettings) -> str:
    return settings.admin_password or settings.admin_token


def ensure_account(db: ServerDatabase, settings: ServerSettings) -> None:
    """Store the scrypt hash of the configured password (again, if it changed since)."""
    password = configured_password(settings)
    if not password:
        return
    try:
        with db.session() as s:
            account = s.get(AdminAccount, 1)
            if account is None:
                s.add(AdminAccount(id=1, password_hash=hash_pin(password)))
            elif not verify_pin(password, account.password_hash):
                account.password_hash, account.failed, account.locked_until = hash_pin(password), 0, None
    except IntegrityError:
        pass  # another server process on this database stored it a moment ago


# ---- sessions ----------------------------------------------------------------------------


class LoginRequired(Exception):
    pass


CsrfField = Annotated[str, Form(alias="csrf", max_length=200)]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


def current_session(request: Request, db: DbDep) -> str:
    """FastAPI dependency: the session's token hash (the CSRF binding); LoginRequired if there
    is none."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        raise LoginRequired()
    token_hash = sha256_hex(token)
    with db.read_session() as s:
        found = s.scalar(
            select(AdminSession.id).where(
                AdminSession.token_hash == token_hash, AdminSession.expires_at > utcnow()
            )
        )
    if found is None:
        raise LoginRequired()
    return token_hash


LoggedIn = Annotated[str, Depends(current_session)]


def checked_session(request: Request, db: DbDep, binding: LoggedIn, csrf_token: CsrfField = "") -> str:
    """FastAPI dependency of every POST behind the login: the session, its form's CSRF token
    (field `csrf`) checked."""
    csrf.check(request, db.link_secret, binding, csrf_token)
    return binding


CheckedPost = Annotated[str, Depends(checked_session)]


def _render(
    request: Request, db: ServerDatabase, binding: str, template: str, status: int = 200, **context: Any
) -> HTMLResponse:
    token, nonce = csrf.form_token(request, db.link_secret, binding)
    context = {"error": "", "notice": "", **context}
    response = page(template, status, csrf_field=csrf.FIELD, csrf_token=token, **context)
    csrf.set_cookie(response, request, nonce, "/admin")
    return response


def _back(url: str) -> Response:
    return RedirectResponse(url, status_code=303, headers=PRIVATE_HEADERS)


# ---- login -------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    enabled = bool(configured_password(settings))
    return _render(
        request, db, "login", "admin_login.html", 200 if enabled else 403, enabled=enabled, error=""
    )


def _count_guess(db: ServerDatabase, now: datetime) -> int | None:
    """Count a password guess before it is checked; None = the login is locked (do not check it).

    One conditional UPDATE, so concurrent guesses cannot all slip past a lock check made
    before any of them was counted: the guess that brings the count to MAX_WRONG sets
    the lock itself, later ones match no row. A lock that has run out starts a new run.
    Returns the count including this guess.
    """
    expired = and_(AdminAccount.locked_until.is_not(None), AdminAccount.locked_until <= now)
    count = case((expired, 1), else_=AdminAccount.failed + 1)
    with db.session() as s:
        return s.execute(
            update(AdminAccount)
            .where(
                AdminAccount.id == 1,
                or_(AdminAccount.locked_until.is_(None), AdminAccount.locked_until <= now),
            )
            .values(
                failed=count,
                locked_until=case((count >= MAX_WRONG, literal(now + LOCKOUT, UTCDateTime())), else_=None),
            )
            .returning(AdminAccount.failed)
        ).scalar_one_or_none()


def _forgive(db: ServerDatabase, counted: int) -> None:
    """The right password: its own guess is not a failure.

    No guess counted since ours: the run of failures is over (count 0, no lock). Others
    counted meanwhile: only ours is taken back, and a lock stays if the failures alone
    reach MAX_WRONG, so a success never clears a lock that concurrent failures earned.
    """
    with db.session() as s:
        done = s.execute(
            update(AdminAccount)
            .where(AdminAccount.id == 1, AdminAccount.failed == counted)
            .values(failed=0, locked_until=None)
        )
        if affected(done) == 0:
            s.execute(
                update(AdminAccount)
                .where(AdminAccount.id == 1, AdminAccount.failed > 0)
                .values(
                    failed=AdminAccount.failed - 1,
                    locked_until=case(
                        (AdminAccount.failed - 1 >= MAX_WRONG, AdminAccount.locked_until), else_=None
                    ),
                )
            )


def _locked(request: Request, db: ServerDatabase, now: datetime) -> HTMLResponse:
    with db.read_session() as s:
        until = s.get_one(AdminAccount, 1).locked_until or now
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    error = f"登录已锁定，请 {minutes} 分钟后再试 · Too many wrong passwords: locked for {minutes} more minutes"
    return _render(request, db, "login", "admin_login.html", 429, enabled=True, error=error)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DbDep,
    password: Annotated[str, Form(max_length=200)] = "",
    csrf_token: CsrfField = "",
) -> Response:
    csrf.check(request, db.link_secret, "login", csrf_token)
    now = utcnow()
    with db.read_session() as s:
        account = s.get(AdminAccount, 1)
    if account is None:
        return _render(request, db, "login", "admin_login.html", 403, enabled=False, error="")
    counted = _count_guess(db, now)
    if counted is None:
        return _locked(request, db, now)
    if not verify_pin(password, account.password_hash):
        log.warning("admin login: wrong password (%d in a row)", counted)
        return _render(
            request, db, "login", "admin_login.html", 401, enabled=True, error="密码错误 · Wrong password"
        )
    _forgive(db, counted)
    token = secrets.token_urlsafe(32)
    with db.session() as s:
        s.execute(delete(AdminSession).where(AdminSession.expires_at <= now))
        s.add(AdminSession(token_hash=sha256_hex(token), expires_at=now + SESSION_TTL))
    response = _back("/admin")
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout(binding: CheckedPost, db: DbDep) -> Response:
    with db.session() as s:
        s.execute(delete(AdminSession).where(AdminSession.token_hash == binding))
    response = _back("/admin/login")
    response.delete_cookie(SESSION_COOKIE, path="/admin")
    return response


# ---- stations ----------------------------------------------------------------------------


def _stations_page(
    request: Request, db: ServerDatabase, binding: str, new_code: EnrolmentCodeOut | None, error: str = ""
) -> HTMLResponse:
    with db.read_session() as s:
        stations = list(s.scalars(select(Station).order_by(Station.id)))
    return _render(
        request,
        db,
        binding,
        "admin_stations.html",
        400 if error else 200,
        stations=stations,
        new_code=new_code,
        error=error,
    )


@router.get("", response_class=HTMLResponse)
def stations_page(request: Request, db: DbDep, binding: LoggedIn) -> HTMLResponse:
    return _stations_page(request, db, binding, None)


@router.post("/stations/code", response_class=HTMLResponse)
def new_code(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    binding: CheckedPost,
    store_code: Annotated[str, Form(max_length=60)] = "",
) -> HTMLResponse:
    """The code is shown on this one answer and never again (only its hash is kept)."""
    store = store_code.strip()
    if not store or len(store) > 40 or not all(c.isalnum() or c in "_.-" for c in store):
        return _stations_page(
            request,
            db,
            binding,
            None,
            "店铺代码只能用字母、数字和 _ . - · Store code: letters, digits, _ . - (1-40)",
        )
    code = create_enrolment_code(db, store, settings.enrolment_code_ttl_s)
    return _stations_page(request, db, binding, code)


@router.post("/stations/{station_id}/revoke", dependencies=[Depends(checked_session)])
def revoke_station(station_id: RowId, db: DbDep) -> Response:
    with db.session() as s:
        s.execute(
            update(Station)
            .where(Station.id == station_id, Station.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return _back("/admin")


# ---- message queue and dead letters ------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    delivery_id: int
    message_id: int
    store_code: str
    recipient: str
    subject: str
    category: str
    channel: str
    target: str
    state: str
    attempts: int
    next_attempt_at: datetime
    not_before: datetime | None
    last_error: str
    can_retry: bool
    can_cancel: bool


def queue_rows(db: ServerDatabase, settings: ServerSettings, state: str, limit: int = 200) -> list[QueueRow]:
    box = secret_box(settings.secret_key, settings.data_dir)
    query = (
        select(Delivery, Message, Recipient)
        .join(Message, Message.id == Delivery.message_id)
        .join(Recipient, Recipient.id == Message.recipient_id)
        .order_by(Delivery.id.desc())
        .limit(limit)
    )
    if state:
        query = query.where(Delivery.state == state)
    rows: list[QueueRow] = []
    with db.read_session() as s:
        for d, m, r in s.execute(query):
            try:
                target = mask_url(box.open(d.target)) if d.target else ""
            except ValueError:
                target = "(unreadable: other key)"
            rows.append(
                QueueRow(
                    d.id, m.id, r.store_code, f"{r.recipient_key} {mask_name(r.display_name)}".strip(),
                    m.subject, m.category, d.channel, target, d.state, d.attempts, d.next_attempt_at,
                    m.not_before, d.last_error, d.state in ("dead", "failed", "cancelled"),
                    d.state in ("pending", "dead", "failed"),
                )
            )  # fmt: skip
    return rows


def state_counts(db: ServerDatabase) -> dict[str, int]:
    with db.read_session() as s:
        counts = {
            state: n for state, n in s.execute(select(Delivery.state, func.count()).group_by(Delivery.state))
        }
    return {state: int(counts.get(state, 0)) for state in STATES}


def _queue_page(
    request: Request,
    db: ServerDatabase,
    settings: ServerSettings,
    binding: str,
    state: str,
    title: str,
    here: str,
) -> HTMLResponse:
    if state and state not in STATES:
        state = ""
    return _render(
        request,
        db,
        binding,
        "admin_messages.html",
        rows=queue_rows(db, settings, state),
        counts=state_counts(db),
        state=state,
        states=STATES,
        title=title,
        here=here,
    )


@router.get("/messages", response_class=HTMLResponse)
def messages_page(
    request: Request, db: DbDep, settings: SettingsDep, binding: LoggedIn, state: str = ""
) -> HTMLResponse:
    return _queue_page(request, db, settings, binding, state, "消息队列 · Message queue", "/admin/messages")


@router.get("/dead-letters", response_class=HTMLResponse)
def dead_letters_page(request: Request, db: DbDep, settings: SettingsDep, binding: LoggedIn) -> HTMLResponse:
    return _queue_page(request, db, settings, binding, "dead", "死信 · Dead letters", "/admin/dead-letters")


# Admin actions on one delivery: from which states, to what. Retry starts the attempts
# again; only a delivery nobody is sending right now can be cancelled (no race with a worker).
ACTIONS: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    "retry": (("dead", "failed", "cancelled"), {"state": "pending", "attempts": 0, "last_error": ""}),
    "cancel": (("pending", "dead", "failed"), {"state": "cancelled"}),
}


def move_delivery(db: ServerDatabase, delivery_id: int, action: str) -> bool:
    """Apply an admin action by compare-and-set on the state; False if the state did not allow it."""
    states, values = ACTIONS[action]
    with db.session() as s:
        moved = s.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.state.in_(states))
            .values(**values, next_attempt_at=utcnow(), lease_until=None)
        )
        return affected(moved) == 1


@router.post("/deliveries/{delivery_id}/{action}", dependencies=[Depends(checked_session)])
def delivery_action(
    delivery_id: RowId,
    action: Literal["retry", "cancel"],
    db: DbDep,
    delivery: DeliveryDep,
    back: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    if move_delivery(db, delivery_id, action) and action == "retry":
        delivery.wake()
    return _back(_safe_back(back))


def _safe_back(back: str) -> str:
    """Only our own queue pages: never an open redirect."""
    for allowed in ("/admin/messages", "/admin/dead-letters"):
        if back == allowed or back.startswith(allowed + "?state="):
            return back
    return "/admin/messages"


# ---- stores: quiet hours, mandatory categories, opt-outs ----------------------------------


def _stores_page(
    request: Request,
    db: ServerDatabase,
    settings: ServerSettings,
    binding: str,
    error: str = "",
    notice: str = "",
) -> HTMLResponse:
    with db.read_session() as s:
        codes = sorted(
            set(s.scalars(select(Station.store_code))) | set(s.scalars(select(StorePrefs.store_code)))
        )
        stores = [rules_for(s, settings, code) for code in codes]
        outs = list(
            s.execute(
                select(OptOut, Recipient)
                .join(Recipient, Recipient.id == OptOut.recipient_id)
                .order_by(OptOut.id.desc())
                .limit(200)
            )
        )
    return _render(
        request, db, binding, "admin_stores.html", 400 if error else 200,
        stores=stores, outs=[(o, r.store_code, r.recipient_key, mask_name(r.display_name)) for o, r in outs],
        defaults=(settings.default_timezone, settings.default_quiet_hours), error=error, notice=notice,
    )  # fmt: skip


@router.get("/stores", response_class=HTMLResponse)
def stores_page(request: Request, db: DbDep, settings: SettingsDep, binding: LoggedIn) -> HTMLResponse:
    return _stores_page(request, db, settings, binding)


@router.post("/stores", response_class=HTMLResponse)
def save_store(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    binding: CheckedPost,
    store_code: Annotated[str, Form(max_length=60)] = "",
    timezone: Annotated[str, Form(max_length=64)] = "",
    quiet_hours: Annotated[str, Form(max_length=20)] = "",
    mandatory: Annotated[str, Form(max_length=400)] = "",
) -> HTMLResponse:
    store = store_code.strip()
    if not store or len(store) > 40:
        return _stores_page(
            request, db, settings, binding, error="店铺代码必填 · Store code is required (1-40 characters)"
        )
    try:
        set_rules(db, store, timezone or settings.default_timezone, quiet_hours,
                  [c for c in mandatory.replace("，", ",").split(",")])  # fmt: skip
    except PreferenceProblem as exc:
        return _stores_page(request, db, settings, binding, error=str(exc))
    return _stores_page(request, db, settings, binding, notice=f"{store}: 已保存 · saved")


@router.post("/opt-outs", response_class=HTMLResponse)
def add_opt_out(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    binding: CheckedPost,
    store_code: Annotated[str, Form(max_length=60)] = "",
    recipient_key: Annotated[str, Form(max_length=80)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    with db.read_session() as s:
        recipient = s.scalar(
            select(Recipient).where(
                Recipient.store_code == store_code.strip(), Recipient.recipient_key == recipient_key.strip()
            )
        )
        rules = rules_for(s, settings, store_code.strip())
    if recipient is None:
        return _stores_page(
            request,
            db,
            settings,
            binding,
            error=f"没有这个收件人 · No recipient {recipient_key!r} in store {store_code!r}",
        )
    try:
        opt_out(db, rules, recipient.id, category, "admin")
    except PreferenceProblem as exc:
        return _stores_page(request, db, settings, binding, error=str(exc))
    return _stores_page(
        request, db, settings, binding, notice=f"{recipient_key}: {category} 已停止 · stopped"
    )


@router.post("/opt-outs/{opt_out_id}/remove", dependencies=[Depends(checked_session)])
def remove_opt_out(opt_out_id: RowId, db: DbDep) -> Response:
    with db.read_session() as s:
        row = s.get(OptOut, opt_out_id)
    if row is not None:
        opt_in(db, row.recipient_id, row.category)
    return _back("/admin/stores")


# ---- courier partners --------------------------------------------------------------------


@router.get("/couriers", response_class=HTMLResponse)
def couriers_page(request: Request, db: DbDep, binding: LoggedIn) -> HTMLResponse:
    """Partners of the courier API (server/delivery/courier.py), webhook URLs masked."""
    with db.read_session() as s:
        partners = list_partners(s)
    return _render(
        request,
        db,
        binding,
        "admin_couriers.html",
        partners=[(p, mask_url(p.webhook_url) if p.webhook_url else "—") for p in partners],
    )


@router.get("/sync-problems", response_class=HTMLResponse)
def sync_problems_page(request: Request, db: DbDep, binding: LoggedIn) -> HTMLResponse:
    """Events the desks sent that were rejected (server/sync_problems.py), newest first."""
    with db.read_session() as s:
        events = rejected_events(s)
    return _render(request, db, binding, "admin_sync_problems.html", events=events)


def install(app: FastAPI, settings: ServerSettings, db: ServerDatabase) -> None:
    ensure_account(db, settings)
    app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, _exc: LoginRequired) -> Response:
        return _back("/admin/login")
