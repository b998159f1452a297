"""Qt table adapter over the service-layer Basket (napari/Anki style: the model only adapts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from services.checkout.basket import Basket
from services.core.money import format_fen

Index = QModelIndex | QPersistentModelIndex


class BasketModel(QAbstractTableModel):
    CODE, NAME, PRICE, QTY, TOTAL = range(5)

    def __init__(self, basket: Basket, language: str) -> None:
        super().__init__()
        self.basket = basket
        self.language = language

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.basket.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Code"), self.tr("Product"), self.tr("Price"), self.tr("Qty"), self.tr("Total"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.basket.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            product = line.product
            if col == self.CODE:
                return product.code
            if col == self.NAME:
                return product.name if self.language.startswith("zh") or not product.name_en else product.name_en
            if col == self.PRICE:
                return format_fen(product.price_fen)
            if col == self.QTY:
                return str(line.quantity)
            return format_fen(line.total_fen)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME:
            return f"{line.product.name}\n{line.product.name_en}\n{line.product.code}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.PRICE, self.QTY, self.TOTAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()
