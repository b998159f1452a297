"""Retention: history the server no longer needs is deleted, in small batches.

Periods (settings, documented in docs/server.md):

* `server_deliveries` in a final state (sent, failed, dead, suppressed, cancelled),
  created more than `delivery_retention_days` ago (default 90). Pending and sending
  rows are never touched, however old: they are work still to do.
* `server_feed` rows older than `feed_retention_days` (default 90): a desk offline
  longer than that misses them (its cursor just moves on past the gap).
* `server_rate_limits` rows whose window has ended.

Each batch is its own short transaction (`batch` rows, by id), so a large first run
never holds locks for long and the delivery workers keep claiming meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select

from models.base import utcnow
from server.db import ServerDatabase, affected
from server.tables import Delivery, FeedEvent, RateCounter

FINAL_STATES = ("sent", "failed", "dead", "suppressed", "cancelled")


@dataclass(frozen=True)
class Pruned:
    deliveries: int
    feed: int
    rate_counters: int


def prune(
    db: ServerDatabase,
    delivery_days: int,
    feed_days: int,
    now: datetime | None = None,
    batch: int = 5000,
) -> Pruned:
    """Delete what is past its retention period; returns how many rows of each went."""
    now = now or utcnow()
    deliveries = _in_batches(
        db,
        Delivery,
        (Delivery.state.in_(FINAL_STATES), Delivery.created_at < now - timedelta(days=delivery_days)),
        batch,
    )
    feed = _in_batches(db, FeedEvent, (FeedEvent.created_at < now - timedelta(days=feed_days),), batch)
    with db.write_connection() as conn:
        counters = affected(conn.execute(delete(RateCounter).where(RateCounter.expires_at <= now)))
    return Pruned(deliveries, feed, counters)


def _in_batches(
    db: ServerDatabase,
    model: type[Delivery] | type[FeedEvent],
    where: tuple[ColumnElement[bool], ...],
    batch: int,
) -> int:
    total = 0
    while True:
        with db.write_connection() as conn:
            ids = list(conn.scalars(select(model.id).where(*where).order_by(model.id).limit(batch)))
            if not ids:
                return total
            total += affected(conn.execute(delete(model).where(model.id.in_(ids), *where)))
