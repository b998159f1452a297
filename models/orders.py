"""Settled sales: the order, its lines with their discount shares, the coupons it used."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class OrderStatus(enum.StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    QR = "qr"  # a WeChat Pay / Alipay code: the reference is the payment's transaction number


def _enum(cls: type[enum.StrEnum]) -> Enum:
    return Enum(cls, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("total_fen = subtotal_fen - discount_fen", name="total_adds_up"),
        CheckConstraint("discount_fen >= 0 AND total_fen >= 0", name="money_not_negative"),
        Index("ix_orders_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None, index=True)
    subtotal_fen: Mapped[int]
    discount_fen: Mapped[int]
    total_fen: Mapped[int]
    payment_method: Mapped[PaymentMethod] = mapped_column(_enum(PaymentMethod))
    payment_reference: Mapped[str] = mapped_column(String(64), default="")
    tendered_fen: Mapped[int] = mapped_column(default=0)  # cash handed over; change = tendered - total
    status: Mapped[OrderStatus] = mapped_column(_enum(OrderStatus), default=OrderStatus.PAID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("total_fen = unit_price_fen * quantity - discount_fen", name="line_adds_up"),
        CheckConstraint("refunded_quantity >= 0 AND refunded_quantity <= quantity", name="refund_within_line"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    code: Mapped[str] = mapped_column(String(14))
    name: Mapped[str] = mapped_column(String(100))
    unit_price_fen: Mapped[int]
    quantity: Mapped[int]
    discount_fen: Mapped[int]
    total_fen: Mapped[int]
    # Units given back by partial refunds; moved only by a conditional UPDATE that keeps it within
    # the quantity, so the same units cannot be refunded twice, even from two desks at once.
    refunded_quantity: Mapped[int] = mapped_column(default=0)


class Refund(Base):
    """One refund of some lines of an order, approved by a manager."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    amount_fen: Mapped[int]
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RefundLine(Base):
    __tablename__ = "refund_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    quantity: Mapped[int]
    discount_fen: Mapped[int]  # the part of the line's coupon discount these units carried
    amount_fen: Mapped[int]  # paid back: unit price × quantity − discount_fen


class OrderCoupon(Base):
    __tablename__ = "order_coupons"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    member_coupon_id: Mapped[int] = mapped_column(ForeignKey("member_coupons.id"), unique=True)
    discount_fen: Mapped[int]
