"""Driver against the simulator on a real pty: normal operation, addressing, reconciliation."""

from __future__ import annotations

import threading
import time

import pytest
import serial

from devices.lockboard import (
    DoorLeftOpen,
    DriverConfig,
    InMemoryLockBoard,
    LockBoard,
    LockJammed,
    LockSimulator,
    NoReply,
    OpenOutcomeUnknown,
    PortUnavailable,
    SerialLockBoard,
    WaitCancelled,
)
from devices.lockboard import protocol as p
from devices.lockboard.faults import FaultKind
from tests.devices.conftest import FAST


def test_port_is_a_real_pty_path(sim: LockSimulator) -> None:
    assert sim.port.startswith("/dev/pts/")
    with serial.Serial(sim.port, 9600, timeout=0.5) as ser:
        ser.write(p.query_frame(1, 1))
        assert ser.read(5) == p.query_reply(1, 1, shorted=True)


def test_both_implementations_satisfy_the_protocol(drv: SerialLockBoard) -> None:
    assert isinstance(drv, LockBoard)
    assert isinstance(InMemoryLockBoard(), LockBoard)


def test_open_query_wait_closed_cycle(sim: LockSimulator, drv: SerialLockBoard) -> None:
    result = drv.open(1, 3)
    assert result.confirmed_by == "reply" and result.open_frames_sent == 1
    assert result.was_open_before is False
    assert sim.lock_state(1, 3).door_closed is False
    assert drv.query(1, 3).is_open
    assert drv.query_all(1).open_locks == {3}
    sim.person_closes(1, 3)
    assert drv.wait_closed(1, 3, timeout_s=1.0, poll_s=0.01).closed


def test_several_boards_on_one_line_by_address(sim: LockSimulator, drv: SerialLockBoard) -> None:
    drv.open(2, 5)
    assert drv.query_all(2).open_locks == {5}
    assert drv.query_all(1).open_locks == frozenset()
    assert not sim.lock_state(2, 5).closed and sim.lock_state(1, 5).closed
    assert [r.raw for r in sim.received(p.RequestKind.OPEN)] == [bytes.fromhex("8A 02 05 11 9C")]
    with pytest.raises(NoReply, match="board 3"):
        drv.query_all(3)  # nobody set to DIP address 3
    assert drv.board_online(3) is False and drv.board_online(2) is True


def test_open_hold_and_open_all(sim: LockSimulator, drv: SerialLockBoard) -> None:
    assert drv.open(1, 2, hold_s=1).confirmed_by == "reply"
    assert sim.received(p.RequestKind.OPEN_HOLD)[0].raw == p.open_hold_frame(1, 2, 1)
    snap = drv.open_all(2)
    assert snap.open_locks == set(range(1, 25)) and not snap.unexpected_open


def test_open_all_holds_the_bus_while_others_queue(sim: LockSimulator,
                                                    drv: SerialLockBoard) -> None:
    done: dict[str, float] = {}

    def open_all() -> None:
        drv.open_all(1)
        done["all"] = time.monotonic()

    t = threading.Thread(target=open_all)
    t.start()
    time.sleep(0.05)
    assert drv.query(2, 1).closed  # waits for the bus, then answers correctly
    done["query"] = time.monotonic()
    t.join()
    assert done["query"] >= done["all"] - 0.01
    assert all(r.kind is not None for r in sim.records())


def test_concurrent_callers_never_interleave_frames(sim: LockSimulator,
                                                    drv: SerialLockBoard) -> None:
    errors: list[BaseException] = []

    def worker(lock: int) -> None:
        try:
            for _ in range(3):
                drv.open(1, lock)
                assert drv.query(1, lock).is_open
                sim.person_closes(1, lock)
                drv.query_all(1)
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # Each caller got its own answers (a crossed reply would have failed the asserts
    # above) and every frame was answered exactly once: one OPEN per open() call.
    opens = sim.received(p.RequestKind.OPEN)
    assert len(opens) == 12 and all(r.reply is not None for r in sim.records())


def test_reconciliation_after_restart_sees_doors_opened_while_down(sim: LockSimulator) -> None:
    first = SerialLockBoard(sim.port, FAST)
    first.start()
    first.open(1, 3)
    first.close()  # the app goes down with door 3 open
    sim.person_opens(1, 7)  # someone forces door 7 meanwhile
    sim.person_opens(2, 24)
    sim.clear_records()
    second = SerialLockBoard(sim.port, FAST)
    report = second.start()
    second.close()
    assert report.all_ok
    assert report.snapshots[1].open_locks == {3, 7}
    assert report.snapshots[1].unexpected_open == {3, 7}  # this session opened nothing
    assert report.snapshots[2].open_locks == {24}
    assert not sim.received(p.RequestKind.OPEN)  # opens are never replayed


def test_host_killed_between_tx_and_rx_then_reconciled(sim: LockSimulator) -> None:
    with serial.Serial(sim.port, 9600) as ser:
        ser.write(p.open_frame(1, 9))  # the process dies before reading the reply
    time.sleep(0.1)
    d = SerialLockBoard(sim.port, FAST)
    report = d.start()
    d.close()
    assert 9 in report.snapshots[1].unexpected_open


def test_start_reports_dead_boards_without_failing(sim: LockSimulator) -> None:
    d = SerialLockBoard(sim.port, DriverConfig(**{**FAST.__dict__, "boards": (1, 4)}))
    report = d.start()
    d.close()
    assert set(report.snapshots) == {1} and isinstance(report.failed[4], NoReply)


def test_missing_port_is_port_unavailable() -> None:
    d = SerialLockBoard("/dev/pts/does-not-exist", FAST)
    with pytest.raises(PortUnavailable, match="does-not-exist"):
        d.start()


def test_wait_closed_can_be_cancelled(sim: LockSimulator, drv: SerialLockBoard) -> None:
    drv.open(1, 1)
    cancel = threading.Event()
    threading.Timer(0.05, cancel.set).start()
    with pytest.raises(WaitCancelled):
        drv.wait_closed(1, 1, timeout_s=5, poll_s=0.01, cancel=cancel)


def test_in_memory_fake_behaves_like_the_driver() -> None:
    fake = InMemoryLockBoard(boards=(1, 2))
    assert fake.open(1, 4).confirmed_by == "reply"
    assert fake.query_all(1).open_locks == {4} and not fake.query_all(1).unexpected_open
    with pytest.raises(DoorLeftOpen):
        fake.wait_closed(1, 4, timeout_s=0.02, poll_s=0.01)
    fake.person_closes(1, 4)
    assert fake.wait_closed(1, 4, timeout_s=0.1).closed
    fake.inject(FaultKind.JAMMED, board=2, lock=1)
    with pytest.raises(LockJammed, match="board 2 lock 1"):
        fake.open(2, 1)
    fake.set_offline(2)
    with pytest.raises(NoReply):
        fake.query(2, 1)


def test_realistic_timing_open_takes_board_time() -> None:
    """Unscaled: 300 ms pulse + 50 ms, default driver timeouts (one test keeps it real)."""
    with LockSimulator(boards=(1,)) as sim:
        d = SerialLockBoard(sim.port, DriverConfig(boards=(1,)))
        d.start()
        assert d.echo is False
        result = d.open(1, 1)
        assert 0.345 <= result.elapsed_s < 0.45
        sim.inject(FaultKind.LOST_REPLY, board=1, lock=2, times=1)
        t0 = time.monotonic()
        assert d.open(1, 2).confirmed_by == "query"
        assert 1.0 <= time.monotonic() - t0 < 1.3  # 1 s OPEN timeout, then one QUERY_ALL
        sim.inject(FaultKind.NO_REPLY, board=1)
        with pytest.raises(OpenOutcomeUnknown, match="board 1 lock 3"):
            d.open(1, 3)
        d.close()
