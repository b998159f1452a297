"""The pricing engine: every coupon kind, the pipeline, the search and its explanations.

Comments "covers …" name the failure seen elsewhere (research/commerce.md §5) a test guards against.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from services.coupons.pricing import (
    Coupon,
    CouponKind,
    Line,
    Reason,
    Scope,
    Settlement,
    rank_for_scan,
    settle,
)
from services.coupons.pricing.search import best_combination, compatible, price

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def tens(n: int = 3) -> list[Line]:
    return [Line(f"P{i}", f"item {i}", 1000, 1, "c") for i in range(n)]


def fixed(cid: int, fen: int, **kw: object) -> Coupon:
    return Coupon(cid, CouponKind.FIXED, value_fen=fen, **kw)  # type: ignore[arg-type]


def check_invariants(lines: list[Line], s: Settlement) -> None:
    assert s.subtotal_fen == sum(line.subtotal_fen for line in lines)
    assert s.total_fen == s.subtotal_fen - s.discount_fen == sum(s.line_totals)
    assert all(t >= 0 for t in s.line_totals)
    for applied in s.chosen:
        assert sum(applied.shares.values()) == applied.discount_fen
        assert all(fen > 0 for fen in applied.shares.values())


def test_fixed_split_333_333_334() -> None:
    # covers macrozheng/mall#356 (10+10+10, coupon 10 -> 9.99) and statamic-cargo#168 (floor split loses cents)
    lines = tens()
    s = settle(lines, [fixed(1, 1000)])
    check_invariants(lines, s)
    assert Counter(s.chosen[0].shares.values()) == Counter({333: 2, 334: 1})
    assert s.chosen[0].shares == {0: 334, 1: 333, 2: 333}  # the extra fen goes to the earliest line
    assert s.total_fen == 2000


def test_split_weights_by_quantity() -> None:
    # covers macrozheng/mall#567 (split ignored quantity)
    lines = [Line("A", "a", 1000, 3), Line("B", "b", 1000, 1)]
    s = settle(lines, [fixed(1, 400)])
    assert s.chosen[0].shares == {0: 300, 1: 100}


def test_fixed_larger_than_basket_is_capped() -> None:
    # covers odoo/odoo#63106 (stacked discounts drove the order negative)
    lines = tens(2)
    s = settle(lines, [fixed(1, 5000), fixed(2, 3000)])
    check_invariants(lines, s)
    assert s.total_fen == 0 and s.discount_fen == 2000
    assert len(s.chosen) == 1  # the second coupon would add nothing: fewer coupons win the tie


def test_percent_with_cap_and_floor() -> None:
    lines = [Line("A", "a", 999, 1)]
    s = settle(lines, [Coupon(1, CouponKind.PERCENT, percent=10)])
    assert s.discount_fen == 99  # floor of 99.9
    big = [Line("A", "a", 100_000, 1)]
    s = settle(big, [Coupon(1, CouponKind.PERCENT, percent=20, cap_fen=5000)])
    assert s.discount_fen == 5000


def test_percent_100_leaves_exactly_zero() -> None:
    # covers odoo/odoo#237624, #271032, #156897 (100 % discount leaves 0.01)
    lines = [Line("A", "a", 333, 3), Line("B", "b", 1, 1), Line("C", "c", 997, 1)]
    s = settle(lines, [Coupon(1, CouponKind.PERCENT, percent=100)])
    check_invariants(lines, s)
    assert s.total_fen == 0 and s.line_totals == (0, 0, 0)


@pytest.mark.parametrize(
    ("spend", "off"), [(9999, 0), (10000, 1000), (19999, 1000), (20000, 2500), (50000, 2500)]
)
def test_threshold_highest_reached_tier(spend: int, off: int) -> None:
    coupon = Coupon(1, CouponKind.THRESHOLD, tiers=((20000, 2500), (10000, 1000)))
    s = settle([Line("A", "a", spend, 1)], [coupon])
    assert s.discount_fen == off
    if not off:
        assert s.not_applied[0].explanation.code is Reason.BELOW_THRESHOLD
        assert s.not_applied[0].explanation.params["missing_fen"] == 10000 - spend


def test_threshold_5_minus_1_is_exact() -> None:
    # covers macrozheng/mall#492 (满5减1 gave 0.98)
    lines = [Line("A", "a", 170, 1), Line("B", "b", 170, 1), Line("C", "c", 160, 1)]
    s = settle(lines, [Coupon(1, CouponKind.THRESHOLD, tiers=((500, 100),))])
    check_invariants(lines, s)
    assert s.discount_fen == 100


def test_buy_two_get_one_frees_cheapest_units() -> None:
    lines = [Line("A", "a", 500, 2, "drinks"), Line("B", "b", 300, 2, "drinks"), Line("C", "c", 9999, 1, "x")]
    coupon = Coupon(
        1, CouponKind.BUY_N_GET_M, scope=Scope.CATEGORY, targets=frozenset({"drinks"}), buy_n=1, get_m=1
    )
    s = settle(lines, [coupon])
    check_invariants(lines, s)
    assert s.chosen[0].shares == {1: 600}  # 4 units -> 2 free: the two 3.00 ones


def test_buy_n_get_m_too_few_units() -> None:
    coupon = Coupon(1, CouponKind.BUY_N_GET_M, buy_n=2, get_m=1)
    s = settle([Line("A", "a", 500, 2)], [coupon])
    assert s.chosen == ()
    why = s.not_applied[0].explanation
    assert why.code is Reason.NO_QUALIFYING_ITEMS and dict(why.params) == {"units": 2, "needed_units": 3}


def test_two_buy_get_coupons_never_reuse_units() -> None:
    # covers medusajs/medusa#11258 (multiple BxGy on one product) and #8829 (discount over subtotal)
    lines = [Line("A", "a", 500, 4)]
    b1g1 = [Coupon(i, CouponKind.BUY_N_GET_M, buy_n=1, get_m=1) for i in (1, 2)]
    s = settle(lines, b1g1)
    check_invariants(lines, s)
    assert s.discount_fen == 1000  # 2 of 4 units free, not 3 or 4
    assert len(s.chosen) == 1
    assert s.not_applied[0].explanation.code is Reason.NO_QUALIFYING_ITEMS


def test_cheapest_item_free_and_half_price() -> None:
    lines = [Line("A", "a", 800, 1), Line("B", "b", 250, 2), Line("C", "c", 1200, 1)]
    free = Coupon(1, CouponKind.CHEAPEST_ITEM, percent=100, buy_n=3)
    assert settle(lines, [free]).chosen[0].shares == {1: 250}
    half = Coupon(2, CouponKind.CHEAPEST_ITEM, percent=50)
    assert settle(lines, [half]).discount_fen == 125
    too_few = settle(lines[:1], [free]).not_applied[0].explanation
    assert too_few.code is Reason.NO_QUALIFYING_ITEMS and too_few.params["needed_units"] == 3


def test_scopes() -> None:
    lines = [Line("A", "a", 1000, 1, "fruit"), Line("B", "b", 2000, 1, "veg")]
    product = fixed(1, 5000, scope=Scope.PRODUCT, targets=frozenset({"B"}))
    assert settle(lines, [product]).chosen[0].shares == {1: 2000}  # capped at what its line has
    category = Coupon(2, CouponKind.PERCENT, percent=10, scope=Scope.CATEGORY, targets=frozenset({"fruit"}))
    assert settle(lines, [category]).chosen[0].shares == {0: 100}
    store = fixed(3, 100, scope=Scope.STORE, store_id=7)
    assert settle(lines, [store], store_id=7).discount_fen == 100
    other = settle(lines, [store], store_id=8).not_applied[0].explanation
    assert other.code is Reason.NOT_IN_SCOPE and other.params["store_id"] == 7
    missing = fixed(4, 100, scope=Scope.PRODUCT, targets=frozenset({"Z"}))
    assert settle(lines, [missing]).not_applied[0].explanation.code is Reason.NOT_IN_SCOPE


def test_min_spend_explains_missing_amount() -> None:
    s = settle([Line("A", "a", 8800, 1)], [fixed(1, 500, min_spend_fen=10000)])
    why = s.not_applied[0].explanation
    assert why.code is Reason.BELOW_THRESHOLD and why.params["missing_fen"] == 1200


def test_same_group_never_combines() -> None:
    # covers odoo/odoo#53935 (tiered promos), saleor/saleor#14920 (don't stack within a promotion)
    lines = [Line("A", "a", 30000, 1)]
    a = Coupon(1, CouponKind.THRESHOLD, tiers=((10000, 1000),), exclusivity_group="mj")
    b = Coupon(2, CouponKind.THRESHOLD, tiers=((20000, 2500),), exclusivity_group="mj")
    s = settle(lines, [a, b])
    assert [c.coupon_id for c in s.chosen] == [2]
    why = s.not_applied[0].explanation
    assert why.code is Reason.EXCLUSIVE_WITH and dict(why.params) == {"coupon_id": 2, "alone_fen": 1000}


def test_exclusive_coupon_vs_combination() -> None:
    # covers reactioncommerce/reaction#6820 and odoo/odoo#144389 (keep the best, exclusive vs stack)
    lines = tens(10)  # 100.00
    vip = Coupon(9, CouponKind.PERCENT, percent=25, exclusive=True)
    small = [fixed(1, 1000), fixed(2, 1000)]
    assert [c.coupon_id for c in settle(lines, [vip, *small]).chosen] == [9]
    small.append(fixed(3, 1000))
    s = settle(lines, [vip, *small])
    assert sorted(c.coupon_id for c in s.chosen) == [1, 2, 3]
    assert s.not_applied[0].explanation.code is Reason.EXCLUSIVE_WITH


def test_pipeline_order_is_fixed_and_input_order_irrelevant() -> None:
    # covers odoo/odoo#114160 (coupon vs global discount order changes the total) and frappe/erpnext#41211
    lines = tens(10)
    coupons = [fixed(1, 500), Coupon(2, CouponKind.PERCENT, percent=10)]
    totals = {settle(lines, list(p)).total_fen for p in itertools.permutations(coupons)}
    assert totals == {10000 - 1000 - 500}  # percent first (on 100.00), then the fixed 5.00


def test_threshold_checked_after_item_discounts() -> None:
    # covers frappe/erpnext#36789 (second rule on base vs discounted price): thresholds see the reduced base
    lines = [Line("A", "a", 10500, 1)]
    item = fixed(1, 1000, scope=Scope.PRODUCT, targets=frozenset({"A"}))
    mj = Coupon(2, CouponKind.THRESHOLD, tiers=((10000, 1000),))
    s = settle(lines, [item, mj])
    assert [c.coupon_id for c in s.chosen] == [1]  # equal alone; tie -> lower id
    why = s.not_applied[0].explanation
    assert why.code is Reason.BELOW_THRESHOLD and why.params["missing_fen"] == 500


def test_tie_breaks_fewer_then_expiry_then_id() -> None:
    lines = [Line("A", "a", 600, 1)]
    one = fixed(5, 600)
    two = [fixed(1, 300), fixed(2, 300)]
    assert [c.coupon_id for c in settle(lines, [*two, one]).chosen] == [5]  # fewer coupons
    soon = fixed(7, 600, valid_until=NOW + timedelta(days=1))
    later = fixed(3, 600, valid_until=NOW + timedelta(days=9))
    assert [c.coupon_id for c in settle(lines, [later, soon], now=NOW).chosen] == [7]  # earliest expiry
    assert [c.coupon_id for c in settle(lines, [fixed(8, 600), fixed(4, 600)]).chosen] == [4]  # lowest id


def test_validity_window() -> None:
    # covers frappe/erpnext#50122 (expired rule still applied) and #43761 (later checks skipped)
    lines = tens(1)
    expired = fixed(1, 100, valid_until=NOW)
    future = fixed(2, 100, valid_from=NOW + timedelta(hours=1))
    s = settle(lines, [expired, future], now=NOW)
    assert s.chosen == ()
    assert [n.explanation.code for n in s.not_applied] == [Reason.EXPIRED, Reason.NOT_YET_VALID]
    assert s.not_applied[0].explanation.params["valid_until"] == "2026-06-01T10:00:00Z"
    assert settle(lines, [expired]).discount_fen == 100  # no now given: the caller has checked
    with pytest.raises(ValueError):
        settle(lines, [expired], now=datetime(2026, 6, 1))
    with pytest.raises(ValueError):
        fixed(3, 100, valid_until=datetime(2026, 6, 1))


def test_worse_than_chosen() -> None:
    # adding the item coupon would push the basket under the 满减 threshold: it loses, and says so
    lines = [Line("A", "a", 10100, 1)]
    item = fixed(2, 300, scope=Scope.PRODUCT, targets=frozenset({"A"}))
    mj = Coupon(1, CouponKind.THRESHOLD, tiers=((10000, 1000),))
    s = settle(lines, [item, mj])
    assert [c.coupon_id for c in s.chosen] == [1]
    why = s.not_applied[0].explanation
    assert why.code is Reason.WORSE_THAN_CHOSEN and dict(why.params) == {"alone_fen": 300, "chosen_fen": 1000}


def test_bad_coupons_rejected() -> None:
    with pytest.raises(ValueError, match="percent"):
        Coupon(1, CouponKind.PERCENT, percent=0)
    with pytest.raises(ValueError, match="targets"):
        Coupon(1, CouponKind.FIXED, value_fen=1, scope=Scope.PRODUCT)
    with pytest.raises(ValueError, match="negative"):
        Line("A", "a", -1, 1)
    with pytest.raises(ValueError, match="unique"):
        settle(tens(1), [fixed(1, 1), fixed(1, 2)])


def _many(n: int) -> list[Coupon]:
    kinds: list[Coupon] = []
    for i in range(n):
        group = "abc"[i % 3] if i % 4 else ""
        if i % 5 == 0:
            kinds.append(Coupon(i + 1, CouponKind.PERCENT, percent=5 + i % 7, exclusivity_group=group))
        elif i % 5 == 1:
            kinds.append(
                Coupon(i + 1, CouponKind.THRESHOLD, tiers=((5000, 300 + i),), exclusivity_group=group)
            )
        else:
            kinds.append(fixed(i + 1, 100 + 37 * i, exclusivity_group=group, exclusive=i == 7))
    return kinds


def test_greedy_fallback_gives_allowed_combination() -> None:
    lines = [Line(f"P{i}", "x", 500 + 13 * i, 1 + i % 3, f"c{i % 4}") for i in range(30)]
    coupons = _many(20)
    s = settle(lines, coupons, max_exact=4)
    assert not s.exact
    check_invariants(lines, s)
    chosen = [c for c in coupons if c.id in {a.coupon_id for a in s.chosen}]
    for i, c in enumerate(chosen):
        assert compatible(c, chosen[:i] + chosen[i + 1 :]) is None
    exact = settle(lines, coupons[:10])
    greedy = settle(lines, coupons[:10], max_exact=0)
    assert exact.exact and greedy.discount_fen <= exact.discount_fen


def test_exact_matches_brute_force() -> None:
    lines = [Line(f"P{i}", "x", 300 + 71 * i, 1 + i % 2, f"c{i % 3}") for i in range(12)]
    coupons = _many(9)
    chosen, exact = best_combination(lines, coupons)
    assert exact
    best = 0
    for r in range(len(coupons) + 1):
        for combo in itertools.combinations(coupons, r):
            if any(compatible(c, combo[:i]) for i, c in enumerate(combo)):
                continue
            from services.coupons.pricing.search import candidates_for

            found, _ = candidates_for(lines, combo, None)
            if len(found) != len(combo):
                continue
            priced = price(lines, found)
            if priced.failed is None:
                best = max(best, priced.discount_fen)
    assert price(lines, chosen).discount_fen == best


def test_rank_for_scan_best_first_with_why() -> None:
    lines = [Line("MILK", "milk", 1000, 3, "dairy"), Line("COLA", "cola", 300, 3, "drinks")]
    coupons = [
        Coupon(1, CouponKind.THRESHOLD, tiers=((3000, 300), (5000, 800))),
        Coupon(2, CouponKind.BUY_N_GET_M, scope=Scope.PRODUCT, targets=frozenset({"COLA"}), buy_n=2, get_m=1),
        fixed(3, 500, min_spend_fen=5000),
        fixed(4, 300, scope=Scope.CATEGORY, targets=frozenset({"dairy"})),
    ]
    ranked = rank_for_scan(lines, coupons, scanned_code="COLA")
    assert [r.coupon_id for r in ranked] == [2, 1, 4, 3]  # 2 and 1 tie at 3.00; 2 targets the scan
    assert ranked[0].explanation.code is Reason.BEST_FOR_BASKET
    assert ranked[0].explanation.params["targets_scanned"] == 1
    assert ranked[0].explanation.params["ahead_fen"] == 0
    assert ranked[1].explanation.params["next_tier_missing_fen"] == 1100
    assert ranked[3].discount_fen == 0 and ranked[3].explanation.params["missing_fen"] == 1100
