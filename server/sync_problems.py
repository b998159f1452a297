"""Rejected sync events for the admin page: what a desk sent that the server could not apply.

A rejected event is acknowledged (it never blocks the desk's outbox) and kept in
`server_sync_events` with its reason; the desk shows the same list as "sync problems"
(services/sync_problems.py). This is the server's view, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.tables import Station, SyncEvent


@dataclass(frozen=True)
class RejectedEvent:
    id: int
    store_code: str
    station: str
    event_id: str
    topic: str
    reason: str
    client_created_at: datetime
    received_at: datetime


def rejected_events(s: Session, limit: int = 200) -> list[RejectedEvent]:
    rows = s.execute(
        select(SyncEvent, Station.store_code, Station.name)
        .join(Station, Station.id == SyncEvent.station_id)
        .where(SyncEvent.status == "rejected")
        .order_by(SyncEvent.id.desc())
        .limit(limit)
    )
    return [
        RejectedEvent(
            ev.id, store, name, ev.event_id, ev.topic, ev.reason, ev.client_created_at, ev.received_at
        )
        for ev, store, name in rows
    ]
