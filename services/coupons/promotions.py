"""Promoted products beside the coupons: related items, featured items, and "add ¥X more" suggestions.

Each scan gets a short list, best first, built from three sources:

1. **threshold** — the pricing engine's near misses on this basket: a scan-surfaced coupon
   or one in the member's wallet that says "add ¥X more" (``BELOW_THRESHOLD``), or an
   applying 满减 coupon whose next tier is close (``next_tier_missing_fen``). Near means
   at most ``NEAR_MAX_FEN`` and at most ``NEAR_MAX_PERCENT`` of the threshold. For each,
   the product that closes the gap with the fewest units, cheapest first, from the
   coupon's scope (its categories or products; for a basket-wide coupon the store's
   promoted products, then the whole catalogue).
2. **related** — configured "goes well with" items for the scanned product, then for its
   category; higher priority first.
3. **featured** — the store's featured items, higher priority first.

Products already in the basket and inactive ones (off the shelf) are never suggested;
a product appears once. Ties break by product code, so the same basket always gets the
same list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, or_, select
from sqlalchemy.orm import Session, sessionmaker

from models import Category, Product, Promotion, PromotionKind, PromotionTrigger, Store
from models.base import utcnow
from services.catalog.records import ProductInfo
from services.coupons.counter import CouponService
from services.coupons.pricing import Line, Reason, rank_for_scan
from services.coupons.records import PromotedItem, RankedOffer
from services.coupons.rules import basket_lines, live_wallet, load_targets, pricing_coupon

NEAR_MAX_FEN = 5000  # suggest closing a gap of at most ¥50.00 ...
NEAR_MAX_PERCENT = 50  # ... and at most half of the threshold
MAX_THRESHOLD_ITEMS = 2
DEFAULT_LIMIT = 4


@dataclass(frozen=True)
class NearMiss:
    """A coupon this basket nearly reaches, as the pricing engine explained it."""

    template_id: int
    missing_fen: int
    threshold_fen: int
    title: str
    title_en: str
    scope: str  # "order" | "store" | "product" | "category"
    targets: frozenset[str]


def is_near(missing_fen: int, threshold_fen: int) -> bool:
    return 0 < missing_fen <= NEAR_MAX_FEN and missing_fen * 100 <= threshold_fen * NEAR_MAX_PERCENT


def near_miss_from(
    params: dict[str, int | str], reason: str, tiers: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """(missing_fen, threshold_fen) from a ranked coupon's explanation, when it is a near miss."""
    if reason == Reason.BELOW_THRESHOLD.value:
        missing, threshold = params.get("missing_fen", 0), params.get("threshold_fen", 0)
    elif "next_tier_missing_fen" in params:
        missing = params["next_tier_missing_fen"]
        off = params.get("next_tier_off_fen")
        threshold = min((spend for spend, tier_off in tiers if tier_off == off), default=0)
    else:
        return None
    if not isinstance(missing, int) or not isinstance(threshold, int) or not is_near(missing, threshold):
        return None
    return missing, threshold


class PromotionService:
    def __init__(self, sessions: sessionmaker[Session], coupons: CouponService) -> None:
        self._sessions = sessions
        self._coupons = coupons

    # -- the list beside a scan ---------------------------------------------------------

    def suggestions(
        self, items: Sequence[tuple[str, int]], scanned_code: str, store_code: str,
        member_id: int | None = None, now: datetime | None = None, limit: int = DEFAULT_LIMIT,
    ) -> list[PromotedItem]:
        """The promoted products for this basket after scanning ``scanned_code`` ("" for none)."""
        now = now or utcnow()
        with self._sessions() as session:
            store_id = session.scalar(select(Store.id).where(Store.code == store_code))
            offers = (self._coupons.ranked_in(session, items, scanned_code, store_id, member_id, now)
                      if scanned_code else [])
            return self.suggestions_in(session, items, scanned_code, store_id, member_id, now, offers, limit)

    def suggestions_in(
        self, session: Session, items: Sequence[tuple[str, int]], scanned_code: str, store_id: int | None,
        member_id: int | None, now: datetime, offers: Sequence[RankedOffer], limit: int = DEFAULT_LIMIT,
    ) -> list[PromotedItem]:
        """``suggestions`` inside the caller's session, from offers the caller already ranked
        (the till ranks once per scan and shows the same ranking in the coupon panel)."""
        lines, _ = basket_lines(session, items)
        in_basket = {line.code for line in lines}
        misses: dict[int, tuple[int, int, str, str, str]] = {}
        for ranked in offers:
            found = near_miss_from(ranked.params, ranked.reason, ranked.offer.tiers)
            if found is not None:
                o = ranked.offer
                misses[o.template_id] = (*found, o.title, o.title_en, o.scope)
        for template_id, wallet_miss in self._wallet_misses(session, lines, member_id, store_id, now).items():
            misses.setdefault(template_id, wallet_miss)
        targets = load_targets(session, misses)
        near = sorted(
            (NearMiss(tid, m, t, title, title_en, scope, targets.get(tid, frozenset()))
             for tid, (m, t, title, title_en, scope) in misses.items()),
            key=lambda n: (n.missing_fen, n.template_id),
        )
        related = self._related(session, scanned_code, store_id, now, in_basket, limit) if scanned_code else []
        featured = self._featured(session, store_id, now, in_basket, limit)
        chosen: list[PromotedItem] = []
        taken = set(in_basket)
        promoted = [item.product for item in related + featured]
        for miss in near:
            if len(chosen) >= MAX_THRESHOLD_ITEMS:
                break
            item = self._closing_item(session, miss, taken, promoted)
            if item is not None:
                chosen.append(item)
                taken.add(item.product.code)
        for item in related + featured:
            if len(chosen) >= limit:
                break
            if item.product.code not in taken:
                taken.add(item.product.code)
                chosen.append(item)
        return chosen

    def featured(self, store_code: str, now: datetime | None = None, limit: int = 6) -> list[PromotedItem]:
        """The store's featured products (idle screens)."""
        with self._sessions() as session:
            store_id = session.scalar(select(Store.id).where(Store.code == store_code))
            return self.featured_in(session, store_id, now or utcnow(), limit)

    def featured_in(self, session: Session, store_id: int | None, now: datetime, limit: int = 6) -> list[PromotedItem]:
        return self._featured(session, store_id, now, set(), limit)

    # -- sources ----------------------------------------------------------------------------

    @staticmethod
    def _wallet_misses(
        session: Session, lines: list[Line], member_id: int | None, store_id: int | None, now: datetime
    ) -> dict[int, tuple[int, int, str, str, str]]:
        if member_id is None or not lines:
            return {}
        wallet = live_wallet(session, member_id, now)
        if not wallet:
            return {}
        targets = load_targets(session, {t.id for _, t in wallet})
        templates = {mc.id: t for mc, t in wallet}
        coupons = [pricing_coupon(t, targets.get(t.id, frozenset()), mc.id, mc.expires_at) for mc, t in wallet]
        found: dict[int, tuple[int, int, str, str, str]] = {}
        for ranked in rank_for_scan(lines, coupons, now=now, store_id=store_id):
            t = templates[ranked.coupon_id]
            tiers = [(int(a), int(b)) for a, b in t.tiers]
            miss = near_miss_from(dict(ranked.explanation.params), ranked.explanation.code.value, tiers)
            if miss is not None:
                found.setdefault(t.id, (*miss, t.title, t.title_en, t.scope.value))
        return found

    @staticmethod
    def _live(now: datetime, store_id: int | None) -> list[ColumnElement[bool]]:
        return [
            Promotion.active.is_(True),
            Product.active.is_(True),
            or_(Promotion.store_id.is_(None), Promotion.store_id == store_id),
            or_(Promotion.valid_from.is_(None), Promotion.valid_from <= now),
            or_(Promotion.valid_until.is_(None), Promotion.valid_until > now),
        ]

    def _related(
        self, session: Session, scanned_code: str, store_id: int | None, now: datetime, skip: set[str], limit: int
    ) -> list[PromotedItem]:
        category = session.scalar(
            select(Category.code).join(Product, Product.category_id == Category.id).where(Product.code == scanned_code)
        )
        if category is None:
            return []
        by_product = case((Promotion.trigger_kind == PromotionTrigger.PRODUCT, 0), else_=1)
        return self._promoted(session, "related", (
            Promotion.kind == PromotionKind.RELATED,
            or_(
                (Promotion.trigger_kind == PromotionTrigger.PRODUCT) & (Promotion.trigger_code == scanned_code),
                (Promotion.trigger_kind == PromotionTrigger.CATEGORY) & (Promotion.trigger_code == category),
            ),
        ), (by_product,), store_id, now, skip, limit)

    def _featured(
        self, session: Session, store_id: int | None, now: datetime, skip: set[str], limit: int
    ) -> list[PromotedItem]:
        return self._promoted(session, "featured", (Promotion.kind == PromotionKind.FEATURED,), (),
                              store_id, now, skip, limit)

    def _promoted(
        self, session: Session, kind: str, where: tuple[ColumnElement[bool], ...],
        first: tuple[ColumnElement[int], ...], store_id: int | None, now: datetime, skip: set[str], limit: int,
    ) -> list[PromotedItem]:
        """Live promotions of products on the shelf and not in ``skip``, best first; a product once."""
        rows = session.execute(
            select(Product, Category.name, Category.name_en, Promotion.pitch, Promotion.pitch_en)
            .join(Promotion, Promotion.product_id == Product.id)
            .join(Category, Product.category_id == Category.id)
            .where(*where, *self._live(now, store_id), Product.code.not_in(skip))
            .order_by(*first, Promotion.priority.desc(), Product.code, Promotion.id)
            .limit(limit * 3)  # the same product promoted twice (product and category trigger) is skipped below
        ).all()
        found: dict[str, PromotedItem] = {}
        for product, cat_name, cat_name_en, pitch, pitch_en in rows:
            if product.code not in found:
                found[product.code] = PromotedItem(_info(product, cat_name, cat_name_en), kind, pitch, pitch_en, {})
        return list(found.values())[:limit]

    @staticmethod
    def _closing_item(
        session: Session, miss: NearMiss, taken: set[str], promoted: list[ProductInfo]
    ) -> PromotedItem | None:
        """The product that closes ``miss`` with the fewest units, cheapest first (then by code)."""
        pool = (
            select(Product, Category.name, Category.name_en)
            .join(Category, Product.category_id == Category.id)
            .where(Product.active.is_(True), Product.price_fen > 0, Product.code.not_in(taken))
        )
        if miss.scope == "category":
            pool = pool.where(Category.code.in_(miss.targets))
        elif miss.scope == "product":
            pool = pool.where(Product.code.in_(miss.targets))
        candidates: list[ProductInfo] = []
        if miss.scope in ("order", "store"):
            candidates = [p for p in promoted if p.code not in taken and p.price_fen > 0]
        if not candidates:
            row = session.execute(
                pool.where(Product.price_fen >= miss.missing_fen).order_by(Product.price_fen, Product.code).limit(1)
            ).first() or session.execute(pool.order_by(Product.price_fen.desc(), Product.code).limit(1)).first()
            candidates = [_info(*row)] if row is not None else []
        if not candidates:
            return None
        best = min(candidates, key=lambda p: (-(-miss.missing_fen // p.price_fen), p.price_fen, p.code))
        units = -(-miss.missing_fen // best.price_fen)
        if miss.scope == "category":
            scope_name, scope_name_en = best.category, best.category_en
        elif miss.scope == "product":
            scope_name, scope_name_en = best.name, best.name_en
        else:
            scope_name = scope_name_en = ""
        return PromotedItem(best, "threshold", "", "", {
            "missing_fen": miss.missing_fen, "threshold_fen": miss.threshold_fen, "units": units,
            "coupon_title": miss.title, "coupon_title_en": miss.title_en,
            "scope_name": scope_name, "scope_name_en": scope_name_en,
        })


def _info(product: Product, category: str, category_en: str) -> ProductInfo:
    return ProductInfo(product.id, product.code, product.name, product.name_en, product.price_fen, product.unit,
                       category, category_en)
