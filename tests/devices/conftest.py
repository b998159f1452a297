"""Lock-board fixtures shared by the driver and fault tests: a fast simulator on a real pty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.lockboard import DriverConfig, LockSimulator, SerialLockBoard, SimTiming

FAST_SIM = SimTiming(scale=0.1)  # OPEN 35 ms, QUERY 2 ms, QUERY_ALL 3 ms
FAST = DriverConfig(
    boards=(1, 2), echo=False, query_timeout_s=0.08, query_all_timeout_s=0.08,
    open_timeout_s=0.25, open_all_timeout_s=3.0, settle_s=0.03, gap_s=0.002, cooldown_s=0.0,
)


@pytest.fixture
def sim() -> Iterator[LockSimulator]:
    s = LockSimulator(boards=(1, 2), timing=FAST_SIM, seed=7)
    s.start()
    yield s
    s.stop()


@pytest.fixture
def drv(sim: LockSimulator) -> Iterator[SerialLockBoard]:
    """A started driver; the start-up queries are cleared from the simulator's records."""
    d = SerialLockBoard(sim.port, FAST)
    d.start()
    sim.clear_records()
    yield d
    d.close()
