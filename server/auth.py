"""Bearer-token checks as FastAPI dependencies: stations (hashed tokens in the database)
and the admin (settings)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from sqlalchemy import select, update

from models.base import utcnow
from server.deps import DbDep, SettingsDep
from server.errors import ApiError
from server.security import constant_time_equal, sha256_hex
from server.stations import StationIdentity
from server.tables import Station

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise ApiError(401, "missing_token", "Authorization: Bearer <token> is required", _CHALLENGE)
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "malformed_token", "the Authorization header must be 'Bearer <token>'", _CHALLENGE
        )
    return token.strip()


def current_station(request: Request, db: DbDep) -> StationIdentity:
    """FastAPI dependency: the enrolled, non-revoked station behind the bearer token."""
    token = bearer_token(request)
    with db.read_session() as s:
        station = s.scalar(select(Station).where(Station.token_hash == sha256_hex(token)))
    if station is None:
        raise ApiError(401, "invalid_token", "this station token is not known", _CHALLENGE)
    if station.revoked_at is not None:
        raise ApiError(401, "revoked_token", "this station token has been revoked", _CHALLENGE)
    now = utcnow()
    # At most one write a minute per station, not one per request.
    if station.last_seen_at is None or now - station.last_seen_at > timedelta(minutes=1):
        with db.session() as s:
            s.execute(update(Station).where(Station.id == station.id).values(last_seen_at=now))
    return StationIdentity(station.id, station.store_code, station.name)


def require_admin(request: Request, settings: SettingsDep) -> None:
    if not settings.admin_token:
        raise ApiError(403, "admin_disabled", "no admin token is configured on this server")
    if not constant_time_equal(bearer_token(request), settings.admin_token):
        raise ApiError(401, "invalid_token", "wrong admin token", _CHALLENGE)
