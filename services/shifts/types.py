"""Plain records of shifts and their X / Z reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    store_code: str
    state: str  # "open" | "closed"
    opened_at: datetime
    opened_by: str  # operator name, "" when unknown
    opening_float_fen: int
    closed_at: datetime | None
    z_number: int | None


@dataclass(frozen=True)
class CashMoveInfo:
    id: int
    kind: str  # "in" | "out"
    amount_fen: int
    reason: str
    operator: str
    at: datetime


@dataclass(frozen=True)
class TenderTotal:
    method: str  # "cash" | "card" | "qr"
    count: int
    total_fen: int


@dataclass(frozen=True)
class ShiftReport:
    """What an X report (mid-shift, any number) or the Z report (at close, once) shows.

    Sales are the store's orders created in [opened_at, until); refunds are orders refunded
    in that window (whenever they were sold: the cash left this drawer now). Expected cash
    starts from *this* shift's opening float — never from another shift's count.
    """

    kind: str  # "X" | "Z"
    number: int  # X: 1, 2, … within the shift; Z: the store's running Z number
    shift_id: int
    store_code: str
    opened_at: datetime
    until: datetime  # when the X was taken / the shift closed
    opened_by: str
    closed_by: str
    opening_float_fen: int
    orders: int
    gross_fen: int  # before discounts
    discount_fen: int
    sales_fen: int  # what customers paid
    tenders: tuple[TenderTotal, ...]
    refunds: int
    refunds_fen: int
    refund_tenders: tuple[TenderTotal, ...]
    coupons_used: int
    coupons_value_fen: int
    discounted_orders: int
    cash_in_fen: int
    cash_out_fen: int
    moves: tuple[CashMoveInfo, ...]
    expected_cash_fen: int
    counted_cash_fen: int | None  # Z only
    difference_fen: int | None  # counted - expected (Z only): negative = short

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("opened_at", "until"):
            data[key] = data[key].isoformat()
        for move in data["moves"]:
            move["at"] = move["at"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ShiftReport:
        d = dict(data)
        d["opened_at"] = datetime.fromisoformat(d["opened_at"])
        d["until"] = datetime.fromisoformat(d["until"])
        d["tenders"] = tuple(TenderTotal(**t) for t in d["tenders"])
        d["refund_tenders"] = tuple(TenderTotal(**t) for t in d["refund_tenders"])
        d["moves"] = tuple(CashMoveInfo(**{**m, "at": datetime.fromisoformat(m["at"])}) for m in d["moves"])
        return cls(**d)
