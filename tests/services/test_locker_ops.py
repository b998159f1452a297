"""Storing and releasing parcels through the real driver and the lock-board simulator on a pty."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from devices.lockboard import FaultKind, LockSimulator, SerialLockBoard
from models import Parcel
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from services.lockers.doors import reconcile, release_parcels, release_to_courier, store_parcel
from services.parcels.desk import ParcelService
from services.parcels.records import ParcelState, SlotChoice, StoredParcel
from tests.devices.conftest import FAST, FAST_SIM
from tests.services.parcel_helpers import residents_of


@pytest.fixture
def sim() -> Iterator[LockSimulator]:
    """The lock-board simulator on a real pty, with the device tests' fast timing."""
    with LockSimulator(boards=(1, 2), timing=FAST_SIM, seed=11) as s:
        yield s


@pytest.fixture
def board(sim: LockSimulator) -> Iterator[SerialLockBoard]:
    d = SerialLockBoard(sim.port, FAST)
    d.start()
    yield d
    d.close()


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=1) as p:
        yield p


def person_closes_when_open(sim: LockSimulator, board: int, lock: int, timeout_s: float = 3.0) -> None:
    """The courier (or resident) shuts the door once it has sprung open."""
    deadline = time.monotonic() + timeout_s
    while sim.lock_state(board, lock).door_closed:
        assert time.monotonic() < deadline, f"door {board}/{lock} never opened"
        time.sleep(0.01)
    time.sleep(0.05)
    sim.person_closes(board, lock)


def _announced(parcels: ParcelService, resident_id: int, tracking: str, size: str = "S") -> int:
    return parcels.register(tracking, "SF", size, resident_id, operator_id=None).id


def _chosen(desk: Desk, building: str, index: int, tracking: str) -> tuple[int, SlotChoice]:
    """A parcel registered for a resident of this building, and the door offered for it."""
    pid = _announced(desk.parcels, residents_of(desk, building)[index].id, tracking)
    return pid, desk.parcels.choose_slot(pid)


def test_store_opens_the_nearest_door_and_stores_only_after_it_closed(
        desk: Desk, sim: LockSimulator, board: SerialLockBoard, pool: ThreadPoolExecutor) -> None:
    parcels = desk.parcels
    r = residents_of(desk, "1")[0]
    pid = _announced(parcels, r.id, "SF9100000001")
    choice = parcels.choose_slot(pid)
    job: Future[object] = pool.submit(store_parcel, board, parcels, pid, choice, operator_id=None,
                                      close_timeout_s=5)
    deadline = time.monotonic() + 3
    while sim.lock_state(choice.board, choice.lock).door_closed:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert parcels.get(pid).state is ParcelState.ANNOUNCED  # door open: not stored yet
    time.sleep(0.05)
    sim.person_closes(choice.board, choice.lock)
    stored = job.result(timeout=5)
    assert isinstance(stored, StoredParcel)
    assert stored.parcel.state is ParcelState.STORED and stored.parcel.lock == choice.lock
    assert sim.lock_state(choice.board, choice.lock).fires == 1


def test_a_jammed_lock_stores_nothing_and_another_door_is_offered(
        desk: Desk, sim: LockSimulator, board: SerialLockBoard) -> None:
    parcels = desk.parcels
    pid, choice = _chosen(desk, "1", 1, "SF9100000002")
    sim.inject(FaultKind.JAMMED, board=choice.board, lock=choice.lock)
    with pytest.raises(DeskError) as err:
        store_parcel(board, parcels, pid, choice, operator_id=None, close_timeout_s=2)
    assert err.value.code is ErrorCode.LOCK_JAMMED
    assert (err.value.params["board"], err.value.params["lock"]) == (choice.board, choice.lock)
    assert err.value.params["bank"] == choice.bank_name and err.value.params["slot_no"] == choice.slot_no
    assert parcels.get(pid).state is ParcelState.ANNOUNCED
    slot = next(s for b in parcels.layout() for s in b.slots if s.id == choice.slot_id)
    assert slot.out_of_service and "jammed" in slot.out_of_service_reason and slot.parcel_id is None
    assert parcels.choose_slot(pid).slot_id != choice.slot_id


def test_a_door_that_never_closes_stores_nothing(desk: Desk, sim: LockSimulator, board: SerialLockBoard) -> None:
    parcels = desk.parcels
    pid, choice = _chosen(desk, "2", 0, "SF9100000003")
    started = time.monotonic()
    with pytest.raises(DeskError) as err:
        store_parcel(board, parcels, pid, choice, operator_id=None, close_timeout_s=0.6)
    assert err.value.code is ErrorCode.DOOR_NOT_CLOSED and err.value.params["waited_s"] >= 0.5
    assert time.monotonic() - started < 3
    assert parcels.get(pid).state is ParcelState.ANNOUNCED
    assert all(s.parcel_id != pid for b in parcels.layout() for s in b.slots)
    # The operator shuts it and stores again into the same door.
    sim.person_closes(choice.board, choice.lock)
    again = parcels.choose_slot(pid)
    assert again.slot_id == choice.slot_id
    with ThreadPoolExecutor(max_workers=1) as p:
        job = p.submit(store_parcel, board, parcels, pid, again, operator_id=None, close_timeout_s=3,
                       cancel=threading.Event())
        person_closes_when_open(sim, choice.board, choice.lock)
        assert job.result(timeout=5).parcel.state is ParcelState.STORED


def test_a_board_that_vanished_gives_no_answer_and_stores_nothing(
        desk: Desk, sim: LockSimulator, board: SerialLockBoard) -> None:
    parcels = desk.parcels
    pid, choice = _chosen(desk, "2", 1, "SF9100000004")
    sim.vanish()
    with pytest.raises(DeskError) as err:
        store_parcel(board, parcels, pid, choice, operator_id=None, close_timeout_s=1)
    assert err.value.code is ErrorCode.LOCK_NO_ANSWER and "board" in str(err.value.params["detail"])
    assert parcels.get(pid).state is ParcelState.ANNOUNCED


def test_release_opens_every_door_of_the_resident_and_completes_those_closed(
        desk: Desk, sim: LockSimulator, board: SerialLockBoard, pool: ThreadPoolExecutor) -> None:
    parcels = desk.parcels
    r = residents_of(desk, "6")[0]
    ids = []
    for i in range(3):
        pid = _announced(parcels, r.id, f"SF920000000{i}")
        ids.append(parcels.mark_stored(pid, parcels.choose_slot(pid).slot_id, operator_id=None).parcel.id)
    infos = [parcels.get(pid) for pid in ids]
    sim.inject(FaultKind.AJAR, board=infos[2].board, lock=infos[2].lock)  # this one never latches again
    progress: list[tuple[int, str]] = []
    job = pool.submit(release_parcels, board, parcels, ids, via="code", operator_id=None, close_timeout_s=1.0,
                      on_progress=lambda pid, what: progress.append((pid, what)))
    for info in infos:
        assert info.board is not None and info.lock is not None
        person_closes_when_open(sim, info.board, info.lock)
    done = job.result(timeout=10)
    assert sorted(p.id for p in done) == sorted(ids[:2])
    assert [parcels.get(pid).state for pid in ids] == [ParcelState.PICKED_UP, ParcelState.PICKED_UP,
                                                       ParcelState.STORED]
    assert (ids[2], "failed:door_not_closed") in progress and (ids[0], "opened") in progress
    assert (ids[0], "picked_up") in progress


def test_release_to_courier_and_reconcile_after_a_restart(
        desk: Desk, sim: LockSimulator, board: SerialLockBoard, pool: ThreadPoolExecutor) -> None:
    parcels = desk.parcels
    assert reconcile(board, parcels) == []
    r = residents_of(desk, "7")[0]
    pid = _announced(parcels, r.id, "SF9300000001")
    info = parcels.mark_stored(pid, parcels.choose_slot(pid).slot_id, operator_id=None).parcel
    assert info.board is not None and info.lock is not None
    with pytest.raises(DeskError) as early:
        release_to_courier(board, parcels, pid, operator_id=None, close_timeout_s=1)
    assert early.value.code is ErrorCode.PARCEL_WRONG_STATE

    sim.person_opens(info.board, info.lock)  # forced, or opened while the desk was off
    report = reconcile(board, parcels)
    assert report == [f"open_with_parcel bank={info.bank_code} door={info.slot_no} board={info.board} "
                      f"lock={info.lock} parcel=SF9300000001"]
    sim.person_closes(info.board, info.lock)
    assert reconcile(board, parcels) == []

    with unit_of_work(desk.db.sessions) as s:  # as the reminder pass leaves it at T2
        p = s.get(Parcel, pid)
        assert p is not None
        p.state = ParcelState.RECALL_REQUESTED.value
    job = pool.submit(release_to_courier, board, parcels, pid, operator_id=None, close_timeout_s=3)
    person_closes_when_open(sim, info.board, info.lock)
    assert job.result(timeout=5).state is ParcelState.RETURNED
    assert all(s.parcel_id != pid for b in parcels.layout() for s in b.slots)
    sim.vanish()  # power loss: nothing answers; the report says which boards, nothing is changed
    assert [line.split(":")[0] for line in reconcile(board, parcels)] == ["board_silent board=1",
                                                                           "board_silent board=2"]


def test_two_desks_offered_the_same_door_open_it_once(
        desk: Desk, sim: LockSimulator, board: SerialLockBoard, pool: ThreadPoolExecutor) -> None:
    parcels = desk.parcels
    first, choice = _chosen(desk, "3", 0, "SF9400000001")
    second, same = _chosen(desk, "3", 1, "SF9400000002")
    assert same.slot_id == choice.slot_id  # both desks see the same nearest free door
    job = pool.submit(store_parcel, board, parcels, first, choice, operator_id=None, close_timeout_s=5)
    deadline = time.monotonic() + 3
    while sim.lock_state(choice.board, choice.lock).door_closed:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with pytest.raises(DeskError) as taken:  # the other desk: told before anything opens
        store_parcel(board, parcels, second, same, operator_id=None, close_timeout_s=1)
    assert taken.value.code is ErrorCode.SLOT_TAKEN and taken.value.params["slot_no"] == choice.slot_no
    assert sim.lock_state(choice.board, choice.lock).fires == 1
    assert parcels.choose_slot(second).slot_id != choice.slot_id  # the held door is not offered
    time.sleep(0.05)
    sim.person_closes(choice.board, choice.lock)
    assert job.result(timeout=5).parcel.state is ParcelState.STORED  # type: ignore[attr-defined]
