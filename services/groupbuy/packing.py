"""Fast grouping for large pools: largest basket first, completed toward a tier, guided by prices.

Each round takes the largest basket left and, for every tier it does not reach alone,
completes it with partners: the smallest baskets left as padding while more than two
places remain (small baskets are what nobody else can use), then the pair (or single
basket) that closes the remaining gap with the least overshoot. Of the completions that
save money, the one with the best value minus the members' prices (``bound.Prices``) is
formed: prices make a completion that spends a lot of useful basket on little gain lose
to one that wastes nothing. A basket no completion helps stays alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from services.groupbuy.bound import Prices
from services.groupbuy.pool import Pool

PAIR_WINDOW = 20  # first members of the closing pair tried around half the gap
BOTTOM_SHARES = (0.0, 0.05, 0.1, 0.15)  # tried in turn on pools up to MULTI_START_LIMIT; else 0.1
MULTI_START_LIMIT = 3000


def _complete(vals: list[int], costs: list[float], need: int, places: int, at_least: int) -> list[int] | None:
    """Positions in ``vals`` (ascending) of up to ``places`` baskets summing to >= ``need``.

    Of the closing options (a pair or one basket) the one whose members cost least wins, then
    the one with least overshoot: with a price per place, two members closing the gap can be
    cheaper than one that overshoots less.
    """
    n = len(vals)
    picked: list[int] = []
    while places > 2 and (need > 0 or len(picked) < at_least):
        p = 0
        while p in picked:
            p += 1
        if p >= n:
            return None
        picked.append(p)
        need -= vals[p]
        places -= 1
    if need <= 0:
        return picked if len(picked) >= at_least else _pad(vals, picked, at_least)
    best: tuple[float, int, list[int]] | None = None
    if places >= 2:
        centre = bisect.bisect_left(vals, need / 2)
        for p in range(max(0, centre - PAIR_WINDOW), min(n, centre + PAIR_WINDOW)):
            if p in picked:
                continue
            rest = need - vals[p]
            if rest <= 0:
                option = (costs[p], -rest, [p])
            else:
                q = bisect.bisect_left(vals, rest)
                while q < n and (q == p or q in picked):
                    q += 1
                if q >= n:
                    continue
                option = (costs[p] + costs[q], vals[q] - rest, [p, q])
            if best is None or option[:2] < best[:2]:
                best = option
    q = bisect.bisect_left(vals, need)
    while q < n and q in picked:
        q += 1
    if q < n and (best is None or (costs[q], vals[q] - need) < best[:2]):
        best = (costs[q], vals[q] - need, [q])
    if best is None:
        return None
    picked.extend(best[2])
    return picked if len(picked) >= at_least else _pad(vals, picked, at_least)


def _pad(vals: list[int], picked: list[int], at_least: int) -> list[int] | None:
    p = 0
    while len(picked) < at_least:
        while p in picked:
            p += 1
        if p >= len(vals):
            return None
        picked.append(p)
    return picked


def best_packing(pool: Pool, members: Sequence[int], prices: Prices) -> list[tuple[int, ...]]:
    """The best of ``pack`` with a few shares of bottom-up groups (one run for large pools)."""
    shares = BOTTOM_SHARES if len(members) <= MULTI_START_LIMIT else BOTTOM_SHARES[2:3]
    best: tuple[int, list[tuple[int, ...]]] | None = None
    for share in shares:
        groups = pack(pool, members, prices, share)
        value = sum(pool.group_gain(g) + pool.group_bonus(g) for g in groups)
        if best is None or value > best[0]:
            best = (value, groups)
    return best[1] if best is not None else []


def pack(pool: Pool, members: Sequence[int], prices: Prices, bottom: float = 0.1) -> list[tuple[int, ...]]:
    """Disjoint groups of ``members``, each saving money (gain > 0).

    ``bottom``: the share of groups built from the small end toward the lowest tier (the
    smallest basket, padding, a closing pair). Largest-first alone uses the small baskets up
    as padding, and what is left at the end is a band of equal middle baskets that overshoot
    the lowest tier in every group; measured, about one group in ten from the bottom balances it.
    """
    price = {i: float(y) for i, y in zip(prices.members, prices.gain_prices, strict=True)}
    ordered = sorted(members, key=lambda i: (pool.basket_fen[i], i))
    vals = [pool.basket_fen[i] for i in ordered]
    ids = list(ordered)
    costs = [price[i] for i in ordered]
    places = pool.limits.max_size - 1
    at_least = pool.limits.min_size - 1
    # (basket to reach, what the lead saves there alone counts against it); buy-N only: no target
    targets: list[tuple[int, int | None]] = [
        (t.spend_fen, t.off_fen) for t in sorted(pool.promotion.tiers, key=lambda t: t.spend_fen)
    ]
    if not targets:
        targets = [(0, None)]
    groups: list[list[int]] = []
    formed_low = 0
    while len(vals) > at_least:
        if (
            bottom
            and targets[0][1] is not None
            and formed_low < bottom * len(groups)
            and len(vals) > places + 1
        ):
            # a group toward the lowest tier from the small end
            first = 0
            while first < len(vals) - 1 and pool.own_fen[ids[first]] != 0:
                first += 1
            low_val, low, low_cost = vals.pop(first), ids.pop(first), costs.pop(first)
            picked = _complete(vals, costs, targets[0][0] - low_val, places, at_least)
            group = [low, *(ids[q] for q in picked or ())]
            if picked is not None and pool.group_gain(group) > 0:
                for q in sorted(picked, reverse=True):
                    ids.pop(q)
                    vals.pop(q)
                    costs.pop(q)
                groups.append(group)
                formed_low += 1
                continue
            vals.insert(first, low_val)
            ids.insert(first, low)
            costs.insert(first, low_cost)
        lead_val = vals.pop()
        lead = ids.pop()
        costs.pop()
        own_off = int(pool.own_tier[lead])
        best: tuple[float, list[int]] | None = None
        for spend, off in targets:
            if off is not None and off <= own_off:
                continue
            picked = _complete(vals, costs, spend - lead_val, places, at_least)
            if picked is None:
                continue
            group = [lead, *(ids[p] for p in picked)]
            gain = pool.group_gain(group)
            if gain <= 0:
                continue
            score = gain + pool.group_bonus(group) - sum(price[i] for i in group)
            if best is None or score > best[0]:
                best = (score, picked)
        if best is None:
            continue
        group = [lead]
        for p in sorted(best[1], reverse=True):
            group.append(ids.pop(p))
            vals.pop(p)
            costs.pop(p)
        groups.append(group)
    return [tuple(g) for g in groups]
