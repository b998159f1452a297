"""What the store and pickup flows share: the desk, the workers, the lock board and the operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

if TYPE_CHECKING:
    from gui.common.tasks import TaskRunner
    from gui.device_hub import DeviceHub
    from services.desk import Desk

CLOSE_TIMEOUT_S = 120.0  # how long a door may stand open before the flow gives up on it


def no_board_text() -> str:
    return QCoreApplication.translate(
        "ParcelFlows", "The lock board is not connected, so no door can be opened. Check it on the Lockers page.")


class DoorFlow(QObject):
    """Base of a flow that opens doors on a worker and reports back on the GUI thread."""

    def __init__(
        self, desk: Desk, tasks: TaskRunner, devices: DeviceHub, operator_id: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.tasks = tasks
        self.devices = devices
        self.operator_id = operator_id
        self.close_timeout_s = CLOSE_TIMEOUT_S
        # After shutdown(): late answers are dropped. Not only a task guard: shutdown() cancels a door wait
        # while the page still exists (it is deleted later), and the cancellation report and the worker's
        # progress signals that follow must not reach it.
        self.closed = False

    def shutdown(self) -> None:
        """The page is going: stop any door wait (nothing is marked done) and ignore what comes back."""
        self.cancel()
        self.closed = True

    def cancel(self) -> None:
        raise NotImplementedError
