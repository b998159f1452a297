"""What one coupon gives on a basket that earlier coupons may already have reduced.

The engine keeps, per line, the fen still to pay (``remaining``), the units already
given away free (``free``) and the units a free-unit coupon has already consumed, as a
free unit or as one that qualified for it (``used``). A coupon only ever sees those,
so no line goes below zero, no unit is given away twice and no unit qualifies twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from services.core.money import split_largest_remainder
from services.coupons.pricing.types import Coupon, CouponKind, Explanation, Line, Reason, Scope

# Pipeline stages (docs/pricing.md "Pipeline").
STAGE_ITEMS = 1  # free-unit coupons (any scope) and product/category fixed or percent coupons
STAGE_THRESHOLDS = 2  # 满减 tiers
STAGE_ORDER = 3  # order/store fixed or percent coupons

_KIND_RANK = {
    CouponKind.BUY_N_GET_M: 0,
    CouponKind.CHEAPEST_ITEM: 1,
    CouponKind.PERCENT: 2,
    CouponKind.THRESHOLD: 3,
    CouponKind.FIXED: 4,
}


def stage(coupon: Coupon) -> int:
    if coupon.kind in (CouponKind.BUY_N_GET_M, CouponKind.CHEAPEST_ITEM):
        return STAGE_ITEMS
    if coupon.kind is CouponKind.THRESHOLD:
        return STAGE_THRESHOLDS
    if coupon.scope in (Scope.PRODUCT, Scope.CATEGORY):
        return STAGE_ITEMS
    return STAGE_ORDER


def pipeline_key(coupon: Coupon) -> tuple[int, int, int]:
    """The fixed order coupons are applied in: stage, then kind (percent before fixed), then id."""
    return stage(coupon), _KIND_RANK[coupon.kind], coupon.id


@dataclass(frozen=True)
class Applied:
    discount_fen: int
    shares: dict[int, int]  # line index -> fen (> 0)
    freed: dict[int, int]  # line index -> units this coupon made free
    used: dict[int, int]  # line index -> units this coupon consumed (freed ones and those that qualified)


@dataclass
class BasketState:
    remaining: list[int]  # fen still to pay per line
    free: list[int]  # units already free per line
    used: list[int]  # units already consumed by free-unit coupons per line

    @classmethod
    def fresh(cls, lines: Sequence[Line]) -> BasketState:
        return cls([line.subtotal_fen for line in lines], [0] * len(lines), [0] * len(lines))

    def after(self, applied: Applied) -> BasketState:
        remaining = list(self.remaining)
        free = list(self.free)
        for index, fen in applied.shares.items():
            remaining[index] -= fen
        for index, units in applied.freed.items():
            free[index] += units
        if not applied.used:
            return BasketState(remaining, free, self.used)
        used = list(self.used)
        for index, units in applied.used.items():
            used[index] += units
        return BasketState(remaining, free, used)


def scope_lines(coupon: Coupon, lines: Sequence[Line], store_id: int | None) -> tuple[int, ...] | Explanation:
    """Indices of the lines the coupon covers, or why it covers none."""
    if coupon.scope is Scope.ORDER:
        found = tuple(range(len(lines)))
    elif coupon.scope is Scope.STORE:
        if store_id != coupon.store_id:
            return Explanation(
                Reason.NOT_IN_SCOPE, {"scope": coupon.scope.value, "store_id": coupon.store_id or 0}
            )
        found = tuple(range(len(lines)))
    elif coupon.scope is Scope.PRODUCT:
        found = tuple(i for i, line in enumerate(lines) if line.code in coupon.targets)
    else:
        found = tuple(i for i, line in enumerate(lines) if line.category in coupon.targets)
    if not found:
        return Explanation(Reason.NOT_IN_SCOPE, {"scope": coupon.scope.value})
    return found


def apply(
    coupon: Coupon, lines: Sequence[Line], scope: tuple[int, ...], state: BasketState
) -> Applied | Explanation:
    """The discount ``coupon`` gives on ``scope`` in ``state``, or why it gives none."""
    remaining = state.remaining
    base = sum(remaining[i] for i in scope)
    if base == 0:
        return Explanation(Reason.NOTHING_LEFT)
    if base < coupon.min_spend_fen:
        return _below(coupon.min_spend_fen, base)
    kind = coupon.kind
    if kind is CouponKind.BUY_N_GET_M:
        return _buy_n_get_m(coupon, lines, scope, state)
    if kind is CouponKind.CHEAPEST_ITEM:
        return _cheapest(coupon, lines, scope, state)
    if kind is CouponKind.FIXED:
        discount = min(coupon.value_fen, base)
    elif kind is CouponKind.PERCENT:
        discount = base * coupon.percent // 100  # floor: never more than the stated percent
        if coupon.cap_fen:
            discount = min(discount, coupon.cap_fen)
    else:
        tier = reached_tier(coupon, base)
        if tier is None:
            return _below(min(spend for spend, _ in coupon.tiers), base)
        discount = min(tier_off_fen(coupon, tier, base), base)
    if discount <= 0:
        return Explanation(Reason.NOTHING_LEFT)
    parts = split_largest_remainder(discount, [remaining[i] for i in scope])
    return Applied(discount, {i: fen for i, fen in zip(scope, parts, strict=True) if fen}, {}, {})


def reached_tier(coupon: Coupon, base: int) -> tuple[int, int] | None:
    """The highest tier whose spend ``base`` reaches (the largest off_fen among equals)."""
    reached = [tier for tier in coupon.tiers if tier[0] <= base]
    return max(reached) if reached else None


def tier_off_fen(coupon: Coupon, tier: tuple[int, int], base: int) -> int:
    """What a reached tier takes off a base: its off_fen, or its percent of the base (floor,
    never more than the stated percent) at most cap_fen."""
    if coupon.tier_unit != "percent":
        return tier[1]
    off = base * tier[1] // 100
    return min(off, coupon.cap_fen) if coupon.cap_fen else off


def next_tier(coupon: Coupon, base: int) -> tuple[int, int] | None:
    """The lowest tier above ``base`` that gives more than what ``base`` reaches (an upsell hint)."""
    current = reached_tier(coupon, base)
    current_off = current[1] if current else 0
    higher = [tier for tier in coupon.tiers if tier[0] > base and tier[1] > current_off]
    return min(higher) if higher else None


def _below(threshold: int, base: int) -> Explanation:
    return Explanation(
        Reason.BELOW_THRESHOLD,
        {"missing_fen": threshold - base, "threshold_fen": threshold, "base_fen": base},
    )


def _open_units(lines: Sequence[Line], scope: tuple[int, ...], state: BasketState) -> dict[int, int]:
    """Units per line that no free-unit coupon has consumed yet."""
    return {i: lines[i].quantity - state.used[i] for i in scope if lines[i].quantity > state.used[i]}


def _paid(lines: Sequence[Line], state: BasketState, index: int) -> int:
    return lines[index].quantity - state.free[index]


def _unit_value(lines: Sequence[Line], state: BasketState, index: int) -> Fraction:
    return Fraction(state.remaining[index], _paid(lines, state, index))


def _take_units(state: BasketState, index: int, units: int, take: int) -> int:
    """Fen of ``take`` of the ``units`` still paid on a line: all of what is left when all are taken."""
    left = state.remaining[index]
    return left if take == units else take * left // units


def _buy_n_get_m(
    coupon: Coupon, lines: Sequence[Line], scope: tuple[int, ...], state: BasketState
) -> Applied | Explanation:
    open_units = _open_units(lines, scope, state)
    units = sum(open_units.values())
    group = coupon.buy_n + coupon.get_m
    if units < group:
        return Explanation(Reason.NO_QUALIFYING_ITEMS, {"units": units, "needed_units": group})
    groups = units // group
    to_free = groups * coupon.get_m
    to_use = groups * group  # the cheapest units: the get_m * groups cheapest free, the rest qualify
    shares: dict[int, int] = {}
    freed: dict[int, int] = {}
    used: dict[int, int] = {}
    for index in sorted(open_units, key=lambda i: (_unit_value(lines, state, i), i)):
        if not to_use:
            break
        use = min(open_units[index], to_use)
        to_use -= use
        used[index] = use
        take = min(use, to_free)
        if take:
            to_free -= take
            freed[index] = take
            fen = _take_units(state, index, _paid(lines, state, index), take)
            if fen:
                shares[index] = fen
    discount = sum(shares.values())
    if discount <= 0:
        return Explanation(Reason.NOTHING_LEFT)
    return Applied(discount, shares, freed, used)


def _cheapest(
    coupon: Coupon, lines: Sequence[Line], scope: tuple[int, ...], state: BasketState
) -> Applied | Explanation:
    open_units = {i: n for i, n in _open_units(lines, scope, state).items() if state.remaining[i] > 0}
    units = sum(open_units.values())
    needed = max(coupon.buy_n, 1)
    if units < needed:
        return Explanation(Reason.NO_QUALIFYING_ITEMS, {"units": units, "needed_units": needed})
    index = min(open_units, key=lambda i: (_unit_value(lines, state, i), i))
    unit_fen = _take_units(state, index, _paid(lines, state, index), 1)
    discount = unit_fen * coupon.percent // 100
    if discount <= 0:
        return Explanation(Reason.NOTHING_LEFT)
    return Applied(discount, {index: discount}, {index: 1} if coupon.percent == 100 else {}, {index: 1})
