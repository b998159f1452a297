"""The two questions the counter asks: settle this basket, and rank these coupons for a scan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from services.coupons.pricing.rules import BasketState, apply, next_tier, scope_lines, tier_off_fen
from services.coupons.pricing.search import (
    MAX_EXACT,
    MAX_STEPS,
    NEVER,
    Candidate,
    candidates_for,
    choose,
    compatible,
    price,
)
from services.coupons.pricing.types import (
    AppliedCoupon,
    Coupon,
    CouponKind,
    Explanation,
    Line,
    NotApplied,
    ParamValue,
    RankedCoupon,
    Reason,
    Scope,
    Settlement,
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def validity(coupon: Coupon, now: datetime | None) -> Explanation | None:
    """Why ``coupon`` is outside its window at ``now`` (None: inside, or no ``now`` given)."""
    if now is None:
        return None
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if coupon.valid_from is not None and now < coupon.valid_from:
        return Explanation(Reason.NOT_YET_VALID, {"valid_from": _iso(coupon.valid_from)})
    if coupon.valid_until is not None and now >= coupon.valid_until:
        return Explanation(Reason.EXPIRED, {"valid_until": _iso(coupon.valid_until)})
    return None


def _check_ids(coupons: Sequence[Coupon]) -> None:
    ids = [c.id for c in coupons]
    if len(set(ids)) != len(ids):
        raise ValueError("coupon ids must be unique")


def _split_valid(
    coupons: Sequence[Coupon], now: datetime | None
) -> tuple[list[Coupon], dict[int, Explanation]]:
    _check_ids(coupons)
    valid: list[Coupon] = []
    why: dict[int, Explanation] = {}
    for coupon in coupons:
        reason = validity(coupon, now)
        if reason is None:
            valid.append(coupon)
        else:
            why[coupon.id] = reason
    return valid, why


def settle(
    lines: Sequence[Line],
    coupons: Sequence[Coupon],
    *,
    now: datetime | None = None,
    store_id: int | None = None,
    max_exact: int = MAX_EXACT,
    max_steps: int = MAX_STEPS,
) -> Settlement:
    """Settle the basket with the best allowed combination of ``coupons`` (a member's claimed ones).

    Exact up to ``max_exact`` coupons that give something alone (and ``max_steps``
    search steps), greedy beyond. Every coupon not used gets an explanation.
    """
    valid, why = _split_valid(coupons, now)
    found, alone_why = candidates_for(lines, valid, store_id)
    why.update(alone_why)
    chosen, exact = choose(lines, found, max_exact, max_steps)
    priced = price(lines, chosen)
    assert priced.failed is None, "a chosen combination always prices cleanly"
    chosen_coupons = [candidate.coupon for candidate, _ in priced.applied]
    for candidate in found:
        if candidate in chosen:
            continue
        why[candidate.coupon.id] = _why_not_chosen(
            lines, candidate, chosen, chosen_coupons, priced.discount_fen
        )

    subtotal = sum(line.subtotal_fen for line in lines)
    line_totals = [line.subtotal_fen for line in lines]
    applied: list[AppliedCoupon] = []
    for candidate, result in priced.applied:
        for index, fen in result.shares.items():
            line_totals[index] -= fen
        applied.append(
            AppliedCoupon(candidate.coupon.id, result.discount_fen, dict(sorted(result.shares.items())))
        )
    assert all(total >= 0 for total in line_totals), "no line goes below zero"
    discount = priced.discount_fen
    return Settlement(
        chosen=tuple(applied),
        not_applied=tuple(NotApplied(c.id, why[c.id]) for c in coupons if c.id in why),
        subtotal_fen=subtotal,
        discount_fen=discount,
        total_fen=subtotal - discount,
        line_totals=tuple(line_totals),
        exact=exact,
    )


def _why_not_chosen(
    lines: Sequence[Line],
    candidate: Candidate,
    chosen: Sequence[Candidate],
    chosen_coupons: Sequence[Coupon],
    chosen_fen: int,
) -> Explanation:
    blocker = compatible(candidate.coupon, chosen_coupons)
    if blocker is not None:
        return Explanation(Reason.EXCLUSIVE_WITH, {"coupon_id": blocker.id, "alone_fen": candidate.alone_fen})
    trial = price(lines, [*chosen, candidate])
    if trial.failed is not None and trial.failed[0] is candidate:
        # It cannot apply after the chosen ones (e.g. their discounts put it below its threshold).
        return trial.failed[1]
    return Explanation(Reason.WORSE_THAN_CHOSEN, {"alone_fen": candidate.alone_fen, "chosen_fen": chosen_fen})


_UNFIT_ORDER = {
    Reason.BELOW_THRESHOLD: 0,
    Reason.NO_QUALIFYING_ITEMS: 1,
    Reason.NOT_IN_SCOPE: 2,
    Reason.NOTHING_LEFT: 3,
    Reason.NOT_YET_VALID: 4,
    Reason.EXPIRED: 5,
}


def rank_for_scan(
    lines: Sequence[Line],
    coupons: Sequence[Coupon],
    *,
    now: datetime | None = None,
    store_id: int | None = None,
    scanned_code: str | None = None,
) -> list[RankedCoupon]:
    """Each coupon by itself on this basket, best first, with why.

    Order: coupons that apply, by discount (largest first), then those whose product or
    category targets include the just-scanned product, then earliest expiry, then id; after them the ones that do
    not apply, nearest to applying first (smallest ``missing_fen``).
    """
    _check_ids(coupons)
    fresh = BasketState.fresh(lines)
    fits: list[tuple[Coupon, int, dict[str, ParamValue]]] = []
    unfit: list[tuple[Coupon, Explanation]] = []
    for coupon in coupons:
        reason = validity(coupon, now)
        scope = scope_lines(coupon, lines, store_id) if reason is None else reason
        if isinstance(scope, Explanation):
            unfit.append((coupon, scope))
            continue
        result = apply(coupon, lines, scope, fresh)
        if isinstance(result, Explanation):
            unfit.append((coupon, result))
            continue
        targets = int(
            coupon.scope in (Scope.PRODUCT, Scope.CATEGORY)
            and scanned_code is not None
            and any(lines[i].code == scanned_code for i in scope)
        )
        params: dict[str, ParamValue] = {"lines": len(result.shares), "targets_scanned": targets}
        if coupon.kind is CouponKind.THRESHOLD:
            base = sum(fresh.remaining[i] for i in scope)
            upsell = next_tier(coupon, base)
            if upsell is not None:
                params["next_tier_missing_fen"] = upsell[0] - base
                # At the tier's own spend: "add ¥X more for ¥Y off" holds for percent tiers too.
                params["next_tier_off_fen"] = tier_off_fen(coupon, upsell, upsell[0])
        fits.append((coupon, result.discount_fen, params))

    fits.sort(key=lambda f: (-f[1], -int(f[2]["targets_scanned"]), f[0].valid_until or NEVER, f[0].id))
    ranked: list[RankedCoupon] = []
    for position, (coupon, fen, params) in enumerate(fits):
        if position == 0:
            runner_up = fits[1][1] if len(fits) > 1 else 0
            code, extra = Reason.BEST_FOR_BASKET, {"ahead_fen": fen - runner_up}
        else:
            code, extra = Reason.APPLIES, {"behind_fen": fits[0][1] - fen}
        ranked.append(
            RankedCoupon(coupon.id, fen, Explanation(code, {"discount_fen": fen, **extra, **params}))
        )

    def unfit_key(item: tuple[Coupon, Explanation]) -> tuple[int, int, int]:
        missing = item[1].params.get("missing_fen", 0)
        return _UNFIT_ORDER.get(item[1].code, 9), missing if isinstance(missing, int) else 0, item[0].id

    ranked.extend(RankedCoupon(coupon.id, 0, why) for coupon, why in sorted(unfit, key=unfit_key))
    return ranked
