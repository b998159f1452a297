"""Settling a basket: the quote the cashier sees, and the payment that turns it into an order.

The settlement is always recomputed here from catalogue prices and the member's
coupons as stored, inside the payment's transaction; a coupon is marked used by a
conditional UPDATE, so two counters can never spend the same coupon.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import (
    Member,
    MemberCoupon,
    MemberCouponState,
    Operator,
    Order,
    OrderCoupon,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Product,
    Store,
)
from models.base import utcnow
from models.db import unit_of_work
from services.checkout.records import OrderReceipt, OrderSummary, Quote, QuoteCoupon, QuoteLine
from services.core.errors import DeskError, ErrorCode
from services.core.journal import emit_event, record_audit
from services.core.masking import mask_phone
from services.coupons.pricing import Coupon, Settlement, settle
from services.coupons.records import MemberInfo
from services.coupons.rules import basket_lines, live_wallet, load_targets, pricing_coupon

Items = Sequence[tuple[str, int]]  # (product code, quantity)


class CheckoutService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def _price(
        self,
        session: Session,
        items: Items,
        member_id: int | None,
        store_code: str,
        only: Sequence[int] | None,
        now: datetime,
    ) -> tuple[Quote, Settlement, list[Product], int]:
        if not items:
            raise DeskError(ErrorCode.EMPTY_BASKET)
        store_id = session.scalar(select(Store.id).where(Store.code == store_code))
        if store_id is None:
            raise DeskError(ErrorCode.UNKNOWN_STORE, code=store_code)
        lines, products = basket_lines(session, items)
        wallet = live_wallet(session, member_id, now) if member_id is not None else []
        targets = load_targets(session, {t.id for _, t in wallet})
        coupons: list[Coupon] = [
            pricing_coupon(t, targets.get(t.id, frozenset()), mc.id, mc.expires_at) for mc, t in wallet
        ]
        usable = coupons if only is None else [c for c in coupons if c.id in set(only)]
        settlement = settle(lines, usable, now=now, store_id=store_id)
        applied = {a.coupon_id: a for a in settlement.chosen}
        why = {n.coupon_id: n.explanation for n in settlement.not_applied}
        line_discounts = [0] * len(lines)
        for chosen in settlement.chosen:
            for index, share in chosen.shares.items():
                line_discounts[index] += share
        quote_coupons = []
        for mc, t in wallet:
            a = applied.get(mc.id)
            if a is not None:
                quote_coupons.append(
                    QuoteCoupon(mc.id, t.code, t.title, t.title_en, a.discount_fen, True, "", {})
                )
            else:
                e = why.get(mc.id)
                reason, params = (e.code.value, dict(e.params)) if e else ("not_selected", {})
                quote_coupons.append(
                    QuoteCoupon(mc.id, t.code, t.title, t.title_en, 0, False, reason, params)
                )
        quote = Quote(
            lines=tuple(
                QuoteLine(p.code, p.name, p.name_en, line.unit_price_fen, line.quantity, d, total)
                for p, line, d, total in zip(
                    products, lines, line_discounts, settlement.line_totals, strict=True
                )
            ),
            coupons=tuple(quote_coupons),
            subtotal_fen=settlement.subtotal_fen,
            discount_fen=settlement.discount_fen,
            total_fen=settlement.total_fen,
            exact=settlement.exact,
        )
        return quote, settlement, products, store_id

    def quote(
        self,
        items: Items,
        member_id: int | None,
        store_code: str,
        only: Sequence[int] | None = None,
        now: datetime | None = None,
    ) -> Quote:
        """The best settlement; ``only`` limits it to the coupons the cashier kept ticked."""
        with self._sessions() as session:
            return self._price(session, items, member_id, store_code, only, now or utcnow())[0]

    def quote_in(self, session: Session, items: Items, member_id: int | None, store_code: str,
                 now: datetime) -> Quote:
        """``quote`` inside the caller's session (the till prices each basket change in one)."""
        return self._price(session, items, member_id, store_code, None, now)[0]

    def pay(
        self,
        items: Items,
        member_id: int | None,
        store_code: str,
        method: str,
        *,
        reference: str = "",
        tendered_fen: int = 0,
        only: Sequence[int] | None = None,
        operator_id: int | None = None,
        expected_total_fen: int | None = None,
        now: datetime | None = None,
    ) -> OrderReceipt:
        """Record the payment and the order; the coupons used are marked in the same transaction.

        ``expected_total_fen`` is what the cashier showed the customer: if prices or
        coupons changed since, nothing is written and TOTAL_CHANGED says so.
        """
        now = now or utcnow()
        try:
            payment = PaymentMethod(method)
        except ValueError:
            raise DeskError(ErrorCode.BAD_PAYMENT, method=method) from None
        with unit_of_work(self._sessions) as session:
            quote, settlement, products, store_id = self._price(
                session, items, member_id, store_code, only, now
            )
            if expected_total_fen is not None and expected_total_fen != quote.total_fen:
                raise DeskError(
                    ErrorCode.TOTAL_CHANGED, shown_fen=expected_total_fen, now_fen=quote.total_fen
                )
            if payment is PaymentMethod.CASH and tendered_fen < quote.total_fen:
                raise DeskError(
                    ErrorCode.NOT_ENOUGH_CASH, tendered_fen=tendered_fen, total_fen=quote.total_fen
                )
            if payment is not PaymentMethod.CASH and not reference.strip():
                raise DeskError(ErrorCode.BAD_PAYMENT, method=method, reason="reference_missing")
            order = Order(
                number=f"{now:%Y%m%d%H%M%S}-{secrets.token_hex(2).upper()}",
                store_id=store_id,
                operator_id=operator_id,
                member_id=member_id,
                subtotal_fen=quote.subtotal_fen,
                discount_fen=quote.discount_fen,
                total_fen=quote.total_fen,
                payment_method=payment,
                payment_reference=reference.strip(),
                tendered_fen=tendered_fen if payment is PaymentMethod.CASH else 0,
                created_at=now,
            )
            session.add(order)
            session.flush()
            for product, line in zip(products, quote.lines, strict=True):
                session.add(
                    OrderLine(
                        order_id=order.id,
                        product_id=product.id,
                        code=line.code,
                        name=line.name,
                        unit_price_fen=line.unit_price_fen,
                        quantity=line.quantity,
                        discount_fen=line.discount_fen,
                        total_fen=line.total_fen,
                    )
                )
            for applied in settlement.chosen:
                used = session.execute(
                    update(MemberCoupon)
                    .where(
                        MemberCoupon.id == applied.coupon_id, MemberCoupon.state == MemberCouponState.CLAIMED
                    )
                    .values(state=MemberCouponState.USED, used_at=now)
                )
                if used.rowcount != 1:  # type: ignore[attr-defined]
                    raise DeskError(ErrorCode.COUPON_ALREADY_USED, member_coupon_id=applied.coupon_id)
                session.add(
                    OrderCoupon(
                        order_id=order.id,
                        member_coupon_id=applied.coupon_id,
                        discount_fen=applied.discount_fen,
                    )
                )
            record_audit(
                session,
                "order_paid",
                subject=order.number,
                detail={"total_fen": order.total_fen, "method": payment.value},
                operator_id=operator_id,
            )
            emit_event(
                session,
                "order.paid",
                {
                    "order_number": order.number,
                    "store_code": store_code,
                    "total_fen": order.total_fen,
                    "discount_fen": order.discount_fen,
                    "member_id": member_id,
                    "coupons": [a.coupon_id for a in settlement.chosen],
                },
            )
            store = session.get(Store, store_id)
            operator = session.get(Operator, operator_id) if operator_id is not None else None
            member = session.get(Member, member_id) if member_id is not None else None
            assert store is not None
            return OrderReceipt(
                order_id=order.id,
                number=order.number,
                created_at=now,
                store_name=store.name,
                operator_name=operator.name if operator else "",
                member=MemberInfo(member.id, member.member_code, member.name, mask_phone(member.phone))
                if member
                else None,
                quote=quote,
                payment_method=payment.value,
                payment_reference=order.payment_reference,
                tendered_fen=order.tendered_fen,
                change_fen=order.tendered_fen - order.total_fen if payment is PaymentMethod.CASH else 0,
            )

    def refund(self, order_number: str, operator_id: int | None = None, now: datetime | None = None) -> int:
        """Refund a paid order; its coupons go back to the member's wallet. Returns how many."""
        now = now or utcnow()
        with unit_of_work(self._sessions) as session:
            done = session.execute(
                update(Order)
                .where(Order.number == order_number, Order.status == OrderStatus.PAID)
                .values(status=OrderStatus.REFUNDED, refunded_at=now)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                exists = session.scalar(select(Order.id).where(Order.number == order_number))
                raise DeskError(
                    ErrorCode.ORDER_NOT_REFUNDABLE if exists else ErrorCode.UNKNOWN_ORDER, number=order_number
                )
            order_id = session.scalar(select(Order.id).where(Order.number == order_number))
            coupon_ids = list(
                session.scalars(select(OrderCoupon.member_coupon_id).where(OrderCoupon.order_id == order_id))
            )
            if coupon_ids:
                session.execute(
                    update(MemberCoupon)
                    .where(MemberCoupon.id.in_(coupon_ids), MemberCoupon.state == MemberCouponState.USED)
                    .values(state=MemberCouponState.CLAIMED, used_at=None)
                )
            record_audit(
                session,
                "order_refunded",
                subject=order_number,
                detail={"coupons_released": coupon_ids},
                operator_id=operator_id,
            )
            emit_event(session, "order.refunded", {"order_number": order_number, "coupons": coupon_ids})
            return len(coupon_ids)

    def orders(self, text: str = "", limit: int = 200) -> list[OrderSummary]:
        """Newest first; ``text`` matches the order number, a member code or a product code."""
        key = text.strip()
        items = (
            select(func.coalesce(func.sum(OrderLine.quantity), 0))
            .where(OrderLine.order_id == Order.id)
            .scalar_subquery()
        )
        query = (
            select(Order, Member.member_code, Operator.name, items)
            .outerjoin(Member, Order.member_id == Member.id)
            .outerjoin(Operator, Order.operator_id == Operator.id)
        )
        if key:
            by_product = select(OrderLine.order_id).where(OrderLine.code == key)
            query = query.where(
                or_(Order.number.like(f"%{key}%"), Member.member_code == key.upper(), Order.id.in_(by_product))
            )
        with self._sessions() as session:
            rows = session.execute(query.order_by(Order.id.desc()).limit(limit)).all()
            return [
                OrderSummary(o.number, o.created_at, o.total_fen, o.discount_fen, int(n), o.payment_method.value,
                             o.status.value, code or "", op or "")
                for o, code, op, n in rows
            ]
