"""The member's own phone page (server/web/members.py) gets "My received orders": the
pay-for-another orders this member received, each with its status and a link to its order page
(tracking, courier) — the recipient's browsable history (claim 6)."""

from __future__ import annotations

from sqlalchemy import select

from server.members import MemberSection, SectionContext, SectionItem
from server.payfor import STATUS_TEXT, goods_summary, order_token
from server.payfor_tables import PayForOrder


def _received(ctx: SectionContext) -> list[SectionItem]:
    rows = ctx.session.scalars(
        select(PayForOrder)
        .where(PayForOrder.store_code == ctx.member.store_code,
               PayForOrder.recipient_key == ctx.member.member_key, PayForOrder.state == "paid")
        .order_by(PayForOrder.paid_at.desc(), PayForOrder.id.desc())
        .limit(50)
    )
    base = ctx.settings.public_base_url.rstrip("/")
    items = []
    for o in rows:
        zh, en = STATUS_TEXT.get(o.delivery_status, (o.delivery_status,) * 2)
        items.append(SectionItem(
            title=f"订单 {o.order_no} · Order",
            text=f"{goods_summary(o.goods)} — {zh} · {en}" + (f" ({o.courier_code} {o.tracking_no})"
                                                               if o.tracking_no else ""),
            when=o.paid_at,
            url=f"{base}/payfor/order/{order_token(ctx.db.link_secret, o.id)}",
            link_text="订单与物流 · Order and tracking",
        ))
    return items


def received_orders_section() -> MemberSection:
    return MemberSection(
        key="payfor_orders",
        title_zh="我收到的订单",
        title_en="Orders paid for me",
        empty_zh="还没有别人为您付款的订单。",
        empty_en="No orders paid for you by someone else yet.",
        load=_received,
        order=20,
    )
