"""The server's payment tables (migration 0004), on the server's own metadata.

A payable order (`server_payment_orders`, one row per order reference) can have several
payment attempts (`server_payments`, one per out_trade_no); at most one of them is the
order's paid payment, set by a conditional UPDATE of `paid_payment_id` — a second paid
attempt finds it taken and is refunded as a surplus.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, utcnow
from server.tables import ServerBase


class PaymentOrder(ServerBase):
    __tablename__ = "server_payment_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_ref: Mapped[str] = mapped_column(String(64), unique=True)
    # The station whose feed hears about this order's payments; None = a server-side order.
    station_id: Mapped[int | None] = mapped_column(ForeignKey("server_stations.id"), default=None)
    amount_fen: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(8))
    paid_payment_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Payment(ServerBase):
    """One attempt to pay an order: pending → paid | closed | surplus | attention → refunded."""

    __tablename__ = "server_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("server_payment_orders.id"), index=True)
    out_trade_no: Mapped[str] = mapped_column(String(32), unique=True)
    provider: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(String(127))
    pay_url: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(12), index=True)
    attention: Mapped[str] = mapped_column(String(200), default="")
    transaction_id: Mapped[str | None] = mapped_column(String(64), default=None)
    payer_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    paid_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    refund_requested_fen: Mapped[int] = mapped_column(Integer, default=0)
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class PaymentRefund(ServerBase):
    """requested → processing → success; the same out_refund_no on every retry."""

    __tablename__ = "server_payment_refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("server_payments.id"), index=True)
    out_refund_no: Mapped[str] = mapped_column(String(64), unique=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    refund_id: Mapped[str] = mapped_column(String(64), default="")
    # Where the money goes back: the payment's payer (never anyone else).
    payer_ref: Mapped[str] = mapped_column(String(64), default="")
    to_account: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class PaymentEvent(ServerBase):
    """A verified gateway event, applied once: the unique event id makes every repeat a no-op."""

    __tablename__ = "server_payment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    out_trade_no: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PaymentNotifyLog(ServerBase):
    """Every notification received, accepted or not (forged, stale, replayed, mismatched)."""

    __tablename__ = "server_payment_notify_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    verdict: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(64), default="")
    out_trade_no: Mapped[str] = mapped_column(String(32), default="")
    body_sha256: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(300), default="")
