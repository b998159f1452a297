from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.crash import CrashHandler
from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog
from services.core.logs import setup_logging
from services.core.settings import Settings, load_settings
from tests.gui.helpers import log_in


@pytest.fixture
def crash(tmp_path: Path):  # type: ignore[no-untyped-def]
    log_file = tmp_path / "logs" / "counterdesk.log"
    setup_logging(log_file)
    handler = CrashHandler(log_file)
    old = sys.excepthook
    handler.install()
    yield handler
    sys.excepthook = old
    if handler.box is not None:
        handler.box.close()
    for h in list(logging.getLogger().handlers):
        if getattr(h, "_counterdesk", False):
            logging.getLogger().removeHandler(h)
            h.close()


def test_uncaught_error_is_logged_shown_and_the_app_goes_on(qtbot: QtBot, crash: CrashHandler) -> None:
    def broken() -> None:
        raise ZeroDivisionError("the till divided by zero")

    try:
        broken()
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())  # what Qt does with an exception escaping a slot
    assert crash.box is not None and crash.box.isVisible()
    assert "the till divided by zero" in crash.box.text()
    assert "keeps running" in crash.box.text()
    log_text = crash.log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError: the till divided by zero" in log_text and "Traceback" in log_text
    # A second error while the first dialog is open is logged, not stacked.
    try:
        raise KeyError("second")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert len(crash.shown) == 2 and "KeyError" in crash.log_file.read_text(encoding="utf-8")
    assert QApplication.instance() is not None


def test_settings_are_saved_and_applied(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    log_in(qtbot, window, "admin", "9999")
    dialog = window.open_settings()
    dialog.gap_spin.setValue(25)
    dialog.wedge_check.setChecked(False)
    dialog.accept()
    saved = load_settings(window.settings_file)
    assert saved.scanner.wedge_max_gap_ms == 25 and not saved.scanner.wedge_enabled
    assert not window.devices.scan_filter.is_enabled()
    assert window.devices.scan_filter.config.max_gap_ms == 25
    assert "Scanner: off" in window.status.devices_label.text()


def test_bad_board_addresses_are_refused(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.lock_boards_edit.setText("1, 1, x")
    dialog.accept()
    assert "distinct numbers" in dialog.lock_error.text()
    assert dialog.result_settings.lock_board.board_addresses == [1, 2]  # nothing half-applied
