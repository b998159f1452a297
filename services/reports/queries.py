"""Reports by pure SQL aggregation: sales, payment methods, coupons, parcels, face pickup decisions.

Money is whole fen. Rows are counted and summed in the database, grouped by the UTC hour
(``substr`` of SQLite's ISO text, ``date_trunc`` on PostgreSQL), so a month of 60,000 orders
comes back as at most 24 × 31 rows per query; those hour buckets are then placed in the desk's
time zone (``tz``) to give sales by local hour of day and by local date. Zones whose offset is
not a whole number of hours (none in China) would be grouped at the UTC hour.

Nothing personal leaves here: face decisions are counted by outcome only, parcels by state.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from models import (
    CouponTemplate,
    FaceDecision,
    MemberCoupon,
    Order,
    OrderCoupon,
    OrderLine,
    Parcel,
    ParcelEvent,
    Product,
    Promotion,
    Store,
)
from models.orders import OrderStatus
from services.core.errors import DeskError, ErrorCode

MAX_DAYS = 400

# Face decision outcomes (services/faces/rules.py) grouped as the report shows them.
FACE_ACCEPTED = frozenset({"recognised"})
FACE_TO_CODE = frozenset({"not_recognised", "ambiguous", "timeout", "liveness_failed"})


@dataclass(frozen=True)
class Bucket:
    key: str  # "2026-12-08", "09", "cash", a coupon title, an outcome
    count: int
    total_fen: int = 0


@dataclass(frozen=True)
class SalesReport:
    start: date
    end: date  # inclusive
    orders: int
    sales_fen: int
    by_day: tuple[Bucket, ...]  # every day of the range, zeros included
    by_hour: tuple[Bucket, ...]  # 24 local hours
    by_method: tuple[Bucket, ...]
    refunds: int
    refunds_fen: int
    coupons_claimed: int
    coupons_used: int
    coupon_savings_fen: int  # what coupons took off paid orders
    by_coupon: tuple[Bucket, ...]  # used per coupon title, with the money saved
    # Promoted products sold while their promotion ran in that store: lines and their amount, per
    # product (an order does not record that the suggestion itself was clicked, so this is what sold
    # while promoted, not what the promotion caused).
    by_promotion: tuple[Bucket, ...] = ()

    @property
    def empty(self) -> bool:
        return self.orders == 0 and self.refunds == 0 and self.coupons_claimed == 0


@dataclass(frozen=True)
class ParcelReport:
    start: date
    end: date
    stored: int
    picked_up: int
    overdue: int  # parcels that became overdue in the range
    recalled: int
    dwell_hours_median: float | None  # stored → picked up, for the parcels picked up in the range
    dwell_hours_p90: float | None
    pickups_by_hour: tuple[Bucket, ...]  # 24 local hours: the busiest hours at the lockers
    by_day: tuple[Bucket, ...]  # stored per day (count) — picked up per day in total_fen's place is not money
    face_decisions: tuple[Bucket, ...] = field(default=())  # outcome → count, nothing personal
    face_accepted: int = 0
    face_to_code: int = 0

    @property
    def empty(self) -> bool:
        return self.stored == 0 and self.picked_up == 0 and not self.face_decisions


def _hour_key(column: Any, dialect: str) -> ColumnElement[Any]:
    """The UTC hour of a timestamp column as a sortable key, in the database."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.substr(column, 1, 13)


def _local(key: Any, tz: tzinfo) -> datetime:
    """A UTC hour key ("2026-12-08 09") as a local datetime."""
    return datetime.strptime(str(key)[:13], "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(tz)


class ReportService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @staticmethod
    def _window(start: date, end: date, tz: tzinfo) -> tuple[datetime, datetime]:
        if end < start:
            raise DeskError(ErrorCode.BAD_DATE_RANGE, start=start.isoformat(), end=end.isoformat())
        if (end - start).days + 1 > MAX_DAYS:
            raise DeskError(ErrorCode.BAD_DATE_RANGE, start=start.isoformat(), end=end.isoformat(), days=MAX_DAYS)
        lo = datetime.combine(start, time(0), tz).astimezone(UTC)
        hi = datetime.combine(end + timedelta(days=1), time(0), tz).astimezone(UTC)
        return lo, hi

    def sales(self, start: date, end: date, tz: tzinfo, store_code: str | None = None) -> SalesReport:
        lo, hi = self._window(start, end, tz)
        with self._sessions() as s:
            dialect = s.get_bind().dialect.name
            store_filter: list[ColumnElement[bool]] = []
            if store_code:
                store_id = s.scalar(select(Store.id).where(Store.code == store_code))
                store_filter = [Order.store_id == (store_id if store_id is not None else -1)]
            in_range = and_(Order.created_at >= lo, Order.created_at < hi, *store_filter)
            hour = _hour_key(Order.created_at, dialect)
            # One pass over the range's orders, grouped by UTC hour and tender: both the day/hour
            # charts and the payment methods come from it. A refunded order was still a sale when
            # it was made; its refund is counted at refunded_at.
            sold: Select[Any] = (select(hour, Order.payment_method, func.count(), func.sum(Order.total_fen))
                                 .where(in_range).group_by(hour, Order.payment_method))
            by_day: Counter[str] = Counter()
            by_day_fen: Counter[str] = Counter()
            by_hour: Counter[int] = Counter()
            by_hour_fen: Counter[int] = Counter()
            by_method: Counter[str] = Counter()
            by_method_fen: Counter[str] = Counter()
            for key, method, n, fen in s.execute(sold):
                local = _local(key, tz)
                fen = int(fen or 0)
                by_day[local.date().isoformat()] += n
                by_day_fen[local.date().isoformat()] += fen
                by_hour[local.hour] += n
                by_hour_fen[local.hour] += fen
                name = str(getattr(method, "value", method))
                by_method[name] += n
                by_method_fen[name] += fen
            refunds = s.execute(select(func.count(), func.coalesce(func.sum(Order.total_fen), 0)).where(
                Order.status == OrderStatus.REFUNDED, Order.refunded_at >= lo, Order.refunded_at < hi,
                *store_filter)).one()
            claimed = s.scalar(select(func.count()).select_from(MemberCoupon).where(
                MemberCoupon.claimed_at >= lo, MemberCoupon.claimed_at < hi)) or 0
            coupons = s.execute(
                select(CouponTemplate.title, func.count(), func.sum(OrderCoupon.discount_fen))
                .select_from(OrderCoupon)
                .join(Order, Order.id == OrderCoupon.order_id)
                .join(MemberCoupon, MemberCoupon.id == OrderCoupon.member_coupon_id)
                .join(CouponTemplate, CouponTemplate.id == MemberCoupon.template_id)
                .where(in_range, Order.status == OrderStatus.PAID)
                .group_by(CouponTemplate.title)
                .order_by(func.sum(OrderCoupon.discount_fen).desc())
            ).all()
            # Only lines of products with an active promotion are looked at (IN on the small
            # promotions table); then the promotion's store and window are checked per line.
            promoted_ids = select(Promotion.product_id).where(Promotion.active.is_(True))
            promoted = exists().where(
                Promotion.product_id == OrderLine.product_id, Promotion.active.is_(True),
                or_(Promotion.store_id.is_(None), Promotion.store_id == Order.store_id),
                or_(Promotion.valid_from.is_(None), Promotion.valid_from <= Order.created_at),
                or_(Promotion.valid_until.is_(None), Promotion.valid_until > Order.created_at))
            promoted_rows = s.execute(
                select(OrderLine.product_id, func.count(), func.sum(OrderLine.total_fen))
                .join(Order, Order.id == OrderLine.order_id)
                .where(in_range, Order.status == OrderStatus.PAID, OrderLine.product_id.in_(promoted_ids), promoted)
                .group_by(OrderLine.product_id)
            ).all()
            names = dict(s.execute(select(Product.id, Product.name).where(
                Product.id.in_([r[0] for r in promoted_rows]))).all()) if promoted_rows else {}
            promotions = sorted(((names.get(pid, str(pid)), int(n), int(fen or 0)) for pid, n, fen in promoted_rows),
                                key=lambda r: (-r[1], r[0]))[:20]
        days = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
        by_coupon = tuple(Bucket(str(title), int(n), int(fen or 0)) for title, n, fen in coupons)
        return SalesReport(
            start=start, end=end,
            orders=sum(by_day.values()), sales_fen=sum(by_day_fen.values()),
            by_day=tuple(Bucket(d, by_day[d], by_day_fen[d]) for d in days),
            by_hour=tuple(Bucket(f"{h:02d}", by_hour[h], by_hour_fen[h]) for h in range(24)),
            by_method=tuple(Bucket(m, by_method[m], by_method_fen[m]) for m in sorted(by_method)),
            refunds=int(refunds[0]), refunds_fen=int(refunds[1]),
            coupons_claimed=int(claimed), coupons_used=sum(b.count for b in by_coupon),
            coupon_savings_fen=sum(b.total_fen for b in by_coupon), by_coupon=by_coupon,
            by_promotion=tuple(Bucket(name, n, fen) for name, n, fen in promotions),
        )

    def parcels(self, start: date, end: date, tz: tzinfo) -> ParcelReport:
        lo, hi = self._window(start, end, tz)
        with self._sessions() as s:
            dialect = s.get_bind().dialect.name
            stored_hour = _hour_key(Parcel.stored_at, dialect)
            stored_rows = s.execute(select(stored_hour, func.count()).where(
                Parcel.stored_at >= lo, Parcel.stored_at < hi).group_by(stored_hour)).all()
            picked_hour = _hour_key(Parcel.picked_up_at, dialect)
            picked_rows = s.execute(select(picked_hour, func.count()).where(
                Parcel.picked_up_at >= lo, Parcel.picked_up_at < hi).group_by(picked_hour)).all()
            events = dict(s.execute(select(ParcelEvent.state, func.count(func.distinct(ParcelEvent.parcel_id))).where(
                ParcelEvent.at >= lo, ParcelEvent.at < hi, ParcelEvent.state.in_(("overdue", "recall_requested")))
                .group_by(ParcelEvent.state)).all())
            # Dwell times of the parcels picked up in the range (a few thousand a month at most).
            dwell = sorted((p - st).total_seconds() / 3600 for st, p in s.execute(  # both set by the query
                select(Parcel.stored_at, Parcel.picked_up_at).where(
                    Parcel.picked_up_at >= lo, Parcel.picked_up_at < hi, Parcel.stored_at.is_not(None))).all()
                if st is not None and p is not None)
            faces = s.execute(select(FaceDecision.outcome, func.count()).where(
                FaceDecision.at >= lo, FaceDecision.at < hi).group_by(FaceDecision.outcome)
                .order_by(FaceDecision.outcome)).all()
        days = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
        stored_by_day: Counter[str] = Counter()
        picked_by_day: Counter[str] = Counter()
        pickups_by_hour: Counter[int] = Counter()
        for key, n in stored_rows:
            stored_by_day[_local(key, tz).date().isoformat()] += n
        for key, n in picked_rows:
            local = _local(key, tz)
            picked_by_day[local.date().isoformat()] += n
            pickups_by_hour[local.hour] += n
        face = tuple(Bucket(str(o), int(n)) for o, n in faces)
        accepted = sum(b.count for b in face if b.key in FACE_ACCEPTED)
        return ParcelReport(
            start=start, end=end,
            stored=sum(stored_by_day.values()), picked_up=sum(picked_by_day.values()),
            overdue=int(events.get("overdue", 0)), recalled=int(events.get("recall_requested", 0)),
            dwell_hours_median=_percentile(dwell, 0.5), dwell_hours_p90=_percentile(dwell, 0.9),
            pickups_by_hour=tuple(Bucket(f"{h:02d}", pickups_by_hour[h]) for h in range(24)),
            by_day=tuple(Bucket(d, stored_by_day[d], picked_by_day[d]) for d in days),
            face_decisions=face, face_accepted=accepted, face_to_code=sum(b.count for b in face if b.key in FACE_TO_CODE),
        )


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)


def sales_csv(report: SalesReport) -> str:
    """The sales report as CSV rows (section, key, count, amount in yuan with two decimals)."""
    rows = ["section,key,count,amount"]
    for section, buckets in (("day", report.by_day), ("hour", report.by_hour), ("payment", report.by_method),
                             ("coupon", report.by_coupon), ("promoted", report.by_promotion)):
        rows += [f"{section},{_csv(b.key)},{b.count},{b.total_fen // 100}.{b.total_fen % 100:02d}" for b in buckets]
    rows.append(f"refunds,,{report.refunds},{report.refunds_fen // 100}.{report.refunds_fen % 100:02d}")
    rows.append(f"coupons_claimed,,{report.coupons_claimed},")
    return "\r\n".join(rows) + "\r\n"


def parcels_csv(report: ParcelReport) -> str:
    rows = ["section,key,count,picked_up"]
    rows += [f"day,{b.key},{b.count},{b.total_fen}" for b in report.by_day]
    rows += [f"pickup_hour,{b.key},{b.count}," for b in report.pickups_by_hour]
    rows += [f"face,{_csv(b.key)},{b.count}," for b in report.face_decisions]
    rows.append(f"overdue,,{report.overdue},")
    rows.append(f"recalled,,{report.recalled},")
    rows.append(f"dwell_hours_median,,{report.dwell_hours_median if report.dwell_hours_median is not None else ''},")
    return "\r\n".join(rows) + "\r\n"


def _csv(text: str) -> str:
    if any(c in text for c in ',"\r\n') or text[:1] in ("=", "+", "-", "@"):
        return '"' + text.replace('"', '""') + '"' if text[:1] not in ("=", "+", "-", "@") else "\"'" + text.replace('"', '""') + '"'
    return text
