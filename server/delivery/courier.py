"""Courier partners: signed manifests in, signed webhook calls out, their answers back to the desk.

* Partners (`server_courier_partners`): code, name, HMAC secret (Fernet-sealed at rest,
  server/crypto.py: the server must recompute signatures, so a hash would not do),
  webhook URL for calls to the courier, active flag.
* Manifests and courier events arrive signed (server/api/courier.py); each parcel of a
  manifest becomes a `parcel.announced` feed event for every station serving the site,
  once per (courier, tracking number).
* Desk outbox topics `parcel.stored`, `parcel.picked_up`, `parcel.recall` become one
  `server_courier_calls` row per (courier, tracking number, kind), sent by the delivery
  workers (server/delivery/worker.py claim/outcome logic, server/delivery/channels.py signed webhook).
"""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import utcnow
from server.crypto import SecretBox, SecretUnreadable, secret_box
from server.db import ServerDatabase
from server.delivery.channels import Outcome, send_webhook
from server.delivery.notify import Rejected
from server.delivery.worker import claim_row, outcome_values, record_row
from server.security import sign_webhook
from server.settings import ServerSettings
from server.stations import StationIdentity
from server.tables import CourierCall, CourierParcel, CourierPartner, Station, StationSite
from server.validation import header_int

log = logging.getLogger(__name__)

TIMESTAMP_WINDOW_S = 300
COURIER_HEADER = "X-Courier"
TIMESTAMP_HEADER = "X-Timestamp"
SIGNATURE_HEADER = "X-Signature"

# Desk outbox topics that go on to the courier, and the payload keys each must carry.
CALL_TOPICS: dict[str, tuple[str, ...]] = {
    "parcel.stored": ("courier_code", "tracking_no", "site", "bank", "slot", "stored_at"),
    "parcel.picked_up": ("courier_code", "tracking_no", "picked_up_at"),
    "parcel.recall": ("courier_code", "tracking_no", "site", "reason", "requested_at"),
}


def box(settings: ServerSettings) -> SecretBox:
    return secret_box(settings.secret_key, settings.data_dir)


# ---------------------------------------------------------------- signatures


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Hex HMAC-SHA256(secret, timestamp + "." + body): what a courier sends as X-Signature."""
    return sign_webhook(secret, timestamp, body).removeprefix("sha256=")


def signature_ok(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """Constant-time check; a `sha256=` prefix (our own outgoing style) is accepted too."""
    given = signature.strip().lower().removeprefix("sha256=")
    return hmac.compare_digest(sign(secret, timestamp, body).encode(), given.encode())


def timestamp_fresh(timestamp: str, now_s: float | None = None) -> bool:
    """Unix seconds (ASCII digits) within ±5 minutes of the server's clock."""
    seconds = header_int(timestamp, max_digits=12)
    if seconds is None:
        return False
    now_s = time.time() if now_s is None else now_s
    return abs(now_s - seconds) <= TIMESTAMP_WINDOW_S


# ---------------------------------------------------------------- partners


@dataclass(frozen=True)
class PartnerInfo:
    code: str
    name: str
    webhook_url: str
    active: bool
    created_at: datetime
    calls_pending: int
    calls_dead: int


def list_partners(session: Session) -> list[PartnerInfo]:
    """Every partner, by code, with its waiting and dead webhook calls (the admin page renders this)."""
    calls: dict[tuple[int, str], int] = {}
    for partner_id, state in session.execute(
        select(CourierCall.partner_id, CourierCall.state).where(CourierCall.state.in_(("pending", "sending", "dead")))
    ):
        key = (partner_id, "dead" if state == "dead" else "pending")
        calls[key] = calls.get(key, 0) + 1
    return [
        PartnerInfo(p.code, p.name, p.webhook_url, p.active, p.created_at,
                    calls.get((p.id, "pending"), 0), calls.get((p.id, "dead"), 0))
        for p in session.scalars(select(CourierPartner).order_by(CourierPartner.code))
    ]


def partner_by_code(session: Session, code: str) -> CourierPartner | None:
    return session.scalar(select(CourierPartner).where(CourierPartner.code == code.strip().upper()))


def partner_secret(settings: ServerSettings, partner: CourierPartner) -> str:
    return box(settings).open(partner.secret)


# ---------------------------------------------------------------- routing


def stations_for_site(session: Session, site: str) -> list[int]:
    """Enrolled, non-revoked stations that declared this site (PUT /api/stations/me/sites)."""
    return list(
        session.scalars(
            select(Station.id)
            .join(StationSite, StationSite.station_id == Station.id)
            .where(StationSite.site_code == site, Station.revoked_at.is_(None))
            .order_by(Station.id)
        )
    )


def stations_for_parcel(session: Session, partner_id: int, tracking_no: str) -> list[int]:
    """Where a courier's answer about a parcel goes: the station that last reported on it (stored,
    recall…), else the stations serving the site the parcel was announced for."""
    asked = session.scalar(
        select(CourierCall.station_id)
        .where(CourierCall.partner_id == partner_id, CourierCall.tracking_no == tracking_no)
        .order_by(CourierCall.id.desc())
        .limit(1)
    )
    if asked is not None:
        return [asked]
    site = session.scalar(
        select(CourierParcel.site_code).where(
            CourierParcel.partner_id == partner_id, CourierParcel.tracking_no == tracking_no
        )
    )
    return stations_for_site(session, site) if site is not None else []


# ---------------------------------------------------------------- desk → courier


def queue_call(
    s: Session,
    db: ServerDatabase,
    settings: ServerSettings,
    station: StationIdentity,
    event_id: str,
    payload: dict[str, Any],
    kind: str,
) -> str:
    """Sync handler for the CALL_TOPICS: one webhook call per (courier, tracking number, kind)."""
    missing = [k for k in CALL_TOPICS[kind] if payload.get(k) in (None, "")]
    if missing:
        raise Rejected(f"{kind} needs {', '.join(missing)}")
    code = str(payload["courier_code"]).strip().upper()
    tracking = str(payload["tracking_no"]).strip()
    if not tracking or len(tracking) > 40:
        raise Rejected(f"tracking_no must be 1-40 characters, got {len(tracking)}")
    partner = partner_by_code(s, code)
    if partner is None or not partner.active:
        raise Rejected(f"courier {code!r} is not an active courier partner; nothing sent")
    existing = s.scalar(
        select(CourierCall.id).where(
            CourierCall.partner_id == partner.id, CourierCall.tracking_no == tracking, CourierCall.kind == kind
        )
    )
    if existing is not None:
        return f"deduplicated: courier call {existing} already queued for {code} {tracking}"
    call = CourierCall(
        partner_id=partner.id,
        station_id=station.station_id,
        tracking_no=tracking,
        kind=kind,
        payload={**payload, "courier_code": code, "tracking_no": tracking},
        state="pending",
        attempts=0,
        next_attempt_at=utcnow(),
        claim_token="",
        last_error="",
    )
    s.add(call)
    s.flush()
    return f"courier call {call.id} queued for {code}"


# server/api/sync.py HANDLERS entries: (s, db, settings, station, event_id, payload) -> reason.
SYNC_HANDLERS: dict[str, Any] = {kind: partial(queue_call, kind=kind) for kind in CALL_TOPICS}


def send_call(db: ServerDatabase, settings: ServerSettings, call_id: int, attempt: int) -> Outcome:
    with db.read_session() as s:
        call = s.get_one(CourierCall, call_id)
        partner = s.get_one(CourierPartner, call.partner_id)
        store = s.get_one(Station, call.station_id).store_code
    if not partner.active:
        return Outcome(ok=False, permanent=True, error="courier partner deactivated")
    if not partner.webhook_url:
        return Outcome(ok=False, permanent=True, error="courier partner has no webhook URL")
    try:
        secret = partner_secret(settings, partner)
    except SecretUnreadable as exc:
        return Outcome(ok=False, permanent=True, error=f"partner secret: {exc}")
    # Our keys last: a desk payload cannot pass itself off as another call type.
    body = {**call.payload, "type": call.kind, "call_id": call.id, "store_code": store, "attempt": attempt}
    return send_webhook(
        partner.webhook_url, secret, body, f"courier-call-{call.id}", settings.webhook_timeout_s
    )


def run_call_once(db: ServerDatabase, settings: ServerSettings) -> bool:
    """One due courier call: claim, send outside any transaction, record (a delivery worker job)."""
    won = claim_row(db, settings, CourierCall)
    if won is None:
        return False
    call_id, token = won
    with db.read_session() as s:
        attempts = s.get_one(CourierCall, call_id).attempts
    try:
        outcome = send_call(db, settings, call_id, attempts)
    except Exception as exc:  # a bug must not leave the claim dangling until the lease ends
        log.exception("courier call %s: sender raised", call_id)
        outcome = Outcome(ok=False, error=f"internal error: {type(exc).__name__}")
    values = outcome_values(settings, attempts, outcome)
    with db.session() as s:
        if record_row(s, CourierCall, call_id, token, values) and values["state"] in ("failed", "dead"):
            call = s.get_one(CourierCall, call_id)
            partner = s.get_one(CourierPartner, call.partner_id)
            db.append_feed(s, call.station_id, "courier.call_failed", {
                "courier_code": partner.code, "tracking_no": call.tracking_no, "kind": call.kind,
                "state": values["state"], "attempts": attempts, "error": outcome.error,
            })
    return True
