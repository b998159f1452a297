"""The Lockers page against the real simulator on a real pty (board 1 and 2, real timing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.lockboard import FaultKind, LockSimulator
from devices.lockboard.protocol import RequestKind
from gui.common.locker_diagram import SlotLook
from gui.lockers.page import LockersPage, SlotState
from gui.main_window import MainWindow
from services.core.settings import Settings
from services.desk import Desk
from tests.gui.helpers import close_window, log_in, make_window, wait_idle

BOARD_TIMEOUT_MS = 10_000
POLL_TIMEOUT_MS = 5_000


@contextmanager
def lockers_page(
    qtbot: QtBot, desk: Desk, tmp_path: Path, login: str = "admin", pin: str = "9999"
) -> Iterator[tuple[MainWindow, LockersPage]]:
    """The window on the Lockers page, board started, first poll shown; closed on exit.

    Closed inside the test rather than in a fixture's teardown: pytest-qt closes and
    ``deleteLater()``s registered widgets before fixture teardown, and ``wait_idle``
    would then spin the loop and delete the window under ``close_window``.
    """
    window = make_window(qtbot, desk, tmp_path)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=BOARD_TIMEOUT_MS)
        log_in(qtbot, window, login, pin)
        page = window.show_page(LockersPage)
        assert isinstance(page, LockersPage)
        page.confirm = lambda _question: True
        qtbot.waitUntil(lambda: page.panels[1].model.states[1] is SlotState.CLOSED, timeout=POLL_TIMEOUT_MS)
        yield window, page
    finally:
        close_window(qtbot, window)


def _sim(window: MainWindow) -> LockSimulator:
    sim = window.devices.lock_simulator
    assert sim is not None
    return sim


def _state(page: LockersPage, board: int, lock: int) -> SlotState:
    return page.panels[board].model.states[lock]


def _cell_text(page: LockersPage, board: int, lock: int) -> str:
    model = page.panels[board].model
    return str(model.index_of(lock).data())


def test_grid_shows_every_lock_closed_then_a_forced_door(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        assert set(page.panels) == {1, 2}
        qtbot.waitUntil(
            lambda: all(s is SlotState.CLOSED for p in page.panels.values() for s in p.model.states.values()),
            timeout=POLL_TIMEOUT_MS,
        )
        assert page.panels[1].model.rowCount() * page.panels[1].model.columnCount() == 24
        assert _cell_text(page, 1, 7) == "1-07\nclosed"
        assert page.panels[2].header.text() == "Board 2: answering"
        assert page.port_label.text().startswith("Simulator on /dev/")

        _sim(window).person_opens(1, 5)
        qtbot.waitUntil(
            lambda: page.panels[1].model.states[5] is SlotState.UNEXPECTED, timeout=POLL_TIMEOUT_MS
        )
        assert _cell_text(page, 1, 5) == "1-05\nopened unexpectedly"
        assert page.panels[1].model.states[6] is SlotState.CLOSED


def test_admin_opens_a_door_with_the_keyboard(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        asked: list[str] = []

        def confirm(question: str) -> bool:
            asked.append(question)
            return True

        page.confirm = confirm
        view = page.panels[1].view
        page.select(1, 1)
        view.setFocus()
        for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):  # lock 1 -> 3 -> 9 (6 per row)
            qtbot.keyClick(view, key)
        assert page.selected == (1, 9)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        # named as the diagram names the slot, with the board door in brackets (not "1-09" alone)
        bank, slot = next((b, x) for b in desk.parcels.layout() for x in b.slots if (x.board, x.lock) == (1, 9))
        assert asked == [f"Open door {bank.code}-{slot.no:02d} (door 1-09)? It will spring open at once."]
        assert not page.open_button.isEnabled()  # while the open runs
        qtbot.waitUntil(lambda: page.message.text() == "Door 1-09 is open", timeout=POLL_TIMEOUT_MS)
        assert page.panels[1].model.states[9] is SlotState.OPEN
        assert _sim(window).lock_state(1, 9).latched is False
        polls = len(_sim(window).received(RequestKind.QUERY_ALL, 1))
        qtbot.waitUntil(
            lambda: len(_sim(window).received(RequestKind.QUERY_ALL, 1)) > polls, timeout=POLL_TIMEOUT_MS
        )
        wait_idle(qtbot, window)  # a poll after the open still says "open", not "opened unexpectedly"
        assert page.panels[1].model.states[9] is SlotState.OPEN
        assert page.open_button.isEnabled()


def test_declined_confirmation_sends_nothing(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        page.confirm = lambda _question: False
        page.select(1, 2)
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        assert _sim(window).received(RequestKind.OPEN) == []
        assert page.open_button.isEnabled()


def test_double_press_sends_one_open(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        page.select(1, 4)
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        page.request_open()
        qtbot.keyClick(page.panels[1].view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.message.text() == "Door 1-04 is open", timeout=POLL_TIMEOUT_MS)
        wait_idle(qtbot, window)
        assert len(_sim(window).received(RequestKind.OPEN, 1, 4)) == 1


def test_jammed_lock_says_so_and_stays_closed(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        _sim(window).inject(FaultKind.JAMMED, board=1, lock=3)
        page.select(1, 3)
        page.request_open()
        qtbot.waitUntil(lambda: "did not open" in page.message.text(), timeout=POLL_TIMEOUT_MS)
        assert "1-03" in page.message.text() and "jammed" in page.message.text()
        assert page.panels[1].model.states[3] is SlotState.CLOSED
        assert "closed" in _cell_text(page, 1, 3)


def test_board_not_answering(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        _sim(window).inject(FaultKind.NO_REPLY, board=1)
        page.select(1, 8)
        page.request_open()
        qtbot.waitUntil(lambda: "may be open" in page.message.text(), timeout=POLL_TIMEOUT_MS)
        assert page.message.text().startswith("Door 1-08 may be open: board 1 did not confirm it.")
        qtbot.waitUntil(
            lambda: "not answering (no reply)" in page.panels[1].header.text(), timeout=POLL_TIMEOUT_MS
        )
        assert page.panels[1].model.states[8] is SlotState.UNKNOWN
        assert page.panels[2].header.text() == "Board 2: answering"  # only board 1 is dead
        assert len(_sim(window).received(RequestKind.OPEN, 1, 8)) == 1  # never re-sent blindly


def test_port_vanishes_and_reconnects(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        _sim(window).vanish()
        qtbot.waitUntil(lambda: "port unavailable" in page.panels[1].header.text(), timeout=POLL_TIMEOUT_MS)
        assert "port unavailable" in page.panels[2].header.text()
        assert page.panels[1].model.states[1] is SlotState.UNKNOWN
        assert page.reconnect_button.isVisible()
        assert window.tasks.pending <= 1  # polls do not pile up behind the dead port

        page.select(1, 1)
        qtbot.mouseClick(page.reconnect_button, Qt.MouseButton.LeftButton)
        assert page.connection_label.text() == "Connecting to the lock board…"
        assert not page.open_button.isEnabled()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=BOARD_TIMEOUT_MS)
        qtbot.waitUntil(lambda: page.panels[1].header.text() == "Board 1: answering", timeout=POLL_TIMEOUT_MS)
        assert _state(page, 1, 1) is SlotState.CLOSED
        assert not page.reconnect_button.isVisible()


def test_desk_operator_sees_the_page_read_only(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path, "desk", "2222") as (window, page):
        page.select(1, 2)
        assert not page.open_button.isEnabled()
        assert "administrator" in page.open_button.toolTip()
        assert not page.banks.back_button.isEnabled()  # nor put a slot back into service
        page.request_open()
        qtbot.keyClick(page.panels[1].view, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
        assert _sim(window).received(RequestKind.OPEN) == []


def test_polling_stops_when_the_page_is_hidden(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        assert page.timer.isActive()
        window.nav.setCurrentRow(0)  # the cashier page
        assert not page.timer.isActive()
        window.show_page(LockersPage)
        assert page.timer.isActive()


def test_board_that_cannot_open_shows_the_error_and_reconnect(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    settings = Settings()
    settings.lock_board.port = str(tmp_path / "no-such-port")
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        log_in(qtbot, window, "admin", "9999")
        page = window.show_page(LockersPage)
        assert isinstance(page, LockersPage)
        assert page.connection_label.text() == "Connecting to the lock board…"
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: page.reconnect_button.isVisible(), timeout=BOARD_TIMEOUT_MS)
        assert page.connection_label.text().startswith("The lock board could not be opened:")
        assert page.port_label.text() == f"Port {settings.lock_board.port}"
        assert _state(page, 1, 1) is SlotState.UNKNOWN
        assert page.panels[1].header.text() == "Board 1: not connected"
        page.select(1, 1)
        assert not page.open_button.isEnabled()
        assert page.open_button.toolTip() == "The lock board is not connected."
    finally:
        close_window(qtbot, window)


def test_bank_diagram_live_doors_and_slot_back_into_service(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    banks = {b.code: b for b in desk.parcels.layout()}
    occupied = next(s for b in banks.values() for s in b.slots if s.parcel_id is not None)
    free = next(s for s in banks["A"].slots if s.parcel_id is None and s.board == 1)
    jammed = next(s for s in banks["B"].slots if s.parcel_id is None and s.board == 1)
    desk.parcels.mark_slot_out_of_service(jammed.id, "jammed: lock did not release", operator_id=None)
    with lockers_page(qtbot, desk, tmp_path) as (window, page):
        diagram = page.banks.diagram
        qtbot.waitUntil(lambda: bool(diagram.banks) and diagram.doors is not None, timeout=POLL_TIMEOUT_MS)
        assert diagram.slot_text(free.id) == f"A-{free.no:02d} · {free.size}\nfree"
        assert diagram.look(occupied.id) is SlotLook.OCCUPIED
        assert diagram.slot_text(jammed.id).endswith("out of service")
        assert f"B-{jammed.no:02d}" in page.banks.out_list.item(0).text()

        _sim(window).person_opens(1, free.lock)  # a door forced open shows as open, in words
        qtbot.waitUntil(lambda: diagram.look(free.id) is SlotLook.OPEN, timeout=POLL_TIMEOUT_MS)
        assert diagram.slot_text(free.id).endswith("open")

        # Clicking a slot on the diagram selects its door for "Open door".
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.cell_rect(occupied.id).center())
        assert page.selected == (occupied.board, occupied.lock)

        page.banks.out_list.setCurrentRow(0)
        assert page.banks.back_button.isEnabled()
        page.banks.confirm = lambda _question: True
        qtbot.mouseClick(page.banks.back_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "back in service" in page.banks.message.text(), timeout=POLL_TIMEOUT_MS)
        wait_idle(qtbot, window)
        assert diagram.look(jammed.id) is SlotLook.FREE
        assert not any(s.out_of_service for b in desk.parcels.layout() for s in b.slots)
