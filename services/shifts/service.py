"""Shifts at a store's till: open with a float, cash in/out with a reason, X reports, close with a count.

Races are settled by the database, never by reading first: a second open shift for a store
hits the unique ``open_store_id``; a cash move or an X report first marks the shift row with a
conditional UPDATE (``… WHERE state = 'open'``), so it either lands before the close or fails
with SHIFT_NOT_OPEN; the close itself is a conditional UPDATE, so a shift closes once and its
Z report is written once (unique ``(shift_id, kind, seq)``, ``(store_id, z_number)``).

Sales are attributed by time: the store's orders created while the shift was open. One till per
store is assumed (the unique open shift per store says so); several tills per store need the
order to carry its shift.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import (
    CashMove,
    CashMoveKind,
    Operator,
    Order,
    OrderCoupon,
    OrderStatus,
    Shift,
    ShiftReportRecord,
    ShiftState,
    Store,
)
from models.base import utcnow
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.shifts.types import CashMoveInfo, ShiftInfo, ShiftReport, TenderTotal

MAX_FEN = 100_000_000_00  # ¥100 million: anything above is a typing mistake
METHODS = ("cash", "card", "qr")


def _amount(field: str, value: object, *, positive: bool) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value > MAX_FEN or value < (1 if positive else 0):
        raise DeskError(ErrorCode.SHIFT_BAD_AMOUNT, field=field, value=value)
    return value


def _note(text: str) -> str:
    return " ".join(text.split())[:200]


class ShiftService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- reading -------------------------------------------------------------------------------

    def _store_id(self, s: Session, store_code: str) -> int:
        store_id = s.scalar(select(Store.id).where(Store.code == store_code))
        if store_id is None:
            raise DeskError(ErrorCode.UNKNOWN_STORE, code=store_code)
        return store_id

    @staticmethod
    def _operator_name(s: Session, operator_id: int | None) -> str:
        return (s.scalar(select(Operator.name).where(Operator.id == operator_id)) or "") if operator_id else ""

    def _info(self, s: Session, shift: Shift) -> ShiftInfo:
        code = s.scalar(select(Store.code).where(Store.id == shift.store_id)) or ""
        return ShiftInfo(shift.id, code, shift.state.value, shift.opened_at, self._operator_name(s, shift.opened_by),
                         shift.opening_float_fen, shift.closed_at, shift.z_number)

    def current(self, store_code: str) -> ShiftInfo | None:
        """The store's open shift, if any."""
        with self._sessions() as s:
            shift = s.scalar(select(Shift).where(Shift.open_store_id == self._store_id(s, store_code)))
            return self._info(s, shift) if shift else None

    def reports(self, shift_id: int) -> list[ShiftReport]:
        """The X and Z reports kept for a shift, in the order they were taken."""
        with self._sessions() as s:
            rows = s.scalars(select(ShiftReportRecord).where(ShiftReportRecord.shift_id == shift_id)
                             .order_by(ShiftReportRecord.id)).all()
            return [ShiftReport.from_json(r.data) for r in rows]

    # --- writing -------------------------------------------------------------------------------

    def open(self, store_code: str, float_fen: int, *, operator_id: int | None = None, note: str = "",
             now: datetime | None = None) -> ShiftInfo:
        """Open the store's shift with the counted opening float; SHIFT_ALREADY_OPEN if one is open."""
        _amount("float_fen", float_fen, positive=False)
        now = now or utcnow()
        try:
            with unit_of_work(self._sessions) as s:
                store_id = self._store_id(s, store_code)
                shift = Shift(store_id=store_id, open_store_id=store_id, state=ShiftState.OPEN, opened_at=now,
                              opened_by=operator_id, opening_float_fen=float_fen, opening_note=_note(note),
                              closing_note="")
                s.add(shift)
                s.flush()
                record_audit(s, "shift_opened", subject=str(shift.id), detail={"float_fen": float_fen},
                             operator_id=operator_id)
                return self._info(s, shift)
        except IntegrityError:
            with self._sessions() as s:
                open_id = s.scalar(select(Shift.id).where(Shift.open_store_id == self._store_id(s, store_code)))
            raise DeskError(ErrorCode.SHIFT_ALREADY_OPEN, store_code=store_code, shift_id=open_id) from None

    @staticmethod
    def _claim_open(s: Session, shift_id: int) -> Shift:
        """Mark the open shift's row (a conditional UPDATE that waits for, or loses to, a close)."""
        done = s.execute(update(Shift).where(Shift.id == shift_id, Shift.state == ShiftState.OPEN)
                         .values(opening_note=Shift.opening_note))
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise DeskError(ErrorCode.SHIFT_NOT_OPEN, shift_id=shift_id)
        shift = s.get(Shift, shift_id)
        assert shift is not None
        return shift

    def cash_move(self, shift_id: int, kind: str, amount_fen: int, reason: str, *, operator_id: int | None = None,
                  now: datetime | None = None) -> CashMoveInfo:
        """Cash put into ("in") or taken out of ("out") the drawer, with the reason given."""
        try:
            move_kind = CashMoveKind(kind)
        except ValueError:
            raise DeskError(ErrorCode.SHIFT_BAD_AMOUNT, field="kind", value=kind) from None
        _amount("amount_fen", amount_fen, positive=True)
        reason = _note(reason)
        if not reason:
            raise DeskError(ErrorCode.SHIFT_REASON_REQUIRED)
        now = now or utcnow()
        with unit_of_work(self._sessions) as s:
            self._claim_open(s, shift_id)
            move = CashMove(shift_id=shift_id, kind=move_kind, amount_fen=amount_fen, reason=reason,
                            operator_id=operator_id, created_at=now)
            s.add(move)
            s.flush()
            record_audit(s, "cash_move", subject=str(shift_id),
                         detail={"kind": kind, "amount_fen": amount_fen, "reason": reason}, operator_id=operator_id)
            return CashMoveInfo(move.id, kind, amount_fen, reason, self._operator_name(s, operator_id), now)

    def x_report(self, shift_id: int, *, operator_id: int | None = None, now: datetime | None = None) -> ShiftReport:
        """A mid-shift snapshot (kept, numbered within the shift); totals are not reset."""
        now = now or utcnow()
        with unit_of_work(self._sessions) as s:
            shift = self._claim_open(s, shift_id)
            seq = (s.scalar(select(func.max(ShiftReportRecord.seq)).where(
                ShiftReportRecord.shift_id == shift_id, ShiftReportRecord.kind == "X")) or 0) + 1
            report = self._report(s, shift, "X", seq, now, closed_by="", counted=None)
            s.add(ShiftReportRecord(shift_id=shift_id, kind="X", seq=seq, created_at=now, operator_id=operator_id,
                                    data=report.to_json()))
            return report

    def close(self, shift_id: int, counted_cash_fen: int, *, operator_id: int | None = None, note: str = "",
              open_sale_items: int = 0, now: datetime | None = None) -> ShiftReport:
        """Close with the counted cash; returns the Z report, which is kept and never redone.

        ``open_sale_items``: items in the till's unpaid basket — a shift does not close under a sale.
        """
        if open_sale_items:
            raise DeskError(ErrorCode.SHIFT_OPEN_SALE, items=open_sale_items)
        _amount("counted_cash_fen", counted_cash_fen, positive=False)
        now = now or utcnow()
        with unit_of_work(self._sessions) as s:
            done = s.execute(
                update(Shift).where(Shift.id == shift_id, Shift.state == ShiftState.OPEN)
                .values(state=ShiftState.CLOSED, open_store_id=None, closed_at=now, closed_by=operator_id,
                        counted_cash_fen=counted_cash_fen, closing_note=_note(note))
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise DeskError(ErrorCode.SHIFT_NOT_OPEN, shift_id=shift_id)
            shift = s.get(Shift, shift_id)
            assert shift is not None
            s.refresh(shift)
            z_number = (s.scalar(select(func.max(Shift.z_number)).where(Shift.store_id == shift.store_id)) or 0) + 1
            report = self._report(s, shift, "Z", z_number, now, closed_by=self._operator_name(s, operator_id),
                                  counted=counted_cash_fen)
            shift.z_number = z_number
            shift.expected_cash_fen = report.expected_cash_fen
            shift.difference_fen = report.difference_fen
            s.add(ShiftReportRecord(shift_id=shift_id, kind="Z", seq=1, created_at=now, operator_id=operator_id,
                                    data=report.to_json()))
            record_audit(s, "shift_closed", subject=str(shift_id),
                         detail={"z_number": z_number, "expected_cash_fen": report.expected_cash_fen,
                                 "counted_cash_fen": counted_cash_fen, "difference_fen": report.difference_fen},
                         operator_id=operator_id)
            return report

    # --- the report ----------------------------------------------------------------------------

    def _report(self, s: Session, shift: Shift, kind: str, number: int, until: datetime, *, closed_by: str,
                counted: int | None) -> ShiftReport:
        start = shift.opened_at
        in_window = (Order.store_id == shift.store_id, Order.created_at >= start, Order.created_at < until)
        sales = s.execute(
            select(Order.payment_method, func.count(), func.coalesce(func.sum(Order.total_fen), 0),
                   func.coalesce(func.sum(Order.subtotal_fen), 0), func.coalesce(func.sum(Order.discount_fen), 0),
                   func.count().filter(Order.discount_fen > 0))
            .where(*in_window).group_by(Order.payment_method)
        ).all()
        refunds = s.execute(
            select(Order.payment_method, func.count(), func.coalesce(func.sum(Order.total_fen), 0))
            .where(Order.store_id == shift.store_id, Order.status == OrderStatus.REFUNDED,
                   Order.refunded_at >= start, Order.refunded_at < until)
            .group_by(Order.payment_method)
        ).all()
        coupons = s.execute(
            select(func.count(), func.coalesce(func.sum(OrderCoupon.discount_fen), 0))
            .join(Order, Order.id == OrderCoupon.order_id).where(*in_window)
        ).one()
        moves = s.execute(
            select(CashMove, Operator.name).outerjoin(Operator, Operator.id == CashMove.operator_id)
            .where(CashMove.shift_id == shift.id).order_by(CashMove.id)  # by shift, not by clock: a move
            # whose clock read came after the close's but which committed first belongs to this Z
        ).all()
        by_method: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        gross = discount = discounted = 0
        for method, count, total, subtotal, disc, n_disc in sales:
            by_method[method.value][0] += int(count)
            by_method[method.value][1] += int(total)
            gross += int(subtotal)
            discount += int(disc)
            discounted += int(n_disc)
        refund_by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for method, count, total in refunds:
            refund_by[method.value][0] += int(count)
            refund_by[method.value][1] += int(total)

        def tenders(d: dict[str, list[int]]) -> tuple[TenderTotal, ...]:
            order = {m: i for i, m in enumerate(METHODS)}
            return tuple(TenderTotal(m, c, t) for m, (c, t) in sorted(d.items(), key=lambda kv: order.get(kv[0], 9)))

        move_infos = tuple(CashMoveInfo(m.id, m.kind.value, m.amount_fen, m.reason, name or "", m.created_at)
                           for m, name in moves)
        cash_in = sum(m.amount_fen for m in move_infos if m.kind == "in")
        cash_out = sum(m.amount_fen for m in move_infos if m.kind == "out")
        expected = (shift.opening_float_fen + by_method.get("cash", [0, 0])[1] - refund_by.get("cash", [0, 0])[1]
                    + cash_in - cash_out)
        code = s.scalar(select(Store.code).where(Store.id == shift.store_id)) or ""
        return ShiftReport(
            kind=kind, number=number, shift_id=shift.id, store_code=code, opened_at=start, until=until,
            opened_by=self._operator_name(s, shift.opened_by), closed_by=closed_by,
            opening_float_fen=shift.opening_float_fen,
            orders=sum(c for c, _ in by_method.values()), gross_fen=gross, discount_fen=discount,
            sales_fen=sum(t for _, t in by_method.values()), tenders=tenders(by_method),
            refunds=sum(c for c, _ in refund_by.values()), refunds_fen=sum(t for _, t in refund_by.values()),
            refund_tenders=tenders(refund_by), coupons_used=int(coupons[0]), coupons_value_fen=int(coupons[1]),
            discounted_orders=discounted, cash_in_fen=cash_in, cash_out_fen=cash_out, moves=move_infos,
            expected_cash_fen=expected, counted_cash_fen=counted,
            difference_fen=None if counted is None else counted - expected,
        )
