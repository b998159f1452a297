"""Every door wait at the parcel desk ends: Cancel, a timeout with a message saying what to do, and a
logout that asks instead of silently cancelling. Real simulator on a pty, its person never closing the
door by itself (auto-close 0), so each wait stays open until the test acts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from devices.lockboard import LockSimulator
from gui.main_window import MainWindow
from gui.parcels.page import ParcelsPage
from services.core.settings import Settings
from services.desk import Desk
from services.parcels.records import IN_LOCKER_STATES, LIVE_STATES, ParcelInfo, ParcelState
from tests.gui.helpers import close_window, log_in, make_window, wait_idle

DOOR_TIMEOUT_MS = 8_000


@contextmanager
def pickup_page(qtbot: QtBot, desk: Desk, tmp_path: Path) -> Iterator[tuple[MainWindow, ParcelsPage]]:
    settings = Settings()
    settings.lock_board.sim_close_after_s = 0  # nobody shuts the door unless the test does
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=10_000)
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(ParcelsPage)
        assert isinstance(page, ParcelsPage)
        page.tabs.setCurrentWidget(page.pickup)
        wait_idle(qtbot, window)
        yield window, page
    finally:
        close_window(qtbot, window)


def _stored_parcel(desk: Desk) -> ParcelInfo:
    return next(p for p in desk.parcels.search("", states=list(LIVE_STATES))
                if p.state in IN_LOCKER_STATES and p.resident_id is not None and p.board is not None)


def _open_for(qtbot: QtBot, window: MainWindow, page: ParcelsPage, parcel: ParcelInfo) -> None:
    """Staff search for the parcel's resident, ID checked, Open doors; until the board has opened them."""
    panel = page.pickup
    assert window.desk is not None
    resident = next(r for r in window.desk.residents.search("") if r.id == parcel.resident_id)
    picker = panel.picker
    qtbot.keyClicks(picker.edit, f"{resident.building}-{resident.unit}")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    picker.table.selectRow(next(i for i, r in enumerate(picker.model.rows) if r.id == resident.id))
    panel.id_check.setChecked(True)
    assert panel.staff_button.isEnabled() and panel.code_button.isEnabled()
    qtbot.mouseClick(panel.staff_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert parcel.id in {p.id for p in panel.parcels}
    assert not panel.cancel_button.isEnabled()  # nothing to cancel yet
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.flow.statuses.get(parcel.id) == "opened", timeout=DOOR_TIMEOUT_MS)
    assert "Opening" in panel.message.text() and "Cancel" in panel.message.text()


def _close_all(sim: LockSimulator, page: ParcelsPage) -> None:
    for p in page.pickup.parcels:
        if p.board is not None and p.lock is not None and not sim.lock_state(p.board, p.lock).latched:
            sim.person_closes(p.board, p.lock)


def test_cancel_stops_waiting_and_frees_find_and_show(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    parcel = _stored_parcel(desk)
    with pickup_page(qtbot, desk, tmp_path) as (window, page):
        panel = page.pickup
        _open_for(qtbot, window, page, parcel)
        # the tour's "Find and Show their parcels stay disabled": they are, only while doors are open
        assert not panel.code_button.isEnabled() and not panel.staff_button.isEnabled()
        assert panel.cancel_button.isEnabled()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not panel.flow.busy, timeout=DOOR_TIMEOUT_MS)
        wait_idle(qtbot, window)
        assert "Cancelled" in panel.message.text() and "same code" in panel.message.text()
        assert desk.parcels.get(parcel.id).state is parcel.state  # not marked picked up
        assert panel.code_button.isEnabled() and panel.staff_button.isEnabled()
        assert not panel.cancel_button.isEnabled()
        assert parcel.id in {p.id for p in panel.parcels}  # still listed, can be opened again
        assert panel.open_button.isEnabled()


def test_timeout_says_what_happened_and_what_to_do(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    parcel = _stored_parcel(desk)
    with pickup_page(qtbot, desk, tmp_path) as (window, page):
        panel = page.pickup
        panel.flow.close_timeout_s = 1.5
        _open_for(qtbot, window, page, parcel)
        qtbot.waitUntil(lambda: not panel.flow.busy, timeout=DOOR_TIMEOUT_MS)
        wait_idle(qtbot, window)
        text = panel.message.text()
        assert "not closed in time" in text and "Nobody closed the door in time" in text, text
        assert desk.parcels.get(parcel.id).state is parcel.state
        assert panel.code_button.isEnabled() and panel.staff_button.isEnabled()


def test_logout_mid_pickup_asks_and_staying_finishes_the_pickup(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    parcel = _stored_parcel(desk)
    with pickup_page(qtbot, desk, tmp_path) as (window, page):
        sim = window.devices.lock_simulator
        assert sim is not None
        _open_for(qtbot, window, page, parcel)
        window.logout()
        box: QMessageBox = window.logout_box
        assert box.isVisible() and "pickup is in progress" in box.text()
        assert window.operator is not None and page in window.pages  # nothing cancelled yet
        stay = next(b for b in box.buttons() if b.text() == "Stay and finish")
        qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
        assert window.operator is not None and page.pickup.flow.busy
        _close_all(sim, page)
        qtbot.waitUntil(lambda: not page.pickup.flow.busy, timeout=DOOR_TIMEOUT_MS)
        wait_idle(qtbot, window)
        assert desk.parcels.get(parcel.id).state is ParcelState.PICKED_UP
        window.logout()  # idle now: no question
        assert window.operator is None


def test_logout_mid_pickup_when_confirmed_marks_nothing_picked_up(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    parcel = _stored_parcel(desk)
    with pickup_page(qtbot, desk, tmp_path) as (window, page):
        sim = window.devices.lock_simulator
        assert sim is not None
        _open_for(qtbot, window, page, parcel)
        flow = page.pickup.flow
        window.logout()
        box: QMessageBox = window.logout_box
        leave = next(b for b in box.buttons() if b.text() == "Stop waiting and log out")
        qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
        assert window.operator is None and flow.closed
        qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=DOOR_TIMEOUT_MS)
        assert parcel.board is not None and parcel.lock is not None
        sim.person_closes(parcel.board, parcel.lock)
        qtbot.wait(200)
        assert desk.parcels.get(parcel.id).state is parcel.state
