"""``plan_groups``: choose the groups, split each group's saving, and state the certificate."""

from __future__ import annotations

from collections.abc import Sequence

from services.core.money import split_largest_remainder
from services.groupbuy.bound import Prices
from services.groupbuy.exact import EXACT_LIMIT, solve_exact
from services.groupbuy.packing import best_packing
from services.groupbuy.pool import Pool
from services.groupbuy.types import Compatibility, Group, Limits, Plan, Promotion, Shopper


def plan_groups(
    shoppers: Sequence[Shopper],
    promotion: Promotion,
    limits: Limits | None = None,
    compatibility: Compatibility | None = None,
    *,
    exact_limit: int = EXACT_LIMIT,
) -> Plan:
    """Disjoint groups maximising the sum of (gain + bonus) over the groups.

    A group is allowed only when pooling saves money: gain = saving(pooled basket) minus the
    members' own savings > 0. The compatibility bonus adds to the value of an allowed group,
    it never makes a group allowed. Up to ``exact_limit`` shoppers who can gain at all, the
    subset DP proves the best value; above that the packing heuristic answers with an upper
    bound from per-shopper prices (``bound.py``).
    """
    limits = limits or Limits()
    compatibility = compatibility or Compatibility()
    if len({s.id for s in shoppers}) != len(shoppers):
        raise ValueError("shopper ids must be unique")
    for s in shoppers:
        if s.basket_fen < 0 or s.items < 0:
            raise ValueError(f"shopper {s.id!r}: basket_fen and items must not be negative")
    pool = Pool.build(shoppers, promotion, limits, compatibility)
    members = pool.can_gain()
    if len(members) <= min(exact_limit, EXACT_LIMIT):
        chosen, value = solve_exact(pool, members)
        # The best value bounds the best gain too (a bonus is never negative).
        upper, gain_upper, method = value, value, "dp"
    else:
        prices = Prices(pool, members)
        chosen = best_packing(pool, members, prices)
        value = -1  # from the groups below
        gain_upper = prices.gain_bound()
        upper, method = gain_upper + prices.bonus_bound(), "packing"
    groups = [_group(pool, sorted(g)) for g in sorted(chosen, key=min)]
    if value < 0:
        value = sum(g.value_fen for g in groups)
    elif sum(g.value_fen for g in groups) != value:
        raise AssertionError("group values do not add up to the solver's value")
    own_total = int(pool.own.sum())
    return Plan(
        groups=tuple(groups),
        value_fen=value,
        total_saving_fen=own_total + sum(g.gain_fen for g in groups),
        upper_bound_fen=upper,
        exact=value == upper,
        gain_upper_bound_fen=gain_upper,
        method=method,
    )


def _group(pool: Pool, members: list[int]) -> Group:
    baskets = [pool.basket_fen[i] for i in members]
    basket = sum(baskets)
    saving = pool.promotion.saving(basket, sum(pool.items_count[i] for i in members))
    # In proportion to each member's basket; baskets of 0 fen (a buy-N group) share equally.
    shares = split_largest_remainder(saving, baskets if basket > 0 else [1] * len(members))
    return Group(
        members=tuple(pool.shoppers[i].id for i in members),
        basket_fen=basket,
        saving_fen=saving,
        gain_fen=pool.group_gain(members),
        bonus_fen=pool.group_bonus(members),
        shares_fen=tuple(shares),
    )
