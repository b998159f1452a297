"""The demo compound's parcel lockers and a few parcels, so the pages are not empty.

Four banks of twelve doors on the site plan, wired to the demo lock-board simulator's
boards 1 and 2 (locks 1-12 and 13-24 of each). Residents get pickup histories with
different habits (early birds, lunch-break, evening, late), so habitual reminder times
differ; a handful of parcels wait in every state.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Building, Compound, LockerBank, LockerSlot, Parcel, ParcelEvent, Resident, Unit
from services.core.settings import ParcelSettings
from services.parcels.records import ParcelState
from services.parcels.reminders import Timing, first_action

# code, name, x_m, y_m, board, first lock
DEMO_BANKS = (
    ("A", "南门快递柜", 75.0, 10.0, 1, 1),
    ("B", "中庭快递柜", 110.0, 70.0, 1, 13),
    ("C", "东侧快递柜", 205.0, 140.0, 2, 1),
    ("D", "北门快递柜", 105.0, 205.0, 2, 13),
)
BANK_SIZES = ("S",) * 6 + ("M",) * 4 + ("L",) * 2  # doors 1-6 small, 7-10 medium, 11-12 large
HABITS_MIN = (7 * 60 + 30, 12 * 60 + 10, 18 * 60 + 5, 19 * 60 + 40, 22 * 60 + 15, 8 * 60 + 50)
COURIERS = (("SF", "顺丰速运"), ("ZTO", "中通快递"), ("YTO", "圆通速递"), ("JD", "京东物流"), ("YD", "韵达快递"))


def _tracking(rng: random.Random, courier: str) -> str:
    return f"{courier}{rng.randrange(10**11, 10**12)}"


def load_demo_parcels(session: Session, compound: Compound, now: datetime) -> int:
    """Banks, slots, pickup histories and live parcels; returns the number of slots."""
    rng = random.Random(20261107)
    zone = ZoneInfo(compound.timezone)
    slots: list[LockerSlot] = []
    for code, name, x, y, board, first_lock in DEMO_BANKS:
        bank = LockerBank(compound_id=compound.id, code=code, name=name, x_m=x, y_m=y)
        session.add(bank)
        session.flush()
        for i, size in enumerate(BANK_SIZES):
            slot = LockerSlot(bank_id=bank.id, number=i + 1, size=size, board=board, lock=first_lock + i,
                              occupied_by=None, out_of_service=False, out_of_service_reason="")
            session.add(slot)
            slots.append(slot)
    session.flush()

    rows = session.execute(
        select(Resident, Unit, Building).join(Unit, Resident.unit_id == Unit.id)
        .join(Building, Unit.building_id == Building.id).order_by(Resident.id)
    ).all()
    # Pickup histories: 40 residents, 4-9 past pickups each around their habit, one odd one out.
    for resident, unit, building in rows[:40]:
        habit = rng.choice(HABITS_MIN)
        for n in range(rng.randint(4, 9)):
            day = (now - timedelta(days=3 + n * rng.randint(2, 6))).astimezone(zone).date()
            minute = habit + rng.randint(-25, 25) if n != 2 else rng.randrange(9 * 60, 21 * 60)
            picked_local = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=minute % 1440)
            picked = picked_local.astimezone(now.tzinfo)
            stored = picked - timedelta(hours=rng.uniform(1, 20))
            courier, courier_name = rng.choice(COURIERS)
            p = Parcel(compound_id=compound.id, tracking_no=_tracking(rng, courier), courier_code=courier,
                       courier_name=courier_name, recipient_name=resident.name, recipient_phone=resident.phone,
                       building_code=building.code, unit_code=unit.code, resident_id=resident.id,
                       size=rng.choice("SSSML"), state=ParcelState.PICKED_UP.value, announced_at=stored,
                       stored_at=stored, picked_up_at=picked, picked_up_via="code")
            session.add(p)
            session.flush()
            for state, at in (("announced", stored), ("stored", stored), ("picked_up", picked)):
                session.add(ParcelEvent(parcel_id=p.id, state=state, note="demo history", at=at))

    timing = Timing.of(ParcelSettings())
    used_codes: set[str] = set()
    free = {s.id: s for s in slots}
    # (resident index, size, hours ago stored (None: announced only), state)
    live = ((3, "S", 2.0, ParcelState.STORED), (7, "M", 9.5, ParcelState.STORED),
            (12, "S", 20.0, ParcelState.REMINDED), (18, "L", 30.0, ParcelState.OVERDUE),
            (25, "M", 50.0, ParcelState.OVERDUE), (31, "S", 80.0, ParcelState.RECALL_REQUESTED),
            (44, "M", None, ParcelState.ANNOUNCED), (52, "S", None, ParcelState.ANNOUNCED))
    for index, size, hours, state in live:
        resident, unit, building = rows[index]
        courier, courier_name = rng.choice(COURIERS)
        announced = now - timedelta(hours=(hours or 0.5) + 0.2)
        p = Parcel(compound_id=compound.id, tracking_no=_tracking(rng, courier), courier_code=courier,
                   courier_name=courier_name, recipient_name=resident.name, recipient_phone=resident.phone,
                   building_code=building.code, unit_code=unit.code, resident_id=resident.id, size=size,
                   state=state.value, announced_at=announced, manifest_id="DEMO-1")
        session.add(p)
        session.flush()
        session.add(ParcelEvent(parcel_id=p.id, state="announced", note="courier manifest DEMO-1", at=announced))
        if hours is None:
            continue
        slot = next(s for s in free.values() if s.size == size and s.board == 1 + index % 2)
        del free[slot.id]
        code = f"{rng.randrange(10**6):06d}"
        while code in used_codes:
            code = f"{rng.randrange(10**6):06d}"
        used_codes.add(code)
        stored = now - timedelta(hours=hours)
        p.slot_id, p.pickup_code, p.stored_at = slot.id, code, stored
        slot.occupied_by = p.id
        session.add(ParcelEvent(parcel_id=p.id, state="stored", note="demo", at=stored))
        if state is ParcelState.RECALL_REQUESTED:
            p.recall_requested_at = stored + timing.t2
            session.add(ParcelEvent(parcel_id=p.id, state=state.value, note="demo", at=p.recall_requested_at))
            continue
        if state is not ParcelState.STORED:
            session.add(ParcelEvent(parcel_id=p.id, state=state.value, note="demo", at=stored + timedelta(hours=8)))
            p.reminders_sent = 1 if state is ParcelState.REMINDED else 2
            p.last_reminder_at = now - timedelta(hours=min(hours - 1, 12))
            p.next_action = "overdue" if hours + 24 < timing.t2.total_seconds() / 3600 else "recall"
            p.next_action_at = max(stored + timing.t1, p.last_reminder_at + timedelta(hours=24)) \
                if p.next_action == "overdue" else stored + timing.t2
            continue
        session.flush()
        p.next_action, p.next_action_at = first_action(session, p, stored, timing, zone)
    session.flush()
    return len(slots)
