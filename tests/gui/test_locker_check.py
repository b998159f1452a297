"""After a restart the desk compares its parcel records with the lock board and says what differs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from services.desk import Desk
from tests.gui.helpers import close_window, make_window, wait_idle


def test_a_door_found_open_on_a_stored_parcel_is_reported_and_nothing_changes(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    repaired = next(s for bank in desk.parcels.layout() for s in bank.slots if s.parcel_id is None)
    desk.parcels.mark_slot_out_of_service(repaired.id, "jammed: lock did not release", operator_id=None)
    window = make_window(qtbot, desk, tmp_path)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=10_000)
        slot = next(s for bank in desk.parcels.layout() for s in bank.slots if s.parcel_id is not None)
        before = desk.parcels.get(slot.parcel_id)
        sim = window.devices.lock_simulator
        assert sim is not None
        wait_idle(qtbot, window)
        # The check on opening the board: a closed out-of-service door is for the Lockers page, not a warning.
        assert not hasattr(window, "locker_check_box")
        sim.person_opens(slot.board, slot.lock)  # forced, or the app died while the door stood open

        window.check_lockers()
        qtbot.waitUntil(lambda: getattr(window, "locker_check_box", None) is not None, timeout=10_000)
        box: QMessageBox = window.locker_check_box
        assert box.isVisible() and not box.isModal()
        assert "open_with_parcel bank=" in box.detailedText()
        assert f"parcel={before.tracking_no}" in box.detailedText()
        assert desk.parcels.get(slot.parcel_id).state == before.state  # a person decides; nothing changed
    finally:
        close_window(qtbot, window)
