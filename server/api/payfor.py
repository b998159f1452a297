"""Pay-for-another HTTP: the payer's page (single-use signed link), the recipient's order page,
the courier's tracking updates (signed like its other requests), the desk's contact check and
order view, and the admin's sweep. The rules are in server/payfor.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from sqlalchemy import select

from server import csrf
from server.api.courier import Signed, _parse, signed_request
from server.auth import current_station, require_admin
from server.db import ServerDatabase
from server.delivery.preferences import rules_for, zone
from server.deps import get_db, get_link_guard, get_payfor, get_payments, get_settings
from server.errors import ApiError
from server.links import open_link, page
from server.payfor import (
    DELIVERY_STATUSES,
    ORDER_PURPOSE,
    PAY_PURPOSE,
    STATUS_TEXT,
    PayFor,
    goods_summary,
    mask_address,
    open_for_payer,
    record_tracking,
    yuan,
)
from server.payfor_tables import PayForOrder, PayForTracking
from server.payments import Payments
from server.receipt_assist import resolve_contact
from server.settings import ServerSettings
from server.stations import StationIdentity
from services.core.masking import mask_name, mask_phone

router = APIRouter(tags=["payfor"])
Station = Annotated[StationIdentity, Depends(current_station)]


def _order_of(db: ServerDatabase, subject: str) -> PayForOrder:
    with db.read_session() as s:
        order = s.get(PayForOrder, int(subject.removeprefix("payfor:")))
        if order is None:
            raise ApiError(404, "unknown_order", "no such order")
        s.expunge(order)
        return order


def _local(db: ServerDatabase, settings: ServerSettings, store_code: str, when: datetime) -> str:
    with db.read_session() as s:
        tz = rules_for(s, settings, store_code).timezone
    return when.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")


@router.get("/payfor/pay/{token}", response_class=HTMLResponse, include_in_schema=False)
def payer_page(token: str, request: Request) -> Response:
    link = open_link(request, get_link_guard(request), get_db(request), token, PAY_PURPOSE)
    db: ServerDatabase = get_db(request)
    order = _order_of(db, link.subject)
    if order.state != "awaiting_payer":
        return _closed_page(order.state)
    field, nonce = csrf.form_token(request, db.link_secret, link.token_hash)
    response = page(
        "payfor_pay.html", 200, order_no=order.order_no,
        goods=[{**g, "line": yuan(g["qty"] * g["unit_fen"])} for g in order.goods],
        amount=yuan(order.amount_fen), recipient_name=mask_name(order.recipient_name) or "-",
        address=mask_address(order.recipient_address) or "-",
        expires=_local(db, get_settings(request), order.store_code, order.expires_at),
        csrf_field=csrf.FIELD, csrf_token=field, action=f"/payfor/pay/{token}",
    )
    csrf.set_cookie(response, request, nonce, "/payfor/")
    return response


def _closed_page(state: str) -> HTMLResponse:
    text = {
        "paid": ("这笔订单已经付过款了。", "This order has been paid already."),
        "closing": ("这笔订单已过期关闭。", "This order has expired and was closed."),
        "closed": ("这笔订单已过期关闭。", "This order has expired and was closed."),
        "cancelling": ("这笔订单已被取消。", "This order was cancelled."),
        "cancelled": ("这笔订单已被取消。", "This order was cancelled."),
    }.get(state, ("这笔订单无法付款。", "This order cannot be paid."))
    return page("gone.html", 410, heading="无法付款 · Cannot pay", text_zh=text[0], text_en=text[1])


@router.post("/payfor/pay/{token}", include_in_schema=False)
async def payer_pay(
    token: str, request: Request, csrf_token: Annotated[str, Form(alias="csrf", max_length=200)] = ""
) -> Response:
    link = open_link(request, get_link_guard(request), get_db(request), token, PAY_PURPOSE)
    db: ServerDatabase = get_db(request)
    csrf.check(request, db.link_secret, link.token_hash, csrf_token)
    order = _order_of(db, link.subject)
    payments: Payments = get_payments(request)
    try:
        url = await run_in_threadpool(open_for_payer, payments, get_settings(request), order.id)
    except ApiError as exc:
        if exc.code == "not_awaiting_payer":
            return _closed_page(_order_of(db, link.subject).state)
        raise
    return RedirectResponse(url, status_code=303)


@router.get("/payfor/order/{token}", response_class=HTMLResponse, include_in_schema=False)
def recipient_page(token: str, request: Request) -> Response:
    link = open_link(request, get_link_guard(request), get_db(request), token, ORDER_PURPOSE)
    db: ServerDatabase = get_db(request)
    settings: ServerSettings = get_settings(request)
    order = _order_of(db, link.subject)
    with db.read_session() as s:
        rows = list(s.scalars(select(PayForTracking).where(PayForTracking.order_id == order.id)
                              .order_by(PayForTracking.at, PayForTracking.id)))
    zh, en = STATUS_TEXT.get(order.delivery_status, (order.delivery_status,) * 2)
    return page(
        "payfor_order.html", 200, order_no=order.order_no, state=order.state,
        delivery_status=order.delivery_status or "awaiting_dispatch", status_zh=zh, status_en=en,
        goods=goods_summary(order.goods), logistics=order.courier_code or "-",
        tracking_no=order.tracking_no or "-", courier_name=order.courier_name or "-",
        courier_phone=order.courier_phone or "",
        tracking=[{"at": _local(db, settings, order.store_code, t.at), "zh": STATUS_TEXT[t.status][0],
                   "en": STATUS_TEXT[t.status][1], "note": t.note} for t in rows],
    )


class TrackingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tracking_no: str = Field(pattern=r"^[\x21-\x7e]{6,40}$")
    status: Literal["shipped", "in_transit", "out_for_delivery", "delivered", "failed"]
    at: datetime | None = None
    courier_name: str = Field(default="", max_length=80, pattern=r"^[^\x00-\x1f\x7f]*$")
    courier_phone: str = Field(default="", pattern=r"^(1\d{10})?$")
    note: str = Field(default="", max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")


_TRACKING = TypeAdapter(TrackingIn)
assert set(DELIVERY_STATUSES) == set(TrackingIn.model_fields["status"].annotation.__args__)  # type: ignore[union-attr]


@router.post("/api/courier/tracking", tags=["courier"])
async def post_tracking(request: Request, signed: Annotated[Signed, Depends(signed_request)]) -> JSONResponse:
    """A delivery update of a pay-for-another order, signed like the courier's other requests;
    the same Idempotency-Key again changes nothing."""
    body: TrackingIn = _parse(signed.body, _TRACKING)
    if body.at is not None and body.at.tzinfo is None:
        raise ApiError(422, "invalid_request", "at must carry a UTC offset")
    at = body.at.astimezone(UTC) if body.at else datetime.now(UTC)
    db: ServerDatabase = get_db(request)
    settings: ServerSettings = get_settings(request)

    def apply() -> dict[str, Any] | None:
        with db.session() as s:
            return record_tracking(s, db, settings, courier_code=signed.code, request_key=signed.key,
                                   tracking_no=body.tracking_no, status=body.status, at=at,
                                   courier_name=body.courier_name, courier_phone=body.courier_phone,
                                   note=body.note)

    out = await run_in_threadpool(apply)
    if out is None:
        raise ApiError(404, "unknown_parcel", f"no order of {signed.code} with tracking number {body.tracking_no}")
    return JSONResponse(out)


@router.get("/api/payfor/contact")
def contact_check(
    request: Request, station: Station,
    recipient_key: Annotated[str, Query(max_length=80)] = "",
    recipient_phone: Annotated[str, Query(max_length=20)] = "",
    payer_key: Annotated[str, Query(max_length=80)] = "",
) -> dict[str, str]:
    """How the recipient would be reached (the desk flags `none` before sending the order)."""
    db: ServerDatabase = get_db(request)
    with db.read_session() as s:
        res = resolve_contact(s, station.store_code, recipient_key=recipient_key,
                              recipient_phone=recipient_phone, payer_key=payer_key)
    return {"kind": res.kind, "detail": res.detail}


@router.get("/api/payfor/orders/{order_no}")
def station_order(order_no: str, request: Request, station: Station) -> dict[str, Any]:
    db: ServerDatabase = get_db(request)
    with db.read_session() as s:
        o = s.scalar(select(PayForOrder).where(PayForOrder.order_no == order_no,
                                               PayForOrder.station_id == station.station_id))
        if o is None:
            raise ApiError(404, "unknown_order", f"no order {order_no} of this station")
        return {
            "order_no": o.order_no, "state": o.state, "amount_fen": o.amount_fen, "goods": o.goods,
            "recipient_key": o.recipient_key, "payer_key": o.payer_key,
            "recipient_phone": mask_phone(o.recipient_phone) if o.recipient_phone else "",
            "contact_kind": o.contact_kind, "contact_detail": o.contact_detail,
            "requests_sent": o.requests_sent, "out_trade_no": o.out_trade_no,
            "courier_code": o.courier_code, "tracking_no": o.tracking_no,
            "delivery_status": o.delivery_status, "expires_at": o.expires_at.isoformat(),
            "paid_at": o.paid_at.isoformat() if o.paid_at else None,
        }


@router.post("/api/admin/payfor/sweep", dependencies=[Depends(require_admin)], tags=["admin"])
async def sweep_now(request: Request) -> dict[str, int]:
    payfor: PayFor = get_payfor(request)
    return await run_in_threadpool(payfor.sweep)


def install(app: FastAPI, settings: ServerSettings, db: ServerDatabase) -> PayFor:
    """Routes and the sweeper (after server.api.payments.install: it needs app.state.payments)."""
    payfor = PayFor(db, settings, app.state.payments, interval_s=settings.payment_reconcile_s)
    app.state.payfor = payfor
    app.include_router(router)
    return payfor


__all__ = ["install"]
