"""Pay-for-another orders (issue 14): a recipient's order paid by someone else.

Flow: the desk sends `payfor.create` through its outbox → the order (awaiting_payer), the
recipient's contact resolved by the receipt-assist chain and recorded, a single-use payer link
(24 h, revocable) in a payment request message → the payer's page opens a payment at the gateway →
`payment.paid` (this module's `on_payment_change`, inside the payment's transaction) makes the
order the recipient's: receipt-assist notice to the recipient, "paid" to the payer, `payfor.paid`
to the desk. Delivery updates come from the courier (`record_tracking`): each one goes to the
recipient; the payer hears only "delivered". Unpaid at expiry (or cancelled) → closing → the
payment closed at the gateway → closed, recipient told (`PayFor.sweep`, a thread).
"""

from __future__ import annotations

import base64
import hmac
import logging
import threading
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.db import ServerDatabase, affected
from server.delivery.notify import Rejected
from server.errors import ApiError
from server.links import consume, create_link, link_row, revoke
from server.payfor_tables import PayForOrder, PayForTracking
from server.payment_views import PaymentChange
from server.payments import Payments
from server.receipt_assist import (
    PHONE,
    ContactResolution,
    bind_contact,
    phone_key,
    queue_notice,
    resolve_contact,
)
from server.settings import ServerSettings
from server.stations import StationIdentity
from server.tables import Link
from services.core.masking import mask_name, mask_phone

log = logging.getLogger(__name__)

CREATE_TOPIC = "payfor.create"
RESEND_TOPIC = "payfor.resend"
CANCEL_TOPIC = "payfor.cancel"
SHIP_TOPIC = "payfor.ship"
PAY_PURPOSE = "payfor_pay"
ORDER_PURPOSE = "payfor_order"
ORDER_LINK_TTL_S = 180 * 86400
OPEN_STATES = ("awaiting_payer", "closing", "cancelling")
DELIVERY_STATUSES = ("shipped", "in_transit", "out_for_delivery", "delivered", "failed")
STATUS_TEXT = {
    "": ("待发货", "awaiting dispatch"),
    "shipped": ("已发货", "shipped"),
    "in_transit": ("运输中", "in transit"),
    "out_for_delivery": ("派送中", "out for delivery"),
    "delivered": ("已签收", "delivered"),
    "failed": ("派送失败", "delivery failed"),
}

M = TypeVar("M", bound=BaseModel)
Text = Annotated[str, Field(max_length=80, pattern=r"^[^\x00-\x1f\x7f]*$")]
Phone = Annotated[str, Field(pattern=r"^(1\d{10})?$")]


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(default="", max_length=80, pattern=r"^[\x21-\x7e]*$")
    name: Text = ""
    phone: Phone = ""


class RecipientIn(PartyIn):
    address: str = Field(default="", max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")
    # A contact the payer binds for this recipient (claim 3): an Apprise URL.
    bind_contact: str = Field(default="", max_length=500)


class GoodsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1)
    qty: int = Field(gt=0, le=999)
    unit_fen: int = Field(ge=0, le=10_000_000)


class CreateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_no: str = Field(pattern=r"^PF-[A-Za-z0-9-]{4,36}$")
    recipient: RecipientIn
    payer: PartyIn
    goods: list[GoodsIn] = Field(min_length=1, max_length=50)
    amount_fen: int = Field(gt=0, le=100_000_000)
    locale: str = Field(default="zh", pattern=r"^(zh|en)$")
    ttl_s: int = Field(default=86400, ge=60, le=86400)


class OrderNoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_no: str = Field(pattern=r"^PF-[A-Za-z0-9-]{4,36}$")


class ShipIn(OrderNoIn):
    courier_code: str = Field(pattern=r"^[A-Z0-9]{2,20}$")
    tracking_no: str = Field(pattern=r"^[\x21-\x7e]{6,40}$")


def _parse(model: type[M], payload: dict[str, Any]) -> M:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise Rejected(f"payload.{where}: {first.get('msg', 'invalid')}") from exc


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def mask_address(address: str) -> str:
    """Enough of an address for the payer to recognise it, not to find the door: the first third."""
    keep = max(2, len(address) // 3) if len(address) > 2 else len(address)
    return address[:keep] + ("****" if len(address) > keep else "")


def goods_summary(goods: list[dict[str, Any]]) -> str:
    return "、".join(f"{g['name']}×{g['qty']}" for g in goods)


def order_token(secret: str, order_id: int) -> str:
    """The recipient's order page token: HMAC-derived, so every notice carries the same link."""
    mac = hmac.digest(secret.encode(), f"payfor-order:{order_id}".encode(), "sha256")
    return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")


def _base(settings: ServerSettings) -> str:
    return settings.public_base_url.rstrip("/")


def contact_of(order: PayForOrder, s: Session) -> ContactResolution:
    """The recorded resolution; a pre-bound contact's URL is looked up again (it may have changed)."""
    if order.contact_kind == "prebound":
        res = resolve_contact(s, order.store_code, recipient_key=order.contact_key,
                              recipient_phone="", payer_key=order.payer_key)
        if res.kind == "prebound":
            return res
    return ContactResolution(order.contact_kind, order.contact_key, (), order.contact_detail)


def payer_contact(order: PayForOrder) -> ContactResolution:
    return ContactResolution("server", order.payer_key, (), "payer")


def _notice(s: Session, db: ServerDatabase, settings: ServerSettings, order: PayForOrder, *,
            to_payer: bool, template: str, params: dict[str, Any], tag: str) -> str:
    contact = payer_contact(order) if to_payer else contact_of(order, s)
    return queue_notice(
        s, db, settings, station_id=order.station_id, store_code=order.store_code, contact=contact,
        name=order.payer_name if to_payer else order.recipient_name, template=template,
        params={"order_no": order.order_no, **params}, dedup_key=f"payfor:{order.id}:{tag}",
        event_id=f"pf{order.id}-{tag}", locale=order.locale,
    )


def receipt_params(s: Session, db: ServerDatabase, settings: ServerSettings, order: PayForOrder) -> dict[str, Any]:
    """The receipt-assist information (claim 7): order id, goods, logistics, courier, status."""
    zh, en = STATUS_TEXT.get(order.delivery_status, (order.delivery_status, order.delivery_status))
    return {
        "recipient_name": order.recipient_name or "您好",
        "goods": goods_summary(order.goods),
        "logistics": order.courier_code or "-",
        "tracking_no": order.tracking_no or "-",
        "courier_name": order.courier_name or "-",
        "courier_phone": order.courier_phone or "-",
        "status_zh": zh,
        "status_en": en,
        "url": f"{_base(settings)}/payfor/order/{order_token(db.link_secret, order.id)}",
    }


# ---------------------------------------------------------------- desk → server (sync topics)


def apply_create(s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity,
                 event_id: str, payload: dict[str, Any]) -> str:
    body = _parse(CreateIn, payload)
    total = sum(g.qty * g.unit_fen for g in body.goods)
    if total != body.amount_fen:
        raise Rejected(f"amount_mismatch: the goods add up to {total} fen, not {body.amount_fen}")
    r, p = body.recipient, body.payer
    recipient_key = r.key or (phone_key(r.phone) if r.phone else "")
    payer_key = p.key or (phone_key(p.phone) if p.phone else "")
    if not payer_key:
        raise Rejected("payer_unknown: the payer needs a member key or a phone number")
    if not recipient_key:
        raise Rejected("recipient_no_contact: the recipient has no member key and no phone number")
    if payer_key == recipient_key or (p.phone and p.phone == r.phone):
        raise Rejected("payer_is_recipient: the payer must be someone else")
    if s.scalar(select(PayForOrder.id).where(PayForOrder.order_no == body.order_no)) is not None:
        return f"deduplicated: order {body.order_no} exists"
    if r.bind_contact:
        import apprise

        if apprise.Apprise.instantiate(r.bind_contact) is None:
            raise Rejected("recipient.bind_contact: not an Apprise URL")
        bind_contact(s, station.store_code, payer_key, recipient_key, r.bind_contact)
    contact = resolve_contact(s, station.store_code, recipient_key=r.key, recipient_phone=r.phone,
                              payer_key=payer_key)
    if contact.kind == "none":
        raise Rejected("recipient_no_contact: no server contact, no contact bound by the payer, no phone")
    now = utcnow()
    order = PayForOrder(
        order_no=body.order_no, station_id=station.station_id, store_code=station.store_code,
        recipient_key=recipient_key, recipient_name=r.name, recipient_phone=r.phone,
        recipient_address=r.address, payer_key=payer_key, payer_name=p.name, payer_phone=p.phone,
        goods=[g.model_dump() for g in body.goods], amount_fen=body.amount_fen, locale=body.locale,
        state="awaiting_payer", contact_kind=contact.kind, contact_key=contact.key,
        contact_detail=contact.detail, created_at=now, expires_at=now + timedelta(seconds=body.ttl_s),
    )
    s.add(order)
    s.flush()
    pay_url = _request_payer(s, db, settings, order, body.ttl_s)
    db.append_feed(s, station.station_id, "payfor.requested", {
        "order_no": order.order_no, "pay_url": pay_url, "expires_at": order.expires_at.isoformat(),
        "contact_kind": contact.kind, "contact_detail": contact.detail, "requests_sent": 1,
    })
    return f"order {order.order_no} awaiting payer; recipient reached by {contact.kind}"


def _request_payer(s: Session, db: ServerDatabase, settings: ServerSettings, order: PayForOrder,
                   ttl_s: float) -> str:
    token = create_link(s, PAY_PURPOSE, f"payfor:{order.id}", ttl_s=ttl_s, max_uses=1)
    s.flush()
    order.payer_link_id = s.scalar(select(Link.id).where(Link.subject == f"payfor:{order.id}",
                                                         Link.purpose == PAY_PURPOSE,
                                                         Link.revoked_at.is_(None)).order_by(Link.id.desc()))
    url = f"{_base(settings)}/payfor/pay/{token}"
    _notice(s, db, settings, order, to_payer=True, template="payfor_request", tag=f"request{order.requests_sent}",
            params={"payer_name": order.payer_name or "您好", "recipient_name": mask_name(order.recipient_name),
                    "goods": goods_summary(order.goods), "amount": yuan(order.amount_fen), "url": url})
    return url


def apply_resend(s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity,
                 event_id: str, payload: dict[str, Any]) -> str:
    """A new payer link (the old one revoked) and a new request message; the deadline stays."""
    body = _parse(OrderNoIn, payload)
    order = _station_order(s, station, body.order_no)
    left = (order.expires_at - utcnow()).total_seconds()
    if order.state != "awaiting_payer" or left <= 0:
        raise Rejected(f"not_awaiting_payer: order {order.order_no} is {order.state}")
    won = affected(s.execute(update(PayForOrder).where(PayForOrder.id == order.id,
                                                       PayForOrder.state == "awaiting_payer")
                             .values(requests_sent=PayForOrder.requests_sent + 1)))
    if not won:
        raise Rejected(f"not_awaiting_payer: order {order.order_no} changed meanwhile")
    s.refresh(order)
    if order.payer_link_id is not None:
        revoke(s, order.payer_link_id)
    url = _request_payer(s, db, settings, order, left)
    db.append_feed(s, station.station_id, "payfor.requested", {
        "order_no": order.order_no, "pay_url": url, "expires_at": order.expires_at.isoformat(),
        "contact_kind": order.contact_kind, "contact_detail": order.contact_detail,
        "requests_sent": order.requests_sent,
    })
    return f"payment request {order.requests_sent} sent for {order.order_no}"


def apply_cancel(s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity,
                 event_id: str, payload: dict[str, Any]) -> str:
    """awaiting_payer → cancelling and the payer's link revoked now; the sweeper closes the payment
    at the gateway (a payer who was faster wins: the order is then paid, and the desk hears so)."""
    body = _parse(OrderNoIn, payload)
    order = _station_order(s, station, body.order_no)
    won = affected(s.execute(update(PayForOrder).where(PayForOrder.id == order.id,
                                                       PayForOrder.state == "awaiting_payer")
                             .values(state="cancelling")))
    if not won:
        raise Rejected(f"not_awaiting_payer: order {order.order_no} is {order.state}")
    if order.payer_link_id is not None:
        revoke(s, order.payer_link_id)
    return f"order {order.order_no} cancelling"


def apply_ship(s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity,
               event_id: str, payload: dict[str, Any]) -> str:
    """The desk handed a paid order to a courier: the logistics company and tracking number."""
    from server.delivery.courier import partner_by_code

    body = _parse(ShipIn, payload)
    order = _station_order(s, station, body.order_no)
    if order.state != "paid":
        raise Rejected(f"not_paid: order {order.order_no} is {order.state}")
    partner = partner_by_code(s, body.courier_code)
    if partner is None:
        raise Rejected(f"unknown_courier: {body.courier_code} is not a courier partner")
    if order.tracking_no:
        if order.tracking_no == body.tracking_no and order.courier_code == body.courier_code:
            return f"deduplicated: {order.order_no} already shipped"
        raise Rejected(f"already_shipped: {order.order_no} has tracking number {order.tracking_no}")
    order.courier_code = body.courier_code
    order.tracking_no = body.tracking_no
    order.delivery_status = "shipped"
    s.flush()
    _notice(s, db, settings, order, to_payer=False, template="payfor_receipt", tag="shipped",
            params=receipt_params(s, db, settings, order))
    db.append_feed(s, order.station_id, "payfor.tracking", _tracking_feed(order, "shipped", utcnow()))
    return f"order {order.order_no} shipped with {body.courier_code} {body.tracking_no}"


def _station_order(s: Session, station: StationIdentity, order_no: str) -> PayForOrder:
    order = s.scalar(select(PayForOrder).where(PayForOrder.order_no == order_no,
                                               PayForOrder.station_id == station.station_id))
    if order is None:
        raise Rejected(f"unknown_order: no order {order_no} of this station")
    return order


SYNC_HANDLERS: dict[str, Any] = {
    CREATE_TOPIC: apply_create,
    RESEND_TOPIC: apply_resend,
    CANCEL_TOPIC: apply_cancel,
    SHIP_TOPIC: apply_ship,
}


# ---------------------------------------------------------------- payment → order (handler)


def on_payment_change(s: Session, db: ServerDatabase, settings: ServerSettings, change: PaymentChange) -> None:
    """A PaymentHandler: `payment.paid` of a pay-for-another order makes it the recipient's.

    Runs inside the payment's transaction, so the recipient's notice exists iff the payment is paid.
    """
    if change.topic != "payment.paid" or not change.order_ref.startswith("PF-"):
        return
    order = s.scalar(select(PayForOrder).where(PayForOrder.order_no == change.order_ref))
    if order is None:
        return
    now = utcnow()
    won = affected(s.execute(
        update(PayForOrder).where(PayForOrder.id == order.id, PayForOrder.state.in_(OPEN_STATES))
        .values(state="paid", paid_at=now, out_trade_no=change.out_trade_no)
        .execution_options(synchronize_session=False)))
    if not won:
        # Payments emits payment.paid once per order, and only while the order may take it.
        log.warning("payfor %s: paid while %s; left to the desk", order.order_no, order.state)
        db.append_feed(s, order.station_id, "payfor.attention",
                       {"order_no": order.order_no, "problem": f"paid while {order.state}"})
        return
    s.refresh(order)
    if order.payer_link_id is not None:
        consume(s, order.payer_link_id)
    s.add(Link(**link_row(ORDER_PURPOSE, f"payfor:{order.id}", ORDER_LINK_TTL_S,
                          order_token(db.link_secret, order.id))))
    _notice(s, db, settings, order, to_payer=False, template="payfor_receipt", tag="paid",
            params=receipt_params(s, db, settings, order))
    _notice(s, db, settings, order, to_payer=True, template="payfor_paid", tag="payer-paid",
            params={"payer_name": order.payer_name or "您好", "amount": yuan(order.amount_fen)})
    db.append_feed(s, order.station_id, "payfor.paid", {
        "order_no": order.order_no, "recipient_key": order.recipient_key, "payer_key": order.payer_key,
        "amount_fen": order.amount_fen, "out_trade_no": change.out_trade_no, "paid_at": now.isoformat(),
        "contact_kind": order.contact_kind, "goods": order.goods,
    })


# ---------------------------------------------------------------- courier → order (tracking)


def _tracking_feed(order: PayForOrder, status: str, at: datetime) -> dict[str, Any]:
    return {"order_no": order.order_no, "status": status, "at": at.isoformat(),
            "courier_code": order.courier_code, "tracking_no": order.tracking_no,
            "courier_name": order.courier_name, "courier_phone": mask_phone(order.courier_phone)
            if order.courier_phone else ""}


def record_tracking(s: Session, db: ServerDatabase, settings: ServerSettings, *, courier_code: str,
                    request_key: str, tracking_no: str, status: str, at: datetime, courier_name: str,
                    courier_phone: str, note: str) -> dict[str, Any] | None:
    """One courier update of a paid order. None: no such order of this courier. Each update
    (unique per request key) → a receipt-assist notice to the recipient; "delivered" → the payer too."""
    order = s.scalar(select(PayForOrder).where(PayForOrder.courier_code == courier_code,
                                               PayForOrder.tracking_no == tracking_no))
    if order is None:
        return None
    row = PayForTracking(order_id=order.id, request_key=request_key, status=status, note=note, at=at)
    try:
        with s.begin_nested():
            s.add(row)
    except IntegrityError:
        return {"order_no": order.order_no, "status": status, "duplicate": True}
    order.delivery_status = status
    if courier_name:
        order.courier_name = courier_name
    if courier_phone:
        order.courier_phone = courier_phone
    s.flush()
    _notice(s, db, settings, order, to_payer=False, template="payfor_receipt", tag=f"track{row.id}",
            params=receipt_params(s, db, settings, order))
    if status == "delivered":
        _notice(s, db, settings, order, to_payer=True, template="payfor_delivered", tag="payer-delivered",
                params={"payer_name": order.payer_name or "您好"})
    db.append_feed(s, order.station_id, "payfor.tracking", _tracking_feed(order, status, at))
    return {"order_no": order.order_no, "status": status, "duplicate": False}


# ---------------------------------------------------------------- the payer's "Pay" press


def open_for_payer(payments: Payments, settings: ServerSettings, order_id: int) -> str:
    """The gateway page to send the payer to (an open payment for the order, the same on a retry)."""
    db = payments.db
    with db.read_session() as s:
        order = s.get(PayForOrder, order_id)
        if order is None or order.state != "awaiting_payer":
            raise ApiError(409, "not_awaiting_payer", "this order no longer waits for a payment")
        left = (order.expires_at - utcnow()).total_seconds()
        order_no, amount, station_id = order.order_no, order.amount_fen, order.station_id
        description = goods_summary(order.goods)[:120] or order_no
    if left < 60:
        raise ApiError(409, "not_awaiting_payer", "this order expires in a moment")
    view = payments.open_payment(order_ref=order_no, amount_fen=amount, description=description,
                                 station_id=station_id, channel="h5", expires_in_s=min(left, 86400))
    with db.session() as s:
        won = affected(s.execute(update(PayForOrder).where(PayForOrder.id == order_id,
                                                           PayForOrder.state == "awaiting_payer")
                                 .values(out_trade_no=view.out_trade_no)))
    if not won:  # cancelled or expired while we were at the gateway: close what we opened
        payments.cancel(view.out_trade_no)
        raise ApiError(409, "not_awaiting_payer", "this order no longer waits for a payment")
    from urllib.parse import quote

    back = f"{_base(settings)}/pay/return"
    sep = "&" if "?" in view.pay_url else "?"
    return f"{view.pay_url}{sep}redirect_url={quote(back, safe='')}"


# ---------------------------------------------------------------- expiry and cancel (sweeper)


class PayFor:
    """The sweeper: expired orders → closing; closing/cancelling → the payment closed at the
    gateway → closed/cancelled and the recipient told. Every `interval_s`, and on demand."""

    def __init__(self, db: ServerDatabase, settings: ServerSettings, payments: Payments,
                 interval_s: float = 15.0) -> None:
        self.db, self.settings, self.payments, self.interval_s = db, settings, payments, interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="payfor-sweep", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.sweep()
            except Exception:
                log.exception("payfor sweep failed")

    def sweep(self) -> dict[str, int]:
        with self._lock:
            out = {"expired": 0, "closed": 0, "cancelled": 0, "paid_meanwhile": 0, "gateway_failed": 0}
            with self.db.session() as s:
                out["expired"] = affected(s.execute(
                    update(PayForOrder).where(PayForOrder.state == "awaiting_payer",
                                              PayForOrder.expires_at <= utcnow()).values(state="closing")))
            with self.db.read_session() as s:
                todo = list(s.execute(select(PayForOrder.id, PayForOrder.state, PayForOrder.out_trade_no)
                                      .where(PayForOrder.state.in_(("closing", "cancelling")))))
            for order_id, state, out_trade_no in todo:
                if out_trade_no:
                    try:
                        view = self.payments.cancel(out_trade_no)
                    except ApiError:
                        out["gateway_failed"] += 1
                        continue
                    if view.state not in ("closed", "failed"):
                        out["paid_meanwhile"] += 1  # the handler made it paid (or it is refunding)
                        continue
                final = "closed" if state == "closing" else "cancelled"
                with self.db.session() as s:
                    won = affected(s.execute(update(PayForOrder).where(PayForOrder.id == order_id,
                                                                       PayForOrder.state == state)
                                             .values(state=final, closed_at=utcnow())))
                    if not won:
                        continue
                    order = s.get(PayForOrder, order_id)
                    assert order is not None
                    _notice(s, self.db, self.settings, order, to_payer=False, template="payfor_closed",
                            tag="closed", params={"recipient_name": order.recipient_name or "您好",
                                                  "goods": goods_summary(order.goods),
                                                  "reason_zh": "付款人未在期限内付款" if final == "closed"
                                                  else "订单已取消",
                                                  "reason_en": "the payer did not pay in time" if final == "closed"
                                                  else "the order was cancelled"})
                    self.db.append_feed(s, order.station_id, f"payfor.{final}", {"order_no": order.order_no})
                out[final] += 1
            return out


__all__ = ["PHONE", "SYNC_HANDLERS", "PayFor", "on_payment_change", "record_tracking"]
