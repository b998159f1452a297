"""Every simulator fault of research/lockers.md §5 against the driver on a real pty.

Each test asserts the *distinct* exception or state the fault must surface as, and
that the message names the board and lock.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from devices.lockboard import (
    BadChecksum,
    CooldownActive,
    DoorLeftOpen,
    GarbledReply,
    LockJammed,
    LockSimulator,
    MiswiredChannel,
    NoReply,
    OpenOutcomeUnknown,
    Polarity,
    PortUnavailable,
    ReconcileReport,
    SensorSuspect,
    SerialLockBoard,
    TruncatedReply,
    WrongAddressReply,
)
from devices.lockboard import protocol as p
from devices.lockboard.faults import FaultKind as F
from tests.devices.conftest import FAST, FAST_SIM

OPEN, QUERY_ALL = p.RequestKind.OPEN, p.RequestKind.QUERY_ALL




def kinds(sim: LockSimulator) -> list[p.RequestKind | None]:
    return [r.kind for r in sim.records()]


# ---------------------------------------------------------------- 1. no reply


def test_dead_board_is_no_reply_after_bounded_retries(sim: LockSimulator,
                                                      drv: SerialLockBoard) -> None:
    sim.inject(F.NO_REPLY, board=2)
    t0 = time.monotonic()
    with pytest.raises(NoReply, match=r"board 2 lock 6.*2 tries") as err:
        drv.query(2, 6)
    assert err.value.attempts == 2 and time.monotonic() - t0 < 0.5
    assert drv.board_online(2) is False
    with pytest.raises(OpenOutcomeUnknown, match="board 2 lock 6") as unknown:
        drv.open(2, 6)
    assert isinstance(unknown.value.cause, NoReply)
    assert len(sim.received(OPEN)) == 1  # never re-sent while the state is unknown


def test_ignored_open_is_queried_before_the_single_resend(sim: LockSimulator,
                                                          drv: SerialLockBoard) -> None:
    sim.inject(F.NO_REPLY, board=1, lock=4, times=1)  # board missed the first OPEN
    result = drv.open(1, 4)
    assert result.open_frames_sent == 2 and result.confirmed_by == "reply"
    assert kinds(sim) == [OPEN, QUERY_ALL, OPEN]


def test_lost_open_reply_is_not_resent(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.LOST_REPLY, board=1, lock=4, times=1)  # fired, answer lost
    result = drv.open(1, 4)
    assert result.confirmed_by == "query" and result.open_frames_sent == 1
    assert kinds(sim) == [OPEN, QUERY_ALL]


# ---------------------------------------------------------------- 2. late reply, 22. jitter


def test_late_open_reply_lands_in_the_confirming_query(sim: LockSimulator,
                                                       drv: SerialLockBoard) -> None:
    sim.inject(F.LATE_REPLY, board=1, lock=5, times=1, delay_ms=350)
    result = drv.open(1, 5)
    assert result.confirmed_by == "query" and len(sim.received(OPEN)) == 1
    assert drv.query(1, 5).is_open and drv.query(1, 6).closed  # the line is clean again


def test_jitter_beyond_the_timeout_is_absorbed_by_the_retry(sim: LockSimulator,
                                                            drv: SerialLockBoard) -> None:
    sim.inject(F.JITTER, board=1, lock=2, times=1, min_delay_ms=120, delay_ms=150)
    assert drv.query(1, 2).closed
    sim.inject(F.JITTER, board=1, min_delay_ms=5, delay_ms=40)
    for n in range(1, 6):
        assert drv.query(1, n).closed


# ---------------------------------------------------------------- 3-6. damaged replies


def test_bad_checksum(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.BAD_CHECKSUM, board=1, lock=8)
    with pytest.raises(BadChecksum, match=r"board 1 lock 8.*XOR") as err:
        drv.query(1, 8)
    assert err.value.attempts == 2


def test_bad_checksum_on_open_reply_is_checked_by_query(sim: LockSimulator,
                                                        drv: SerialLockBoard) -> None:
    sim.inject(F.BAD_CHECKSUM, board=1, lock=8, times=1)
    assert drv.open(1, 8).confirmed_by == "query"
    assert len(sim.received(OPEN)) == 1


def test_truncated_reply(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.TRUNCATED, board=1, lock=9, keep_bytes=3)
    with pytest.raises(TruncatedReply, match=r"board 1 lock 9.*80 01 09"):
        drv.query(1, 9)


def test_split_reply_and_noise_are_reassembled(sim: LockSimulator,
                                               drv: SerialLockBoard) -> None:
    sim.inject(F.SPLIT_REPLY, board=1, delay_ms=15)
    sim.inject(F.NOISE, board=1)
    assert drv.open(1, 10).confirmed_by == "reply"
    assert drv.query(1, 10).is_open
    assert drv.query_all(1).open_locks == {10}


def test_wrong_address_reply(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.WRONG_ADDRESS, board=1, lock=3, target_lock=4)
    with pytest.raises(WrongAddressReply, match=r"board 1 lock 3.*board 1 lock 4") as err:
        drv.query(1, 3)
    assert err.value.answered_lock == 4


# ---------------------------------------------------------------- 7. echo


def test_echoing_adapter_is_detected_and_its_echo_dropped(sim: LockSimulator) -> None:
    sim.inject(F.ECHO)
    d = SerialLockBoard(sim.port, replace(FAST, echo=None))
    d.start()
    assert d.echo is True
    # The echo of OPEN equals the board's "still closed" answer; it must not read as a jam.
    assert d.open(1, 1).confirmed_by == "reply"
    sim.inject(F.JAMMED, board=1, lock=2)
    with pytest.raises(LockJammed, match="board 1 lock 2"):
        d.open(1, 2)
    d.close()


def test_unexpected_echo_does_not_fake_a_jam(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.ECHO)  # adapter swapped after start: driver still believes no echo
    result = drv.open(1, 1)
    assert result.confirmed_by == "query" and len(sim.received(OPEN)) == 1


# ---------------------------------------------------------------- 8-13. locks, doors, sensors


def test_jammed_lock(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.JAMMED, board=2, lock=11)
    with pytest.raises(LockJammed, match="board 2 lock 11: still closed") as err:
        drv.open(2, 11)
    assert type(err.value) is LockJammed and (err.value.board, err.value.lock) == (2, 11)
    assert sim.lock_state(2, 11).latched


def test_door_pushed_shut_right_after_the_pulse(sim: LockSimulator,
                                                drv: SerialLockBoard) -> None:
    sim.inject(F.AUTO_CLOSE, board=1, lock=6, times=1, delay_ms=60)
    assert drv.open(1, 6).confirmed_by == "reply"
    t0 = time.monotonic()
    assert drv.wait_closed(1, 6, timeout_s=1.0, poll_s=0.02).closed
    assert time.monotonic() - t0 < 0.3


def test_door_left_open(sim: LockSimulator, drv: SerialLockBoard) -> None:
    drv.open(1, 7)
    with pytest.raises(DoorLeftOpen, match="board 1 lock 7: door still open") as err:
        drv.wait_closed(1, 7, timeout_s=0.15, poll_s=0.03)
    assert err.value.open_for_s >= 0.15


def test_door_ajar_never_relatches(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.AJAR, board=1, lock=7)
    drv.open(1, 7)
    sim.person_closes(1, 7)
    with pytest.raises(DoorLeftOpen, match="board 1 lock 7"):
        drv.wait_closed(1, 7, timeout_s=0.1, poll_s=0.03)
    assert sim.lock_state(1, 7).door_closed and not sim.lock_state(1, 7).latched


def test_forced_open_shows_as_unexpected(sim: LockSimulator, drv: SerialLockBoard) -> None:
    drv.open(1, 1)
    sim.person_opens(1, 12)
    snap = drv.query_all(1)
    assert snap.open_locks == {1, 12} and snap.unexpected_open == {12}
    sim.person_closes(1, 12)
    sim.person_closes(1, 1)
    assert not drv.query_all(1).unexpected_open
    sim.person_opens(1, 1)  # closed once: opening it again was not us
    assert drv.query_all(1).unexpected_open == {1}


def test_inverted_sensor_is_sensor_suspect(sim: LockSimulator) -> None:
    sim.inject(F.INVERTED_SENSOR, board=1)
    d = SerialLockBoard(sim.port, FAST)
    report = d.start()
    assert report.snapshots[1].unexpected_open == set(range(1, 25))  # the first clue
    with pytest.raises(SensorSuspect, match=r"board 1 lock 3.*inverted"):
        d.open(1, 3)
    d.close()
    # Configuring the opposite polarity makes the same board work.
    d = SerialLockBoard(sim.port, replace(FAST, polarity=Polarity.SHORTED_WHEN_OPEN))
    assert not d.start().snapshots[1].unexpected_open - {3}
    assert d.open(1, 4).confirmed_by == "reply"
    d.close()


def test_sensor_stuck_closed_reads_as_jam_and_says_so(sim: LockSimulator,
                                                      drv: SerialLockBoard) -> None:
    sim.inject(F.STUCK_CLOSED, board=1, lock=13)
    with pytest.raises(LockJammed, match="sensor stuck"):
        drv.open(1, 13)
    assert not sim.lock_state(1, 13).latched  # physically open: staff must look


def test_sensor_stuck_open(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.STUCK_OPEN, board=1, lock=14)
    assert 14 in drv.query_all(1).unexpected_open
    result = drv.open(1, 14)
    assert result.was_open_before is True
    sim.person_closes(1, 14)
    with pytest.raises(DoorLeftOpen):
        drv.wait_closed(1, 14, timeout_s=0.1, poll_s=0.03)


def test_miswired_channel(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.MISWIRED, board=1, lock=15, target_lock=16)
    with pytest.raises(MiswiredChannel, match=r"board 1 lock 15.*lock 16") as err:
        drv.open(1, 15)
    assert err.value.opened_lock == 16 and isinstance(err.value, LockJammed)


# ---------------------------------------------------------------- 14, 16-19. board faults


def test_power_loss_mid_pulse_long_outage(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.POWER_LOSS, board=1, lock=17, times=1, pulse_completes=True, delay_ms=600)
    with pytest.raises(OpenOutcomeUnknown, match=r"board 1 lock 17.*may be open"):
        drv.open(1, 17)
    time.sleep(0.35)
    assert drv.query(1, 17).is_open  # back up: the pulse had fired, state kept


def test_power_loss_short_outage_pulse_lost(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.POWER_LOSS, board=1, lock=18, times=1, pulse_completes=False, delay_ms=50)
    result = drv.open(1, 18)
    assert result.open_frames_sent == 2  # queried closed after the reboot, then re-fired
    assert kinds(sim) == [OPEN, QUERY_ALL, OPEN]


def test_two_boards_on_one_address(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.DUPLICATE_ADDRESS, board=2)
    with pytest.raises(BadChecksum, match=r"board 2.*two boards"):
        drv.query_all(2)


def test_baud_mismatch_is_garbled(sim: LockSimulator, drv: SerialLockBoard) -> None:
    sim.inject(F.BAUD_MISMATCH, board=1)
    with pytest.raises(GarbledReply, match=r"board 1 lock 1.*baud"):
        drv.query(1, 1)


def test_cooldown(sim: LockSimulator) -> None:
    d = SerialLockBoard(sim.port, replace(FAST, cooldown_s=0.5))
    d.start()
    d.open(1, 19)
    with pytest.raises(CooldownActive, match="board 1 lock 19") as err:
        d.open(1, 19)
    assert 0 < err.value.remaining_s <= 0.5 and len(sim.received(OPEN)) == 1
    d.close()
    # A board that refuses to re-fire (driver cooldown off) answers "closed": a jam.
    sim.inject(F.COOLDOWN_REFUSAL, board=1, lock=20, delay_ms=2000)
    d = SerialLockBoard(sim.port, FAST)
    d.start()
    d.open(1, 20)
    sim.person_closes(1, 20)
    with pytest.raises(LockJammed, match="board 1 lock 20"):
        d.open(1, 20)
    d.close()


def test_busy_board_ignores_frames_then_recovers(sim: LockSimulator,
                                                 drv: SerialLockBoard) -> None:
    sim.inject(F.BUSY, board=1, times=1, delay_ms=300)
    with pytest.raises(NoReply, match="board 1 lock 21"):
        drv.query(1, 21)
    time.sleep(0.2)
    assert drv.query(1, 21).closed and drv.board_online(1) is True


# ---------------------------------------------------------------- 20. port vanishes


def test_port_vanishes_and_returns(sim: LockSimulator) -> None:
    reports: list[ReconcileReport] = []
    d = SerialLockBoard(sim.port, FAST, on_reconnect=reports.append)
    d.start()
    old = sim.port
    sim.vanish()
    with pytest.raises(PortUnavailable, match=r"board 1 lock 1.*during QUERY"):
        d.query(1, 1)
    with pytest.raises(PortUnavailable, match="cannot open"):
        d.query(1, 1)  # the pty path is gone until the adapter returns
    sim.person_opens(1, 2)  # happens while we are cut off
    new = sim.restore()
    d.set_port(new)
    assert d.query(1, 1).closed
    assert len(reports) == 1 and reports[0].snapshots[1].unexpected_open == {2}
    assert old.startswith("/dev/pts/")
    d.close()


def test_port_returning_behind_a_stable_symlink(tmp_path: object) -> None:
    link = f"{tmp_path}/lockboard"
    with LockSimulator(boards=(1,), timing=FAST_SIM, symlink=link) as sim:
        d = SerialLockBoard(link, FAST)
        d.start()
        sim.vanish()
        with pytest.raises(PortUnavailable):
            d.query_all(1)
        sim.restore()
        assert d.query_all(1).open_locks == frozenset()
        d.close()
