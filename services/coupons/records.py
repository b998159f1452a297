"""Plain data about members, coupons and promotions, handed to the GUI.

Never ORM objects bound to a session; this module imports nothing heavy, so the GUI can use
these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.catalog.records import ProductInfo


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
class PromotedItem:
    """A product shown beside the coupons after a scan (services/coupons/promotions.py).

    kind: "threshold" (one more item reaches a 满减 threshold: params missing_fen,
    threshold_fen, units, coupon_title, coupon_title_en, scope_name, scope_name_en),
    "related" (goes well with the scanned product) or "featured" (the store's pick).
    """

    product: ProductInfo
    kind: str
    pitch: str
    pitch_en: str
    params: dict[str, int | str]
