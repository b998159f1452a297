"""Building a logged-in main window for GUI tests."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.common.tasks import TaskRunner
from gui.device_hub import DeviceHub
from gui.main_window import MainWindow
from services.core.settings import Settings
from services.desk import Desk


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=timeout)


def make_window(
    qtbot: QtBot, desk: Desk, tmp_path: Path, language: str = "en", settings: Settings | None = None
) -> MainWindow:
    """A window with a device hub whose lock board is not started (tests start it when they need it)."""
    tasks = TaskRunner()
    settings = settings or Settings()
    devices = DeviceHub(settings, tasks, tmp_path / "data")
    window = MainWindow(settings, tmp_path / "settings.json", tasks, language, devices)
    window.show()
    window.attach_desk(desk, demo_hint=True)
    wait_idle(qtbot, window)
    return window


def log_in(qtbot: QtBot, window: MainWindow, login: str, pin: str) -> None:
    dialog = window.login_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.select_operator({"cashier": "王芳", "desk": "李强", "admin": "张伟"}[login])
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.keyClick(dialog.pin_edit, "\r")
    wait_idle(qtbot, window)
    if window.operator is not None:
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def close_window(qtbot: QtBot, window: MainWindow) -> None:
    """Stop the window's pages, devices and workers; the tests own the window (no qtbot.addWidget),
    so nothing deletes it while its background work is still finishing."""
    wait_idle(qtbot, window, timeout=10000)
    window.close()
    window.devices.stop()
    window.tasks.shutdown()
    window.deleteLater()
