"""Upper bounds on what any grouping can gain: a Lagrangian (LP dual) price per shopper.

Shoppers fall in classes by what they save alone (own tier). For a tier (spend T, off F), give
each class c an intercept mu_c and take the slope lam = max over the class mixes of an allowed
group (k members, saving less than F together alone) of (F - sum of the mix's mu) / T. Then any
group reaching the tier with gain > 0 has

    F - sum(own_i) <= lam*sum(v_i) + sum(mu_c(i)) - sum(own_i) = sum over members of (lam*v_i + mu_c(i) - own_i).

So y_i = max(0, max over tiers of (lam_t*v_i + mu_t,c(i)) - own_i) prices every shopper such that
each allowed group's tier gain is at most its members' prices, and the sum of all prices bounds
the tier gains of any disjoint grouping (weak LP duality). Any intercepts give a valid bound; a
search makes the sum small (it is convex in them). The buy-N deal gets its own price on item
counts the same way, and the compatibility bonus a price of half the best bonus a member could
collect. Shoppers who cannot gain get price 0 (see Pool.can_gain).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from services.groupbuy.pool import IntArray, Pool

FloatArray = npt.NDArray[np.float64]
_GOLDEN = (math.sqrt(5) - 1) / 2
ROUNDS = 6
STEPS = 22
_SEARCH_SAMPLE = 2500  # shoppers the intercept search looks at (all of a smaller pool)


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


def _mixes(classes: list[int], allowed: list[int], off: int, kmin: int, kmax: int) -> FloatArray:
    """Counts per class of every group of kmin..kmax members from ``allowed`` classes that can gain at ``off``."""
    rows = []
    for k in range(kmin, kmax + 1):
        for mix in itertools.combinations_with_replacement(allowed, k):
            if sum(classes[c] for c in mix) < off:
                row = [0.0] * max(1, len(classes))
                for c in mix:
                    row[c] += 1
                rows.append(row)
    return np.array(rows, dtype=np.float64).reshape(-1, max(1, len(classes)))


def _affine(spend: int, off: int, mu: float, kmin: int, kmax: int) -> tuple[float, float]:
    k = kmin if mu >= 0 else kmax
    return (off - k * mu) / spend, mu


class Prices:
    """Per-shopper prices (fen, float) whose sums bound gains and bonus; ``lines`` guide the packing."""

    def __init__(self, pool: Pool, members: Sequence[int], rounds: int = ROUNDS, steps: int = STEPS) -> None:
        self.members = list(members)
        idx = np.array(self.members, dtype=np.int64)
        kmin, kmax = pool.limits.min_size, pool.limits.max_size
        tiers = sorted(pool.promotion.tiers, key=lambda t: t.spend_fen)
        best_off = max((t.off_fen for t in tiers), default=0)
        v = pool.basket[idx].astype(np.float64)
        own_tier = pool.own_tier[idx].astype(np.float64)
        # Shoppers are priced by class (what they save alone): each tier has one slope and an
        # intercept per class. A group reaching tier t with gain > 0 only holds classes that save
        # less than t alone, in a few possible mixes; the slope is the least that covers them all.
        classes = sorted({int(o) for o in pool.own_tier[idx] if int(o) < best_off})
        cls = np.array([classes.index(int(o)) if int(o) < best_off else -1 for o in pool.own_tier[idx]])
        allowed = [[c for c, off in enumerate(classes) if off < t.off_fen] for t in tiers]
        mixes = [_mixes(classes, a, t.off_fen, kmin, kmax) for a, t in zip(allowed, tiers, strict=True)]
        params = [(t, c) for t in range(len(tiers)) for c in allowed[t]]

        def slopes(mu: FloatArray) -> list[float]:
            out = []
            for t, tier in enumerate(tiers):
                need = float((tier.off_fen - mixes[t] @ mu[t]).max()) if len(mixes[t]) else -1.0
                out.append(max(0.0, need / tier.spend_fen))
            return out

        def tier_prices(mu: FloatArray, at: slice | IntArray) -> FloatArray:
            vs, cs, owns = v[at], cls[at], own_tier[at]
            top = np.full(len(vs), -np.inf)
            for t, lam in enumerate(slopes(mu)):
                if len(mixes[t]):
                    intercept = np.where(in_tier[t][at], mu[t][np.maximum(cs, 0)], -np.inf)
                    top = np.maximum(top, lam * vs + intercept)
            return np.where(cs >= 0, np.maximum(0.0, top - owns), 0.0)

        in_tier = [np.isin(cls, a) for a in allowed]
        # The intercepts are searched on an evenly spread sample of a large pool: any intercepts
        # give a valid bound, the sample only has to find good ones.
        sample: slice | IntArray = slice(None)
        if len(idx) > _SEARCH_SAMPLE:
            sample = np.argsort(v, kind="stable")[:: len(idx) // _SEARCH_SAMPLE + 1]
        mu = np.zeros((len(tiers), max(1, len(classes))))
        if params and len(idx):
            # The sum is convex in the intercepts but has kinks where lines cross, where moving
            # one intercept at a time stalls; moving all together, then each tier's, goes first.
            groups_of_moves = [params] + [[p for p in params if p[0] == t] for t in range(len(tiers))]
            groups_of_moves += [[p] for p in params]
            span = max(t.off_fen for t in tiers)
            for _ in range(rounds):
                for moves in groups_of_moves:

                    def shifted(
                        d: float, moves: list[tuple[int, int]] = moves, base: FloatArray = mu
                    ) -> float:
                        trial = base.copy()
                        for t, c in moves:
                            trial[t, c] += d
                        return float(tier_prices(trial, sample).sum())

                    d = _golden(shifted, -2.0 * span, 1.0 * span, steps)
                    mu = mu.copy()
                    for t, c in moves:
                        mu[t, c] += d
        y = tier_prices(mu, slice(None)) if params else np.zeros(len(idx))

        bn = pool.promotion.buy_n
        if bn is not None and bn.off_fen > 0 and len(idx):
            counts = pool.items[idx].astype(np.float64)
            open_bn = pool.items[idx] < bn.items

            def bn_prices(beta: float) -> FloatArray:
                alpha, b = _affine(bn.items, bn.off_fen, beta, kmin, kmax)
                return np.where(open_bn, np.maximum(0.0, alpha * counts + b), 0.0)

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
