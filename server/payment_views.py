"""What the payment rules hand out: the change events feature flows follow, and plain views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from server.db import ServerDatabase
from server.errors import ApiError
from server.payments_tables import Payment, PaymentOrder
from server.settings import ServerSettings
from services.payments import PaymentError


@dataclass(frozen=True)
class PaymentChange:
    """One payment event, as written to the feed and handed to the Payments object's handlers.

    topic: payment.paid | payment.closed | payment.surplus | payment.attention | payment.refunded
    """

    topic: str
    order_ref: str
    station_id: int | None
    out_trade_no: str
    payload: dict[str, Any]


PaymentHandler = Callable[[Session, ServerDatabase, ServerSettings, PaymentChange], None]
# Called inside the transaction that made the change (commit = both, or neither).


def gateway_error(exc: PaymentError) -> ApiError:
    """502 gateway_unavailable (try again: same order, same out_trade_no) or gateway_refused."""
    if exc.retryable:
        return ApiError(
            502,
            "gateway_unavailable",
            f"the payment gateway did not answer: {exc.message}",
            gateway_code=exc.code,
        )
    return ApiError(
        502, "gateway_refused", f"the payment gateway refused: {exc.message}", gateway_code=exc.code
    )


@dataclass(frozen=True)
class PaymentView:
    order_ref: str
    out_trade_no: str
    state: str
    amount_fen: int
    currency: str
    channel: str
    pay_url: str
    expires_at: datetime
    paid_fen: int | None
    refunded_fen: int
    attention: str


@dataclass(frozen=True)
class RefundView:
    out_refund_no: str
    out_trade_no: str
    amount_fen: int
    state: str
    reason: str


def payment_view(order: PaymentOrder, p: Payment) -> PaymentView:
    return PaymentView(
        order.order_ref,
        p.out_trade_no,
        p.state,
        p.amount_fen,
        p.currency,
        p.channel,
        p.pay_url,
        p.expires_at,
        p.paid_fen,
        p.refunded_fen,
        p.attention,
    )
