"""Reminders at the habitual time, quiet hours, T1/T2, caps, idempotency, and the courier's feed."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from models import AuditEntry, Parcel
from models.db import unit_of_work
from services.core.settings import ParcelSettings
from services.desk import Desk
from services.parcels.desk import ParcelService
from services.parcels.feed import HANDLERS
from services.parcels.records import ParcelState
from services.parcels.reminders import ReminderScheduler, habitual_pickup_minute
from tests.services.parcel_helpers import SHANGHAI, Clock, local, messages, outbox, residents_of, service


def _at(*hm: tuple[int, int]) -> list[datetime]:
    return [local(2026, 10, 1 + i, h, m) for i, (h, m) in enumerate(hm)]


def test_habitual_minute_is_a_circular_median() -> None:
    assert habitual_pickup_minute([]) == 18 * 60
    assert habitual_pickup_minute([], default_minute=18 * 60 + 30) == 1110
    evening = _at((19, 35), (19, 40), (19, 45), (19, 50), (13, 0))
    assert habitual_pickup_minute(evening) == 19 * 60 + 40
    # Two odd pickups (a night and a morning) among seven do not move the habit.
    noisy = _at((7, 20), (7, 25), (7, 30), (7, 35), (7, 40), (23, 59), (15, 0))
    assert habitual_pickup_minute(noisy) == 7 * 60 + 30
    # Around midnight: 23:50 and 00:10 are close; a plain mean would say about noon.
    night = _at((23, 50), (23, 55), (0, 5), (0, 10), (0, 2))
    assert habitual_pickup_minute(night) == 2
    assert habitual_pickup_minute(_at((23, 50), (0, 10))) in (0, 23 * 60 + 59)


def _history(parcels: ParcelService, clock: Clock, resident_id: int, times: list[tuple[int, int]]) -> None:
    """Past pickups through the service itself, at these local times on consecutive days."""
    for i, (h, m) in enumerate(times):
        clock.at = local(2027, 2, 1 + i, 9, 0)
        p = parcels.register(f"HIST{resident_id:04d}{i:04d}", "SF", "S", resident_id, operator_id=None)
        parcels.mark_stored(p.id, parcels.choose_slot(p.id).slot_id, operator_id=None)
        clock.at = local(2027, 2, 1 + i, h, m)
        parcels.mark_picked_up(p.id, via="code", operator_id=None)


@pytest.fixture
def clock(desk: Desk) -> Clock:
    """March 2027; the demo's own live parcels (stored "now") are taken off the schedule."""
    with unit_of_work(desk.db.sessions) as s:
        s.execute(update(Parcel).values(next_action="", next_action_at=None))
    return Clock(local(2027, 3, 1, 9, 0))


def _stored(parcels: ParcelService, clock: Clock, resident_id: int, at: datetime, tracking: str) -> int:
    clock.at = at
    p = parcels.register(tracking, "ZTO", "M", resident_id, operator_id=None)
    parcels.mark_stored(p.id, parcels.choose_slot(p.id).slot_id, operator_id=None)
    return p.id


def test_reminder_goes_out_at_the_habitual_time_once_even_after_a_restart(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = residents_of(desk, "7")[0]
    _history(parcels, clock, r.id, [(19, 35), (19, 40), (19, 45), (19, 50), (13, 0)])
    pid = _stored(parcels, clock, r.id, local(2027, 3, 10, 10, 0), "ZT9000000001")
    scheduler = ReminderScheduler(desk.db.sessions, clock)
    clock.at = local(2027, 3, 10, 19, 39)
    assert scheduler.run_pass().reminders == 0
    clock.at = local(2027, 3, 10, 19, 41)
    assert scheduler.run_pass().reminders == 1
    assert scheduler.run_pass().reminders == 0
    restarted = ReminderScheduler(desk.db.sessions, clock)  # a new process, same database
    clock.at = local(2027, 3, 10, 19, 50)
    assert restarted.run_pass().reminders == 0
    [reminder] = [m for m in messages(desk, "parcel_reminder") if m["params"]["tracking_tail"] == "0001"]
    assert reminder["recipient"]["key"] == f"resident-{r.id}"
    assert reminder["dedup_key"] == f"parcel_reminder:parcel:{pid}:1"
    assert reminder["params"]["code"] and reminder["params"]["stored_at"] == "2027-03-10 10:00"
    assert parcels.get(pid).state is ParcelState.REMINDED
    assert [e.state for e in parcels.history(pid)][-1] == "reminded"


def test_two_desks_running_passes_at_once_send_one_reminder(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = residents_of(desk, "7")[1]
    _stored(parcels, clock, r.id, local(2027, 3, 10, 10, 0), "ZT9000000002")  # no history: 18:30
    clock.at = local(2027, 3, 10, 18, 31)
    reports = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        reports.append(ReminderScheduler(desk.db.sessions, clock).run_pass())

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(rep.reminders for rep in reports) == [0, 1]
    assert len([m for m in messages(desk, "parcel_reminder") if m["params"]["tracking_tail"] == "0002"]) == 1


def test_a_late_habit_waits_for_the_end_of_quiet_hours(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = residents_of(desk, "2")[0]
    _history(parcels, clock, r.id, [(22, 20), (22, 30), (22, 40)])
    pid = _stored(parcels, clock, r.id, local(2027, 3, 10, 10, 0), "ZT9000000003")
    scheduler = ReminderScheduler(desk.db.sessions, clock, ParcelSettings(quiet_from="21:00", quiet_to="08:00"))
    for h, m in ((22, 31), (23, 59)):
        clock.at = local(2027, 3, 10, h, m)
        assert scheduler.run_pass().reminders == 0
    clock.at = local(2027, 3, 11, 7, 59)
    assert scheduler.run_pass().reminders == 0
    clock.at = local(2027, 3, 11, 8, 0)
    assert scheduler.run_pass().reminders == 1
    assert parcels.get(pid).state is ParcelState.REMINDED


def test_pickup_before_the_reminder_stops_it(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = residents_of(desk, "2")[1]
    pid = _stored(parcels, clock, r.id, local(2027, 3, 10, 10, 0), "ZT9000000004")
    clock.at = local(2027, 3, 10, 12, 0)
    parcels.mark_picked_up(pid, via="code", operator_id=None)
    clock.at = local(2027, 3, 14, 12, 0)
    report = ReminderScheduler(desk.db.sessions, clock).run_pass()
    assert (report.reminders, report.overdue, report.recalls) == (0, 0, 0)


def test_no_consent_means_no_messages_but_the_recall_still_happens(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = next(r for b in "7261" for r in residents_of(desk, b, consent=False))
    pid = _stored(parcels, clock, r.id, local(2027, 3, 10, 10, 0), "ZT9000000006")
    scheduler = ReminderScheduler(desk.db.sessions, clock)
    for _ in range(4 * 24):
        clock.advance(hours=1)
        scheduler.run_pass()
    assert [m for m in outbox(desk, "notify.member") if m["params"]["tracking_tail"] == "0006"] == []
    assert [e["tracking_no"] for e in outbox(desk, "parcel.recall")] == ["ZT9000000006"]
    assert parcels.get(pid).state is ParcelState.RECALL_REQUESTED


def test_t1_overdue_t2_recall_caps_and_the_couriers_answer(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = residents_of(desk, "7")[2]
    _history(parcels, clock, r.id, [(19, 40), (19, 45), (19, 50)])
    stored_at = local(2027, 3, 10, 10, 0)
    pid = _stored(parcels, clock, r.id, stored_at, "ZT9000000005")
    scheduler = ReminderScheduler(desk.db.sessions, clock)  # T1 24 h, T2 72 h, quiet 21:00-08:00
    sent: list[tuple[str, datetime]] = []
    states = []
    while clock.at < stored_at + timedelta(days=4):
        clock.advance(minutes=15)
        report = scheduler.run_pass()
        sent += [("reminder", clock.at)] * report.reminders + [("overdue", clock.at)] * report.overdue
        sent += [("recall", clock.at)] * report.recalls
        states.append(parcels.get(pid).state)
    assert [(kind, at.astimezone(SHANGHAI).strftime("%d %H:%M")) for kind, at in sent] == [
        ("reminder", "10 19:45"), ("overdue", "11 19:45"), ("overdue", "12 19:45"), ("recall", "13 10:00")]
    assert ParcelState.OVERDUE in states and states[-1] is ParcelState.RECALL_REQUESTED
    texts = [m for m in messages(desk, "parcel_reminder") + messages(desk, "parcel_overdue")
             if m["params"]["tracking_tail"] == "0005"]
    assert len(texts) == 3  # never more than three reminders per parcel
    [recall] = [e for e in outbox(desk, "parcel.recall") if e["tracking_no"] == "ZT9000000005"]
    assert set(recall) == {"courier_code", "tracking_no", "site", "reason", "requested_at", "recipient_name",
                           "recipient_phone", "building", "unit"}
    assert (recall["courier_code"], recall["site"], recall["building"], recall["unit"]) == ("ZTO", "C001", "7",
                                                                                            r.unit)
    assert recall["recipient_name"] == r.name and recall["recipient_phone"].isdigit()

    # The courier answers through the server's feed: door-to-door, then collects the parcel.
    with unit_of_work(desk.db.sessions) as s:
        HANDLERS["parcel.recall_ack"](s, {"courier_code": "ZTO", "tracking_no": "ZT9000000005",
                                          "instruction": "door_to_door", "pickup_by": "2027-03-13T16:00:00+08:00"})
        HANDLERS["parcel.recall_ack"](s, {"courier_code": "ZTO", "tracking_no": "ZT9000000005",
                                          "instruction": "door_to_door", "pickup_by": "2027-03-13T16:00:00+08:00"})
    info = parcels.get(pid)
    assert info.recall_instruction == "door_to_door" and info.state is ParcelState.RECALL_REQUESTED
    assert sum("door_to_door" in e.note for e in parcels.history(pid)) == 1
    with unit_of_work(desk.db.sessions) as s:
        HANDLERS["parcel.collected"](s, {"courier_code": "ZTO", "tracking_no": "ZT9000000005",
                                         "collected_at": "2027-03-13T08:30:00+00:00"})
    done = parcels.get(pid)
    assert done.state is ParcelState.RETURNED and done.returned_at is not None
    assert all(s.parcel_id != pid for bank in parcels.layout() for s in bank.slots)


def test_bad_feed_lines_are_recorded_and_skipped(desk: Desk) -> None:
    with unit_of_work(desk.db.sessions) as s:
        HANDLERS["parcel.announced"](s, {"courier_code": "SF", "tracking_no": "no good"})
        HANDLERS["parcel.announced"](s, {"courier_code": "SF", "tracking_no": "SF8800000001", "building": "1",
                                         "unit": "9999", "recipient_name": "某人", "size": "XL"})
    with desk.db.sessions() as s:
        skipped = s.scalars(select(AuditEntry).where(AuditEntry.action == "parcel_feed_skipped")).all()
    assert [e.detail["code"] for e in skipped] == ["malformed_code"]
    [flagged] = desk.parcels.search("SF8800000001")
    assert flagged.flag == "unknown_recipient" and flagged.size == "L"
    assert "'XL' unknown, L assumed" in desk.parcels.history(flagged.id)[0].note


def test_after_downtime_a_missed_reminder_becomes_the_overdue_one_in_a_single_pass(desk: Desk, clock: Clock) -> None:
    parcels = service(desk, clock)
    r = residents_of(desk, "7")[3]
    pid = _stored(parcels, clock, r.id, local(2027, 3, 10, 10, 0), "ZT9000000007")  # habit: 18:30 default
    scheduler = ReminderScheduler(desk.db.sessions, clock)
    clock.at = local(2027, 3, 11, 16, 0)  # the desk was off from storing until T1 + 6 h
    report = scheduler.run_pass()
    assert (report.reminders, report.overdue) == (0, 1)
    assert parcels.get(pid).state is ParcelState.OVERDUE
    assert [m["dedup_key"] for m in messages(desk, "parcel_overdue")
            if m["params"]["tracking_tail"] == "0007"] == [f"parcel_overdue:parcel:{pid}:1"]
    clock.at = local(2027, 3, 20, 12, 0)  # off again, past T2
    assert scheduler.run_pass().recalls == 1
    assert parcels.get(pid).state is ParcelState.RECALL_REQUESTED
