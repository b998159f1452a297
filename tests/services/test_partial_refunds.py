"""Partial refunds by line with a manager's PIN, on real SQLite (and PostgreSQL for the race)."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy import select

from models import AuditEntry, MemberCoupon, MemberCouponState, Order, OutboxEvent, RefundLine
from services.checkout.refunds import discount_share
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk


def _id(desk: Desk, login: str) -> int:
    return next(o.id for o in desk.staff.operators() if o.login == login)


def _code(desk: Desk, name: str) -> str:
    return desk.catalog.search(name)[0].code


def _sale(desk: Desk) -> tuple[str, int]:
    """A member's sale with two coupons spread over three lines; (order number, drink coupon id)."""
    member = desk.coupons.find_member("M20260003").id
    desk.coupons.claim_by_code("MJ100", member, "S001")
    drink = desk.coupons.claim_by_code("DRINK20", member, "S001")
    items = [(_code(desk, "可乐 1.5L"), 4), (_code(desk, "洗衣液"), 2), (_code(desk, "纸尿裤 M"), 1)]
    quote = desk.checkout.quote(items, member, "S001")
    assert quote.discount_fen > 0
    receipt = desk.checkout.pay(items, member, "S001", "cash", tendered_fen=quote.total_fen,
                                expected_total_fen=quote.total_fen, operator_id=_id(desk, "cashier"))
    return receipt.number, drink.member_coupon_id


def test_discount_shares_add_up_in_any_pieces() -> None:
    for discount in (0, 1, 7, 99, 100, 1001, 9999):
        for pieces in itertools.chain.from_iterable(itertools.product(range(1, 4), repeat=n) for n in range(1, 5)):
            quantity = sum(pieces)
            done, shares = 0, []
            for q in pieces:
                shares.append(discount_share(discount, quantity, done, q))
                done += q
            assert sum(shares) == discount and all(s >= 0 for s in shares)


def test_refund_lines_in_pieces_adds_up_to_the_order(desk: Desk) -> None:
    number, drink = _sale(desk)
    cashier, admin = _id(desk, "cashier"), _id(desk, "admin")
    lines = desk.refunds.order_lines(number)
    assert len(lines) == 3 and sum(line.discount_fen for line in lines) > 0
    first = desk.refunds.refund_lines(number, {lines[0].id: 1, lines[1].id: 2}, cashier, admin, "9999")
    assert not first.order_refunded and first.coupons_released == 0 and first.approved_by == admin
    assert first.amount_fen == sum(d.amount_fen for d in first.lines)
    assert [line.refunded_quantity for line in desk.refunds.order_lines(number)] == [1, 2, 0]
    with pytest.raises(DeskError) as info:  # refunded twice
        desk.refunds.refund_lines(number, {lines[1].id: 1}, cashier, admin, "9999")
    assert info.value.code is ErrorCode.ALREADY_REFUNDED and info.value.params["refundable"] == 0
    with pytest.raises(DeskError) as info:  # more than is left; nothing of this refund is written
        desk.refunds.refund_lines(number, {lines[2].id: 1, lines[0].id: 4}, cashier, admin, "9999")
    assert info.value.code is ErrorCode.ALREADY_REFUNDED and info.value.params["refundable"] == 3
    assert [line.refunded_quantity for line in desk.refunds.order_lines(number)] == [1, 2, 0]
    with pytest.raises(DeskError) as info:  # the whole-order refund no longer applies
        desk.checkout.refund(number)
    assert info.value.code is ErrorCode.ORDER_NOT_REFUNDABLE
    second = desk.refunds.refund_lines(number, {lines[0].id: 3}, cashier, admin, "9999")
    last = desk.refunds.refund_lines(number, {lines[2].id: 1}, cashier, admin, "9999")
    assert not second.order_refunded and last.order_refunded and last.coupons_released == 2
    with desk.db.sessions() as s:
        order = s.scalars(select(Order).where(Order.number == number)).one()
        assert first.amount_fen + second.amount_fen + last.amount_fen == order.total_fen
        assert sum(s.scalars(select(RefundLine.discount_fen))) == order.discount_fen
        assert s.get(MemberCoupon, drink) is not None
        assert s.scalar(select(MemberCoupon.state).where(MemberCoupon.id == drink)) is MemberCouponState.CLAIMED
        actions = list(s.scalars(select(AuditEntry.action)))
        assert actions.count("approved_refund") == 5 and actions.count("order_lines_refunded") == 3
        topics = list(s.scalars(select(OutboxEvent.topic)))
        assert topics.count("order.partly_refunded") == 2 and topics.count("order.refunded") == 1
    with pytest.raises(DeskError) as info:
        desk.refunds.refund_lines(number, {lines[0].id: 1}, cashier, admin, "9999")
    assert info.value.code is ErrorCode.ORDER_NOT_REFUNDABLE


def test_refund_needs_a_managers_pin(desk: Desk) -> None:
    number, _ = _sale(desk)
    cashier, admin = _id(desk, "cashier"), _id(desk, "admin")
    line = desk.refunds.order_lines(number)[0]
    for approver, pin, code in ((cashier, "1111", ErrorCode.NOT_APPROVED), (admin, "0000", ErrorCode.WRONG_PIN)):
        with pytest.raises(DeskError) as info:
            desk.refunds.refund_lines(number, {line.id: 1}, cashier, approver, pin)
        assert info.value.code is code
    for bad, code in (({}, ErrorCode.QUANTITY_OUT_OF_RANGE), ({line.id: -1}, ErrorCode.QUANTITY_OUT_OF_RANGE),
                      ({999_999: 1}, ErrorCode.UNKNOWN_ORDER)):
        with pytest.raises(DeskError) as info:
            desk.refunds.refund_lines(number, bad, cashier, admin, "9999")
        assert info.value.code is code
    with pytest.raises(DeskError) as info:
        desk.refunds.refund_lines("NOPE", {line.id: 1}, cashier, admin, "9999")
    assert info.value.code is ErrorCode.UNKNOWN_ORDER
    assert all(r.refunded_quantity == 0 for r in desk.refunds.order_lines(number))


def test_two_desks_refunding_the_same_units_at_once(pg_url: str) -> None:
    desk = Desk.open(pg_url)
    try:
        number, _ = _sale(desk)
        cashier, admin = _id(desk, "cashier"), _id(desk, "admin")
        line = desk.refunds.order_lines(number)[1]  # 2 units
        barrier = threading.Barrier(2)
        errors: list[ErrorCode] = []

        def refund() -> None:
            barrier.wait()
            try:
                desk.refunds.refund_lines(number, {line.id: 2}, cashier, admin, "9999")
            except DeskError as exc:
                errors.append(exc.code)

        threads = [threading.Thread(target=refund) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [ErrorCode.ALREADY_REFUNDED]
        assert desk.refunds.order_lines(number)[1].refunded_quantity == 2
    finally:
        desk.close()
