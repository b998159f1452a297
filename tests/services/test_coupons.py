from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import CouponTemplate, MemberCoupon, OutboxEvent, Store
from models.base import utcnow
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from tests.services import claim_worker


def _template_id(desk: Desk, code: str) -> int:
    with desk.db.sessions() as s:
        tid = s.scalar(select(CouponTemplate.id).where(CouponTemplate.code == code))
    assert tid is not None
    return tid


def _members(desk: Desk, n: int) -> list[int]:
    from models import Member

    with desk.db.sessions() as s:
        return list(s.scalars(select(Member.id).order_by(Member.id).limit(n)))


def _outbox(desk: Desk) -> list[OutboxEvent]:
    with desk.db.sessions() as s:
        # The demo's member.profile events (one per demo member) are not what these tests count.
        return list(s.scalars(select(OutboxEvent).where(OutboxEvent.topic != "member.profile")
                              .order_by(OutboxEvent.id)))


def test_scanning_cola_surfaces_product_category_store_and_order_coupons(desk: Desk) -> None:
    cola = desk.catalog.search("可乐")[0]
    codes = {o.code for o in desk.coupons.offers_for_product(cola.code, "S001")}
    assert {"COLA1", "DRINK20", "MJ100", "WEEKEND5"} <= codes
    assert "NEW5" not in codes  # code-only coupons are not surfaced by a scan
    assert not codes & {"SNACK21", "DAIRY5"}  # other categories' coupons stay out
    noodles = desk.catalog.search("牛肉面")[0]
    assert "NOODLE3" not in {o.code for o in desk.coupons.offers_for_product(noodles.code, "S001")}  # paused


def test_claim_binds_the_coupon_and_queues_the_notice_in_one_transaction(desk: Desk) -> None:
    member = desk.coupons.find_member("M20260001")
    claimed = desk.coupons.claim(_template_id(desk, "MJ100"), member.id, "S001")
    assert claimed.code == "MJ100"
    assert claimed.expires_at is not None
    assert timedelta(days=29) < claimed.expires_at - utcnow() <= timedelta(days=30)  # 30 days after claim
    assert [c.member_coupon_id for c in desk.coupons.wallet(member.id)] == [claimed.member_coupon_id]
    events = _outbox(desk)
    assert len(events) == 1 and events[0].topic == "notify.member"
    assert events[0].payload["template"] == "coupon_claimed"
    assert events[0].payload["dedup_key"] == f"coupon_claimed:member-coupon:{claimed.member_coupon_id}"
    assert "phone" not in str(events[0].payload)  # the phone number stays at the desk
    # The event is what the server accepts (its contract, checked by its own model).
    from server.delivery.notify import NotifyMember

    NotifyMember.model_validate(events[0].payload)
    offers = {o.code: o for o in desk.coupons.offers_for_product(desk.catalog.search("可乐")[0].code, "S001", member.id)}
    assert offers["MJ100"].claimed_by_member == 1 and offers["MJ100"].stock_left == 499


def test_find_member_by_code_or_phone_and_unknown(desk: Desk) -> None:
    by_code = desk.coupons.find_member(" m20260002 ")
    from models import Member

    with desk.db.sessions() as s:
        phone = s.scalar(select(Member.phone).where(Member.id == by_code.id))
    assert phone is not None
    assert desk.coupons.find_member(phone) == by_code
    assert by_code.phone_masked == phone[:3] + "****" + phone[-4:]
    with pytest.raises(DeskError) as info:
        desk.coupons.find_member("13900000000")
    assert info.value.code is ErrorCode.UNKNOWN_MEMBER
    assert "0000" in info.value.params["text"] and "1390000" not in info.value.params["text"]  # masked
    with pytest.raises(DeskError) as info:
        desk.coupons.find_member("3728")  # a typed phone tail: echoed as typed, not as "****"
    assert info.value.params["text"] == "3728"


def test_per_member_limit(desk: Desk) -> None:
    member = _members(desk, 1)[0]
    tid = _template_id(desk, "DRINK20")  # two per member
    desk.coupons.claim(tid, member, "S001")
    desk.coupons.claim(tid, member, "S001")
    with pytest.raises(DeskError) as info:
        desk.coupons.claim(tid, member, "S001")
    assert info.value.code is ErrorCode.COUPON_OVER_LIMIT and info.value.params["limit"] == 2
    with desk.db.sessions() as s:  # the refused claim took no stock and queued no notice
        assert s.scalar(select(CouponTemplate.claimed_count).where(CouponTemplate.id == tid)) == 2
    assert len(_outbox(desk)) == 2


@pytest.mark.parametrize(("change", "error"), [
    ({"status": "paused"}, ErrorCode.COUPON_PAUSED),
    ({"valid_until": utcnow() - timedelta(hours=1)}, ErrorCode.COUPON_EXPIRED),
    ({"valid_from": utcnow() + timedelta(days=2)}, ErrorCode.COUPON_NOT_YET_VALID),
    ({"total_stock": 0}, ErrorCode.COUPON_OUT_OF_STOCK),
])
def test_unclaimable_coupons_say_why_and_write_nothing(desk: Desk, change: dict, error: ErrorCode) -> None:  # type: ignore[type-arg]
    tid = _template_id(desk, "CARE10")
    with desk.db.sessions() as s, s.begin():
        s.execute(update(CouponTemplate).where(CouponTemplate.id == tid).values(**change))
    with pytest.raises(DeskError) as info:
        desk.coupons.claim(tid, _members(desk, 1)[0], "S001")
    assert info.value.code is error
    assert _outbox(desk) == []
    with desk.db.sessions() as s:
        assert s.scalar(select(MemberCoupon.id)) is None


def test_wrong_store_unknown_code_unknown_member(desk: Desk) -> None:
    with desk.db.sessions() as s, s.begin():
        other = Store(code="S002", name="另一家店")
        s.add(other)
        s.flush()
        s.execute(update(CouponTemplate).where(CouponTemplate.code == "MJ100").values(store_id=other.id))
    member = _members(desk, 1)[0]
    with pytest.raises(DeskError) as info:
        desk.coupons.claim_by_code("MJ100", member, "S001")
    assert info.value.code is ErrorCode.COUPON_WRONG_STORE
    with pytest.raises(DeskError) as info:
        desk.coupons.claim_by_code("NOPE99", member, "S001")
    assert info.value.code is ErrorCode.COUPON_UNKNOWN
    with pytest.raises(DeskError) as info:
        desk.coupons.claim_by_code("NEW5", 999_999, "S001")
    assert info.value.code is ErrorCode.UNKNOWN_MEMBER
    assert desk.coupons.claim_by_code(" new5 ", member, "S001").code == "NEW5"  # code-only coupons by typing


def _race(url: str, code: str, members: list[int]) -> Counter[str]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(members))
    results = ctx.Queue()
    procs = [ctx.Process(target=claim_worker.claim, args=(url, code, m, barrier, results)) for m in members]
    for p in procs:
        p.start()
    outcomes = Counter(results.get(timeout=90)[0] for _ in procs)
    for p in procs:
        p.join(timeout=30)
    return outcomes


@pytest.fixture(params=["sqlite", "postgresql"])
def race_url(request: pytest.FixtureRequest, demo_db_url: str) -> str:
    if request.param == "sqlite":
        return demo_db_url
    url: str = request.getfixturevalue("pg_url")
    Desk.open(url).close()  # migrate and load the demo
    return url


def test_eight_counters_race_for_the_last_three_coupons(race_url: str) -> None:
    desk = Desk.open(race_url)
    try:
        members = _members(desk, 8)
        outcomes = _race(race_url, "BABY30", members)  # stock 3
        assert outcomes == Counter({"ok": 3, "coupon_out_of_stock": 5})
        with desk.db.sessions() as s:
            assert s.scalar(select(CouponTemplate.claimed_count).where(CouponTemplate.code == "BABY30")) == 3
            assert len(s.scalars(select(MemberCoupon.id)).all()) == 3
        assert len(_outbox(desk)) == 3
    finally:
        desk.close()


def test_eight_counters_claim_for_the_same_member(race_url: str) -> None:
    desk = Desk.open(race_url)
    try:
        member = _members(desk, 1)[0]
        outcomes = _race(race_url, "DRINK20", [member] * 8)  # two per member
        assert outcomes == Counter({"ok": 2, "coupon_over_limit": 6})
        assert len(desk.coupons.wallet(member)) == 2
    finally:
        desk.close()
