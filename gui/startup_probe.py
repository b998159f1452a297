"""For bench/startup.py: report when the main window has first been painted, then quit."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, start: float) -> None:
        super().__init__(window)
        self.start = start
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            # Report after this paint has been delivered, not before it.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"first-paint-ms {1000 * (time.perf_counter() - self.start):.1f}", flush=True)
        QApplication.exit(0)


def exit_after_first_paint(window: QWidget, start: float) -> None:
    probe = _FirstPaint(window, start)
    window.installEventFilter(probe)
