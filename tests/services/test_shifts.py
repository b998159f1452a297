"""Shifts on a real SQLite desk: open, cash moves, X and Z reports reconciled with the orders table."""

from __future__ import annotations

import random
import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from devices.printer.pdf import write_ticket_pdf
from devices.printer.ticket import ROLL_58, ROLL_80, Roll
from models import Order, OrderCoupon, OrderStatus, PaymentMethod, Shift
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from services.receipts.layout import shift_report_ticket, yuan
from services.receipts.model import ShopInfo
from services.shifts.service import ShiftService
from services.shifts.types import ShiftReport
from tests.services.test_receipts import pdf_pages

DAY = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


@pytest.fixture
def shifts(desk: Desk) -> ShiftService:
    return ShiftService(desk.db.sessions)


@pytest.fixture(params=["sqlite", "postgresql"])
def racing_shifts(request: pytest.FixtureRequest) -> Iterator[ShiftService]:
    """Shift services on SQLite and, when COUNTERDESK_TEST_PG_URL is set, on PostgreSQL."""
    if request.param == "sqlite":
        yield ShiftService(request.getfixturevalue("desk").db.sessions)
        return
    d = Desk.open(request.getfixturevalue("pg_url"))
    try:
        yield ShiftService(d.db.sessions)
    finally:
        d.close()


def codes(desk: Desk) -> list[str]:
    return [desk.catalog.search(name)[0].code for name in ("可乐 1.5L", "洗衣液", "纸尿裤 M", "薯片 原味")]


def sell_day(desk: Desk, day: datetime, rng: random.Random, n: int, members: list[int]) -> list[str]:
    """n orders between 08:00 and 20:00 with random methods; returns the order numbers."""
    products = codes(desk)
    numbers = []
    for i in range(n):
        at = day + timedelta(hours=8, minutes=i * 720 // n + rng.randrange(0, 5))
        items = [(code, rng.randint(1, 3)) for code in rng.sample(products, rng.randint(1, 3))]
        method = rng.choice(["cash", "cash", "card", "qr"])
        use_member = members.pop() if i % 5 == 0 else None
        if use_member is not None:
            desk.coupons.claim_by_code("MJ100", use_member, "S001")  # a coupon now and then (one per member)
        quote = desk.checkout.quote(items, use_member, "S001", now=at)
        paid = desk.checkout.pay(items, use_member, "S001", method, now=at,
                                 tendered_fen=quote.total_fen + rng.randrange(0, 5000) if method == "cash" else 0,
                                 reference="" if method == "cash" else f"T{i:05d}")
        numbers.append(paid.number)
    return numbers


def sql_totals(desk: Desk, start: datetime, end: datetime) -> dict[str, object]:
    """The same figures straight from the orders table."""
    with desk.db.sessions() as s:
        window = (Order.created_at >= start, Order.created_at < end)
        by_method = dict(s.execute(select(Order.payment_method, func.sum(Order.total_fen))
                                   .where(*window).group_by(Order.payment_method)).all())
        refunds = dict(s.execute(select(Order.payment_method, func.sum(Order.total_fen))
                                 .where(Order.status == OrderStatus.REFUNDED, Order.refunded_at >= start,
                                        Order.refunded_at < end).group_by(Order.payment_method)).all())
        return {
            "orders": s.scalar(select(func.count()).select_from(Order).where(*window)),
            "sales": s.scalar(select(func.sum(Order.total_fen)).where(*window)) or 0,
            "discount": s.scalar(select(func.sum(Order.discount_fen)).where(*window)) or 0,
            "cash": by_method.get(PaymentMethod.CASH, 0),
            "card": by_method.get(PaymentMethod.CARD, 0),
            "qr": by_method.get(PaymentMethod.QR, 0),
            "cash_refunds": refunds.get(PaymentMethod.CASH, 0),
            "refunds": sum(refunds.values()),
            "coupons": s.scalar(select(func.coalesce(func.sum(OrderCoupon.discount_fen), 0))
                                .join(Order, Order.id == OrderCoupon.order_id).where(*window)),
        }


def test_z_reports_reconcile_with_the_orders_on_generated_days(desk: Desk, shifts: ShiftService) -> None:
    rng = random.Random(18)
    members = [desk.coupons.find_member(f"M2026{k:04d}").id for k in range(1, 21)]
    for d in range(3):
        day = DAY + timedelta(days=d)
        opened = day + timedelta(hours=7, minutes=30)
        float_fen = 50000 + d * 1000  # each day's own float, not yesterday's count
        shift = shifts.open("S001", float_fen, note="two ¥100, rest in change", now=opened)
        numbers = sell_day(desk, day, rng, 24, members)
        refunded = numbers[3::7]
        for k, number in enumerate(refunded):
            desk.checkout.refund(number, now=day + timedelta(hours=19, minutes=k))
        shifts.cash_move(shift.id, "in", 20000, "change from the bank", now=day + timedelta(hours=9))
        noon = day + timedelta(hours=12)
        x = shifts.x_report(shift.id, now=noon)
        assert x.kind == "X" and x.number == 1 and x.counted_cash_fen is None
        assert x.orders == sql_totals(desk, opened, noon)["orders"]
        assert (x.cash_in_fen, x.cash_out_fen) == (20000, 0)
        shifts.cash_move(shift.id, "out", 35000, "cash to the safe", now=day + timedelta(hours=15))
        closed = day + timedelta(hours=21)
        expected_sql = sql_totals(desk, opened, closed)
        cash_expected = float_fen + int(expected_sql["cash"]) - int(expected_sql["cash_refunds"]) + 20000 - 35000
        z = shifts.close(shift.id, cash_expected - 500, note="short ¥5", now=closed)
        assert z.kind == "Z" and z.number == d + 1
        assert z.orders == expected_sql["orders"] == 24
        assert z.sales_fen == expected_sql["sales"] and z.discount_fen == expected_sql["discount"]
        assert z.gross_fen - z.discount_fen == z.sales_fen
        assert {t.method: t.total_fen for t in z.tenders} == {
            m: expected_sql[m] for m in ("cash", "card", "qr") if expected_sql[m]}
        assert sum(t.count for t in z.tenders) == z.orders
        assert z.refunds == len(refunded) and z.refunds_fen == expected_sql["refunds"]
        assert z.coupons_value_fen == expected_sql["coupons"] and z.coupons_used >= 1
        assert (z.cash_in_fen, z.cash_out_fen, len(z.moves)) == (20000, 35000, 2)
        assert z.opening_float_fen == float_fen and z.expected_cash_fen == cash_expected
        assert z.counted_cash_fen == cash_expected - 500 and z.difference_fen == -500
        kept = shifts.reports(shift.id)
        assert [r.kind for r in kept] == ["X", "Z"] and kept[1] == z and kept[0] == x
        assert shifts.current("S001") is None
    with desk.db.sessions() as s:
        assert s.scalars(select(Shift.z_number).order_by(Shift.id)).all() == [1, 2, 3]


def test_bad_input_and_wrong_states(shifts: ShiftService) -> None:
    for bad in (-1, 1.5, "100", True):
        with pytest.raises(DeskError) as info:
            shifts.open("S001", bad)  # type: ignore[arg-type]
        assert info.value.code is ErrorCode.SHIFT_BAD_AMOUNT
    with pytest.raises(DeskError) as info:
        shifts.open("NOPE", 100)
    assert info.value.code is ErrorCode.UNKNOWN_STORE
    shift = shifts.open("S001", 10000)
    with pytest.raises(DeskError) as info:
        shifts.open("S001", 10000)
    assert info.value.code is ErrorCode.SHIFT_ALREADY_OPEN and info.value.params["shift_id"] == shift.id
    with pytest.raises(DeskError) as info:
        shifts.cash_move(shift.id, "out", 500, "   ")
    assert info.value.code is ErrorCode.SHIFT_REASON_REQUIRED
    for kind, amount in (("out", 0), ("sideways", 100), ("in", -5)):
        with pytest.raises(DeskError) as info:
            shifts.cash_move(shift.id, kind, amount, "x")
        assert info.value.code is ErrorCode.SHIFT_BAD_AMOUNT
    with pytest.raises(DeskError) as info:
        shifts.close(shift.id, 10000, open_sale_items=3)
    assert info.value.code is ErrorCode.SHIFT_OPEN_SALE and info.value.params["items"] == 3
    assert shifts.current("S001") == shift  # nothing half-done
    z = shifts.close(shift.id, 10000)
    assert z.difference_fen == 0 and z.orders == 0 and z.tenders == ()
    for action in (lambda: shifts.close(shift.id, 1), lambda: shifts.x_report(shift.id),
                   lambda: shifts.cash_move(shift.id, "in", 1, "late")):
        with pytest.raises(DeskError) as info:
            action()
        assert info.value.code is ErrorCode.SHIFT_NOT_OPEN
    assert [r.kind for r in shifts.reports(shift.id)] == ["Z"]  # one Z, never redone
    assert shifts.open("S001", 0).id != shift.id  # the next shift opens


def test_two_tills_opening_at_once_get_one_shift(racing_shifts: ShiftService) -> None:
    shifts = racing_shifts
    results: list[object] = []
    barrier = threading.Barrier(4)

    def go() -> None:
        barrier.wait()
        try:
            results.append(shifts.open("S001", 10000))
        except DeskError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(not isinstance(r, ErrorCode) for r in results) == 1
    assert results.count(ErrorCode.SHIFT_ALREADY_OPEN) == 3


def test_cash_moves_racing_the_close_land_before_it_or_fail(racing_shifts: ShiftService) -> None:
    shifts = racing_shifts
    shift = shifts.open("S001", 10000)
    outcomes: list[str] = []
    barrier = threading.Barrier(5)

    def move(i: int) -> None:
        barrier.wait()
        try:
            shifts.cash_move(shift.id, "in", 100, f"coins {i}")
            outcomes.append("moved")
        except DeskError as exc:
            outcomes.append(exc.code.value)

    def close() -> None:
        barrier.wait()
        outcomes.append(f"z={shifts.close(shift.id, 0).cash_in_fen}")

    threads = [threading.Thread(target=move, args=(i,)) for i in range(4)] + [threading.Thread(target=close)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    z_cash_in = int(next(o for o in outcomes if o.startswith("z="))[2:])
    assert z_cash_in == 100 * outcomes.count("moved")  # every move that succeeded is in the Z, no other
    assert outcomes.count("moved") + outcomes.count("shift_not_open") == 4


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("roll", [ROLL_58, ROLL_80], ids=["58mm", "80mm"])
def test_z_report_prints_on_the_roll_with_every_amount_whole(desk: Desk, shifts: ShiftService, roll: Roll,
                                                               tmp_path: Path) -> None:
    day = DAY + timedelta(days=5)
    shift = shifts.open("S001", 123456, now=day + timedelta(hours=7))
    sell_day(desk, day, random.Random(5), 10, [desk.coupons.find_member(f"M2026{k:04d}").id for k in (30, 31)])
    shifts.cash_move(shift.id, "out", 20000, "银行存款 bank deposit", now=day + timedelta(hours=20))
    z = shifts.close(shift.id, 100, now=day + timedelta(hours=21))
    ticket = shift_report_ticket(z, ShopInfo("CounterDesk 示范便利店"), roll, tz=UTC)
    path = write_ticket_pdf(ticket, tmp_path / "z.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.splitlines()
    assert pdf_pages(path) == 1
    for amount in (z.sales_fen, z.gross_fen, z.expected_cash_fen, z.counted_cash_fen or 0, z.difference_fen or 0,
                   *(t.total_fen for t in z.tenders), z.opening_float_fen):
        assert any(yuan(amount) in line for line in text), yuan(amount)
    assert any("Z 报表" in line for line in text) and any("银行存款" in line for line in text)
    x_lines = shift_report_ticket(ShiftReport(**{**z.__dict__, "kind": "X", "counted_cash_fen": None,
                                                 "difference_fen": None}), ShopInfo("S"), roll, "en").text_lines()
    assert any("X REPORT" in line for line in x_lines) and not any("Counted" in line for line in x_lines)
