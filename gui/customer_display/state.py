"""What the customer display shows: plain, frozen snapshots. The till publishes them
(gui/cashier/display_feed.py); the display only renders the last one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from services.coupons.records import PromotedItem

MAX_OFFERS = 4


@dataclass(frozen=True)
class DisplayLine:
    name: str
    name_en: str
    quantity: int
    unit_price_fen: int
    total_fen: int


@dataclass(frozen=True)
class DisplayOffer:
    title: str
    title_en: str
    why: str  # translated: "best for this basket: saves ¥3.66", "add ¥26.70 more to use this"
    discount_fen: int
    claimed: bool  # the identified member holds it: checkout applies it when it is best


@dataclass(frozen=True)
class DisplayState:
    phase: str = "idle"  # "idle" | "basket" | "paid"
    lines: tuple[DisplayLine, ...] = ()
    item_count: int = 0
    total_fen: int = 0
    member_total_fen: int | None = None  # the member's best price with their coupons, when lower
    member: str = ""  # masked: "王*明 · 138****1234"
    offers: tuple[DisplayOffer, ...] = ()
    promotions: tuple[PromotedItem, ...] = ()
    paid_total_fen: int = 0
    paid_discount_fen: int = 0
    change_fen: int = 0
    order_number: str = ""


class DisplayFeed(QObject):
    """A publisher of ``DisplayState`` snapshots (the till's is gui/cashier/display_feed.py)."""

    changed = Signal(object)  # DisplayState, never None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = DisplayState()

    def schedule(self) -> None:
        """Publish the current state (a publisher may coalesce and refresh it first)."""
        self.changed.emit(self.state)
