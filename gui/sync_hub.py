"""Keeps the desk in sync with the server: on a worker every few seconds, state in the status bar.

The server itself (in-process on 127.0.0.1, or a remote URL) is chosen by main.py;
this hub only needs its address and a way to get an enrolment code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from gui.common.tasks import TaskRunner
from services.core.settings import Settings

if TYPE_CHECKING:
    from services.sync.client import SyncClient, SyncReport

log = logging.getLogger(__name__)

# Returns (base URL, a fresh one-time enrolment code or "") once the server is reachable.
ServerConnector = Callable[[], tuple[str, str]]
# Builds the desk's sync client for a server's base URL (``Desk.sync_client``); runs on a worker.
ClientFactory = Callable[[str], "SyncClient"]


class SyncHub(QObject):
    state_changed = Signal(str, bool)  # translated state, healthy

    def __init__(self, settings: Settings, tasks: TaskRunner, connect: ServerConnector,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = tasks
        self.connect_server = connect
        self.client: SyncClient | None = None
        self.last: SyncReport | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, settings.sync.interval_s) * 1000)
        self.timer.timeout.connect(self.sync_now)

    def start(self, make_client: ClientFactory) -> None:
        if self.settings.sync.mode == "off":
            self.state_changed.emit(QCoreApplication.translate("SyncHub", "off"), True)
            return
        self.state_changed.emit(QCoreApplication.translate("SyncHub", "connecting…"), True)
        self.tasks.io(self._connect, make_client, done=self._connected, failed=self._failed)

    def _connect(self, make_client: ClientFactory) -> SyncClient:
        """Worker: reach the server, enrol once (the token is kept in the desk's database)."""
        from services.sync.client import enrol

        base_url, code = self.connect_server()
        client = make_client(base_url)
        if not client.token():
            if not code:
                from services.sync.client import SyncError, SyncProblem

                raise SyncError(SyncProblem.NOT_ENROLLED, "no enrolment code")
            client.save_token(enrol(base_url, code, self.settings.store_code, "CounterDesk"))
        return client

    def _connected(self, client: SyncClient) -> None:
        self.client = client
        self.timer.start()
        self.sync_now()

    def sync_now(self) -> None:
        if self.client is None or self._busy:
            return  # one sync at a time; the next tick tries again
        self._busy = True
        self.tasks.io(self.client.sync, done=self._synced, failed=self._failed)

    def _synced(self, report: SyncReport) -> None:
        self._busy = False
        self.last = report
        if report.pending:
            self.state_changed.emit(QCoreApplication.translate("SyncHub", "{n} waiting").format(n=report.pending), True)
        else:
            self.state_changed.emit(QCoreApplication.translate("SyncHub", "up to date"), True)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        from services.sync.client import SyncError, SyncProblem

        if not isinstance(exc, SyncError):
            log.exception("sync failed", exc_info=exc)
            self.state_changed.emit(QCoreApplication.translate("SyncHub", "error (see the log)"), False)
            return
        texts = {
            SyncProblem.OFFLINE: QCoreApplication.translate("SyncHub", "offline — retrying"),
            SyncProblem.UNAUTHORIZED: QCoreApplication.translate("SyncHub", "not accepted by the server (enrol again)"),
            SyncProblem.REFUSED: QCoreApplication.translate("SyncHub", "refused by the server (see the log)"),
            SyncProblem.NOT_ENROLLED: QCoreApplication.translate("SyncHub", "not enrolled: enter an enrolment code in Settings"),
        }
        log.warning("sync: %s", exc)
        self.state_changed.emit(texts[exc.problem], exc.problem is SyncProblem.OFFLINE)

    def stop(self) -> None:
        self.timer.stop()
        if self.client is not None:
            self.client.close()
