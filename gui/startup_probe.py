"""Run something once the main window has been painted for the first time.

main.py starts the database (SQLAlchemy, Alembic: seconds of imports on a worker that
still competes for the GIL) only after the first paint, so the desk appears at once.
bench/startup.py uses the same hook to measure time to the first paint.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self.callback = callback
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)  # after this paint has been delivered
        return False


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    window.installEventFilter(_FirstPaint(window, callback))


def exit_after_first_paint(window: QWidget, start: float) -> None:
    def report() -> None:
        print(f"first-paint-ms {1000 * (time.perf_counter() - start):.1f}", flush=True)
        QApplication.exit(0)

    after_first_paint(window, report)
