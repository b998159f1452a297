"""What the customer display shows, as plain snapshots the cashier page publishes.

The feed watches the cashier page (basket, member, coupon offers, promoted products)
and sends one ``DisplayState`` per change, coalesced to one per event-loop turn. The
display never reads the database: it only renders the last snapshot, so opening,
closing or reopening it at any time cannot disturb the till.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from gui.cashier.basket_model import BasketModel
from gui.cashier.coupon_panel import CouponPanel
from gui.cashier.promotions_strip import PromotionsStrip
from gui.common.i18n import reason_text
from gui.customer_display.state import MAX_OFFERS, DisplayFeed, DisplayLine, DisplayOffer, DisplayState
from services.checkout.basket import Basket
from services.checkout.records import OrderReceipt
from services.core.masking import mask_name


class Till(Protocol):
    """What the feed reads of the cashier page."""

    model: BasketModel
    basket: Basket
    coupons: CouponPanel
    promotions: PromotionsStrip

    def best_total_fen(self) -> int | None: ...

PAID_HOLD_MS = 20_000  # "thank you" stays this long unless the next customer's first scan comes sooner


class CustomerFeed(DisplayFeed):
    def __init__(self, page: Till, parent: QObject) -> None:
        super().__init__(parent)
        self.page = page
        self._paid: OrderReceipt | None = None
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(0)
        self._coalesce.timeout.connect(self.publish)
        self._paid_hold = QTimer(self)
        self._paid_hold.setSingleShot(True)
        self._paid_hold.setInterval(PAID_HOLD_MS)
        self._paid_hold.timeout.connect(self._paid_over)
        page.model.modelReset.connect(self.schedule)
        page.model.dataChanged.connect(self.schedule)
        page.coupons.member_changed.connect(self.schedule)
        page.coupons.list.model().modelReset.connect(self.schedule)
        page.coupons.list.model().rowsInserted.connect(self.schedule)
        page.promotions.changed.connect(self.schedule)

    def schedule(self) -> None:
        self._coalesce.start()

    def paid(self, receipt: OrderReceipt) -> None:
        self._paid = receipt
        self._paid_hold.start()
        self.schedule()

    def _paid_over(self) -> None:
        self._paid = None
        self.schedule()

    def publish(self) -> None:
        page = self.page
        lines = tuple(
            DisplayLine(line.product.name, line.product.name_en, line.quantity, line.product.price_fen, line.total_fen)
            for line in page.basket.lines
        )
        if lines:
            self._paid = None  # the next customer's first scan ends "thank you"
        member = page.coupons.member
        offers = tuple(
            DisplayOffer(r.offer.title, r.offer.title_en, reason_text(r.reason, r.params), r.discount_fen,
                         r.offer.claimed_by_member > 0)
            for r in page.coupons.offers[:MAX_OFFERS]
        ) if lines else ()
        receipt = self._paid
        best = page.best_total_fen()
        self.state = DisplayState(
            phase="basket" if lines else ("paid" if receipt is not None else "idle"),
            lines=lines,
            item_count=page.basket.item_count,
            total_fen=page.basket.total_fen,
            member_total_fen=best if lines and best is not None and best < page.basket.total_fen else None,
            member=f"{mask_name(member.name)} · {member.phone_masked}" if member is not None else "",
            offers=offers,
            promotions=tuple(page.promotions.items),
            paid_total_fen=receipt.quote.total_fen if receipt else 0,
            paid_discount_fen=receipt.quote.discount_fen if receipt else 0,
            change_fen=receipt.change_fen if receipt else 0,
            order_number=receipt.number if receipt else "",
        )
        self.changed.emit(self.state)
