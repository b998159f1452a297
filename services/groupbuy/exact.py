"""Exact grouping for small pools: enumerate the groups that save money, then a subset DP.

The DP decides shoppers in a fixed order. Its state is the set of later shoppers already
promised to a group started by an earlier one; shopper k is either promised already,
alone, or starts a group whose other members are all later and not yet promised. Only
reachable states are kept (an array per step indexed by the promised set, each slot keeping
its best value), and a state is dropped when promising a subset of its shoppers is worth at
least as much. The work follows the groups worth forming rather than 3^n: about 40 ms for 20
shoppers and groups of 2-4 (bench/groupbuy.py).
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np

from services.groupbuy.pool import IntArray, Pool, buy_n_off_array, tier_off_array

EXACT_LIMIT = 20  # shoppers who can gain; above this the packing heuristic runs
_BROADCAST = 20000  # (free state, group) pairs below which a step is done in one piece


@lru_cache(maxsize=64)
def _combinations(n: int, k: int) -> IntArray:
    if k > n:
        return np.zeros((0, k), dtype=np.int64)
    return np.array(list(itertools.combinations(range(n), k)), dtype=np.int64).reshape(-1, k)


def candidate_groups(pool: Pool, members: list[int]) -> tuple[list[tuple[int, ...]], list[int]]:
    """Every group of ``members`` (sizes within the limits) whose pooling saves money, with its value.

    Groups dominated by one of their own sub-groups (drop one member, still allowed,
    value at least as high) are left out: they never beat the sub-group plus a lone shopper.
    """
    m = len(members)
    idx = np.array(members, dtype=np.int64)
    basket, items, own = pool.basket[idx], pool.items[idx], pool.own[idx]
    bonus = np.zeros((m, m), dtype=np.int64)
    if pool.compatibility.shared_wish_bonus_fen > 0:
        for a in range(m):
            for b in range(a + 1, m):
                bonus[a, b] = bonus[b, a] = pool.pair_bonus(members[a], members[b])
    all_masks: list[IntArray] = []
    all_values: list[IntArray] = []
    all_combos: list[IntArray] = []
    for k in range(pool.limits.min_size, min(pool.limits.max_size, m) + 1):
        combos = _combinations(m, k)
        pooled = tier_off_array(pool.promotion, basket[combos].sum(axis=1))
        pooled += buy_n_off_array(pool.promotion, items[combos].sum(axis=1))
        gain = pooled - own[combos].sum(axis=1)
        keep = gain > 0
        combos, gain = combos[keep], gain[keep]
        value = gain.copy()
        for a, b in itertools.combinations(range(k), 2):
            value += bonus[combos[:, a], combos[:, b]]
        all_masks.append((np.int64(1) << combos).sum(axis=1))
        all_values.append(value)
        all_combos.append(combos)
    if not all_masks:
        return [], []
    masks = np.concatenate(all_masks)
    values = np.concatenate(all_values)
    order = np.argsort(masks)
    sorted_masks, sorted_values = masks[order], values[order]
    groups: list[tuple[int, ...]] = []
    group_values: list[int] = []
    for combos, kmasks, kvalues in zip(all_combos, all_masks, all_values, strict=True):
        dominated = np.zeros(len(kmasks), dtype=bool)
        if combos.shape[1] > pool.limits.min_size:
            for col in range(combos.shape[1]):
                sub = kmasks ^ (np.int64(1) << combos[:, col])
                pos = np.minimum(np.searchsorted(sorted_masks, sub), len(sorted_masks) - 1)
                dominated |= (sorted_masks[pos] == sub) & (sorted_values[pos] >= kvalues)
        for row, value in zip(combos[~dominated].tolist(), kvalues[~dominated].tolist(), strict=True):
            groups.append(tuple(members[x] for x in row))
            group_values.append(int(value))
    return groups, group_values


def _offer(
    nxt: tuple[IntArray, IntArray, IntArray],
    slots: IntArray,
    values: IntArray,
    parents: IntArray,
    group: int | IntArray,
) -> None:
    """Keep each offered (value, parent, group) where it beats the slot's best so far.

    The slots of one call are distinct, so a plain gather, compare and scatter is exact.
    """
    best, parent, started = nxt
    better = values > best[slots]
    slots = slots[better]
    best[slots] = values[better]
    parent[slots] = parents[better]
    started[slots] = group if isinstance(group, int) else group[better]


_PRUNE_MAX = 1 << 17  # layer sizes up to which dominated states are dropped (when dense enough)
_PRUNE_DENSE = 8  # ... at least one state in this many slots


def _drop_dominated(best: IntArray, bits: int) -> None:
    """Unset (-1) every state for which a state with fewer promised shoppers is at least as good.

    Promising fewer later shoppers never hurts, so such a state cannot lead anywhere better.
    ``top[s]`` becomes the best value over all subsets of ``s`` (one pass per bit).
    """
    top = best.copy()
    for b in range(bits):
        view = top.reshape(-1, 2, 1 << b)
        np.maximum(view[:, 1, :], view[:, 0, :], out=view[:, 1, :])
    dominated = np.zeros(len(best), dtype=bool)
    for b in range(bits):
        t, d, v = top.reshape(-1, 2, 1 << b), dominated.reshape(-1, 2, 1 << b), best.reshape(-1, 2, 1 << b)
        d[:, 1, :] |= t[:, 0, :] >= v[:, 1, :]
    best[dominated] = -1


def solve_exact(pool: Pool, members: list[int]) -> tuple[list[tuple[int, ...]], int]:
    """The best disjoint choice among ``candidate_groups`` (at most ``EXACT_LIMIT`` members)."""
    if len(members) > EXACT_LIMIT:
        raise ValueError(f"exact search is for at most {EXACT_LIMIT} shoppers")
    groups, values = candidate_groups(pool, members)
    if not groups:
        return [], 0
    # Small baskets first: a group is started by its smallest member and the bigger ones are
    # promised to it; measured, this keeps fewer states alive than big baskets first.
    order = sorted(members, key=lambda i: (pool.basket_fen[i], i))
    position = {shopper: k for k, shopper in enumerate(order)}
    n = len(order)
    by_start: list[list[int]] = [[] for _ in range(n)]
    tails = np.zeros(len(groups), dtype=np.int64)
    for g, group in enumerate(groups):
        places = sorted(position[s] for s in group)
        by_start[places[0]].append(g)
        tails[g] = sum(1 << p for p in places[1:])
    value_arr = np.array(values, dtype=np.int64)
    states = np.zeros(1, dtype=np.int64)
    best = np.zeros(1, dtype=np.int64)
    trail: list[tuple[IntArray, IntArray]] = []  # per step: parent state index, group started (-1: none)
    for k in range(n):
        size = 1 << (n - k - 1)
        nxt_v = np.full(size, -1, dtype=np.int64)
        nxt_p = np.empty(size, dtype=np.int64)  # read only where nxt_v was set
        nxt_g = np.empty(size, dtype=np.int64)
        nxt = (nxt_v, nxt_p, nxt_g)

        bit = np.int64(1) << k
        promised = (states & bit) != 0
        held = np.nonzero(promised)[0]
        free = np.nonzero(~promised)[0]
        _offer(nxt, states[held] >> (k + 1), best[held], held, -1)
        free_s, free_v = states[free], best[free]
        _offer(nxt, free_s >> (k + 1), free_v, free, -1)
        starting = by_start[k]
        if len(free) * len(starting) <= _BROADCAST:
            # few (state, group) pairs: all groups in one step, the best offer per slot kept
            cols = np.array(starting, dtype=np.int64)
            col_tails = tails[cols]
            si, ci = np.nonzero((free_s[:, None] & col_tails[None, :]) == 0)
            slots = (free_s[si] | col_tails[ci]) >> (k + 1)
            vals = free_v[si] + value_arr[cols][ci]
            order_c = np.lexsort((vals, slots))
            last = np.ones(len(order_c), dtype=bool)
            last[:-1] = slots[order_c][1:] != slots[order_c][:-1]
            pick = order_c[last]
            _offer(nxt, slots[pick], vals[pick], free[si[pick]], cols[ci[pick]])
        else:
            for g in starting:
                tail = tails[g]
                fits = np.nonzero((free_s & tail) == 0)[0]
                _offer(nxt, (free_s[fits] | tail) >> (k + 1), free_v[fits] + values[g], free[fits], g)
        reached = np.nonzero(nxt_v >= 0)[0]
        if (
            64 <= size <= _PRUNE_MAX
            and len(reached) * _PRUNE_DENSE >= size
            and len(by_start[min(k + 1, n - 1)]) > 8
        ):
            _drop_dominated(nxt_v, n - k - 1)
            reached = np.nonzero(nxt_v >= 0)[0]
        states, best = reached << (k + 1), nxt_v[reached]
        trail.append((nxt_p[reached], nxt_g[reached]))
    # One state is left (nothing promised beyond the last shopper); walk back.
    chosen: list[tuple[int, ...]] = []
    at = 0
    for parents, started in reversed(trail):
        g = int(started[at])
        if g >= 0:
            chosen.append(groups[g])
        at = int(parents[at])
    return chosen, int(best[0])
