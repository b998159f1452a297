"""The demo's lock board: the simulated person shuts a door by itself, and the Desk menu's simulator
panel lets anyone jam a lock, hold a door open or unplug the board to try the faults."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.lockboard import LockJammed, LockSimulator, PortUnavailable
from gui.device_hub import open_lock_board
from gui.lockers.sim_panel import LockSimulatorPanel
from services.core.settings import LockBoardSettings, Settings
from services.desk import Desk
from tests.gui.helpers import close_window, log_in, make_window

BOARD_TIMEOUT_MS = 10_000


def test_the_demo_person_shuts_an_opened_door_after_the_configured_time() -> None:
    board, sim, _report, _port = open_lock_board(LockBoardSettings(board_addresses=[1], sim_close_after_s=1.5))
    assert sim is not None
    try:
        board.open(1, 5)
        assert not sim.lock_state(1, 5).closed
        deadline = time.monotonic() + 5
        while not sim.lock_state(1, 5).closed and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sim.lock_state(1, 5).closed
    finally:
        board.close()
        sim.stop()


def test_with_zero_the_door_stays_open_until_someone_shuts_it() -> None:
    board, sim, _report, _port = open_lock_board(LockBoardSettings(board_addresses=[1], sim_close_after_s=0))
    assert sim is not None
    try:
        board.open(1, 2)
        time.sleep(0.5)
        assert not sim.lock_state(1, 2).closed
    finally:
        board.close()
        sim.stop()


def _panel(qtbot: QtBot, window_sim: LockSimulator, window: object) -> LockSimulatorPanel:
    panel = window.open_lock_simulator()  # type: ignore[attr-defined]
    assert isinstance(panel, LockSimulatorPanel) and panel.simulator is window_sim
    return panel


def test_panel_jams_holds_open_repairs_and_unplugs_the_board(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    settings = Settings()
    settings.lock_board.sim_close_after_s = 0
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=BOARD_TIMEOUT_MS)
        log_in(qtbot, window, "desk", "2222")
        assert window.lock_sim_action.isVisible()
        sim, board = window.devices.lock_simulator, window.devices.lock_board
        assert sim is not None and board is not None
        panel = _panel(qtbot, sim, window)
        row = panel.doors.index((1, 3))
        panel.table.selectRow(row)

        panel.jam()
        assert "jammed" in panel.table.item(row, 1).text()
        with pytest.raises(LockJammed):
            board.open(1, 3)
        panel.repair()
        assert panel.table.item(row, 1).text() == "closed"
        qtbot.wait(2100)  # the driver's coil cooldown after the jammed pulse
        board.open(1, 3)
        assert panel.state_text(1, 3) == "open"
        panel.ajar()
        panel.close_door()  # pushed shut, but it does not latch: still reads open
        assert not sim.lock_state(1, 3).closed and "does not latch" in panel.table.item(row, 1).text()
        panel.repair()
        assert sim.lock_state(1, 3).closed

        panel.toggle_plug()
        qtbot.waitUntil(lambda: panel.unplugged, timeout=5000)
        with pytest.raises(PortUnavailable):
            board.open(1, 4)
        panel.toggle_plug()
        qtbot.waitUntil(lambda: not panel.unplugged and panel.plug_button.isEnabled(), timeout=5000)
        board.open(1, 5)  # reconnected to the new port (1-4 waits out its coil cooldown)
        assert not sim.lock_state(1, 5).closed
        panel.close()
    finally:
        close_window(qtbot, window)
