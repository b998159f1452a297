"""Shared set-up for the parcel tests: a movable clock and residents of a given building."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from models import OutboxEvent, Parcel
from services.core.settings import ParcelSettings
from services.desk import Desk
from services.parcels.desk import ParcelService
from services.residents.records import ResidentInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> datetime:
        self.at += timedelta(**kw)
        return self.at


def service(desk: Desk, clock: Clock, **settings: Any) -> ParcelService:
    return ParcelService(desk.db.sessions, ParcelSettings(**settings), clock=clock)


def residents_of(desk: Desk, building: str, consent: bool = True) -> list[ResidentInfo]:
    """Residents of one building with no parcels yet and this notification consent, first by id."""
    with desk.db.sessions() as s:
        busy = set(s.scalars(select(Parcel.resident_id)).all())
    return [r for r in desk.residents.search("")
            if r.building == building and r.id not in busy and r.consent_notifications == consent]


def outbox(desk: Desk, topic: str) -> list[dict[str, Any]]:
    with desk.db.sessions() as s:
        return [e.payload for e in s.scalars(select(OutboxEvent).where(OutboxEvent.topic == topic)
                                              .order_by(OutboxEvent.id))]


def messages(desk: Desk, template: str) -> list[dict[str, Any]]:
    return [p for p in outbox(desk, "notify.member") if p["template"] == template]
