"""Station enrolment (one-time codes → bearer tokens), listing and revocation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field
from sqlalchemy import select, update

from models.base import utcnow
from server.auth import current_station, require_admin
from server.db import MAX_ID, affected
from server.deps import DbDep, SettingsDep
from server.errors import ApiError
from server.security import new_station_token, normalise_code, sha256_hex
from server.stations import EnrolmentCodeOut, StationIdentity, create_enrolment_code
from server.tables import EnrolmentCode, Station
from server.validation import BoundedJsonRoute

router = APIRouter(route_class=BoundedJsonRoute)

StoreCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]


class EnrolmentCodeRequest(BaseModel):
    store_code: StoreCode


class EnrolRequest(BaseModel):
    code: str = Field(min_length=4, max_length=40)
    store_code: StoreCode
    name: str = Field(default="", max_length=80)


class EnrolOut(BaseModel):
    station_id: int
    store_code: str
    token: str


class StationOut(BaseModel):
    station_id: int
    store_code: str
    name: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


@router.post("/api/admin/enrolment-codes", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_create_code(body: EnrolmentCodeRequest, db: DbDep, settings: SettingsDep) -> EnrolmentCodeOut:
    return create_enrolment_code(db, body.store_code, settings.enrolment_code_ttl_s)


@router.get("/api/admin/stations", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_list_stations(db: DbDep) -> list[StationOut]:
    with db.read_session() as s:
        return [
            StationOut(
                station_id=st.id,
                store_code=st.store_code,
                name=st.name,
                created_at=st.created_at,
                last_seen_at=st.last_seen_at,
                revoked_at=st.revoked_at,
            )
            for st in s.scalars(select(Station).order_by(Station.id))
        ]


@router.post("/api/admin/stations/{station_id}/revoke", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_revoke_station(station_id: Annotated[int, Path(ge=1, le=MAX_ID)], db: DbDep) -> dict[str, object]:
    with db.session() as s:
        station = s.get(Station, station_id)
        if station is None:
            raise ApiError(404, "unknown_station", f"no station {station_id}")
        if station.revoked_at is None:
            station.revoked_at = utcnow()
        return {"station_id": station_id, "revoked_at": station.revoked_at.isoformat()}


@router.post("/api/stations/enrol", tags=["stations"])
def enrol(body: EnrolRequest, db: DbDep) -> EnrolOut:
    """Trade a one-time code (plus the store code it was made for) for a station token."""
    token = new_station_token()
    now = utcnow()
    with db.session() as s:
        code = s.scalar(
            select(EnrolmentCode).where(EnrolmentCode.code_hash == sha256_hex(normalise_code(body.code)))
        )
        # One answer for unknown, used, expired and wrong-store codes: no oracle for guessing.
        if (
            code is None
            or code.used_at is not None
            or code.expires_at <= now
            or code.store_code != body.store_code
        ):
            raise ApiError(
                403,
                "invalid_enrolment_code",
                "the enrolment code is unknown, used, expired or for another store",
            )
        station = Station(store_code=code.store_code, name=body.name, token_hash=sha256_hex(token))
        s.add(station)
        s.flush()
        # Conditional update: two desks racing with one code, only one gets a token.
        claimed = affected(
            s.execute(
                update(EnrolmentCode)
                .where(EnrolmentCode.id == code.id, EnrolmentCode.used_at.is_(None))
                .values(used_at=now, station_id=station.id)
            )
        )
        if claimed != 1:
            raise ApiError(
                403,
                "invalid_enrolment_code",
                "the enrolment code is unknown, used, expired or for another store",
            )
        return EnrolOut(station_id=station.id, store_code=station.store_code, token=token)


@router.get("/api/stations/me", tags=["stations"])
def whoami(station: Annotated[StationIdentity, Depends(current_station)]) -> dict[str, object]:
    return {"station_id": station.station_id, "store_code": station.store_code, "name": station.name}
