"""``--smoke-test``: open every page of every role offscreen, render it, and report.

Exit code 0 when everything rendered and no error reached the crash handler;
otherwise non-zero with the reason on stderr.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from services.demo_data import DEMO_OPERATORS

from gui.crash import CrashHandler
from gui.main_window import MainWindow

if TYPE_CHECKING:
    from services.desk import Desk

TIMEOUT_MS = 120_000


class SmokeRun:
    def __init__(self, app: QApplication, window: MainWindow, crash: CrashHandler, shots: Path | None) -> None:
        self.app = app
        self.window = window
        self.crash = crash
        self.shots = shots
        self.rendered: list[str] = []
        QTimer.singleShot(TIMEOUT_MS, lambda: self.fail("timed out waiting for the desk"))

    def fail(self, reason: str) -> None:
        print(f"smoke test FAILED: {reason}", file=sys.stderr)
        self.app.exit(1)

    def _settle(self) -> None:
        """Let the page's background loads finish so the render shows real content."""
        deadline = time.monotonic() + 10
        self.app.processEvents()
        while self.window.tasks.pending and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        self.app.processEvents()

    def _grab(self, widget: QWidget, name: str) -> None:
        pixmap = widget.grab()
        if pixmap.isNull() or pixmap.width() < 50:
            raise RuntimeError(f"{name} rendered nothing")
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            pixmap.save(str(self.shots / f"{name}.png"))
        self.rendered.append(name)

    def desk_ready(self, desk: Desk) -> None:
        try:
            dialog = self.window.login_dialog
            if dialog is None:
                raise RuntimeError("no login dialog after the database opened")
            self._settle()
            self._grab(dialog, "login")
            dialog.close()
            for login, _name, role, pin in DEMO_OPERATORS:
                op = next(o for o in desk.auth.operators() if o.login == login)
                self.window.set_operator(desk.auth.login(op.id, pin))
                self._render_pages(role.value)
            settings = self.window.open_settings()
            for i in range(settings.tabs.count()):
                settings.tabs.setCurrentIndex(i)
                self._grab(settings, f"settings-{i}")
            settings.reject()
        except Exception as exc:  # the smoke test reports any failure as its result
            self.fail(f"{type(exc).__name__}: {exc}")
            return
        if self.crash.shown:
            self.fail("errors were shown: " + "; ".join(self.crash.shown))
            return
        print("smoke test OK: rendered " + ", ".join(self.rendered))
        self.app.exit(0)

    def _render_pages(self, role: str) -> None:
        if not self.window.pages:
            raise RuntimeError(f"role {role} has no pages")
        for row in range(len(self.window.pages)):
            self.window.nav.setCurrentRow(row)
            self._settle()
            self._grab(self.window, f"{role}-{type(self.window.pages[row]).__name__}")

