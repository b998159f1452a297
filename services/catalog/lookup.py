"""Finding products by the code a scanner or a person gives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, or_, select
from sqlalchemy.orm import Session, sessionmaker

from devices.gtin import is_valid_gtin, is_valid_upce, upce_to_upca
from models import Category, Product
from models.initials import name_initials
from services.catalog.records import ProductInfo, ScannedItem
from services.catalog.scale import ScaleLayout, parse_scale_code, weighed_price_fen
from services.core.errors import DeskError, ErrorCode


def normalise_code(raw: str) -> list[str]:
    """The catalogue keys a scanned code may be stored under, or DeskError(MALFORMED_CODE).

    Scanners add stray spaces and control characters; UPC-A is the same number as
    EAN-13 with a leading 0, and UPC-E expands to UPC-A, so all three forms are tried.
    """
    code = "".join(ch for ch in raw if not ch.isspace() and ch.isprintable())
    if not code:
        raise DeskError(ErrorCode.MALFORMED_CODE, code=raw, reason="empty")
    if not (code.isascii() and code.isdigit()):
        raise DeskError(ErrorCode.MALFORMED_CODE, code=code, reason="not_digits")
    candidates: list[str] = []
    if is_valid_gtin(code):
        candidates.append(code)
        if len(code) == 12:
            candidates.append("0" + code)
        if len(code) == 13 and code.startswith("0"):
            candidates.append(code[1:])
    if len(code) == 8 and is_valid_upce(code):
        upca = upce_to_upca(code)
        assert upca is not None
        candidates += [upca, "0" + upca]
    if not candidates:
        reason = "check_digit" if len(code) in (8, 12, 13) else "length"
        raise DeskError(ErrorCode.MALFORMED_CODE, code=code, reason=reason)
    return candidates


def product_info(product: Product) -> ProductInfo:
    return ProductInfo(
        id=product.id,
        code=product.code,
        name=product.name,
        name_en=product.name_en,
        price_fen=product.price_fen,
        unit=product.unit,
        category=product.category.name,
        category_en=product.category.name_en,
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching(text: str) -> ColumnElement[bool]:
    """Products whose name (either language) or code contains ``text``, or whose pinyin
    initials start with it ("kl" finds 可乐). The initials part is a range on an indexed
    column, so it stays one indexed query however large the catalogue."""
    cleaned = text.strip()
    pattern = f"%{_like_escape(cleaned)}%"
    conditions: list[ColumnElement[bool]] = [
        Product.name.ilike(pattern, escape="\\"),
        Product.name_en.ilike(pattern, escape="\\"),
        Product.code.like(pattern, escape="\\"),
    ]
    by_initials = _initials_match(cleaned)
    if by_initials is not None:
        conditions.append(by_initials)
    return or_(*conditions)


def _initials_match(cleaned: str) -> ColumnElement[bool] | None:
    typed = name_initials(cleaned)
    if not typed or typed != cleaned.lower():  # only letters and digits can be initials
        return None
    return (Product.initials >= typed) & (Product.initials < typed + "\uffff")


def best_first(text: str) -> list[Any]:
    """Order for search results: initials matches first (what a cashier typing "kl" means),
    then by name."""
    by_initials = _initials_match(text.strip())
    if by_initials is None:
        return [Product.name]
    return [case((by_initials, 0), else_=1), Product.name]


class CatalogService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def lookup(self, raw_code: str) -> ProductInfo:
        with self._sessions() as session:
            return self.lookup_in(session, raw_code)

    @staticmethod
    def lookup_in(session: Session, raw_code: str) -> ProductInfo:
        """``lookup`` inside the caller's session (the till does a whole scan in one)."""
        candidates = normalise_code(raw_code)
        product = session.scalars(
            select(Product).join(Category).where(Product.code.in_(candidates))
        ).first()
        if product is None:
            raise DeskError(ErrorCode.UNKNOWN_PRODUCT, code=candidates[0])
        if not product.active:
            raise DeskError(ErrorCode.INACTIVE_PRODUCT, code=product.code, name=product.name)
        return product_info(product)

    def search(self, text: str, limit: int = 20) -> list[ProductInfo]:
        """Products for sale whose name (either language) or code contains ``text``, or whose
        pinyin initials start with it. Empty text: the first ``limit`` products (the demo camera)."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Product)
                .join(Category)
                .where(Product.active)
                .where(matching(text))
                .order_by(*best_first(text))
                .limit(limit)
            )
            return [product_info(p) for p in rows]

    def quick_keys(self) -> list[ProductInfo]:
        """The till's buttons for items without a barcode, in their set order."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Product).join(Category).where(Product.active, Product.quick_key)
                .order_by(Product.quick_key_order, Product.name)
            )
            return [product_info(p) for p in rows]

    def scan(self, raw_code: str, layout: ScaleLayout | None = None) -> ScannedItem:
        """What a scanned code sells: a product, or for a GS1 scale code (prefix 20-29 under
        ``layout``) the product stored under the code's base code with the embedded weight or
        price turned into this line's price. A code stored exactly as scanned wins, so a shop
        may also use 2x codes for fixed-price in-store items."""
        layout = layout or ScaleLayout()
        try:
            return ScannedItem(self.lookup(raw_code))
        except DeskError as exc:
            if exc.code is not ErrorCode.UNKNOWN_PRODUCT:
                raise
            parsed = parse_scale_code(normalise_code(raw_code)[0], layout)
            if parsed is None:
                raise
        product = self.lookup(parsed.base_code)
        if parsed.weight_g is not None:
            return ScannedItem(product, weight_g=parsed.weight_g,
                               line_price_fen=weighed_price_fen(product.price_fen, parsed.weight_g))
        return ScannedItem(product, line_price_fen=parsed.price_fen)
