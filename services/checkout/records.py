"""Plain data about quotes, orders and receipts, handed to the GUI.

Never ORM objects bound to a session; this module imports nothing heavy, so the GUI can use
these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.catalog.records import ProductInfo
from services.coupons.records import MemberInfo, PromotedItem, RankedOffer


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
    extra_discount_fen: int = 0  # off the total after the quote (a group-buy share); total = quote's − this


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


Items = tuple[tuple[str, int], ...]  # (product code, quantity), in basket order


@dataclass(frozen=True)
class TillView:
    """Everything beside the basket, for exactly ``items`` and ``member_id``."""

    items: Items  # the basket this answer describes (a scan's product already counted)
    member_id: int | None
    scanned_code: str  # "" when no product was scanned in this basket yet
    product: ProductInfo | None  # the product a scan found (None for a plain refresh)
    offers: tuple[RankedOffer, ...]
    promoted: tuple[PromotedItem, ...]
    quote: Quote | None  # the member's best price with their coupons; None without member or basket
