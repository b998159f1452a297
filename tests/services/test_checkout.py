from __future__ import annotations

import pytest
from sqlalchemy import select

from models import MemberCoupon, MemberCouponState, Order, OrderLine, OutboxEvent
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk


def _code(desk: Desk, name: str) -> str:
    return desk.catalog.search(name)[0].code


@pytest.fixture
def member(desk: Desk) -> int:
    return desk.coupons.find_member("M20260003").id


def test_scan_ranks_offers_best_first_with_why(desk: Desk, member: int) -> None:
    cola, chips = _code(desk, "可乐 1.5L"), _code(desk, "薯片 原味")
    ranked = desk.coupons.ranked_offers([(cola, 3), (chips, 1)], cola, "S001", member)
    codes = [r.offer.code for r in ranked]
    assert codes[0] == "DRINK20" and ranked[0].reason == "best_for_basket"
    assert ranked[0].discount_fen == max(r.discount_fen for r in ranked) > 0
    mj = next(r for r in ranked if r.offer.code == "MJ100")
    assert mj.discount_fen == 0 and mj.reason == "below_threshold" and int(mj.params["missing_fen"]) > 0


def test_checkout_applies_the_best_combination_and_marks_coupons_used(desk: Desk, member: int) -> None:
    desk.coupons.claim_by_code("MJ100", member, "S001")  # store threshold
    drink = desk.coupons.claim_by_code("DRINK20", member, "S001")  # drinks 20% off, cap ¥5
    desk.coupons.claim_by_code("WEEKEND5", member, "S001")  # exclusive: should lose to the two above
    items = [(_code(desk, "可乐 1.5L"), 4), (_code(desk, "洗衣液"), 2), (_code(desk, "纸尿裤 M"), 1)]
    quote = desk.checkout.quote(items, member, "S001")
    applied = {c.code: c for c in quote.coupons if c.applied}
    assert set(applied) == {"MJ100", "DRINK20"}
    assert applied["DRINK20"].discount_fen == 500  # capped
    weekend = next(c for c in quote.coupons if c.code == "WEEKEND5")
    assert not weekend.applied and weekend.reason in ("exclusive_with", "worse_than_chosen")
    assert quote.discount_fen == sum(c.discount_fen for c in applied.values())
    assert sum(line.discount_fen for line in quote.lines) == quote.discount_fen
    assert quote.total_fen == quote.subtotal_fen - quote.discount_fen

    receipt = desk.checkout.pay(items, member, "S001", "cash", tendered_fen=quote.total_fen + 1000,
                                expected_total_fen=quote.total_fen)
    assert receipt.change_fen == 1000 and receipt.quote == quote
    with desk.db.sessions() as s:
        order = s.scalar(select(Order).where(Order.number == receipt.number))
        assert order is not None and order.total_fen == quote.total_fen
        lines = s.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).all()
        assert sum(line.total_fen for line in lines) == order.total_fen
        assert s.scalar(select(MemberCoupon.state).where(MemberCoupon.id == drink.member_coupon_id)) is MemberCouponState.USED
        assert "order.paid" in s.scalars(select(OutboxEvent.topic)).all()
    # The used coupons are gone from the wallet; the next basket gets only what is left.
    assert {c.code for c in desk.coupons.wallet(member)} == {"WEEKEND5"}


def test_cashier_override_and_stale_total(desk: Desk, member: int) -> None:
    mj = desk.coupons.claim_by_code("MJ100", member, "S001")
    items = [(_code(desk, "纸尿裤 M"), 2)]
    best = desk.checkout.quote(items, member, "S001")
    without = desk.checkout.quote(items, member, "S001", only=[])
    assert best.discount_fen > 0 and without.discount_fen == 0
    # Another counter spends the coupon first: the total this counter showed is no longer true.
    desk.checkout.pay(items, member, "S001", "card", reference="POS-1", expected_total_fen=best.total_fen)
    with pytest.raises(DeskError) as info:
        desk.checkout.pay(items, member, "S001", "card", reference="POS-2", expected_total_fen=best.total_fen)
    assert info.value.code is ErrorCode.TOTAL_CHANGED
    with desk.db.sessions() as s:
        assert len(s.scalars(select(Order.id)).all()) == 1
    assert desk.checkout.refund(desk_last_order(desk)) == 1  # refund gives the coupon back
    assert [c.member_coupon_id for c in desk.coupons.wallet(member)] == [mj.member_coupon_id]
    with pytest.raises(DeskError) as info:
        desk.checkout.refund(desk_last_order(desk))
    assert info.value.code is ErrorCode.ORDER_NOT_REFUNDABLE


def desk_last_order(desk: Desk) -> str:
    with desk.db.sessions() as s:
        number = s.scalar(select(Order.number).order_by(Order.id.desc()))
    assert number is not None
    return number


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"method": "cash", "tendered_fen": 1}, ErrorCode.NOT_ENOUGH_CASH),
    ({"method": "card"}, ErrorCode.BAD_PAYMENT),
    ({"method": "bitcoin"}, ErrorCode.BAD_PAYMENT),
])
def test_bad_payments_write_nothing(desk: Desk, kwargs: dict, error: ErrorCode) -> None:  # type: ignore[type-arg]
    items = [(_code(desk, "可乐"), 1)]
    method = kwargs.pop("method")
    with pytest.raises(DeskError) as info:
        desk.checkout.pay(items, None, "S001", method, **kwargs)
    assert info.value.code is error
    with desk.db.sessions() as s:
        assert s.scalar(select(Order.id)) is None
        assert s.scalar(select(OutboxEvent.id).where(OutboxEvent.topic != "member.profile")) is None


def test_empty_basket_and_unknown_product(desk: Desk) -> None:
    with pytest.raises(DeskError) as info:
        desk.checkout.quote([], None, "S001")
    assert info.value.code is ErrorCode.EMPTY_BASKET
    with pytest.raises(DeskError) as info:
        desk.checkout.quote([("4006381333931", 1)], None, "S001")
    assert info.value.code is ErrorCode.UNKNOWN_PRODUCT
