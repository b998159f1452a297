"""Receipts of stored orders: the reprint from the Orders page reads the order, not the till's memory."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import (
    CouponTemplate,
    Member,
    MemberCoupon,
    Operator,
    Order,
    OrderCoupon,
    OrderLine,
    Product,
    Store,
)
from services.core.errors import DeskError, ErrorCode
from services.core.masking import mask_phone
from services.receipts.model import ReceiptCoupon, ReceiptData, ReceiptLine


class ReceiptRecords:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def receipt(self, number: str, language: str = "zh_CN", *, reprint: bool = True) -> tuple[ReceiptData, str]:
        """The order's receipt and its store's name; UNKNOWN_ORDER when there is no such order."""
        zh = language.startswith("zh")
        with self._sessions() as s:
            order = s.scalar(select(Order).where(Order.number == number.strip()))
            if order is None:
                raise DeskError(ErrorCode.UNKNOWN_ORDER, number=number)
            store = s.get(Store, order.store_id)
            operator = s.get(Operator, order.operator_id) if order.operator_id is not None else None
            member = s.get(Member, order.member_id) if order.member_id is not None else None
            rows = s.execute(
                select(OrderLine, Product.name_en)
                .join(Product, Product.id == OrderLine.product_id)
                .where(OrderLine.order_id == order.id)
                .order_by(OrderLine.id)
            ).all()
            coupons = s.execute(
                select(OrderCoupon.discount_fen, CouponTemplate.title, CouponTemplate.title_en)
                .join(MemberCoupon, MemberCoupon.id == OrderCoupon.member_coupon_id)
                .join(CouponTemplate, CouponTemplate.id == MemberCoupon.template_id)
                .where(OrderCoupon.order_id == order.id)
                .order_by(OrderCoupon.id)
            ).all()
            cash = order.payment_method.value == "cash"
            # A group checkout (services/groupbuy/checkout.py) takes the member's share of the group's
            # saving off the total after the lines: it is the discount no line carries.
            group_share = order.discount_fen - sum(line.discount_fen for line, _ in rows)
            group = ([ReceiptCoupon(f"{'拼单' if zh else 'Group buy'} G{int(order.number[1:].split('-')[0]):06d}",
                                    group_share)] if group_share > 0 and order.number.startswith("G") else [])  # fmt: skip
            data = ReceiptData(
                number=order.number,
                created_at=order.created_at,
                operator_name=operator.name if operator else "",
                member_code=member.member_code if member else "",
                member_phone_masked=mask_phone(member.phone) if member else "",
                lines=tuple(
                    ReceiptLine(line.name if zh or not name_en else name_en, line.quantity, line.unit_price_fen,
                                line.discount_fen, line.total_fen)
                    for line, name_en in rows
                ),
                coupons=tuple(ReceiptCoupon(title if zh or not title_en else title_en, fen)
                              for fen, title, title_en in coupons) + tuple(group),
                subtotal_fen=order.subtotal_fen,
                discount_fen=order.discount_fen,
                total_fen=order.total_fen,
                payment_method=order.payment_method.value,
                payment_reference=order.payment_reference,
                tendered_fen=order.tendered_fen,
                change_fen=order.tendered_fen - order.total_fen if cash else 0,
                reprint=reprint,
            )
            return data, store.name if store else ""
