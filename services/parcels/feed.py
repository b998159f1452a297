"""Parcel topics of the server's feed, applied in the same transaction as the feed cursor.

``parcel.announced`` (a courier manifest line), ``parcel.recall_ack`` (the courier's
instruction for a recalled parcel), ``parcel.collected`` (the courier took a recalled
parcel back). Each handler is idempotent. A payload that cannot be applied (a
malformed tracking number, a parcel this desk does not hold) is written to the audit
log and skipped, inside a savepoint, so one bad line never stalls the feed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from models.base import utcnow
from services.core.errors import DeskError
from services.core.journal import record_audit
from services.parcels.desk import find_live, ingest_announcement, mark_returned, record_recall_ack
from services.parcels.records import ParcelState

log = logging.getLogger(__name__)

FeedHandler = Callable[[Session, dict[str, Any]], None]


def _guarded(topic: str, apply: Callable[[Session, dict[str, Any], datetime], None]) -> FeedHandler:
    def handler(session: Session, payload: dict[str, Any]) -> None:
        try:
            with session.begin_nested():
                apply(session, payload, utcnow())
        except DeskError as exc:
            log.warning("feed %s skipped: %s", topic, exc)
            record_audit(session, "parcel_feed_skipped", subject=str(payload.get("tracking_no", ""))[:80],
                         detail={"topic": topic, "code": exc.code.value,
                                 "params": {k: str(v) for k, v in exc.params.items()}})
    return handler


def _announced(session: Session, payload: dict[str, Any], now: datetime) -> None:
    ingest_announcement(session, payload, now)


def _recall_ack(session: Session, payload: dict[str, Any], now: datetime) -> None:
    if record_recall_ack(session, payload, now) is None:
        log.info("recall_ack for a parcel this desk does not hold: %s", payload.get("tracking_no"))


def _collected(session: Session, payload: dict[str, Any], now: datetime) -> None:
    p = find_live(session, str(payload.get("courier_code", "")).strip().upper(),
                  str(payload.get("tracking_no", "")).strip())
    if p is None or p.state != ParcelState.RECALL_REQUESTED.value:
        log.info("parcel.collected for no recalled parcel here: %s", payload.get("tracking_no"))
        return
    at = now
    raw = payload.get("collected_at")
    if isinstance(raw, str):
        try:
            parsed = datetime.fromisoformat(raw)
            at = parsed if parsed.tzinfo is not None else now
        except ValueError:
            pass
    mark_returned(session, p.id, at, operator_id=None, note="collected by the courier")


HANDLERS: dict[str, FeedHandler] = {
    "parcel.announced": _guarded("parcel.announced", _announced),
    "parcel.recall_ack": _guarded("parcel.recall_ack", _recall_ack),
    "parcel.collected": _guarded("parcel.collected", _collected),
}
