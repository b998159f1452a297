"""Outbox batches in (exactly-once per (station, event_id)), server events out (cursor feed).

Exactly-once effect = the desk retries until acknowledged + the server's unique
(station_id, event_id). A batch is one transaction: either every new event in it
is recorded and applied, or none is. A retry, a reordered batch or a duplicate
inside one batch is answered from the stored rows without applying anything again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from server.auth import current_station
from server.bodies import read_limited_body
from server.db import MAX_ID, ServerDatabase
from server.delivery.courier import SYNC_HANDLERS as COURIER_HANDLERS
from server.delivery.groupbuy import SYNC_HANDLERS as GROUPBUY_HANDLERS
from server.delivery.member_profile import SYNC_HANDLERS as MEMBER_HANDLERS
from server.delivery.notify import TOPIC as NOTIFY_TOPIC
from server.delivery.notify import Rejected, apply_notify_batch
from server.deps import DbDep, DeliveryDep, SettingsDep, get_sync_limiter
from server.errors import ApiError
from server.payfor import SYNC_HANDLERS as PAYFOR_HANDLERS
from server.ratelimit import RateLimiter
from server.settings import ServerSettings
from server.stations import StationIdentity
from server.tables import FeedEvent, SyncEvent
from server.validation import BoundedJsonRoute, read_json
from services.core.safe_json import text_problem

router = APIRouter(tags=["sync"], route_class=BoundedJsonRoute)

# A payload nested deeper than this is rejected (that event only); the whole body is
# bounded by services.core.safe_json.MAX_DEPTH (deeper: 400 json_too_deep).
MAX_PAYLOAD_DEPTH = 32

Handler = Callable[[Session, ServerDatabase, ServerSettings, StationIdentity, str, dict[str, Any]], str]
BatchHandler = Callable[
    [Session, ServerDatabase, ServerSettings, StationIdentity, Sequence[tuple[str, dict[str, Any]]]],
    list[tuple[str, str]],
]
# Topics applied set-based, a run of consecutive events at a time: (status, reason) per event.
BATCH_HANDLERS: dict[str, BatchHandler] = {NOTIFY_TOPIC: apply_notify_batch}
HANDLERS: dict[str, Handler] = {}
# parcel.stored / parcel.picked_up / parcel.recall → signed webhook calls to the courier.
HANDLERS.update(COURIER_HANDLERS)
# groupbuy.* → the groups and connection requests the members' pages show (server/groupbuy.py).
HANDLERS.update(GROUPBUY_HANDLERS)
# payfor.create / resend / cancel / ship → pay-for-another orders (server/payfor.py).
HANDLERS.update(PAYFOR_HANDLERS)
# member.profile → the member phone pages' profiles (server/members.py).
HANDLERS.update(MEMBER_HANDLERS)


def sync_station(
    request: Request, station: Annotated[StationIdentity, Depends(current_station)]
) -> StationIdentity:
    """The station behind the token, counted against its sync rate limit (429 + Retry-After)."""
    limiter: RateLimiter = get_sync_limiter(request)
    wait = limiter.hit(f"station:{station.station_id}")
    if wait:
        raise ApiError(
            429,
            "rate_limited",
            f"too many sync requests from this station; try again in {wait} s",
            {"Retry-After": str(wait)},
        )
    return station


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_id: str = Field(pattern=r"^[0-9a-f]{32}$", description="client-minted, 32 lowercase hex")
    topic: str = Field(pattern=r"^[a-z][a-z0-9_.-]{0,59}$")
    payload: dict[str, Any]
    created_at: AwareDatetime


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: list[EventIn] = Field(min_length=1)


class EventResult(BaseModel):
    event_id: str
    status: str = Field(description="applied | stored | rejected | conflict")
    duplicate: bool
    reason: str


class BatchOut(BaseModel):
    acked: list[str] = Field(description="every distinct event_id of the batch: mark these sent")
    results: list[EventResult]


class FeedItem(BaseModel):
    cursor: int
    topic: str
    payload: dict[str, Any]
    created_at: datetime


class FeedOut(BaseModel):
    events: list[FeedItem]
    cursor: int = Field(description="pass as ?after= next time")
    more: bool


def parse_batch(raw: bytes, max_events: int) -> BatchIn:
    data = read_json(raw)
    try:
        batch = BatchIn.model_validate(data)
    except ValidationError as exc:
        details = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()[:20]
        ]
        raise ApiError(422, "invalid_request", "the batch fields are not valid", details=details) from exc
    if len(batch.events) > max_events:
        raise ApiError(413, "batch_too_large", f"at most {max_events} events per batch")
    return batch


def _apply(
    s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity, batch: BatchIn
) -> BatchOut:
    ids = list(dict.fromkeys(e.event_id for e in batch.events))
    stored = {
        row.event_id: (row.topic, row.payload, row.status, row.reason)
        for row in s.execute(
            select(
                SyncEvent.event_id, SyncEvent.topic, SyncEvent.payload, SyncEvent.status, SyncEvent.reason
            ).where(SyncEvent.station_id == station.station_id, db.one_of(SyncEvent.event_id, ids))
        )
    }
    # The first copy of each event not stored yet, in batch order.
    new: dict[str, EventIn] = {}
    for ev in batch.events:
        if ev.event_id not in stored and ev.event_id not in new:
            new[ev.event_id] = ev
    outcomes = _run_handlers(s, db, settings, station, list(new.values()))
    if new:
        db.insert_rows(
            s,
            SyncEvent,
            [
                {
                    "station_id": station.station_id,
                    "event_id": ev.event_id,
                    "topic": ev.topic,
                    "payload": ev.payload,
                    "client_created_at": ev.created_at,
                    "status": status,
                    "reason": reason,
                }
                for ev, (status, reason) in zip(new.values(), outcomes, strict=True)
            ],
        )
    results: list[EventResult] = []
    outcome_of = dict(zip(new, outcomes, strict=True))
    for ev in batch.events:
        first = new.get(ev.event_id)
        if first is ev:
            status, reason = outcome_of[ev.event_id]
            results.append(EventResult(event_id=ev.event_id, status=status, duplicate=False, reason=reason))
            continue
        if first is not None:  # a second copy inside this batch
            topic, payload, (status, reason) = first.topic, first.payload, outcome_of[ev.event_id]
        else:
            topic, payload, status, reason = stored[ev.event_id]
        same = topic == ev.topic and payload == ev.payload
        results.append(
            EventResult(
                event_id=ev.event_id,
                status=status if same else "conflict",
                duplicate=True,
                reason=reason if same else "this event_id was first received with another topic or payload",
            )
        )
    return BatchOut(acked=ids, results=results)


def event_problem(ev: EventIn) -> str | None:
    """Why an event can never be applied whatever its topic, or None: a lone surrogate or a
    NUL character in any text of its payload (no encoder / PostgreSQL takes them), or a
    payload nested deeper than MAX_PAYLOAD_DEPTH. Such an event is rejected on its own,
    before any handler sees it, so it can neither fail the batch nor block the desk."""
    return text_problem(ev.payload, max_depth=MAX_PAYLOAD_DEPTH, forbid_nul=True, path="payload")


def _run_handlers(
    s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity, events: list[EventIn]
) -> list[tuple[str, str]]:
    """(status, reason) per event, in order; events with a problem (event_problem) are rejected
    and the others handled."""
    problems = [event_problem(ev) for ev in events]
    clean = [ev for ev, problem in zip(events, problems, strict=True) if problem is None]
    handled = iter(_run_clean(s, db, settings, station, clean))
    return [("rejected", p[:300]) if p is not None else next(handled) for p in problems]


def _run_clean(
    s: Session, db: ServerDatabase, settings: ServerSettings, station: StationIdentity, events: list[EventIn]
) -> list[tuple[str, str]]:
    """(status, reason) per event, in order; a run of consecutive events of a topic with a
    batch handler goes to it in one call."""
    outcomes: list[tuple[str, str]] = []
    n = 0
    while n < len(events):
        topic = events[n].topic
        batch_handler = BATCH_HANDLERS.get(topic)
        if batch_handler is not None:
            end = n
            while end < len(events) and events[end].topic == topic:
                end += 1
            run = [(e.event_id, e.payload) for e in events[n:end]]
            outcomes.extend(batch_handler(s, db, settings, station, run))
            n = end
            continue
        handler = HANDLERS.get(topic)
        if handler is None:
            outcomes.append(("stored", "no server-side handler for this topic yet; kept"))
        else:
            try:
                # A savepoint: a value the database refuses (PostgreSQL aborts the whole
                # transaction on it) rejects this event only.
                with s.begin_nested():
                    reason = handler(s, db, settings, station, events[n].event_id, events[n].payload)
                outcomes.append(("applied", reason))
            except Rejected as exc:
                outcomes.append(("rejected", str(exc)[:300]))
            except DataError as exc:
                outcomes.append(("rejected", f"a value cannot be stored: {exc.orig}"[:300]))
        n += 1
    return outcomes


def apply_batch(
    db: ServerDatabase, settings: ServerSettings, station: StationIdentity, batch: BatchIn
) -> BatchOut:
    """Apply in one transaction; a unique-key race with a concurrent copy of the batch is retried.

    The retry re-reads the stored rows, so the events the other request recorded
    come back as duplicates rather than being applied twice.
    """
    for attempt in range(5):
        try:
            with db.session() as s:
                return _apply(s, db, settings, station, batch)
        except (IntegrityError, OperationalError):
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


_BATCH_SCHEMA = {
    "type": "object",
    "required": ["events"],
    "properties": {"events": {"type": "array", "minItems": 1, "items": EventIn.model_json_schema()}},
}


@router.post(
    "/api/sync/events",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _BATCH_SCHEMA}}}
    },
)
async def post_events(
    request: Request,
    station: Annotated[StationIdentity, Depends(sync_station)],
    db: DbDep,
    settings: SettingsDep,
    delivery: DeliveryDep,
) -> BatchOut:
    """Record a batch of outbox events; the answer acknowledges every id, duplicates included."""
    raw = await read_limited_body(request, settings.max_body_bytes)
    batch = parse_batch(raw, settings.max_batch_events)
    result = await run_in_threadpool(apply_batch, db, settings, station, batch)
    delivery.wake()
    return result


@router.get("/api/sync/feed")
def get_feed(
    db: DbDep,
    station: Annotated[StationIdentity, Depends(sync_station)],
    after: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FeedOut:
    """This station's server-side events with id > after, oldest first."""
    with db.read_session() as s:
        rows = list(
            s.scalars(
                select(FeedEvent)
                .where(FeedEvent.station_id == station.station_id, FeedEvent.id > after)
                .order_by(FeedEvent.id)
                .limit(limit + 1)
            )
        )
    more = len(rows) > limit
    rows = rows[:limit]
    items = [FeedItem(cursor=r.id, topic=r.topic, payload=r.payload, created_at=r.created_at) for r in rows]
    return FeedOut(events=items, cursor=rows[-1].id if rows else after, more=more)
