"""services/reports: every figure equals the same sum taken straight from the tables, grouped in the desk's zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models import FaceDecision, Order, OrderLine, Parcel, Product, Promotion
from models.orders import OrderStatus
from models.promotions import PromotionKind, PromotionTrigger
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from services.reports.queries import ReportService, parcels_csv, sales_csv

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_desk(request: pytest.FixtureRequest) -> Iterator[Desk]:
    """The demo desk on SQLite and, when COUNTERDESK_TEST_PG_URL is set, on PostgreSQL (its own hour grouping)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("desk")
        return
    d = Desk.open(request.getfixturevalue("pg_url"))
    try:
        yield d
    finally:
        d.close()


BASE = datetime.now(SHANGHAI).date() + timedelta(days=2)  # days without demo orders, coupons still valid


def _day(n: int) -> date:
    return BASE + timedelta(days=n - 1)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(_day(day), datetime.min.time(), SHANGHAI).replace(hour=hour, minute=minute).astimezone(UTC)


def test_sales_grouped_by_local_day_and_hour_match_the_orders(any_desk: Desk) -> None:
    desk = any_desk
    cola = desk.catalog.search("可乐")[0].code
    umbrella = desk.catalog.search("雨伞")[0].code
    member = desk.coupons.find_member("M20260007")
    desk.coupons.claim_by_code("NEW5", member.id, "S001")
    made = [
        desk.checkout.pay([(cola, 2)], None, "S001", "cash", tendered_fen=10000, now=_at(1, 23, 30)),  # 15:30 UTC
        desk.checkout.pay([(cola, 3)], member.id, "S001", "cash", tendered_fen=10000, now=_at(2, 0, 30)),  # 16:30 UTC Jan 1
        desk.checkout.pay([(umbrella, 1)], None, "S001", "qr", reference="WX1", now=_at(2, 9, 5)),
        desk.checkout.pay([(umbrella, 1)], None, "S001", "card", reference="POS1", now=_at(3, 9, 50)),
    ]
    desk.checkout.refund(made[3].number, now=_at(3, 10))
    with desk.db.sessions() as s:  # the cola promoted from day 2 on (a promotion that ended does not count)
        cola_id = s.scalar(select(Product.id).where(Product.code == cola))
        s.add(Promotion(kind=PromotionKind.FEATURED, trigger_kind=PromotionTrigger.NONE, product_id=cola_id,
                        store_id=None, valid_from=_at(2, 0), valid_until=_at(9, 0)))
        s.commit()
    desk.checkout.pay([(cola, 1)], None, "S001", "cash", tendered_fen=1000, now=_at(5, 12))  # outside the range

    report = ReportService(desk.db.sessions).sales(_day(1), _day(3), SHANGHAI)
    with desk.db.sessions() as s:
        lo, hi = _at(1, 0), _at(4, 0)
        count, total = s.execute(select(func.count(), func.sum(Order.total_fen)).where(
            Order.created_at >= lo, Order.created_at < hi)).one()
    assert report.orders == count == 4 and report.sales_fen == total
    assert [b.key for b in report.by_day] == [_day(1).isoformat(), _day(2).isoformat(), _day(3).isoformat()]
    # 23:30 and 00:30 local fall on different local days although both are Jan 1 in UTC.
    assert [b.count for b in report.by_day] == [1, 2, 1]
    assert report.by_day[0].total_fen == made[0].quote.total_fen
    hours = {b.key: b.count for b in report.by_hour if b.count}
    assert hours == {"23": 1, "00": 1, "09": 2}
    assert {b.key: (b.count, b.total_fen) for b in report.by_method} == {
        "cash": (2, made[0].quote.total_fen + made[1].quote.total_fen),
        "qr": (1, made[2].quote.total_fen), "card": (1, made[3].quote.total_fen)}
    assert report.refunds == 1 and report.refunds_fen == made[3].quote.total_fen
    assert report.coupons_used == 1 and report.coupon_savings_fen == made[1].quote.discount_fen > 0
    promoted = {b.key: (b.count, b.total_fen) for b in report.by_promotion}
    with desk.db.sessions() as s:
        cola_lines = s.execute(select(func.count(), func.sum(OrderLine.total_fen)).join(Order).where(
            OrderLine.product_id == cola_id, Order.created_at >= _at(2, 0), Order.created_at < _at(4, 0),
            Order.status == OrderStatus.PAID)).one()
        name = s.scalar(select(OrderLine.name).where(OrderLine.product_id == cola_id).limit(1))
    assert cola_lines[0] == 1 and promoted[name] == (1, cola_lines[1])  # made[1] only: made[0] was before day 2
    csv = sales_csv(report)
    assert f"day,{_day(2).isoformat()},2," in csv and csv.endswith("\r\n")


def test_an_empty_range_is_empty_and_a_backwards_range_is_refused(any_desk: Desk) -> None:
    desk = any_desk
    reports = ReportService(desk.db.sessions)
    empty = reports.sales(date(2031, 3, 1), date(2031, 3, 7), SHANGHAI)
    assert empty.empty and empty.orders == 0 and len(empty.by_day) == 7 and all(b.count == 0 for b in empty.by_hour)
    assert reports.parcels(date(2031, 3, 1), date(2031, 3, 7), SHANGHAI).empty
    with pytest.raises(DeskError) as info:
        reports.sales(date(2031, 3, 7), date(2031, 3, 1), SHANGHAI)
    assert info.value.code is ErrorCode.BAD_DATE_RANGE
    with pytest.raises(DeskError):
        reports.parcels(date(2020, 1, 1), date(2031, 1, 1), SHANGHAI)


def test_parcels_and_face_decisions_match_the_tables_and_carry_nothing_personal(any_desk: Desk) -> None:
    desk = any_desk
    today = datetime.now(SHANGHAI).date()
    start = today - timedelta(days=60)
    with desk.db.sessions() as s:
        s.add_all([FaceDecision(outcome="recognised", at=datetime.now(UTC), resident_id=1),
                   FaceDecision(outcome="ambiguous", at=datetime.now(UTC), resident_id=None),
                   FaceDecision(outcome="not_recognised", at=datetime.now(UTC), resident_id=None)])
        s.commit()
        lo = datetime.combine(start, datetime.min.time(), SHANGHAI).astimezone(UTC)
        hi = datetime.combine(today + timedelta(days=1), datetime.min.time(), SHANGHAI).astimezone(UTC)
        stored = s.scalar(select(func.count()).where(Parcel.stored_at >= lo, Parcel.stored_at < hi))
        picked = s.scalar(select(func.count()).where(Parcel.picked_up_at >= lo, Parcel.picked_up_at < hi))
        faces = s.scalar(select(func.count()).select_from(FaceDecision).where(FaceDecision.at >= lo))
    report = ReportService(desk.db.sessions).parcels(start, today, SHANGHAI)
    assert report.stored == stored and report.picked_up == picked
    assert sum(b.count for b in report.by_day) == stored
    assert sum(b.count for b in report.pickups_by_hour) == picked
    assert sum(b.count for b in report.face_decisions) == faces
    assert report.face_accepted >= 1 and report.face_to_code >= 2
    text = parcels_csv(report)
    assert "face,recognised," in text and "resident" not in text
