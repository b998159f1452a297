"""Coupons at the counter: which ones a scanned product surfaces, and claiming one for a member.

A claim is one transaction: stock moves by a conditional UPDATE, the member's claim
takes a numbered slot under a unique constraint, and the success notice for the
member goes into the outbox in the same transaction. Ranking offers for a basket is
the pricing engine's job; this module only finds and binds coupons.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, false, func, or_, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import (
    Category,
    CouponScope,
    CouponStatus,
    CouponTarget,
    CouponTemplate,
    Member,
    MemberCoupon,
    MemberCouponState,
    Product,
    Store,
)
from models.base import utcnow
from models.coupons import sync_target_liveness
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.core.journal import emit_event, record_audit
from services.core.masking import mask_phone
from services.coupons.pricing import rank_for_scan
from services.coupons.records import ClaimedCoupon, CouponOffer, MemberInfo, RankedOffer
from services.coupons.rules import basket_lines, live_wallet, load_targets, pricing_coupon

log = logging.getLogger(__name__)

CLAIM_ATTEMPTS = 5  # a lost race for a claim slot is retried; the limit itself is never overrun


def _offer(t: CouponTemplate, claimed: int) -> CouponOffer:
    return CouponOffer(
        template_id=t.id, code=t.code, title=t.title, title_en=t.title_en, kind=t.kind.value, scope=t.scope.value,
        value_fen=t.value_fen, percent=t.percent, cap_fen=t.cap_fen,
        tiers=tuple((int(a), int(b)) for a, b in t.tiers), buy_n=t.buy_n, get_m=t.get_m,
        min_spend_fen=t.min_spend_fen, valid_until=t.valid_until,
        stock_left=None if t.total_stock is None else t.total_stock - t.claimed_count,
        per_member_limit=t.per_member_limit, claimed_by_member=claimed,
        exclusivity_group=t.exclusivity_group, exclusive=t.exclusive,
    )


def _live(now: datetime) -> list[ColumnElement[bool]]:
    return [
        CouponTemplate.status == CouponStatus.ACTIVE,
        or_(CouponTemplate.valid_from.is_(None), CouponTemplate.valid_from <= now),
        or_(CouponTemplate.valid_until.is_(None), CouponTemplate.valid_until > now),
    ]


class CouponService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- members ------------------------------------------------------------------

    def find_member(self, text: str) -> MemberInfo:
        """By member code (scanned card) or full phone number; DeskError(UNKNOWN_MEMBER) otherwise."""
        key = "".join(ch for ch in text if not ch.isspace())
        with self._sessions() as session:
            member = session.scalars(
                select(Member).where(or_(Member.member_code == key.upper(), Member.phone == key))
            ).first()
            if member is None:
                # The operator's own input is echoed as typed; only a number long enough to be more than the
                # last 4 digits (which every masked phone shows anyway) is masked, as errors reach the log.
                shown = key if not key.isdigit() or len(key) <= 4 else mask_phone(key)
                raise DeskError(ErrorCode.UNKNOWN_MEMBER, text=shown)
            return MemberInfo(member.id, member.member_code, member.name, mask_phone(member.phone))

    # -- scan -----------------------------------------------------------------------

    def offers_for_product(
        self, product_code: str, store_code: str, member_id: int | None = None, now: datetime | None = None
    ) -> list[CouponOffer]:
        """Live, in-stock, scan-surfaced coupons for this product, its category, this store and any order."""
        now = now or utcnow()
        with self._sessions() as session:
            store_id = session.scalar(select(Store.id).where(Store.code == store_code))
            templates = self._live_templates(session, product_code, store_id, now)
            claimed = self._claimed_counts(session, member_id, [t.id for t in templates])
            return [_offer(t, claimed.get(t.id, 0)) for t in templates]

    @staticmethod
    def _live_templates(
        session: Session, product_code: str, store_id: int | None, now: datetime
    ) -> list[CouponTemplate]:
        row = session.execute(
            select(Product.code, Category.code).join(Category).where(Product.code == product_code)
        ).first()
        if row is None:
            return []
        code, category_code = row
        # Candidates first, each decided inside an index: the product's and category's targets
        # of live templates (targets copy status, stock and validity, models/coupons.py), plus the few
        # live basket-wide ones. Reading every target or active template walks dead coupons.
        targeted = select(CouponTarget.template_id).where(
            or_(
                *(
                    and_(CouponTarget.target_kind == kind, CouponTarget.target_code == target,
                         CouponTarget.status == CouponStatus.ACTIVE, CouponTarget.sold_out == false(),
                         CouponTarget.live_until > now)
                    for kind, target in (("product", code), ("category", category_code))
                )
            ),
            or_(CouponTarget.live_from.is_(None), CouponTarget.live_from <= now),
        )
        wide_live = [
            CouponTemplate.scope.in_([CouponScope.ORDER, CouponScope.STORE]),
            CouponTemplate.status == CouponStatus.ACTIVE,
            or_(CouponTemplate.valid_from.is_(None), CouponTemplate.valid_from <= now),
            or_(CouponTemplate.total_stock.is_(None), CouponTemplate.claimed_count < CouponTemplate.total_stock),
            or_(CouponTemplate.store_id.is_(None), CouponTemplate.store_id == store_id),
            CouponTemplate.surfaced_by_scan,
        ]
        candidates = union(  # basket-wide in two index ranges: no end, and not ended yet
            targeted,
            select(CouponTemplate.id).where(*wide_live, CouponTemplate.valid_until.is_(None)),
            select(CouponTemplate.id).where(*wide_live, CouponTemplate.valid_until > now),
        ).subquery()
        query = select(CouponTemplate).join(candidates, CouponTemplate.id == candidates.c[0]).where(
            *_live(now),
            CouponTemplate.surfaced_by_scan,
            or_(CouponTemplate.total_stock.is_(None), CouponTemplate.claimed_count < CouponTemplate.total_stock),
            or_(CouponTemplate.store_id.is_(None), CouponTemplate.store_id == store_id),
        )
        return list(session.scalars(query.order_by(CouponTemplate.id).limit(200)))

    def ranked_offers(
        self, items: Sequence[tuple[str, int]], scanned_code: str, store_code: str,
        member_id: int | None = None, now: datetime | None = None,
    ) -> list[RankedOffer]:
        """The coupons a scan surfaces, best first for this basket, each with why (pricing Reason)."""
        now = now or utcnow()
        with self._sessions() as session:
            store_id = session.scalar(select(Store.id).where(Store.code == store_code))
            return self.ranked_in(session, items, scanned_code, store_id, member_id, now)

    def ranked_in(
        self, session: Session, items: Sequence[tuple[str, int]], scanned_code: str, store_id: int | None,
        member_id: int | None, now: datetime,
    ) -> list[RankedOffer]:
        """``ranked_offers`` inside the caller's session (the till does a whole scan in one)."""
        templates = self._live_templates(session, scanned_code, store_id, now)
        if not templates:
            return []
        ids = [t.id for t in templates]
        claimed = self._claimed_counts(session, member_id, ids)
        offers = {t.id: _offer(t, claimed.get(t.id, 0)) for t in templates}
        targets = load_targets(session, ids)
        coupons = [pricing_coupon(t, targets.get(t.id, frozenset()), t.id, t.valid_until) for t in templates]
        lines, _ = basket_lines(session, items)
        ranked = rank_for_scan(lines, coupons, now=now, store_id=store_id, scanned_code=scanned_code)
        return [
            RankedOffer(offers[r.coupon_id], r.discount_fen, r.explanation.code.value, dict(r.explanation.params))
            for r in ranked
        ]

    @staticmethod
    def _claimed_counts(session: Session, member_id: int | None, template_ids: list[int]) -> dict[int, int]:
        if member_id is None or not template_ids:
            return {}
        rows = session.execute(
            select(MemberCoupon.template_id, func.count(MemberCoupon.id))
            .where(MemberCoupon.member_id == member_id, MemberCoupon.template_id.in_(template_ids))
            .group_by(MemberCoupon.template_id)
        )
        return {tid: int(n) for tid, n in rows}

    # -- claiming -------------------------------------------------------------------

    def claim(
        self, template_id: int, member_id: int, store_code: str, operator_id: int | None = None,
        now: datetime | None = None,
    ) -> ClaimedCoupon:
        now = now or utcnow()
        for attempt in range(CLAIM_ATTEMPTS):
            try:
                return self._claim_once(template_id, member_id, store_code, operator_id, now)
            except IntegrityError:
                # Another counter took the same slot for this member at the same moment;
                # the whole transaction (stock included) rolled back. Try the next slot.
                log.info("claim slot race for template %s member %s (attempt %d)", template_id, member_id, attempt + 1)
        raise DeskError(ErrorCode.COUPON_OVER_LIMIT, template_id=template_id)

    def claim_by_code(self, code: str, member_id: int, store_code: str, operator_id: int | None = None,
                      now: datetime | None = None) -> ClaimedCoupon:
        with self._sessions() as session:
            template_id = session.scalar(select(CouponTemplate.id).where(CouponTemplate.code == code.strip().upper()))
        if template_id is None:
            raise DeskError(ErrorCode.COUPON_UNKNOWN, code=code.strip())
        return self.claim(template_id, member_id, store_code, operator_id, now)

    def claim_for_checkout(self, code: str, member_id: int | None, store_code: str, operator_id: int | None = None,
                           now: datetime | None = None) -> ClaimedCoupon:
        """A code typed at checkout: claimed for the member, or the one they already hold unused.

        Code coupons are bound to a member (as claims are everywhere else at this desk), so
        a sale without a member gets COUPON_NEEDS_MEMBER, after an unknown code is named.
        """
        now = now or utcnow()
        key = code.strip().upper()
        with self._sessions() as session:
            template_id = session.scalar(select(CouponTemplate.id).where(CouponTemplate.code == key))
            if template_id is None:
                raise DeskError(ErrorCode.COUPON_UNKNOWN, code=code.strip())
            if member_id is None:
                raise DeskError(ErrorCode.COUPON_NEEDS_MEMBER, code=key)
            for mc, t in live_wallet(session, member_id, now):
                if t.id == template_id:
                    return ClaimedCoupon(mc.id, t.id, t.code, t.title, t.title_en, mc.expires_at)
        return self.claim(template_id, member_id, store_code, operator_id, now)

    def _claim_once(
        self, template_id: int, member_id: int, store_code: str, operator_id: int | None, now: datetime
    ) -> ClaimedCoupon:
        with unit_of_work(self._sessions) as session:
            t = session.get(CouponTemplate, template_id)
            if t is None:
                raise DeskError(ErrorCode.COUPON_UNKNOWN, code=str(template_id))
            member = session.get(Member, member_id)
            if member is None:
                raise DeskError(ErrorCode.UNKNOWN_MEMBER, text=str(member_id))
            store_id = session.scalar(select(Store.id).where(Store.code == store_code))
            self._check_claimable(t, store_id, now)
            taken = session.execute(
                update(CouponTemplate)
                .where(
                    CouponTemplate.id == template_id,
                    CouponTemplate.status == CouponStatus.ACTIVE,
                    or_(CouponTemplate.total_stock.is_(None), CouponTemplate.claimed_count < CouponTemplate.total_stock),
                )
                .values(claimed_count=CouponTemplate.claimed_count + 1)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                raise DeskError(ErrorCode.COUPON_OUT_OF_STOCK, code=t.code, title=t.title)
            if t.total_stock is not None:  # the last unit marks its targets sold out (the scan index reads it)
                sync_target_liveness(session.connection(), template_id)
            used_slots = session.scalar(
                select(func.coalesce(func.max(MemberCoupon.claim_no), 0)).where(
                    MemberCoupon.template_id == template_id, MemberCoupon.member_id == member_id
                )
            )
            if int(used_slots or 0) >= t.per_member_limit:
                raise DeskError(ErrorCode.COUPON_OVER_LIMIT, code=t.code, title=t.title, limit=t.per_member_limit)
            expires = t.valid_until
            if t.valid_days_after_claim is not None:
                expires = now + timedelta(days=t.valid_days_after_claim)
                if t.valid_until is not None:
                    expires = min(expires, t.valid_until)
            coupon = MemberCoupon(
                template_id=template_id, member_id=member_id, claim_no=int(used_slots or 0) + 1,
                state=MemberCouponState.CLAIMED, claimed_at=now, expires_at=expires,
            )
            session.add(coupon)
            session.flush()  # the unique slot constraint fires here on a lost race
            record_audit(session, "coupon_claimed", subject=t.code,
                         detail={"member_id": member_id, "member_coupon_id": coupon.id}, operator_id=operator_id)
            # The server's notify.member contract (docs/server.md): the phone number never leaves
            # the desk; the deployment's channels (SMS gateway, e-mail) are configured server-side.
            emit_event(session, "notify.member", {
                "recipient": {"key": f"member-{member.member_code}", "name": member.name},
                "template": "coupon_claimed",
                "locale": "zh",
                "params": {"member_name": member.name, "coupon_title": t.title,
                           "expires_on": expires.date().isoformat() if expires else ""},
                "dedup_key": f"coupon_claimed:member-coupon:{coupon.id}",
            })
            return ClaimedCoupon(coupon.id, t.id, t.code, t.title, t.title_en, expires)

    @staticmethod
    def _check_claimable(t: CouponTemplate, store_id: int | None, now: datetime) -> None:
        if t.status is CouponStatus.PAUSED:
            raise DeskError(ErrorCode.COUPON_PAUSED, code=t.code, title=t.title)
        if t.valid_until is not None and t.valid_until <= now:
            raise DeskError(ErrorCode.COUPON_EXPIRED, code=t.code, title=t.title, until=t.valid_until)
        if t.valid_from is not None and t.valid_from > now:
            raise DeskError(ErrorCode.COUPON_NOT_YET_VALID, code=t.code, title=t.title, since=t.valid_from)
        if t.store_id is not None and t.store_id != store_id:
            raise DeskError(ErrorCode.COUPON_WRONG_STORE, code=t.code, title=t.title)

    def wallet(self, member_id: int, now: datetime | None = None) -> list[ClaimedCoupon]:
        """The member's claimed, unused, unexpired coupons (what checkout may apply)."""
        with self._sessions() as session:
            return [
                ClaimedCoupon(mc.id, t.id, t.code, t.title, t.title_en, mc.expires_at)
                for mc, t in live_wallet(session, member_id, now or utcnow())
            ]
