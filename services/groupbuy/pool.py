"""The shoppers as arrays the solvers share: baskets, item counts, own savings, wish compatibility."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.groupbuy.types import Compatibility, Limits, Promotion, Shopper

IntArray = npt.NDArray[np.int64]


@dataclass
class Pool:
    """Shoppers by index. ``own`` is what each saves alone; ``wishes[i]`` maps product -> sorted days."""

    shoppers: Sequence[Shopper]
    promotion: Promotion
    limits: Limits
    compatibility: Compatibility
    basket: IntArray
    items: IntArray
    own: IntArray
    own_tier: IntArray
    wishes: list[dict[str, tuple[int, ...]]]
    # the same numbers as Python ints, for the per-group arithmetic of the heuristic
    basket_fen: list[int]
    items_count: list[int]
    own_fen: list[int]

    @classmethod
    def build(
        cls, shoppers: Sequence[Shopper], promotion: Promotion, limits: Limits, compatibility: Compatibility
    ) -> Pool:
        basket = np.array([s.basket_fen for s in shoppers], dtype=np.int64)
        items = np.array([s.items for s in shoppers], dtype=np.int64)
        own_tier = tier_off_array(promotion, basket)
        own = own_tier + buy_n_off_array(promotion, items)
        wishes: list[dict[str, tuple[int, ...]]] = []
        for s in shoppers:
            days: dict[str, list[int]] = defaultdict(list)
            if compatibility.shared_wish_bonus_fen > 0:
                for w in s.wishes:
                    days[w.product].append(w.by.toordinal())
            wishes.append({p: tuple(sorted(d)) for p, d in days.items()})
        return cls(
            shoppers, promotion, limits, compatibility, basket, items, own, own_tier, wishes,
            basket.tolist(), items.tolist(), own.tolist(),
        )  # fmt: skip

    @property
    def n(self) -> int:
        return len(self.shoppers)

    def can_gain(self) -> list[int]:
        """Shoppers that can be in a group that saves money.

        Someone whose own basket already reaches the best tier (and the buy-N deal, if any)
        can only lose by pooling: the pooled basket saves at most what they save alone.
        """
        best_tier = max((t.off_fen for t in self.promotion.tiers), default=0)
        bn = self.promotion.buy_n
        out = []
        for i in range(self.n):
            tier_open = int(self.own_tier[i]) < best_tier
            bn_open = bn is not None and bn.off_fen > 0 and int(self.items[i]) < bn.items
            if tier_open or bn_open:
                out.append(i)
        return out

    def pair_bonus(self, i: int, j: int) -> int:
        """``shared_wish_bonus_fen`` x products both wished with "by" dates at most the window apart."""
        a, b = self.wishes[i], self.wishes[j]
        if not a or not b:
            return 0
        if len(b) < len(a):
            a, b = b, a
        window = self.compatibility.deadline_window_days
        shared = 0
        for product, days_a in a.items():
            days_b = b.get(product)
            if days_b is not None and _close(days_a, days_b, window):
                shared += 1
        return shared * self.compatibility.shared_wish_bonus_fen

    def group_bonus(self, members: Sequence[int]) -> int:
        if self.compatibility.shared_wish_bonus_fen <= 0:
            return 0
        return sum(
            self.pair_bonus(members[x], members[y])
            for x in range(len(members))
            for y in range(x + 1, len(members))
        )

    def group_gain(self, members: Sequence[int]) -> int:
        basket, items, own = self.basket_fen, self.items_count, self.own_fen
        pooled = self.promotion.saving(sum(basket[i] for i in members), sum(items[i] for i in members))
        return pooled - sum(own[i] for i in members)


def _close(days_a: tuple[int, ...], days_b: tuple[int, ...], window: int) -> bool:
    for d in days_a:
        k = bisect.bisect_left(days_b, d - window)
        if k < len(days_b) and days_b[k] <= d + window:
            return True
    return False


def tier_off_array(promotion: Promotion, basket: IntArray) -> IntArray:
    """``promotion.tier_off`` of each basket, vectorised."""
    if not promotion.tiers:
        return np.zeros_like(basket)
    tiers = sorted(promotion.tiers, key=lambda t: t.spend_fen)
    spends = np.array([t.spend_fen for t in tiers], dtype=np.int64)
    best = np.maximum.accumulate(np.array([t.off_fen for t in tiers], dtype=np.int64))
    reached = np.searchsorted(spends, basket, side="right") - 1
    return np.where(reached >= 0, best[np.maximum(reached, 0)], 0).astype(np.int64)


def buy_n_off_array(promotion: Promotion, items: IntArray) -> IntArray:
    bn = promotion.buy_n
    if bn is None:
        return np.zeros_like(items)
    return np.where(items >= bn.items, bn.off_fen, 0).astype(np.int64)
