"""Payment HTTP: the station API (open, view, close, refund), the gateway's notification endpoint,
the admin's reconcile, and the read-only return page. The rules are in server/payments.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from server.auth import current_station, require_admin
from server.bodies import read_limited_body
from server.db import ServerDatabase
from server.deps import get_payments
from server.errors import ApiError
from server.links import page
from server.payment_views import PaymentHandler, PaymentView
from server.payments import MAX_NOTIFY_BYTES, NOTIFY_PATH, Payments
from server.payments_tables import Payment, PaymentOrder
from server.settings import ServerSettings
from server.stations import StationIdentity
from services.payments import PaymentProvider
from services.payments.wechatpay import WechatPayConfig, WechatPayProvider

router = APIRouter(tags=["payments"])


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_ref: str = Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")
    amount_fen: int = Field(gt=0, le=100_000_000)
    currency: Literal["CNY"] = "CNY"
    description: str = Field(min_length=1, max_length=127, pattern=r"^[^\x00-\x1f\x7f]+$")
    channel: Literal["native", "h5"] = "native"
    expires_in_s: int = Field(default=900, ge=60, le=86400)
    new_attempt: bool = False


class RefundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_fen: int = Field(gt=0, le=100_000_000)
    reason: str = Field(default="", max_length=80, pattern=r"^[^\x00-\x1f\x7f]*$")
    out_refund_no: str | None = Field(
        default=None, min_length=6, max_length=64, pattern=r"^[A-Za-z0-9_|*@-]+$"
    )


def _payments(request: Request) -> Payments:
    payments: Payments = get_payments(request)
    return payments


Station = Annotated[StationIdentity, Depends(current_station)]


def _out(v: PaymentView) -> dict[str, Any]:
    out = asdict(v)
    out["expires_at"] = v.expires_at.isoformat()
    return out


@router.post("/api/payments")
async def create_payment(body: PaymentIn, station: Station, request: Request) -> dict[str, Any]:
    payments = _payments(request)
    view = await run_in_threadpool(
        lambda: payments.open_payment(
            order_ref=body.order_ref,
            amount_fen=body.amount_fen,
            description=body.description,
            station_id=station.station_id,
            currency=body.currency,
            channel=body.channel,
            expires_in_s=body.expires_in_s,
            new_attempt=body.new_attempt,
        )
    )
    return _out(view)


def _owned(payments: Payments, station: StationIdentity, out_trade_no: str) -> None:
    with payments.db.read_session() as s:
        owner = s.scalar(
            select(PaymentOrder.station_id)
            .join(Payment, Payment.order_id == PaymentOrder.id)
            .where(Payment.out_trade_no == out_trade_no)
        )
    if owner != station.station_id:
        raise ApiError(404, "unknown_payment", f"no payment {out_trade_no} of this station")


@router.get("/api/payments/{out_trade_no}")
async def get_payment(out_trade_no: str, station: Station, request: Request) -> dict[str, Any]:
    payments = _payments(request)
    await run_in_threadpool(_owned, payments, station, out_trade_no)
    return _out(await run_in_threadpool(payments.view, out_trade_no))


@router.post("/api/payments/{out_trade_no}/close")
async def close_payment(out_trade_no: str, station: Station, request: Request) -> dict[str, Any]:
    payments = _payments(request)
    await run_in_threadpool(_owned, payments, station, out_trade_no)
    return _out(await run_in_threadpool(payments.cancel, out_trade_no))


@router.post("/api/payments/{out_trade_no}/refunds")
async def refund_payment(
    out_trade_no: str, body: RefundIn, station: Station, request: Request
) -> dict[str, Any]:
    payments = _payments(request)
    await run_in_threadpool(_owned, payments, station, out_trade_no)
    view = await run_in_threadpool(
        lambda: payments.request_refund(
            out_trade_no=out_trade_no,
            amount_fen=body.amount_fen,
            reason=body.reason,
            out_refund_no=body.out_refund_no,
        )
    )
    return asdict(view)


@router.post(NOTIFY_PATH, include_in_schema=False)
async def notify(request: Request) -> Response:
    payments = _payments(request)
    raw = await read_limited_body(request, MAX_NOTIFY_BYTES)
    headers = {k.lower(): v for k, v in request.headers.items()}
    status, body, extra = await run_in_threadpool(payments.handle_notification, headers, raw)
    return Response(body, status_code=status, headers=extra)


@router.post("/api/admin/payments/reconcile", dependencies=[Depends(require_admin)])
async def reconcile_now(
    request: Request, statement_day: Annotated[date | None, Query()] = None
) -> dict[str, int]:
    payments = _payments(request)
    if statement_day is not None:
        return await run_in_threadpool(payments.reconcile_statement, statement_day)
    return await run_in_threadpool(payments.reconcile, True)


@router.get("/pay/return", response_class=HTMLResponse, include_in_schema=False)
async def return_page(
    request: Request, out_trade_no: Annotated[str, Query(max_length=32)] = ""
) -> HTMLResponse:
    """Where the gateway sends the payer back. It reads our database and never marks
    anything paid: that is the signed notification's (or the reconciler's) job."""
    payments = _payments(request)

    def read() -> tuple[str, int] | None:
        with payments.db.read_session() as s:
            row = s.execute(
                select(Payment.state, Payment.amount_fen).where(Payment.out_trade_no == out_trade_no)
            ).first()
        return None if row is None else (row[0], row[1])

    found = await run_in_threadpool(read) if out_trade_no else None
    if found is None:
        return page("payment_return.html", 404, state="unknown", amount="")
    state, amount = found
    if state == "pending":
        payments.kick()  # ask the gateway soon rather than at the next round
    yuan = f"{amount // 100}.{amount % 100:02d}"
    return page("payment_return.html", 200, state=state, amount=yuan, refresh=state == "pending")


def make_provider(settings: ServerSettings) -> PaymentProvider | None:
    if not settings.payment_gateway:
        return None
    return WechatPayProvider(WechatPayConfig.from_file(settings.payment_gateway))


def install(app: FastAPI, settings: ServerSettings, db: ServerDatabase,
            handlers: Sequence[PaymentHandler] = ()) -> Payments:
    """Routes and the Payments object (app.state.payments); the caller starts and stops it."""
    payments = Payments(db, settings, make_provider(settings), handlers)
    app.state.payments = payments
    app.include_router(router)
    return payments
