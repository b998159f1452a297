"""Parcel lockers and the parcels in them (docs/parcels.md).

A locker bank stands somewhere on the compound's site plan; its slots are doors of a
lock-control board. A slot is taken by conditional UPDATE of ``occupied_by`` (never
read-then-write), so two desks cannot store into one door. Pickup codes are unique
among parcels that hold one (the code is cleared when the parcel leaves the locker),
and a courier's tracking number is unique among parcels that are not finished.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

# Finished parcels may repeat a tracking number (a courier re-sends the same parcel later).
LIVE_PARCEL_SQL = "state NOT IN ('picked_up', 'returned')"


class LockerBank(Base):
    __tablename__ = "locker_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    x_m: Mapped[float]  # position on the site plan, metres (as Building.x_m / y_m)
    y_m: Mapped[float]


class LockerSlot(Base):
    __tablename__ = "locker_slots"
    __table_args__ = (
        UniqueConstraint("board", "lock", name="uq_locker_slots_board_lock"),
        UniqueConstraint("bank_id", "number", name="uq_locker_slots_bank_number"),
        Index("ix_locker_slots_free", "bank_id", "size", "occupied_by", "out_of_service"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("locker_banks.id"))
    number: Mapped[int]  # the door number painted on the bank
    size: Mapped[str] = mapped_column(String(2))  # "S" / "M" / "L"
    board: Mapped[int]  # lock-board address (DIP switch)
    lock: Mapped[int]  # channel on that board, 1-24
    # The parcel in this door (parcels.id; no foreign key, to keep the two tables free of a cycle).
    occupied_by: Mapped[int | None] = mapped_column(unique=True, default=None)
    out_of_service: Mapped[bool] = mapped_column(Boolean, default=False)
    out_of_service_reason: Mapped[str] = mapped_column(String(120), default="")
    # A desk opening this door for a parcel holds it until the door is closed again (or the hold
    # runs out), so a second desk is never offered a door that stands open for someone else.
    held_for: Mapped[int | None] = mapped_column(default=None)
    held_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Parcel(Base):
    __tablename__ = "parcels"
    __table_args__ = (
        Index("uq_parcels_live_tracking", "courier_code", "tracking_no", unique=True,
              sqlite_where=text(LIVE_PARCEL_SQL), postgresql_where=text(LIVE_PARCEL_SQL)),
        Index("ix_parcels_next_action", "next_action_at"),
        Index("ix_parcels_resident_picked", "resident_id", "picked_up_at"),
        Index("ix_parcels_state_stored", "state", "stored_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"))
    tracking_no: Mapped[str] = mapped_column(String(40))
    courier_code: Mapped[str] = mapped_column(String(20))
    courier_name: Mapped[str] = mapped_column(String(40), default="")
    manifest_id: Mapped[str] = mapped_column(String(60), default="")
    recipient_name: Mapped[str] = mapped_column(String(60), default="")
    recipient_phone: Mapped[str] = mapped_column(String(20), default="")
    building_code: Mapped[str] = mapped_column(String(16), default="")
    unit_code: Mapped[str] = mapped_column(String(16), default="")
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), default=None)
    size: Mapped[str] = mapped_column(String(2), default="M")
    state: Mapped[str] = mapped_column(String(20), default="announced")
    flag: Mapped[str] = mapped_column(String(24), default="")
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("locker_slots.id"), default=None)
    pickup_code: Mapped[str | None] = mapped_column(String(8), unique=True, default=None)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    stored_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    picked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    picked_up_via: Mapped[str] = mapped_column(String(16), default="")
    recall_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    recall_instruction: Mapped[str] = mapped_column(String(40), default="")
    recall_note: Mapped[str] = mapped_column(String(200), default="")
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The reminder schedule (services/parcels/reminders.py): what happens next, and when.
    next_action: Mapped[str] = mapped_column(String(16), default="")
    next_action_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    last_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ParcelEvent(Base):
    """Every state change of a parcel, with who did it (None: the system)."""

    __tablename__ = "parcel_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)


class ParcelReminder(Base):
    """One message (or recall) the scheduler queued; the unique key stops a second one after a restart."""

    __tablename__ = "parcel_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # arrival / reminder / overdue / recall
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dedup_key: Mapped[str] = mapped_column(String(80), unique=True)
    event_id: Mapped[str] = mapped_column(String(32), default="")  # the outbox event, "" when silent


class PickupLockout(Base):
    """Wrong pickup codes per desk; five in a row lock that desk's code entry for a while."""

    __tablename__ = "pickup_lockouts"

    desk_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class WalkEdge(Base):
    """One walkway of the compound, between two named points of the site plan, in metres.

    Points are ``building:<code>``, ``bank:<code>`` or any waypoint name (``gate``, ``bridge``).
    With no walkways, slot choice uses straight lines on the site plan (docs/parcels.md)."""

    __tablename__ = "walk_edges"
    __table_args__ = (UniqueConstraint("compound_id", "a", "b", name="uq_walk_edges_compound_a_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"))
    a: Mapped[str] = mapped_column(String(40))
    b: Mapped[str] = mapped_column(String(40))
    metres: Mapped[float]
