"""Plain data about parcels and lockers, handed from services to the GUI (never ORM objects).

The contract between the parcel services and the Parcels/Lockers pages and the face
pickup check; see docs/parcels.md. Imports nothing heavy.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class ParcelState(enum.StrEnum):
    ANNOUNCED = "announced"  # known from a courier manifest (or registered), not in a locker yet
    STORED = "stored"  # in a locker, arrival notice sent
    REMINDED = "reminded"  # the reminder at the resident's habitual time went out
    OVERDUE = "overdue"  # stored longer than T1
    RECALL_REQUESTED = "recall_requested"  # stored longer than T2: the courier was asked to take it back
    RETURNED = "returned"  # collected by the courier
    PICKED_UP = "picked_up"  # collected by the resident


LIVE_STATES: tuple[ParcelState, ...] = (ParcelState.STORED, ParcelState.REMINDED, ParcelState.OVERDUE)
IN_LOCKER_STATES: tuple[ParcelState, ...] = (*LIVE_STATES, ParcelState.RECALL_REQUESTED)
FINAL_STATES: tuple[ParcelState, ...] = (ParcelState.RETURNED, ParcelState.PICKED_UP)

SIZES: tuple[str, ...] = ("S", "M", "L")  # smallest first

# Why a parcel waits for a person: the recipient could not be matched to one resident.
FLAG_UNKNOWN = "unknown_recipient"
FLAG_AMBIGUOUS = "ambiguous_recipient"


@dataclass(frozen=True)
class ParcelInfo:
    id: int
    tracking_no: str
    courier_code: str
    courier_name: str
    recipient_name: str
    phone_masked: str
    resident_id: int | None
    unit_label: str  # "3栋1203"
    size: str  # "S" / "M" / "L"
    state: ParcelState
    flag: str  # "" | "unknown_recipient" | "ambiguous_recipient"
    bank_code: str | None
    bank_name: str | None
    slot_id: int | None
    slot_no: int | None
    board: int | None
    lock: int | None
    announced_at: datetime
    stored_at: datetime | None
    picked_up_at: datetime | None
    age_h: float  # since stored (or announced, when not stored yet), up to now or until it left
    recall_instruction: str = ""  # the courier's answer to a recall ("door_to_door", …)
    returned_at: datetime | None = None
    building_code: str = ""  # the unit's parts, for the GUI's one unit format (gui/common/units.py)
    unit_code: str = ""


@dataclass(frozen=True)
class ParcelEventInfo:
    at: datetime
    state: str
    note: str
    operator_name: str  # "" when the system did it (feed, reminder pass)


@dataclass(frozen=True)
class SlotChoice:
    slot_id: int
    bank_code: str
    bank_name: str
    slot_no: int
    size: str
    board: int
    lock: int
    distance_m: float
    fallback: bool  # True when this is not the bank nearest the recipient's building


@dataclass(frozen=True)
class SlotInfo:
    id: int
    no: int
    size: str
    board: int
    lock: int
    parcel_id: int | None
    parcel_tracking: str | None
    out_of_service: bool
    out_of_service_reason: str = ""


@dataclass(frozen=True)
class BankInfo:
    code: str
    name: str
    x_m: float
    y_m: float
    slots: tuple[SlotInfo, ...]


@dataclass(frozen=True)
class StoredParcel:
    parcel: ParcelInfo
    pickup_code: str


@dataclass(frozen=True)
class ReportRow:
    tracking_no: str
    courier_code: str
    unit_label: str
    recipient: str  # masked name
    size: str
    state: str
    bank: str
    slot_no: int | None
    stored_at: datetime | None
    picked_up_at: datetime | None
    events: tuple[str, ...]  # the states this parcel reached that day
    building_code: str = ""
    unit_code: str = ""


@dataclass(frozen=True)
class DailyReport:
    day: date
    stored: int
    picked_up: int
    overdue: int
    recalled: int
    rows: tuple[ReportRow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReminderPassReport:
    at: datetime
    planned: int = 0  # parcels whose reminder time was worked out
    reminders: int = 0  # habitual-time reminders queued
    overdue: int = 0  # overdue reminders queued (and parcels marked overdue)
    recalls: int = 0  # recall requests queued
    postponed: int = 0  # due in quiet hours or too soon after the last message: moved on
    silent: int = 0  # due, but no message (no consent, unknown recipient, cap reached)
