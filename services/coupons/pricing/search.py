"""Choosing which of a member's coupons to use together: exact search, greedy past a size.

Every combination is priced by the same pipeline (``rules.apply`` in ``pipeline_key``
order), so the search and the final settlement can never disagree.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.coupons.pricing.rules import Applied, BasketState, apply, pipeline_key, scope_lines
from services.coupons.pricing.types import Coupon, Explanation, Line

MAX_EXACT = 16  # more candidates than this (after pruning) -> greedy fallback
MAX_STEPS = 500  # coupon applications the exact search may spend before settling for what it has
NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    coupon: Coupon
    scope: tuple[int, ...]
    alone_fen: int  # what it gives by itself on the fresh basket: an upper bound in any combination


@dataclass(frozen=True)
class Priced:
    """A combination priced through the pipeline; ``failed`` names a coupon that gave nothing."""

    applied: tuple[tuple[Candidate, Applied], ...]
    failed: tuple[Candidate, Explanation] | None

    @property
    def discount_fen(self) -> int:
        return sum(applied.discount_fen for _, applied in self.applied)


def compatible(coupon: Coupon, chosen: Sequence[Coupon]) -> Coupon | None:
    """The first chosen coupon that ``coupon`` may not combine with, or None."""
    for other in chosen:
        if coupon.exclusive or other.exclusive:
            return other
        if coupon.exclusivity_group and coupon.exclusivity_group == other.exclusivity_group:
            return other
    return None


def price(lines: Sequence[Line], combo: Sequence[Candidate]) -> Priced:
    """Run ``combo`` through the pipeline on a fresh basket."""
    state = BasketState.fresh(lines)
    done: list[tuple[Candidate, Applied]] = []
    for candidate in sorted(combo, key=lambda c: pipeline_key(c.coupon)):
        result = apply(candidate.coupon, lines, candidate.scope, state)
        if isinstance(result, Explanation):
            return Priced(tuple(done), (candidate, result))
        done.append((candidate, result))
        state = state.after(result)
    return Priced(tuple(done), None)


def tie_key(combo: Sequence[Candidate]) -> tuple[int, tuple[datetime, ...], tuple[int, ...]]:
    """Among equal discounts: fewer coupons, then earlier expiries (use up what expires first), then lower ids."""
    expiries = tuple(sorted(c.coupon.valid_until or NEVER for c in combo))
    return len(combo), expiries, tuple(sorted(c.coupon.id for c in combo))


class _OutOfSteps(Exception):
    pass


def best_exact(
    lines: Sequence[Line], candidates: Sequence[Candidate], max_steps: int = MAX_STEPS
) -> tuple[tuple[Candidate, ...], bool]:
    """The allowed subset with the largest total discount (ties by ``tie_key``), by depth-first search.

    Coupons are tried in pipeline order, so each step applies one coupon to the state
    its prefix left. A branch stops when the discount so far plus every later
    candidate's ``alone_fen`` (an upper bound: other coupons only shrink a base) or
    the basket's total cannot reach the best found. Returns the subset and whether
    the search finished within ``max_steps`` coupon applications (a count, so the
    outcome never depends on the machine's speed).
    """
    ordered = sorted(candidates, key=lambda c: pipeline_key(c.coupon))
    suffix = [0] * (len(ordered) + 1)
    for j in range(len(ordered) - 1, -1, -1):
        suffix[j] = suffix[j + 1] + ordered[j].alone_fen
    by_value = [sorted((c.alone_fen for c in ordered[j:]), reverse=True) for j in range(len(ordered))]
    best: list[Candidate] = []
    best_fen = 0
    best_tie = tie_key(best)
    chosen: list[Candidate] = []
    steps = 0

    def visit(j: int, state: BasketState, total: int, left_fen: int) -> None:
        nonlocal best, best_fen, best_tie, steps
        if total > best_fen or (total == best_fen and total and tie_key(chosen) < best_tie):
            best, best_fen, best_tie = list(chosen), total, tie_key(chosen)
        if j == len(ordered):
            return
        bound = total + min(suffix[j], left_fen)
        if bound < best_fen:
            return
        # When the best total is all this branch can reach, it wins only with no more coupons.
        if bound == best_fen and len(chosen) + _fewest(by_value[j], best_fen - total) > len(best):
            return
        candidate = ordered[j]
        if compatible(candidate.coupon, [c.coupon for c in chosen]) is None:
            steps += 1
            if steps > max_steps:
                raise _OutOfSteps
            result = apply(candidate.coupon, lines, candidate.scope, state)
            if not isinstance(result, Explanation):
                chosen.append(candidate)
                visit(j + 1, state.after(result), total + result.discount_fen, left_fen - result.discount_fen)
                chosen.pop()
        visit(j + 1, state, total, left_fen)

    fresh = BasketState.fresh(lines)
    try:
        visit(0, fresh, 0, sum(fresh.remaining))
    except _OutOfSteps:
        return tuple(best), False
    return tuple(best), True


def _fewest(values_desc: Sequence[int], need: int) -> int:
    """How many of these values (largest first) it takes to reach ``need``; a lower bound on coupons."""
    count = 0
    for value in values_desc:
        if need <= 0:
            break
        need -= value
        count += 1
    return count if need <= 0 else len(values_desc) + 1


def best_greedy(lines: Sequence[Line], candidates: Sequence[Candidate]) -> tuple[Candidate, ...]:
    """Take candidates by alone value (then expiry, id); keep one only if allowed and the total grows."""
    order = sorted(candidates, key=lambda c: (-c.alone_fen, c.coupon.valid_until or NEVER, c.coupon.id))
    chosen: list[Candidate] = []
    total = 0
    for candidate in order:
        if compatible(candidate.coupon, [c.coupon for c in chosen]) is not None:
            continue
        trial = price(lines, [*chosen, candidate])
        if trial.failed is None and trial.discount_fen > total:
            chosen.append(candidate)
            total = trial.discount_fen
    return tuple(chosen)


def candidates_for(
    lines: Sequence[Line], coupons: Sequence[Coupon], store_id: int | None
) -> tuple[list[Candidate], dict[int, Explanation]]:
    """Split coupons into those that give something alone and why each other one gives nothing.

    A coupon that gives nothing alone gives nothing in any combination (earlier coupons
    only shrink its base and its units), so it is dropped before the search.
    """
    fresh = BasketState.fresh(lines)
    found: list[Candidate] = []
    why: dict[int, Explanation] = {}
    for coupon in coupons:
        scope = scope_lines(coupon, lines, store_id)
        if isinstance(scope, Explanation):
            why[coupon.id] = scope
            continue
        result = apply(coupon, lines, scope, fresh)
        if isinstance(result, Explanation):
            why[coupon.id] = result
        else:
            found.append(Candidate(coupon, scope, result.discount_fen))
    return found, why


def choose(
    lines: Sequence[Line], found: Sequence[Candidate], max_exact: int = MAX_EXACT, max_steps: int = MAX_STEPS
) -> tuple[tuple[Candidate, ...], bool]:
    """The chosen candidates and whether the choice is proven best.

    Up to ``max_exact`` candidates the exact search runs; if it finishes within
    ``max_steps`` its answer is the best. Otherwise the better (by discount, then
    ``tie_key``) of greedy and whatever the search had found is used.
    """
    partial: tuple[Candidate, ...] = ()
    if len(found) <= max_exact:
        partial, complete = best_exact(lines, found, max_steps)
        if complete:
            return partial, True
    greedy = best_greedy(lines, found)

    def rank(combo: Sequence[Candidate]) -> tuple[int, tuple[int, tuple[datetime, ...], tuple[int, ...]]]:
        return -price(lines, combo).discount_fen, tie_key(combo)

    return min(partial, greedy, key=rank), False


def best_combination(
    lines: Sequence[Line],
    coupons: Sequence[Coupon],
    store_id: int | None = None,
    max_exact: int = MAX_EXACT,
    max_steps: int = MAX_STEPS,
) -> tuple[tuple[Candidate, ...], bool]:
    """The chosen candidates among ``coupons`` and whether the choice is proven best."""
    found, _ = candidates_for(lines, coupons, store_id)
    return choose(lines, found, max_exact, max_steps)


def best_combo_ms(lines: Sequence[Line], coupons: Sequence[Coupon], repeats: int = 20) -> float:
    """Median wall time in ms of ``best_combination`` (for bench/coupons.py)."""
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        best_combination(lines, coupons)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]
