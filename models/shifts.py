"""Till shifts: the opening float, cash put in or taken out, the count at close, and the reports kept."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class ShiftState(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CashMoveKind(enum.StrEnum):
    IN = "in"
    OUT = "out"


def _enum(cls: type[enum.StrEnum]) -> Enum:
    return Enum(cls, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Shift(Base):
    """One till's shift. ``open_store_id`` is the store while the shift is open and NULL once it is
    closed: its unique constraint is what keeps a store from having two open shifts at once."""

    __tablename__ = "shifts"
    __table_args__ = (
        UniqueConstraint("open_store_id"),  # one open shift per store
        UniqueConstraint("store_id", "z_number"),  # each Z number once per store
        CheckConstraint("opening_float_fen >= 0", name="float_not_negative"),
        CheckConstraint("counted_cash_fen IS NULL OR counted_cash_fen >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    open_store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)
    state: Mapped[ShiftState] = mapped_column(_enum(ShiftState), default=ShiftState.OPEN)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    opening_float_fen: Mapped[int]
    opening_note: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    counted_cash_fen: Mapped[int | None] = mapped_column(default=None)
    expected_cash_fen: Mapped[int | None] = mapped_column(default=None)
    difference_fen: Mapped[int | None] = mapped_column(default=None)
    closing_note: Mapped[str] = mapped_column(String(200), default="")
    z_number: Mapped[int | None] = mapped_column(default=None)


class CashMove(Base):
    __tablename__ = "cash_moves"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[CashMoveKind] = mapped_column(_enum(CashMoveKind))
    amount_fen: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ShiftReportRecord(Base):
    """An X (any number, ``seq`` 1, 2, …) or the Z (once, ``seq`` 1) report as it was printed."""

    __tablename__ = "shift_reports"
    __table_args__ = (UniqueConstraint("shift_id", "kind", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(1))  # "X" | "Z"
    seq: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
