"""A parcel's whole life through real parts: a real uvicorn server, the fake courier over real HTTP,
the desk's sync client, the lock-board simulator on a pseudo-terminal, and a movable clock for the desk.

courier manifest → desk pulls parcel.announced → nearest slot → door opened on the simulator → closed →
stored (the courier hears where) → arrival notice in the resident's web inbox → reminder at their
habitual time → T1 overdue reminder → T2 recall → the courier receives the signed recall, answers
door-to-door, collects the parcel → the desk records both.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TypeVar

import httpx
import pytest
from sqlalchemy import select

from devices.lockboard import LockSimulator, SerialLockBoard
from models import AuditEntry, Parcel, Resident
from models.db import unit_of_work
from server.fake_courier import FakeCourier
from services.desk import Desk
from services.lockers.doors import store_parcel
from services.parcels.desk import ParcelService
from services.parcels.records import ParcelState
from services.parcels.reminders import ReminderScheduler, habitual_pickup_minute
from services.sync.client import SyncClient, enrol
from tests.devices.conftest import FAST, FAST_SIM
from tests.server.conftest import (  # noqa: F401  (fixtures)
    StartServer,
    admin_headers,
    db_url,
    receiver,
    start_server,
)
from tests.services.parcel_helpers import SHANGHAI, Clock

COURIER_SECRET = "sf-e2e-secret-0123456789abcdef"
T = TypeVar("T")


@pytest.fixture
def lock_board() -> Iterator[tuple[LockSimulator, SerialLockBoard]]:
    sim = LockSimulator(boards=(1, 2), timing=FAST_SIM, seed=3)
    sim.start()
    board = SerialLockBoard(sim.port, FAST)
    board.start()
    yield sim, board
    board.close()
    sim.stop()


def _inbox_urls(desk: Desk, recipient_key: str) -> list[str]:
    with desk.db.sessions() as s:
        return [str(e.detail["inbox_url"]) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "feed:message.queued").order_by(AuditEntry.id))
            if e.detail.get("recipient_key") == recipient_key]


def _inbox_text(desk: Desk, client: SyncClient, recipient_key: str, expect: int) -> str:
    """Push and pull until the server has queued ``expect`` messages for this resident; their inbox page."""
    deadline = time.monotonic() + 15
    while len(_inbox_urls(desk, recipient_key)) < expect:
        assert time.monotonic() < deadline, f"{recipient_key}: fewer than {expect} messages in the inbox"
        client.sync()
        time.sleep(0.05)
    page = httpx.get(_inbox_urls(desk, recipient_key)[-1], timeout=10)
    assert page.status_code == 200
    return re.sub(r"\s+", " ", page.text)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_parcel_from_manifest_to_recall(start_server: StartServer, desk: Desk,  # noqa: F811
                                        lock_board: tuple[LockSimulator, SerialLockBoard]) -> None:
    sim, board = lock_board
    server = start_server()
    courier = FakeCourier(server.base_url, "SF", COURIER_SECRET, ack_delay_s=0.1, collect_delay_s=0.3).start()
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()["code"]
        r = c.post("/api/admin/couriers", headers=admin_headers(), json={
            "code": "SF", "name": "顺丰速运", "webhook_url": courier.webhook_url, "secret": COURIER_SECRET})
        assert r.status_code == 200, r.text
    client = desk.sync_client(server.base_url)
    client.save_token(enrol(server.base_url, code, "S001", "property desk"))
    try:
        _story(desk, client, courier, sim, board)
    finally:
        courier.stop()
        client.close()


def _story(desk: Desk, client: SyncClient, courier: FakeCourier, sim: LockSimulator, board: SerialLockBoard) -> None:
    # A resident with a pickup history (the demo's) whose habit is in the afternoon or evening:
    # their habit decides the reminder's time.
    def habit_of(resident_id: int) -> int | None:
        times = [p.picked_up_at.astimezone(SHANGHAI) for p in desk.parcels.for_resident(resident_id, live_only=False)
                 if p.picked_up_at is not None]
        return habitual_pickup_minute(times) if len(times) >= 4 else None

    resident, habit = next((r, h) for r in desk.residents.search("")
                           if r.consent_notifications and not desk.parcels.for_resident(r.id, live_only=True)
                           and (h := habit_of(r.id)) is not None and 11 * 60 <= h < 20 * 60 + 30)
    with unit_of_work(desk.db.sessions) as s:  # the demo's other parcels stay out of this story
        s.execute(Parcel.__table__.update().values(next_action="", next_action_at=None))  # type: ignore[attr-defined]
    with desk.db.sessions() as s:
        phone = s.scalar(select(Resident.phone).where(Resident.id == resident.id))

    day = datetime.now(SHANGHAI).date() + timedelta(days=30)
    clock = Clock(datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI))
    parcels = ParcelService(desk.db.sessions, clock=clock)
    scheduler = ReminderScheduler(desk.db.sessions, clock)

    # 1. The courier's manifest reaches the desk through the server's feed (the desk declared site C001).
    client.sync()
    manifest = courier.post_manifest("C001", [{
        "tracking_no": "SF1357924680", "recipient_name": resident.name, "recipient_phone": phone,
        "building": resident.building, "unit": resident.unit, "size": "M", "arrived_at": clock.at.isoformat()}])
    assert manifest.status_code == 200, manifest.text
    client.sync()
    [announced] = parcels.search("SF1357924680")
    assert announced.resident_id == resident.id and announced.flag == "" and announced.courier_name == "顺丰速运"

    # 2. Nearest slot, the door opens on the simulator, the courier shuts it: stored.
    choice = parcels.choose_slot(announced.id)
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(store_parcel, board, parcels, announced.id, choice, operator_id=None, close_timeout_s=5)
        deadline = time.monotonic() + 5
        while sim.lock_state(choice.board, choice.lock).door_closed:
            assert time.monotonic() < deadline, "the door never opened"
            time.sleep(0.01)
        assert parcels.get(announced.id).state is ParcelState.ANNOUNCED
        time.sleep(0.2)  # the courier puts the parcel in (closing within the pulse would read as a jam)
        sim.person_closes(choice.board, choice.lock)
        stored = job.result(timeout=5)
    assert stored.parcel.state is ParcelState.STORED and stored.parcel.bank_code == choice.bank_code

    # 3. The arrival notice, with code, bank and door, in the resident's web inbox.
    key = f"resident-{resident.id}"
    page = _inbox_text(desk, client, key, 1)
    assert stored.pickup_code in page and choice.bank_name in page
    # ... and the courier hears where its parcel is (the best storage place), signed by the server.
    [where] = _wait_for(lambda: courier.calls("parcel.stored"), client, "the stored call at the courier")
    assert (where["tracking_no"], where["site"], where["bank"], where["slot"]) == (
        "SF1357924680", "C001", choice.bank_code, choice.slot_no)

    # 4. The reminder goes out at the resident's habitual time, not before.
    habit_at = datetime(day.year, day.month, day.day, habit // 60, habit % 60, tzinfo=SHANGHAI)
    clock.at = habit_at - timedelta(minutes=1)
    assert scheduler.run_pass().reminders == 0
    clock.at = habit_at
    assert scheduler.run_pass().reminders == 1
    page = _inbox_text(desk, client, key, 2)
    assert "别忘了取快递" in page

    # 5. T1: an overdue reminder (24 h after the last one, at the same time of day).
    clock.at = habit_at + timedelta(hours=24)
    assert scheduler.run_pass().overdue == 1
    assert parcels.get(announced.id).state is ParcelState.OVERDUE
    page = _inbox_text(desk, client, key, 3)
    assert "已存放" in page

    # 6. T2: the recall goes to the courier, signed; it answers door-to-door and collects the parcel.
    clock.at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI) + timedelta(hours=72)
    assert scheduler.run_pass().recalls == 1
    assert parcels.get(announced.id).state is ParcelState.RECALL_REQUESTED
    [recall] = _wait_for(lambda: courier.calls("parcel.recall"), client, "the recall at the courier")
    assert recall["tracking_no"] == "SF1357924680" and recall["site"] == "C001" and not courier.refused
    _wait_for(lambda: parcels.get(announced.id).recall_instruction == "door_to_door", client,
              "the courier's answer at the desk")
    assert any("door_to_door" in e.note for e in parcels.history(announced.id))
    _wait_for(lambda: parcels.get(announced.id).state is ParcelState.RETURNED, client, "the parcel collected")
    assert all(s.parcel_id != announced.id for bank in parcels.layout() for s in bank.slots)


def _wait_for(predicate: Callable[[], T], client: SyncClient, what: str) -> T:
    """Sync (push the outbox, pull the feed) until ``predicate`` holds: the server's workers and the
    fake courier answer on their own threads."""
    deadline = time.monotonic() + 15
    while True:
        client.sync()
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
