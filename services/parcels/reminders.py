"""When residents hear about their parcels, and when a parcel goes back to its courier.

Timing rule (docs/parcels.md):

* On storing, an arrival notice at once (services/parcels/desk.py, same transaction).
* A reminder at the resident's *habitual pickup time* — the circular median of the
  minute of day of their past pickups, in the compound's time zone — at its first
  occurrence at least an hour after storing, moved out of quiet hours.
* From T1 on, an overdue reminder (the parcel becomes ``overdue``), repeated at most
  once per 24 h until T2; never more than three reminders per parcel in all.
* At T2 a recall request to the courier (outbox ``parcel.recall``), state
  ``recall_requested``.

Each parcel carries its next action and when it is due (``next_action``,
``next_action_at``, indexed), so a pass reads only what is due. Every action is one
transaction: a conditional UPDATE on the parcel's schedule, a ``parcel_reminders`` row
with a unique key, and the outbox event — a restart, or two desks running passes at
once, never queue a message twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import (
    Building,
    Compound,
    LockerBank,
    LockerSlot,
    Parcel,
    ParcelEvent,
    ParcelReminder,
    Resident,
    Unit,
)
from models.db import unit_of_work
from services.core.journal import emit_event, record_audit
from services.core.settings import ParcelSettings
from services.parcels.records import ParcelState, ReminderPassReport

log = logging.getLogger(__name__)

DAY_MIN = 24 * 60
MAX_REMINDERS = 3  # per parcel, arrival notice not counted (push_sync.md §5)
REMINDER_SPACING = timedelta(hours=24)
MIN_GAP_AFTER_STORING = timedelta(hours=1)  # no "reminder" right after the arrival notice
HISTORY_PICKUPS = 60  # the most recent pickups that shape the habitual time
PASS_BATCH = 500
TX_CHUNK = 50

# next_action values
REMIND = "remind"
OVERDUE = "overdue"
RECALL = "recall"

MESSAGE_CATEGORY = "parcel"


def parse_hhmm(value: str, fallback: int) -> int:
    """'18:30' -> 1110 minutes; a malformed value gives ``fallback``."""
    try:
        hours, minutes = value.strip().split(":")
        h, m = int(hours), int(minutes)
    except (ValueError, AttributeError):
        return fallback
    if not (0 <= h < 24 and 0 <= m < 60):
        return fallback
    return h * 60 + m


def _circular_distance(a: int, b: int) -> int:
    d = abs(a - b) % DAY_MIN
    return min(d, DAY_MIN - d)


def habitual_pickup_minute(pickup_times_local: Sequence[datetime], default_minute: int = 18 * 60) -> int:
    """The resident's usual minute of day for collecting parcels.

    The circular median: the observed minute with the least total distance (around the
    clock, so 23:50 and 00:10 are 20 minutes apart) to all the others. Like any median it
    ignores a few odd pickups; with no history it is ``default_minute``. With an even
    number of pickups the two middle candidates are averaged along the shorter arc.
    """
    minutes = [t.hour * 60 + t.minute for t in pickup_times_local]
    if not minutes:
        return default_minute
    costs = sorted((sum(_circular_distance(c, m) for m in minutes), c) for c in set(minutes))
    best_cost, best = costs[0]
    if len(minutes) % 2 == 0 and len(costs) > 1 and costs[1][0] == best_cost:
        other = costs[1][1]
        diff = (other - best) % DAY_MIN
        if diff > DAY_MIN // 2:
            diff -= DAY_MIN
        best = (best + diff // 2) % DAY_MIN
    return best


def compound_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Timing:
    """The settings the schedule needs, parsed once."""

    t1: timedelta
    t2: timedelta
    quiet_from: int
    quiet_to: int
    default_minute: int

    @classmethod
    def of(cls, s: ParcelSettings) -> Timing:
        t1 = timedelta(hours=max(1, s.t1_h))
        t2 = max(timedelta(hours=max(1, s.t2_h)), t1 + timedelta(hours=1))
        return cls(t1, t2, parse_hhmm(s.quiet_from, 21 * 60), parse_hhmm(s.quiet_to, 8 * 60),
                   parse_hhmm(s.default_pickup_time, 18 * 60 + 30))

    def in_quiet(self, local: datetime) -> bool:
        m = local.hour * 60 + local.minute
        if self.quiet_from == self.quiet_to:
            return False
        if self.quiet_from < self.quiet_to:
            return self.quiet_from <= m < self.quiet_to
        return m >= self.quiet_from or m < self.quiet_to

    def out_of_quiet(self, at: datetime, zone: ZoneInfo) -> datetime:
        """``at`` itself, or the end of the quiet hours it falls in (UTC)."""
        local = at.astimezone(zone)
        if not self.in_quiet(local):
            return at
        end = datetime.combine(local.date(), time(self.quiet_to // 60, self.quiet_to % 60), zone)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), time(self.quiet_to // 60, self.quiet_to % 60),
                                   zone)
        return end.astimezone(UTC)


def next_at_minute(after: datetime, minute: int, zone: ZoneInfo) -> datetime:
    """The first moment strictly after ``after`` whose local time of day is ``minute``."""
    local = after.astimezone(zone)
    at = datetime.combine(local.date(), time(minute // 60, minute % 60), zone)
    if at <= local:
        at = datetime.combine(local.date() + timedelta(days=1), time(minute // 60, minute % 60), zone)
    return at.astimezone(UTC)


def resident_pickup_minute(session: Session, resident_id: int | None, zone: ZoneInfo, default_minute: int) -> int:
    if resident_id is None:
        return default_minute
    times = session.scalars(
        select(Parcel.picked_up_at)
        .where(Parcel.resident_id == resident_id, Parcel.picked_up_at.is_not(None))
        .order_by(Parcel.picked_up_at.desc())
        .limit(HISTORY_PICKUPS)
    ).all()
    return habitual_pickup_minute([t.astimezone(zone) for t in times if t is not None], default_minute)


def first_action(session: Session, parcel: Parcel, stored_at: datetime, timing: Timing,
                 zone: ZoneInfo) -> tuple[str, datetime]:
    """The schedule of a parcel just stored: the habitual-time reminder, unless that falls after T1."""
    minute = resident_pickup_minute(session, parcel.resident_id, zone, timing.default_minute)
    due = timing.out_of_quiet(next_at_minute(stored_at + MIN_GAP_AFTER_STORING, minute, zone), zone)
    if due < stored_at + timing.t1:
        return REMIND, due
    return _overdue_due(stored_at, None, 0, timing, zone)


def _overdue_due(stored_at: datetime, last: datetime | None, sent: int, timing: Timing,
                 zone: ZoneInfo) -> tuple[str, datetime]:
    recall_at = stored_at + timing.t2
    due = stored_at + timing.t1
    if last is not None:
        due = max(due, last + REMINDER_SPACING)
    due = timing.out_of_quiet(due, zone)
    if sent >= MAX_REMINDERS or due >= recall_at:
        return RECALL, recall_at
    return OVERDUE, due


# ---------------------------------------------------------------- messages


@dataclass(frozen=True)
class ParcelPlace:
    """Where a parcel is and what the resident needs to collect it (message parameters)."""

    compound_code: str
    zone: ZoneInfo
    bank_code: str
    bank_name: str
    slot_no: int
    building: str
    unit: str


@dataclass
class _Known:
    """What a batch of parcels needs from other tables, read once for the batch."""

    slots: dict[int, tuple[str, str, int]]  # slot id -> bank code, bank name, door number
    homes: dict[int, tuple[str, str]]  # resident id -> building code, unit code

    @classmethod
    def load(cls, session: Session, parcels: Sequence[Parcel]) -> _Known:
        slot_ids = {p.slot_id for p in parcels if p.slot_id is not None}
        resident_ids = {p.resident_id for p in parcels if p.resident_id is not None}
        slots = {row[0]: (row[1], row[2], row[3]) for row in session.execute(
            select(LockerSlot.id, LockerBank.code, LockerBank.name, LockerSlot.number)
            .join(LockerBank, LockerSlot.bank_id == LockerBank.id).where(LockerSlot.id.in_(slot_ids)))} \
            if slot_ids else {}
        homes = {row[0]: (row[1], row[2]) for row in session.execute(
            select(Resident.id, Building.code, Unit.code).join(Unit, Resident.unit_id == Unit.id)
            .join(Building, Unit.building_id == Building.id).where(Resident.id.in_(resident_ids)))} \
            if resident_ids else {}
        if resident_ids:  # the residents themselves, for the messages (into the session's identity map)
            session.scalars(select(Resident).where(Resident.id.in_(resident_ids))).all()
        return cls(slots, homes)


def place_of(session: Session, parcel: Parcel, known: _Known | None = None) -> ParcelPlace:
    compound = session.get(Compound, parcel.compound_id)
    assert compound is not None
    if known is None:
        known = _Known.load(session, [parcel])
    bank_code, bank_name, slot_no = known.slots.get(parcel.slot_id or 0, ("", "", 0))
    building, unit = known.homes.get(parcel.resident_id or 0, (parcel.building_code, parcel.unit_code))
    return ParcelPlace(compound.code, compound_zone(compound.timezone), bank_code, bank_name, slot_no, building, unit)


def local_text(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def notify_parcel(session: Session, parcel: Parcel, template: str, dedup_key: str, timing: Timing,
                  place: ParcelPlace, extra: dict[str, Any] | None = None) -> str:
    """Queue a notify.member message about this parcel to its resident; returns the outbox event id,
    or "" when nobody may be told (no resident, or no consent to notifications)."""
    if parcel.resident_id is None:
        return ""
    resident = session.get(Resident, parcel.resident_id)
    if resident is None or not resident.consent_notifications:
        return ""
    stored_at = parcel.stored_at or parcel.announced_at
    params: dict[str, Any] = {
        "recipient_name": resident.name,
        "code": parcel.pickup_code or "",
        "bank": place.bank_name,
        "door": place.slot_no,
        "courier_name": parcel.courier_name or parcel.courier_code,
        "tracking_tail": parcel.tracking_no[-4:],
        "stored_at": local_text(stored_at, place.zone),
        "t1_h": int(timing.t1.total_seconds() // 3600),
        "t2_h": int(timing.t2.total_seconds() // 3600),
        "recall_at": local_text(stored_at + timing.t2, place.zone),
    }
    params.update(extra or {})
    payload: dict[str, Any] = {
        "recipient": {"key": f"resident-{resident.id}", "name": resident.name},
        "template": template,
        "locale": "zh",
        "params": params,
        "dedup_key": dedup_key,
        # The server's opt-out works per category; not urgent, so its quiet hours hold back SMS/e-mail
        # (the web inbox shows it at once). Reminders are already timed out of quiet hours here.
        "category": MESSAGE_CATEGORY,
        "urgent": False,
    }
    return emit_event(session, "notify.member", payload)


def add_event(session: Session, parcel_id: int, state: str, note: str, at: datetime,
              operator_id: int | None = None) -> None:
    session.add(ParcelEvent(parcel_id=parcel_id, state=state, note=note[:200], at=at, operator_id=operator_id))


# ---------------------------------------------------------------- the pass


class _Lost(Exception):
    """Another pass (another desk) handled this parcel first."""


@dataclass
class _Tally:
    reminders: int = 0
    overdue: int = 0
    recalls: int = 0
    postponed: int = 0
    silent: int = 0


class ReminderScheduler:
    """Runs reminder passes; ``clock`` is injectable so tests and the demo can move time."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 settings: ParcelSettings | None = None) -> None:
        self._sessions = sessions
        self._clock = clock
        self.settings = settings or ParcelSettings()

    def run_pass(self) -> ReminderPassReport:
        now = self._clock().astimezone(UTC)
        timing = Timing.of(self.settings)
        tally = _Tally()
        done: set[int] = set()
        while True:
            with self._sessions() as session:
                due = session.scalars(
                    select(Parcel.id).where(Parcel.next_action_at <= now, Parcel.next_action != "")
                    .order_by(Parcel.next_action_at, Parcel.id).limit(PASS_BATCH)
                ).all()
            todo = [pid for pid in due if pid not in done]
            if not todo:
                break
            # A few dozen parcels per transaction, each in its own savepoint: one parcel lost to
            # another desk's pass (or a dedup key already there) rolls back alone.
            for start in range(0, len(todo), TX_CHUNK):
                with unit_of_work(self._sessions) as session:
                    chunk = todo[start:start + TX_CHUNK]
                    known = _Known.load(session, session.scalars(select(Parcel).where(Parcel.id.in_(chunk))).all())
                    for pid in chunk:
                        done.add(pid)
                        saved = replace(tally)
                        try:
                            with session.begin_nested():
                                self._act(session, pid, now, timing, tally, known)
                        except (_Lost, IntegrityError) as exc:
                            log.info("parcel %s: reminder already handled elsewhere (%s)", pid, type(exc).__name__)
                            tally.__dict__.update(saved.__dict__)
            if len(due) < PASS_BATCH:
                break
        return ReminderPassReport(at=now, reminders=tally.reminders, overdue=tally.overdue,
                                  recalls=tally.recalls, postponed=tally.postponed, silent=tally.silent)

    def _act(self, session: Session, parcel_id: int, now: datetime, timing: Timing, tally: _Tally,
             known: _Known) -> None:
        p = session.get(Parcel, parcel_id)
        if p is None or p.next_action_at is None or p.next_action_at > now or p.stored_at is None:
            return
        old_action, old_at = p.next_action, p.next_action_at
        place = place_of(session, p, known)
        zone = place.zone

        def reschedule(action: str, at: datetime | None, **values: Any) -> None:
            result = session.execute(
                update(Parcel).where(Parcel.id == p.id, Parcel.next_action == old_action,
                                     Parcel.next_action_at == old_at)
                .values(next_action=action, next_action_at=at, **values)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise _Lost()

        # The desk was off for a while: an action whose moment has passed becomes the next one now
        # (a habitual-time reminder after T1 is the overdue reminder; anything after T2 is the recall).
        action_now = old_action
        if now >= p.stored_at + timing.t2:
            action_now = RECALL
        elif old_action == REMIND and now >= p.stored_at + timing.t1:
            action_now = OVERDUE
        if action_now == RECALL:
            self._recall(session, p, place, now, old_at)
            reschedule("", None, state=ParcelState.RECALL_REQUESTED.value, recall_requested_at=now)
            tally.recalls += 1
            return
        wait_until = now
        if p.last_reminder_at is not None:
            wait_until = max(wait_until, p.last_reminder_at + REMINDER_SPACING)
        wait_until = timing.out_of_quiet(wait_until, zone)
        if wait_until > now:  # quiet hours, or less than 24 h since the last reminder
            reschedule(action_now, wait_until)
            tally.postponed += 1
            return

        kind = "reminder" if action_now == REMIND else "overdue"
        n = p.reminders_sent + 1
        dedup = f"parcel_{kind}:parcel:{p.id}:{n}"
        event_id = ""
        sent: int
        last: datetime | None
        if n <= MAX_REMINDERS:
            event_id = notify_parcel(session, p, f"parcel_{kind}", dedup, timing, place,
                                     {"hours_stored": int((now - p.stored_at).total_seconds() // 3600)})
        if event_id:
            session.add(ParcelReminder(parcel_id=p.id, kind=kind, due_at=old_at, sent_at=now,
                                       dedup_key=dedup, event_id=event_id))
            sent, last = n, now
            if kind == "reminder":
                tally.reminders += 1
            else:
                tally.overdue += 1
        else:  # nobody to tell (no consent, unknown recipient) or the cap is reached
            # after a silent habitual reminder the overdue one follows at T1; after a silent overdue one,
            # nothing more can be said: on to the recall
            sent, last = (p.reminders_sent if kind == "reminder" else MAX_REMINDERS), p.last_reminder_at
            tally.silent += 1
        new_state = p.state
        if kind == "reminder" and p.state == ParcelState.STORED.value:
            new_state = ParcelState.REMINDED.value
        elif kind == "overdue" and p.state in (ParcelState.STORED.value, ParcelState.REMINDED.value):
            new_state = ParcelState.OVERDUE.value
        action, at = _overdue_due(p.stored_at, last, sent, timing, zone)
        reschedule(action, at, state=new_state, reminders_sent=n if event_id else p.reminders_sent,
                   last_reminder_at=last)
        if new_state != p.state:
            add_event(session, p.id, new_state, f"{kind} sent" if event_id else f"{kind}: no message", now)

    @staticmethod
    def _recall(session: Session, p: Parcel, place: ParcelPlace, now: datetime, due: datetime) -> None:
        dedup = f"parcel_recall:parcel:{p.id}"
        event_id = emit_event(session, "parcel.recall", {
            "courier_code": p.courier_code,
            "tracking_no": p.tracking_no,
            "site": place.compound_code,
            "reason": "not_collected",
            "requested_at": now.isoformat(),
            "recipient_name": p.recipient_name,
            "recipient_phone": p.recipient_phone,
            "building": place.building,
            "unit": place.unit,
        })
        session.add(ParcelReminder(parcel_id=p.id, kind="recall", due_at=due, sent_at=now, dedup_key=dedup,
                                   event_id=event_id))
        add_event(session, p.id, ParcelState.RECALL_REQUESTED.value, "not collected in time: courier asked to "
                  "take it back", now)
        record_audit(session, "parcel_recall_requested", subject=p.tracking_no, detail={"parcel_id": p.id})


def count_live(session: Session) -> int:
    """How many parcels the schedule covers (the bench's baseline query)."""
    return int(session.scalar(select(func.count(Parcel.id)).where(Parcel.next_action != "")) or 0)
