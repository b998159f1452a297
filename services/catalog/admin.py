"""Adding, editing and withdrawing products and categories (the Products page, the CSV import).

Rules are checked in one place (``check_product``) for the page and the import alike. A
price change writes a ``PriceChange`` row in the same transaction; orders keep their own
unit prices, so no past order changes. Products are withdrawn (``active = False``), never
deleted: orders reference them.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from devices.gtin import is_valid_gtin
from models import Category, PriceChange, Product
from models.base import utcnow
from models.db import unit_of_work
from services.catalog.lookup import best_first, matching
from services.catalog.records import CategoryRow, PriceChangeRow, ProductRow
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit

MAX_PRICE_FEN = 10_000_000  # ¥100,000: a typo guard, not a business rule


class Problem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"  # maximum
    BAD_CODE = "bad_code"  # value: not an 8/12/13-digit code with a valid check digit
    CODE_TAKEN = "code_taken"  # value
    CODE_REPEATED = "code_repeated"  # value, line (the import's first line with it)
    BAD_AMOUNT = "bad_amount"  # value
    OUT_OF_RANGE = "out_of_range"  # minimum, maximum
    BAD_NUMBER = "bad_number"  # value
    BAD_CHOICE = "bad_choice"  # value
    UNKNOWN_CATEGORY = "unknown_category"  # code
    BAD_ENCODING = "bad_encoding"
    BAD_HEADER = "bad_header"  # missing, unknown


@dataclass(frozen=True)
class FieldProblem:
    field: str
    problem: Problem
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ProductDraft:
    code: str
    name: str
    price_fen: int
    category_code: str
    name_en: str = ""
    unit: str = ""
    active: bool = True
    quick_key: bool = False
    quick_key_order: int = 0


def normalise(d: ProductDraft) -> ProductDraft:
    return replace(d, code=d.code.strip(), name=d.name.strip(), name_en=d.name_en.strip(), unit=d.unit.strip(),
                   category_code=d.category_code.strip().upper())


def check_product(d: ProductDraft) -> list[FieldProblem]:
    """Problems a draft has on its own (not those needing the database: codes taken, categories)."""
    found: list[FieldProblem] = []
    if not d.code:
        found.append(FieldProblem("code", Problem.REQUIRED))
    elif not (d.code.isascii() and d.code.isdigit() and len(d.code) in (8, 12, 13) and is_valid_gtin(d.code)):
        found.append(FieldProblem("code", Problem.BAD_CODE, {"value": d.code}))
    if not d.name:
        found.append(FieldProblem("name", Problem.REQUIRED))
    for name, value, limit in (("name", d.name, 100), ("name_en", d.name_en, 100), ("unit", d.unit, 16)):
        if len(value) > limit:
            found.append(FieldProblem(name, Problem.TOO_LONG, {"maximum": limit}))
    if not 0 <= d.price_fen <= MAX_PRICE_FEN:
        found.append(FieldProblem("price_fen", Problem.OUT_OF_RANGE, {"minimum": 0, "maximum": MAX_PRICE_FEN}))
    if not d.category_code:
        found.append(FieldProblem("category_code", Problem.REQUIRED))
    if not 0 <= d.quick_key_order <= 9999:
        found.append(FieldProblem("quick_key_order", Problem.OUT_OF_RANGE, {"minimum": 0, "maximum": 9999}))
    return found


def product_row(p: Product) -> ProductRow:
    return ProductRow(p.id, p.code, p.name, p.name_en, p.price_fen, p.unit, p.category.code, p.category.name,
                      p.active, p.quick_key, p.quick_key_order)


def insert_product(session: Session, d: ProductDraft, category_id: int, operator_id: int | None,
                   now: datetime) -> Product:
    """Add a checked draft and its first price; the caller's transaction commits both."""
    product = Product(code=d.code, name=d.name, name_en=d.name_en, price_fen=d.price_fen, unit=d.unit,
                      category_id=category_id, active=d.active, quick_key=d.quick_key,
                      quick_key_order=d.quick_key_order)
    session.add(product)
    session.flush()
    session.add(PriceChange(product_id=product.id, price_fen=d.price_fen, changed_at=now, operator_id=operator_id))
    return product


class CatalogAdminService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- reading -----------------------------------------------------------------------------
    def products(self, text: str = "", category_code: str = "", include_inactive: bool = True,
                 limit: int = 500) -> list[ProductRow]:
        """The Products page's list: filter by name, code or pinyin initials, and by category."""
        with self._sessions() as session:
            query = select(Product).join(Category)
            if text.strip():
                query = query.where(matching(text))
            if category_code:
                query = query.where(Category.code == category_code)
            if not include_inactive:
                query = query.where(Product.active)
            order = best_first(text) if text.strip() else [Category.code, Product.name]
            rows = session.scalars(query.order_by(*order).limit(limit))
            return [product_row(p) for p in rows]

    def categories(self) -> list[CategoryRow]:
        with self._sessions() as session:
            return [CategoryRow(c.id, c.code, c.name, c.name_en)
                    for c in session.scalars(select(Category).order_by(Category.code))]

    def price_history(self, product_id: int) -> list[PriceChangeRow]:
        with self._sessions() as session:
            rows = session.scalars(select(PriceChange).where(PriceChange.product_id == product_id)
                                   .order_by(PriceChange.changed_at, PriceChange.id))
            return [PriceChangeRow(r.price_fen, r.changed_at, r.operator_id) for r in rows]

    # --- writing -----------------------------------------------------------------------------
    def add_product(self, draft: ProductDraft, operator_id: int | None = None,
                    now: datetime | None = None) -> ProductRow:
        now = now or utcnow()
        d = normalise(draft)
        problems = check_product(d)
        try:
            with unit_of_work(self._sessions) as session:
                category_id = self._category_id(session, d, problems)
                if d.code and session.scalar(select(Product.id).where(Product.code == d.code)) is not None:
                    problems.append(FieldProblem("code", Problem.CODE_TAKEN, {"value": d.code}))
                if problems:
                    raise DeskError(ErrorCode.PRODUCT_INVALID, problems=problems)
                assert category_id is not None
                product = insert_product(session, d, category_id, operator_id, now)
                record_audit(session, "product_created", subject=d.code, operator_id=operator_id,
                             detail={"product_id": product.id, "price_fen": d.price_fen})
                session.flush()
                session.refresh(product)
                return product_row(product)
        except IntegrityError as exc:  # another desk added this code at the same moment
            raise DeskError(ErrorCode.PRODUCT_INVALID, problems=[
                FieldProblem("code", Problem.CODE_TAKEN, {"value": d.code})]) from exc

    def edit_product(self, product_id: int, draft: ProductDraft, operator_id: int | None = None,
                     now: datetime | None = None) -> ProductRow:
        """Change a product; the code stays (scans and past orders point at it)."""
        now = now or utcnow()
        with unit_of_work(self._sessions) as session:
            product = session.get(Product, product_id)
            if product is None:
                raise DeskError(ErrorCode.UNKNOWN_PRODUCT, code=str(product_id))
            d = normalise(replace(draft, code=product.code))
            problems = check_product(d)
            category_id = self._category_id(session, d, problems)
            if problems:
                raise DeskError(ErrorCode.PRODUCT_INVALID, problems=problems)
            old_price = product.price_fen
            product.name, product.name_en, product.unit = d.name, d.name_en, d.unit
            product.category_id = category_id  # type: ignore[assignment]
            product.active, product.quick_key, product.quick_key_order = d.active, d.quick_key, d.quick_key_order
            product.price_fen = d.price_fen
            if d.price_fen != old_price:
                session.add(PriceChange(product_id=product.id, price_fen=d.price_fen, changed_at=now,
                                        operator_id=operator_id))
            record_audit(session, "product_changed", subject=product.code, operator_id=operator_id,
                         detail={"product_id": product.id, "old_price_fen": old_price, "price_fen": d.price_fen})
            session.flush()
            session.refresh(product)
            return product_row(product)

    def set_active(self, product_id: int, active: bool, operator_id: int | None = None) -> None:
        """Withdraw a product from sale (or bring it back). Never a delete: orders point at it."""
        with unit_of_work(self._sessions) as session:
            changed = session.execute(update(Product).where(Product.id == product_id).values(active=active))
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                raise DeskError(ErrorCode.UNKNOWN_PRODUCT, code=str(product_id))
            record_audit(session, "product_activated" if active else "product_withdrawn", subject=str(product_id),
                         operator_id=operator_id)

    def save_category(self, code: str, name: str, name_en: str = "", operator_id: int | None = None) -> CategoryRow:
        """Add a category, or rename the one with this code."""
        code, name, name_en = code.strip().upper(), name.strip(), name_en.strip()
        problems: list[FieldProblem] = []
        if not code:
            problems.append(FieldProblem("code", Problem.REQUIRED))
        elif len(code) > 16:
            problems.append(FieldProblem("code", Problem.TOO_LONG, {"maximum": 16}))
        if not name:
            problems.append(FieldProblem("name", Problem.REQUIRED))
        for column, value in (("name", name), ("name_en", name_en)):
            if len(value) > 60:
                problems.append(FieldProblem(column, Problem.TOO_LONG, {"maximum": 60}))
        if problems:
            raise DeskError(ErrorCode.CATEGORY_INVALID, problems=problems)
        try:
            with unit_of_work(self._sessions) as session:
                category = session.scalars(select(Category).where(Category.code == code)).first()
                if category is None:
                    category = Category(code=code, name=name, name_en=name_en)
                    session.add(category)
                else:
                    category.name, category.name_en = name, name_en
                session.flush()
                record_audit(session, "category_saved", subject=code, operator_id=operator_id)
                return CategoryRow(category.id, category.code, category.name, category.name_en)
        except IntegrityError as exc:  # added by another desk at the same moment: saving again renames it
            raise DeskError(ErrorCode.CATEGORY_INVALID, problems=[
                FieldProblem("code", Problem.CODE_TAKEN, {"value": code})]) from exc

    @staticmethod
    def _category_id(session: Session, d: ProductDraft, problems: list[FieldProblem]) -> int | None:
        if not d.category_code:
            return None
        category_id = session.scalar(select(Category.id).where(Category.code == d.category_code))
        if category_id is None:
            problems.append(FieldProblem("category_code", Problem.UNKNOWN_CATEGORY, {"code": d.category_code}))
        return category_id
