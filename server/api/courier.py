"""Courier HTTP API: admin partner endpoints, signed manifests and courier events, station sites.

Signed request checks, in order (each a JSON 4xx, nothing written): `X-Courier` names an
active partner (401 unknown_courier), `X-Timestamp` within ±5 min (401 stale_timestamp),
body ≤ max_body_bytes (413 body_too_large), `X-Signature` = hex HMAC-SHA256(secret,
timestamp + "." + raw body) (401 bad_signature), `Idempotency-Key` present (400
missing_idempotency_key); then a stored answer for the key is replayed (same body) or
refused (409 idempotency_conflict, other body); then JSON (400 malformed_json), fields
(422 invalid_request), routing (404 unknown_site / unknown_parcel).
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.auth import current_station, require_admin
from server.bodies import read_limited_body
from server.db import ServerDatabase
from server.delivery.courier import (
    COURIER_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    PartnerInfo,
    box,
    list_partners,
    partner_by_code,
    partner_secret,
    signature_ok,
    stations_for_parcel,
    stations_for_site,
    timestamp_fresh,
)
from server.deps import DbDep, SettingsDep
from server.errors import ApiError
from server.security import new_secret
from server.stations import StationIdentity
from server.tables import CourierParcel, CourierPartner, CourierRequest, StationSite
from server.validation import BoundedJsonRoute, read_json
from services.parcels.tracking import MAX_LENGTH, MIN_LENGTH, TRACKING_PATTERN

router = APIRouter(route_class=BoundedJsonRoute)

SiteCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]
PartnerCode = Annotated[str, Field(min_length=2, max_length=20, pattern=r"^[A-Z0-9]+$")]
Tracking = Annotated[str, Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH, pattern=TRACKING_PATTERN)]
Text = r"^[^\x00-\x1f\x7f]+$"  # no control characters (NUL breaks PostgreSQL text)
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


# ---------------------------------------------------------------- bodies


class PartnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: PartnerCode
    name: str = Field(min_length=1, max_length=80, pattern=Text)
    webhook_url: str = Field(default="", max_length=500, pattern=r"^(https?://\S+)?$")
    secret: str | None = Field(
        default=None,
        min_length=16,
        max_length=200,
        description="HMAC secret; omitted = generated and returned once",
    )


class PartnerUpdate(BaseModel):
    """What an admin may change: a moved webhook, a rotated secret, switching the partner on again."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=80, pattern=Text)
    webhook_url: str | None = Field(default=None, max_length=500, pattern=r"^(https?://\S+)?$")
    secret: str | None = Field(default=None, min_length=16, max_length=200, description="the new HMAC secret")
    active: bool | None = None


@dataclass(frozen=True)
class PartnerCreated(PartnerInfo):
    secret: str  # shown once; the server keeps it Fernet-encrypted


class ParcelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tracking_no: Tracking
    recipient_name: str = Field(min_length=1, max_length=60, pattern=Text)
    recipient_phone: str = Field(min_length=3, max_length=20, pattern=r"^[0-9+() -]+$")
    building: str = Field(min_length=1, max_length=16, pattern=Text)
    unit: str = Field(min_length=1, max_length=16, pattern=Text)
    size: Literal["S", "M", "L"]
    arrived_at: AwareDatetime | None = None


class ManifestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    site: SiteCode
    parcels: list[ParcelIn] = Field(min_length=1, max_length=500)


class ManifestOut(BaseModel):
    manifest_id: str
    site: str
    stations: int = Field(description="how many stations the parcels were announced to")
    announced: list[str]
    duplicates: list[str] = Field(
        description="tracking numbers already announced by this courier, or twice here"
    )


class RecallAckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["recall_ack"]
    tracking_no: Tracking
    instruction: Literal["door_to_door", "return_to_sender"]
    pickup_by: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=160, pattern=Text)


class CollectedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["collected"]
    tracking_no: Tracking
    collected_at: AwareDatetime


CourierEventIn = Annotated[RecallAckIn | CollectedIn, Field(discriminator="type")]
_EVENT = TypeAdapter(CourierEventIn)


class CourierEventOut(BaseModel):
    type: str
    tracking_no: str
    stations: int


class SitesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sites: list[SiteCode] = Field(max_length=50)


class SitesOut(BaseModel):
    station_id: int
    sites: list[str]


# ---------------------------------------------------------------- admin


@router.post("/api/admin/couriers", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_create_partner(body: PartnerIn, db: DbDep, settings: SettingsDep) -> PartnerCreated:
    """Register a courier partner; its secret is returned this once."""
    secret = body.secret or new_secret()
    try:
        with db.session() as s:
            if partner_by_code(s, body.code) is not None:
                raise ApiError(409, "courier_exists", f"courier {body.code} is registered already")
            s.add(
                CourierPartner(
                    code=body.code,
                    name=body.name,
                    webhook_url=body.webhook_url,
                    active=True,
                    secret=box(settings).seal(secret),
                )
            )
    except IntegrityError as exc:  # two admins at once
        raise ApiError(409, "courier_exists", f"courier {body.code} is registered already") from exc
    with db.read_session() as s:
        info = next(p for p in list_partners(s) if p.code == body.code)
    return PartnerCreated(**vars(info), secret=secret)


@router.get("/api/admin/couriers", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_list_partners(db: DbDep) -> list[PartnerInfo]:
    with db.read_session() as s:
        return list_partners(s)


@router.put("/api/admin/couriers/{code}", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_update_partner(
    code: PartnerCode, body: PartnerUpdate, db: DbDep, settings: SettingsDep
) -> PartnerInfo:
    """Change a partner; a rotated secret takes effect for the next signed request."""
    with db.session() as s:
        partner = partner_by_code(s, code)
        if partner is None:
            raise ApiError(404, "unknown_courier", f"no courier {code}")
        if body.name is not None:
            partner.name = body.name
        if body.webhook_url is not None:
            partner.webhook_url = body.webhook_url
        if body.secret is not None:
            partner.secret = box(settings).seal(body.secret)
        if body.active is not None:
            partner.active = body.active
    with db.read_session() as s:
        return next(p for p in list_partners(s) if p.code == code)


@router.post("/api/admin/couriers/{code}/deactivate", dependencies=[Depends(require_admin)], tags=["admin"])
def admin_deactivate_partner(code: PartnerCode, db: DbDep) -> dict[str, object]:
    """The courier's signed requests are refused from now on and no more calls go to it."""
    with db.session() as s:
        partner = partner_by_code(s, code)
        if partner is None:
            raise ApiError(404, "unknown_courier", f"no courier {code}")
        partner.active = False
    return {"code": code, "active": False}


# ---------------------------------------------------------------- station sites


@router.put("/api/stations/me/sites", tags=["stations"])
def put_sites(
    body: SitesIn, db: DbDep, station: Annotated[StationIdentity, Depends(current_station)]
) -> SitesOut:
    """Declare the sites (compound codes) this station serves; replaces the previous list."""
    sites = sorted(set(body.sites))
    for attempt in range(3):
        try:
            with db.session() as s:
                s.execute(delete(StationSite).where(StationSite.station_id == station.station_id))
                s.add_all(StationSite(station_id=station.station_id, site_code=c) for c in sites)
            break
        except (IntegrityError, OperationalError):  # the same desk twice at once
            if attempt == 2:
                raise
            time.sleep(0.05)
    return SitesOut(station_id=station.station_id, sites=sites)


# ---------------------------------------------------------------- signed requests


@dataclass(frozen=True)
class Signed:
    partner_id: int
    code: str
    name: str
    key: str
    body: bytes
    body_sha256: str


async def signed_request(request: Request, db: DbDep, settings: SettingsDep) -> Signed:
    """FastAPI dependency: the checked signed request (module docstring), its body read."""
    code = request.headers.get(COURIER_HEADER, "").strip().upper()
    with db.read_session() as s:
        partner = partner_by_code(s, code) if code else None
    if partner is None or not partner.active:
        raise ApiError(401, "unknown_courier", f"{COURIER_HEADER} must name an active courier partner")
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    if not timestamp_fresh(timestamp):
        raise ApiError(
            401,
            "stale_timestamp",
            f"{TIMESTAMP_HEADER} must be unix seconds within 5 minutes of the server's clock",
        )
    raw = await read_limited_body(request, settings.max_body_bytes)
    if not signature_ok(
        partner_secret(settings, partner), timestamp.strip(), raw, request.headers.get(SIGNATURE_HEADER, "")
    ):
        raise ApiError(
            401,
            "bad_signature",
            f"{SIGNATURE_HEADER} must be hex HMAC-SHA256(secret, timestamp + '.' + body)",
        )
    key = request.headers.get("idempotency-key", "").strip()
    if not _IDEMPOTENCY_KEY.match(key):
        raise ApiError(
            400, "missing_idempotency_key", "Idempotency-Key (1-100 printable characters) is required"
        )
    return Signed(partner.id, partner.code, partner.name, key, raw, hashlib.sha256(raw).hexdigest())


SignedRequest = Annotated[Signed, Depends(signed_request)]


def body_key(kind: str, body_sha256: str) -> str:
    """The second key an accepted request is kept under: its body's. A space never occurs in a
    courier's own keys (printable ASCII without space), so the two kinds of key cannot meet."""
    return f"{kind} body {body_sha256}"


def _stored_answer(s: Session, signed: Signed, kind: str, key: str | None = None) -> dict[str, Any] | None:
    row = s.scalar(
        select(CourierRequest).where(
            CourierRequest.partner_id == signed.partner_id,
            CourierRequest.idempotency_key == (key or signed.key),
        )
    )
    if row is None:
        return None
    if row.body_sha256 != signed.body_sha256 or row.kind != kind:
        raise ApiError(
            409,
            "idempotency_conflict",
            "this Idempotency-Key was first used with another body; use a new key",
        )
    return row.response


def _parse(raw: bytes, adapter: TypeAdapter[Any]) -> Any:
    data = read_json(raw)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        details = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()[:20]
        ]
        raise ApiError(422, "invalid_request", "the request fields are not valid", details=details) from exc


def _announce(
    s: Session, db: ServerDatabase, signed: Signed, req: CourierRequest, m: ManifestIn
) -> dict[str, Any]:
    stations = stations_for_site(s, m.site)
    if not stations:
        raise ApiError(404, "unknown_site", f"no station serves site {m.site}; nothing was stored")
    manifest_id = f"{signed.code}-{req.id}"
    numbers = [p.tracking_no for p in m.parcels]
    known = set(
        s.scalars(
            select(CourierParcel.tracking_no).where(
                CourierParcel.partner_id == signed.partner_id, CourierParcel.tracking_no.in_(numbers)
            )
        )
    )
    announced: list[str] = []
    duplicates: list[str] = []
    now = utcnow()
    for p in m.parcels:
        if p.tracking_no in known:
            duplicates.append(p.tracking_no)
            continue
        known.add(p.tracking_no)
        announced.append(p.tracking_no)
        s.add(
            CourierParcel(
                partner_id=signed.partner_id, tracking_no=p.tracking_no, site_code=m.site, request_id=req.id
            )
        )
        payload = {
            "courier_code": signed.code,
            "courier_name": signed.name,
            "tracking_no": p.tracking_no,
            "recipient_name": p.recipient_name,
            "recipient_phone": p.recipient_phone,
            "building": p.building,
            "unit": p.unit,
            "size": p.size,
            "manifest_id": manifest_id,
            "arrived_at": (p.arrived_at or now).isoformat(),
        }
        for station_id in stations:
            db.append_feed(s, station_id, "parcel.announced", payload)
    return ManifestOut(
        manifest_id=manifest_id,
        site=m.site,
        stations=len(stations),
        announced=announced,
        duplicates=duplicates,
    ).model_dump()


def _answer(
    s: Session, db: ServerDatabase, signed: Signed, _req: CourierRequest, ev: RecallAckIn | CollectedIn
) -> dict[str, Any]:
    stations = stations_for_parcel(s, signed.partner_id, ev.tracking_no)
    if not stations:
        raise ApiError(404, "unknown_parcel", f"no station knows parcel {ev.tracking_no} of {signed.code}")
    payload: dict[str, Any] = {"courier_code": signed.code, "tracking_no": ev.tracking_no}
    if isinstance(ev, RecallAckIn):
        topic = "parcel.recall_ack"
        payload["instruction"] = ev.instruction
        if ev.pickup_by is not None:
            payload["pickup_by"] = ev.pickup_by.isoformat()
        if ev.note:
            payload["note"] = ev.note
    else:
        topic = "parcel.collected"
        payload["collected_at"] = ev.collected_at.isoformat()
    for station_id in stations:
        db.append_feed(s, station_id, topic, payload)
    return CourierEventOut(type=ev.type, tracking_no=ev.tracking_no, stations=len(stations)).model_dump()


def _apply(
    db: ServerDatabase, signed: Signed, kind: str, adapter: TypeAdapter[Any], apply: Any
) -> JSONResponse:
    """One transaction: the request row (idempotency) and its effects, or nothing at all.

    A concurrent request with the same key loses the unique-key race, is retried, and
    then reads the stored answer. The request is kept under its body's key too
    (body_key): the signature covers the timestamp and the body but not the
    Idempotency-Key, so a captured request resent within the timestamp window with a
    new key is answered from the first one instead of being applied again."""
    for attempt in range(5):
        try:
            with db.session() as s:
                if db.is_postgres:  # the feed lock first, as sync does: no deadlock between two manifests
                    s.execute(text("LOCK TABLE server_feed IN SHARE ROW EXCLUSIVE MODE"))
                stored = _stored_answer(s, signed, kind)
                if stored is None:
                    stored = _stored_answer(s, signed, kind, body_key(kind, signed.body_sha256))
                if stored is not None:
                    return JSONResponse(stored, headers={"Idempotent-Replayed": "true"})
                body = _parse(signed.body, adapter)
                req = CourierRequest(
                    partner_id=signed.partner_id,
                    idempotency_key=signed.key,
                    kind=kind,
                    body_sha256=signed.body_sha256,
                    response={},
                )
                same_body = CourierRequest(
                    partner_id=signed.partner_id,
                    idempotency_key=body_key(kind, signed.body_sha256),
                    kind=kind,
                    body_sha256=signed.body_sha256,
                    response={},
                )
                s.add_all([req, same_body])
                s.flush()
                req.response = same_body.response = apply(s, db, signed, req, body)
                return JSONResponse(req.response)
        except (IntegrityError, OperationalError):
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """A JSON schema with pydantic's local `$defs` references replaced by the definitions, so
    it can sit inside the OpenAPI document (whose root has no `$defs`)."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k not in ("$defs", "discriminator")}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _body_schema(schema: dict[str, Any]) -> dict[str, Any]:
    inlined = _inline(schema, schema.get("$defs", {}))
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": inlined}}}}


_SIGNED_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "malformed_json / missing_idempotency_key"},
    401: {"description": "unknown_courier / stale_timestamp / bad_signature"},
    404: {"description": "unknown_site / unknown_parcel: nothing stored"},
    409: {"description": "idempotency_conflict"},
    413: {"description": "body_too_large"},
}


@router.post(
    "/api/courier/manifests",
    tags=["courier"],
    response_model=ManifestOut,
    responses=_SIGNED_ERRORS,
    openapi_extra=_body_schema(ManifestIn.model_json_schema()),
)
async def post_manifest(signed: SignedRequest, db: DbDep) -> JSONResponse:
    """A courier's manifest: each new parcel is announced to the stations serving the site."""
    return await run_in_threadpool(_apply, db, signed, "manifest", TypeAdapter(ManifestIn), _announce)


@router.post(
    "/api/courier/events",
    tags=["courier"],
    response_model=CourierEventOut,
    responses=_SIGNED_ERRORS,
    openapi_extra=_body_schema(_EVENT.json_schema()),
)
async def post_courier_event(signed: SignedRequest, db: DbDep) -> JSONResponse:
    """A courier's answer: `recall_ack` (door_to_door / return_to_sender) or `collected`."""
    return await run_in_threadpool(_apply, db, signed, "event", _EVENT, _answer)
