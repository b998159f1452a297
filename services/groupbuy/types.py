"""Plain, frozen data the group-buy engine takes and gives. Money is integer fen.

The engine groups walk-in shoppers so that their pooled baskets reach a store promotion
they cannot reach alone (满300减50 needs ¥300 and a shopper has ¥120). See docs/groupbuy.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MAX_GROUP_SIZE = 6  # a counter group-buy of more people is not a thing; the exact search grows with it
MAX_FEN = 10**12  # ¥10 billion: far above any basket, and sums of 10^5 of them stay inside int64


@dataclass(frozen=True)
class Tier:
    """满 ``spend_fen`` 减 ``off_fen``; of a ladder, the best reached tier applies once."""

    spend_fen: int
    off_fen: int


@dataclass(frozen=True)
class BuyN:
    """``off_fen`` off once a basket holds at least ``items`` items (applies once, added to the tier)."""

    items: int
    off_fen: int


@dataclass(frozen=True)
class Promotion:
    tiers: tuple[Tier, ...] = ()
    buy_n: BuyN | None = None

    def __post_init__(self) -> None:
        if not self.tiers and self.buy_n is None:
            raise ValueError("a promotion needs tiers or buy_n")
        for tier in self.tiers:
            if not 0 < tier.spend_fen <= MAX_FEN or not 0 <= tier.off_fen <= tier.spend_fen:
                raise ValueError("each tier needs 0 < spend_fen and 0 <= off_fen <= spend_fen")
        if len({t.spend_fen for t in self.tiers}) != len(self.tiers):
            raise ValueError("two tiers with the same spend_fen")
        if self.buy_n is not None and (self.buy_n.items < 1 or not 0 <= self.buy_n.off_fen <= MAX_FEN):
            raise ValueError("buy_n needs items >= 1 and 0 <= off_fen")

    def tier_off(self, basket_fen: int) -> int:
        """The best tier a basket of ``basket_fen`` reaches (0 when none)."""
        return max((t.off_fen for t in self.tiers if t.spend_fen <= basket_fen), default=0)

    def buy_n_off(self, items: int) -> int:
        return self.buy_n.off_fen if self.buy_n is not None and items >= self.buy_n.items else 0

    def saving(self, basket_fen: int, items: int) -> int:
        """What one basket (a shopper's own or a group's pooled one) saves."""
        return self.tier_off(basket_fen) + self.buy_n_off(items)


@dataclass(frozen=True)
class Limits:
    min_size: int = 2
    max_size: int = 4

    def __post_init__(self) -> None:
        if not 2 <= self.min_size <= self.max_size <= MAX_GROUP_SIZE:
            raise ValueError(f"group sizes need 2 <= min_size <= max_size <= {MAX_GROUP_SIZE}")


@dataclass(frozen=True)
class Compatibility:
    """Bonus per pair of members = ``shared_wish_bonus_fen`` x products both wished with close "by" dates."""

    shared_wish_bonus_fen: int = 0
    deadline_window_days: int = 0


@dataclass(frozen=True)
class Wish:
    product: str
    by: date


@dataclass(frozen=True)
class Shopper:
    id: str
    basket_fen: int
    items: int = 0
    wishes: tuple[Wish, ...] = ()


@dataclass(frozen=True)
class Group:
    """One chosen group. ``members`` are shopper ids in input order; ``shares_fen`` matches them."""

    members: tuple[str, ...]
    basket_fen: int  # the pooled basket
    saving_fen: int  # what the pooled basket saves, split into shares_fen
    gain_fen: int  # saving_fen minus what the members would save alone; always > 0
    bonus_fen: int  # compatibility bonus of its pairs (counts toward value, not money)
    shares_fen: tuple[int, ...] = field(default=())

    @property
    def value_fen(self) -> int:
        return self.gain_fen + self.bonus_fen


@dataclass(frozen=True)
class Plan:
    """The engine's answer and its certificate: ``value_fen <= best possible <= upper_bound_fen``."""

    groups: tuple[Group, ...]
    value_fen: int  # sum of gain + bonus over the groups: what is maximised
    total_saving_fen: int  # what everybody saves: own savings of all shoppers + the gains
    upper_bound_fen: int  # no grouping of these shoppers has a larger value
    exact: bool  # value_fen is proven best (upper_bound_fen == value_fen)
    gain_upper_bound_fen: int  # bound on the sum of gains alone (the bonus bound is loose)
    method: str  # "dp" (exact subset DP) or "packing" (bounded heuristic)
