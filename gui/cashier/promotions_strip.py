"""Promoted products beside the coupon panel: one click (or Ctrl+1…Ctrl+4) puts one in the basket."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from gui.common.promotion_texts import product_name, promotion_text
from gui.context import PageContext
from services.core.money import format_fen
from services.coupons.records import PromotedItem

SLOTS = 4




class PromotionsStrip(QWidget):
    """Shows what services/coupons/promotions.py suggests for the last scan, or the featured items."""

    add_requested = Signal(str)  # product code
    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[PromotedItem] = []
        self.heading = QLabel(self.tr("<b>Promoted</b>"))
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.heading)
        for n in range(SLOTS):
            button = QPushButton()
            button.setObjectName(f"promotion{n + 1}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the code field keeps the focus for the next scan
            button.setStyleSheet("text-align: left; padding: 3px 6px;")
            button.clicked.connect(lambda _checked=False, i=n: self.add(i))
            button.hide()
            layout.addWidget(button)
            self.buttons.append(button)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), parent or self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=n: self.add(i))

    def show_items(self, found: list[PromotedItem]) -> None:
        """The till's answer for the current basket (featured items when it is empty)."""
        self.items = found[:SLOTS]
        zh = self.ctx.language.startswith("zh")
        for n, button in enumerate(self.buttons):
            if n < len(self.items):
                item = self.items[n]
                button.setText(f"Ctrl+{n + 1}  {product_name(item, zh)}  {format_fen(item.product.price_fen)}\n"
                               f"      {promotion_text(item, zh)}")
                coupon = str(item.params.get("coupon_title" if zh else "coupon_title_en", ""))
                button.setToolTip(self.tr("Add to the basket") + (f" — {coupon}" if coupon else ""))
                button.show()
            else:
                button.hide()
        self.heading.setVisible(bool(self.items))
        self.changed.emit()

    def add(self, index: int) -> None:
        if 0 <= index < len(self.items):
            self.add_requested.emit(self.items[index].product.code)
