"""The `notify.member` topic: an outbox event becomes one message with its deliveries.

Everything is validated and rendered before the first write, so a rejected event
leaves no rows behind in the (shared) batch transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

import apprise
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models.base import utcnow
from server.auth import StationIdentity
from server.crypto import secret_box
from server.db import ServerDatabase
from server.delivery.preferences import ALL, quiet_until, rules_for
from server.links import link_row
from server.security import inbox_token
from server.settings import ServerSettings
from server.tables import Delivery, Link, Message, OptOut, Recipient
from server.templates import Rendered, TemplateProblem, render_message

TOPIC = "notify.member"
# Categories no opt-out can stop: sign-in codes (server/web/members.py), or a member who once
# pressed "stop all optional messages" could never sign in again.
ALWAYS_SENT = frozenset({"member_code"})
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


def _prepare(payload: dict[str, Any]) -> tuple[NotifyMember, Rendered]:
    """Validate and render one event (no database work); Rejected names the problem."""
    note = _parse(payload)
    try:
        rendered = render_message(note.template, note.locale, note.params)
    except TemplateProblem as exc:
        raise Rejected(str(exc)) from exc
    texts = {
        "recipient.key": note.recipient.key,
        "recipient.name": note.recipient.name,
        "dedup_key": note.dedup_key,
        "params": rendered.subject + rendered.body,
        **{f"recipient.apprise[{n}]": url for n, url in enumerate(note.recipient.apprise)},
    }
    for where, value in texts.items():
        if "\x00" in value:  # PostgreSQL text cannot hold it; no notice needs it
            raise Rejected(f"payload.{where}: contains a NUL character")
    for url in note.recipient.apprise:
        if apprise.Apprise.instantiate(url) is None:
            raise Rejected("recipient.apprise: a URL is not understood by Apprise")
    return note, rendered


def apply_notify_batch(
    s: Session,
    db: ServerDatabase,
    settings: ServerSettings,
    station: StationIdentity,
    events: Sequence[tuple[str, dict[str, Any]]],
) -> list[tuple[str, str]]:
    """Create the messages and deliveries of a run of events; (status, note) per event, in order.

    Set-based: a handful of statements per batch instead of a dozen per event (a
    200-event sync batch went from ~1 s to tens of ms on PostgreSQL, bench/server.py).
    Events are taken in order: a later event with the dedup key of an earlier one in
    the same batch is deduplicated against it, as it would be in separate batches.
    """
    results: list[tuple[str, str]] = [("rejected", "")] * len(events)
    ready: list[tuple[int, NotifyMember, Rendered]] = []
    for n, (_event_id, payload) in enumerate(events):
        try:
            note, rendered = _prepare(payload)
        except Rejected as exc:
            results[n] = ("rejected", str(exc)[:300])
            continue
        ready.append((n, note, rendered))
    if not ready:
        return results

    store = station.store_code
    recipients = _recipients(
        s, db, store, {note.recipient.key: note.recipient.name for _n, note, _r in ready}
    )
    new_ids = {rid for rid, is_new in recipients.values() if is_new}
    old_ids = [rid for rid, is_new in recipients.values() if not is_new]
    dedup_keys = {note.dedup_key for _n, note, _r in ready}
    taken: dict[tuple[int, str], int] = {}
    opted: set[tuple[int, str]] = set()
    if old_ids:
        taken = {
            (rid, key): mid
            for rid, key, mid in s.execute(
                select(Message.recipient_id, Message.dedup_key, Message.id).where(
                    db.one_of(Message.recipient_id, old_ids), db.one_of(Message.dedup_key, dedup_keys)
                )
            )
        }
        opted = {
            (rid, category)
            for rid, category in s.execute(
                select(OptOut.recipient_id, OptOut.category).where(db.one_of(OptOut.recipient_id, old_ids))
            )
        }
    rules = rules_for(s, settings, store)
    now = utcnow()
    quiet = quiet_until(rules, now)

    # Pass 1: which events make a message (first of their (recipient, dedup key)).
    rows: list[dict[str, Any]] = []
    plans: list[tuple[int, NotifyMember, int]] = []  # (event index, note, recipient id)
    first_in_batch: dict[tuple[int, str], int] = {}  # (recipient, dedup key) -> event index
    duplicates: list[tuple[int, tuple[int, str]]] = []
    for n, note, rendered in ready:
        rid = recipients[note.recipient.key][0]
        pair = (rid, note.dedup_key)
        if pair in taken:
            results[n] = ("applied", _deduplicated(taken[pair], note.dedup_key))
            continue
        if pair in first_in_batch:
            duplicates.append((n, pair))
            continue
        first_in_batch[pair] = n
        category = note.category or note.template
        suppressed = ""
        # A recipient created in this batch has no opt-outs yet.
        if (
            rid not in new_ids
            and category not in rules.mandatory
            and category not in ALWAYS_SENT
            and ((rid, category) in opted or (rid, ALL) in opted)
        ):
            suppressed = f"opted out of {category}"
        rows.append(
            {
                "recipient_id": rid,
                "station_id": station.station_id,
                "source_event_id": events[n][0],
                "dedup_key": note.dedup_key,
                "template": note.template,
                "locale": note.locale,
                "subject": rendered.subject,
                "body": rendered.body,
                "created_at": now,
                "category": category,
                "urgent": note.urgent,
                "not_before": None if note.urgent or suppressed else quiet,
                "suppressed": suppressed,
            }
        )
        plans.append((n, note, rid))
    if not rows:  # every event was rejected or already had its message
        return results

    if db.is_postgres:
        # Ids drawn first, rows then copied in: a multi-row INSERT … RETURNING of 200 rows
        # was a new 40 kB statement for the driver to parse each time (a fifth of a sync
        # batch's CPU, bench/server.py).
        ids = db.next_ids(s, Message, len(rows))
        db.insert_rows(s, Message, [{**row, "id": mid} for row, mid in zip(rows, ids, strict=True)])
    else:
        ids = list(s.scalars(insert(Message).returning(Message.id, sort_by_parameter_order=True), rows))

    # Pass 2: links, deliveries and feed events of the new messages.
    links: list[dict[str, Any]] = []
    deliveries: list[dict[str, Any]] = []
    feed: list[tuple[str, dict[str, Any]]] = []
    box = None
    for (n, note, rid), row, message_id in zip(plans, rows, ids, strict=True):
        taken[(rid, note.dedup_key)] = message_id
        suppressed = row["suppressed"]
        not_before = row["not_before"]
        # The inbox link is a signed link (server/links.py) whose token is derived, not
        # stored: every retry of this message carries the same link.
        links.append(
            link_row(
                "inbox",
                f"recipient:{rid}",
                settings.inbox_link_ttl_s,
                inbox_token(db.link_secret, message_id),
            )
        )
        wanted = set(note.channels) if note.channels is not None else {"inbox", "webhook", "apprise"}
        # The web inbox is always a channel: the message is readable there from this commit on.
        inbox_state = "suppressed" if suppressed else "sent"
        outward_state = "suppressed" if suppressed else "pending"
        due = not_before or now
        deliveries.append(
            _delivery(message_id, "inbox", "", inbox_state, None if suppressed else now, now, now)
        )
        channels = ["inbox"]
        skipped: list[str] = []
        if "webhook" in wanted:
            if settings.webhook_url:
                deliveries.append(_delivery(message_id, "webhook", "", outward_state, None, due, now))
                channels.append("webhook")
            elif note.channels is not None:
                skipped.append("webhook: not configured on this server")
        if "apprise" in wanted:
            if note.recipient.apprise:
                box = box or secret_box(settings.secret_key, settings.data_dir)
                for url in note.recipient.apprise:
                    deliveries.append(
                        _delivery(message_id, "apprise", box.seal(url), outward_state, None, due, now)
                    )
                channels.append("apprise")
            elif note.channels is not None:
                skipped.append("apprise: the recipient has no Apprise URL")
        category = row["category"]
        feed.append(
            (
                "message.queued",
                {
                    "message_id": message_id,
                    "source_event_id": events[n][0],
                    "dedup_key": note.dedup_key,
                    "recipient_key": note.recipient.key,
                    "channels": channels,
                    "skipped": skipped,
                    "inbox_url": inbox_url(settings, db.link_secret, message_id),
                    "category": category,
                    "urgent": note.urgent,
                    "not_before": not_before.isoformat() if not_before else None,
                    "suppressed": suppressed,
                },
            )
        )
        for channel in channels if suppressed else ["inbox"]:
            state = inbox_state if channel == "inbox" else outward_state
            feed.append(
                (
                    "delivery.receipt",
                    receipt_payload(message_id, events[n][0], note.dedup_key, channel, state, 0, suppressed),
                )
            )
        results[n] = ("applied", f"message {message_id} queued")
    db.insert_rows(s, Link, links)
    db.insert_rows(s, Delivery, deliveries)
    db.append_feed_many(s, station.station_id, feed)
    for n, pair in duplicates:
        results[n] = ("applied", _deduplicated(taken[pair], pair[1]))
    return results


def _deduplicated(message_id: int, dedup_key: str) -> str:
    return f"deduplicated: message {message_id} already has dedup key {dedup_key!r}"


def _delivery(
    message_id: int,
    channel: str,
    target: str,
    state: str,
    sent_at: datetime | None,
    due: datetime,
    now: datetime,
) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "channel": channel,
        "target": target,
        "state": state,
        "sent_at": sent_at,
        "next_attempt_at": due,
        "created_at": now,
    }


def _recipients(
    s: Session, db: ServerDatabase, store_code: str, names: dict[str, str]
) -> dict[str, tuple[int, bool]]:
    """recipient key -> (id, created now); the missing ones are created with the first name seen."""
    found = {
        key: (rid, False)
        for key, rid in s.execute(
            select(Recipient.recipient_key, Recipient.id).where(
                Recipient.store_code == store_code, db.one_of(Recipient.recipient_key, names)
            )
        )
    }
    missing = [k for k in names if k not in found]
    if missing:
        created = s.execute(
            insert(Recipient).returning(Recipient.recipient_key, Recipient.id, sort_by_parameter_order=True),
            [{"store_code": store_code, "recipient_key": k, "display_name": names[k]} for k in missing],
        )
        found.update({key: (rid, True) for key, rid in created})
    return found


def receipt_payload(
    message_id: int, source_event_id: str, dedup_key: str, channel: str, state: str, attempts: int, error: str
) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "source_event_id": source_event_id,
        "dedup_key": dedup_key,
        "channel": channel,
        "state": state,
        "attempts": attempts,
        "error": error,
    }
