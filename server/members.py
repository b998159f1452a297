"""Members on the server: their profiles (from the desks), sign-in codes, phone sessions, page sections.

The shared core of the member phone pages (server/web/members.py has the routes,
server/delivery/member_profile.py the `member.profile` sync handler and the code
message). Personal data is kept as little as the pages need: the name arrives
masked, the phone number is kept Fernet-sealed (to send codes through a channel
that needs it) plus an HMAC for finding the member who types it, and shown only
masked. One-time codes, session tokens and link tokens are kept only as hashes.

Features (pay-for-another, gifts, group buying) add a section to the member's own
page with a `MemberSection` given to `create_app(member_sections=…)`, and find
the signed-in member in their own routes with `server.web.members.SignedIn`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import UTCDateTime, utcnow
from server.db import ServerDatabase, affected
from server.links import create_link
from server.security import constant_time_equal, sha256_hex
from server.settings import ServerSettings
from server.tables import ServerBase

STORE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
CODE_DIGITS = 6
LINK_PURPOSE = "member"


class MemberProfile(ServerBase):
    """A member of one store, as the desk last described them (`member.profile`)."""

    __tablename__ = "server_members"
    __table_args__ = (
        UniqueConstraint("store_code", "member_code", name="uq_server_members_store_code"),
        UniqueConstraint("store_code", "phone_hash", name="uq_server_members_store_phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(40))
    member_code: Mapped[str] = mapped_column(String(20))
    # The recipient key of the member's messages ("member-<code>"), as notify.member files them.
    member_key: Mapped[str] = mapped_column(String(80))
    # The station that last sent the profile: the one codes are sent "from".
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    name_masked: Mapped[str] = mapped_column(String(80), default="")
    phone_masked: Mapped[str] = mapped_column(String(20), default="")
    # HMAC(server secret, phone digits): the lookup; None while another member holds the number.
    phone_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    phone_sealed: Mapped[str] = mapped_column(Text, default="")
    # Fernet-sealed Apprise URLs of the member's own notification channels.
    apprise_sealed: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MemberChallenge(ServerBase):
    """One sign-in code sent (or, for a number nobody has, pretended sent: same rows, same pages).

    `token_hash` is the SHA-256 of the browser's challenge cookie; `code_hash` an HMAC of
    the code bound to that token; a try is a conditional UPDATE, so two tries racing
    each other cannot both pass, nor exceed the limit.
    """

    __tablename__ = "server_member_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    store_code: Mapped[str] = mapped_column(String(40))
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("server_members.id"), default=None)
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class MemberSession(ServerBase):
    """A signed-in phone: the cookie's token is kept only as its SHA-256."""

    __tablename__ = "server_member_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("server_members.id"), index=True)
    via: Mapped[str] = mapped_column(String(8))  # code | link
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


@dataclass(frozen=True)
class MemberPolicy:
    """The limits of the member sign-in (docs/server.md "Member phone pages")."""

    code_ttl_s: float = 300.0
    max_tries: int = 5  # wrong codes per code; then the phone waits `lockout_s`
    lockout_s: float = 900.0
    sends_per_phone: int = 3  # codes per phone number per `send_window_s`
    send_window_s: float = 600.0
    sends_per_ip: int = 10  # code requests per IP per `send_window_s`
    tries_per_ip: int = 30  # code tries per IP per `send_window_s`
    session_ttl_s: float = 7 * 24 * 3600.0
    link_ttl_s: float = 30 * 24 * 3600.0


@dataclass(frozen=True)
class SignedInMember:
    """The member behind a phone session: what a feature's route may know of them."""

    member_id: int
    store_code: str
    member_code: str
    member_key: str
    name_masked: str
    phone_masked: str
    session_id: int
    session_hash: str


# ---- page sections ---------------------------------------------------------------------


@dataclass(frozen=True)
class SectionItem:
    """One line of a section: a title, optional text and time, optional link to the feature's page,
    optional one-button form (POST `action_url` with `action_field`=`action_value` and the session's
    CSRF token; the feature's route checks it with `server.web.members.check_form`)."""

    title: str
    text: str = ""
    when: datetime | None = None
    url: str = ""
    link_text: str = ""
    action_url: str = ""
    action_label: str = ""
    action_field: str = "value"
    action_value: str = ""


@dataclass(frozen=True)
class SectionContext:
    """What a section's `load` gets: a read session on the server database, the member, the settings."""

    session: Session
    member: SignedInMember
    settings: ServerSettings
    db: ServerDatabase
    base_path: str  # "/m/<store>": where the feature's own pages live under


@dataclass(frozen=True)
class MemberSection:
    """A section of the member's own page. `load` returns its items; none → the empty text.

    `key` is unique ("orders", "gifts", "groups", "consents", …); `order` sorts them.
    """

    key: str
    title_zh: str
    title_en: str
    empty_zh: str
    empty_en: str
    load: Callable[[SectionContext], Sequence[SectionItem]]
    order: int = 100


@dataclass(frozen=True)
class MemberSections:
    """The sections the composition registered, sorted; built once per app (app.state.member_sections)."""

    sections: tuple[MemberSection, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, sections: Sequence[MemberSection]) -> MemberSections:
        keys = [s.key for s in sections]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"member page sections registered twice: {', '.join(twice)}")
        return cls(tuple(sorted(sections, key=lambda s: (s.order, s.key))))


# ---- phones, codes, tokens -------------------------------------------------------------


class PhoneProblem(ValueError):
    """The typed phone number is not one (the page names the problem)."""


def normalise_phone(text: str) -> str:
    """What a member typed → the digits the desk stores: '+86 138-1234-5678' → '13812345678'."""
    raw = text.strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if any(not (ch.isdigit() or ch in " +-()") for ch in raw):
        raise PhoneProblem("only digits, spaces, + and - may be typed")
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not 6 <= len(digits) <= 15:
        raise PhoneProblem("a phone number has 6 to 15 digits (a mobile number in China has 11)")
    return digits


def phone_hash(secret: str, store_code: str, phone_digits: str) -> str:
    return hmac.new(secret.encode(), f"phone|{store_code}|{phone_digits}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(secret: str, challenge_hash: str, code: str) -> str:
    """The code bound to its challenge: a code sent for one sign-in is worth nothing for another."""
    return hmac.new(secret.encode(), f"code|{challenge_hash}|{code}".encode(), hashlib.sha256).hexdigest()


def new_session_cookie(secret: str) -> tuple[str, str]:
    """(cookie value, hash to store): 256 random bits plus an HMAC so forged cookies cost no lookup."""
    token = secrets.token_urlsafe(32)
    return f"{token}.{_cookie_sig(secret, token)}", sha256_hex(token)


def session_hash_of(secret: str, cookie: str) -> str | None:
    token, _, sig = cookie.partition(".")
    if not token or not sig or not constant_time_equal(sig, _cookie_sig(secret, token)):
        return None
    return sha256_hex(token)


def _cookie_sig(secret: str, token: str) -> str:
    return hmac.new(secret.encode(), f"member-session|{token}".encode(), hashlib.sha256).hexdigest()[:32]


# ---- database operations ---------------------------------------------------------------


def find_by_phone(s: Session, store_code: str, hashed_phone: str) -> MemberProfile | None:
    return s.scalar(
        select(MemberProfile).where(
            MemberProfile.store_code == store_code,
            MemberProfile.phone_hash == hashed_phone,
            MemberProfile.active.is_(True),
        )
    )


def start_session(s: Session, secret: str, member_id: int, via: str, ttl_s: float) -> str:
    """Store a new session in the caller's transaction; returns the cookie value (its only copy)."""
    cookie, token_hash = new_session_cookie(secret)
    now = utcnow()
    s.add(
        MemberSession(
            token_hash=token_hash, member_id=member_id, via=via, created_at=now,
            expires_at=now + timedelta(seconds=ttl_s),
        )
    )
    return cookie


def signed_in(s: Session, token_hash: str, store_code: str) -> SignedInMember | None:
    row = s.execute(
        select(MemberSession.id, MemberProfile)
        .join(MemberProfile, MemberProfile.id == MemberSession.member_id)
        .where(
            MemberSession.token_hash == token_hash,
            MemberSession.revoked_at.is_(None),
            MemberSession.expires_at > utcnow(),
            MemberProfile.store_code == store_code,
            MemberProfile.active.is_(True),
        )
    ).first()
    if row is None:
        return None
    session_id, m = row
    return SignedInMember(
        m.id, m.store_code, m.member_code, m.member_key, m.name_masked, m.phone_masked, session_id, token_hash
    )


def end_session(s: Session, session_id: int) -> bool:
    return (
        affected(
            s.execute(
                update(MemberSession)
                .where(MemberSession.id == session_id, MemberSession.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
        )
        == 1
    )


def create_member_link(s: Session, member_id: int, ttl_s: float, max_uses: int | None = None) -> str:
    """A signed link (server/links.py, purpose "member") that signs this member in without a code;
    returns the token. The page is `/m/<store>/link/<token>`."""
    return create_link(s, LINK_PURPOSE, f"member:{member_id}", ttl_s=ttl_s, max_uses=max_uses)


def member_url(settings: ServerSettings, store_code: str, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/m/{store_code}/link/{token}"


def member_id_of(subject: str) -> int | None:
    kind, _, value = subject.partition(":")
    return int(value) if kind == "member" and value.isdigit() else None

