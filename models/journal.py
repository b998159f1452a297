"""The audit log and the outbox of events bound for the server.

Both are written in the same transaction as the change they describe, so an
event is never sent for a change that rolled back, and never lost for one that
committed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


def new_event_id() -> str:
    return uuid.uuid4().hex


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxEvent(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_event_id)
    topic: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    # Sent but not applied (services/sync/problems.py): "rejected" / "conflict" by the
    # server's answer for the event, "refused" when the server refused it on its own (4xx).
    problem: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    problem_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
