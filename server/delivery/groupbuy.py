"""Sync handlers for the desk's group-buy topics: the server records groups and connection requests
for the members' pages (server/groupbuy.py). Malformed payloads are rejected, nothing half-written."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from server.db import ServerDatabase
from server.delivery.notify import Rejected
from server.groupbuy import (
    BASKET_TOPIC,
    CONNECTION_TOPICS,
    GROUP_TOPICS,
    INQUIRY_TOPIC,
    apply_basket_event,
    apply_connection_event,
    apply_contacts_event,
    apply_group_event,
)
from server.settings import ServerSettings
from server.stations import StationIdentity


def _apply(
    s: Session, _db: ServerDatabase, _settings: ServerSettings, station: StationIdentity, _event_id: str,
    payload: dict[str, Any], *, topic: str,
) -> str:  # fmt: skip
    try:
        with s.begin_nested():
            if topic == INQUIRY_TOPIC:
                return apply_contacts_event(s, payload)
            if topic == BASKET_TOPIC:
                return apply_basket_event(s, station.store_code, payload)
            apply = apply_group_event if topic in GROUP_TOPICS else apply_connection_event
            return apply(s, station.station_id, station.store_code, topic, payload)
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected(f"{topic}: {type(exc).__name__}: {exc}") from exc


SYNC_HANDLERS: dict[str, Any] = {
    topic: partial(_apply, topic=topic) for topic in (*GROUP_TOPICS, *CONNECTION_TOPICS, INQUIRY_TOPIC, BASKET_TOPIC)
}
