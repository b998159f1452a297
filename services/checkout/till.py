"""The till's one question per basket change: what the panels beside the basket show.

A scan used to be three trips to the database (the product, its ranked coupons, then the
promoted products, which ranked the coupons again) and the member's best price was only
known at checkout. ``TillService`` answers all of it in one session, ranking once, so the
coupon panel, the promotions strip, the customer display and the total always describe
the same basket.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import Store
from models.base import utcnow
from services.catalog.lookup import CatalogService
from services.catalog.records import ProductInfo
from services.checkout.records import Items, TillView
from services.checkout.settle import CheckoutService
from services.coupons.counter import CouponService
from services.coupons.promotions import DEFAULT_LIMIT, PromotionService


def with_added(items: Sequence[tuple[str, int]], code: str, quantity: int = 1) -> Items:
    """``items`` after adding ``quantity`` of ``code`` the way Basket.add does (same line, else a new one)."""
    out = list(items)
    for index, (existing, qty) in enumerate(out):
        if existing == code:
            out[index] = (existing, qty + quantity)
            return tuple(out)
    return (*out, (code, quantity))


class TillService:
    def __init__(self, sessions: sessionmaker[Session], coupons: CouponService,
                 promotions: PromotionService, checkout: CheckoutService) -> None:
        self._sessions = sessions
        self._coupons = coupons
        self._promotions = promotions
        self._checkout = checkout

    def scan(self, raw_code: str, items: Sequence[tuple[str, int]], store_code: str, member_id: int | None,
             now: datetime | None = None, limit: int = DEFAULT_LIMIT) -> TillView:
        """Look ``raw_code`` up and describe the basket with one more of it (DeskError when the code is bad)."""
        with self._sessions() as session:
            product = CatalogService.lookup_in(session, raw_code)
            basket = with_added(items, product.code)
            return self._view(session, basket, product.code, product, store_code, member_id, now or utcnow(), limit)

    def refresh(self, items: Sequence[tuple[str, int]], scanned_code: str, store_code: str, member_id: int | None,
                now: datetime | None = None, limit: int = DEFAULT_LIMIT) -> TillView:
        """Describe ``items`` as they are now (after a quantity change, a removal, a member change)."""
        with self._sessions() as session:
            return self._view(session, tuple(items), scanned_code, None, store_code, member_id, now or utcnow(),
                              limit)

    def _view(self, session: Session, items: Items, scanned_code: str, product: ProductInfo | None,
              store_code: str, member_id: int | None, now: datetime, limit: int) -> TillView:
        store_id = session.scalar(select(Store.id).where(Store.code == store_code))
        if not items:
            promoted = self._promotions.featured_in(session, store_id, now, limit)
            return TillView(items, member_id, "", product, (), tuple(promoted), None)
        # The scanned product's coupons while it is still in the basket; after it is removed,
        # the last line's (what the cashier now looks at).
        codes = {code for code, _ in items}
        focus = scanned_code if scanned_code in codes else items[-1][0]
        offers = self._coupons.ranked_in(session, items, focus, store_id, member_id, now)
        promoted = self._promotions.suggestions_in(session, items, focus, store_id, member_id, now, offers, limit)
        quote = self._checkout.quote_in(session, items, member_id, store_code, now=now) if member_id is not None else None
        return TillView(items, member_id, focus, product, tuple(offers), tuple(promoted), quote)
