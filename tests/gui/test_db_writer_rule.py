"""The database-writer rule (docs/architecture.md, "The one threading rule"), on the real task runner.

A door operation runs on an I/O worker and writes in short transactions of its own, never
holding one while it waits for the door: so while a courier takes their time closing a door,
the database worker's writes (a checkout, a coupon claim) go through at once, and the door
operation still records its parcel afterwards. Real parts: the lock-board simulator on a pty,
the real serial driver, a real SQLite desk file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from devices.lockboard import DriverConfig, LockSimulator, SerialLockBoard
from devices.lockboard.protocol import RequestKind
from gui.common.tasks import TaskRunner
from services.desk import Desk
from services.lockers.doors import store_parcel
from services.parcels.records import ParcelState, StoredParcel
from tests.services.parcel_helpers import residents_of


@pytest.fixture
def sim() -> Iterator[LockSimulator]:
    """Real board timing, not the device tests' fast one: this test is about the database, and a
    35 ms OPEN on two busy cores can read as a jammed lock."""
    with LockSimulator(boards=(1,), seed=5) as s:
        yield s


@pytest.fixture
def board(sim: LockSimulator) -> Iterator[SerialLockBoard]:
    d = SerialLockBoard(sim.port, DriverConfig(boards=(1,)))
    d.start()
    yield d
    d.close()


def waiting_for_the_door(sim: LockSimulator, board: int, lock: int) -> bool:
    """The door operation is past its OPEN and polling the door: a QUERY came after the OPEN's reply.
    (Closing the door earlier would read to the driver as a latch that never opened: a jam.)"""
    opened = [r.replied_at for r in sim.received(RequestKind.OPEN, board, lock) if r.replied_at is not None]
    return bool(opened) and any(q.received_at > opened[-1] for q in sim.received(RequestKind.QUERY, board, lock))


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_database_writes_go_through_while_a_door_waits_to_be_closed(
        qtbot: QtBot, desk: Desk, sim: LockSimulator, board: SerialLockBoard, tasks: TaskRunner) -> None:
    parcels = desk.parcels
    resident = residents_of(desk, "1")[0]
    pid = parcels.register("SF9300000001", "SF", "S", resident.id, operator_id=None).id
    choice = parcels.choose_slot(pid)
    member = desk.coupons.find_member("M20260003").id
    cola = desk.catalog.search("可乐 1.5L")[0].code
    done: dict[str, object] = {}
    failed: list[BaseException] = []

    # As the intake panel does: the door operation on an I/O worker.
    job = functools.partial(store_parcel, operator_id=None, close_timeout_s=60)
    tasks.io(job, board, parcels, pid, choice,
             done=lambda stored: done.__setitem__("stored", stored), failed=failed.append)
    qtbot.waitUntil(lambda: waiting_for_the_door(sim, choice.board, choice.lock) or bool(failed), timeout=10000)
    assert failed == []

    # The door stands open; the counter keeps selling through the database worker.
    tasks.db(desk.coupons.claim_by_code, "DRINK20", member, "S001",
             done=lambda c: done.__setitem__("claim", c), failed=failed.append)
    tasks.db(functools.partial(desk.checkout.pay, reference="POS-RULE-1"), [(cola, 2)], member, "S001", "card",
             done=lambda r: done.__setitem__("pay", r), failed=failed.append)
    # Longer than SQLite's busy timeout (5 s): a door operation holding a transaction across its
    # wait would show here as "database is locked" in `failed`, not as a timeout.
    qtbot.waitUntil(lambda: {"claim", "pay"} <= done.keys() or bool(failed), timeout=10000)
    assert failed == [], [str(exc) for exc in failed]
    assert not sim.lock_state(choice.board, choice.lock).door_closed  # all of it while the door was open
    assert "stored" not in done and parcels.get(pid).state is ParcelState.ANNOUNCED

    # The courier closes the door while another claim is being written: both land.
    tasks.db(desk.coupons.claim_by_code, "WEEKEND5", member, "S001",
             done=lambda c: done.__setitem__("claim2", c), failed=failed.append)
    sim.person_closes(choice.board, choice.lock)
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10000)
    assert failed == [], [str(exc) for exc in failed]
    stored = done["stored"]
    assert isinstance(stored, StoredParcel) and stored.parcel.id == pid
    assert parcels.get(pid).state is ParcelState.STORED
    assert {"claim", "pay", "claim2"} <= done.keys()
    assert any(o.number == getattr(done["pay"], "number", None) for o in desk.checkout.orders(""))
