"""The cashier's basket: pure logic, no database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from services.catalog.records import ProductInfo
from services.core.errors import DeskError, ErrorCode

MAX_QUANTITY = 999


@dataclass(frozen=True)
class BasketLine:
    product: ProductInfo
    quantity: int

    @property
    def total_fen(self) -> int:
        return self.product.price_fen * self.quantity


class Basket:
    def __init__(self) -> None:
        self._lines: list[BasketLine] = []

    @property
    def lines(self) -> tuple[BasketLine, ...]:
        return tuple(self._lines)

    @property
    def total_fen(self) -> int:
        return sum(line.total_fen for line in self._lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self._lines)

    def add(self, product: ProductInfo, quantity: int = 1) -> int:
        """Add ``quantity`` of ``product``; a product already in the basket gets its line increased.

        Returns the index of the line that changed.
        """
        for index, line in enumerate(self._lines):
            if line.product.id == product.id:
                self.set_quantity(index, line.quantity + quantity)
                return index
        self._check(quantity)
        self._lines.append(BasketLine(product, quantity))
        return len(self._lines) - 1

    def set_quantity(self, index: int, quantity: int) -> None:
        self._check(quantity)
        self._lines[index] = BasketLine(self._lines[index].product, quantity)

    def remove(self, index: int) -> BasketLine:
        return self._lines.pop(index)

    def clear(self) -> None:
        self._lines.clear()

    @staticmethod
    def _check(quantity: int) -> None:
        if not 1 <= quantity <= MAX_QUANTITY:
            raise DeskError(ErrorCode.QUANTITY_OUT_OF_RANGE, quantity=quantity, maximum=MAX_QUANTITY)
