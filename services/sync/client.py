"""The desk's side of sync: push the outbox to the server, pull the server's feed.

An event is marked sent only when the server acknowledges its id; the server
applies each id once, so a retry after a lost answer is harmless. Offline for
hours, the outbox simply waits. Station token and feed cursor live in app_meta.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from models import AppMeta, Compound, OutboxEvent
from models.base import utcnow
from models.db import unit_of_work
from services.core.journal import record_audit

log = logging.getLogger(__name__)

# A feed topic's handler, ``handler(session, payload)``: it runs in the same transaction as the feed
# cursor, so an event is applied exactly once with the cursor moving past it. A handler that raises
# rolls the page back (the cursor stays), so it must skip what it can never apply.
FeedHandler = Callable[[Session, dict[str, Any]], None]
FeedHandlers = Mapping[str, FeedHandler]


# Server answers that mean "acknowledged, but not applied": kept as sync problems.
PROBLEM_STATUSES = ("rejected", "conflict")


def _encode(body: dict[str, Any]) -> bytes:
    """JSON with every non-ASCII character escaped: a lone surrogate in a payload (which no
    UTF-8 encoder takes) travels as `\\udXXX` and the server rejects that event by name."""
    return json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")


TOKEN_KEY = "sync_station_token"
CURSOR_KEY = "sync_feed_cursor"
BATCH = 200


class SyncProblem(enum.StrEnum):
    OFFLINE = "offline"  # no connection, timeout, 5xx: try again later
    UNAUTHORIZED = "unauthorized"  # token wrong or revoked: enrol again
    REFUSED = "refused"  # 4xx on a batch: a bug or a contract change; logged with the reason
    NOT_ENROLLED = "not_enrolled"


class SyncError(Exception):
    def __init__(self, problem: SyncProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class SyncReport:
    sent: int
    pending: int
    feed_events: int


def _meta(session: Session, key: str) -> str | None:
    row = session.get(AppMeta, key)
    return row.value if row is not None else None


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(AppMeta, key)
    if row is None:
        session.add(AppMeta(key=key, value=value))
    else:
        row.value = value


def enrol(base_url: str, code: str, store_code: str, name: str, *, timeout: float = 10.0) -> str:
    """Trade a one-time enrolment code for a station token."""
    try:
        r = httpx.post(f"{base_url.rstrip('/')}/api/stations/enrol",
                       json={"code": code, "store_code": store_code, "name": name}, timeout=timeout)
    except httpx.HTTPError as exc:
        raise SyncError(SyncProblem.OFFLINE, str(exc)) from exc
    if r.status_code != 200:
        raise SyncError(SyncProblem.UNAUTHORIZED if r.status_code in (401, 403) else SyncProblem.REFUSED, r.text[:300])
    token: str = r.json()["token"]
    return token


class SyncClient:
    def __init__(self, sessions: sessionmaker[Session], base_url: str, *, handlers: FeedHandlers,
                 timeout: float = 10.0) -> None:
        """``handlers``: feed topic → what applies it on this desk (built by the composition root:
        ``Desk.feed_handlers``); topics without one are recorded in the audit log only."""
        self._handlers = handlers
        self._sessions = sessions
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(timeout=timeout)
        self._sites_declared = False

    def close(self) -> None:
        self._http.close()

    # -- token ----------------------------------------------------------------------

    def token(self) -> str | None:
        with self._sessions() as session:
            return _meta(session, TOKEN_KEY)

    def save_token(self, token: str) -> None:
        with unit_of_work(self._sessions) as session:
            _set_meta(session, TOKEN_KEY, token)
            record_audit(session, "sync_enrolled", subject=self.base_url)

    def _headers(self) -> dict[str, str]:
        token = self.token()
        if not token:
            raise SyncError(SyncProblem.NOT_ENROLLED)
        return {"Authorization": f"Bearer {token}"}

    def _call(self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        try:
            r = self._http.request(method, self.base_url + path, headers={**self._headers(), **(headers or {})},
                                   **kwargs)
        except httpx.HTTPError as exc:
            raise SyncError(SyncProblem.OFFLINE, f"{type(exc).__name__}: {exc}") from exc
        if r.status_code in (401, 403):
            raise SyncError(SyncProblem.UNAUTHORIZED, r.text[:300])
        if r.status_code >= 500 or r.status_code in (408, 429):  # the server is busy: later, unchanged
            raise SyncError(SyncProblem.OFFLINE, f"HTTP {r.status_code}")
        if r.status_code != 200:
            raise SyncError(SyncProblem.REFUSED, f"HTTP {r.status_code}: {r.text[:300]}")
        return r

    # -- push -----------------------------------------------------------------------

    def push(self) -> int:
        """Send every unsent outbox event, oldest first, in batches; returns how many were acknowledged.

        The server answers per event: an event it could not apply (rejected, conflict) is
        acknowledged like the others and kept as a sync problem (services/sync/problems.py).
        A batch the server refuses as a whole (4xx) is split in halves until the one event
        it refuses on its own is found; that event is kept as a "refused" sync problem and
        the rest of the outbox goes on: one poison event never blocks a desk.
        """
        sent = 0
        while True:
            with self._sessions() as session:
                batch = list(session.scalars(
                    select(OutboxEvent).where(OutboxEvent.sent_at.is_(None)).order_by(OutboxEvent.id).limit(BATCH)
                ))
                events = [
                    {"event_id": e.event_id, "topic": e.topic, "payload": e.payload,
                     "created_at": e.created_at.isoformat()} for e in batch
                ]
            if not events:
                return sent
            sent += self._push_events(events)

    def _push_events(self, events: list[dict[str, Any]]) -> int:
        ids = [e["event_id"] for e in events]
        try:
            r = self._call("POST", "/api/sync/events", content=_encode({"events": events}),
                           headers={"Content-Type": "application/json"})
        except SyncError as exc:
            if exc.problem is not SyncProblem.REFUSED:
                self._note_failure(ids, exc)
                raise
            if len(events) > 1:
                half = len(events) // 2
                return self._push_events(events[:half]) + self._push_events(events[half:])
            self._mark_refused(ids[0], exc.detail)
            return 1
        answer = r.json()
        acked = set(answer.get("acked", [])) & set(ids)
        problems = {
            str(x.get("event_id")): (str(x.get("status")), str(x.get("reason", ""))[:300])
            for x in answer.get("results", [])
            if isinstance(x, dict) and x.get("status") in PROBLEM_STATUSES and x.get("event_id") in acked
        }
        with unit_of_work(self._sessions) as session:
            now = utcnow()
            session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.event_id.in_(acked), OutboxEvent.sent_at.is_(None))
                .values(sent_at=now, last_error="")
            )
            for event_id, (status, reason) in problems.items():
                session.execute(
                    update(OutboxEvent).where(OutboxEvent.event_id == event_id)
                    .values(problem=status, problem_reason=reason)
                )
        if len(acked) < len(ids):
            missing = len(ids) - len(acked)
            raise SyncError(SyncProblem.REFUSED, f"{missing} events in the batch were not acknowledged")
        return len(acked)

    def _mark_refused(self, event_id: str, detail: str) -> None:
        """The server refused this one event on its own (4xx): it will never take it as it is."""
        log.warning("sync: the server refused outbox event %s: %s", event_id, detail)
        with unit_of_work(self._sessions) as session:
            session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.event_id == event_id, OutboxEvent.sent_at.is_(None))
                .values(sent_at=utcnow(), attempts=OutboxEvent.attempts + 1, last_error=detail[:300],
                        problem="refused", problem_reason=detail[:300])
            )

    def _note_failure(self, ids: list[str], exc: SyncError) -> None:
        with unit_of_work(self._sessions) as session:
            session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.event_id.in_(ids))
                .values(attempts=OutboxEvent.attempts + 1, last_error=str(exc)[:300])
            )

    # -- pull -----------------------------------------------------------------------

    def pull(self) -> int:
        """Read the server's feed after our cursor; each event is recorded in the audit log and applied
        by its topic's handler, page by page with the cursor."""
        count = 0
        while True:
            with self._sessions() as session:
                cursor = _meta(session, CURSOR_KEY) or "0"
            page = self._call("GET", "/api/sync/feed", params={"after": cursor, "limit": 200}).json()
            events = page.get("events", [])
            with unit_of_work(self._sessions) as session:
                for e in events:
                    record_audit(session, f"feed:{e['topic']}"[:40], detail=e.get("payload", {}))
                    handler = self._handlers.get(str(e.get("topic", "")))
                    if handler is not None:
                        handler(session, dict(e.get("payload") or {}))
                _set_meta(session, CURSOR_KEY, str(page.get("cursor", cursor)))
            count += len(events)
            if not page.get("more"):
                return count

    # -- sites ----------------------------------------------------------------------

    def declare_sites(self) -> list[str]:
        """Tell the server which sites (this desk's compound codes) it serves, so courier
        manifests for them reach this station. Replaces the previous list; harmless to repeat."""
        with self._sessions() as session:
            sites = sorted(session.scalars(select(Compound.code)).all())
        answer = self._call("PUT", "/api/stations/me/sites", json={"sites": sites}).json()
        self._sites_declared = True
        return list(answer.get("sites", sites))

    def sync(self) -> SyncReport:
        if not self._sites_declared:  # once per client (start-up or after enrolment)
            self.declare_sites()
        sent = self.push()
        feed = self.pull()
        with self._sessions() as session:
            pending = len(session.scalars(select(OutboxEvent.id).where(OutboxEvent.sent_at.is_(None))).all())
        return SyncReport(sent, pending, feed)
