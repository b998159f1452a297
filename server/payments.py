"""Merchant rules for payments: creating payments, the gateway's notifications, the reconciler.

Rules (research/payments_web.md §1–2; each prevents a bug merchants really shipped):

- A notification changes state only after the provider verified its signature, its
  timestamp window (±5 min) and decrypted it, and after its amount and currency equal
  the payment's. Then, in one transaction: the event id is inserted (unique: a repeat is
  a no-op), and the state moves by conditional UPDATE (pending → paid), and the order's
  paid payment is claimed by conditional UPDATE (a second paid attempt becomes a surplus
  and is refunded). Forged, stale, replayed and mismatched notifications change nothing
  and are logged in server_payment_notify_log.
- The return page (/pay/return) only reads.
- The reconciler queries payments not heard of, closes expired ones (the gateway may
  answer "already paid": then it is applied like a notification), watches closed ones
  for a late payment, and sends and re-sends refunds with the same out_refund_no.
- Every refund goes back to the payment it refunds (the gateway returns it to the payer's
  original account); nothing is ever paid out to anyone else.

Events: each change is written to the station's feed (topics `payment.paid`,
`payment.closed`, `payment.surplus`, `payment.attention`, `payment.refunded`) and handed,
inside the same transaction, to every handler the Payments object was built with (the
composition, server/app.py, passes the pay-for-another flow's).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.db import ServerDatabase, affected
from server.errors import ApiError
from server.payment_views import (
    PaymentChange,
    PaymentHandler,
    PaymentView,
    RefundView,
    gateway_error,
    payment_view,
)
from server.payments_tables import Payment, PaymentEvent, PaymentNotifyLog, PaymentOrder, PaymentRefund
from server.settings import ServerSettings
from services.payments import (
    NotificationKind,
    NotificationRejected,
    PaymentError,
    PaymentProvider,
    PaymentState,
    PaymentStatus,
    RefundState,
    RefundStatus,
)

log = logging.getLogger(__name__)
BEIJING = ZoneInfo("Asia/Shanghai")

NOTIFY_PATH = "/api/payments/notify/wechatpay"
MAX_NOTIFY_BYTES = 64 * 1024
# A closed payment is watched this long for a payment that lands after the close.
CLOSED_WATCH_S = 24 * 3600
# Refund retries: 5 s, 30 s, 2 min, then every 10 min.
REFUND_RETRY_S = (5.0, 30.0, 120.0, 600.0)


class Payments:
    """The payments part of one server app: provider, rules, reconciler thread."""

    def __init__(
        self, db: ServerDatabase, settings: ServerSettings, provider: PaymentProvider | None,
        handlers: Sequence[PaymentHandler] = (),
    ) -> None:
        """``handlers`` run inside each payment change's transaction (feature flows that follow a payment)."""
        self.db = db
        self.handlers = tuple(handlers)
        self.settings = settings
        self.provider = provider
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._statement_day: date | None = None

    @property
    def notify_url(self) -> str:
        return self.settings.public_base_url.rstrip("/") + NOTIFY_PATH

    def need_provider(self) -> PaymentProvider:
        if self.provider is None:
            raise ApiError(404, "payments_not_configured", "no payment gateway is configured on this server")
        return self.provider

    # ------------------------------------------------------------ start / stop

    def start(self) -> None:
        if self.provider is None:
            return
        self._thread = threading.Thread(target=self._run, name="payments-reconciler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)
        close = getattr(self.provider, "close_client", None)
        if close is not None:
            close()

    def _daily_statement(self) -> None:
        """Yesterday's bill (Beijing day, as the gateway keeps them), once a day after 10:00,
        when WeChat Pay has it ready. In memory: a restart compares it once more (harmless)."""
        now = datetime.now(BEIJING)
        day = (now - timedelta(days=1)).date()
        if now.hour < 10 or self._statement_day == day:
            return
        try:
            counts = self.reconcile_statement(day)
        except PaymentError as exc:
            log.warning("statement of %s not compared: %s", day, exc)
            return
        self._statement_day = day
        log.info("statement of %s compared: %s", day, counts)

    def kick(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.reconcile()
                self._daily_statement()
            except Exception:  # the loop must outlive a database restart or a gateway outage
                log.exception("payments reconciler round failed")
            self._wake.wait(self.settings.payment_reconcile_s)
            self._wake.clear()

    # ------------------------------------------------------------ create / refund / cancel

    def open_payment(
        self,
        *,
        order_ref: str,
        amount_fen: int,
        description: str,
        station_id: int | None = None,
        currency: str = "CNY",
        channel: str = "native",
        expires_in_s: float = 900,
        new_attempt: bool = False,
    ) -> PaymentView:
        """The order's open payment (the same out_trade_no on every retry), or a new one.

        An order reference is bound to its amount: the same reference with another amount
        is refused (order_conflict). `new_attempt` (or another channel) starts a second
        attempt next to an open one; if both are paid, the second is refunded.
        """
        provider = self.need_provider()
        if amount_fen <= 0:
            raise ApiError(422, "invalid_amount", "amount_fen must be a positive number of fen")
        now = utcnow()
        with self.db.session() as s:
            # Locked (PostgreSQL; SQLite's write transaction is exclusive already): two tills
            # asking at once get the same attempt, not one each.
            the_order = select(PaymentOrder).where(PaymentOrder.order_ref == order_ref).with_for_update()
            order = s.scalar(the_order)
            if order is None:
                try:
                    with s.begin_nested():
                        order = PaymentOrder(
                            order_ref=order_ref,
                            station_id=station_id,
                            amount_fen=amount_fen,
                            currency=currency,
                        )
                        s.add(order)
                except IntegrityError:
                    order = s.scalar(the_order)
            assert order is not None
            if order.station_id != station_id:
                raise ApiError(409, "order_conflict", f"order {order_ref} belongs to another station")
            if order.amount_fen != amount_fen or order.currency != currency:
                raise ApiError(
                    409,
                    "order_conflict",
                    f"order {order_ref} was opened for {order.amount_fen} {order.currency}, not {amount_fen}",
                )
            if order.paid_payment_id is not None:
                raise ApiError(409, "order_paid", f"order {order_ref} is paid already")
            payment: Payment | None = None
            if not new_attempt:
                # A retry gets the open attempt back; one whose creation at the gateway failed
                # is created again with the same out_trade_no ("不要更换支付单号").
                payment = s.scalar(
                    select(Payment)
                    .where(
                        Payment.order_id == order.id,
                        Payment.state == "pending",
                        Payment.channel == channel,
                        Payment.expires_at > now + timedelta(seconds=30),
                    )
                    .order_by(Payment.id.desc())
                )
                if payment is not None and payment.pay_url:
                    return payment_view(order, payment)
            if payment is None:
                payment = Payment(
                    order_id=order.id,
                    out_trade_no="CD" + secrets.token_hex(15),
                    provider=getattr(provider, "name", "?"),
                    channel=channel,
                    amount_fen=amount_fen,
                    currency=currency,
                    description=description[:127],
                    state="pending",
                    expires_at=now + timedelta(seconds=expires_in_s),
                )
                s.add(payment)
        # Stored first, then created at the gateway: a crash in between leaves a pending
        # payment that the reconciler queries (not found → closed once expired).
        try:
            created = provider.create(
                out_trade_no=payment.out_trade_no,
                amount_fen=payment.amount_fen,
                currency=payment.currency,
                description=payment.description,
                notify_url=self.notify_url,
                expires_at=payment.expires_at,
                attach=order_ref,
                channel=channel,
            )
        except PaymentError as exc:
            if not exc.retryable:
                with self.db.session() as s:
                    s.execute(
                        update(Payment)
                        .where(Payment.id == payment.id, Payment.state == "pending")
                        .values(state="closed", closed_at=utcnow(), attention=f"create refused: {exc.code}")
                    )
            raise gateway_error(exc) from exc
        with self.db.session() as s:
            s.execute(update(Payment).where(Payment.id == payment.id).values(pay_url=created.pay_url))
            order = s.get(PaymentOrder, payment.order_id)
            fresh = s.get(Payment, payment.id)
            assert order is not None and fresh is not None
            return payment_view(order, fresh)

    def request_refund(
        self, *, out_trade_no: str, amount_fen: int, reason: str, out_refund_no: str | None = None
    ) -> RefundView:
        """Refund (part of) a paid payment back to its payer. Idempotent on out_refund_no;
        refunds of one payment never add up to more than it took (conditional UPDATE)."""
        self.need_provider()
        if amount_fen <= 0:
            raise ApiError(422, "invalid_amount", "amount_fen must be a positive number of fen")
        out_refund_no = out_refund_no or "RF" + secrets.token_hex(15)
        with self.db.session() as s:
            p = s.scalar(select(Payment).where(Payment.out_trade_no == out_trade_no))
            if p is None:
                raise ApiError(404, "unknown_payment", f"no payment {out_trade_no}")
            old = s.scalar(select(PaymentRefund).where(PaymentRefund.out_refund_no == out_refund_no))
            if old is not None:
                if old.payment_id != p.id or old.amount_fen != amount_fen:
                    raise ApiError(409, "refund_conflict", f"refund {out_refund_no} exists with other values")
                return RefundView(old.out_refund_no, out_trade_no, old.amount_fen, old.state, old.reason)
            if p.state != "paid":
                raise ApiError(409, "not_refundable", f"payment {out_trade_no} is {p.state}, not paid")
            self._add_refund(s, p.id, p.payer_ref, amount_fen, reason, out_refund_no)
        self.kick()
        return RefundView(out_refund_no, out_trade_no, amount_fen, "requested", reason)

    def add_full_refunds(self, s: Session, requests: Sequence[tuple[str, str, str]]) -> list[str]:
        """Refund whole payments inside the caller's transaction, set-based (a feature flow's
        state change and its refunds commit together; sent and re-sent by the reconciler).

        requests: (out_trade_no, out_refund_no, reason). A payment is taken only if nothing of
        it was refunded yet (conditional UPDATE); returns the out_trade_nos that were not taken."""
        if not requests:
            return []
        by_trade = {trade: (number, reason) for trade, number, reason in requests}
        taken = list(s.execute(
            update(Payment)
            .where(self.db.one_of(Payment.out_trade_no, list(by_trade)), Payment.paid_fen.is_not(None),
                   Payment.refund_requested_fen == 0)
            .values(refund_requested_fen=Payment.paid_fen)
            .returning(Payment.id, Payment.out_trade_no, Payment.paid_fen, Payment.payer_ref)
            .execution_options(synchronize_session=False)
        ))
        if taken:
            s.execute(insert(PaymentRefund), [
                {"payment_id": pid, "out_refund_no": by_trade[trade][0], "amount_fen": paid,
                 "reason": by_trade[trade][1][:80], "state": "requested", "payer_ref": payer or ""}
                for pid, trade, paid, payer in taken
            ])
            self._wake.set()
        done = {trade for _pid, trade, _paid, _payer in taken}
        return [trade for trade in by_trade if trade not in done]

    def _add_refund(
        self,
        s: Session,
        payment_id: int,
        payer_ref: str | None,
        amount_fen: int,
        reason: str,
        out_refund_no: str,
    ) -> None:
        took = affected(
            s.execute(
                update(Payment)
                .where(
                    Payment.id == payment_id,
                    Payment.paid_fen.is_not(None),
                    Payment.refund_requested_fen + amount_fen <= Payment.paid_fen,
                )
                .values(refund_requested_fen=Payment.refund_requested_fen + amount_fen)
                .execution_options(synchronize_session=False)
            )
        )
        if not took:
            raise ApiError(409, "refund_too_large", "refunds would exceed what the payer paid")
        s.add(
            PaymentRefund(
                payment_id=payment_id,
                out_refund_no=out_refund_no,
                amount_fen=amount_fen,
                reason=reason[:80],
                state="requested",
                payer_ref=payer_ref or "",
            )
        )

    def cancel(self, out_trade_no: str) -> PaymentView:
        """Close an open payment now (the order is cancelled). If the gateway says it was paid
        meanwhile, that payment is applied (and refunded if the order does not want it)."""
        self._close_at_gateway(out_trade_no)
        return self.view(out_trade_no)

    def view(self, out_trade_no: str) -> PaymentView:
        with self.db.read_session() as s:
            p = s.scalar(select(Payment).where(Payment.out_trade_no == out_trade_no))
            if p is None:
                raise ApiError(404, "unknown_payment", f"no payment {out_trade_no}")
            order = s.get(PaymentOrder, p.order_id)
            assert order is not None
            return payment_view(order, p)

    # ------------------------------------------------------------ applying gateway facts

    def _emit(self, s: Session, order: PaymentOrder, p: Payment, topic: str, **extra: Any) -> None:
        payload = {
            "order_ref": order.order_ref,
            "out_trade_no": p.out_trade_no,
            "amount_fen": p.amount_fen,
            "currency": p.currency,
            **extra,
        }
        change = PaymentChange(topic, order.order_ref, order.station_id, p.out_trade_no, payload)
        if order.station_id is not None:
            self.db.append_feed(s, order.station_id, topic, payload)
        for handler in self.handlers:
            handler(s, self.db, self.settings, change)

    def _move(self, s: Session, payment_id: int, states: tuple[str, ...], **values: Any) -> bool:
        """Conditional UPDATE of one payment: True if it was in one of `states` (now it is not)."""
        return bool(
            affected(
                s.execute(
                    update(Payment)
                    .where(Payment.id == payment_id, Payment.state.in_(states))
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
            )
        )

    def apply_state(
        self, s: Session, p: Payment, state: PaymentState, order: PaymentOrder | None = None
    ) -> str:
        """Apply what the gateway says about a payment (notification, query or close answer).

        Returns the outcome. Every move is a conditional UPDATE decided by the database, not
        by `p` (which may be stale), so repeats and concurrent copies change nothing.
        """
        order = order or s.get(PaymentOrder, p.order_id)
        assert order is not None
        if state.out_trade_no != p.out_trade_no:
            return "refused:wrong_trade"
        if state.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED) and state.transaction_id:
            paid_at = state.paid_at or utcnow()
            paid = {
                "paid_fen": state.amount_fen,
                "transaction_id": state.transaction_id,
                "payer_ref": state.payer_ref,
                "paid_at": paid_at,
            }
            refund_no = "RF" + p.out_trade_no
            if state.amount_fen != p.amount_fen or state.currency != p.currency:
                problem = (
                    f"amount_mismatch: gateway {state.amount_fen} {state.currency}, "
                    f"order {p.amount_fen} {p.currency}"
                )
                if not self._move(
                    s, p.id, ("pending", "closed"), state="attention", attention=problem[:200], **paid
                ):
                    return "no_change"
                self._add_refund(s, p.id, state.payer_ref, state.amount_fen, "金额不符，原路退回", refund_no)
                self._emit(s, order, p, "payment.attention", problem=problem)
                return "refused:amount_mismatch"
            if self._move(s, p.id, ("pending",), state="paid", **paid):
                claimed = affected(
                    s.execute(
                        update(PaymentOrder)
                        .where(PaymentOrder.id == order.id, PaymentOrder.paid_payment_id.is_(None))
                        .values(paid_payment_id=p.id)
                        .execution_options(synchronize_session=False)
                    )
                )
                if claimed:
                    self._emit(
                        s,
                        order,
                        p,
                        "payment.paid",
                        transaction_id=state.transaction_id,
                        payer_ref=state.payer_ref,
                        paid_at=paid_at.isoformat(),
                    )
                    return "paid"
                self._move(s, p.id, ("paid",), state="surplus", attention="double_payment")
                self._add_refund(s, p.id, state.payer_ref, state.amount_fen, "重复支付，原路退回", refund_no)
                self._emit(s, order, p, "payment.surplus", reason="double_payment")
                return "surplus:double_payment"
            if self._move(s, p.id, ("closed",), state="surplus", attention="paid_after_close", **paid):
                self._add_refund(
                    s, p.id, state.payer_ref, state.amount_fen, "订单已关闭，原路退回", refund_no
                )
                self._emit(s, order, p, "payment.surplus", reason="paid_after_close")
                return "surplus:paid_after_close"
            return "no_change"
        if state.status == PaymentStatus.CLOSED and self._move(
            s, p.id, ("pending",), state="closed", closed_at=utcnow()
        ):
            self._emit(s, order, p, "payment.closed")
            return "closed"
        return "no_change"

    def apply_refund(self, s: Session, refund: PaymentRefund, state: RefundState) -> str:
        if state.status == RefundStatus.SUCCESS:
            won = affected(
                s.execute(
                    update(PaymentRefund)
                    .where(PaymentRefund.id == refund.id, PaymentRefund.state != "success")
                    .values(
                        state="success",
                        done_at=state.done_at or utcnow(),
                        refund_id=state.refund_id,
                        to_account=state.to_account[:80],
                        last_error="",
                    )
                    .execution_options(synchronize_session=False)
                )
            )
            if not won:
                return "no_change"
            s.execute(
                update(Payment)
                .where(Payment.id == refund.payment_id)
                .values(refunded_fen=Payment.refunded_fen + refund.amount_fen)
                .execution_options(synchronize_session=False)
            )
            full = affected(
                s.execute(
                    update(Payment)
                    .where(
                        Payment.id == refund.payment_id,
                        Payment.refunded_fen >= Payment.paid_fen,
                        Payment.state.in_(("paid", "surplus", "attention")),
                    )
                    .values(state="refunded")
                    .execution_options(synchronize_session=False)
                )
            )
            p = s.get(Payment, refund.payment_id)
            assert p is not None
            order = s.get(PaymentOrder, p.order_id)
            assert order is not None
            self._emit(
                s,
                order,
                p,
                "payment.refunded",
                out_refund_no=refund.out_refund_no,
                refund_fen=refund.amount_fen,
                reason=refund.reason,
                to_account=state.to_account,
                fully_refunded=bool(full),
            )
            return "refunded"
        if state.status == RefundStatus.PROCESSING:
            s.execute(
                update(PaymentRefund)
                .where(PaymentRefund.id == refund.id, PaymentRefund.state == "requested")
                .values(state="processing", refund_id=state.refund_id)
                .execution_options(synchronize_session=False)
            )
            return "processing"
        s.execute(
            update(PaymentRefund)
            .where(PaymentRefund.id == refund.id, PaymentRefund.state != "success")
            .values(state="failed", last_error=f"gateway says {state.status}")
            .execution_options(synchronize_session=False)
        )
        return f"refund_{state.status}"

    # ------------------------------------------------------------ notifications

    def handle_notification(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes, dict[str, str]]:
        provider = self.need_provider()
        digest = hashlib.sha256(body).hexdigest()
        try:
            note = provider.parse_notification(headers, body)
        except NotificationRejected as exc:
            log.warning("payment notification rejected: %s", exc)
            self._log(f"rejected:{exc.reason}", digest, detail=exc.message)
            _status, payload, extra = provider.ack(False, exc.reason)
            return 401, payload, extra
        trade_no = (
            note.payment.out_trade_no if note.payment else note.refund.out_trade_no if note.refund else ""
        )
        try:
            with self.db.session() as s:
                outcome = self._apply_event(s, note.event_id, note.kind, note.payment, note.refund, trade_no)
                s.add(
                    PaymentNotifyLog(
                        verdict=outcome[:40],
                        event_id=note.event_id[:64],
                        out_trade_no=trade_no[:32],
                        body_sha256=digest,
                    )
                )
        except IntegrityError:
            # The unique event id: another copy of this event was applied (maybe a moment ago).
            self._log("duplicate", digest, note.event_id, trade_no)
            return provider.ack(True)
        except OperationalError as exc:
            log.warning("payment notification not stored (database busy): %s", exc)
            return provider.ack(False, "busy")
        except Exception:
            # E.g. a payment handler failed: nothing was committed, the gateway retries.
            log.exception("payment notification %s not applied", note.event_id)
            return provider.ack(False, "error")
        if outcome.startswith(("surplus", "refused")):
            self.kick()
        return provider.ack(True)

    def _apply_event(
        self,
        s: Session,
        event_id: str,
        kind: NotificationKind,
        payment: PaymentState | None,
        refund: RefundState | None,
        trade_no: str,
    ) -> str:
        if payment is not None:
            found = s.execute(
                select(Payment, PaymentOrder)
                .join(PaymentOrder, PaymentOrder.id == Payment.order_id)
                .where(Payment.out_trade_no == payment.out_trade_no)
            ).first()
            outcome = (
                "refused:unknown_trade" if found is None else self.apply_state(s, found[0], payment, found[1])
            )
        elif refund is not None:
            r = s.scalar(select(PaymentRefund).where(PaymentRefund.out_refund_no == refund.out_refund_no))
            outcome = "refused:unknown_refund" if r is None else self.apply_refund(s, r, refund)
        else:
            outcome = "refused:empty"
        # Inserted last, in the same transaction: a second copy of the event fails here on the
        # unique id and rolls back everything it did (it changed nothing anyway: the moves
        # above are conditional, and a concurrent copy waits on the first one's row lock).
        s.add(
            PaymentEvent(
                event_id=event_id[:64], out_trade_no=trade_no[:32], kind=kind.value, outcome=outcome[:40]
            )
        )
        return outcome

    def _log(
        self, verdict: str, digest: str, event_id: str = "", trade_no: str = "", detail: str = ""
    ) -> None:
        try:
            with self.db.session() as s:
                s.add(
                    PaymentNotifyLog(
                        verdict=verdict[:40],
                        event_id=event_id[:64],
                        out_trade_no=trade_no[:32],
                        body_sha256=digest,
                        detail=detail[:300],
                    )
                )
        except OperationalError:
            log.warning("payment notification log row lost (database busy): %s %s", verdict, event_id)

    # ------------------------------------------------------------ reconciler

    def _apply_query(self, out_trade_no: str, state: PaymentState) -> str:
        with self.db.session() as s:
            p = s.scalar(select(Payment).where(Payment.out_trade_no == out_trade_no))
            if p is None:
                return "unknown"
            s.execute(update(Payment).where(Payment.id == p.id).values(checked_at=utcnow()))
            outcome = self.apply_state(s, p, state)
            s.add(
                PaymentEvent(
                    event_id=f"q:{secrets.token_hex(12)}",
                    out_trade_no=out_trade_no,
                    kind="query",
                    outcome=outcome[:40],
                )
            )
            return outcome

    def _close_at_gateway(self, out_trade_no: str) -> str:
        provider = self.need_provider()
        try:
            state = provider.close(out_trade_no)
        except PaymentError as exc:
            if exc.code != "not_found":
                raise gateway_error(exc) from exc
            # Never created at the gateway (a crash between store and create): close here.
            with self.db.session() as s:
                p = s.scalar(select(Payment).where(Payment.out_trade_no == out_trade_no))
                if p is None:
                    return "unknown"
                return self.apply_state(
                    s, p, PaymentState(out_trade_no, PaymentStatus.CLOSED, p.amount_fen, p.currency)
                )
        return self._apply_query(out_trade_no, state)

    def reconcile(self, force: bool = False) -> dict[str, int]:
        """One round; `force` queries every open payment now (admin, tests)."""
        provider = self.need_provider()
        now = utcnow()
        wait = timedelta(seconds=0 if force else self.settings.payment_query_after_s)
        counts: dict[str, int] = {}

        def count(key: str) -> None:
            counts[key] = counts.get(key, 0) + 1

        with self.db.read_session() as s:
            pending = list(
                s.execute(
                    select(
                        Payment.out_trade_no, Payment.expires_at, Payment.checked_at, Payment.created_at
                    ).where(Payment.state == "pending")
                )
            )
            closed = list(
                s.scalars(
                    select(Payment.out_trade_no).where(
                        Payment.state == "closed",
                        Payment.closed_at > now - timedelta(seconds=CLOSED_WATCH_S),
                        (Payment.checked_at.is_(None)) | (Payment.checked_at <= now - wait),
                    )
                )
            )
        for no, expires_at, checked_at, created_at in pending:
            seen = checked_at or created_at
            if expires_at <= now:
                try:
                    count("close:" + self._close_at_gateway(no))
                except ApiError:
                    count("close:gateway_error")
                continue
            if seen <= now - wait:
                try:
                    count("query:" + self._apply_query(no, provider.query(no)))
                except PaymentError as exc:
                    count(f"query:{exc.code}")
        for no in closed:
            try:
                count("watch:" + self._apply_query(no, provider.query(no)))
            except PaymentError as exc:
                count(f"watch:{exc.code}")
        self._send_refunds(provider, now, force, count)
        return counts

    def _send_refunds(
        self, provider: PaymentProvider, now: datetime, force: bool, count: Callable[[str], None]
    ) -> None:
        with self.db.read_session() as s:
            due = list(
                s.execute(
                    select(
                        PaymentRefund.id,
                        PaymentRefund.out_refund_no,
                        PaymentRefund.state,
                        PaymentRefund.amount_fen,
                        PaymentRefund.reason,
                        PaymentRefund.attempts,
                        Payment.out_trade_no,
                        Payment.paid_fen,
                    )
                    .join(Payment, Payment.id == PaymentRefund.payment_id)
                    .where(
                        PaymentRefund.state.in_(("requested", "processing")),
                        (PaymentRefund.next_try_at <= now) if not force else PaymentRefund.id > 0,
                    )
                )
            )
        for rid, no, state, amount, reason, tries, trade_no, paid in due:
            try:
                if state == "requested":
                    answer = provider.refund(
                        out_trade_no=trade_no,
                        out_refund_no=no,
                        amount_fen=amount,
                        total_fen=paid or amount,
                        reason=reason,
                        notify_url=self.notify_url,
                    )
                else:
                    answer = provider.query_refund(no)
            except PaymentError as exc:
                delay = REFUND_RETRY_S[min(tries, len(REFUND_RETRY_S) - 1)]
                with self.db.session() as s:
                    s.execute(
                        update(PaymentRefund)
                        .where(PaymentRefund.id == rid)
                        .values(
                            attempts=PaymentRefund.attempts + 1,
                            last_error=f"{exc.code}: {exc.message}"[:300],
                            next_try_at=utcnow() + timedelta(seconds=delay if exc.retryable else 3600),
                        )
                    )
                count(f"refund:{exc.code}")
                continue
            with self.db.session() as s:
                refund = s.get(PaymentRefund, rid)
                assert refund is not None
                s.execute(
                    update(PaymentRefund)
                    .where(PaymentRefund.id == rid)
                    .values(
                        attempts=PaymentRefund.attempts + 1,
                        next_try_at=utcnow() + timedelta(seconds=self.settings.payment_query_after_s),
                    )
                )
                count("refund:" + self.apply_refund(s, refund, answer))

    def reconcile_statement(self, day: date) -> dict[str, int]:
        """Compare the gateway's bill of `day` with our payments: a payment the bill has and we
        do not know as paid is queried and applied (the notification and queries were lost)."""
        provider = self.need_provider()
        counts: dict[str, int] = {"lines": 0}
        for line in provider.statement(day):
            counts["lines"] += 1
            if line.kind != NotificationKind.PAYMENT:
                continue
            with self.db.read_session() as s:
                state = s.scalar(select(Payment.state).where(Payment.out_trade_no == line.out_trade_no))
            if state in ("pending", "closed"):
                outcome = self._apply_query(line.out_trade_no, provider.query(line.out_trade_no))
                counts["statement:" + outcome] = counts.get("statement:" + outcome, 0) + 1
            elif state is None:
                counts["statement:unknown_trade"] = counts.get("statement:unknown_trade", 0) + 1
        return counts


# ---------------------------------------------------------------- HTTP
