"""Delivery workers: claim a due delivery, send it outside any transaction, record the outcome.

Claiming: PostgreSQL uses `SELECT … FOR UPDATE SKIP LOCKED`; SQLite (single writer)
a conditional UPDATE that only one worker can win. A claim is a lease: a worker
killed mid-send leaves the row `sending`, and after `claim_lease_s` any worker may
take it again (at most one duplicate send; the webhook carries an Idempotency-Key
so the receiver can drop it).
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, or_, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.channels import Outcome, send_apprise, send_webhook
from server.crypto import SecretUnreadable, secret_box
from server.db import ServerDatabase, affected
from server.notify import inbox_url, receipt_payload
from server.settings import ServerSettings
from server.tables import CourierCall, Delivery, Message, Recipient, Station

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    claim_token: str
    channel: str
    target: str
    attempts: int
    message_id: int


def backoff_s(settings: ServerSettings, attempts: int, retry_after_s: float | None = None) -> float:
    """Delay after the n-th failed attempt: the schedule (last step repeats) ± jitter, ≥ Retry-After."""
    base = settings.retry_delays[min(attempts, len(settings.retry_delays)) - 1]
    delay = base * random.uniform(1 - settings.retry_jitter, 1 + settings.retry_jitter)
    return max(delay, retry_after_s or 0.0)


# Tables with the claim columns (state, attempts, next_attempt_at, lease_until, claim_token):
# message deliveries and courier webhook calls (server/courier.py) share one claim and outcome logic.
Claimable = type[Delivery] | type[CourierCall]


def _due(table: Claimable = Delivery) -> ColumnElement[bool]:
    now = utcnow()
    return and_(
        table.next_attempt_at <= now,
        or_(table.state == "pending", and_(table.state == "sending", table.lease_until < now)),
    )


def claim_row(db: ServerDatabase, settings: ServerSettings, table: Claimable) -> tuple[int, str] | None:
    """Claim the next due row of `table` (a lease with a fresh claim token); (id, token) or None."""
    token = secrets.token_hex(16)
    try:
        with db.session() as s:
            query = select(table.id).where(_due(table)).order_by(table.next_attempt_at, table.id).limit(1)
            if db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            row_id = s.scalar(query)
            if row_id is None:
                return None
            won = affected(
                s.execute(
                    update(table)
                    .where(table.id == row_id, _due(table))
                    .values(
                        state="sending",
                        attempts=table.attempts + 1,
                        lease_until=utcnow() + timedelta(seconds=settings.claim_lease_s),
                        claim_token=token,
                    )
                )
            )
            return (row_id, token) if won == 1 else None
    except OperationalError:
        # SQLite busy beyond its timeout: nothing was claimed; try again next round.
        return None


# Deliveries claimed per round by one worker: one claim transaction (with the messages
# loaded) for up to this many sends (bench/server.py). Those a killed worker had not sent
# yet wait for the lease, as a single claim would; none is sent twice because of the batch.
CLAIM_BATCH = 20

MessageContext = tuple[Message, Recipient, Station]


def _async_commit(db: ServerDatabase, s: Session) -> None:
    """Claims and outcomes on PostgreSQL commit without waiting for the WAL flush (~10 ms
    each on a plain disk). A crash of PostgreSQL itself (not of this process) can forget
    the last fraction of a second of them: a forgotten claim is claimed again, a forgotten
    outcome (and its receipt) is sent again after its lease, under the same
    Idempotency-Key. At least once holds; messages and links come from the sync
    transaction, which keeps full durability (a desk's outbox is marked sent on it)."""
    if db.is_postgres:
        s.execute(text("SET LOCAL synchronous_commit TO OFF"))


def claim_batch(
    db: ServerDatabase, settings: ServerSettings, limit: int = CLAIM_BATCH
) -> tuple[list[Claimed], dict[int, MessageContext]]:
    """Claim up to `limit` due deliveries in one transaction (SKIP LOCKED on PostgreSQL), with
    their messages, recipients and stations loaded in the same transaction."""
    token = secrets.token_hex(16)
    try:
        with db.session() as s:
            _async_commit(db, s)
            query = (
                select(Delivery.id).where(_due()).order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)
            )
            if db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            ids = list(s.scalars(query))
            if not ids:
                return [], {}
            s.execute(
                update(Delivery)
                .where(Delivery.id.in_(ids), _due())
                .values(
                    state="sending",
                    attempts=Delivery.attempts + 1,
                    lease_until=utcnow() + timedelta(seconds=settings.claim_lease_s),
                    claim_token=token,
                )
            )
            rows = s.execute(
                select(Delivery, Message, Recipient, Station)
                .join(Message, Message.id == Delivery.message_id)
                .join(Recipient, Recipient.id == Message.recipient_id)
                .join(Station, Station.id == Message.station_id)
                .where(Delivery.id.in_(ids), Delivery.claim_token == token)
                .order_by(Delivery.id)
            ).all()
            claimed = [
                Claimed(d.id, token, d.channel, d.target, d.attempts, d.message_id) for d, _m, _r, _s in rows
            ]
            return claimed, {m.id: (m, r, st) for _d, m, r, st in rows}
    except OperationalError:
        # SQLite busy beyond its timeout: nothing was claimed; try again next round.
        return [], {}


def claim_one(db: ServerDatabase, settings: ServerSettings) -> Claimed | None:
    claimed, _ = claim_batch(db, settings, 1)
    return claimed[0] if claimed else None


def send(
    db: ServerDatabase, settings: ServerSettings, claimed: Claimed, context: MessageContext | None = None
) -> Outcome:
    if context is None:
        with db.read_session() as s:
            message = s.get_one(Message, claimed.message_id)
            context = (
                message,
                s.get_one(Recipient, message.recipient_id),
                s.get_one(Station, message.station_id),
            )
    message, recipient, station = context
    link = inbox_url(settings, db.link_secret, message.id)
    if claimed.channel == "webhook":
        payload = {
            "message_id": message.id,
            "dedup_key": message.dedup_key,
            "store_code": station.store_code,
            "recipient_key": recipient.recipient_key,
            "recipient_name": recipient.display_name,
            "template": message.template,
            "locale": message.locale,
            "subject": message.subject,
            "body": message.body,
            "inbox_url": link,
            "created_at": message.created_at.isoformat(),
            "attempt": claimed.attempts,
        }
        return send_webhook(
            settings.webhook_url,
            settings.webhook_secret,
            payload,
            f"message-{message.id}",
            settings.webhook_timeout_s,
        )
    if claimed.channel == "apprise":
        try:
            url = secret_box(settings.secret_key, settings.data_dir).open(claimed.target)
        except SecretUnreadable as exc:
            return Outcome(ok=False, permanent=True, error=f"Apprise URL: {exc}")
        return send_apprise(url, message.subject, f"{message.body}\n{link}")
    return Outcome(ok=False, permanent=True, error=f"unknown channel {claimed.channel!r}")


def release(db: ServerDatabase, claims: list[Claimed]) -> None:
    """Give claimed-but-unsent deliveries back, due at once, their attempt not counted."""
    with db.session() as s:
        for c in claims:
            s.execute(
                update(Delivery)
                .where(
                    Delivery.id == c.delivery_id,
                    Delivery.claim_token == c.claim_token,
                    Delivery.state == "sending",
                )
                .values(state="pending", attempts=Delivery.attempts - 1, lease_until=None)
            )


def record(db: ServerDatabase, settings: ServerSettings, claimed: Claimed, outcome: Outcome) -> str | None:
    """Store the outcome if we still hold the claim; returns the new state (None: lease lost).

    The send has happened: losing its outcome to a busy database would send it again
    after the lease. So a locked database (SQLite while a big sync batch commits) is
    waited for, up to half the lease.
    """
    deadline = time.monotonic() + settings.claim_lease_s / 2
    while True:
        try:
            return record_many(db, settings, [(claimed, outcome)])[0]
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def record_many(
    db: ServerDatabase, settings: ServerSettings, results: list[tuple[Claimed, Outcome]]
) -> list[str | None]:
    """Store a batch of outcomes in one transaction, each only where its claim still holds."""
    states: list[str | None] = []
    with db.session() as s:
        _async_commit(db, s)
        for claimed, outcome in results:
            values = outcome_values(settings, claimed.attempts, outcome)
            if not record_row(s, Delivery, claimed.delivery_id, claimed.claim_token, values):
                states.append(None)
                continue
            state = str(values["state"])
            if state != "pending":
                message = s.get_one(Message, claimed.message_id)
                db.append_feed(
                    s,
                    message.station_id,
                    "delivery.receipt",
                    receipt_payload(message, claimed.channel, state, claimed.attempts, outcome.error),
                )
            states.append(state)
    return states


def outcome_values(settings: ServerSettings, attempts: int, outcome: Outcome) -> dict[str, object]:
    """The claim columns after an attempt: sent, failed (permanent), dead (attempts used up) or retry."""
    now = utcnow()
    if outcome.ok:
        values: dict[str, object] = {"state": "sent", "sent_at": now, "last_error": ""}
    elif outcome.permanent:
        values = {"state": "failed", "last_error": outcome.error}
    elif attempts >= settings.max_attempts:
        values = {"state": "dead", "last_error": outcome.error}
    else:
        delay = backoff_s(settings, attempts, outcome.retry_after_s)
        values = {
            "state": "pending",
            "last_error": outcome.error,
            "next_attempt_at": now + timedelta(seconds=delay),
        }
    values["lease_until"] = None
    return values


def record_row(
    s: Session, table: Claimable, row_id: int, claim_token: str, values: dict[str, object]
) -> bool:
    """Write the outcome only if this claim still holds the row (the lease was not taken over)."""
    return (
        affected(
            s.execute(
                update(table)
                .where(table.id == row_id, table.claim_token == claim_token, table.state == "sending")
                .values(**values)
            )
        )
        == 1
    )


class DeliveryPool:
    """`count` worker threads sharing one wake-up event; start() and stop() are idempotent."""

    def __init__(self, db: ServerDatabase, settings: ServerSettings, count: int) -> None:
        self._db = db
        self._settings = settings
        self._count = count
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        # Further work the same workers do when no delivery is due (courier calls): each
        # returns True when it did something.
        self._jobs: list[Callable[[], bool]] = []

    def add_job(self, job: Callable[[], bool]) -> None:
        self._jobs.append(job)

    def start(self) -> None:
        if self._threads:
            return
        self._stopping.clear()
        for n in range(self._count):
            t = threading.Thread(target=self._run, name=f"counterdesk-delivery-{n}", daemon=True)
            t.start()
            self._threads.append(t)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stopping.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout_s)
        self._threads = []

    def run_once(self) -> bool:
        batch, contexts = claim_batch(self._db, self._settings)
        if not batch:
            return any(job() for job in self._jobs)
        # Slow receivers must not outlive the lease: past half of it, hand the rest back.
        deadline = time.monotonic() + self._settings.claim_lease_s / 2
        for n, claimed in enumerate(batch):
            if time.monotonic() > deadline:
                release(self._db, batch[n:])
                break
            try:
                outcome = send(self._db, self._settings, claimed, contexts.get(claimed.message_id))
            except Exception as exc:  # never let a bug leave the claim dangling until the lease ends
                log.exception("delivery %s: sender raised", claimed.delivery_id)
                outcome = Outcome(ok=False, error=f"internal error: {type(exc).__name__}")
            # Recorded at once, not at the end of the batch: a worker killed mid-batch then
            # repeats only the send in flight, never the ones already made.
            record(self._db, self._settings, claimed, outcome)
        return True

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                busy = self.run_once()
            except Exception:
                log.exception("delivery worker round failed")
                busy = False
            if not busy:
                self._wake.wait(self._settings.worker_poll_s)
                self._wake.clear()
