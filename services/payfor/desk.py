"""The desk side of pay-for-another orders (issue 14; docs/payments.md).

The cashier turns a basket into an order "paid by someone else": the recipient is the member at
the counter or a phone number, the payer a member (found by card/phone) or a phone number. The
order goes to the server through the outbox (`payfor.create`); the server answers through the
feed (`payfor.requested` with the payer's link — the customer display shows it as a QR —,
`payfor.paid`, `payfor.closed` / `payfor.cancelled`, `payfor.tracking`), applied here by
FEED_HANDLERS. A recipient with no contact at all is refused before anything is sent.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from models import Member
from models.base import utcnow
from models.payfor import PayForOrderRow
from services.core.journal import emit_event
from services.core.masking import mask_phone

PHONE = re.compile(r"^1\d{10}$")
OPEN = ("sent", "awaiting_payer")


class PayForProblem(Exception):
    """code: recipient_no_contact | payer_unknown | payer_is_recipient | empty_basket |
    unknown_order | not_awaiting_payer | bad_phone"""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Party:
    """A member (by id) or just a phone number."""

    member_id: int | None = None
    phone: str = ""


@dataclass(frozen=True)
class GoodsLine:
    name: str
    qty: int
    unit_fen: int


@dataclass(frozen=True)
class PayForRecord:
    order_no: str
    state: str
    amount_fen: int
    goods: tuple[GoodsLine, ...]
    recipient_member_id: int | None
    recipient: str  # name or masked phone
    payer: str
    pay_url: str
    contact_kind: str
    requests_sent: int
    delivery_status: str
    tracking_no: str
    created_at: datetime
    paid_at: datetime | None


def _record(r: PayForOrderRow) -> PayForRecord:
    return PayForRecord(
        r.order_no, r.state, r.amount_fen, tuple(GoodsLine(g["name"], g["qty"], g["unit_fen"]) for g in r.goods),
        r.recipient_member_id, r.recipient_name or mask_phone(r.recipient_phone),
        r.payer_name or mask_phone(r.payer_phone), r.pay_url, r.contact_kind, r.requests_sent,
        r.delivery_status, r.tracking_no, r.created_at, r.paid_at,
    )


def _party(session: Session, who: Party, role: str) -> tuple[Member | None, str]:
    if who.member_id is not None:
        member = session.get(Member, who.member_id)
        if member is None:
            raise PayForProblem("payer_unknown" if role == "payer" else "recipient_no_contact", "no such member")
        return member, member.phone
    phone = "".join(ch for ch in who.phone if ch.isdigit())
    if not phone:
        raise PayForProblem("payer_unknown" if role == "payer" else "recipient_no_contact")
    if not PHONE.match(phone):
        raise PayForProblem("bad_phone", mask_phone(phone))
    return None, phone


class PayForDesk:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def send(self, goods: Sequence[GoodsLine], recipient: Party, payer: Party, *, address: str = "",
             locale: str = "zh", bind_contact: str = "") -> PayForRecord:
        """Queue the order for the server (one transaction: the desk row and the outbox event)."""
        if not goods or any(g.qty <= 0 or g.unit_fen < 0 for g in goods):
            raise PayForProblem("empty_basket")
        amount = sum(g.qty * g.unit_fen for g in goods)
        if amount <= 0:
            raise PayForProblem("empty_basket")
        with self._sessions.begin() as session:
            r_member, r_phone = _party(session, recipient, "recipient")
            p_member, p_phone = _party(session, payer, "payer")
            if (r_member is not None and p_member is not None and r_member.id == p_member.id) or r_phone == p_phone:
                raise PayForProblem("payer_is_recipient")
            order_no = "PF-" + utcnow().strftime("%y%m%d") + "-" + secrets.token_hex(4).upper()
            lines = [{"name": g.name[:80], "qty": g.qty, "unit_fen": g.unit_fen} for g in goods]
            row = PayForOrderRow(
                order_no=order_no, recipient_member_id=r_member.id if r_member else None,
                recipient_name=r_member.name if r_member else "", recipient_phone=r_phone,
                payer_member_id=p_member.id if p_member else None, payer_name=p_member.name if p_member else "",
                payer_phone=p_phone, goods=lines, amount_fen=amount, state="sent",
            )
            session.add(row)
            emit_event(session, "payfor.create", {
                "order_no": order_no,
                "recipient": {"key": f"member-{r_member.member_code}" if r_member else "",
                              "name": r_member.name if r_member else "", "phone": r_phone,
                              "address": address, "bind_contact": bind_contact},
                "payer": {"key": f"member-{p_member.member_code}" if p_member else "",
                          "name": p_member.name if p_member else "", "phone": p_phone},
                "goods": lines, "amount_fen": amount, "locale": locale,
            })
            session.flush()
            return _record(row)

    def _order_event(self, order_no: str, topic: str, **extra: Any) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(select(PayForOrderRow).where(PayForOrderRow.order_no == order_no))
            if row is None:
                raise PayForProblem("unknown_order", order_no)
            if row.state not in OPEN:
                raise PayForProblem("not_awaiting_payer", row.state)
            emit_event(session, topic, {"order_no": order_no, **extra})

    def resend(self, order_no: str) -> None:
        """A new payer link and message (the old link stops working)."""
        self._order_event(order_no, "payfor.resend")

    def cancel(self, order_no: str) -> None:
        self._order_event(order_no, "payfor.cancel")

    def ship(self, order_no: str, courier_code: str, tracking_no: str) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(select(PayForOrderRow).where(PayForOrderRow.order_no == order_no))
            if row is None or row.state != "paid":
                raise PayForProblem("unknown_order" if row is None else "not_paid", order_no)
            emit_event(session, "payfor.ship",
                       {"order_no": order_no, "courier_code": courier_code, "tracking_no": tracking_no})

    def _list(self, *where: Any) -> list[PayForRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(PayForOrderRow).where(*where)
                                   .order_by(PayForOrderRow.created_at.desc(), PayForOrderRow.id.desc()))
            return [_record(r) for r in rows]

    def awaiting_payer(self) -> list[PayForRecord]:
        return self._list(PayForOrderRow.state.in_(OPEN))

    def paid_for_another(self) -> list[PayForRecord]:
        return self._list(PayForOrderRow.state == "paid")

    def for_member(self, member_id: int) -> list[PayForRecord]:
        """Orders this member received (paid by someone else): their history on the desk."""
        return self._list(PayForOrderRow.recipient_member_id == member_id, PayForOrderRow.state == "paid")

    def get(self, order_no: str) -> PayForRecord:
        with self._sessions() as session:
            row = session.scalar(select(PayForOrderRow).where(PayForOrderRow.order_no == order_no))
            if row is None:
                raise PayForProblem("unknown_order", order_no)
            return _record(row)


# ---------------------------------------------------------------- feed → desk rows


def _set(session: Session, payload: dict[str, Any], *states: str, **values: Any) -> None:
    stmt = update(PayForOrderRow).where(PayForOrderRow.order_no == str(payload.get("order_no", "")))
    if states:
        stmt = stmt.where(PayForOrderRow.state.in_(states))
    session.execute(stmt.values(**values).execution_options(synchronize_session=False))


def _requested(session: Session, p: dict[str, Any]) -> None:
    _set(session, p, *OPEN, state="awaiting_payer", pay_url=str(p.get("pay_url", ""))[:300],
         contact_kind=str(p.get("contact_kind", ""))[:10], requests_sent=int(p.get("requests_sent", 1)))


def _paid(session: Session, p: dict[str, Any]) -> None:
    paid_at = datetime.fromisoformat(str(p["paid_at"])) if p.get("paid_at") else utcnow()
    _set(session, p, state="paid", paid_at=paid_at, pay_url="")


def _tracking(session: Session, p: dict[str, Any]) -> None:
    _set(session, p, delivery_status=str(p.get("status", ""))[:20], tracking_no=str(p.get("tracking_no", ""))[:40],
         courier_code=str(p.get("courier_code", ""))[:20])


FEED_HANDLERS = {
    "payfor.requested": _requested,
    "payfor.paid": _paid,
    "payfor.closed": lambda s, p: _set(s, p, *OPEN, state="closed", pay_url=""),
    "payfor.cancelled": lambda s, p: _set(s, p, *OPEN, state="cancelled", pay_url=""),
    "payfor.tracking": _tracking,
}
