"""The `notify.member` topic: an outbox event becomes one message with its deliveries.

Everything is validated and rendered before the first write, so a rejected event
leaves no rows behind in the (shared) batch transaction.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import apprise
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import utcnow
from server.auth import StationIdentity
from server.crypto import secret_box
from server.db import ServerDatabase
from server.links import create_link
from server.preferences import opted_out, quiet_until, rules_for
from server.security import inbox_token
from server.settings import ServerSettings
from server.tables import Delivery, Message, Recipient
from server.templates import TemplateProblem, render_message

TOPIC = "notify.member"
Channel = Literal["inbox", "webhook", "apprise"]


class Rejected(ValueError):
    """The event is well-formed as an envelope but its payload cannot be applied."""


class RecipientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=80)
    name: str = Field(default="", max_length=80)
    apprise: list[Annotated[str, Field(min_length=3, max_length=500)]] = Field(
        default_factory=list, max_length=5
    )


class NotifyMember(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recipient: RecipientIn
    template: str = Field(min_length=1, max_length=40)
    locale: Literal["zh", "en"] = "zh"
    params: dict[str, Any] = Field(default_factory=dict)
    channels: list[Channel] | None = None
    dedup_key: str = Field(min_length=1, max_length=120)
    # Opt-out works per category; default: the template name.
    category: str | None = Field(default=None, pattern=r"^[a-z0-9_.-]{1,40}$")
    # Urgent messages (one-time codes, "your locker is open") ignore quiet hours.
    urgent: bool = False


def inbox_url(settings: ServerSettings, secret: str, message_id: int) -> str:
    return f"{settings.public_base_url.rstrip('/')}/inbox/{inbox_token(secret, message_id)}"


def _parse(payload: dict[str, Any]) -> NotifyMember:
    try:
        return NotifyMember.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise Rejected(f"payload.{where}: {first.get('msg', 'invalid')}") from exc


def apply_notify_member(
    s: Session,
    db: ServerDatabase,
    settings: ServerSettings,
    station: StationIdentity,
    event_id: str,
    payload: dict[str, Any],
) -> str:
    """Create the message and its deliveries; returns a short note for the sync result."""
    note = _parse(payload)
    try:
        rendered = render_message(note.template, note.locale, note.params)
    except TemplateProblem as exc:
        raise Rejected(str(exc)) from exc
    wanted = set(note.channels) if note.channels is not None else {"inbox", "webhook", "apprise"}
    for url in note.recipient.apprise:
        if apprise.Apprise.instantiate(url) is None:
            raise Rejected("recipient.apprise: a URL is not understood by Apprise")

    recipient = s.scalar(
        select(Recipient).where(
            Recipient.store_code == station.store_code, Recipient.recipient_key == note.recipient.key
        )
    )
    new_recipient = recipient is None
    if recipient is None:
        recipient = Recipient(
            store_code=station.store_code, recipient_key=note.recipient.key, display_name=note.recipient.name
        )
        s.add(recipient)
        s.flush()
    existing = s.scalar(
        select(Message.id).where(Message.recipient_id == recipient.id, Message.dedup_key == note.dedup_key)
    )
    if existing is not None:
        return f"deduplicated: message {existing} already has dedup key {note.dedup_key!r}"

    now = utcnow()
    category = note.category or note.template
    # One lookup of the store's rules per batch transaction, not per event.
    rules = s.info.get(("store_rules", station.store_code))
    if rules is None:
        rules = s.info[("store_rules", station.store_code)] = rules_for(s, settings, station.store_code)
    suppressed = ""
    # A recipient created by this very event has no opt-outs yet.
    if not new_recipient and category not in rules.mandatory and opted_out(s, recipient.id, category):
        suppressed = f"opted out of {category}"
    not_before = None if note.urgent or suppressed else quiet_until(rules, now)
    message = Message(
        recipient_id=recipient.id,
        station_id=station.station_id,
        source_event_id=event_id,
        dedup_key=note.dedup_key,
        template=note.template,
        locale=note.locale,
        subject=rendered.subject,
        body=rendered.body,
        created_at=now,
        category=category,
        urgent=note.urgent,
        not_before=not_before,
        suppressed=suppressed,
    )
    s.add(message)
    s.flush()
    # The inbox link is a signed link (server/links.py) whose token is derived, not stored:
    # every retry of this message carries the same link.
    create_link(
        s,
        "inbox",
        f"recipient:{recipient.id}",
        settings.inbox_link_ttl_s,
        token=inbox_token(db.link_secret, message.id),
    )
    # The web inbox is always a channel: the message is readable there from this commit on.
    inbox_state = "suppressed" if suppressed else "sent"
    s.add(
        Delivery(
            message_id=message.id,
            channel="inbox",
            state=inbox_state,
            sent_at=None if suppressed else now,
            next_attempt_at=now,
        )
    )
    outward_state = "suppressed" if suppressed else "pending"
    due = not_before or now
    channels = ["inbox"]
    skipped: list[str] = []
    if "webhook" in wanted:
        if settings.webhook_url:
            s.add(
                Delivery(
                    message_id=message.id,
                    channel="webhook",
                    target="",
                    state=outward_state,
                    next_attempt_at=due,
                )
            )
            channels.append("webhook")
        elif note.channels is not None:
            skipped.append("webhook: not configured on this server")
    if "apprise" in wanted:
        box = secret_box(settings.secret_key, settings.data_dir)
        for url in note.recipient.apprise:
            s.add(
                Delivery(
                    message_id=message.id,
                    channel="apprise",
                    target=box.seal(url),
                    state=outward_state,
                    next_attempt_at=due,
                )
            )
        if note.recipient.apprise:
            channels.append("apprise")
        elif note.channels is not None:
            skipped.append("apprise: the recipient has no Apprise URL")
    db.append_feed(
        s,
        station.station_id,
        "message.queued",
        {
            "message_id": message.id,
            "source_event_id": event_id,
            "dedup_key": note.dedup_key,
            "recipient_key": note.recipient.key,
            "channels": channels,
            "skipped": skipped,
            "inbox_url": inbox_url(settings, db.link_secret, message.id),
            "category": category,
            "urgent": note.urgent,
            "not_before": not_before.isoformat() if not_before else None,
            "suppressed": suppressed,
        },
    )
    for channel in channels if suppressed else ["inbox"]:
        db.append_feed(
            s,
            station.station_id,
            "delivery.receipt",
            receipt_payload(
                message, channel, inbox_state if channel == "inbox" else outward_state, 0, suppressed
            ),
        )
    return f"message {message.id} queued"


def receipt_payload(message: Message, channel: str, state: str, attempts: int, error: str) -> dict[str, Any]:
    return {
        "message_id": message.id,
        "source_event_id": message.source_event_id,
        "dedup_key": message.dedup_key,
        "channel": channel,
        "state": state,
        "attempts": attempts,
        "error": error,
    }
