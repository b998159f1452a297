"""Sync problems: outbox events the server acknowledged but did not apply, for the desk to show.

The desk's sync client (services/sync.py) never lets one event block the outbox: an
event the server rejected (a payload it cannot apply, e.g. a lone surrogate in a text,
a value too long, an unknown courier), answered as a conflict (the id was first sent
with another payload), or refused on its own with a 4xx is marked sent and keeps the
server's reason here. The GUI lists them (newest first) so someone can look at them;
nothing is retried automatically, since the server would answer the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import OutboxEvent


@dataclass(frozen=True)
class SyncProblemRecord:
    event_id: str
    topic: str
    problem: str  # rejected | conflict | refused
    reason: str
    created_at: datetime
    sent_at: datetime | None


def sync_problems(session: Session, limit: int = 200) -> list[SyncProblemRecord]:
    """The newest `limit` outbox events with a sync problem."""
    rows = session.scalars(
        select(OutboxEvent).where(OutboxEvent.problem.is_not(None)).order_by(OutboxEvent.id.desc()).limit(limit)
    )
    return [
        SyncProblemRecord(e.event_id, e.topic, e.problem or "", e.problem_reason, e.created_at, e.sent_at)
        for e in rows
    ]


def count_sync_problems(session: Session) -> int:
    return int(session.scalar(select(func.count(OutboxEvent.id)).where(OutboxEvent.problem.is_not(None))) or 0)
