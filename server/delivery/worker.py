"""Delivery workers: claim a due delivery, send it outside any transaction, record the outcome.

Claiming: PostgreSQL uses `SELECT … FOR UPDATE SKIP LOCKED`; SQLite (single writer)
a conditional UPDATE that only one worker can win. A claim is a lease: a worker
killed mid-round leaves its unrecorded rows `sending`, and after `claim_lease_s` any
worker may take them again (at most `send_concurrency` repeated sends per killed
worker; the webhook carries an Idempotency-Key so the receiver can drop them).
"""

from __future__ import annotations

import logging
import queue
import random
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, or_, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.crypto import SecretUnreadable, secret_box
from server.db import ServerDatabase, affected, core
from server.delivery.channels import Outcome, send_apprise, send_webhook
from server.delivery.notify import inbox_url, receipt_payload
from server.settings import ServerSettings
from server.tables import CourierCall, Delivery, Message, Recipient, Station

log = logging.getLogger(__name__)


def backoff_s(settings: ServerSettings, attempts: int, retry_after_s: float | None = None) -> float:
    """Delay after the n-th failed attempt: the schedule (last step repeats) ± jitter, ≥ Retry-After."""
    base = settings.retry_delays[min(attempts, len(settings.retry_delays)) - 1]
    delay = base * random.uniform(1 - settings.retry_jitter, 1 + settings.retry_jitter)
    return max(delay, retry_after_s or 0.0)


# Tables with the claim columns (state, attempts, next_attempt_at, lease_until, claim_token):
# message deliveries and courier webhook calls (server/delivery/courier.py) share one claim and outcome logic.
Claimable = type[Delivery] | type[CourierCall]


def _due(table: Claimable = Delivery) -> ColumnElement[bool]:
    now = utcnow()
    return and_(
        # Repeats the partial index's predicate word for word (migration 0005), so SQLite
        # too claims from the index of open rows, whatever the size of the history.
        text("state IN ('pending', 'sending')"),
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
CLAIM_BATCH = 100


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery with what its send and its receipt need, read in the claim."""

    delivery_id: int
    claim_token: str
    channel: str
    target: str
    attempts: int
    message_id: int
    station_id: int
    source_event_id: str
    dedup_key: str
    template: str
    locale: str
    subject: str
    body: str
    created_at: datetime
    store_code: str
    recipient_key: str
    recipient_name: str


# Claims and outcomes commit on PostgreSQL without waiting for the WAL flush (~10 ms each on
# a plain disk). A crash of PostgreSQL itself (not of this process) can forget the last
# fraction of a second of them: a forgotten claim is claimed again, a forgotten outcome (and
# its receipt) is sent again after its lease, under the same Idempotency-Key. At least once
# holds; messages and links come from the sync transaction, which keeps full durability (a
# desk's outbox is marked sent on it).
_DURABLE_CLAIMS = False

# Named as Claimed's fields.
_CLAIM_COLUMNS = (
    Delivery.id.label("delivery_id"),
    Delivery.channel,
    Delivery.target,
    Delivery.attempts,
    Message.id.label("message_id"),
    Message.station_id,
    Message.source_event_id,
    Message.dedup_key,
    Message.template,
    Message.locale,
    Message.subject,
    Message.body,
    Message.created_at,
    Station.store_code,
    Recipient.recipient_key,
    Recipient.display_name.label("recipient_name"),
)


def claim_batch(db: ServerDatabase, settings: ServerSettings, limit: int = CLAIM_BATCH) -> list[Claimed]:
    """Claim up to `limit` due deliveries in one transaction (SKIP LOCKED on PostgreSQL),
    reading what their sends need in the same transaction."""
    token = secrets.token_hex(16)
    try:
        with db.write_connection(durable=_DURABLE_CLAIMS) as conn:
            query = (
                select(Delivery.id).where(_due()).order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)
            )
            if db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            ids = list(conn.scalars(query))
            if not ids:
                return []
            conn.execute(
                update(core(Delivery))
                .where(db.one_of(Delivery.id, ids), _due())
                .values(
                    state="sending",
                    attempts=Delivery.attempts + 1,
                    lease_until=utcnow() + timedelta(seconds=settings.claim_lease_s),
                    claim_token=token,
                )
            )
            rows = conn.execute(
                select(*_CLAIM_COLUMNS)
                .join(Message, Message.id == Delivery.message_id)
                .join(Recipient, Recipient.id == Message.recipient_id)
                .join(Station, Station.id == Message.station_id)
                .where(db.one_of(Delivery.id, ids), Delivery.claim_token == token)
                .order_by(Delivery.id)
            ).all()
            return [Claimed(claim_token=token, **row._mapping) for row in rows]
    except OperationalError:
        # SQLite busy beyond its timeout: nothing was claimed; try again next round.
        return []


def send(settings: ServerSettings, link_secret: str, claimed: Claimed) -> Outcome:
    link = inbox_url(settings, link_secret, claimed.message_id)
    if claimed.channel == "webhook":
        payload = {
            "message_id": claimed.message_id,
            "dedup_key": claimed.dedup_key,
            "store_code": claimed.store_code,
            "recipient_key": claimed.recipient_key,
            "recipient_name": claimed.recipient_name,
            "template": claimed.template,
            "locale": claimed.locale,
            "subject": claimed.subject,
            "body": claimed.body,
            "inbox_url": link,
            "created_at": claimed.created_at.isoformat(),
            "attempt": claimed.attempts,
        }
        return send_webhook(
            settings.webhook_url,
            settings.webhook_secret,
            payload,
            f"message-{claimed.message_id}",
            settings.webhook_timeout_s,
        )
    if claimed.channel == "apprise":
        try:
            url = secret_box(settings.secret_key, settings.data_dir).open(claimed.target)
        except SecretUnreadable as exc:
            return Outcome(ok=False, permanent=True, error=f"Apprise URL: {exc}")
        return send_apprise(url, claimed.subject, f"{claimed.body}\n{link}")
    return Outcome(ok=False, permanent=True, error=f"unknown channel {claimed.channel!r}")


def release(db: ServerDatabase, claims: list[Claimed]) -> None:
    """Give claimed-but-unsent deliveries back, due at once, their attempt not counted."""
    with db.write_connection(durable=_DURABLE_CLAIMS) as conn:
        for c in claims:
            conn.execute(
                update(core(Delivery))
                .where(
                    Delivery.id == c.delivery_id,
                    Delivery.claim_token == c.claim_token,
                    Delivery.state == "sending",
                )
                .values(state="pending", attempts=Delivery.attempts - 1, lease_until=None)
            )


def record(
    db: ServerDatabase, settings: ServerSettings, results: list[tuple[Claimed, Outcome]]
) -> list[str | None]:
    """Store outcomes in one transaction, each only where its claim still holds; the new
    state per outcome (None: the lease was lost to another worker).

    The sends have happened: losing their outcomes to a busy database would send them
    again after the lease. So a locked database (SQLite while a big sync batch
    commits) is waited for, up to half the lease.
    """
    deadline = time.monotonic() + settings.claim_lease_s / 2
    while True:
        try:
            return _record(db, settings, results)
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _record(
    db: ServerDatabase, settings: ServerSettings, results: list[tuple[Claimed, Outcome]]
) -> list[str | None]:
    states: list[str | None] = [None] * len(results)
    receipts: list[tuple[int, str, dict[str, Any]]] = []
    with db.write_connection(durable=_DURABLE_CLAIMS) as conn:
        # The common case in one statement per claim: every sent delivery still held.
        sent_ids: dict[str, list[int]] = {}
        for claimed, outcome in results:
            if outcome.ok:
                sent_ids.setdefault(claimed.claim_token, []).append(claimed.delivery_id)
        won: set[int] = set()
        now = utcnow()
        for token, ids in sent_ids.items():
            won.update(
                conn.scalars(
                    update(core(Delivery))
                    .where(
                        db.one_of(Delivery.id, ids),
                        Delivery.claim_token == token,
                        Delivery.state == "sending",
                    )
                    .values(state="sent", sent_at=now, last_error="", lease_until=None)
                    .returning(Delivery.id)
                )
            )
        for n, (claimed, outcome) in enumerate(results):
            if outcome.ok:
                if claimed.delivery_id not in won:
                    continue
                state = "sent"
            else:
                values = outcome_values(settings, claimed.attempts, outcome)
                if not record_row(conn, Delivery, claimed.delivery_id, claimed.claim_token, values):
                    continue
                state = str(values["state"])
            states[n] = state
            if state != "pending":
                payload = receipt_payload(
                    claimed.message_id,
                    claimed.source_event_id,
                    claimed.dedup_key,
                    claimed.channel,
                    state,
                    claimed.attempts,
                    outcome.error,
                )
                receipts.append((claimed.station_id, "delivery.receipt", payload))
        if receipts:
            db.write_feed(conn, receipts)
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
    conn: Session | Connection, table: Claimable, row_id: int, claim_token: str, values: dict[str, object]
) -> bool:
    """Write the outcome only if this claim still holds the row (the lease was not taken over)."""
    return (
        affected(
            conn.execute(
                update(core(table))
                .where(table.id == row_id, table.claim_token == claim_token, table.state == "sending")
                .values(**values)
            )
        )
        == 1
    )


class _Round:
    """One claimed batch on its way out: when it must stop starting sends."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.abandoned = False
        # (claim, outcome) from the sender threads; None: not sent.
        self.done: queue.SimpleQueue[tuple[Claimed, Outcome | None]] = queue.SimpleQueue()

    def open(self) -> bool:
        return not self.abandoned and time.monotonic() <= self.deadline


class DeliveryPool:
    """`count` worker threads sharing one wake-up event; start() and stop() are idempotent.

    Each worker claims a batch and keeps up to `send_concurrency` of its sends
    unrecorded at any moment (in flight, or answered and waiting for the worker to
    record them; all that came back meanwhile go into one transaction). A worker
    killed at any moment therefore repeats at most `send_concurrency` sends, each
    under its Idempotency-Key.
    """

    def __init__(self, db: ServerDatabase, settings: ServerSettings, count: int) -> None:
        self._db = db
        self._settings = settings
        self._count = count
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._senders: list[ThreadPoolExecutor] = []
        # Further work the same workers do when no delivery is due (courier calls): each
        # returns True when it did something.
        self._jobs: list[Callable[[], bool]] = []

    def add_job(self, job: Callable[[], bool]) -> None:
        self._jobs.append(job)

    def start(self) -> None:
        if self._threads:
            return
        self._stopping.clear()
        width = max(1, self._settings.send_concurrency)
        for n in range(self._count):
            senders = ThreadPoolExecutor(width, thread_name_prefix=f"counterdesk-send-{n}")
            permits = threading.BoundedSemaphore(width)
            t = threading.Thread(
                target=self._run, args=(senders, permits), name=f"counterdesk-delivery-{n}", daemon=True
            )
            t.start()
            self._threads.append(t)
            self._senders.append(senders)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stopping.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout_s)
        for senders in self._senders:
            senders.shutdown(wait=False, cancel_futures=True)
        self._threads = []
        self._senders = []

    def run_once(self, senders: ThreadPoolExecutor, permits: threading.BoundedSemaphore) -> bool:
        batch = claim_batch(self._db, self._settings)
        if not batch:
            return any(job() for job in self._jobs)
        # Slow receivers must not outlive the lease: past half of it, the sends not
        # started yet are handed back.
        round_ = _Round(time.monotonic() + self._settings.claim_lease_s / 2)
        for claimed in batch:
            senders.submit(self._attempt, claimed, permits, round_)
        unsent: list[Claimed] = []
        pending = len(batch)
        try:
            while pending:
                # Everything that came back while the last record was written, in one transaction.
                came_back = [round_.done.get()]
                while not round_.done.empty():
                    came_back.append(round_.done.get())
                pending -= len(came_back)
                results = [(c, o) for c, o in came_back if o is not None]
                unsent.extend(c for c, o in came_back if o is None)
                try:
                    if results:
                        record(self._db, self._settings, results)
                finally:
                    for _ in results:
                        permits.release()
        finally:
            if pending:  # recording failed: start no more sends; those in flight end unrecorded
                round_.abandoned = True
                for _ in range(pending):
                    claimed, outcome = round_.done.get()
                    if outcome is None:
                        unsent.append(claimed)
                    else:
                        permits.release()  # sent, outcome lost: sent again after the lease
            if unsent:
                release(self._db, unsent)
        return True

    def _attempt(self, claimed: Claimed, permits: threading.BoundedSemaphore, round_: _Round) -> None:
        """On a sender thread: the send's outcome goes to the round (holding a permit until it
        is recorded), or None when it was not started."""
        permits.acquire()
        if self._stopping.is_set() or not round_.open():
            permits.release()
            round_.done.put((claimed, None))
            return
        try:
            outcome = send(self._settings, self._db.link_secret, claimed)
        except Exception as exc:  # never let a bug leave the claim dangling until the lease ends
            log.exception("delivery %s: sender raised", claimed.delivery_id)
            outcome = Outcome(ok=False, error=f"internal error: {type(exc).__name__}")
        round_.done.put((claimed, outcome))

    def _run(self, senders: ThreadPoolExecutor, permits: threading.BoundedSemaphore) -> None:
        while not self._stopping.is_set():
            try:
                busy = self.run_once(senders, permits)
            except Exception:
                log.exception("delivery worker round failed")
                busy = False
            if not busy:
                self._wake.wait(self._settings.worker_poll_s)
                self._wake.clear()
