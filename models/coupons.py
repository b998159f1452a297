"""Coupon templates, what they apply to, and the coupons members have claimed.

Races are settled by the database, never by read-then-write: stock moves by a
conditional UPDATE (``claimed_count < total_stock``), and each member's claims of a
template occupy numbered slots 1..per_member_limit under a unique constraint, so
two counters claiming at once can never overrun either limit.

A scan looks coupons up by their targets. Most targets in a shop that has run for
years belong to dead templates (expired, paused, all claimed), so each target row
carries a copy of its template's status, validity (``live_until`` is ``valid_until``,
or the end of time when there is none, so one index range finds the unexpired) and
whether its stock is gone (``sold_out``). The copy is kept by the mapper events at the
end of this module: a target inserted through the ORM takes its template's values, and
an ORM change of a template's status, validity or stock rewrites its targets in the
same flush. Bulk ``update(CouponTemplate)`` statements bypass those events; whoever
issues one changing status, validity, stock or claimed_count (the claim does) must
call ``sync_target_liveness`` in the same transaction.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Connection,
    Enum,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    event,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from models.base import Base, UTCDateTime, utcnow


class CouponKind(enum.StrEnum):
    FIXED = "fixed"  # value_fen off
    PERCENT = "percent"  # percent off, at most cap_fen
    THRESHOLD = "threshold"  # 满减 tiers: [[spend_fen, off_fen], ...]
    BUY_N_GET_M = "buy_n_get_m"  # buy_n paid, get_m of the cheapest qualifying units free
    CHEAPEST_ITEM = "cheapest_item"  # the cheapest qualifying unit at percent off (100 = free)


class CouponScope(enum.StrEnum):
    ORDER = "order"  # the whole basket, in any store
    STORE = "store"  # the whole basket, only in store_id
    PRODUCT = "product"  # lines whose product code is a target
    CATEGORY = "category"  # lines whose category code is a target


class CouponStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class MemberCouponState(enum.StrEnum):
    CLAIMED = "claimed"
    USED = "used"
    RELEASED = "released"  # handed back (refund/cancel of the order that used it)
    EXPIRED = "expired"


def _enum(cls: type[enum.StrEnum]) -> Enum:
    return Enum(cls, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class CouponTemplate(Base):
    __tablename__ = "coupon_templates"
    __table_args__ = (
        CheckConstraint("value_fen >= 0 AND cap_fen >= 0 AND min_spend_fen >= 0", name="money_not_negative"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_range"),
        CheckConstraint("per_member_limit >= 1", name="limit_positive"),
        CheckConstraint("total_stock IS NULL OR claimed_count <= total_stock", name="stock_not_overrun"),
        Index("ix_coupon_templates_surface", "status", "store_id"),
        # Basket-wide (store/order) candidates of a scan, decided inside the index: status and
        # expiry by range, start, stock, store and surfacing without reading the rows.
        Index("ix_coupon_templates_basket_wide", "scope", "status", "valid_until", "valid_from", "total_stock",
              "claimed_count", "store_id", "surfaced_by_scan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # what a cashier or shopper types
    title: Mapped[str] = mapped_column(String(80))
    title_en: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[CouponKind] = mapped_column(_enum(CouponKind))
    scope: Mapped[CouponScope] = mapped_column(_enum(CouponScope))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)
    value_fen: Mapped[int] = mapped_column(default=0)
    percent: Mapped[int] = mapped_column(default=0)
    cap_fen: Mapped[int] = mapped_column(default=0)  # 0 = no cap
    tiers: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    buy_n: Mapped[int] = mapped_column(default=0)
    get_m: Mapped[int] = mapped_column(default=0)
    min_spend_fen: Mapped[int] = mapped_column(default=0)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    valid_days_after_claim: Mapped[int | None] = mapped_column(default=None)
    total_stock: Mapped[int | None] = mapped_column(default=None)  # None = unlimited
    claimed_count: Mapped[int] = mapped_column(default=0)
    per_member_limit: Mapped[int] = mapped_column(default=1)
    exclusivity_group: Mapped[str] = mapped_column(String(32), default="")  # same group never combines
    exclusive: Mapped[bool] = mapped_column(default=False)  # combines with nothing
    surfaced_by_scan: Mapped[bool] = mapped_column(default=True)  # else only by typing its code
    status: Mapped[CouponStatus] = mapped_column(_enum(CouponStatus), default=CouponStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)  # live_until of a template without an end


class CouponTarget(Base):
    """A product or category a PRODUCT/CATEGORY-scoped template applies to (indexed for scans).

    ``status``, ``sold_out``, ``live_from`` and ``live_until`` copy the template's status,
    stock and validity (see the module docstring) so a scan skips dead templates inside
    the index.
    """

    __tablename__ = "coupon_targets"
    __table_args__ = (
        UniqueConstraint("template_id", "target_kind", "target_code"),
        Index("ix_coupon_targets_live", "target_kind", "target_code", "status", "sold_out", "live_until",
              "live_from", "template_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("coupon_templates.id", ondelete="CASCADE"))
    target_kind: Mapped[str] = mapped_column(String(8))  # "product" | "category"
    target_code: Mapped[str] = mapped_column(String(16))
    status: Mapped[CouponStatus] = mapped_column(_enum(CouponStatus))
    live_from: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    live_until: Mapped[datetime] = mapped_column(UTCDateTime())
    sold_out: Mapped[bool] = mapped_column(default=False)


class MemberCoupon(Base):
    __tablename__ = "member_coupons"
    __table_args__ = (
        UniqueConstraint("template_id", "member_id", "claim_no"),
        CheckConstraint("claim_no >= 1", name="claim_no_positive"),
        Index("ix_member_coupons_member_state", "member_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("coupon_templates.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    claim_no: Mapped[int]  # 1..per_member_limit: the slot this claim occupies
    state: Mapped[MemberCouponState] = mapped_column(
        _enum(MemberCouponState), default=MemberCouponState.CLAIMED
    )
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# -- keeping the targets' copy of status and validity ------------------------------------------------

_LIVENESS = ("status", "valid_from", "valid_until", "total_stock", "claimed_count")


def _liveness(conn: Connection, template_id: int) -> dict[str, Any]:
    t = CouponTemplate.__table__
    row = conn.execute(
        select(t.c.status, t.c.valid_from, t.c.valid_until, t.c.total_stock, t.c.claimed_count)
        .where(t.c.id == template_id)
    ).one()
    return {"status": CouponStatus(row.status), "live_from": row.valid_from,
            "live_until": row.valid_until or END_OF_TIME,
            "sold_out": row.total_stock is not None and row.claimed_count >= row.total_stock}


def sync_target_liveness(conn: Connection, template_id: int) -> None:
    """Copy a template's status, validity and stock state onto its targets (same transaction as the change)."""
    conn.execute(update(CouponTarget).where(CouponTarget.template_id == template_id)
                 .values(**_liveness(conn, template_id)))


@event.listens_for(CouponTarget, "before_insert")
def _target_takes_template_liveness(mapper: Mapper[Any], conn: Connection, target: CouponTarget) -> None:
    for name, value in _liveness(conn, target.template_id).items():
        setattr(target, name, value)


@event.listens_for(CouponTemplate, "after_update")
def _template_liveness_changed(mapper: Mapper[Any], conn: Connection, template: CouponTemplate) -> None:
    state = inspect(template)
    if any(state.attrs[name].history.has_changes() for name in _LIVENESS):
        sync_target_liveness(conn, template.id)
