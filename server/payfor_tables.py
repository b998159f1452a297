"""Pay-for-another tables (migration 0007): orders one person pays for another, the contacts
payers bound in advance for their recipients, and the delivery updates of those orders.

An order moves awaiting_payer → paid | closing → closed | cancelled by conditional UPDATEs;
`paid` is set only by the payment handler, inside the transaction that marked the payment paid.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, utcnow
from server.tables import ServerBase


class PayForOrder(ServerBase):
    __tablename__ = "server_payfor_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(40), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"), index=True)
    store_code: Mapped[str] = mapped_column(String(40))
    recipient_key: Mapped[str] = mapped_column(String(80))
    recipient_name: Mapped[str] = mapped_column(String(80), default="")
    recipient_phone: Mapped[str] = mapped_column(String(20), default="")
    recipient_address: Mapped[str] = mapped_column(String(200), default="")
    payer_key: Mapped[str] = mapped_column(String(80))
    payer_name: Mapped[str] = mapped_column(String(80), default="")
    payer_phone: Mapped[str] = mapped_column(String(20), default="")
    goods: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    amount_fen: Mapped[int] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(4), default="zh")
    # awaiting_payer | paid | closing | closed | cancelled
    state: Mapped[str] = mapped_column(String(16), index=True)
    # How the recipient is reached (claims 2-4): server | prebound | phone, and the key/contact used.
    contact_kind: Mapped[str] = mapped_column(String(10))
    contact_key: Mapped[str] = mapped_column(String(80))
    contact_detail: Mapped[str] = mapped_column(String(200), default="")
    payer_link_id: Mapped[int | None] = mapped_column(Integer, default=None)
    requests_sent: Mapped[int] = mapped_column(Integer, default=1)
    out_trade_no: Mapped[str | None] = mapped_column(String(32), default=None)
    courier_code: Mapped[str] = mapped_column(String(20), default="")
    tracking_no: Mapped[str] = mapped_column(String(40), default="", index=True)
    courier_name: Mapped[str] = mapped_column(String(80), default="")
    courier_phone: Mapped[str] = mapped_column(String(20), default="")
    delivery_status: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class PayForContact(ServerBase):
    """A contact a payer bound in advance for one recipient identifier (claim 3)."""

    __tablename__ = "server_payfor_contacts"
    __table_args__ = (UniqueConstraint("store_code", "payer_key", "recipient_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(40))
    payer_key: Mapped[str] = mapped_column(String(80))
    recipient_key: Mapped[str] = mapped_column(String(80))
    # An Apprise URL (mailto://…, a chat webhook) the recipient's notices also go to.
    apprise_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PayForTracking(ServerBase):
    """One delivery update of an order, as the courier posted it (unique per courier request key)."""

    __tablename__ = "server_payfor_tracking"
    __table_args__ = (UniqueConstraint("order_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("server_payfor_orders.id"), index=True)
    request_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
