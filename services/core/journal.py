"""Audit entries and outbox events, added to the caller's session so they commit
(or roll back) together with the change they describe."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEntry, OutboxEvent
from services.core.records import OutboxStatus


def record_audit(
    session: Session,
    action: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    operator_id: int | None = None,
) -> None:
    session.add(AuditEntry(action=action, subject=subject, detail=detail or {}, operator_id=operator_id))


def emit_event(session: Session, topic: str, payload: dict[str, Any]) -> str:
    """Queue an event for the server; returns its id (the idempotency key the server dedups on)."""
    event = OutboxEvent(topic=topic, payload=payload)
    session.add(event)
    session.flush()
    return event.event_id


def outbox_status(session: Session) -> OutboxStatus:
    pending, oldest = session.execute(
        select(func.count(OutboxEvent.id), func.min(OutboxEvent.created_at)).where(
            OutboxEvent.sent_at.is_(None)
        )
    ).one()
    failed = session.scalar(
        select(func.count(OutboxEvent.id)).where(OutboxEvent.sent_at.is_(None), OutboxEvent.attempts > 0)
    )
    return OutboxStatus(pending=int(pending), failed=int(failed or 0), oldest_pending=oldest)
