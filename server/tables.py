"""The server's own tables, on its own MetaData (never the desktop's models.Base).

A desk and the server may share one database file; separate metadata and a
separate Alembic version table keep the two schemas from ever mixing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.base import UTCDateTime, utcnow  # one UTC column type for desk and server

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ServerMeta(ServerBase):
    """Key/value facts about this server database, e.g. the generated link-signing secret."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Station(ServerBase):
    __tablename__ = "server_stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class EnrolmentCode(ServerBase):
    __tablename__ = "server_enrolment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    store_code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("server_stations.id"), default=None)


class SyncEvent(ServerBase):
    """One outbox event received from a desk; the unique pair makes every retry a no-op."""

    __tablename__ = "server_sync_events"
    __table_args__ = (UniqueConstraint("station_id", "event_id", name="uq_server_sync_events_station_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    event_id: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    client_created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected | stored
    reason: Mapped[str] = mapped_column(String(300), default="")


class FeedEvent(ServerBase):
    """Server-side events for one station; the id is the feed cursor."""

    __tablename__ = "server_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"), index=True)
    topic: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Recipient(ServerBase):
    __tablename__ = "server_recipients"
    __table_args__ = (UniqueConstraint("store_code", "recipient_key", name="uq_server_recipients_store_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(40))
    recipient_key: Mapped[str] = mapped_column(String(80))
    display_name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Message(ServerBase):
    __tablename__ = "server_messages"
    __table_args__ = (
        UniqueConstraint("recipient_id", "dedup_key", name="uq_server_messages_recipient_dedup"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("server_recipients.id"), index=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    source_event_id: Mapped[str] = mapped_column(String(32))
    dedup_key: Mapped[str] = mapped_column(String(120))
    template: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Quiet hours and opt-out (server/delivery/preferences.py): "" = an uncategorised notice.
    category: Mapped[str] = mapped_column(String(40), default="")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Outward channels wait until then (quiet hours); None = at once.
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Why nothing was sent ("opted out of <category>"); "" = not suppressed.
    suppressed: Mapped[str] = mapped_column(String(120), default="")


class Delivery(ServerBase):
    """One channel attempt chain for one message: pending → sending → sent | failed | dead.

    `claim_token` changes on every claim, so a worker whose lease ran out (and whose
    delivery another worker took over) cannot overwrite the newer outcome.
    """

    __tablename__ = "server_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("server_messages.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # inbox | webhook | apprise
    # Apprise URLs carry credentials: stored Fernet-encrypted (server/crypto.py).
    target: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    claim_token: Mapped[str] = mapped_column(String(32), default="")
    last_error: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Link(ServerBase):
    """A signed link (server/links.py): only the SHA-256 of its token is kept.

    `subject` names what the link opens ("recipient:12", "parcel:…"); `max_uses`
    None = reusable until it expires; a use is a compare-and-set on `uses`.
    """

    __tablename__ = "server_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    max_uses: Mapped[int | None] = mapped_column(default=None)
    uses: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class OptOut(ServerBase):
    """A recipient asked not to get one category of messages (or "*": every optional one)."""

    __tablename__ = "server_opt_outs"
    __table_args__ = (
        UniqueConstraint("recipient_id", "category", name="uq_server_opt_outs_recipient_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("server_recipients.id"))
    category: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(16))  # inbox | admin
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StorePrefs(ServerBase):
    """Per-store delivery rules; a store without a row uses the server's defaults."""

    __tablename__ = "server_store_prefs"

    store_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64))
    # "HH:MM-HH:MM" local time, "" = no quiet hours.
    quiet_hours: Mapped[str] = mapped_column(String(11))
    # Categories recipients cannot opt out of (e.g. parcel pickup notices).
    mandatory: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AdminAccount(ServerBase):
    """The admin page's one login: scrypt hash, wrong-password counter and lockout."""

    __tablename__ = "server_admin_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    failed: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class AdminSession(ServerBase):
    __tablename__ = "server_admin_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StationSite(ServerBase):
    """A site (a compound's code, e.g. "C001") a station serves: courier manifests for it reach it."""

    __tablename__ = "server_station_sites"
    __table_args__ = (UniqueConstraint("station_id", "site_code", name="uq_server_station_sites_station_site"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    site_code: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CourierPartner(ServerBase):
    """A courier company allowed to post manifests; its HMAC secret is Fernet-sealed (server/crypto.py)."""

    __tablename__ = "server_courier_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    secret: Mapped[str] = mapped_column(Text)
    webhook_url: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CourierRequest(ServerBase):
    """One accepted signed request of a courier, kept by its Idempotency-Key: a replay gets `response`."""

    __tablename__ = "server_courier_requests"
    __table_args__ = (UniqueConstraint("partner_id", "idempotency_key", name="uq_server_courier_requests_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("server_courier_partners.id"))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # manifest | event
    body_sha256: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CourierParcel(ServerBase):
    """A parcel announced by a courier: announced once per (courier, tracking number)."""

    __tablename__ = "server_courier_parcels"
    __table_args__ = (UniqueConstraint("partner_id", "tracking_no", name="uq_server_courier_parcels_tracking"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("server_courier_partners.id"))
    tracking_no: Mapped[str] = mapped_column(String(40))
    site_code: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[int] = mapped_column(ForeignKey("server_courier_requests.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CourierCall(ServerBase):
    """A signed webhook call to a courier (stored / picked_up / recall); claimed like a Delivery."""

    __tablename__ = "server_courier_calls"
    __table_args__ = (
        UniqueConstraint("partner_id", "tracking_no", "kind", name="uq_server_courier_calls_tracking_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("server_courier_partners.id"))
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    tracking_no: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # parcel.stored | parcel.picked_up | parcel.recall
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    claim_token: Mapped[str] = mapped_column(String(32), default="")
    last_error: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RateCounter(ServerBase):
    """A fixed-window rate-limit counter shared by every server process on this database
    (server/ratelimit.py: the `limits` library's storage when no Redis is configured)."""

    __tablename__ = "server_rate_limits"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
