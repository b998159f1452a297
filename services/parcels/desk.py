"""Parcels at the property desk: intake, recipient, nearest locker, store, pickup, recall, reports.

Decisions live here, tested without a display or a lock board; services/lockers/doors.py
drives the doors and calls back into this service once the board confirmed. Rules
(docs/parcels.md):

* A recipient is matched by building + unit + phone or name among the unit's
  residents; no match is ``unknown_recipient``, several are ``ambiguous_recipient``.
  Nobody is ever guessed; a flagged parcel waits for ``assign_recipient``.
* The slot: free, in service, large enough; the bank nearest the recipient's building
  on the site plan (straight line), smallest fitting size first, then the next bank.
* Storing, pickup and return are conditional UPDATEs (state and slot), so a double
  click or a second desk gets a clear error, never a second door or a second message.
"""

from __future__ import annotations

import csv
import heapq
import io
import itertools
import math
import re
import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from models import (
    Building,
    Compound,
    LockerBank,
    LockerSlot,
    Operator,
    Parcel,
    ParcelEvent,
    ParcelReminder,
    PickupLockout,
    Resident,
    Unit,
    WalkEdge,
)
from models.base import utcnow
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.core.journal import emit_event, record_audit
from services.core.masking import mask_name, mask_phone
from services.core.settings import ParcelSettings
from services.parcels.records import (
    FLAG_AMBIGUOUS,
    FLAG_UNKNOWN,
    IN_LOCKER_STATES,
    LIVE_STATES,
    SIZES,
    BankInfo,
    DailyReport,
    ParcelEventInfo,
    ParcelInfo,
    ParcelState,
    ReportRow,
    SlotChoice,
    SlotInfo,
    StoredParcel,
)
from services.parcels.reminders import (
    Timing,
    add_event,
    compound_zone,
    first_action,
    notify_parcel,
    place_of,
)
from services.parcels.tracking import check_tracking_no

COURIERS = {
    "SF": "顺丰速运", "JD": "京东物流", "EMS": "中国邮政EMS", "ZTO": "中通快递", "YTO": "圆通速递",
    "STO": "申通快递", "YD": "韵达快递", "JT": "极兔速递", "DB": "德邦快递",
}
PICKUP_VIA = ("code", "staff", "face", "resident_code")
LOCKOUT = timedelta(minutes=5)
_UNIT_TEXT_RE = re.compile(r"^\s*(\w{1,4}?)\s*(?:-|#|号楼|栋|幢|\s)\s*(\d{2,5})\s*$")
_IN_LOCKER = [s.value for s in IN_LOCKER_STATES]


def courier_name(code: str) -> str:
    return COURIERS.get(code.upper(), code)


def unit_label(building: str, unit: str) -> str:
    return f"{building}栋{unit}" if building or unit else ""


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# ---------------------------------------------------------------- reading


_Bank = aliased(LockerBank)
_Slot = aliased(LockerSlot)


def _parcel_query() -> Select[Parcel, LockerSlot, LockerBank]:
    return (select(Parcel, _Slot, _Bank).outerjoin(_Slot, Parcel.slot_id == _Slot.id)
            .outerjoin(_Bank, _Slot.bank_id == _Bank.id))


def _info(p: Parcel, slot: LockerSlot | None, bank: LockerBank | None, now: datetime) -> ParcelInfo:
    start = p.stored_at or p.announced_at
    end = p.picked_up_at or p.returned_at or now
    return ParcelInfo(
        id=p.id, tracking_no=p.tracking_no, courier_code=p.courier_code, courier_name=p.courier_name,
        recipient_name=p.recipient_name, phone_masked=mask_phone(p.recipient_phone) if p.recipient_phone else "",
        resident_id=p.resident_id, unit_label=unit_label(p.building_code, p.unit_code), size=p.size,
        building_code=p.building_code or "", unit_code=p.unit_code or "",
        state=ParcelState(p.state), flag=p.flag,
        bank_code=bank.code if bank else None, bank_name=bank.name if bank else None,
        slot_id=slot.id if slot else None, slot_no=slot.number if slot else None,
        board=slot.board if slot else None, lock=slot.lock if slot else None,
        announced_at=p.announced_at, stored_at=p.stored_at, picked_up_at=p.picked_up_at,
        age_h=round(max(0.0, (end - start).total_seconds() / 3600), 2),
        recall_instruction=p.recall_instruction, returned_at=p.returned_at,
    )


def parcel_info(session: Session, parcel_id: int, now: datetime) -> ParcelInfo:
    row = session.execute(_parcel_query().where(Parcel.id == parcel_id)).first()
    if row is None:
        raise DeskError(ErrorCode.PARCEL_UNKNOWN, parcel_id=parcel_id)
    return _info(row[0], row[1], row[2], now)


def _parcel(session: Session, parcel_id: int) -> Parcel:
    p = session.get(Parcel, parcel_id)
    if p is None:
        raise DeskError(ErrorCode.PARCEL_UNKNOWN, parcel_id=parcel_id)
    return p


def _compound(session: Session) -> Compound:
    compound = session.scalar(select(Compound).order_by(Compound.id).limit(1))
    if compound is None:
        raise DeskError(ErrorCode.RECIPIENT_UNKNOWN, reason="no compound")
    return compound


def _wrong_state(p: Parcel, wanted: Sequence[str]) -> DeskError:
    return DeskError(ErrorCode.PARCEL_WRONG_STATE, parcel_id=p.id, tracking_no=p.tracking_no, state=p.state,
                     wanted=tuple(wanted))


def _home(session: Session, resident_id: int) -> tuple[Resident, Unit, Building]:
    row = session.execute(
        select(Resident, Unit, Building).join(Unit, Resident.unit_id == Unit.id)
        .join(Building, Unit.building_id == Building.id).where(Resident.id == resident_id)
    ).first()
    if row is None:
        raise DeskError(ErrorCode.RECIPIENT_UNKNOWN, resident_id=resident_id)
    return row[0], row[1], row[2]


def find_live(session: Session, courier_code: str, tracking_no: str) -> Parcel | None:
    return session.scalar(select(Parcel).where(
        Parcel.courier_code == courier_code, Parcel.tracking_no == tracking_no,
        Parcel.state.not_in([ParcelState.PICKED_UP.value, ParcelState.RETURNED.value])))


# ---------------------------------------------------------------- intake


def resolve_recipient(session: Session, compound_id: int, building: str, unit: str, name: str,
                      phone: str) -> tuple[int | None, str]:
    """(resident id, "") when exactly one resident of that unit matches the phone or the name;
    (None, flag) otherwise. Never a guess."""
    unit_id = session.scalar(
        select(Unit.id).join(Building, Unit.building_id == Building.id)
        .where(Building.compound_id == compound_id, Building.code == building.strip(), Unit.code == unit.strip())
    )
    if unit_id is None:
        return None, FLAG_UNKNOWN
    residents = session.execute(select(Resident.id, Resident.name, Resident.phone)
                                .where(Resident.unit_id == unit_id)).all()
    phone_digits = _digits(phone)
    name = name.strip()
    matches = {rid for rid, r_name, r_phone in residents
               if (phone_digits and len(phone_digits) >= 7 and _digits(r_phone) == phone_digits)
               or (name and r_name == name)}
    if len(matches) == 1:
        return matches.pop(), ""
    return None, FLAG_AMBIGUOUS if matches else FLAG_UNKNOWN


def _text(payload: dict[str, Any], key: str, limit: int) -> str:
    value = payload.get(key, "")
    return str(value).strip()[:limit] if value is not None else ""


def _size(value: str) -> str:
    size = value.strip().upper()
    if size not in SIZES:
        raise DeskError(ErrorCode.PARCEL_INVALID, field="size", value=value, allowed=SIZES)
    return size


def ingest_announcement(session: Session, payload: dict[str, Any], now: datetime) -> Parcel:
    """Feed topic ``parcel.announced``: a parcel on a courier's manifest. Idempotent by courier +
    tracking number while the parcel is live; a finished one may come again (a new parcel)."""
    courier = _text(payload, "courier_code", 20).upper()
    tracking = check_tracking_no(_text(payload, "tracking_no", 60))
    if not courier:
        raise DeskError(ErrorCode.MALFORMED_CODE, code="", kind="courier_code")
    existing = find_live(session, courier, tracking)
    if existing is not None:
        return existing
    # No size on the manifest: M, the common one. A size we do not know (e.g. "XL"): L, which
    # always fits better than a guess smaller than the parcel; the note says so.
    size_text = _text(payload, "size", 8).upper() or "M"
    size = size_text if size_text in SIZES else "L"
    compound = _compound(session)
    building, unit = _text(payload, "building", 16), _text(payload, "unit", 16)
    name, phone = _text(payload, "recipient_name", 60), _text(payload, "recipient_phone", 20)
    resident_id, flag = resolve_recipient(session, compound.id, building, unit, name, phone)
    arrived = now
    raw_arrived = payload.get("arrived_at")
    if isinstance(raw_arrived, str):
        try:
            parsed = datetime.fromisoformat(raw_arrived)
            if parsed.tzinfo is not None:
                arrived = parsed
        except ValueError:
            pass
    p = Parcel(
        compound_id=compound.id, tracking_no=tracking, courier_code=courier,
        courier_name=_text(payload, "courier_name", 40) or courier_name(courier),
        manifest_id=_text(payload, "manifest_id", 60), recipient_name=name, recipient_phone=phone,
        building_code=building, unit_code=unit, resident_id=resident_id, size=size, flag=flag,
        state=ParcelState.ANNOUNCED.value, announced_at=arrived,
    )
    session.add(p)
    session.flush()
    add_event(session, p.id, ParcelState.ANNOUNCED.value,
              f"courier manifest {p.manifest_id}".strip() + (f"; {flag}" if flag else "")
              + (f"; size {size_text!r} unknown, L assumed" if size != size_text else ""), now)
    record_audit(session, "parcel_announced", subject=tracking, detail={"parcel_id": p.id, "flag": flag})
    return p


def record_recall_ack(session: Session, payload: dict[str, Any], now: datetime) -> Parcel | None:
    """Feed topic ``parcel.recall_ack``: the courier's instruction for a recalled parcel."""
    p = find_live(session, _text(payload, "courier_code", 20).upper(), _text(payload, "tracking_no", 60))
    if p is None:
        return None
    instruction = _text(payload, "instruction", 40) or "unspecified"
    note = _text(payload, "note", 160)
    pickup_by = _text(payload, "pickup_by", 40)
    if p.recall_instruction == instruction and p.recall_note == note:
        return p  # the same acknowledgement again
    p.recall_instruction, p.recall_note = instruction, note
    add_event(session, p.id, p.state, f"courier: {instruction}" + (f" by {pickup_by}" if pickup_by else "")
              + (f" ({note})" if note else ""), now)
    record_audit(session, "parcel_recall_ack", subject=p.tracking_no,
                 detail={"parcel_id": p.id, "instruction": instruction, "pickup_by": pickup_by})
    return p


def mark_returned(session: Session, parcel_id: int, now: datetime, *, operator_id: int | None,
                  note: str) -> Parcel:
    """The courier took a recalled parcel back; frees its slot. Idempotent."""
    p = _parcel(session, parcel_id)
    if p.state == ParcelState.RETURNED.value:
        return p
    done = session.execute(
        update(Parcel).where(Parcel.id == p.id, Parcel.state == ParcelState.RECALL_REQUESTED.value)
        .values(state=ParcelState.RETURNED.value, returned_at=now, pickup_code=None, next_action="",
                next_action_at=None).execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(p)
        raise _wrong_state(p, [ParcelState.RECALL_REQUESTED.value])
    _free_slot(session, p.id)
    add_event(session, p.id, ParcelState.RETURNED.value, note, now, operator_id)
    record_audit(session, "parcel_returned", subject=p.tracking_no, detail={"parcel_id": p.id},
                 operator_id=operator_id)
    session.refresh(p)
    return p


def _free_slot(session: Session, parcel_id: int) -> None:
    session.execute(update(LockerSlot).where(LockerSlot.occupied_by == parcel_id).values(occupied_by=None)
                    .execution_options(synchronize_session=False))


# ---------------------------------------------------------------- slot choice


def walking_metres(session: Session, compound_id: int, start: str) -> dict[str, float] | None:
    """Shortest walks (metres) from ``start`` to every point the walkways reach; None: no walkways."""
    edges = session.execute(select(WalkEdge.a, WalkEdge.b, WalkEdge.metres)
                            .where(WalkEdge.compound_id == compound_id)).all()
    if not edges:
        return None
    graph: dict[str, list[tuple[str, float]]] = {}
    for a, b, metres in edges:
        graph.setdefault(a, []).append((b, metres))
        graph.setdefault(b, []).append((a, metres))
    best = {start: 0.0}
    queue = [(0.0, start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if dist > best.get(node, math.inf):
            continue
        for nxt, metres in graph.get(node, ()):
            if dist + metres < best.get(nxt, math.inf):
                best[nxt] = dist + metres
                heapq.heappush(queue, (dist + metres, nxt))
    return best


def _not_held(now: datetime, parcel_id: int | None) -> ColumnElement[bool]:
    """A door nobody is holding (or whose hold ran out, or held for this very parcel)."""
    return or_(LockerSlot.held_until.is_(None), LockerSlot.held_until <= now,
               LockerSlot.held_for == (parcel_id if parcel_id is not None else -1))


def choose_slot_near(session: Session, compound_id: int, x_m: float, y_m: float, size: str,
                     exclude_slot_ids: Sequence[int] = (), *, now: datetime | None = None,
                     parcel_id: int | None = None, building_code: str | None = None) -> SlotChoice:
    """The nearest bank with a free slot that fits, smallest fitting size first.

    Distance: the walk from ``building:<code>`` when the compound has walkways that reach
    the bank, else the straight line on the site plan. Banks in distance order, one indexed
    query each (smallest size, lowest door); the nearest bank usually answers in one query."""
    fits = SIZES[SIZES.index(size):]
    banks = session.execute(select(LockerBank.id, LockerBank.code, LockerBank.name, LockerBank.x_m, LockerBank.y_m)
                            .where(LockerBank.compound_id == compound_id)).all()
    walks = walking_metres(session, compound_id, f"building:{building_code}") if building_code else None

    def distance(code: str, bx: float, by: float) -> float:
        walked = walks.get(f"bank:{code}") if walks else None
        return walked if walked is not None else math.hypot(bx - x_m, by - y_m)

    by_distance = sorted(banks, key=lambda b: (distance(b[1], b[3], b[4]), b[1]))
    size_rank = case({s: i for i, s in enumerate(SIZES)}, value=LockerSlot.size)
    query = select(LockerSlot.id, LockerSlot.number, LockerSlot.size, LockerSlot.board, LockerSlot.lock).where(
        LockerSlot.bank_id == bindparam("bank"), LockerSlot.size.in_(fits), LockerSlot.occupied_by.is_(None),
        LockerSlot.out_of_service.is_(False), _not_held(now or utcnow(), parcel_id))
    if exclude_slot_ids:
        query = query.where(LockerSlot.id.not_in(list(exclude_slot_ids)))
    query = query.order_by(size_rank, LockerSlot.number).limit(1)
    for bank_id, code, name, bx, by in by_distance:
        slot = session.execute(query, {"bank": bank_id}).first()
        if slot is not None:
            return SlotChoice(slot_id=slot[0], bank_code=code, bank_name=name, slot_no=slot[1], size=slot[2],
                              board=slot[3], lock=slot[4], distance_m=round(distance(code, bx, by), 1),
                              fallback=bank_id != by_distance[0][0])
    raise DeskError(ErrorCode.NO_SLOT_FITS, size=size, banks=tuple(b[2] for b in by_distance))


def _weak(code: str) -> bool:
    """Codes a person might try first: one digit repeated, or a straight run up or down."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(code)}
    return len(steps) == 1 and steps.pop() in (0, 1, 9)


def new_pickup_code() -> str:
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        if not _weak(code):
            return code


# ---------------------------------------------------------------- the service


class ParcelService:
    def __init__(self, sessions: sessionmaker[Session], settings: ParcelSettings | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = sessions
        self.settings = settings or ParcelSettings()
        self._clock = clock

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    # ------------------------------------------------------------ intake

    def register(self, tracking_no: str, courier_code: str, size: str, resident_id: int, *,
                 operator_id: int | None) -> ParcelInfo:
        """Desk intake after scanning the tracking barcode and picking the resident."""
        tracking_no = check_tracking_no(tracking_no)
        courier = courier_code.strip().upper()
        if not courier:
            raise DeskError(ErrorCode.MALFORMED_CODE, code="", kind="courier_code")
        size = _size(size)
        now = self._now()
        try:
            with unit_of_work(self._sessions) as session:
                resident, unit, building = _home(session, resident_id)
                existing = find_live(session, courier, tracking_no)
                if existing is not None:
                    raise DeskError(ErrorCode.PARCEL_DUPLICATE, courier_code=courier, tracking_no=tracking_no,
                                    parcel_id=existing.id)
                p = Parcel(
                    compound_id=building.compound_id, tracking_no=tracking_no, courier_code=courier,
                    courier_name=courier_name(courier), recipient_name=resident.name,
                    recipient_phone=resident.phone, building_code=building.code, unit_code=unit.code,
                    resident_id=resident.id, size=size, state=ParcelState.ANNOUNCED.value, announced_at=now,
                )
                session.add(p)
                session.flush()
                add_event(session, p.id, ParcelState.ANNOUNCED.value, "registered at the desk", now, operator_id)
                record_audit(session, "parcel_registered", subject=tracking_no, detail={"parcel_id": p.id},
                             operator_id=operator_id)
                pid = p.id
        except IntegrityError as exc:  # another desk registered the same parcel a moment ago
            raise DeskError(ErrorCode.PARCEL_DUPLICATE, courier_code=courier, tracking_no=tracking_no,
                            parcel_id=None) from exc
        return self.get(pid)

    def ingest_announcement(self, payload: dict[str, Any]) -> ParcelInfo:
        now = self._now()
        with unit_of_work(self._sessions) as session:
            pid = ingest_announcement(session, payload, now).id
        return self.get(pid)

    def assign_recipient(self, parcel_id: int, resident_id: int, *, operator_id: int | None) -> ParcelInfo:
        now = self._now()
        with unit_of_work(self._sessions) as session:
            p = _parcel(session, parcel_id)
            if p.state != ParcelState.ANNOUNCED.value:
                raise _wrong_state(p, [ParcelState.ANNOUNCED.value])
            resident, unit, building = _home(session, resident_id)
            was = p.flag
            p.resident_id, p.flag = resident.id, ""
            p.recipient_name, p.recipient_phone = resident.name, resident.phone
            p.building_code, p.unit_code = building.code, unit.code
            add_event(session, p.id, p.state, f"recipient assigned by staff (was {was or 'matched'})", now,
                      operator_id)
            record_audit(session, "parcel_recipient_assigned", subject=p.tracking_no,
                         detail={"parcel_id": p.id, "resident_id": resident.id, "flag": was}, operator_id=operator_id)
        return self.get(parcel_id)

    # ------------------------------------------------------------ reading

    def get(self, parcel_id: int) -> ParcelInfo:
        with self._sessions() as session:
            return parcel_info(session, parcel_id, self._now())

    def search(self, text: str = "", states: Sequence[ParcelState] | None = None, min_age_h: float | None = None,
               limit: int = 200) -> list[ParcelInfo]:
        """Tracking number (any part), unit ("3-1203"), name, or a phone's last four digits."""
        query = _parcel_query()
        text = text.strip()
        if text:
            unit_match = _UNIT_TEXT_RE.match(text)
            if unit_match:
                query = query.where(Parcel.building_code == unit_match.group(1),
                                    Parcel.unit_code == unit_match.group(2))
            else:
                conditions = [Parcel.tracking_no.contains(text.upper()), Parcel.tracking_no.contains(text),
                              Parcel.recipient_name.contains(text)]
                if text.isdigit() and len(text) == 4:
                    conditions.append(Parcel.recipient_phone.endswith(text))
                query = query.where(or_(*conditions))
        if states:
            query = query.where(Parcel.state.in_([ParcelState(s).value for s in states]))
        now = self._now()
        if min_age_h is not None:
            query = query.where(func.coalesce(Parcel.stored_at, Parcel.announced_at)
                                <= now - timedelta(hours=min_age_h))
        query = query.order_by(Parcel.announced_at.desc(), Parcel.id.desc()).limit(limit)
        with self._sessions() as session:
            return [_info(r[0], r[1], r[2], now) for r in session.execute(query).all()]

    def history(self, parcel_id: int) -> list[ParcelEventInfo]:
        with self._sessions() as session:
            _parcel(session, parcel_id)
            rows = session.execute(
                select(ParcelEvent, Operator.name).outerjoin(Operator, ParcelEvent.operator_id == Operator.id)
                .where(ParcelEvent.parcel_id == parcel_id).order_by(ParcelEvent.at, ParcelEvent.id)
            ).all()
            return [ParcelEventInfo(e.at, e.state, e.note, name or "") for e, name in rows]

    def for_resident(self, resident_id: int, live_only: bool) -> list[ParcelInfo]:
        query = _parcel_query().where(Parcel.resident_id == resident_id)
        if live_only:
            query = query.where(Parcel.state.in_([s.value for s in LIVE_STATES]))
        query = query.order_by(Parcel.announced_at.desc(), Parcel.id.desc())
        now = self._now()
        with self._sessions() as session:
            return [_info(r[0], r[1], r[2], now) for r in session.execute(query).all()]

    def layout(self) -> list[BankInfo]:
        with self._sessions() as session:
            compound = _compound(session)
            banks = session.scalars(select(LockerBank).where(LockerBank.compound_id == compound.id)
                                    .order_by(LockerBank.code)).all()
            rows = session.execute(
                select(LockerSlot, Parcel.tracking_no).outerjoin(Parcel, Parcel.id == LockerSlot.occupied_by)
                .join(LockerBank, LockerSlot.bank_id == LockerBank.id)
                .where(LockerBank.compound_id == compound.id).order_by(LockerSlot.number)
            ).all()
            slots: dict[int, list[SlotInfo]] = {}
            for slot, tracking in rows:
                slots.setdefault(slot.bank_id, []).append(SlotInfo(
                    id=slot.id, no=slot.number, size=slot.size, board=slot.board, lock=slot.lock,
                    parcel_id=slot.occupied_by, parcel_tracking=tracking, out_of_service=slot.out_of_service,
                    out_of_service_reason=slot.out_of_service_reason))
            return [BankInfo(b.code, b.name, b.x_m, b.y_m, tuple(slots.get(b.id, ()))) for b in banks]

    # ------------------------------------------------------------ storing

    def choose_slot(self, parcel_id: int, *, exclude_slot_ids: Sequence[int] = ()) -> SlotChoice:
        with self._sessions() as session:
            row = session.execute(
                select(Parcel, Building.x_m, Building.y_m, Building.code)
                .outerjoin(Resident, Resident.id == Parcel.resident_id)
                .outerjoin(Unit, Unit.id == Resident.unit_id).outerjoin(Building, Building.id == Unit.building_id)
                .where(Parcel.id == parcel_id)
            ).first()
            if row is None:
                raise DeskError(ErrorCode.PARCEL_UNKNOWN, parcel_id=parcel_id)
            p, x, y, building = row
            if p.state != ParcelState.ANNOUNCED.value:
                raise _wrong_state(p, [ParcelState.ANNOUNCED.value])
            if p.resident_id is None or x is None or y is None:
                raise DeskError(ErrorCode.RECIPIENT_UNKNOWN, tracking_no=p.tracking_no, flag=p.flag)
            return choose_slot_near(session, p.compound_id, float(x), float(y), p.size, exclude_slot_ids,
                                    now=self._now(), parcel_id=p.id, building_code=building)

    def mark_stored(self, parcel_id: int, slot_id: int, *, operator_id: int | None) -> StoredParcel:
        """Call only after the board reported the door closed with the parcel inside."""
        now = self._now()
        timing = Timing.of(self.settings)
        for _attempt in range(5):
            code = new_pickup_code()
            try:
                with unit_of_work(self._sessions) as session:
                    self._store(session, parcel_id, slot_id, code, now, timing, operator_id)
                return StoredParcel(self.get(parcel_id), code)
            except IntegrityError as exc:  # the code was taken by another desk in the same instant
                last = exc
        raise DeskError(ErrorCode.SLOT_TAKEN, slot_id=slot_id, reason=str(last.orig)[:80])

    def _store(self, session: Session, parcel_id: int, slot_id: int, code: str, now: datetime, timing: Timing,
               operator_id: int | None) -> None:
        p = _parcel(session, parcel_id)
        if p.state != ParcelState.ANNOUNCED.value:
            raise _wrong_state(p, [ParcelState.ANNOUNCED.value])
        if p.resident_id is None:
            raise DeskError(ErrorCode.RECIPIENT_UNKNOWN, tracking_no=p.tracking_no, flag=p.flag)
        slot = session.get(LockerSlot, slot_id)
        if slot is None:
            raise DeskError(ErrorCode.SLOT_TAKEN, slot_id=slot_id, bank="", slot_no=None)
        taken = session.execute(
            update(LockerSlot).where(LockerSlot.id == slot_id, LockerSlot.occupied_by.is_(None),
                                     LockerSlot.out_of_service.is_(False), _not_held(now, p.id))
            .values(occupied_by=p.id, held_for=None, held_until=None).execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            bank = session.get(LockerBank, slot.bank_id)
            raise DeskError(ErrorCode.SLOT_TAKEN, slot_id=slot_id, bank=bank.name if bank else "",
                            slot_no=slot.number)
        if session.scalar(select(Parcel.id).where(Parcel.pickup_code == code)) is not None:
            raise IntegrityError("pickup code in use", None, ValueError(code))
        p.state, p.slot_id, p.pickup_code, p.stored_at = ParcelState.STORED.value, slot_id, code, now
        session.flush()
        place = place_of(session, p)
        p.next_action, p.next_action_at = first_action(session, p, now, timing, place.zone)
        add_event(session, p.id, ParcelState.STORED.value, f"{place.bank_name} door {place.slot_no}", now,
                  operator_id)
        record_audit(session, "parcel_stored", subject=p.tracking_no,
                     detail={"parcel_id": p.id, "slot_id": slot_id}, operator_id=operator_id)
        # Back to the courier: where the parcel is (the best storage place, seed claim 5-6).
        emit_event(session, "parcel.stored", {
            "courier_code": p.courier_code, "tracking_no": p.tracking_no, "site": place.compound_code,
            "bank": place.bank_code, "slot": place.slot_no, "stored_at": now.isoformat(),
        })
        dedup = f"parcel_arrived:parcel:{p.id}"
        event_id = notify_parcel(session, p, "parcel_arrived", dedup, timing, place)
        if event_id:
            session.add(ParcelReminder(parcel_id=p.id, kind="arrival", due_at=now, sent_at=now, dedup_key=dedup,
                                       event_id=event_id))

    def set_walkways(self, walkways: Sequence[tuple[str, str, float]], *, operator_id: int | None) -> int:
        """Replace the compound's walkways: (point, point, metres) with points ``building:<code>``,
        ``bank:<code>`` or waypoint names. An empty list goes back to straight lines."""
        clean: dict[tuple[str, str], float] = {}
        for a, b, metres in walkways:
            a, b = a.strip(), b.strip()
            if not a or not b or a == b or len(a) > 40 or len(b) > 40 or not 0 < float(metres) < 100_000:
                raise DeskError(ErrorCode.PARCEL_INVALID, field="walkway", value=f"{a} - {b}: {metres}",
                                allowed=("two different points", "0 < metres < 100000"))
            clean[(min(a, b), max(a, b))] = float(metres)
        with unit_of_work(self._sessions) as session:
            compound = _compound(session)
            session.execute(delete(WalkEdge).where(WalkEdge.compound_id == compound.id))
            session.add_all(WalkEdge(compound_id=compound.id, a=a, b=b, metres=m) for (a, b), m in clean.items())
            record_audit(session, "walkways_set", subject=compound.code, detail={"edges": len(clean)},
                         operator_id=operator_id)
        return len(clean)

    def hold_slot(self, slot_id: int, parcel_id: int, *, seconds: float) -> None:
        """Hold a free door for this parcel while it is opened and filled (locker_ops.store_parcel).

        SLOT_TAKEN when another desk holds it, or it is occupied or out of service: nothing opens."""
        now = self._now()
        with unit_of_work(self._sessions) as session:
            held = session.execute(
                update(LockerSlot).where(LockerSlot.id == slot_id, LockerSlot.occupied_by.is_(None),
                                         LockerSlot.out_of_service.is_(False), _not_held(now, parcel_id))
                .values(held_for=parcel_id, held_until=now + timedelta(seconds=seconds))
                .execution_options(synchronize_session=False)
            )
            if held.rowcount != 1:  # type: ignore[attr-defined]
                row = session.execute(select(LockerBank.name, LockerSlot.number).join(LockerSlot)
                                      .where(LockerSlot.id == slot_id)).first()
                raise DeskError(ErrorCode.SLOT_TAKEN, slot_id=slot_id, bank=row[0] if row else "",
                                slot_no=row[1] if row else None)

    def release_slot_hold(self, slot_id: int, parcel_id: int) -> None:
        with unit_of_work(self._sessions) as session:
            session.execute(update(LockerSlot).where(LockerSlot.id == slot_id, LockerSlot.held_for == parcel_id)
                            .values(held_for=None, held_until=None).execution_options(synchronize_session=False))

    def mark_slot_out_of_service(self, slot_id: int, reason: str, *, operator_id: int | None) -> None:
        with unit_of_work(self._sessions) as session:
            slot = session.get(LockerSlot, slot_id)
            if slot is None:
                raise DeskError(ErrorCode.SLOT_TAKEN, slot_id=slot_id, bank="", slot_no=None)
            slot.out_of_service, slot.out_of_service_reason = True, reason[:120]
            record_audit(session, "locker_slot_out_of_service", subject=f"{slot.board}/{slot.lock}",
                         detail={"slot_id": slot_id, "reason": reason[:120]}, operator_id=operator_id)

    def record_door_opened_by_hand(self, board: int, lock: int, *, operator_id: int, outcome: str) -> None:
        """The audit entry for an administrator's "Open door" on the Lockers page, opened or not."""
        with unit_of_work(self._sessions) as session:
            record_audit(session, "locker_door_opened_by_hand", subject=f"{board}/{lock}",
                         detail={"board": board, "lock": lock, "outcome": outcome[:120]}, operator_id=operator_id)

    def return_slot_to_service(self, slot_id: int, *, operator_id: int | None) -> None:
        with unit_of_work(self._sessions) as session:
            slot = session.get(LockerSlot, slot_id)
            if slot is None:
                raise DeskError(ErrorCode.SLOT_TAKEN, slot_id=slot_id, bank="", slot_no=None)
            slot.out_of_service, slot.out_of_service_reason = False, ""
            record_audit(session, "locker_slot_in_service", subject=f"{slot.board}/{slot.lock}",
                         detail={"slot_id": slot_id}, operator_id=operator_id)

    # ------------------------------------------------------------ pickup

    def find_by_pickup_code(self, code: str, *, desk_key: str) -> list[ParcelInfo]:
        """The parcel with this code first, then the same resident's other parcels in lockers.

        Five wrong codes in a row at one desk (``pickup_code_attempts``) lock code entry
        there for five minutes: DeskError PICKUP_LOCKED(until); a wrong code is
        PICKUP_CODE_WRONG(attempts_left)."""
        now = self._now()
        code = _digits(code) if _digits(code) == code.strip() else code.strip()
        attempts = max(1, self.settings.pickup_code_attempts)
        with unit_of_work(self._sessions) as session:
            lock = session.get(PickupLockout, desk_key)
            if lock is not None and lock.locked_until is not None and lock.locked_until > now:
                raise DeskError(ErrorCode.PICKUP_LOCKED, until=lock.locked_until)
            found = session.scalar(select(Parcel).where(Parcel.pickup_code == code,
                                                        Parcel.state.in_(_IN_LOCKER))) if code else None
            if found is None:
                if lock is None:
                    lock = PickupLockout(desk_key=desk_key, failures=0)
                    session.add(lock)
                lock.failures += 1
                error = DeskError(ErrorCode.PICKUP_CODE_WRONG, attempts_left=attempts - lock.failures)
                if lock.failures >= attempts:
                    lock.failures, lock.locked_until = 0, now + LOCKOUT
                    error = DeskError(ErrorCode.PICKUP_LOCKED, until=lock.locked_until)
                record_audit(session, "pickup_code_wrong", subject=desk_key[:80])
            else:
                if lock is not None:
                    lock.failures, lock.locked_until = 0, None
                ids = [found.id]
                if found.resident_id is not None:
                    ids += session.scalars(select(Parcel.id).where(
                        Parcel.resident_id == found.resident_id, Parcel.id != found.id,
                        Parcel.state.in_(_IN_LOCKER)).order_by(Parcel.stored_at)).all()
                return [parcel_info(session, pid, now) for pid in ids]
        raise error

    def mark_picked_up(self, parcel_id: int, *, via: str, operator_id: int | None) -> ParcelInfo:
        if via not in PICKUP_VIA:
            raise DeskError(ErrorCode.PARCEL_INVALID, field="via", value=via, allowed=PICKUP_VIA)
        now = self._now()
        with unit_of_work(self._sessions) as session:
            p = _parcel(session, parcel_id)
            done = session.execute(
                update(Parcel).where(Parcel.id == parcel_id, Parcel.state.in_(_IN_LOCKER))
                .values(state=ParcelState.PICKED_UP.value, picked_up_at=now, picked_up_via=via, pickup_code=None,
                        next_action="", next_action_at=None).execution_options(synchronize_session=False)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise _wrong_state(p, _IN_LOCKER)
            _free_slot(session, parcel_id)
            add_event(session, parcel_id, ParcelState.PICKED_UP.value, f"picked up ({via})", now, operator_id)
            record_audit(session, "parcel_picked_up", subject=p.tracking_no, detail={"parcel_id": p.id, "via": via},
                         operator_id=operator_id)
            emit_event(session, "parcel.picked_up", {"courier_code": p.courier_code, "tracking_no": p.tracking_no,
                                                     "picked_up_at": now.isoformat()})
        return self.get(parcel_id)

    def mark_returned(self, parcel_id: int, *, operator_id: int | None, note: str = "released to the courier"
                      ) -> ParcelInfo:
        now = self._now()
        with unit_of_work(self._sessions) as session:
            mark_returned(session, parcel_id, now, operator_id=operator_id, note=note)
        return self.get(parcel_id)

    # ------------------------------------------------------------ reports

    def daily_report(self, day: date) -> DailyReport:
        with self._sessions() as session:
            zone = compound_zone(_compound(session).timezone)
            start = datetime.combine(day, time(0), zone)
            end = start + timedelta(days=1)
            rows = session.execute(
                select(ParcelEvent.parcel_id, ParcelEvent.state).where(ParcelEvent.at >= start, ParcelEvent.at < end)
                .order_by(ParcelEvent.at, ParcelEvent.id)
            ).all()
            reached: dict[int, list[str]] = {}
            for pid, state in rows:
                seen = reached.setdefault(pid, [])
                if state not in seen:
                    seen.append(state)
            counts = {s: sum(1 for states in reached.values() if s in states) for s in
                      ("stored", "picked_up", "overdue", "recall_requested")}
            report_rows: list[ReportRow] = []
            if reached:
                for p, slot, bank in session.execute(_parcel_query().where(Parcel.id.in_(list(reached)))
                                                     .order_by(Parcel.id)).all():
                    report_rows.append(ReportRow(
                        tracking_no=p.tracking_no, courier_code=p.courier_code,
                        unit_label=unit_label(p.building_code, p.unit_code), recipient=mask_name(p.recipient_name),
                        size=p.size, state=p.state, bank=bank.name if bank else "",
                        slot_no=slot.number if slot else None, stored_at=p.stored_at, picked_up_at=p.picked_up_at,
                        events=tuple(reached[p.id]), building_code=p.building_code or "",
                        unit_code=p.unit_code or ""))
            return DailyReport(day=day, stored=counts["stored"], picked_up=counts["picked_up"],
                               overdue=counts["overdue"], recalled=counts["recall_requested"],
                               rows=tuple(report_rows))

    def daily_report_csv(self, day: date) -> str:
        report = self.daily_report(day)
        with self._sessions() as session:
            zone = compound_zone(_compound(session).timezone)

        def local(at: datetime | None) -> str:
            return at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if at else ""

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["day", "tracking_no", "courier", "unit", "recipient", "size", "state", "bank", "slot",
                         "stored_at", "picked_up_at", "events"])
        for r in report.rows:
            writer.writerow([day.isoformat(), r.tracking_no, r.courier_code, r.unit_label, r.recipient, r.size,
                             r.state, r.bank, "" if r.slot_no is None else r.slot_no, local(r.stored_at),
                             local(r.picked_up_at), " ".join(r.events)])
        writer.writerow([day.isoformat(), "TOTAL", "", "", "", "", "", "", "", f"stored={report.stored}",
                         f"picked_up={report.picked_up}",
                         f"overdue={report.overdue} recalled={report.recalled}"])
        return out.getvalue()
