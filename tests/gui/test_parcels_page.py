"""The Parcels page against the real lock simulator on a real pty and the demo compound's lockers.

The simulator's doors behave like doors: an OPEN unlatches one, and it stays open until
the test closes it (``person_closes``), as a person at the locker would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from devices.lockboard import FaultKind, LockSimulator
from devices.lockboard.protocol import RequestKind
from gui.main_window import MainWindow
from gui.parcels.history_dialog import ParcelHistoryDialog
from gui.parcels.page import ParcelsPage
from gui.parcels.store_flow import StoreState
from services.desk import Desk
from services.parcels.records import ParcelState
from services.residents.records import ResidentInfo
from tests.gui.helpers import close_window, log_in, make_window, wait_idle

BOARD_TIMEOUT_MS = 10_000
DOOR_TIMEOUT_MS = 8_000
CLOSE_TIMEOUT_S = 10.0  # the flows poll the door every 0.5 s with this


@contextmanager
def parcels_page(qtbot: QtBot, desk: Desk, tmp_path: Path) -> Iterator[tuple[MainWindow, ParcelsPage]]:
    """The desk operator on the Parcels page with the simulated lock board running."""
    window = make_window(qtbot, desk, tmp_path)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=BOARD_TIMEOUT_MS)
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(ParcelsPage)
        assert isinstance(page, ParcelsPage)
        page.intake.flow.close_timeout_s = CLOSE_TIMEOUT_S
        page.pickup.flow.close_timeout_s = CLOSE_TIMEOUT_S
        wait_idle(qtbot, window)
        yield window, page
    finally:
        close_window(qtbot, window)


def _sim(window: MainWindow) -> LockSimulator:
    sim = window.devices.lock_simulator
    assert sim is not None
    return sim


def _wait_open(qtbot: QtBot, sim: LockSimulator, board: int, lock: int, opens: int = 1) -> None:
    """Until the board has answered the ``opens``-th OPEN of this door (a person needs longer to
    reach the door than the board to answer; closing it before the answer would read as a jam)."""
    qtbot.waitUntil(lambda: sum(1 for r in sim.received(RequestKind.OPEN, board, lock) if r.reply is not None) >= opens
                    and not sim.lock_state(board, lock).latched, timeout=DOOR_TIMEOUT_MS)
    qtbot.wait(300)


def _resident_without_parcels(desk: Desk) -> ResidentInfo:
    for r in desk.residents.search(""):
        if not desk.parcels.for_resident(r.id, live_only=False):
            return r
    raise AssertionError("every demo resident has parcels")


def _pick(qtbot: QtBot, window: MainWindow, page: ParcelsPage, resident: ResidentInfo) -> None:
    picker = page.intake.picker
    qtbot.keyClicks(picker.edit, f"{resident.building}-{resident.unit}")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    row = next(i for i, r in enumerate(picker.model.rows) if r.id == resident.id)
    picker.table.selectRow(row)
    assert picker.resident == resident


def _register(qtbot: QtBot, window: MainWindow, page: ParcelsPage, tracking: str, resident: ResidentInfo) -> None:
    """Scan the waybill, pick the recipient, press Register and store: a slot is offered."""
    assert window.route_scan(tracking)
    wait_idle(qtbot, window)
    assert page.intake.tracking_edit.text() == tracking
    assert page.intake.courier_combo.currentData() == "SF"  # from the waybill's prefix
    _pick(qtbot, window, page, resident)
    qtbot.keyClick(page.intake.picker.edit, Qt.Key.Key_Return)  # Enter again: register (keyboard alone)
    qtbot.waitUntil(lambda: page.intake.flow.state is StoreState.OFFERED, timeout=5000)


def test_scan_store_then_pick_up_by_code(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    resident = _resident_without_parcels(desk)
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        sim = _sim(window)
        _register(qtbot, window, page, "SF1234567890", resident)
        choice = page.intake.flow.choice
        assert choice is not None
        assert page.intake.door_label.text() == f"Door {choice.bank_code}-{choice.slot_no:02d}"
        assert page.diagram.highlighted == choice.slot_id  # the door to use is framed on the diagram
        assert f"Bank {choice.bank_code}" in page.intake.slot_label.text()

        # Enter on the focused Open door, then a double click: one door opens, once.
        assert page.intake.open_button.hasFocus()
        qtbot.keyClick(page.intake.open_button, Qt.Key.Key_Return)
        qtbot.mouseClick(page.intake.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.intake.open_button, Qt.MouseButton.LeftButton)
        page.intake.open_door()
        _wait_open(qtbot, sim, choice.board, choice.lock)
        assert "close the door" in page.intake.message.text()
        assert desk.parcels.search("SF1234567890")[0].state is ParcelState.ANNOUNCED  # not stored while open
        sim.person_closes(choice.board, choice.lock)
        qtbot.waitUntil(lambda: page.intake.flow.state is not StoreState.STORING, timeout=DOOR_TIMEOUT_MS)
        assert page.intake.code_label.text().startswith("Pickup code "), page.intake.message.text()
        assert len(sim.received(RequestKind.OPEN, choice.board, choice.lock)) == 1
        code = page.intake.last_code
        assert page.intake.code_label.text() == f"Pickup code {code}"
        stored = desk.parcels.search("SF1234567890")[0]
        assert stored.state is ParcelState.STORED and stored.slot_id == choice.slot_id
        assert page.intake.tracking_edit.text() == ""  # ready for the next scan
        assert page.diagram.highlighted is None

        # The resident comes with the code (after the coil's 2-s cooldown: nobody is that quick).
        qtbot.wait(2000)
        page.tabs.setCurrentWidget(page.pickup)
        qtbot.keyClicks(page.pickup.code_edit, code)
        qtbot.keyClick(page.pickup.code_edit, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
        assert [p.tracking_no for p in page.pickup.parcels] == ["SF1234567890"]
        qtbot.mouseClick(page.pickup.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.pickup.open_button, Qt.MouseButton.LeftButton)
        _wait_open(qtbot, sim, choice.board, choice.lock, opens=2)
        qtbot.waitUntil(lambda: "take the parcel" in page.pickup.progress.item(0).text(), timeout=DOOR_TIMEOUT_MS)
        sim.person_closes(choice.board, choice.lock)
        qtbot.waitUntil(lambda: page.pickup.message.text() == "All 1 parcel picked up.", timeout=DOOR_TIMEOUT_MS)
        assert page.pickup.progress.item(0).text().endswith("picked up")
        assert len(sim.received(RequestKind.OPEN, choice.board, choice.lock)) == 2  # store + pickup, nothing more
        done = desk.parcels.search("SF1234567890", states=[ParcelState.PICKED_UP])
        assert len(done) == 1
        slot = next(s for b in desk.parcels.layout() for s in b.slots if s.id == choice.slot_id)
        assert slot.parcel_id is None  # the slot is free again
        wait_idle(qtbot, window)


def test_jammed_lock_offers_another_slot_and_stores_nothing(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    resident = _resident_without_parcels(desk)
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        sim = _sim(window)
        _register(qtbot, window, page, "SF5550001111", resident)
        first = page.intake.flow.choice
        assert first is not None
        sim.inject(FaultKind.JAMMED, board=first.board, lock=first.lock)
        qtbot.mouseClick(page.intake.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.intake.flow.state is StoreState.FAILED, timeout=DOOR_TIMEOUT_MS)
        text = page.intake.message.text()
        assert "did not open" in text and "jammed" in text and "Try another slot" in text
        assert page.intake.another_button.isEnabled()
        assert not page.intake.open_button.isEnabled()
        assert desk.parcels.search("SF5550001111")[0].state is ParcelState.ANNOUNCED
        jammed = next(s for b in desk.parcels.layout() for s in b.slots if s.id == first.slot_id)
        assert jammed.out_of_service and jammed.parcel_id is None

        qtbot.mouseClick(page.intake.another_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.intake.flow.state is StoreState.OFFERED, timeout=5000)
        second = page.intake.flow.choice
        assert second is not None and second.slot_id != first.slot_id
        qtbot.mouseClick(page.intake.cancel_button, Qt.MouseButton.LeftButton)
        assert page.intake.flow.state is StoreState.CANCELLED
        assert page.intake.door_label.text().startswith("Cancelled")
        wait_idle(qtbot, window)
        assert sim.received(RequestKind.OPEN, second.board, second.lock) == []
        assert desk.parcels.search("SF5550001111")[0].state is ParcelState.ANNOUNCED
        # Pressed again after the cancel: the same parcel is offered a slot, not registered twice.
        qtbot.mouseClick(page.intake.register_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.intake.flow.state is StoreState.OFFERED, timeout=5000)
        assert page.intake.message.styleSheet() == ""  # no error
        assert len(desk.parcels.search("SF5550001111")) == 1
        page.intake.cancel()

        # The diagram on the Lockers page shows it out of service, in words.
        page.refresh_layout()
        wait_idle(qtbot, window)
        assert page.diagram.slot_text(first.slot_id).endswith("out of service")


def test_duplicate_registration_is_refused(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    resident = _resident_without_parcels(desk)
    desk.parcels.register("SF7770001111", "SF", "M", resident.id, operator_id=None)
    desk.parcels.register("JD7770002222", "JD", "M", resident.id, operator_id=None)
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        # An announced parcel: the scan finds it, and it goes straight to the store step.
        assert window.route_scan("JD7770002222")
        wait_idle(qtbot, window)
        assert page.intake.register_button.text() == "Store"
        assert "Announced by" in page.intake.announced_label.text()
        page.intake.cancel()
        # The same waybill typed as a new parcel from another courier prefix: refused by name.
        page.intake.take_tracking("SF7770001111")
        wait_idle(qtbot, window)
        page.intake.announced = None  # as if the lookup had not found it: register must still refuse
        _pick(qtbot, window, page, resident)
        page.intake.register()
        page.intake.register()  # a double press registers nothing twice
        wait_idle(qtbot, window)
        assert "already registered" in page.intake.message.text()
        assert len(desk.parcels.search("SF7770001111")) == 1


def test_wrong_pickup_codes_lock_out(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        page.tabs.setCurrentWidget(page.pickup)
        messages = []
        for _ in range(5):
            page.pickup.code_edit.setText("13579")
            qtbot.keyClick(page.pickup.code_edit, Qt.Key.Key_Return)
            wait_idle(qtbot, window)
            messages.append(page.pickup.message.text())
        assert messages[0] == "Wrong pickup code. Tries left before pickup by code is locked at this desk: 4."
        assert messages[3].endswith("at this desk: 1.")
        assert messages[4].startswith("Too many wrong pickup codes: pickup by code is locked at this desk until ")
        assert not page.pickup.open_button.isEnabled()
        # Even a scanned code is refused while locked.
        page.pickup.handle_scan("24680")
        wait_idle(qtbot, window)
        assert page.pickup.message.text().startswith("Too many wrong pickup codes")


def test_staff_pickup_needs_the_id_check(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    waiting = desk.parcels.search("", states=[ParcelState.STORED])
    owner = next(p for p in waiting if p.resident_id is not None)
    resident = next(r for r in desk.residents.search(owner.recipient_name) if r.id == owner.resident_id)
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        page.tabs.setCurrentWidget(page.pickup)
        picker = page.pickup.picker
        picker.edit.setText(resident.name)
        picker.search()
        wait_idle(qtbot, window)
        picker.table.selectRow(next(i for i, r in enumerate(picker.model.rows) if r.id == resident.id))
        qtbot.mouseClick(page.pickup.staff_button, Qt.MouseButton.LeftButton)
        assert "ID" in page.pickup.message.text()
        assert page.pickup.parcels == []
        page.pickup.id_check.setChecked(True)
        qtbot.mouseClick(page.pickup.staff_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        assert owner.id in {p.id for p in page.pickup.parcels}
        assert page.pickup.via == "staff"
        assert page.pickup.open_button.isEnabled()


def test_daily_report_exports_csv_with_bom(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        page.tabs.setCurrentWidget(page.report)
        wait_idle(qtbot, window)
        report = desk.parcels.daily_report(page.report.day)
        assert page.report.totals.text() == (
            f"Stored {report.stored} · picked up {report.picked_up} · overdue {report.overdue} · "
            f"recalled {report.recalled}")
        assert page.report.model.rowCount() == len(report.rows)
        page.report.ask_path = lambda _suggested: str(target)
        qtbot.mouseClick(page.report.export_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.report.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.report.message.text().startswith("Saved "), timeout=5000)
        raw = target.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
        text = raw.decode("utf-8-sig")
        assert text == desk.parcels.daily_report_csv(page.report.day).removeprefix("\ufeff")
        lines = text.splitlines()
        assert lines[0].startswith("day,tracking_no,courier,unit,recipient")
        assert len(lines) == len(report.rows) + 2  # header, one line a parcel, totals
        assert any("栋" in line for line in lines[1:-1]) or not report.rows  # Chinese units survive
        assert not (tmp_path / "report.csv.part").exists()


def test_resident_parcel_history_from_the_residents_page(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    from gui.residents.page import ResidentsPage

    parcel = next(p for p in desk.parcels.search("", states=[ParcelState.PICKED_UP]) if p.resident_id is not None)
    window = make_window(qtbot, desk, tmp_path)
    try:
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(ResidentsPage)
        assert isinstance(page, ResidentsPage)
        wait_idle(qtbot, window)
        page.search_edit.setText(parcel.recipient_name)
        page.search()
        wait_idle(qtbot, window)
        assert not page.parcels_button.isEnabled()  # nobody selected yet
        page.table.selectRow(next(i for i, r in enumerate(page.model.rows) if r.id == parcel.resident_id))
        qtbot.mouseClick(page.parcels_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        dialog = page.findChild(ParcelHistoryDialog)
        assert dialog is not None and dialog.isVisible()
        assert parcel.tracking_no in [p.tracking_no for p in dialog.parcels.rows]
        assert dialog.parcels.rows == desk.parcels.for_resident(parcel.resident_id, live_only=False)
        row = next(i for i, p in enumerate(dialog.parcels.rows) if p.id == parcel.id)
        dialog.parcel_table.selectRow(row)
        wait_idle(qtbot, window)
        states = [dialog.events.index(i, 1).data() for i in range(dialog.events.rowCount())]
        assert states[-1] == "picked up" and "stored" in states
        phone_column = [dialog.parcels.index(i, 4).data() for i in range(dialog.parcels.rowCount())]
        assert all("****" in phone for phone in phone_column if phone)  # masked on screen
        dialog.reject()
    finally:
        close_window(qtbot, window)


def test_parcel_settings_tab_refuses_t2_not_after_t1(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    window = make_window(qtbot, desk, tmp_path)
    try:
        log_in(qtbot, window, "admin", "9999")
        dialog = window.open_settings()
        dialog.t1_spin.setValue(48)
        dialog.t2_spin.setValue(48)
        dialog.accept()
        assert dialog.isVisible()
        assert dialog.parcels_error.text() == "T2 (recall) must be longer than T1 (overdue reminder)."
        assert dialog.tabs.currentWidget() is dialog.t1_spin.parentWidget()
        dialog.t2_spin.setValue(96)
        dialog.quiet_from_edit.setTime(QTime(22, 30))
        dialog.accept()
        assert not dialog.isVisible()
        assert (window.settings.parcels.t1_h, window.settings.parcels.t2_h) == (48, 96)
        assert window.settings.parcels.quiet_from == "22:30"
    finally:
        close_window(qtbot, window)


def test_lists_flagged_recipient_and_recall_to_the_courier(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    flagged = desk.parcels.ingest_announcement({
        "courier_code": "ZTO", "tracking_no": "ZT4400112233", "building": "99", "unit": "0101",
        "recipient_name": "无此人", "recipient_phone": "13900001111", "size": "S", "manifest_id": "M-7"})
    assert flagged.flag == "unknown_recipient"
    recalled = desk.parcels.search("", states=[ParcelState.RECALL_REQUESTED])[0]
    assert recalled.board is not None and recalled.lock is not None
    resident = _resident_without_parcels(desk)
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        sim = _sim(window)
        # Find: a scanned tracking number across all states, and the age filter.
        page.tabs.setCurrentWidget(page.find)
        page.find.state_combo.setCurrentIndex(page.find.state_combo.count() - 1)  # all states
        assert window.route_scan("ZT4400112233")
        wait_idle(qtbot, window)
        assert page.tabs.currentWidget() is page.find
        assert [p.id for p in page.find.list.model.rows] == [flagged.id]
        assert "recipient unknown" in page.find.list.model.index(0, 6).data()
        page.find.search_edit.clear()
        page.find.state_combo.setCurrentIndex(0)  # waiting in a locker
        page.find.age_combo.setCurrentIndex(2)  # older than T1 (24 h)
        page.find.refresh()
        wait_idle(qtbot, window)
        assert page.find.list.model.rows and all(p.age_h >= 24 for p in page.find.list.model.rows)

        # Needs attention: the flagged parcel gets its resident, by a person, never by a guess.
        page.tabs.setCurrentWidget(page.attention)
        wait_idle(qtbot, window)
        assert [p.id for p in page.attention.flagged.model.rows] == [flagged.id]
        assert page.attention.overdue.model.rows
        assert all(p.state is ParcelState.OVERDUE for p in page.attention.overdue.model.rows)
        page.attention.ask_recipient = lambda _parcel: resident.id
        page.attention.flagged.table.selectRow(0)
        qtbot.mouseClick(page.attention.choose_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        assert page.attention.message.text().startswith(f"ZT4400112233 now belongs to {resident.name}")
        assert page.attention.flagged.model.rows == []
        assigned = desk.parcels.get(flagged.id)
        assert assigned.resident_id == resident.id and assigned.flag == ""

        # Recall: the courier comes; the door opens for them; closed again, the parcel is returned.
        page.tabs.setCurrentWidget(page.recall)
        wait_idle(qtbot, window)
        assert [p.id for p in page.recall.list.model.rows] == [recalled.id]
        asked: list[str] = []
        page.recall.confirm = lambda question: asked.append(question) is None
        page.recall.list.table.selectRow(0)
        qtbot.mouseClick(page.recall.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.recall.open_button, Qt.MouseButton.LeftButton)
        assert len(asked) == 1 and recalled.tracking_no in asked[0]
        assert page.diagram.highlighted == recalled.slot_id
        _wait_open(qtbot, sim, recalled.board, recalled.lock)
        sim.person_closes(recalled.board, recalled.lock)
        qtbot.waitUntil(lambda: "returned to the courier" in page.recall.message.text(), timeout=DOOR_TIMEOUT_MS)
        wait_idle(qtbot, window)
        assert desk.parcels.get(recalled.id).state is ParcelState.RETURNED
        assert page.recall.list.model.rows == []
        assert len(sim.received(RequestKind.OPEN, recalled.board, recalled.lock)) == 1


def test_logout_while_waiting_for_the_door_stores_nothing(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    resident = _resident_without_parcels(desk)
    with parcels_page(qtbot, desk, tmp_path) as (window, page):
        sim = _sim(window)
        _register(qtbot, window, page, "SF3300220011", resident)
        choice = page.intake.flow.choice
        assert choice is not None
        page.intake.open_door()
        _wait_open(qtbot, sim, choice.board, choice.lock)
        flow = page.intake.flow
        window.logout()  # asks first: a door is open
        assert window.operator is not None and "door" in window.logout_box.text()
        leave = next(b for b in window.logout_box.buttons() if b.text() == "Stop waiting and log out")
        qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)  # the page goes while its worker still waits
        qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=DOOR_TIMEOUT_MS)
        assert flow.closed
        sim.person_closes(choice.board, choice.lock)
        qtbot.wait(200)
        assert desk.parcels.search("SF3300220011")[0].state is ParcelState.ANNOUNCED
        slot = next(s for b in desk.parcels.layout() for s in b.slots if s.id == choice.slot_id)
        assert slot.parcel_id is None and not slot.out_of_service
