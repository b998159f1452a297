"""Plain data about products, handed to the GUI.

Never ORM objects bound to a session; this module imports nothing heavy, so the GUI can use
these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ProductInfo:
    id: int
    code: str
    name: str
    name_en: str
    price_fen: int
    unit: str
    category: str
    category_en: str


@dataclass(frozen=True)
class ProductRow:
    """A product as the Products page lists it (active or not)."""

    id: int
    code: str
    name: str
    name_en: str
    price_fen: int
    unit: str
    category_code: str
    category: str
    active: bool
    quick_key: bool
    quick_key_order: int


@dataclass(frozen=True)
class CategoryRow:
    id: int
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class PriceChangeRow:
    price_fen: int
    changed_at: datetime
    operator_id: int | None


@dataclass(frozen=True)
class ScannedItem:
    """What a scan adds to the basket: the product and, for a scale code, the line price."""

    product: ProductInfo
    weight_g: int | None = None  # a weight-embedded scale code
    line_price_fen: int | None = None  # set for scale codes: the price of this one line
