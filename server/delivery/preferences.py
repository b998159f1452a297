"""Quiet hours and opt-out: when a store's notices may go out, and who asked for none.

- Quiet hours are per store, in the store's time zone (default 21:00–08:00,
  Asia/Shanghai, from ServerSettings). A non-urgent message created inside them gets
  `not_before` = the end of the quiet hours, and its outward channels wait until
  then; nothing is dropped. Urgent messages (OTPs, "your locker is open") go at once.
- Opt-out is per recipient and category ("*" = every optional category). A message
  in an opted-out category is kept with `suppressed` set and its deliveries in
  state `suppressed`; nothing is sent. Categories the store marks mandatory (e.g.
  parcel pickup notices) cannot be opted out and are always sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.db import ServerDatabase, affected
from server.settings import ServerSettings
from server.tables import OptOut, StorePrefs

ALL = "*"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CATEGORY = re.compile(r"^[a-z0-9_.*-]{1,40}$")


class PreferenceProblem(ValueError):
    """A setting or an opt-out that cannot be accepted; the message names the field."""


@dataclass(frozen=True)
class StoreRules:
    store_code: str
    timezone: str
    quiet_hours: str  # "HH:MM-HH:MM" or ""
    mandatory: frozenset[str]


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """'21:00-08:00' → (21:00, 08:00); '' → None (no quiet hours)."""
    text = text.strip()
    if not text:
        return None
    start, sep, end = text.partition("-")
    m1, m2 = _HHMM.match(start.strip()), _HHMM.match(end.strip())
    if not sep or m1 is None or m2 is None:
        raise PreferenceProblem(f"quiet hours {text!r}: write them as HH:MM-HH:MM, e.g. 21:00-08:00")
    t1, t2 = time(int(m1[1]), int(m1[2])), time(int(m2[1]), int(m2[2]))
    if t1 == t2:
        raise PreferenceProblem("quiet hours: start and end are the same time; leave empty for none")
    return t1, t2


# Until a store sets its own rules, parcel notices (arrival, reminders, overdue) cannot be stopped:
# a resident who opted out would otherwise never learn a parcel is waiting and it goes back.
DEFAULT_MANDATORY = frozenset({"parcel"})


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PreferenceProblem(f"time zone {name!r} is not known (e.g. Asia/Shanghai)") from exc


def quiet_until(rules: StoreRules, now: datetime) -> datetime | None:
    """The UTC end of the quiet period `now` falls in, or None if `now` is not quiet."""
    window = parse_quiet_hours(rules.quiet_hours)
    if window is None:
        return None
    start, end = window
    local = now.astimezone(zone(rules.timezone))
    t = local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if t < end else local.date() + timedelta(days=1)
    # Built from the date in the zone, so a DST change inside the night is handled by zoneinfo.
    return datetime.combine(day, end, tzinfo=zone(rules.timezone)).astimezone(now.tzinfo)


def rules_for(s: Session, settings: ServerSettings, store_code: str) -> StoreRules:
    row = s.get(StorePrefs, store_code)
    if row is None:
        return StoreRules(store_code, settings.default_timezone, settings.default_quiet_hours, DEFAULT_MANDATORY)
    return StoreRules(store_code, row.timezone, row.quiet_hours, frozenset(row.mandatory))


def clean_category(category: str) -> str:
    value = category.strip().lower()
    if not _CATEGORY.match(value):
        raise PreferenceProblem(f"category {category!r}: use 1-40 of a-z, 0-9, _ . -")
    return value


def set_rules(
    db: ServerDatabase, store_code: str, timezone: str, quiet_hours: str, mandatory: list[str]
) -> StoreRules:
    """Validate everything, then write one row; bad input changes nothing."""
    zone(timezone.strip())
    window = parse_quiet_hours(quiet_hours)
    hours = f"{window[0]:%H:%M}-{window[1]:%H:%M}" if window else ""
    cats = sorted({clean_category(c) for c in mandatory if c.strip()})
    if ALL in cats:
        raise PreferenceProblem("mandatory categories: '*' cannot be mandatory; name each category")
    with db.session() as s:
        row = s.get(StorePrefs, store_code)
        if row is None:
            row = StorePrefs(
                store_code=store_code, timezone=timezone.strip(), quiet_hours=hours, mandatory=cats
            )
            s.add(row)
        else:
            row.timezone, row.quiet_hours, row.mandatory, row.updated_at = (
                timezone.strip(),
                hours,
                cats,
                utcnow(),
            )
    return StoreRules(store_code, timezone.strip(), hours, frozenset(cats))


def opt_out(db: ServerDatabase, rules: StoreRules, recipient_id: int, category: str, source: str) -> bool:
    """Record an opt-out; False if it was there already. Mandatory categories are refused."""
    category = clean_category(category)
    if category in rules.mandatory:
        raise PreferenceProblem(f"{category!r} notices are required by the store and cannot be stopped")
    try:
        with db.session() as s:
            if s.scalar(
                select(OptOut.id).where(OptOut.recipient_id == recipient_id, OptOut.category == category)
            ):
                return False
            s.add(OptOut(recipient_id=recipient_id, category=category, source=source))
        return True
    except IntegrityError:
        return False  # a double click: the other request recorded it


def opt_in(db: ServerDatabase, recipient_id: int, category: str) -> bool:
    with db.session() as s:
        return (
            affected(
                s.execute(
                    delete(OptOut).where(OptOut.recipient_id == recipient_id, OptOut.category == category)
                )
            )
            > 0
        )


def opt_outs(s: Session, recipient_id: int) -> list[str]:
    return list(
        s.scalars(
            select(OptOut.category).where(OptOut.recipient_id == recipient_id).order_by(OptOut.category)
        )
    )
