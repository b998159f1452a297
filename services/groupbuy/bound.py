"""Upper bounds on what any grouping can gain: a Lagrangian (LP dual) price per shopper.

For a tier (spend T, off F) and a group of k shoppers reaching it, for any mu and
lam = (F - k_worst*mu) / T (k_worst: the group size that makes lam*T + k*mu smallest),

    F - sum(own_i) <= lam*sum(v_i) + k*mu - sum(own_i) = sum over members of (lam*v_i + mu - own_i).

So y_i = max(0, max over tiers t of (lam_t*v_i + mu_t) - own_tier_i) prices every shopper such
that each allowed group's tier gain is at most the prices of its members, and the sum of all
prices bounds the sum of tier gains of any disjoint grouping (weak LP duality). The buy-N deal
gets its own price on item counts the same way, and the compatibility bonus a price of half of
the best bonus a member could collect. The mu are chosen by coordinate-wise golden-section
search, as the sum is convex in them. Shoppers who cannot gain get price 0 (see Pool.can_gain).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from services.groupbuy.pool import Pool

FloatArray = npt.NDArray[np.float64]
_GOLDEN = (math.sqrt(5) - 1) / 2


def _golden(f: Callable[[float], float], lo: float, hi: float, steps: int) -> float:
    a, b = lo, hi
    x1, x2 = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    f1, f2 = f(x1), f(x2)
    for _ in range(steps):
        if f1 < f2:
            b, x2, f2 = x2, x1, f1
            x1 = b - _GOLDEN * (b - a)
            f1 = f(x1)
        else:
            a, x1, f1 = x1, x2, f2
            x2 = a + _GOLDEN * (b - a)
            f2 = f(x2)
    return (a + b) / 2


def _affine(spend: int, off: int, mu: float, kmin: int, kmax: int) -> tuple[float, float]:
    k = kmin if mu >= 0 else kmax
    return (off - k * mu) / spend, mu


class Prices:
    """Per-shopper prices (fen, float) whose sums bound gains and bonus; ``lines`` guide the packing."""

    def __init__(self, pool: Pool, members: Sequence[int], rounds: int = 6, steps: int = 40) -> None:
        self.members = list(members)
        idx = np.array(self.members, dtype=np.int64)
        kmin, kmax = pool.limits.min_size, pool.limits.max_size
        tiers = sorted(pool.promotion.tiers, key=lambda t: t.spend_fen)
        best_off = max((t.off_fen for t in tiers), default=0)
        v = pool.basket[idx].astype(np.float64)
        own_tier = pool.own_tier[idx].astype(np.float64)
        open_tier = pool.own_tier[idx] < best_off

        def tier_prices(mus: list[float]) -> FloatArray:
            top = np.full(len(idx), -np.inf)
            for tier, mu in zip(tiers, mus, strict=True):
                lam, m = _affine(tier.spend_fen, tier.off_fen, mu, kmin, kmax)
                top = np.maximum(top, lam * v + m)
            return np.where(open_tier, np.maximum(0.0, top - own_tier), 0.0)

        mus = [0.0] * len(tiers)
        if tiers and len(idx):
            # The sum has kinks where two tiers' lines cross, where searching one mu at a time
            # stalls; a search moving all of them together (a common line fits every tier of a
            # proportional ladder) goes first and again after every round.
            low = min(-2.0 * t.off_fen for t in tiers)

            def shifted(d: float) -> float:
                return float(
                    tier_prices([min(m + d, t.off_fen / kmin) for m, t in zip(mus, tiers, strict=True)]).sum()
                )

            for _ in range(rounds):
                d = _golden(shifted, low - max(mus), -min(mus) + max(t.off_fen for t in tiers) / kmin, steps)
                mus = [min(m + d, t.off_fen / kmin) for m, t in zip(mus, tiers, strict=True)]
                for t, tier in enumerate(tiers):

                    def total(m: float, t: int = t, now: list[float] = mus) -> float:
                        return float(tier_prices([*now[:t], m, *now[t + 1 :]]).sum())

                    mus[t] = _golden(total, -2.0 * tier.off_fen, tier.off_fen / kmin, steps)
        self.tier_lines = [
            _affine(t.spend_fen, t.off_fen, mu, kmin, kmax) for t, mu in zip(tiers, mus, strict=True)
        ]
        self.tiers = tiers
        y = tier_prices(mus) if tiers else np.zeros(len(idx))

        bn = pool.promotion.buy_n
        if bn is not None and bn.off_fen > 0 and len(idx):
            c = pool.items[idx].astype(np.float64)
            open_bn = pool.items[idx] < bn.items

            def bn_prices(beta: float) -> FloatArray:
                alpha, b = _affine(bn.items, bn.off_fen, beta, kmin, kmax)
                return np.where(open_bn, np.maximum(0.0, alpha * c + b), 0.0)

            beta = _golden(lambda b: float(bn_prices(b).sum()), -2.0 * bn.off_fen, bn.off_fen / kmin, steps)
            y = y + bn_prices(beta)
        self.gain_prices: FloatArray = y
        self.bonus_prices: FloatArray = _bonus_prices(pool, self.members)

    @property
    def prices(self) -> FloatArray:
        return self.gain_prices + self.bonus_prices

    def gain_bound(self) -> int:
        """Integer fen no grouping's gains exceed (float sums rounded up with a safety margin)."""
        total = float(self.gain_prices.sum())
        return math.floor(total * (1 + 1e-9) + 1e-6)

    def bonus_bound(self) -> int:
        return math.floor(float(self.bonus_prices.sum()) * (1 + 1e-9) + 1e-6)


def _bonus_prices(pool: Pool, members: Sequence[int]) -> FloatArray:
    """Half of a bound on the bonus each member could collect (see module docstring).

    In a group a member has at most ``max_size - 1`` partners, so on each wished product
    at most that many of the members wishing it within the window count.
    """
    out = np.zeros(len(members))
    bonus = pool.compatibility.shared_wish_bonus_fen
    if bonus <= 0:
        return out
    window = pool.compatibility.deadline_window_days
    partners = pool.limits.max_size - 1
    by_product: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for product, wished in pool.wishes[i].items():
            by_product[product].extend(wished)
    for everyone in by_product.values():
        everyone.sort()
    for x, i in enumerate(members):
        slots = 0
        for product, days in pool.wishes[i].items():
            everyone = by_product[product]
            near = sum(
                bisect.bisect_right(everyone, d + window) - bisect.bisect_left(everyone, d - window)
                for d in days
            ) - len(days)
            slots += min(partners, near)
        out[x] = slots * bonus / 2
    return out
