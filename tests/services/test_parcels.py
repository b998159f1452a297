"""Parcel intake, recipient matching, nearest slot, storing, pickup codes and reports (no board)."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import LockerBank, LockerSlot, Resident
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from services.parcels.desk import ParcelService
from services.parcels.records import FLAG_AMBIGUOUS, FLAG_UNKNOWN, ParcelState
from tests.services.parcel_helpers import Clock, local, messages, outbox, residents_of, service


@pytest.fixture
def clock() -> Clock:
    return Clock(local(2027, 3, 10, 10, 0))  # far from the demo data's days


@pytest.fixture
def parcels(desk: Desk, clock: Clock) -> ParcelService:
    return service(desk, clock)


def _bank_slots(desk: Desk, bank: str, size: str | None = None) -> list[int]:
    with desk.db.sessions() as s:
        q = select(LockerSlot.id).join(LockerBank).where(LockerBank.code == bank)
        if size:
            q = q.where(LockerSlot.size == size)
        return list(s.scalars(q.order_by(LockerSlot.number)))


def _disable(desk: Desk, slot_ids: list[int]) -> None:
    with unit_of_work(desk.db.sessions) as s:
        s.execute(update(LockerSlot).where(LockerSlot.id.in_(slot_ids)).values(out_of_service=True))


def test_register_refuses_duplicates_bad_codes_and_unknown_residents(desk: Desk, parcels: ParcelService) -> None:
    r = residents_of(desk, "1")[0]
    p = parcels.register("SF1001001001", "sf", "s", r.id, operator_id=None)
    assert (p.state, p.courier_code, p.courier_name, p.size) == (ParcelState.ANNOUNCED, "SF", "顺丰速运", "S")
    assert p.unit_label == f"1栋{r.unit}" and "****" in p.phone_masked and p.flag == ""
    with pytest.raises(DeskError) as dup:
        parcels.register("SF1001001001", "SF", "M", r.id, operator_id=None)
    assert dup.value.code is ErrorCode.PARCEL_DUPLICATE and dup.value.params["parcel_id"] == p.id
    with pytest.raises(DeskError) as bad:
        parcels.register("SF 12", "SF", "M", r.id, operator_id=None)
    assert bad.value.code is ErrorCode.MALFORMED_CODE
    with pytest.raises(DeskError) as nobody:
        parcels.register("SF1001001002", "SF", "M", 999_999, operator_id=None)
    assert nobody.value.code is ErrorCode.RECIPIENT_UNKNOWN
    assert [e.state for e in parcels.history(p.id)] == ["announced"]


def _announce(r_building: str, unit: str, name: str, phone: str, tracking: str) -> dict[str, object]:
    return {"courier_code": "ZTO", "courier_name": "中通快递", "tracking_no": tracking, "recipient_name": name,
            "recipient_phone": phone, "building": r_building, "unit": unit, "size": "M", "manifest_id": "M-1",
            "arrived_at": "2026-11-23T01:30:00+00:00"}


def test_announcement_matches_one_resident_or_flags_it(desk: Desk, parcels: ParcelService) -> None:
    r = residents_of(desk, "6")[0]
    with desk.db.sessions() as s:
        phone = s.get(Resident, r.id).phone  # type: ignore[union-attr]
    by_phone = parcels.ingest_announcement(_announce("6", r.unit, "", phone, "ZT10000000"))
    assert by_phone.resident_id == r.id and by_phone.flag == "" and by_phone.announced_at.hour == 1
    again = parcels.ingest_announcement(_announce("6", r.unit, "", phone, "ZT10000000"))
    assert again.id == by_phone.id  # idempotent by courier + tracking number
    by_name = parcels.ingest_announcement(_announce("6", r.unit, r.name, "", "ZT10000001"))
    assert by_name.resident_id == r.id
    nowhere = parcels.ingest_announcement(_announce("4", "0101", r.name, phone, "ZT10000002"))
    assert (nowhere.resident_id, nowhere.flag) == (None, FLAG_UNKNOWN)
    stranger = parcels.ingest_announcement(_announce("6", r.unit, "不认识", "13900000000", "ZT10000003"))
    assert stranger.flag == FLAG_UNKNOWN

    # A second household member: the name says one resident, the phone the other -> never guessed.
    other = residents_of(desk, "6")[1]
    with unit_of_work(desk.db.sessions) as s:
        res = s.get(Resident, r.id)
        assert res is not None
        s.add(Resident(unit_id=res.unit_id, name=other.name, phone="13711112222"))
    both = parcels.ingest_announcement(_announce("6", r.unit, other.name, phone, "ZT10000004"))
    assert (both.resident_id, both.flag) == (None, FLAG_AMBIGUOUS)
    with pytest.raises(DeskError) as flagged:
        parcels.choose_slot(both.id)
    assert flagged.value.code is ErrorCode.RECIPIENT_UNKNOWN
    fixed = parcels.assign_recipient(both.id, r.id, operator_id=None)
    assert fixed.resident_id == r.id and fixed.flag == ""
    assert "recipient assigned" in parcels.history(both.id)[-1].note
    assert parcels.choose_slot(both.id).size == "M"


def test_nearest_bank_smallest_fitting_size_then_fallback_then_full(desk: Desk, parcels: ParcelService) -> None:
    r = residents_of(desk, "1")[0]  # building 1 at (40, 30): bank A (75, 10) is nearest, B next
    small = parcels.register("YT2000000001", "YTO", "S", r.id, operator_id=None)
    choice = parcels.choose_slot(small.id)
    assert (choice.bank_code, choice.size, choice.fallback) == ("A", "S", False)
    assert choice.distance_m == pytest.approx(40.3, abs=0.1)
    assert parcels.choose_slot(small.id, exclude_slot_ids=[choice.slot_id]).slot_id != choice.slot_id

    _disable(desk, _bank_slots(desk, "A", "S"))  # no small door left in A: a medium one of A, not B
    bigger = parcels.choose_slot(small.id)
    assert (bigger.bank_code, bigger.size, bigger.fallback) == ("A", "M", False)

    large = parcels.register("YT2000000002", "YTO", "L", r.id, operator_id=None)
    _disable(desk, _bank_slots(desk, "A", "L"))
    fallback = parcels.choose_slot(large.id)
    assert (fallback.bank_code, fallback.size, fallback.fallback) == ("B", "L", True)

    _disable(desk, [s for bank in "ABCD" for s in _bank_slots(desk, bank, "L")])
    with pytest.raises(DeskError) as full:
        parcels.choose_slot(large.id)
    assert full.value.code is ErrorCode.NO_SLOT_FITS
    assert full.value.params["size"] == "L" and full.value.params["banks"][0] == "南门快递柜"


def test_storing_takes_the_slot_once_and_tells_resident_and_courier(desk: Desk, parcels: ParcelService) -> None:
    r = residents_of(desk, "2")[0]
    p = parcels.register("JD3000000001", "JD", "M", r.id, operator_id=1)
    choice = parcels.choose_slot(p.id)
    stored = parcels.mark_stored(p.id, choice.slot_id, operator_id=1)
    assert len(stored.pickup_code) == 6 and stored.pickup_code.isdigit()
    info = stored.parcel
    assert (info.state, info.slot_id, info.bank_code, info.board, info.lock) == (
        ParcelState.STORED, choice.slot_id, choice.bank_code, choice.board, choice.lock)
    [courier] = [e for e in outbox(desk, "parcel.stored") if e["tracking_no"] == "JD3000000001"]
    assert courier == {"courier_code": "JD", "tracking_no": "JD3000000001", "site": "C001",
                       "bank": choice.bank_code, "slot": choice.slot_no, "stored_at": info.stored_at.isoformat()}
    [notice] = messages(desk, "parcel_arrived")
    assert notice["recipient"]["key"] == f"resident-{r.id}"
    assert notice["params"]["code"] == stored.pickup_code and notice["params"]["door"] == choice.slot_no
    assert notice["params"]["bank"] == choice.bank_name and notice["params"]["t2_h"] == 72

    with pytest.raises(DeskError) as twice:  # a double click
        parcels.mark_stored(p.id, choice.slot_id, operator_id=1)
    assert twice.value.code is ErrorCode.PARCEL_WRONG_STATE
    q = parcels.register("JD3000000002", "JD", "M", r.id, operator_id=1)
    with pytest.raises(DeskError) as taken:  # another desk chose the same door a moment ago
        parcels.mark_stored(q.id, choice.slot_id, operator_id=1)
    assert taken.value.code is ErrorCode.SLOT_TAKEN and parcels.get(q.id).state is ParcelState.ANNOUNCED
    assert parcels.choose_slot(q.id).slot_id != choice.slot_id
    assert [(e.state, e.operator_name) for e in parcels.history(p.id)] == [
        ("announced", "王芳"), ("stored", "王芳")]
    bank = next(b for b in parcels.layout() if b.code == choice.bank_code)
    assert next(s for s in bank.slots if s.id == choice.slot_id).parcel_tracking == "JD3000000001"


def test_pickup_codes_are_unique_random_and_locked_out_after_five_wrong(
        desk: Desk, parcels: ParcelService, clock: Clock) -> None:
    people = residents_of(desk, "6")[:3]
    codes: list[str] = []
    for i in range(30):
        p = parcels.register(f"ST40000000{i:02d}", "STO", "S", people[i % 3].id, operator_id=None)
        try:
            choice = parcels.choose_slot(p.id)
        except DeskError:
            break
        codes.append(parcels.mark_stored(p.id, choice.slot_id, operator_id=None).pickup_code)
    assert len(codes) >= 20 and len(set(codes)) == len(codes)
    steps = {int(b) - int(a) for a, b in itertools.pairwise(codes)}
    assert len(steps) > 1  # not a sequence

    wrong = "000000" if "000000" not in codes else "999999"
    for left in (4, 3, 2, 1):
        with pytest.raises(DeskError) as err:
            parcels.find_by_pickup_code(wrong, desk_key="desk-1")
        assert err.value.code is ErrorCode.PICKUP_CODE_WRONG and err.value.params["attempts_left"] == left
    with pytest.raises(DeskError) as locked:
        parcels.find_by_pickup_code(wrong, desk_key="desk-1")
    assert locked.value.code is ErrorCode.PICKUP_LOCKED
    with pytest.raises(DeskError) as still:  # even the right code waits out the lockout
        parcels.find_by_pickup_code(codes[0], desk_key="desk-1")
    assert still.value.code is ErrorCode.PICKUP_LOCKED
    assert parcels.find_by_pickup_code(codes[0], desk_key="desk-2")  # another desk is not locked
    clock.advance(minutes=5, seconds=1)
    found = parcels.find_by_pickup_code(f" {codes[0]} ", desk_key="desk-1")
    assert found[0].tracking_no == "ST4000000000"
    # The same resident's other parcels in lockers come along, so all their doors can open.
    assert {f.resident_id for f in found} == {people[0].id} and len(found) == len(codes[0::3])


def test_pickup_frees_the_slot_and_tells_the_courier_once(desk: Desk, parcels: ParcelService,
                                                          clock: Clock) -> None:
    r = residents_of(desk, "3")[0]
    p = parcels.register("YD5000000001", "YD", "S", r.id, operator_id=None)
    slot = parcels.choose_slot(p.id).slot_id
    code = parcels.mark_stored(p.id, slot, operator_id=None).pickup_code
    clock.advance(hours=3)
    done = parcels.mark_picked_up(p.id, via="code", operator_id=2)
    assert done.state is ParcelState.PICKED_UP and done.slot_id == slot and done.age_h == 3.0
    with pytest.raises(DeskError) as again:
        parcels.mark_picked_up(p.id, via="code", operator_id=2)
    assert again.value.code is ErrorCode.PARCEL_WRONG_STATE
    assert [e["tracking_no"] for e in outbox(desk, "parcel.picked_up")] == ["YD5000000001"]
    with pytest.raises(DeskError) as used:
        parcels.find_by_pickup_code(code, desk_key="d")
    assert used.value.code is ErrorCode.PICKUP_CODE_WRONG
    q = parcels.register("YD5000000002", "YD", "S", r.id, operator_id=None)
    assert parcels.choose_slot(q.id).slot_id == slot  # the door is free again
    assert [x.id for x in parcels.for_resident(r.id, live_only=False)] == [q.id, p.id]
    assert parcels.for_resident(r.id, live_only=True) == []
    # Registering the same tracking number again once the first parcel is finished is a new parcel.
    assert parcels.register("YD5000000001", "YD", "S", r.id, operator_id=None).id != p.id


def test_search_by_text_state_and_age(desk: Desk, parcels: ParcelService, clock: Clock) -> None:
    r = residents_of(desk, "3")[1]
    p = parcels.register("EMS600000001", "EMS", "S", r.id, operator_id=None)
    parcels.mark_stored(p.id, parcels.choose_slot(p.id).slot_id, operator_id=None)
    clock.advance(hours=30)
    assert [x.id for x in parcels.search("600000001")] == [p.id]
    assert p.id in [x.id for x in parcels.search(f"3-{r.unit}")]
    assert p.id in [x.id for x in parcels.search(r.name)]
    assert p.id in [x.id for x in parcels.search(r.phone_masked[-4:])]
    old = parcels.search(states=[ParcelState.STORED], min_age_h=24)
    assert p.id in [x.id for x in old] and all(x.age_h >= 24 for x in old)
    assert p.id not in [x.id for x in parcels.search(states=[ParcelState.STORED], min_age_h=31)]


def test_daily_report_and_csv(desk: Desk, parcels: ParcelService, clock: Clock) -> None:
    r = residents_of(desk, "7")[0]
    day = clock.at.date()
    ids = []
    for i in range(3):
        p = parcels.register(f"JT70000000{i}", "JT", "S", r.id, operator_id=None)
        parcels.mark_stored(p.id, parcels.choose_slot(p.id).slot_id, operator_id=None)
        ids.append(p.id)
    clock.advance(hours=2)
    parcels.mark_picked_up(ids[0], via="staff", operator_id=None)
    report = parcels.daily_report(day)
    assert (report.stored, report.picked_up) == (3, 1)
    assert {row.tracking_no for row in report.rows} >= {"JT700000000", "JT700000001", "JT700000002"}
    rows = list(csv.reader(io.StringIO(parcels.daily_report_csv(day))))
    assert rows[0][:4] == ["day", "tracking_no", "courier", "unit"]
    mine = next(row for row in rows if row[1] == "JT700000000")
    assert mine[6] == "picked_up" and mine[11] == "announced stored picked_up" and "*" in mine[4]
    assert rows[-1][1] == "TOTAL" and rows[-1][9] == "stored=3"
    assert parcels.daily_report(day - timedelta(days=400)).stored == 0


def test_the_whole_desk_flow_on_postgresql(pg_url: str) -> None:
    """Partial unique indexes, conditional updates and savepoints behave the same on PostgreSQL."""
    from services.parcels.reminders import ReminderScheduler

    desk = Desk.open(pg_url)
    try:
        clock = Clock(local(2027, 3, 10, 10, 0))
        parcels = service(desk, clock)
        r = residents_of(desk, "2")[0]
        p = parcels.register("PG0000000001", "SF", "M", r.id, operator_id=None)
        with pytest.raises(DeskError) as dup:
            parcels.register("PG0000000001", "SF", "M", r.id, operator_id=None)
        assert dup.value.code is ErrorCode.PARCEL_DUPLICATE
        choice = parcels.choose_slot(p.id)
        code = parcels.mark_stored(p.id, choice.slot_id, operator_id=None).pickup_code
        q = parcels.register("PG0000000002", "SF", "M", r.id, operator_id=None)
        with pytest.raises(DeskError) as taken:
            parcels.mark_stored(q.id, choice.slot_id, operator_id=None)
        assert taken.value.code is ErrorCode.SLOT_TAKEN
        assert [x.id for x in parcels.find_by_pickup_code(code, desk_key="pg")] == [p.id]
        clock.advance(hours=80)
        report = ReminderScheduler(desk.db.sessions, clock).run_pass()
        assert report.recalls >= 1 and parcels.get(p.id).state is ParcelState.RECALL_REQUESTED
        assert parcels.mark_picked_up(p.id, via="staff", operator_id=None).state is ParcelState.PICKED_UP
        assert parcels.register("PG0000000001", "SF", "M", r.id, operator_id=None).id != p.id
    finally:
        desk.close()


def test_a_size_or_pickup_way_that_does_not_exist_is_named(desk: Desk, parcels: ParcelService) -> None:
    r = residents_of(desk, "1")[2]
    with pytest.raises(DeskError) as size:
        parcels.register("SF1001001099", "SF", "XL", r.id, operator_id=None)
    assert size.value.code is ErrorCode.PARCEL_INVALID and size.value.params["field"] == "size"
    p = parcels.register("SF1001001099", "SF", "L", r.id, operator_id=None)
    with pytest.raises(DeskError) as via:
        parcels.mark_picked_up(p.id, via="magic", operator_id=None)
    assert via.value.code is ErrorCode.PARCEL_INVALID and via.value.params["allowed"][0] == "code"


def test_walkways_when_configured_decide_the_nearest_bank(desk: Desk, parcels: ParcelService) -> None:
    r = residents_of(desk, "1")[3]
    p = parcels.register("SF1001001200", "SF", "S", r.id, operator_id=None)
    assert parcels.choose_slot(p.id).bank_code == "A"  # straight line: A 40 m, B 81 m
    # A is behind a fence: the walk goes round by the gate; B is a short path away.
    assert parcels.set_walkways([("building:1", "gate", 150), ("gate", "bank:A", 120),
                                 ("building:1", "bank:B", 90)], operator_id=None) == 3
    walked = parcels.choose_slot(p.id)
    assert (walked.bank_code, walked.distance_m, walked.fallback) == ("B", 90.0, False)
    with pytest.raises(DeskError) as bad:
        parcels.set_walkways([("building:1", "building:1", 5)], operator_id=None)
    assert bad.value.code is ErrorCode.PARCEL_INVALID and bad.value.params["field"] == "walkway"
    assert parcels.choose_slot(p.id).bank_code == "B"  # the bad list changed nothing
    parcels.set_walkways([], operator_id=None)
    assert parcels.choose_slot(p.id).bank_code == "A"
