"""One sentence for whatever a parcel operation raised, named for the person at the desk."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton

from gui.common.door_texts import open_error_text
from gui.common.i18n import error_text
from gui.common.style import ERROR, OK, css
from services.core.errors import DeskError


def failure_text(exc: BaseException, board: int | None = None, lock: int | None = None) -> str:
    """DeskError -> its translated text; a lock-board error -> the door message; else the error itself."""
    if isinstance(exc, DeskError):
        return error_text(exc)
    from devices.lockboard import LockBoardError

    if isinstance(exc, LockBoardError):
        b = board if board is not None else getattr(exc, "board", None)
        lk = lock if lock is not None else getattr(exc, "lock", None)
        if isinstance(b, int) and isinstance(lk, int):
            return open_error_text(b, lk, exc)
        return QCoreApplication.translate("ParcelFlows", "The lock board reported a problem: {error}").format(error=exc)
    return QCoreApplication.translate("ParcelFlows", "Unexpected error: {error}").format(error=exc)


def say(label: QLabel, text: str, *, error: bool = False, ok: bool = False) -> None:
    """Show ``text`` on a panel's message line: red for a problem, green for done, plain otherwise."""
    label.setText(text)
    label.setStyleSheet(css(ERROR) if error else css(OK) if ok else "")


def enter_clicks(button: QPushButton) -> None:
    """Enter on a focused button presses it (outside a dialog Qt only takes Space)."""
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), button)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(button.click)
