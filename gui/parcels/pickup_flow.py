"""Handing a resident their parcels: open every door, each door-closed report completes its parcel.

Reusable from any page (the Parcels page's pickup panel, the face pickup check)::

    flow = PickupFlow(ctx.desk, ctx.tasks, ctx.devices, ctx.operator.id, parent=self)
    flow.progress.connect(on_progress)      # (parcel_id, status) live, per door
    flow.finished.connect(on_finished)      # PickupResult: picked up + failed per door
    flow.failed.connect(on_failed)          # (message) nothing could be started
    flow.release_for_resident(resident_id, via="face")   # or flow.release(parcels, via="code")

``locker_ops.release_parcels`` runs on an I/O worker (it blocks on the board); its
``on_progress`` callback arrives on that worker and is forwarded to the GUI thread
through a queued signal. Only one release runs at a time per flow: a second call while
one is running returns False and opens nothing.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from gui.common.messages import failure_text
from gui.parcels.door_flow import DoorFlow, no_board_text
from services.parcels.records import IN_LOCKER_STATES, ParcelInfo, ParcelState

if TYPE_CHECKING:
    from collections.abc import Sequence

    from gui.common.tasks import TaskRunner
    from gui.device_hub import DeviceHub
    from services.desk import Desk

VIAS = ("code", "staff", "face", "resident_code")


@dataclass(frozen=True)
class PickupResult:
    """What a release ended with: the parcels now picked up, and the ones still in their slot."""

    requested: tuple[ParcelInfo, ...]
    picked_up: tuple[ParcelInfo, ...]
    left: tuple[ParcelInfo, ...] = field(default_factory=tuple)
    # parcel id -> the last progress status the board flow reported for it ("jammed", ...)
    statuses: dict[int, str] = field(default_factory=dict)


def progress_text(status: str) -> str:
    """A door's progress from ``locker_ops.release_parcels`` ("opened", "picked_up", "failed:<code>") in words."""
    if status == "opened":
        return QCoreApplication.translate("PickupFlow", "open: take the parcel and close the door")
    if status == "picked_up":
        return QCoreApplication.translate("PickupFlow", "picked up")
    if status == "waiting":
        return QCoreApplication.translate("PickupFlow", "waiting")
    reason = status.removeprefix("failed:")
    texts = {
        "lock_jammed": QCoreApplication.translate("PickupFlow", "did not open: the lock is jammed"),
        "lock_no_answer": QCoreApplication.translate("PickupFlow", "did not open: the board does not answer"),
        "door_not_closed": QCoreApplication.translate("PickupFlow", "the door was not closed in time"),
        "parcel_wrong_state": QCoreApplication.translate("PickupFlow", "no longer waiting in this locker"),
    }
    return texts.get(reason, QCoreApplication.translate("PickupFlow", "failed: the parcel stays in its slot"))


class PickupFlow(DoorFlow):
    progress = Signal(int, str)  # parcel id, status from locker_ops (see progress_text)
    finished = Signal(object)  # PickupResult
    failed = Signal(str)  # nothing was opened: why
    _worker_progress = Signal(int, str)

    def __init__(
        self, desk: Desk, tasks: TaskRunner, devices: DeviceHub, operator_id: int, parent: QObject | None = None
    ) -> None:
        super().__init__(desk, tasks, devices, operator_id, parent)
        self.busy = False
        self.statuses: dict[int, str] = {}
        self._requested: tuple[ParcelInfo, ...] = ()
        self._cancel: threading.Event | None = None
        self._worker_progress.connect(self._on_progress)

    def release_for_resident(self, resident_id: int, via: str = "face") -> bool:
        """Look up the resident's waiting parcels, then release them all. False if busy."""
        if self.busy:
            return False
        self.busy = True
        self.tasks.db(
            functools.partial(self.desk.parcels.for_resident, live_only=True),
            resident_id,
            owner=self, done=lambda parcels: self._loaded(parcels, via),
            failed=self._fail_exc,
        )
        return True

    def _loaded(self, parcels: list[ParcelInfo], via: str) -> None:
        self.busy = False
        if self.closed:
            return
        if not parcels:
            self.failed.emit(QCoreApplication.translate("PickupFlow", "This resident has no parcel waiting."))
            return
        self.release(parcels, via)

    def release(self, parcels: Sequence[ParcelInfo], via: str) -> bool:
        """Open the doors of ``parcels`` (each stored in a slot) for pickup ``via`` code/staff/face/resident_code."""
        if self.busy:
            return False
        if via not in VIAS:
            raise ValueError(f"unknown pickup channel {via!r}")
        waiting = tuple(p for p in parcels if p.slot_id is not None and p.state in IN_LOCKER_STATES)
        if not waiting:
            self.failed.emit(QCoreApplication.translate("PickupFlow", "None of these parcels is waiting in a locker."))
            return False
        board = self.devices.lock_board
        if board is None:
            self.failed.emit(no_board_text())
            return False
        from services.lockers import doors as locker_ops

        self.busy = True
        self._requested = waiting
        self.statuses = {}
        self._cancel = threading.Event()
        self.tasks.io(
            functools.partial(
                locker_ops.release_parcels,
                via=via,
                operator_id=self.operator_id,
                close_timeout_s=self.close_timeout_s,
                on_progress=self._worker_progress.emit,  # worker thread -> queued to the GUI thread
                cancel=self._cancel,
            ),
            board,
            self.desk.parcels,
            [p.id for p in waiting],
            owner=self, done=self._released,
            failed=self._fail_exc,
        )
        return True

    def cancel(self) -> None:
        """Stop waiting for the open doors (the page is closing): their parcels stay where they are."""
        if self._cancel is not None:
            self._cancel.set()

    @Slot(int, str)
    def _on_progress(self, parcel_id: int, status: str) -> None:
        if self.closed:
            return
        self.statuses[parcel_id] = status
        self.progress.emit(parcel_id, status)

    def _released(self, done: list[ParcelInfo]) -> None:
        self.busy = False
        if self.closed:
            return
        picked = tuple(p for p in done if p.state is ParcelState.PICKED_UP)
        picked_ids = {p.id for p in picked}
        left = tuple(p for p in self._requested if p.id not in picked_ids)
        self.finished.emit(PickupResult(self._requested, picked, left, dict(self.statuses)))

    def _fail_exc(self, exc: BaseException) -> None:
        self.busy = False
        if self.closed:
            return
        self.failed.emit(failure_text(exc))

