"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a
threshold is crossed. If that is a worker and the garbage holds a QObject (a page
and the lambdas that capture it, say), the QObject is destroyed on the worker while
the GUI thread holds Qt's connection mutex: a deadlock (seen here, under the test
suite). So automatic collection is switched off and this timer collects on the GUI
thread, with the same generation thresholds the collector would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class MainThreadGC(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return
        if counts[1] > self.threshold[1]:
            gc.collect(2 if counts[2] > self.threshold[2] else 1)
        else:
            gc.collect(0)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
