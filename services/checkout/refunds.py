"""Partial refunds by line, approved by a manager's PIN; an order's detail for the Orders page.

Refunding ``q`` of a line's ``n`` units pays back ``unit price × q`` less the part of the line's
coupon discount those units carried. That part is shared out cumulatively: after ``k`` units
have been refunded, ``floor(discount × k / n)`` of the discount has gone back, so refunds in any
number of pieces add up to exactly the line's total, the discount of the last piece taking the
remainder (the largest-remainder rule for one line). A line's ``refunded_quantity`` moves only by
a conditional UPDATE that keeps it within the quantity: refunding the same units twice, even from
two desks at once, is refused. When every unit of every line has been refunded the order becomes
REFUNDED and its coupons go back to the member's wallet, as a whole-order refund does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import (
    MemberCoupon,
    MemberCouponState,
    Order,
    OrderCoupon,
    OrderLine,
    OrderStatus,
    Refund,
    RefundLine,
)
from models.base import utcnow
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.core.journal import emit_event, record_audit
from services.staff.admin import Approval, StaffService


@dataclass(frozen=True)
class OrderLineRow:
    id: int
    code: str
    name: str
    unit_price_fen: int
    quantity: int
    discount_fen: int
    total_fen: int
    refunded_quantity: int


@dataclass(frozen=True)
class RefundedLine:
    line_id: int
    quantity: int
    discount_fen: int
    amount_fen: int


@dataclass(frozen=True)
class RefundResult:
    refund_id: int
    order_number: str
    amount_fen: int
    lines: tuple[RefundedLine, ...]
    order_refunded: bool  # every unit is now refunded
    coupons_released: int
    approved_by: int


def discount_share(discount_fen: int, quantity: int, refunded_before: int, refunding: int) -> int:
    """The part of a line's discount that ``refunding`` more units carry (see the module doc)."""
    return (discount_fen * (refunded_before + refunding)) // quantity - (discount_fen * refunded_before) // quantity


class RefundService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._staff = StaffService(sessions)

    def order_lines(self, order_number: str) -> list[OrderLineRow]:
        with self._sessions() as session:
            order_id = session.scalar(select(Order.id).where(Order.number == order_number))
            if order_id is None:
                raise DeskError(ErrorCode.UNKNOWN_ORDER, number=order_number)
            rows = session.scalars(select(OrderLine).where(OrderLine.order_id == order_id).order_by(OrderLine.id))
            return [OrderLineRow(r.id, r.code, r.name, r.unit_price_fen, r.quantity, r.discount_fen, r.total_fen,
                                 r.refunded_quantity) for r in rows]

    def refund_lines(self, order_number: str, quantities: Mapping[int, int], operator_id: int | None,
                     approver_id: int, approver_pin: str, now: datetime | None = None) -> RefundResult:
        """Refund ``quantities`` ({order line id: units}) of a paid order, once a manager's PIN approves.

        The PIN is checked first (with the login's lockout, audited); then all the lines or none.
        """
        now = now or utcnow()
        wanted = {line: q for line, q in quantities.items() if q != 0}
        if not wanted or any(q < 0 for q in wanted.values()):
            raise DeskError(ErrorCode.QUANTITY_OUT_OF_RANGE, quantity=min(wanted.values(), default=0))
        with self._sessions() as session:
            if session.scalar(select(Order.id).where(Order.number == order_number)) is None:
                raise DeskError(ErrorCode.UNKNOWN_ORDER, number=order_number)
        self._staff.approve(approver_id, approver_pin, Approval.REFUND, order_number, requested_by=operator_id,
                            now=now)
        with unit_of_work(self._sessions) as session:
            order = session.scalars(select(Order).where(Order.number == order_number)).one()
            if order.status is not OrderStatus.PAID:
                raise DeskError(ErrorCode.ORDER_NOT_REFUNDABLE, number=order_number)
            refund = Refund(order_id=order.id, amount_fen=0, operator_id=operator_id, approved_by=approver_id,
                            created_at=now)
            session.add(refund)
            session.flush()
            done: list[RefundedLine] = []
            for line_id, q in sorted(wanted.items()):
                moved = session.execute(
                    update(OrderLine)
                    .where(OrderLine.id == line_id, OrderLine.order_id == order.id,
                           OrderLine.refunded_quantity + q <= OrderLine.quantity)
                    .values(refunded_quantity=OrderLine.refunded_quantity + q)
                )
                if moved.rowcount != 1:  # type: ignore[attr-defined]
                    left = session.execute(select(OrderLine.quantity - OrderLine.refunded_quantity).where(
                        OrderLine.id == line_id, OrderLine.order_id == order.id)).scalar()
                    if left is None:
                        raise DeskError(ErrorCode.UNKNOWN_ORDER, number=order_number, line_id=line_id)
                    raise DeskError(ErrorCode.ALREADY_REFUNDED, number=order_number, line_id=line_id,
                                    refundable=left)
                line = session.execute(select(OrderLine.unit_price_fen, OrderLine.quantity, OrderLine.discount_fen,
                                              OrderLine.refunded_quantity).where(OrderLine.id == line_id)).one()
                share = discount_share(line.discount_fen, line.quantity, line.refunded_quantity - q, q)
                amount = line.unit_price_fen * q - share
                session.add(RefundLine(refund_id=refund.id, order_line_id=line_id, quantity=q, discount_fen=share,
                                       amount_fen=amount))
                done.append(RefundedLine(line_id, q, share, amount))
            refund.amount_fen = sum(d.amount_fen for d in done)
            left_units = session.scalar(select(func.sum(OrderLine.quantity - OrderLine.refunded_quantity))
                                        .where(OrderLine.order_id == order.id))
            released: list[int] = []
            whole = not left_units
            if whole:
                session.execute(update(Order).where(Order.id == order.id, Order.status == OrderStatus.PAID)
                                .values(status=OrderStatus.REFUNDED, refunded_at=now))
                released = list(session.scalars(select(OrderCoupon.member_coupon_id)
                                                .where(OrderCoupon.order_id == order.id)))
                if released:
                    session.execute(update(MemberCoupon)
                                    .where(MemberCoupon.id.in_(released), MemberCoupon.state == MemberCouponState.USED)
                                    .values(state=MemberCouponState.CLAIMED, used_at=None))
            record_audit(session, "order_lines_refunded", subject=order_number, operator_id=operator_id,
                         detail={"refund_id": refund.id, "approved_by": approver_id, "amount_fen": refund.amount_fen,
                                 "lines": {str(d.line_id): d.quantity for d in done}, "coupons_released": released})
            emit_event(session, "order.refunded" if whole else "order.partly_refunded",
                       {"order_number": order_number, "amount_fen": refund.amount_fen, "coupons": released})
            return RefundResult(refund.id, order_number, refund.amount_fen, tuple(done), whole, len(released),
                                approver_id)
