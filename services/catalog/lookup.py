"""Finding products by the code a scanner or a person gives."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from devices.gtin import is_valid_gtin, is_valid_upce, upce_to_upca
from models import Category, Product
from services.catalog.records import ProductInfo
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
        """Products whose name (either language) or code contains ``text``."""
        pattern = f"%{text.strip()}%"
        with self._sessions() as session:
            rows = session.scalars(
                select(Product)
                .join(Category)
                .where(Product.active)
                .where(
                    or_(
                        Product.name.ilike(pattern),
                        Product.name_en.ilike(pattern),
                        Product.code.like(pattern),
                    )
                )
                .order_by(Product.name)
                .limit(limit)
            )
            return [product_info(p) for p in rows]
