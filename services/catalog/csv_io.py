"""Products to and from CSV (format: docs/catalog.md).

Import: UTF-8 with or without a byte-order mark, comma-, semicolon- or tab-separated
(services/core/csv_rows.py, shared with the coupon import). A row whose code is new adds a
product; a row whose code exists updates that product (a new price goes into the price
history). A category code not yet in the catalogue is created when the row names it
(``category_name``). Every row is checked with the Products page's rules; if any row has a
problem, nothing is changed and every problem comes back with its line number
(``DeskError(PRODUCT_IMPORT_INVALID, rows=[RowProblem])``).

Export: the same columns, comma-separated with a byte-order mark, so Excel opens it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import Category, PriceChange, Product
from models.base import utcnow
from models.db import unit_of_work
from services.catalog.admin import (
    FieldProblem,
    Problem,
    ProductDraft,
    check_product,
    insert_product,
    normalise,
)
from services.core.csv_rows import CsvFault, CsvFileError, csv_bytes, csv_rows, decode_csv
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.core.money import parse_yuan

COLUMNS = ("code", "name", "name_en", "price", "unit", "category", "category_name", "active", "quick_key",
           "quick_key_order")
REQUIRED = ("code", "name", "price", "category")
MAX_ROWS = 50_000
COLUMN_OF = {"price_fen": "price", "category_code": "category"}
TRUE = {"1", "yes", "y", "true", "是"}
FALSE = {"0", "no", "n", "false", "否"}


@dataclass(frozen=True)
class RowProblem:
    line: int  # 1 = the header line
    code: str  # the row's product code as written ('' for file-level problems)
    column: str  # a CSV column name, or "file"
    problem: Problem
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    categories_created: int


def _flag(cells: dict[str, str], column: str, default: bool, problems: list[FieldProblem]) -> bool:
    value = (cells.get(column) or "").strip().lower()
    if not value:
        return default
    if value in TRUE:
        return True
    if value not in FALSE:
        problems.append(FieldProblem(column, Problem.BAD_CHOICE, {"value": value}))
    return False


def _draft(cells: dict[str, str]) -> tuple[ProductDraft, list[FieldProblem]]:
    problems: list[FieldProblem] = []

    def text(column: str) -> str:
        return (cells.get(column) or "").strip()

    price = 0
    if text("price"):
        try:
            price = parse_yuan(text("price"))
        except ValueError:
            problems.append(FieldProblem("price", Problem.BAD_AMOUNT, {"value": text("price")}))
    else:
        problems.append(FieldProblem("price", Problem.REQUIRED))
    order = 0
    if text("quick_key_order"):
        try:
            order = int(text("quick_key_order"))
        except ValueError:
            problems.append(FieldProblem("quick_key_order", Problem.BAD_NUMBER, {"value": text("quick_key_order")}))
    draft = ProductDraft(code=text("code"), name=text("name"), name_en=text("name_en"), price_fen=price,
                         unit=text("unit"), category_code=text("category"),
                         active=_flag(cells, "active", True, problems),
                         quick_key=_flag(cells, "quick_key", False, problems), quick_key_order=order)
    return normalise(draft), problems


def _file_problem(exc: CsvFileError) -> DeskError:
    problem = Problem.BAD_ENCODING if exc.fault is CsvFault.BAD_ENCODING else Problem.BAD_HEADER
    return DeskError(ErrorCode.PRODUCT_IMPORT_INVALID, rows=[RowProblem(exc.line, "", "file", problem, exc.params)])


class CatalogCsvService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def export_csv(self) -> bytes:
        with self._sessions() as session:
            rows = session.execute(
                select(Product, Category).join(Category, Product.category_id == Category.id)
                .order_by(Category.code, Product.code)
            ).all()
            return csv_bytes(COLUMNS, [
                (p.code, p.name, p.name_en, f"{p.price_fen // 100}.{p.price_fen % 100:02d}", p.unit, c.code, c.name,
                 "1" if p.active else "0", "1" if p.quick_key else "0", p.quick_key_order)
                for p, c in rows])

    def import_csv(self, data: bytes, operator_id: int | None = None, now: datetime | None = None) -> ImportResult:
        """All rows or none."""
        now = now or utcnow()
        try:
            text = decode_csv(data)
            parsed = list(csv_rows(text, COLUMNS, REQUIRED))
        except CsvFileError as exc:
            raise _file_problem(exc) from exc
        if not parsed:
            raise DeskError(ErrorCode.PRODUCT_IMPORT_INVALID, rows=[RowProblem(2, "", "file", Problem.REQUIRED)])
        if len(parsed) > MAX_ROWS:
            raise DeskError(ErrorCode.PRODUCT_IMPORT_INVALID, rows=[RowProblem(
                parsed[MAX_ROWS][0], "", "file", Problem.OUT_OF_RANGE, {"minimum": 1, "maximum": MAX_ROWS})])
        try:
            with unit_of_work(self._sessions) as session:
                return self._import(session, parsed, operator_id, now)
        except IntegrityError as exc:  # another desk added one of these codes at this moment
            raise DeskError(ErrorCode.PRODUCT_IMPORT_INVALID, rows=[
                RowProblem(1, "", "file", Problem.CODE_TAKEN, {"value": ""})]) from exc

    def _import(self, session: Session, parsed: list[tuple[int, dict[str, str]]], operator_id: int | None,
                now: datetime) -> ImportResult:
        categories = {c.code: c for c in session.scalars(select(Category))}
        existing = {p.code: p for p in session.scalars(select(Product))}
        new_categories: dict[str, tuple[str, int]] = {}  # code -> (name, first line)
        drafts: list[tuple[int, ProductDraft]] = []
        problems: list[RowProblem] = []
        first_line: dict[str, int] = {}
        for line, cells in parsed:
            d, found = _draft(cells)
            found += check_product(d)
            if d.code and d.code in first_line:
                found.append(FieldProblem("code", Problem.CODE_REPEATED, {"value": d.code, "line": first_line[d.code]}))
            first_line.setdefault(d.code, line)
            category_name = (cells.get("category_name") or "").strip()
            if d.category_code and d.category_code not in categories:
                if category_name and len(d.category_code) <= 16 and len(category_name) <= 60:
                    new_categories.setdefault(d.category_code, (category_name, line))
                elif d.category_code not in new_categories:
                    found.append(FieldProblem("category_code", Problem.UNKNOWN_CATEGORY, {"code": d.category_code}))
            problems += [RowProblem(line, d.code, COLUMN_OF.get(p.field, p.field), p.problem, p.params) for p in found]
            drafts.append((line, d))
        if problems:
            raise DeskError(ErrorCode.PRODUCT_IMPORT_INVALID, rows=problems)
        for code, (name, _line) in new_categories.items():
            category = Category(code=code, name=name)
            session.add(category)
            categories[code] = category
        session.flush()
        created = updated = 0
        for _line, d in drafts:
            category_id = categories[d.category_code].id
            product = existing.get(d.code)
            if product is None:
                insert_product(session, d, category_id, operator_id, now)
                created += 1
                continue
            if d.price_fen != product.price_fen:
                session.add(PriceChange(product_id=product.id, price_fen=d.price_fen, changed_at=now,
                                        operator_id=operator_id))
            product.name, product.name_en, product.unit, product.price_fen = d.name, d.name_en, d.unit, d.price_fen
            product.category_id, product.active = category_id, d.active
            product.quick_key, product.quick_key_order = d.quick_key, d.quick_key_order
            updated += 1
        record_audit(session, "products_imported", subject=f"{len(drafts)} products", operator_id=operator_id,
                     detail={"created": created, "updated": updated, "categories": sorted(new_categories)})
        return ImportResult(created, updated, len(new_categories))
