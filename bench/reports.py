"""Reports over a month: every chart's query on 30 days of 2,000 orders a day (SQLite).

    uv run python bench/reports.py [--days 30] [--orders-per-day 2000] [--runs 15]

* ``report_30d_ms``: the median of ``ReportService.sales`` + ``ReportService.parcels`` for the
  30 days (sales by hour and day, payment methods, refunds, coupons claimed/used and saved;
  parcels stored/picked up/overdue/recalled, dwell, pickup hours; face decisions), grouped in
  Asia/Shanghai. Goal < 500 ms. ``report_30d_ms_p95`` beside it; ``report_30d_cpu_ms`` is this
  process's CPU time (SQLite runs in-process, so it is the query work without the waits of the
  shared 2 cores; ``load_average_1min`` is recorded beside it); ``sales_queries_ms`` the sales part.
* Baseline in the same run (``baseline_count_ms``): one plain ``SELECT count(*)`` over the
  same orders in the same window — the floor of touching those rows at all.
* Data: the demo database plus 60,000 orders of three lines each (180,000 order lines, for the
  promoted-products query) spread over the hours of the days, a tenth of
  them with a member coupon, 2 % refunded; 300 parcels stored and picked up a day; 100 face
  decisions a day.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine, median, percentile, write_result  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from models import (  # noqa: E402
    Compound,
    CouponTemplate,
    FaceDecision,
    Member,
    MemberCoupon,
    Order,
    OrderCoupon,
    OrderLine,
    Parcel,
    ParcelEvent,
    Product,
    Store,
)
from models.db import unit_of_work  # noqa: E402
from services.database import open_database  # noqa: E402
from services.reports.queries import ReportService  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")


def fill(sessions, days: int, per_day: int, first: date, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(sessions) as s:
        store_id = s.scalar(select(Store.id))
        template_id = s.scalar(select(CouponTemplate.id))
        member_ids = list(s.scalars(select(Member.id)))
        compound_id = s.scalar(select(Compound.id))
        products = [(p.id, p.code, p.name) for p in s.scalars(select(Product).limit(200))]
    n = 0
    for d in range(days):
        day_start = datetime.combine(first + timedelta(days=d), datetime.min.time(), TZ)
        orders, lines, coupons, links, parcels, faces = [], [], [], [], [], []
        for i in range(per_day):
            at = (day_start + timedelta(seconds=rng.uniform(7 * 3600, 22 * 3600))).astimezone(UTC)
            sub = rng.randint(100, 30000)
            disc = rng.randint(100, min(sub, 2000)) if i % 10 == 0 else 0
            refunded = i % 50 == 0
            n += 1
            orders.append({"id": 10_000_000 + n, "number": f"B{n:010d}", "store_id": store_id, "operator_id": None,
                           "member_id": member_ids[n % len(member_ids)] if disc else None, "subtotal_fen": sub,
                           "discount_fen": disc, "total_fen": sub - disc,
                           "payment_method": ("cash", "card", "qr")[n % 3], "payment_reference": "",
                           "tendered_fen": 0, "status": "refunded" if refunded else "paid", "created_at": at,
                           "refunded_at": at + timedelta(minutes=30) if refunded else None})
            for k in range(3):  # three lines, the first carries the whole order (the constraint holds per line)
                pid, code, name = products[(n * 7 + k) % len(products)]
                price = (sub if k == 0 else 0)
                lines.append({"order_id": 10_000_000 + n, "product_id": pid, "code": code, "name": name,
                              "unit_price_fen": price, "quantity": 1, "discount_fen": disc if k == 0 else 0,
                              "total_fen": price - (disc if k == 0 else 0)})
            if disc:
                coupons.append({"id": 10_000_000 + n, "template_id": template_id,
                                "member_id": member_ids[n % len(member_ids)], "claim_no": 1000 + n,
                                "state": "used", "claimed_at": at - timedelta(days=1), "used_at": at, "detail": {}})
                links.append({"order_id": 10_000_000 + n, "member_coupon_id": 10_000_000 + n, "discount_fen": disc})
        for i in range(300):
            stored = (day_start + timedelta(seconds=rng.uniform(8 * 3600, 20 * 3600))).astimezone(UTC)
            parcels.append({"compound_id": compound_id, "tracking_no": f"BR{d:03d}{i:05d}", "courier_code": "SF",
                            "state": "picked_up", "announced_at": stored, "stored_at": stored,
                            "picked_up_at": stored + timedelta(hours=rng.uniform(0.5, 60)), "picked_up_via": "code"})
        for _ in range(100):
            faces.append({"at": (day_start + timedelta(seconds=rng.uniform(8 * 3600, 21 * 3600))).astimezone(UTC),
                          "outcome": rng.choice(("recognised", "recognised", "not_recognised", "ambiguous")),
                          "mode": "search", "frames": 5})
        with unit_of_work(sessions) as s:
            s.execute(insert(Order), orders)
            s.execute(insert(OrderLine), lines)
            if coupons:
                s.execute(insert(MemberCoupon), coupons)
                s.execute(insert(OrderCoupon), links)
            s.execute(insert(Parcel), parcels)
            s.execute(insert(FaceDecision), faces)
            s.execute(insert(ParcelEvent), [{"parcel_id": 1, "at": (day_start + timedelta(hours=12)).astimezone(UTC),
                                             "state": "overdue"}])
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--orders-per-day", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    rng = random.Random(18)
    first = date(2026, 11, 1)
    last = first + timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/reports.db", load_demo=True)
        t0 = time.perf_counter()
        count = fill(db.sessions, args.days, args.orders_per_day, first, rng)
        fill_s = time.perf_counter() - t0
        reports = ReportService(db.sessions)
        lo = datetime.combine(first, datetime.min.time(), TZ).astimezone(UTC)
        hi = datetime.combine(last + timedelta(days=1), datetime.min.time(), TZ).astimezone(UTC)
        reports.sales(first, last, TZ)  # warm the statement caches once, as a desk that has shown a report
        report_ms, cpu_ms, sales_ms, baseline_ms = [], [], [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            with db.sessions() as s:
                counted = s.scalar(select(func.count()).select_from(Order).where(
                    Order.created_at >= lo, Order.created_at < hi))
            baseline_ms.append((time.perf_counter() - t) * 1000)
            t, c = time.perf_counter(), time.process_time()
            sales = reports.sales(first, last, TZ)
            sales_ms.append((time.perf_counter() - t) * 1000)
            parcels = reports.parcels(first, last, TZ)
            report_ms.append((time.perf_counter() - t) * 1000)
            cpu_ms.append((time.process_time() - c) * 1000)
        assert sales.orders == counted >= count, (sales.orders, counted, count)
        assert parcels.stored >= 300 * args.days, parcels.stored
        db.close()
    result = {
        "report_30d_ms": round(median(report_ms), 1),
        "report_30d_ms_p95": round(percentile(report_ms, 0.95), 1),
        "report_30d_cpu_ms": round(median(cpu_ms), 1),
        "sales_queries_ms": round(median(sales_ms), 1),
        "baseline_count_ms": round(median(baseline_ms), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "goal_ms": 500,
        "orders": count,
        "days": args.days,
        "parcels": 300 * args.days,
        "coupon_orders": sum(b.count for b in sales.by_coupon),
        "fill_s": round(fill_s, 1),
        "runs": args.runs,
        "machine": machine(("sqlalchemy",), database="sqlite"),
    }
    write_result("reports", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
