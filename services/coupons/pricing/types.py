"""Plain, frozen data the pricing engine takes and gives: integer fen, aware UTC datetimes.

Field names follow ``models/coupons.py`` (``CouponTemplate``) so a service can build a
``Coupon`` from a template plus a member's claim without renaming anything.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


class CouponKind(enum.StrEnum):
    FIXED = "fixed"  # value_fen off the scope
    PERCENT = "percent"  # percent off the scope, at most cap_fen (0 = no cap)
    THRESHOLD = "threshold"  # 满减 tiers ((spend_fen, off), ...): the highest reached tier applies;
    # off is fen, or a percent of the base when tier_unit is "percent" (满1500打9折 ladders)
    BUY_N_GET_M = "buy_n_get_m"  # per buy_n + get_m units in scope, the get_m cheapest are free
    CHEAPEST_ITEM = "cheapest_item"  # the cheapest unit in scope at percent off (100 = free)


class Scope(enum.StrEnum):
    ORDER = "order"  # the whole basket, in any store
    STORE = "store"  # the whole basket, only when the basket's store is store_id
    PRODUCT = "product"  # lines whose product code is in targets
    CATEGORY = "category"  # lines whose category code is in targets


class Reason(enum.StrEnum):
    """Why a coupon gives nothing; the GUI turns code + params into a sentence."""

    EXPIRED = "expired"  # params: valid_until (ISO 8601 UTC)
    NOT_YET_VALID = "not_yet_valid"  # params: valid_from
    NOT_IN_SCOPE = "not_in_scope"  # params: scope, and store_id when the store differs
    BELOW_THRESHOLD = "below_threshold"  # params: missing_fen, threshold_fen, base_fen
    NO_QUALIFYING_ITEMS = "no_qualifying_items"  # params: units, needed_units
    NOTHING_LEFT = "nothing_left"  # its lines are already free: params: none
    EXCLUSIVE_WITH = "exclusive_with"  # params: coupon_id (a chosen coupon it cannot combine with), alone_fen
    WORSE_THAN_CHOSEN = "worse_than_chosen"  # params: alone_fen (what it would give by itself)
    NOT_TRIED = "not_tried"  # greedy fallback only: params: alone_fen
    # Ranking a scan (the coupon does apply):
    BEST_FOR_BASKET = "best_for_basket"  # params: discount_fen, ahead_fen, lines, targets_scanned
    APPLIES = "applies"  # params: discount_fen, behind_fen, lines, targets_scanned


ParamValue = int | str


@dataclass(frozen=True)
class Explanation:
    code: Reason
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    code: str  # product code (EAN/internal)
    name: str
    unit_price_fen: int
    quantity: int
    category: str = ""

    def __post_init__(self) -> None:
        if self.unit_price_fen < 0:
            raise ValueError(f"line {self.code}: unit_price_fen must not be negative")
        if self.quantity < 1:
            raise ValueError(f"line {self.code}: quantity must be at least 1")

    @property
    def subtotal_fen(self) -> int:
        return self.unit_price_fen * self.quantity


@dataclass(frozen=True)
class Coupon:
    """One claimed (or claimable) coupon with its template's rule folded in.

    ``id`` identifies this coupon (the member's claim row; a template id when ranking
    claimable templates). ``valid_until`` is exclusive: valid while ``now < valid_until``.
    """

    id: int
    kind: CouponKind
    scope: Scope = Scope.ORDER
    targets: frozenset[str] = frozenset()  # product or category codes for PRODUCT/CATEGORY
    store_id: int | None = None  # for STORE
    value_fen: int = 0
    percent: int = 0
    cap_fen: int = 0  # 0 = no cap
    tiers: tuple[tuple[int, int], ...] = ()  # (spend_fen, off_fen), or (spend_fen, percent) below
    # THRESHOLD only: "fen" = each tier takes off_fen off; "percent" = each tier takes that
    # percent of the base off (floor), at most cap_fen (0 = no cap).
    tier_unit: str = "fen"
    buy_n: int = 0  # BUY_N_GET_M: paid units; CHEAPEST_ITEM: at least this many units in scope
    get_m: int = 0
    min_spend_fen: int = 0  # the scope must reach this (after earlier stages) for the coupon to apply
    exclusivity_group: str = ""  # "" = none; two coupons of one group never combine
    exclusive: bool = False  # combines with nothing
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    template_code: str = ""  # for display and the CLI only

    def __post_init__(self) -> None:
        who = f"coupon {self.id}"
        for name in ("value_fen", "cap_fen", "min_spend_fen", "buy_n", "get_m"):
            if getattr(self, name) < 0:
                raise ValueError(f"{who}: {name} must not be negative")
        for name in ("valid_from", "valid_until"):
            moment = getattr(self, name)
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"{who}: {name} must be an aware datetime")
        if self.kind is CouponKind.FIXED and self.value_fen <= 0:
            raise ValueError(f"{who}: a fixed coupon needs value_fen > 0")
        if self.kind is CouponKind.PERCENT and not 1 <= self.percent <= 100:
            raise ValueError(f"{who}: percent must be 1..100")
        if self.kind is CouponKind.CHEAPEST_ITEM and not 1 <= self.percent <= 100:
            raise ValueError(f"{who}: percent must be 1..100 (100 = the cheapest item free)")
        if self.kind is CouponKind.THRESHOLD:
            if not self.tiers:
                raise ValueError(f"{who}: a threshold coupon needs at least one tier")
            if self.tier_unit not in ("fen", "percent"):
                raise ValueError(f"{who}: tier_unit must be fen or percent")
            for spend, off in self.tiers:
                if spend < 0 or off <= 0:
                    raise ValueError(f"{who}: tier spend_fen must be >= 0 and off_fen > 0")
                if self.tier_unit == "percent" and off > 100:
                    raise ValueError(f"{who}: a percent tier takes 1..100 percent off, got {off}")
        if self.kind is CouponKind.BUY_N_GET_M and (self.buy_n < 1 or self.get_m < 1):
            raise ValueError(f"{who}: buy_n and get_m must be at least 1")
        if self.scope in (Scope.PRODUCT, Scope.CATEGORY) and not self.targets:
            raise ValueError(f"{who}: a {self.scope.value} scope needs targets")
        if self.scope is Scope.STORE and self.store_id is None:
            raise ValueError(f"{who}: a store scope needs store_id")


@dataclass(frozen=True)
class AppliedCoupon:
    coupon_id: int
    discount_fen: int
    shares: Mapping[int, int]  # line index -> fen; only lines with a share > 0; sums to discount_fen


@dataclass(frozen=True)
class NotApplied:
    coupon_id: int
    explanation: Explanation


@dataclass(frozen=True)
class Settlement:
    chosen: tuple[AppliedCoupon, ...]  # in pipeline order
    not_applied: tuple[NotApplied, ...]  # in the order the coupons were given
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    line_totals: tuple[int, ...]  # each line after its shares; never negative
    exact: bool = True  # False when the greedy fallback chose


@dataclass(frozen=True)
class RankedCoupon:
    coupon_id: int
    discount_fen: int  # on this basket, by itself; 0 when it does not apply
    explanation: Explanation
