"""Plain data about products, handed to the GUI.

Never ORM objects bound to a session; this module imports nothing heavy, so the GUI can use
these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass


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
