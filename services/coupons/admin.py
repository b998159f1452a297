"""Administering coupon templates: list, create, edit, pause/resume, with validation that names the field.

Rules for editing a template members already hold (docs/coupons_csv.md, "Editing"):
what a member was given never changes under them. Once a template has been claimed,
its terms are frozen (kind, scope, value, percent, cap, tiers, buy/get, minimum spend,
targets, store, start, days after claim, stacking); what may still change is the
titles, stock (never below what was claimed), the per-member limit, whether scans
surface it, pausing, and the end of validity, which may only move later. Extending
the end of a fixed-window template extends the unused coupons members hold with it.

Every change is one transaction with its audit entry. Problems come back together,
as ``DeskError(COUPON_TEMPLATE_INVALID, problems=[Problem, ...])``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import (
    Category,
    CouponKind,
    CouponScope,
    CouponStatus,
    CouponTarget,
    CouponTemplate,
    MemberCoupon,
    MemberCouponState,
    Product,
    Store,
)
from models.base import utcnow
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.core.money import parse_yuan

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
MAX_FEN = 10_000_000  # ¥100,000: beyond any single coupon a shop issues
MAX_COUNT = 10_000_000
LIST_LIMIT = 500


class TemplateState(enum.StrEnum):
    """What the list shows and filters by (derived: stored status plus validity and stock)."""

    LIVE = "live"
    PAUSED = "paused"
    EXPIRED = "expired"
    SCHEDULED = "scheduled"  # starts later
    OUT_OF_STOCK = "out_of_stock"


class Problem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"  # max
    BAD_CODE = "bad_code"
    CODE_TAKEN = "code_taken"
    CODE_REPEATED = "code_repeated"  # line (in one CSV file)
    BAD_CHOICE = "bad_choice"  # value
    BAD_NUMBER = "bad_number"  # value
    BAD_AMOUNT = "bad_amount"  # value
    BAD_DATE = "bad_date"  # value
    BAD_TIERS = "bad_tiers"  # value
    OUT_OF_RANGE = "out_of_range"  # minimum, maximum
    CAP_MISSING = "cap_missing"
    TIERS_NOT_ASCENDING = "tiers_not_ascending"
    TIER_OFF_TOO_BIG = "tier_off_too_big"  # spend_fen, off_fen
    UNTIL_BEFORE_FROM = "until_before_from"
    UNTIL_IN_PAST = "until_in_past"
    STOCK_BELOW_CLAIMED = "stock_below_claimed"  # claimed
    UNKNOWN_PRODUCT = "unknown_product"  # codes
    UNKNOWN_CATEGORY = "unknown_category"  # codes
    UNKNOWN_STORE = "unknown_store"  # code
    TARGETS_MISSING = "targets_missing"
    TARGETS_NOT_ALLOWED = "targets_not_allowed"
    FROZEN_AFTER_CLAIM = "frozen_after_claim"  # claimed
    UNTIL_SHORTENED = "until_shortened"  # claimed
    BAD_ENCODING = "bad_encoding"
    BAD_HEADER = "bad_header"  # missing / unknown


@dataclass(frozen=True)
class FieldProblem:
    field: str  # a TemplateDraft field name, or "file"/"row" for CSV structure
    problem: Problem
    params: dict[str, Any] = dc_field(default_factory=dict)


@dataclass(frozen=True)
class TemplateDraft:
    """A template as the administrator writes it (money in fen, times aware UTC)."""

    code: str
    title: str
    kind: str
    scope: str
    title_en: str = ""
    store_code: str = ""  # STORE scope: the store it is valid in
    value_fen: int = 0
    percent: int = 0
    cap_fen: int = 0
    tiers: tuple[tuple[int, int], ...] = ()
    buy_n: int = 0
    get_m: int = 0
    min_spend_fen: int = 0
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    valid_days_after_claim: int | None = None
    total_stock: int | None = None
    per_member_limit: int = 1
    exclusivity_group: str = ""
    exclusive: bool = False
    surfaced_by_scan: bool = True
    targets: tuple[str, ...] = ()  # product codes (PRODUCT scope) or category codes (CATEGORY scope)


# What members hold once they claim: frozen after the first claim.
TERMS = ("code", "kind", "scope", "store_code", "value_fen", "percent", "cap_fen", "tiers", "buy_n", "get_m",
         "min_spend_fen", "valid_from", "valid_days_after_claim", "exclusivity_group", "exclusive", "targets")


@dataclass(frozen=True)
class TemplateRow:
    id: int
    draft: TemplateDraft
    state: TemplateState
    claimed: int  # claims ever made (the stock counter)
    used: int  # member coupons spent on orders
    created_at: datetime

    @property
    def frozen(self) -> bool:
        """Members hold it: its terms can no longer change."""
        return self.claimed > 0


@dataclass(frozen=True)
class TemplateList:
    rows: tuple[TemplateRow, ...]  # newest first, at most LIST_LIMIT
    more: bool  # more templates match than rows holds (not counted: a count walks every template)

    @property
    def total(self) -> int | None:
        return None if self.more else len(self.rows)


def _state(t: CouponTemplate, now: datetime) -> TemplateState:
    if t.status is CouponStatus.PAUSED:
        return TemplateState.PAUSED
    if t.valid_until is not None and t.valid_until <= now:
        return TemplateState.EXPIRED
    if t.total_stock is not None and t.claimed_count >= t.total_stock:
        return TemplateState.OUT_OF_STOCK
    if t.valid_from is not None and t.valid_from > now:
        return TemplateState.SCHEDULED
    return TemplateState.LIVE


def _state_filter(state: TemplateState, now: datetime, status: ColumnElement[Any]) -> ColumnElement[bool]:
    active = status == CouponStatus.ACTIVE
    not_ended = or_(CouponTemplate.valid_until.is_(None), CouponTemplate.valid_until > now)
    sold_out = and_(CouponTemplate.total_stock.is_not(None), CouponTemplate.claimed_count >= CouponTemplate.total_stock)
    if state is TemplateState.PAUSED:
        return status == CouponStatus.PAUSED
    if state is TemplateState.EXPIRED:
        return and_(active, CouponTemplate.valid_until <= now)
    if state is TemplateState.OUT_OF_STOCK:
        return and_(active, not_ended, sold_out)
    started = or_(CouponTemplate.valid_from.is_(None), CouponTemplate.valid_from <= now)
    if state is TemplateState.SCHEDULED:
        return and_(active, not_ended, ~sold_out, ~started)
    return and_(active, not_ended, ~sold_out, started)


def _draft(t: CouponTemplate, store_code: str, targets: Sequence[str]) -> TemplateDraft:
    return TemplateDraft(
        code=t.code, title=t.title, title_en=t.title_en, kind=t.kind.value, scope=t.scope.value,
        store_code=store_code, value_fen=t.value_fen, percent=t.percent, cap_fen=t.cap_fen,
        tiers=tuple((int(a), int(b)) for a, b in t.tiers), buy_n=t.buy_n, get_m=t.get_m,
        min_spend_fen=t.min_spend_fen, valid_from=t.valid_from, valid_until=t.valid_until,
        valid_days_after_claim=t.valid_days_after_claim, total_stock=t.total_stock,
        per_member_limit=t.per_member_limit, exclusivity_group=t.exclusivity_group, exclusive=t.exclusive,
        surfaced_by_scan=t.surfaced_by_scan, targets=tuple(sorted(targets)),
    )


def normalise(draft: TemplateDraft) -> TemplateDraft:
    """Trimmed text, upper-case codes, targets deduplicated in order; fields that a kind/scope ignores zeroed."""
    kind, scope = draft.kind.strip().lower(), draft.scope.strip().lower()
    d = replace(
        draft, code=draft.code.strip().upper(), title=draft.title.strip(), title_en=draft.title_en.strip(),
        kind=kind, scope=scope, store_code=draft.store_code.strip().upper(),
        exclusivity_group=draft.exclusivity_group.strip(),
        targets=tuple(dict.fromkeys(c.strip().upper() for c in draft.targets if c.strip())),
    )
    if kind != CouponKind.FIXED:
        d = replace(d, value_fen=0)
    if kind not in (CouponKind.PERCENT, CouponKind.CHEAPEST_ITEM):
        d = replace(d, percent=0)
    if kind != CouponKind.PERCENT:
        d = replace(d, cap_fen=0)
    if kind != CouponKind.THRESHOLD:
        d = replace(d, tiers=())
    if kind not in (CouponKind.BUY_N_GET_M, CouponKind.CHEAPEST_ITEM):
        d = replace(d, buy_n=0)
    if kind != CouponKind.BUY_N_GET_M:
        d = replace(d, get_m=0)
    if scope != CouponScope.STORE:
        d = replace(d, store_code="")
    return d


def parse_tiers(text: str) -> tuple[tuple[int, int], ...]:
    """'150:15; 300:40' (yuan, full-width separators too) -> ((15000, 1500), (30000, 4000)); ValueError if malformed."""
    out = []
    for part in text.replace("；", ";").replace("：", ":").split(";"):
        if part.strip():
            spend, off = part.split(":")
            out.append((parse_yuan(spend), parse_yuan(off)))
    return tuple(out)


def _range(out: list[FieldProblem], name: str, value: int, lo: int, hi: int) -> None:
    if not lo <= value <= hi:
        out.append(FieldProblem(name, Problem.OUT_OF_RANGE, {"minimum": lo, "maximum": hi, "value": value}))


def check_rules(d: TemplateDraft, now: datetime, *, new: bool) -> list[FieldProblem]:
    """Problems found from the draft alone (no database): fields, kind rules, validity."""
    out: list[FieldProblem] = []
    if not d.code:
        out.append(FieldProblem("code", Problem.REQUIRED))
    elif not CODE_RE.match(d.code):
        out.append(FieldProblem("code", Problem.BAD_CODE, {"value": d.code}))
    if not d.title:
        out.append(FieldProblem("title", Problem.REQUIRED))
    for name, text, limit in (("title", d.title, 80), ("title_en", d.title_en, 80),
                              ("exclusivity_group", d.exclusivity_group, 32)):
        if len(text) > limit:
            out.append(FieldProblem(name, Problem.TOO_LONG, {"max": limit}))
    kinds = [k.value for k in CouponKind]
    scopes = [s.value for s in CouponScope]
    if d.kind not in kinds:
        out.append(FieldProblem("kind", Problem.BAD_CHOICE, {"value": d.kind, "choices": kinds}))
    if d.scope not in scopes:
        out.append(FieldProblem("scope", Problem.BAD_CHOICE, {"value": d.scope, "choices": scopes}))
    if d.kind == CouponKind.FIXED:
        _range(out, "value_fen", d.value_fen, 1, MAX_FEN)
    elif d.kind == CouponKind.PERCENT:
        _range(out, "percent", d.percent, 1, 99)
        if d.cap_fen <= 0:
            out.append(FieldProblem("cap_fen", Problem.CAP_MISSING))
        else:
            _range(out, "cap_fen", d.cap_fen, 1, MAX_FEN)
    elif d.kind == CouponKind.THRESHOLD:
        if not d.tiers:
            out.append(FieldProblem("tiers", Problem.REQUIRED))
        for spend, off in d.tiers:
            if not (0 < off < spend <= MAX_FEN):
                out.append(FieldProblem("tiers", Problem.TIER_OFF_TOO_BIG, {"spend_fen": spend, "off_fen": off}))
                break
        pairs = list(zip(d.tiers, d.tiers[1:], strict=False))
        if any(b[0] <= a[0] or b[1] <= a[1] for a, b in pairs):
            out.append(FieldProblem("tiers", Problem.TIERS_NOT_ASCENDING))
    elif d.kind == CouponKind.BUY_N_GET_M:
        _range(out, "buy_n", d.buy_n, 1, 99)
        _range(out, "get_m", d.get_m, 1, 99)
    elif d.kind == CouponKind.CHEAPEST_ITEM:
        _range(out, "percent", d.percent, 1, 100)
        _range(out, "buy_n", d.buy_n, 0, 99)
    _range(out, "min_spend_fen", d.min_spend_fen, 0, MAX_FEN)
    if d.scope in (CouponScope.PRODUCT, CouponScope.CATEGORY) and not d.targets:
        out.append(FieldProblem("targets", Problem.TARGETS_MISSING))
    if d.scope in (CouponScope.ORDER, CouponScope.STORE) and d.targets:
        out.append(FieldProblem("targets", Problem.TARGETS_NOT_ALLOWED))
    if d.scope == CouponScope.STORE and not d.store_code:
        out.append(FieldProblem("store_code", Problem.REQUIRED))
    if d.valid_from is not None and d.valid_until is not None and d.valid_until <= d.valid_from:
        out.append(FieldProblem("valid_until", Problem.UNTIL_BEFORE_FROM))
    elif new and d.valid_until is not None and d.valid_until <= now:
        out.append(FieldProblem("valid_until", Problem.UNTIL_IN_PAST))
    if d.valid_days_after_claim is not None:
        _range(out, "valid_days_after_claim", d.valid_days_after_claim, 1, 3650)
    if d.total_stock is not None:
        _range(out, "total_stock", d.total_stock, 1, MAX_COUNT)
    _range(out, "per_member_limit", d.per_member_limit, 1, 99)
    return out


class CouponAdminService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- reading ------------------------------------------------------------------------

    def list_templates(self, search: str = "", state: str = "", now: datetime | None = None) -> TemplateList:
        """By code or title (either language), or a product or category code the coupons apply to
        (a scanned product finds its own coupons and its category's); ``state`` one of
        TemplateState or '' for all.

        Newest first, stopping at LIST_LIMIT + 1 matches, so a common filter is quick on a million
        templates; text matching only a few of them reads them all (about a second at 1,000,000)."""
        now = now or utcnow()
        conditions: list[ColumnElement[bool]] = []
        text = search.strip()
        with self._sessions() as session:
            if text:
                like = f"%{text}%"
                targets = [text.upper()]
                category = session.scalar(select(Category.code).join(Product).where(Product.code == text))
                if category is not None:
                    targets.append(category)
                targeting = select(CouponTarget.template_id).where(
                    CouponTarget.target_kind.in_(("product", "category")), CouponTarget.target_code.in_(targets))
                conditions.append(or_(CouponTemplate.code.ilike(like), CouponTemplate.title.ilike(like),
                                      CouponTemplate.title_en.ilike(like), CouponTemplate.id.in_(targeting)))
            status: ColumnElement[Any] = CouponTemplate.__table__.c.status
            if state and session.get_bind().dialect.name == "sqlite":
                # Newest first by walking ids backwards and stopping early: with the status index
                # SQLite would sort hundreds of thousands of rows. Unary + keeps it off that index.
                status = literal_column("+coupon_templates.status", CouponTemplate.status.type)
            if state:
                conditions.append(_state_filter(TemplateState(state), now, status))
            templates = list(session.scalars(
                select(CouponTemplate).where(*conditions).order_by(CouponTemplate.id.desc()).limit(LIST_LIMIT + 1)))
            rows = self._rows(session, templates[:LIST_LIMIT], now)
        return TemplateList(tuple(rows), more=len(templates) > LIST_LIMIT)

    def get(self, template_id: int, now: datetime | None = None) -> TemplateRow:
        with self._sessions() as session:
            t = session.get(CouponTemplate, template_id)
            if t is None:
                raise DeskError(ErrorCode.COUPON_UNKNOWN, code=str(template_id))
            return self._rows(session, [t], now or utcnow())[0]

    @staticmethod
    def _rows(session: Session, templates: list[CouponTemplate], now: datetime) -> list[TemplateRow]:
        ids = [t.id for t in templates]
        if not ids:
            return []
        used: dict[int, int] = {tid: n for tid, n in session.execute(
            select(MemberCoupon.template_id, func.count(MemberCoupon.id))
            .where(MemberCoupon.template_id.in_(ids), MemberCoupon.state == MemberCouponState.USED)
            .group_by(MemberCoupon.template_id))}
        targets: dict[int, list[str]] = {}
        for tid, code in session.execute(
                select(CouponTarget.template_id, CouponTarget.target_code).where(CouponTarget.template_id.in_(ids))):
            targets.setdefault(tid, []).append(code)
        stores: dict[int, str] = {sid: code for sid, code in session.execute(select(Store.id, Store.code))}
        return [
            TemplateRow(t.id, _draft(t, stores.get(t.store_id, "") if t.store_id else "", targets.get(t.id, [])),
                        _state(t, now), t.claimed_count, int(used.get(t.id, 0)), t.created_at)
            for t in templates
        ]

    # -- checks against the database ------------------------------------------------------------

    @staticmethod
    def check_references(session: Session, d: TemplateDraft) -> tuple[list[FieldProblem], int | None]:
        """Unknown store, products or categories; returns the store id too."""
        out: list[FieldProblem] = []
        store_id = None
        if d.store_code:
            store_id = session.scalar(select(Store.id).where(Store.code == d.store_code))
            if store_id is None:
                out.append(FieldProblem("store_code", Problem.UNKNOWN_STORE, {"code": d.store_code}))
        if d.targets and d.scope in (CouponScope.PRODUCT, CouponScope.CATEGORY):
            column = Product.code if d.scope == CouponScope.PRODUCT else Category.code
            found = set(session.scalars(select(column).where(column.in_(d.targets))))
            missing = [c for c in d.targets if c not in found]
            if missing:
                problem = Problem.UNKNOWN_PRODUCT if d.scope == CouponScope.PRODUCT else Problem.UNKNOWN_CATEGORY
                out.append(FieldProblem("targets", problem, {"codes": missing}))
        return out, store_id

    # -- writing --------------------------------------------------------------------------------

    def create(self, draft: TemplateDraft, operator_id: int | None = None, now: datetime | None = None) -> TemplateRow:
        now = now or utcnow()
        d = normalise(draft)
        problems = check_rules(d, now, new=True)
        try:
            with unit_of_work(self._sessions) as session:
                more, store_id = self.check_references(session, d)
                problems += more
                if d.code and session.scalar(select(CouponTemplate.id).where(CouponTemplate.code == d.code)):
                    problems.append(FieldProblem("code", Problem.CODE_TAKEN, {"value": d.code}))
                if problems:
                    raise DeskError(ErrorCode.COUPON_TEMPLATE_INVALID, problems=problems)
                t = self.insert(session, d, store_id, now)
                record_audit(session, "coupon_template_created", subject=d.code,
                             detail={"template_id": t.id, "kind": d.kind, "scope": d.scope}, operator_id=operator_id)
                template_id = t.id
        except IntegrityError as exc:  # another desk created the same code at this moment
            raise DeskError(ErrorCode.COUPON_TEMPLATE_INVALID,
                            problems=[FieldProblem("code", Problem.CODE_TAKEN, {"value": d.code})]) from exc
        return self.get(template_id, now)

    @staticmethod
    def insert(session: Session, d: TemplateDraft, store_id: int | None, now: datetime) -> CouponTemplate:
        """Add a checked, normalised draft (its targets too) to the session; the caller audits and commits."""
        t = CouponTemplate(
            code=d.code, title=d.title, title_en=d.title_en, kind=CouponKind(d.kind), scope=CouponScope(d.scope),
            store_id=store_id, value_fen=d.value_fen, percent=d.percent, cap_fen=d.cap_fen,
            tiers=[list(tier) for tier in d.tiers], buy_n=d.buy_n, get_m=d.get_m, min_spend_fen=d.min_spend_fen,
            valid_from=d.valid_from, valid_until=d.valid_until, valid_days_after_claim=d.valid_days_after_claim,
            total_stock=d.total_stock, claimed_count=0, per_member_limit=d.per_member_limit,
            exclusivity_group=d.exclusivity_group, exclusive=d.exclusive, surfaced_by_scan=d.surfaced_by_scan,
            status=CouponStatus.ACTIVE, created_at=now,
        )
        session.add(t)
        session.flush()
        _add_targets(session, t.id, d)
        session.flush()
        return t

    def update(self, template_id: int, draft: TemplateDraft, operator_id: int | None = None,
               now: datetime | None = None) -> TemplateRow:
        """Save an edit; a claimed template may change only what does not alter members' coupons."""
        now = now or utcnow()
        d = normalise(draft)
        with unit_of_work(self._sessions) as session:
            t = _locked(session, template_id)
            before = self._rows(session, [t], now)[0]
            old = before.draft
            problems = check_rules(d, now, new=False)
            more, store_id = self.check_references(session, d)
            problems += more
            if d.code != old.code and session.scalar(select(CouponTemplate.id).where(CouponTemplate.code == d.code)):
                problems.append(FieldProblem("code", Problem.CODE_TAKEN, {"value": d.code}))
            if before.frozen:
                problems += [FieldProblem(name, Problem.FROZEN_AFTER_CLAIM, {"claimed": t.claimed_count})
                             for name in TERMS if getattr(d, name) != getattr(old, name)]
                if d.valid_until is not None and (old.valid_until is None or d.valid_until < old.valid_until):
                    problems.append(FieldProblem("valid_until", Problem.UNTIL_SHORTENED, {"claimed": t.claimed_count}))
            if d.total_stock is not None and d.total_stock < t.claimed_count:
                problems.append(FieldProblem("total_stock", Problem.STOCK_BELOW_CLAIMED, {"claimed": t.claimed_count}))
            if problems:
                raise DeskError(ErrorCode.COUPON_TEMPLATE_INVALID, problems=problems)
            changed = {f.name: [_plain(getattr(old, f.name)), _plain(getattr(d, f.name))]
                       for f in fields(TemplateDraft) if getattr(old, f.name) != getattr(d, f.name)}
            if not changed:
                return before
            if old.valid_until != d.valid_until and d.valid_days_after_claim is None:
                # A fixed window moved later: the unused coupons members hold move with it.
                session.execute(
                    update(MemberCoupon)
                    .where(MemberCoupon.template_id == t.id, MemberCoupon.state == MemberCouponState.CLAIMED,
                           MemberCoupon.expires_at == old.valid_until if old.valid_until else MemberCoupon.expires_at.is_(None))
                    .values(expires_at=d.valid_until)
                )
            for name in ("code", "title", "title_en", "value_fen", "percent", "cap_fen", "buy_n", "get_m",
                         "min_spend_fen", "valid_from", "valid_until", "valid_days_after_claim", "total_stock",
                         "per_member_limit", "exclusivity_group", "exclusive", "surfaced_by_scan"):
                setattr(t, name, getattr(d, name))
            t.kind, t.scope, t.store_id = CouponKind(d.kind), CouponScope(d.scope), store_id
            t.tiers = [list(tier) for tier in d.tiers]
            if d.targets != old.targets or d.scope != old.scope:
                for target in session.scalars(select(CouponTarget).where(CouponTarget.template_id == t.id)):
                    session.delete(target)
                session.flush()
                _add_targets(session, t.id, d)
            session.flush()
            record_audit(session, "coupon_template_edited", subject=d.code,
                         detail={"template_id": t.id, "changed": changed}, operator_id=operator_id)
        return self.get(template_id, now)

    def set_paused(self, template_id: int, paused: bool, operator_id: int | None = None,
                   now: datetime | None = None) -> TemplateRow:
        """Pause (no scan surfaces it, no one can claim it) or resume; members keep what they hold."""
        with unit_of_work(self._sessions) as session:
            t = _locked(session, template_id)
            wanted = CouponStatus.PAUSED if paused else CouponStatus.ACTIVE
            if t.status is not wanted:  # a double click changes it once
                t.status = wanted
                session.flush()  # the targets' copy follows (models/coupons.py)
                record_audit(session, "coupon_template_paused" if paused else "coupon_template_resumed",
                             subject=t.code, detail={"template_id": t.id}, operator_id=operator_id)
        return self.get(template_id, now)


def _add_targets(session: Session, template_id: int, d: TemplateDraft) -> None:
    kind = "product" if d.scope == CouponScope.PRODUCT else "category"
    for code in d.targets:
        session.add(CouponTarget(template_id=template_id, target_kind=kind, target_code=code))


def _locked(session: Session, template_id: int) -> CouponTemplate:
    """The template, its row locked (PostgreSQL) so no claim slips between a check and the change;
    SQLite writers are serialised by the write transaction itself."""
    t = session.get(CouponTemplate, template_id, with_for_update=True)
    if t is None:
        raise DeskError(ErrorCode.COUPON_UNKNOWN, code=str(template_id))
    return t


def _plain(value: Any) -> Any:
    """A JSON-friendly copy for the audit log."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
