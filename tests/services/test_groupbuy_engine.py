"""The group-buy engine against brute force, and the rules every plan keeps."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.groupbuy import BuyN, Compatibility, Limits, Plan, Promotion, Shopper, Tier, Wish, plan_groups
from services.groupbuy.bound import Prices
from services.groupbuy.exact import solve_exact
from services.groupbuy.pool import Pool

LADDER = Promotion((Tier(30000, 5000), Tier(50000, 10000)))
DAY = date(2026, 12, 1)


def brute_force(shoppers: list[Shopper], promotion: Promotion, limits: Limits, compat: Compatibility) -> int:
    """Best value over every grouping, straight from the rules (no pruning, no dominance)."""
    pool = Pool.build(shoppers, promotion, limits, compat)

    def best(left: tuple[int, ...]) -> int:
        if not left:
            return 0
        first, rest = left[0], left[1:]
        top = best(rest)  # first stays alone
        for size in range(limits.min_size - 1, limits.max_size):
            for others in itertools.combinations(rest, size):
                group = (first, *others)
                gain = pool.group_gain(group)
                if gain > 0:
                    remaining = tuple(i for i in rest if i not in others)
                    top = max(top, gain + pool.group_bonus(group) + best(remaining))
        return top

    return best(tuple(range(len(shoppers))))


def check_plan(plan: Plan, shoppers: list[Shopper], promotion: Promotion, limits: Limits) -> None:
    by_id = {s.id: s for s in shoppers}
    seen: set[str] = set()
    for g in plan.groups:
        assert limits.min_size <= len(g.members) <= limits.max_size
        assert not seen & set(g.members), "groups must be disjoint"
        seen |= set(g.members)
        members = [by_id[m] for m in g.members]
        assert g.basket_fen == sum(m.basket_fen for m in members)
        assert g.saving_fen == promotion.saving(g.basket_fen, sum(m.items for m in members))
        own = sum(promotion.saving(m.basket_fen, m.items) for m in members)
        assert g.gain_fen == g.saving_fen - own > 0, "a group is allowed only if pooling saves money"
        assert g.bonus_fen >= 0
        assert sum(g.shares_fen) == g.saving_fen and min(g.shares_fen) >= 0
        if g.basket_fen:
            for share, m in zip(g.shares_fen, members, strict=True):
                assert (
                    abs(share * g.basket_fen - g.saving_fen * m.basket_fen) < g.basket_fen
                )  # within one fen
    assert plan.value_fen == sum(g.gain_fen + g.bonus_fen for g in plan.groups)
    own_all = sum(promotion.saving(s.basket_fen, s.items) for s in shoppers)
    assert plan.total_saving_fen == own_all + sum(g.gain_fen for g in plan.groups)
    assert plan.upper_bound_fen >= plan.value_fen
    assert plan.exact == (plan.upper_bound_fen == plan.value_fen)


@st.composite
def instances(draw: st.DrawFn, max_n: int = 8) -> tuple[list[Shopper], Promotion, Limits, Compatibility]:
    n = draw(st.integers(0, max_n))
    spends = draw(st.lists(st.integers(1, 60000), min_size=0, max_size=3, unique=True))
    tiers = tuple(Tier(s, draw(st.integers(0, s // 3))) for s in spends)
    buy_n = draw(st.one_of(st.none(), st.builds(BuyN, st.integers(1, 12), st.integers(0, 3000))))
    if not tiers and buy_n is None:
        tiers = (Tier(30000, 5000),)
    low = draw(st.integers(2, 3))
    limits = Limits(low, draw(st.integers(low, 4)))
    compat = Compatibility(draw(st.sampled_from([0, 300, 1000])), draw(st.integers(0, 10)))
    products = ["A", "B", "C"]
    shoppers = []
    for i in range(n):
        basket = draw(
            st.one_of(st.integers(0, 60000), st.sampled_from([0, 1, 9999, 15000, 29999, 30000, 49999]))
        )
        wishes = draw(
            st.lists(
                st.builds(
                    Wish, st.sampled_from(products), st.integers(0, 20).map(lambda d: DAY + timedelta(d))
                ),
                max_size=3,
            )
        )
        shoppers.append(Shopper(f"s{i}", basket, draw(st.integers(0, 12)), tuple(wishes)))
    return shoppers, Promotion(tiers, buy_n), limits, compat


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_exact_equals_brute_force(case: tuple[list[Shopper], Promotion, Limits, Compatibility]) -> None:
    shoppers, promotion, limits, compat = case
    plan = plan_groups(shoppers, promotion, limits, compat)
    check_plan(plan, shoppers, promotion, limits)
    assert plan.exact and plan.method == "dp"
    assert plan.value_fen == brute_force(shoppers, promotion, limits, compat)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_packing_is_valid_and_its_bound_holds(
    case: tuple[list[Shopper], Promotion, Limits, Compatibility],
) -> None:
    """The heuristic path (forced on small pools) keeps the rules, and its bound is above the true best."""
    shoppers, promotion, limits, compat = case
    plan = plan_groups(shoppers, promotion, limits, compat, exact_limit=0)
    check_plan(plan, shoppers, promotion, limits)
    best = brute_force(shoppers, promotion, limits, compat)
    assert plan.value_fen <= best <= plan.upper_bound_fen
    best_gain = plan_groups(shoppers, promotion, limits, Compatibility()).value_fen  # exact, gains only
    assert plan.gain_upper_bound_fen >= best_gain


def _random_pool(n: int, seed: int, bonus: int = 300) -> list[Shopper]:
    rng = random.Random(seed)
    shoppers = []
    for i in range(n):
        basket = int(rng.lognormvariate(9.21, 0.6))  # median about ¥100
        wishes = tuple(
            Wish(f"SKU{rng.randrange(6)}", DAY + timedelta(rng.randrange(30)))
            for _ in range(rng.choice([0, 0, 1, 2]))
        )
        shoppers.append(Shopper(f"m{i}", basket, 1 + basket // 4000, wishes))
    return shoppers


@pytest.mark.parametrize("seed", range(4))
def test_bound_holds_against_the_exact_optimum_at_twenty(seed: int) -> None:
    shoppers = _random_pool(20, seed)
    limits, compat = Limits(2, 4), Compatibility(300, 7)
    plan = plan_groups(shoppers, LADDER, limits, compat)
    assert plan.exact
    check_plan(plan, shoppers, LADDER, limits)
    pool = Pool.build(shoppers, LADDER, limits, compat)
    prices = Prices(pool, pool.can_gain())
    assert prices.gain_bound() + prices.bonus_bound() >= plan.value_fen
    packed = plan_groups(shoppers, LADDER, limits, compat, exact_limit=0)
    check_plan(packed, shoppers, LADDER, limits)
    assert packed.value_fen <= plan.value_fen <= packed.upper_bound_fen


@pytest.mark.parametrize("n", [24, 60, 400])
def test_large_pools_keep_the_rules(n: int) -> None:
    shoppers = _random_pool(n, n)
    limits = Limits(2, 4)
    plan = plan_groups(shoppers, LADDER, limits, Compatibility(300, 7))
    assert plan.method == "packing"
    check_plan(plan, shoppers, LADDER, limits)
    assert plan.value_fen > 0


def test_research_check_cases() -> None:
    one_tier = Promotion((Tier(30000, 5000),))
    five = [Shopper(f"s{v}", v * 100) for v in (180, 150, 120, 90, 60)]
    plan = plan_groups(five, one_tier)
    assert len(plan.groups) == 2 and plan.value_fen == 10000
    three = [Shopper("a", 25000), Shopper("b", 6000), Shopper("c", 6000)]
    plan = plan_groups(three, one_tier)
    assert len(plan.groups) == 1 and plan.value_fen == 5000


def test_the_issue_example_pair() -> None:
    shoppers = [Shopper("m1", 18000, 3, (Wish("SKU1", date(2026, 12, 20)),)), Shopper("m4", 13000, 2)]
    plan = plan_groups(shoppers, LADDER, Limits(2, 4), Compatibility(300, 7))
    (group,) = plan.groups
    assert (group.members, group.basket_fen, group.saving_fen, group.gain_fen, group.bonus_fen) == (
        ("m1", "m4"), 31000, 5000, 5000, 0,
    )  # fmt: skip
    assert group.shares_fen == (2903, 2097)  # 5000 x 18000/31000 = 2903.2, 5000 x 13000/31000 = 2096.8
    assert plan.total_saving_fen == 5000 and plan.exact and plan.upper_bound_fen == 5000


def test_a_bonus_never_makes_a_group_that_saves_nothing() -> None:
    wish = (Wish("SKU1", date(2026, 12, 20)),)
    shoppers = [Shopper("a", 10000, 1, wish), Shopper("b", 10000, 1, wish)]  # ¥200 together: no tier
    plan = plan_groups(shoppers, LADDER, Limits(2, 4), Compatibility(10000, 7))
    assert plan.groups == () and plan.value_fen == 0 and plan.exact


def test_the_bonus_counts_close_deadlines_only() -> None:
    near = [Wish("X", date(2026, 12, 1)), Wish("Y", date(2026, 12, 1))]
    far = [Wish("X", date(2026, 12, 8)), Wish("Y", date(2026, 12, 9))]
    shoppers = [Shopper("a", 15000, 1, tuple(near)), Shopper("b", 15000, 1, tuple(far))]
    plan = plan_groups(shoppers, LADDER, Limits(2, 2), Compatibility(300, 7))
    assert plan.groups[0].bonus_fen == 300  # X is 7 days apart, Y 8


def test_top_tier_shoppers_are_left_alone_and_keep_their_saving() -> None:
    shoppers = [Shopper("big", 60000), Shopper("small", 100)]
    plan = plan_groups(shoppers, LADDER)
    assert plan.groups == () and plan.total_saving_fen == 10000


def test_buy_n_groups_pool_items() -> None:
    promotion = Promotion((), BuyN(items=10, off_fen=2000))
    shoppers = [Shopper("a", 5000, 6), Shopper("b", 3000, 4), Shopper("c", 9000, 9), Shopper("d", 100, 1)]
    plan = plan_groups(shoppers, promotion, Limits(2, 4))
    assert plan.value_fen == 4000 and len(plan.groups) == 2


def test_exact_solver_matches_brute_force_with_five_member_groups() -> None:
    shoppers = _random_pool(11, 7)
    limits = Limits(2, 5)
    pool = Pool.build(shoppers, LADDER, limits, Compatibility(300, 7))
    _, value = solve_exact(pool, pool.can_gain())
    assert value == brute_force(shoppers, LADDER, limits, Compatibility(300, 7))


def test_bad_engine_input() -> None:
    with pytest.raises(ValueError, match="unique"):
        plan_groups([Shopper("a", 1), Shopper("a", 2)], LADDER)
    with pytest.raises(ValueError, match="negative"):
        plan_groups([Shopper("a", -1)], LADDER)
    with pytest.raises(ValueError):
        Limits(3, 2)
    with pytest.raises(ValueError):
        Promotion(())
