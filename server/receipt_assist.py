"""Receipt-assist routing (CN115170233A claims 2-4): who gets an order's receipt information,
and the one call that queues a notice to them. Shared by pay-for-another and gift orders.

The recipient's contact is the first of:
  1. ``server``   — the contact this server already has for the recipient's identifier
                    (a recipient known to the message inbox under that key),
  2. ``prebound`` — a contact the payer bound in advance for that identifier,
  3. ``phone``    — the recipient's phone number itself, when nothing else is known;
and ``none`` when there is nothing at all (the order must be stopped before it is sent).

    res = resolve_contact(s, store_code, recipient_key="member:12", recipient_phone="13800001111",
                          payer_key="member:7")
    queue_notice(s, db, settings, station_id=..., store_code=..., contact=res, template="payfor_receipt",
                 params={...}, dedup_key="payfor:3:paid", event_id="pf3-paid")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import ServerDatabase
from server.delivery.notify import Rejected, apply_notify_batch
from server.payfor_tables import PayForContact
from server.settings import ServerSettings
from server.stations import StationIdentity
from server.tables import Recipient
from services.core.masking import mask_phone

PHONE = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class ContactResolution:
    kind: str  # server | prebound | phone | none
    key: str  # the message recipient key notices go to ("" for none)
    apprise: tuple[str, ...]  # extra channels (a pre-bound contact)
    detail: str  # what was used, safe to show (masked)


def phone_key(phone: str) -> str:
    return f"phone:{phone}"


def resolve_contact(
    s: Session, store_code: str, *, recipient_key: str, recipient_phone: str, payer_key: str
) -> ContactResolution:
    """The claim 2 → 3 → 4 chain. `recipient_key` may be empty (a recipient known only by phone)."""
    keys = [k for k in (recipient_key, phone_key(recipient_phone) if recipient_phone else "") if k]
    if keys:
        known = set(
            s.scalars(
                select(Recipient.recipient_key).where(
                    Recipient.store_code == store_code, Recipient.recipient_key.in_(keys)
                )
            )
        )
        for key in keys:
            if key in known:
                return ContactResolution("server", key, (), f"server contact for {_shown(key)}")
        bound = s.execute(
            select(PayForContact.recipient_key, PayForContact.apprise_url).where(
                PayForContact.store_code == store_code,
                PayForContact.payer_key == payer_key,
                PayForContact.recipient_key.in_(keys),
            )
        ).all()
        by_key = {key: url for key, url in bound}
        for key in keys:
            if key in by_key:
                return ContactResolution("prebound", key, (by_key[key],), "contact bound by the payer")
    if recipient_phone and PHONE.match(recipient_phone):
        key = phone_key(recipient_phone)
        return ContactResolution("phone", key, (), f"phone {mask_phone(recipient_phone)}")
    return ContactResolution("none", "", (), "no contact")


def _shown(key: str) -> str:
    kind, _, value = key.partition(":")
    return f"phone:{mask_phone(value)}" if kind == "phone" else key


def bind_contact(s: Session, store_code: str, payer_key: str, recipient_key: str, apprise_url: str) -> None:
    """The payer's pre-bound contact for a recipient (claim 3); a new one replaces the old."""
    row = s.scalar(
        select(PayForContact).where(
            PayForContact.store_code == store_code,
            PayForContact.payer_key == payer_key,
            PayForContact.recipient_key == recipient_key,
        )
    )
    if row is None:
        s.add(PayForContact(store_code=store_code, payer_key=payer_key, recipient_key=recipient_key,
                            apprise_url=apprise_url))
        s.flush()
    else:
        row.apprise_url = apprise_url


def queue_notice(
    s: Session,
    db: ServerDatabase,
    settings: ServerSettings,
    *,
    station_id: int,
    store_code: str,
    contact: ContactResolution,
    name: str,
    template: str,
    params: dict[str, Any],
    dedup_key: str,
    event_id: str,
    locale: str = "zh",
) -> str:
    """Queue one message (inbox + channels) in the caller's transaction; raises Rejected if it
    cannot be made (an unknown template, a missing parameter). Deduplicated on `dedup_key`."""
    if contact.kind == "none":
        raise Rejected("recipient_no_contact: the recipient has no contact at all")
    payload: dict[str, Any] = {
        "recipient": {"key": contact.key, "name": name[:80], "apprise": list(contact.apprise)},
        "template": template,
        "locale": locale,
        "params": params,
        "dedup_key": dedup_key,
        "category": "orders",
    }
    station = StationIdentity(station_id, store_code, "")
    ((status, note),) = apply_notify_batch(s, db, settings, station, [(event_id[:32], payload)])
    if status != "applied":
        raise Rejected(note)
    return note
