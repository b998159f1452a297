"""The desk's view of pay-for-another orders (migration 0014): what it sent, and what the
server's feed says happened (requested → paid | closed | cancelled; delivery updates)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class PayForOrderRow(Base):
    __tablename__ = "payfor_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(40), unique=True)
    recipient_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None, index=True)
    recipient_name: Mapped[str] = mapped_column(String(60), default="")
    recipient_phone: Mapped[str] = mapped_column(String(20), default="")
    payer_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    payer_name: Mapped[str] = mapped_column(String(60), default="")
    payer_phone: Mapped[str] = mapped_column(String(20), default="")
    goods: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    amount_fen: Mapped[int]
    # sent | awaiting_payer | paid | closed | cancelled | rejected
    state: Mapped[str] = mapped_column(String(16), default="sent", index=True)
    pay_url: Mapped[str] = mapped_column(String(300), default="")
    contact_kind: Mapped[str] = mapped_column(String(10), default="")
    requests_sent: Mapped[int] = mapped_column(default=0)
    delivery_status: Mapped[str] = mapped_column(String(20), default="")
    tracking_no: Mapped[str] = mapped_column(String(40), default="")
    courier_code: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
