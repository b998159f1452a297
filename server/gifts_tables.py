"""The server's gift tables (migration 0015), on the server's own metadata.

A gift (`server_gifts`) is one paid present waiting for its recipient. Its claim link is a
128-bit token of which only the SHA-256 is stored; claiming moves the gift from `shared`
to `claimed` by one conditional UPDATE on (state, token hash, expiry), so of two phones
claiming the same link one wins and the other finds the row changed. The gift order
(`server_gift_orders`, unique per gift) is written in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, utcnow
from server.tables import ServerBase


class Gift(ServerBase):
    """created → paid → shared → claimed → delivered; paid|shared → expired → refunded;
    paid|shared → cancelled (→ refunded). Never back from claimed."""

    __tablename__ = "server_gifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    gift_no: Mapped[str] = mapped_column(String(40), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(80))
    wording: Mapped[str] = mapped_column(String(200), default="")
    image_url: Mapped[str] = mapped_column(String(300), default="")
    amount_fen: Mapped[int] = mapped_column(Integer)
    giver_phone: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(2), default="zh")
    message: Mapped[str] = mapped_column(String(140), default="")
    bind_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    link_ttl_s: Mapped[int] = mapped_column(Integer, default=24 * 3600)
    state: Mapped[str] = mapped_column(String(12), index=True)
    # "gateway" (out_trade_no set) or "till:<method>": where a refund goes.
    pay_route: Mapped[str] = mapped_column(String(20), default="")
    out_trade_no: Mapped[str | None] = mapped_column(String(32), default=None)
    out_refund_no: Mapped[str | None] = mapped_column(String(64), default=None)
    token_hash: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, index=True)
    otp_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    otp_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    otp_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    otp_tries: Mapped[int] = mapped_column(Integer, default=0)
    otp_wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    confirmed_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class GiftOrder(ServerBase):
    """The order a claim generates: who, where, when. The address never reaches the giver."""

    __tablename__ = "server_gift_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    gift_id: Mapped[int] = mapped_column(ForeignKey("server_gifts.id"), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200), default="")
    pickup: Mapped[bool] = mapped_column(default=False)
    slot: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
