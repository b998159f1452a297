"""Stations: who a request's station is, and one-time enrolment codes (minted by the admin API,
the admin page and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from models.base import utcnow
from server.db import ServerDatabase
from server.security import new_enrolment_code, sha256_hex
from server.tables import EnrolmentCode


@dataclass(frozen=True)
class StationIdentity:
    """The enrolled station behind a request (server/auth.py `current_station`), as the sync
    handlers in server/delivery/ receive it."""

    station_id: int
    store_code: str
    name: str


class EnrolmentCodeOut(BaseModel):
    code: str
    store_code: str
    expires_at: datetime


def create_enrolment_code(db: ServerDatabase, store_code: str, ttl_s: int) -> EnrolmentCodeOut:
    """Mint a one-time code for a store; only its hash is stored. Also used by the CLI."""
    code = new_enrolment_code()
    expires = utcnow() + timedelta(seconds=ttl_s)
    with db.session() as s:
        s.add(EnrolmentCode(code_hash=sha256_hex(code), store_code=store_code, expires_at=expires))
    return EnrolmentCodeOut(code=code, store_code=store_code, expires_at=expires)
