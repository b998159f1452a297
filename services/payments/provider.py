"""The gateway-neutral payment interface: a Protocol, plain records and error codes.

Adapters (WeChat Pay APIv3 today; Alipay or Stripe would fit the same shape) turn
their wire formats into these records. Money is integer fen; times are aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class PaymentStatus(StrEnum):
    PENDING = "pending"  # created, not paid (WeChat NOTPAY / USERPAYING)
    PAID = "paid"  # money taken (SUCCESS)
    REFUNDED = "refunded"  # paid, then (part) refunded (REFUND)
    CLOSED = "closed"  # closed unpaid (CLOSED / REVOKED)
    FAILED = "failed"  # the payer's payment failed (PAYERROR)


class RefundStatus(StrEnum):
    PROCESSING = "processing"
    SUCCESS = "success"
    CLOSED = "closed"
    ABNORMAL = "abnormal"  # the payer's account cannot take it back; needs a person


class NotificationKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"


class PaymentError(Exception):
    """A gateway call failed. `code` is stable (the GUI/server translates it); `retryable`
    says whether the same call (same out_trade_no / out_refund_no) may simply be repeated.

    Codes: not_found, already_paid, closed, trade_no_conflict, refund_too_large,
    invalid_request, gateway_error (5xx), gateway_unavailable (network, timeout),
    bad_response (unsigned, forged or unparsable answer).
    """

    def __init__(self, code: str, message: str, retryable: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retryable = retryable


class NotificationRejected(Exception):
    """A notification that must change nothing. `reason`: unknown_key, bad_signature,
    stale_timestamp, malformed, undecryptable, wrong_merchant."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class CreatedPayment:
    out_trade_no: str
    pay_url: str  # shown as a QR code (native) or opened on the phone (h5)


@dataclass(frozen=True)
class PaymentState:
    out_trade_no: str
    status: PaymentStatus
    amount_fen: int  # the order total the gateway holds for this trade
    currency: str
    transaction_id: str | None = None
    payer_ref: str | None = None  # the gateway's payer identifier (refunds go back to it)
    paid_at: datetime | None = None
    attach: str = ""


@dataclass(frozen=True)
class RefundState:
    out_refund_no: str
    out_trade_no: str
    status: RefundStatus
    amount_fen: int
    refund_id: str = ""
    done_at: datetime | None = None
    to_account: str = ""  # where the money went back (the payer's original account)


@dataclass(frozen=True)
class Notification:
    """A verified, decrypted notification. `event_id` is unique per event (retries repeat it)."""

    event_id: str
    kind: NotificationKind
    sent_at: datetime
    payment: PaymentState | None = None
    refund: RefundState | None = None


@dataclass(frozen=True)
class StatementLine:
    kind: NotificationKind  # PAYMENT or REFUND
    out_trade_no: str
    transaction_id: str
    amount_fen: int
    at: datetime
    out_refund_no: str = ""


class PaymentProvider(Protocol):
    """What the server needs from a payment gateway (docs/payments.md).

    Every method except `parse_notification` and `ack` is one HTTP call to the gateway
    (with a timeout) and raises PaymentError on failure.
    """

    name: str

    def create(
        self,
        *,
        out_trade_no: str,
        amount_fen: int,
        currency: str,
        description: str,
        notify_url: str,
        expires_at: datetime,
        attach: str = "",
        channel: str = "native",
    ) -> CreatedPayment:
        """Idempotent on out_trade_no (same fields → same payment); another amount → trade_no_conflict."""
        ...

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        """Verify signature and timestamp window, decrypt; raises NotificationRejected."""
        ...

    def ack(self, ok: bool, message: str = "") -> tuple[int, bytes, dict[str, str]]:
        """The HTTP answer (status, body, headers) the gateway expects; ok=False asks for a retry."""
        ...

    def query(self, out_trade_no: str) -> PaymentState: ...

    def close(self, out_trade_no: str) -> PaymentState:
        """Close an unpaid payment. If it was paid meanwhile, the answer says PAID (or REFUNDED)."""
        ...

    def refund(
        self,
        *,
        out_trade_no: str,
        out_refund_no: str,
        amount_fen: int,
        total_fen: int,
        reason: str,
        notify_url: str,
    ) -> RefundState:
        """Back to the payer's original account; idempotent on out_refund_no (retry with the same one)."""
        ...

    def query_refund(self, out_refund_no: str) -> RefundState: ...

    def statement(self, day: date) -> list[StatementLine]:
        """The gateway's bill of one day (the gateway's business day)."""
        ...
