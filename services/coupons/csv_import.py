"""Importing coupon templates from a CSV file (format: docs/coupons_csv.md).

The file is read as UTF-8 with or without a byte-order mark (what Excel's "CSV UTF-8"
writes), comma-, semicolon- or tab-separated. Every row is checked with the same rules
as the Coupons page; if any row has a problem, nothing is imported and every problem
comes back with its line number (``DeskError(COUPON_IMPORT_INVALID, rows=[RowProblem])``).
Otherwise all rows are created in one transaction. A code that already exists is
reported as a duplicate, so importing the same file twice creates nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import Category, CouponScope, CouponTemplate, Product, Store
from models.base import utcnow
from models.db import unit_of_work
from services.core.csv_rows import CsvFileError, csv_rows, decode_csv
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.core.money import parse_yuan
from services.coupons.admin import (
    CouponAdminService,
    FieldProblem,
    Problem,
    TemplateDraft,
    check_rules,
    normalise,
    parse_tiers,
)

COLUMNS = ("code", "title", "title_en", "kind", "scope", "store", "value", "percent", "cap", "tiers", "buy_n",
           "get_m", "min_spend", "valid_from", "valid_until", "valid_days", "stock", "per_member_limit", "group",
           "exclusive", "scan", "targets")
REQUIRED = ("code", "title", "kind", "scope")
MAX_ROWS = 20_000
# Draft field -> CSV column, for problems found by the shared rules.
COLUMN_OF = {"value_fen": "value", "cap_fen": "cap", "min_spend_fen": "min_spend", "valid_days_after_claim": "valid_days",
             "total_stock": "stock", "exclusivity_group": "group", "surfaced_by_scan": "scan", "store_code": "store"}
FIELD_OF_COLUMN = {column: name for name, column in COLUMN_OF.items()}
KIND_ALIASES = {"立减": "fixed", "满减": "threshold", "折扣": "percent", "买赠": "buy_n_get_m", "最低价": "cheapest_item"}
SCOPE_ALIASES = {"全场": "order", "门店": "store", "商品": "product", "品类": "category"}
TRUE = {"1", "yes", "y", "true", "是"}
FALSE = {"0", "no", "n", "false", "否", ""}
CHUNK = 500


@dataclass(frozen=True)
class RowProblem:
    line: int  # 1 = the header line
    code: str  # the row's coupon code as written ('' for file-level problems)
    column: str  # a CSV column name, or "file"
    problem: Problem
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    created: int
    codes: tuple[str, ...]


class _Row:
    """One CSV row turned into a draft, collecting the problems of reading it."""

    def __init__(self, line: int, cells: dict[str, str], zone: ZoneInfo) -> None:
        self.line = line
        self.cells = cells
        self.zone = zone
        self.problems: list[FieldProblem] = []

    def text(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def _bad(self, column: str, problem: Problem, value: str) -> None:
        self.problems.append(FieldProblem(column, problem, {"value": value}))

    def fen(self, column: str) -> int:
        value = self.text(column)
        if not value:
            return 0
        try:
            return parse_yuan(value)
        except ValueError:
            self._bad(column, Problem.BAD_AMOUNT, value)
            return 0

    def number(self, column: str, default: int | None) -> int | None:
        value = self.text(column)
        if not value:
            return default
        try:
            return int(value.rstrip("%"))
        except ValueError:
            self._bad(column, Problem.BAD_NUMBER, value)
            return default

    def flag(self, column: str, default: bool) -> bool:
        value = self.text(column).lower()
        if column not in self.cells or value == "":
            return default
        if value in TRUE:
            return True
        if value not in FALSE:
            self._bad(column, Problem.BAD_CHOICE, value)
        return False

    def moment(self, column: str, end_of_day: bool) -> datetime | None:
        value = self.text(column).replace("/", "-")
        if not value:
            return None
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                parsed = datetime.strptime(value, fmt)
            except ValueError:
                continue
            if fmt == "%Y-%m-%d" and end_of_day:  # a date-only end includes that whole day
                parsed = datetime.combine(parsed.date() + timedelta(days=1), time())
            return parsed.replace(tzinfo=self.zone).astimezone(ZoneInfo("UTC"))
        self._bad(column, Problem.BAD_DATE, value)
        return None

    def tiers(self) -> tuple[tuple[int, int], ...]:
        value = self.text("tiers")
        if not value:
            return ()
        try:
            return parse_tiers(value)
        except ValueError:
            self._bad("tiers", Problem.BAD_TIERS, value)
            return ()

    def draft(self) -> TemplateDraft:
        kind = self.text("kind").lower()
        scope = self.text("scope").lower()
        targets = self.text("targets").replace("；", ";").replace("|", ";").replace(",", ";")
        return TemplateDraft(
            code=self.text("code"), title=self.text("title"), title_en=self.text("title_en"),
            kind=KIND_ALIASES.get(kind, kind), scope=SCOPE_ALIASES.get(scope, scope), store_code=self.text("store"),
            value_fen=self.fen("value"), percent=self.number("percent", 0) or 0, cap_fen=self.fen("cap"),
            tiers=self.tiers(), buy_n=self.number("buy_n", 0) or 0, get_m=self.number("get_m", 0) or 0,
            min_spend_fen=self.fen("min_spend"), valid_from=self.moment("valid_from", end_of_day=False),
            valid_until=self.moment("valid_until", end_of_day=True),
            valid_days_after_claim=self.number("valid_days", None), total_stock=self.number("stock", None),
            per_member_limit=self.number("per_member_limit", 1) or 0, exclusivity_group=self.text("group"),
            exclusive=self.flag("exclusive", False), surfaced_by_scan=self.flag("scan", True),
            targets=tuple(targets.split(";")),
        )


def _decode(data: bytes) -> str:
    try:
        return decode_csv(data)
    except CsvFileError as exc:
        raise DeskError(ErrorCode.COUPON_IMPORT_INVALID, rows=[
            RowProblem(exc.line, "", "file", Problem.BAD_ENCODING)]) from exc


def _rows(text: str, zone: ZoneInfo) -> Iterator[_Row]:
    try:
        for line, cells in csv_rows(text, COLUMNS, REQUIRED):
            yield _Row(line, cells, zone)
    except CsvFileError as exc:
        raise DeskError(ErrorCode.COUPON_IMPORT_INVALID, rows=[
            RowProblem(exc.line, "", "file", Problem.BAD_HEADER, exc.params)]) from exc


def _found(session: Session, column: Any, codes: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(codes)
    for start in range(0, len(ordered), CHUNK):
        found.update(session.scalars(select(column).where(column.in_(ordered[start:start + CHUNK]))))
    return found


class CouponImportService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def import_csv(self, data: bytes, store_code: str, operator_id: int | None = None,
                   now: datetime | None = None) -> ImportResult:
        """All rows or none; times without a zone are the store's local time."""
        now = now or utcnow()
        text = _decode(data)
        try:
            with unit_of_work(self._sessions) as session:
                zone_name = session.scalar(select(Store.timezone).where(Store.code == store_code)) or "Asia/Shanghai"
                try:
                    zone = ZoneInfo(zone_name)
                except ZoneInfoNotFoundError:
                    zone = ZoneInfo("Asia/Shanghai")
                result = self._import(session, text, zone, now, operator_id)
        except IntegrityError as exc:  # another desk created one of these codes at this moment
            raise DeskError(ErrorCode.COUPON_IMPORT_INVALID, rows=[
                RowProblem(1, "", "file", Problem.CODE_TAKEN, {"value": ""})]) from exc
        return result

    def _import(self, session: Session, text: str, zone: ZoneInfo, now: datetime,
                operator_id: int | None) -> ImportResult:
        rows = list(_rows(text, zone))
        if not rows:
            raise DeskError(ErrorCode.COUPON_IMPORT_INVALID, rows=[RowProblem(2, "", "file", Problem.REQUIRED)])
        if len(rows) > MAX_ROWS:
            raise DeskError(ErrorCode.COUPON_IMPORT_INVALID, rows=[
                RowProblem(rows[MAX_ROWS].line, "", "file", Problem.OUT_OF_RANGE, {"minimum": 1, "maximum": MAX_ROWS})])
        drafts = [normalise(r.draft()) for r in rows]
        problems: list[RowProblem] = []
        codes = {d.code for d in drafts if d.code}
        products = {c for d in drafts if d.scope == CouponScope.PRODUCT for c in d.targets}
        categories = {c for d in drafts if d.scope == CouponScope.CATEGORY for c in d.targets}
        taken = _found(session, CouponTemplate.code, codes)
        known_products = _found(session, Product.code, products)
        known_categories = _found(session, Category.code, categories)
        stores: dict[str, int] = {code: sid for code, sid in session.execute(select(Store.code, Store.id))}
        first_line: dict[str, int] = {}
        for row, d in zip(rows, drafts, strict=True):
            found = list(row.problems) + check_rules(d, now, new=True)
            if d.code in taken:
                found.append(FieldProblem("code", Problem.CODE_TAKEN, {"value": d.code}))
            elif d.code and d.code in first_line:
                found.append(FieldProblem("code", Problem.CODE_REPEATED, {"value": d.code, "line": first_line[d.code]}))
            first_line.setdefault(d.code, row.line)
            if d.store_code and d.store_code not in stores:
                found.append(FieldProblem("store_code", Problem.UNKNOWN_STORE, {"code": d.store_code}))
            known, problem = ((known_products, Problem.UNKNOWN_PRODUCT) if d.scope == CouponScope.PRODUCT
                              else (known_categories, Problem.UNKNOWN_CATEGORY))
            missing = [c for c in d.targets if c not in known] if d.scope in (CouponScope.PRODUCT,
                                                                             CouponScope.CATEGORY) else []
            if missing:
                found.append(FieldProblem("targets", problem, {"codes": missing}))
            problems += [RowProblem(row.line, d.code, COLUMN_OF.get(p.field, p.field), p.problem, p.params)
                         for p in found]
        if problems:
            raise DeskError(ErrorCode.COUPON_IMPORT_INVALID, rows=problems)
        for d in drafts:
            t = CouponAdminService.insert(session, d, stores.get(d.store_code), now)
            record_audit(session, "coupon_template_created", subject=d.code,
                         detail={"template_id": t.id, "source": "csv"}, operator_id=operator_id)
        record_audit(session, "coupons_imported", subject=f"{len(drafts)} templates",
                     detail={"codes": [d.code for d in drafts]}, operator_id=operator_id)
        return ImportResult(len(drafts), tuple(d.code for d in drafts))
