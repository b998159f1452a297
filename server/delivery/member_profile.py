"""The `member.profile` topic (a desk tells the server who its members are) and the sign-in code message.

A profile is upserted per (store, member number); the phone number is sealed and
hashed for lookup, and shown only masked. A number that moves to another member
(the desk keeps phones unique) is taken from the old holder first, so the unique
(store, phone hash) never blocks a swap. A profile that is new gets a signed member
link, published in the station's feed as `member.link` (a desk may print it as a QR).

The code is a message like any other (server/delivery/notify.py): the member's
inbox, the webhook, their Apprise URLs; category `member_code`, urgent (quiet hours
do not hold it back) and never suppressed by an opt-out, or nobody could sign in.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import apprise
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.base import utcnow
from server.auth import StationIdentity
from server.crypto import SecretUnreadable, secret_box
from server.db import ServerDatabase
from server.delivery.notify import Rejected, apply_notify_batch
from server.members import (
    MemberPolicy,
    MemberProfile,
    PhoneProblem,
    create_member_link,
    member_url,
    normalise_phone,
    phone_hash,
)
from server.settings import ServerSettings
from services.core.masking import mask_phone

TOPIC = "member.profile"
CODE_TEMPLATE = "member_code"
CODE_CATEGORY = "member_code"


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    apprise: list[Annotated[str, Field(min_length=3, max_length=500)]] = Field(default_factory=list, max_length=5)


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member_code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")
    name_masked: str = Field(default="", max_length=80)
    phone: str = Field(min_length=1, max_length=30)
    contact: ContactIn = Field(default_factory=ContactIn)
    active: bool = True


def _parse(payload: dict[str, Any]) -> ProfileIn:
    try:
        return ProfileIn.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise Rejected(f"payload.{where}: {first.get('msg', 'invalid')}") from exc


def apply_member_profile(
    s: Session,
    db: ServerDatabase,
    settings: ServerSettings,
    station: StationIdentity,
    _event_id: str,
    payload: dict[str, Any],
) -> str:
    """Create or update the member of the station's store; Rejected names a bad field."""
    profile = _parse(payload)
    try:
        digits = normalise_phone(profile.phone)
    except PhoneProblem as exc:
        raise Rejected(f"payload.phone: {exc}") from exc
    if "\x00" in profile.name_masked:
        raise Rejected("payload.name_masked: contains a NUL character")
    for url in profile.contact.apprise:
        if "\x00" in url or apprise.Apprise.instantiate(url) is None:
            raise Rejected("payload.contact.apprise: a URL is not understood by Apprise")
    store = station.store_code
    box = secret_box(settings.secret_key, settings.data_dir)
    hashed = phone_hash(db.link_secret, store, digits)
    now = utcnow()
    # The number now belongs to this member: whoever held it before lets go (a swap of two numbers).
    s.execute(
        update(MemberProfile)
        .where(
            MemberProfile.store_code == store,
            MemberProfile.phone_hash == hashed,
            MemberProfile.member_code != profile.member_code,
        )
        .values(phone_hash=None, updated_at=now)
    )
    values = {
        "member_key": f"member-{profile.member_code}",
        "station_id": station.station_id,
        "name_masked": profile.name_masked,
        "phone_masked": mask_phone(digits),
        "phone_hash": hashed,
        "phone_sealed": box.seal(digits),
        "apprise_sealed": [box.seal(u) for u in profile.contact.apprise],
        "active": profile.active,
        "updated_at": now,
    }
    row = s.scalar(
        select(MemberProfile).where(
            MemberProfile.store_code == store, MemberProfile.member_code == profile.member_code
        )
    )
    if row is not None:
        for key, value in values.items():
            setattr(row, key, value)
        s.flush()
        return f"member {profile.member_code} updated"
    # A concurrent copy inserting the same member loses on the unique key; the batch is retried.
    row = MemberProfile(store_code=store, member_code=profile.member_code, created_at=now, **values)
    s.add(row)
    s.flush()
    token = create_member_link(s, row.id, MemberPolicy().link_ttl_s)
    db.append_feed(
        s,
        station.station_id,
        "member.link",
        {"member_code": profile.member_code, "member_url": member_url(settings, store, token)},
    )
    return f"member {profile.member_code} created"


SYNC_HANDLERS: dict[str, Any] = {TOPIC: apply_member_profile}


def send_code(
    s: Session, db: ServerDatabase, settings: ServerSettings, member: MemberProfile, code: str, locale: str
) -> str:
    """Queue the code message to the member's channels in the caller's transaction; returns the
    (status, reason) note of notify.member. Apprise URLs that cannot be opened any more are left out."""
    box = secret_box(settings.secret_key, settings.data_dir)
    urls: list[str] = []
    for sealed in member.apprise_sealed:
        try:
            urls.append(box.open(sealed))
        except SecretUnreadable:
            continue
    event_id = uuid.uuid4().hex
    payload = {
        "recipient": {"key": member.member_key, "name": member.name_masked, "apprise": urls},
        "template": CODE_TEMPLATE,
        "locale": locale,
        "params": {"code": code, "minutes": 5},
        "dedup_key": f"{CODE_TEMPLATE}:{event_id}",
        "category": CODE_CATEGORY,
        "urgent": True,
    }
    station = StationIdentity(member.station_id, member.store_code, "")
    status, reason = apply_notify_batch(s, db, settings, station, [(event_id, payload)])[0]
    if status != "applied":
        raise Rejected(reason)
    return reason
