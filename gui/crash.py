"""Uncaught exceptions are logged and shown; the desk keeps running."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("counterdesk.crash")


class CrashHandler:
    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.box: QMessageBox | None = None
        self.shown: list[str] = []  # what was shown, for tests and the smoke mode

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        qInstallMessageHandler(self._qt_message)

    def _excepthook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        self.shown.append(f"{kind.__name__}: {exc}")
        app = QApplication.instance()
        if app is None or (self.box is not None and self.box.isVisible()):
            return  # one dialog at a time; further errors are in the log
        box = QMessageBox(QMessageBox.Icon.Critical, app.translate("Crash", "Unexpected error"), "")
        box.setText(
            app.translate("Crash", "Something went wrong: {error}\n\nCounterDesk keeps running; "
                          "nothing already saved is lost. Details were written to {log}.").format(
                error=f"{kind.__name__}: {exc}", log=self.log_file)
        )
        box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
        # open(), not exec(): no nested event loop inside whatever callback failed.
        box.open()
        self.box = box

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        log.error("uncaught exception in thread %s", args.thread.name if args.thread else "?",
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    @staticmethod
    def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" in message:
            return  # the offscreen platform's harmless complaint, logged on every window
        level = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
        }.get(mode, logging.ERROR)
        logging.getLogger("qt").log(level, "%s", message)
