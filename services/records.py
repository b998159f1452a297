"""Plain data handed from services to the GUI: never ORM objects bound to a session.

This module imports nothing heavy, so the GUI can use these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    login: str
    name: str
    role: str  # "cashier" | "desk" | "admin"
    locked_until: datetime | None = None


@dataclass(frozen=True)
class ProductInfo:
    id: int
    code: str
    name: str
    name_en: str
    price_fen: int
    unit: str
    category: str
    category_en: str


@dataclass(frozen=True)
class DatabaseStatus:
    url: str  # password hidden
    backend: str  # "sqlite" | "postgresql" | …
    revision: str
    created: bool  # the schema was created on this start
    demo_loaded: bool


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    failed: int
    oldest_pending: datetime | None


@dataclass(frozen=True)
class ResidentInfo:
    id: int
    name: str
    phone_masked: str
    building: str  # building code, e.g. "6"
    unit: str  # unit code, e.g. "1203"
    consent_face: bool
    consent_notifications: bool

    @property
    def address(self) -> str:
        return f"{self.building}-{self.unit}"


@dataclass(frozen=True)
class MemberInfo:
    id: int
    member_code: str
    name: str
    phone_masked: str


@dataclass(frozen=True)
class CouponOffer:
    """A coupon template as the cashier sees it after a scan, with this member's standing."""

    template_id: int
    code: str
    title: str
    title_en: str
    kind: str
    scope: str
    value_fen: int
    percent: int
    cap_fen: int
    tiers: tuple[tuple[int, int], ...]
    buy_n: int
    get_m: int
    min_spend_fen: int
    valid_until: datetime | None
    stock_left: int | None  # None: unlimited
    per_member_limit: int
    claimed_by_member: int  # 0 when no member is identified
    exclusivity_group: str
    exclusive: bool


@dataclass(frozen=True)
class ClaimedCoupon:
    member_coupon_id: int
    template_id: int
    code: str
    title: str
    title_en: str
    expires_at: datetime | None


@dataclass(frozen=True)
class RankedOffer:
    """A coupon offered after a scan, with what it gives on this basket and why (a pricing Reason)."""

    offer: CouponOffer
    discount_fen: int
    reason: str
    params: dict[str, int | str]


@dataclass(frozen=True)
class QuoteLine:
    code: str
    name: str
    name_en: str
    unit_price_fen: int
    quantity: int
    discount_fen: int
    total_fen: int


@dataclass(frozen=True)
class QuoteCoupon:
    member_coupon_id: int
    code: str
    title: str
    title_en: str
    discount_fen: int  # 0 when not applied
    applied: bool
    reason: str  # why not, when not applied (pricing Reason); "" when applied
    params: dict[str, int | str]


@dataclass(frozen=True)
class Quote:
    lines: tuple[QuoteLine, ...]
    coupons: tuple[QuoteCoupon, ...]
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    exact: bool


@dataclass(frozen=True)
class OrderReceipt:
    order_id: int
    number: str
    created_at: datetime
    store_name: str
    operator_name: str
    member: MemberInfo | None
    quote: Quote
    payment_method: str
    payment_reference: str
    tendered_fen: int
    change_fen: int


@dataclass(frozen=True)
class OrderSummary:
    number: str
    created_at: datetime
    total_fen: int
    discount_fen: int
    items: int
    payment_method: str
    status: str  # "paid" | "refunded"
    member_code: str
    operator_name: str


@dataclass(frozen=True)
class PromotedItem:
    """A product shown beside the coupons after a scan (services/promotions.py).

    kind: "threshold" (one more item reaches a 满减 threshold: params missing_fen,
    threshold_fen, units, coupon_title, coupon_title_en, scope_name, scope_name_en),
    "related" (goes well with the scanned product) or "featured" (the store's pick).
    """

    product: ProductInfo
    kind: str
    pitch: str
    pitch_en: str
    params: dict[str, int | str]
