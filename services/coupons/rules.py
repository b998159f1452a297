"""Turning stored coupon templates into the pricing engine's ``Coupon`` and basket lines into ``Line``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import Category, CouponTarget, CouponTemplate, MemberCoupon, MemberCouponState, Product
from services.core.errors import DeskError, ErrorCode
from services.coupons.pricing import Coupon, CouponKind, Line, Scope


def live_wallet(session: Session, member_id: int, now: datetime) -> list[tuple[MemberCoupon, CouponTemplate]]:
    """A member's claimed, unused, unexpired coupons with their templates, earliest expiry first."""
    rows = session.execute(
        select(MemberCoupon, CouponTemplate)
        .join(CouponTemplate, MemberCoupon.template_id == CouponTemplate.id)
        .where(
            MemberCoupon.member_id == member_id,
            MemberCoupon.state == MemberCouponState.CLAIMED,
            or_(MemberCoupon.expires_at.is_(None), MemberCoupon.expires_at > now),
        )
        .order_by(MemberCoupon.expires_at, MemberCoupon.id)
    ).all()
    return [(mc, t) for mc, t in rows]


def load_targets(session: Session, template_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    ids = list(template_ids)
    if ids:
        rows = session.execute(
            select(CouponTarget.template_id, CouponTarget.target_code).where(
                CouponTarget.template_id.in_(ids)
            )
        )
        for template_id, code in rows:
            found[template_id].add(code)
    return {tid: frozenset(codes) for tid, codes in found.items()}


def pricing_coupon(
    t: CouponTemplate, targets: frozenset[str], coupon_id: int, valid_until: datetime | None
) -> Coupon:
    """``coupon_id`` is the member's claim id at checkout, the template id when ranking offers."""
    return Coupon(
        id=coupon_id,
        kind=CouponKind(t.kind.value),
        scope=Scope(t.scope.value),
        targets=targets,
        store_id=t.store_id,
        value_fen=t.value_fen,
        percent=t.percent,
        cap_fen=t.cap_fen,
        tiers=tuple((int(a), int(b)) for a, b in t.tiers),
        buy_n=t.buy_n,
        get_m=t.get_m,
        min_spend_fen=t.min_spend_fen,
        exclusivity_group=t.exclusivity_group,
        exclusive=t.exclusive,
        valid_from=t.valid_from,
        valid_until=valid_until,
        template_code=t.code,
    )


def basket_lines(session: Session, items: Sequence[tuple[str, int]]) -> tuple[list[Line], list[Product]]:
    """Lines priced from the catalogue as it is now (never from what a screen shows)."""
    codes = [code for code, _ in items]
    products = {
        p.code: (p, cat)
        for p, cat in session.execute(
            select(Product, Category.code).join(Category).where(Product.code.in_(codes))
        )
    }
    lines: list[Line] = []
    ordered: list[Product] = []
    for code, quantity in items:
        if code not in products:
            raise DeskError(ErrorCode.UNKNOWN_PRODUCT, code=code)
        product, category = products[code]
        lines.append(Line(product.code, product.name, product.price_fen, quantity, category))
        ordered.append(product)
    return lines, ordered
