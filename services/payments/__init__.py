"""Payments: a gateway-neutral PaymentProvider interface and the WeChat Pay APIv3 provider.

The rest of the code talks to `PaymentProvider` only and gets plain records back
(money in integer fen); switching from the sandbox to the real gateway is a change of
configuration (base URL and keys), not of code. See docs/payments.md.
"""

from services.payments.provider import (
    CreatedPayment,
    Notification,
    NotificationKind,
    NotificationRejected,
    PaymentError,
    PaymentProvider,
    PaymentState,
    PaymentStatus,
    RefundState,
    RefundStatus,
    StatementLine,
)

__all__ = [
    "CreatedPayment",
    "Notification",
    "NotificationKind",
    "NotificationRejected",
    "PaymentError",
    "PaymentProvider",
    "PaymentState",
    "PaymentStatus",
    "RefundState",
    "RefundStatus",
    "StatementLine",
]
