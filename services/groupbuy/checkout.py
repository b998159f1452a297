"""Group checkout at the till: a formed group's pooled basket settled in one checkout.

The cashier scans the group's code (``G000012``) and each accepted member's items. Each member's
basket is priced by the ordinary checkout (services/checkout/settle.py: catalogue prices, the
member's own coupons); the group's promotion is then applied once, to the pooled total, and its
saving is split by the engine's largest-remainder rule in proportion to each member's total.
Every member gets an order of their own (their items, their share as a discount on their receipt)
and pays their own part; all the orders are written in one transaction, or none.

Two counters settling the same group: the group leaves ``succeeded`` for ``settled`` by a
conditional UPDATE inside that transaction, so the slower counter writes nothing and is told
GROUP_NOT_PAYABLE. A group that is not settled within ``SETTLE_WINDOW`` of forming expires; any
order paid toward an expired group (its number starts with the group's prefix) is refunded through
the checkout's own refund, coupons back in the wallet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from models import GroupBuyGroup, GroupBuyMember, Member, Order, Store
from models.base import utcnow
from models.db import unit_of_work
from models.groupbuy import Answer, GroupState
from models.orders import OrderStatus
from services.checkout.records import OrderReceipt, Quote
from services.checkout.settle import CheckoutService, Items
from services.core.errors import DeskError
from services.core.journal import emit_event, record_audit
from services.core.masking import mask_name
from services.core.money import split_largest_remainder
from services.groupbuy.events import SETTLE_WINDOW, group_event
from services.groupbuy.service import GroupBuyError, changed, promotion_from_json

__all__ = ["SETTLE_WINDOW", "GroupCheckoutService", "Payment", "group_code", "parse_group_code"]

_CODE = re.compile(r"^G(\d{1,9})$")


def group_code(group_id: int) -> str:
    """What the group's members show at the till (and the desk page prints as a barcode)."""
    return f"G{group_id:06d}"


def parse_group_code(text: str) -> int | None:
    """The group id in a scanned ``G…`` code, None when ``text`` is not one."""
    match = _CODE.match(text.strip().upper())
    return int(match.group(1)) if match else None


def order_prefix(group_id: int) -> str:
    return f"G{group_id}"


@dataclass(frozen=True)
class MemberPart:
    member_id: int
    name: str  # masked
    quote: Quote  # their own basket, priced by the ordinary checkout
    share_fen: int  # their share of the group's saving
    due_fen: int  # quote.total_fen - share_fen: what they pay


@dataclass(frozen=True)
class GroupQuote:
    group_id: int
    code: str
    pooled_fen: int  # Σ members' totals after their coupons
    items: int
    saving_fen: int  # the promotion, applied once to the pooled total
    parts: tuple[MemberPart, ...]

    @property
    def due_fen(self) -> int:
        return sum(p.due_fen for p in self.parts)


@dataclass(frozen=True)
class Payment:
    method: str
    reference: str = ""
    tendered_fen: int = 0


@dataclass(frozen=True)
class GroupReceipt:
    quote: GroupQuote
    receipts: tuple[OrderReceipt, ...]  # one per member, in the quote's order


class GroupCheckoutService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        checkout: CheckoutService,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._checkout = checkout
        self._clock = clock

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def quote(self, group_id: int, baskets: Mapping[int, Items], store_code: str) -> GroupQuote:
        """The pooled settlement the cashier shows; GROUP_CLOSED unless the group has formed."""
        with self._sessions() as session:
            return self._quote(session, group_id, baskets, store_code, self._now())

    def pay(
        self,
        group_id: int,
        baskets: Mapping[int, Items],
        payments: Mapping[int, Payment],
        store_code: str,
        *,
        operator_id: int | None = None,
        expected_due_fen: Mapping[int, int] | None = None,
    ) -> GroupReceipt:
        """Settle the group: one order per member, all in one transaction; each pays their own part.

        ``expected_due_fen`` is what the cashier showed each member; if anything changed since,
        nothing is written and TOTAL_CHANGED says so (from the checkout).
        """
        now = self._now()
        with unit_of_work(self._sessions) as session:
            gq = self._quote(session, group_id, baskets, store_code, now)
            missing = [p.member_id for p in gq.parts if p.member_id not in payments]
            if missing or set(payments) - {p.member_id for p in gq.parts}:
                raise GroupBuyError(GroupBuyError.BAD_GROUP_BASKET, group_id=group_id, field="payments",
                                    members=sorted(set(payments) ^ {p.member_id for p in gq.parts}))  # fmt: skip
            won = changed(
                session,
                update(GroupBuyGroup)
                .where(GroupBuyGroup.id == group_id, GroupBuyGroup.state == GroupState.SUCCEEDED.value)
                .values(state=GroupState.SETTLED.value),
            )
            if not won:  # another counter settled it (or it expired) since the quote
                state = session.scalar(select(GroupBuyGroup.state).where(GroupBuyGroup.id == group_id))
                raise GroupBuyError(GroupBuyError.GROUP_NOT_PAYABLE, group_id=group_id, state=state or "")
            receipts = []
            for part in gq.parts:
                pay = payments[part.member_id]
                shown = None if expected_due_fen is None else expected_due_fen.get(part.member_id)
                receipts.append(self._checkout.pay_in(
                    session, baskets[part.member_id], part.member_id, store_code, pay.method,
                    reference=pay.reference, tendered_fen=pay.tendered_fen, operator_id=operator_id,
                    expected_total_fen=shown, now=now, extra_discount_fen=part.share_fen,
                    number=f"{order_prefix(group_id)}-{part.member_id}",
                ))  # fmt: skip
            record_audit(session, "groupbuy_settled", subject=f"group-{group_id}",
                         detail={"orders": [r.number for r in receipts], "saving_fen": gq.saving_fen},
                         operator_id=operator_id)  # fmt: skip
            emit_event(session, "groupbuy.settled", {
                **group_event(session, group_id),
                "orders": {str(p.member_id): r.number for p, r in zip(gq.parts, receipts, strict=True)},
                "paid_saving_fen": gq.saving_fen,
                "paid_shares_fen": {str(p.member_id): p.share_fen for p in gq.parts},
            })  # fmt: skip
            return GroupReceipt(gq, tuple(receipts))

    def expire_unsettled(self) -> list[int]:
        """Formed groups not paid together within SETTLE_WINDOW expire; returns their ids."""
        now = self._now()
        with self._sessions() as session:
            due = list(session.scalars(
                select(GroupBuyGroup.id).where(GroupBuyGroup.state == GroupState.SUCCEEDED.value,
                                               GroupBuyGroup.decided_at <= now - SETTLE_WINDOW)
            ))  # fmt: skip
        expired = []
        for group_id in due:
            with unit_of_work(self._sessions) as session:
                if changed(
                    session,
                    update(GroupBuyGroup)
                    .where(GroupBuyGroup.id == group_id, GroupBuyGroup.state == GroupState.SUCCEEDED.value)
                    .values(state=GroupState.EXPIRED.value, decided_at=now),
                ):
                    record_audit(session, "groupbuy_expired", subject=f"group-{group_id}",
                                 detail={"why": "not_settled"})  # fmt: skip
                    emit_event(
                        session, "groupbuy.expired", {**group_event(session, group_id), "why": "not_settled"}
                    )
                    expired.append(group_id)
        for group_id in expired:
            self.refund_expired(group_id)
        return expired

    def cancel(self, group_id: int, *, operator_id: int | None = None) -> list[str]:
        """Undo a settled group (the goods came back): the group expires and every member is refunded."""
        now = self._now()
        with unit_of_work(self._sessions) as session:
            if not changed(
                session,
                update(GroupBuyGroup)
                .where(GroupBuyGroup.id == group_id, GroupBuyGroup.state == GroupState.SETTLED.value)
                .values(state=GroupState.EXPIRED.value, decided_at=now),
            ):
                state = session.scalar(select(GroupBuyGroup.state).where(GroupBuyGroup.id == group_id))
                if state is None:
                    raise GroupBuyError(GroupBuyError.UNKNOWN_GROUP, group_id=group_id)
                raise GroupBuyError(GroupBuyError.GROUP_NOT_PAYABLE, group_id=group_id, state=state)
            record_audit(session, "groupbuy_cancelled", subject=f"group-{group_id}", operator_id=operator_id)
            emit_event(session, "groupbuy.expired", {**group_event(session, group_id), "why": "cancelled"})
        return self.refund_expired(group_id, operator_id=operator_id)

    def refund_expired(self, group_id: int, *, operator_id: int | None = None) -> list[str]:
        """Refund every order still paid toward ``group_id`` once it has expired; returns their numbers.

        Idempotent: each refund is the checkout's conditional UPDATE, so a second run (or another
        desk) refunds nothing twice.
        """
        with self._sessions() as session:
            state = session.scalar(select(GroupBuyGroup.state).where(GroupBuyGroup.id == group_id))
            if state is None:
                raise GroupBuyError(GroupBuyError.UNKNOWN_GROUP, group_id=group_id)
            if state != GroupState.EXPIRED.value:
                raise GroupBuyError(GroupBuyError.GROUP_NOT_PAYABLE, group_id=group_id, state=state)
            numbers = list(session.scalars(
                select(Order.number).where(Order.number.like(f"{order_prefix(group_id)}-%"),
                                           Order.status == OrderStatus.PAID).order_by(Order.id)
            ))  # fmt: skip
        refunded = []
        for number in numbers:
            try:
                self._checkout.refund(number, operator_id=operator_id, now=self._now())
            except DeskError:  # refunded meanwhile by someone else
                continue
            refunded.append(number)
        return refunded

    # ------------------------------------------------------------------ helpers

    def _quote(
        self, session: Session, group_id: int, baskets: Mapping[int, Items], store_code: str, now: datetime
    ) -> GroupQuote:
        group = session.get(GroupBuyGroup, group_id)
        if group is None:
            raise GroupBuyError(GroupBuyError.UNKNOWN_GROUP, group_id=group_id)
        if group.state != GroupState.SUCCEEDED.value:
            raise GroupBuyError(GroupBuyError.GROUP_NOT_PAYABLE, group_id=group_id, state=group.state)
        if (
            session.scalar(select(Store.id).where(Store.id == group.store_id, Store.code == store_code))
            is None
        ):
            raise GroupBuyError(GroupBuyError.UNKNOWN_STORE, store_id=store_code)
        rows = session.execute(
            select(GroupBuyMember.member_id, Member.name)
            .join(Member, Member.id == GroupBuyMember.member_id)
            .where(GroupBuyMember.group_id == group_id, GroupBuyMember.answer == Answer.ACCEPTED.value)
            .order_by(GroupBuyMember.id)
        ).all()
        members = [m for m, _ in rows]
        if set(baskets) != set(members):
            raise GroupBuyError(GroupBuyError.BAD_GROUP_BASKET, group_id=group_id, field="baskets",
                                members=sorted(set(baskets) ^ set(members)))  # fmt: skip
        quotes = [self._checkout.quote_in(session, baskets[m], m, store_code, now=now) for m in members]
        pooled = sum(q.total_fen for q in quotes)
        items = sum(line.quantity for q in quotes for line in q.lines)
        saving = min(promotion_from_json(group.promotion).saving(pooled, items), pooled)
        shares = split_largest_remainder(
            saving, [q.total_fen for q in quotes] if pooled else [1] * len(quotes)
        )
        parts = tuple(
            MemberPart(m, mask_name(name), q, share, q.total_fen - share)
            for (m, name), q, share in zip(rows, quotes, shares, strict=True)
        )
        return GroupQuote(group_id, group_code(group_id), pooled, items, saving, parts)


def settled_orders(sessions: sessionmaker[Session], group_id: int) -> Sequence[str]:
    """The order numbers paid toward a group (any status), oldest first."""
    with sessions() as session:
        return list(session.scalars(
            select(Order.number).where(Order.number.like(f"{order_prefix(group_id)}-%")).order_by(Order.id)
        ))  # fmt: skip
