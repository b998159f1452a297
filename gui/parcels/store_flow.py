"""Storing one registered parcel: choose a slot, open its door, wait for it to close, get the code.

The flow is a small state machine on the GUI thread; every slow step runs on a worker
(``choose_slot`` on the database worker, ``locker_ops.store_parcel`` — open, wait for the
door-closed report, mark stored — on the I/O pool, because it blocks on the board). Each
step is allowed only from the state before it, so a double click or a second Enter never
opens a second door. A failed door (jammed lock, no answer, door not closed) leaves the
parcel registered but not stored, and ``try_another`` offers the next slot, never the failed one.
"""

from __future__ import annotations

import enum
import functools
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.common.messages import failure_text
from gui.parcels.door_flow import DoorFlow, no_board_text
from services.core.errors import DeskError, ErrorCode
from services.parcels.records import ParcelInfo, SlotChoice, StoredParcel

if TYPE_CHECKING:
    from gui.common.tasks import TaskRunner
    from gui.device_hub import DeviceHub
    from services.desk import Desk

# Failures after which another slot makes sense (the door, not the parcel, was the problem).
SLOT_FAULTS = frozenset(
    {ErrorCode.LOCK_JAMMED, ErrorCode.LOCK_NO_ANSWER, ErrorCode.DOOR_NOT_CLOSED, ErrorCode.SLOT_TAKEN}
)


class StoreState(enum.Enum):
    IDLE = "idle"
    CHOOSING = "choosing"
    OFFERED = "offered"
    STORING = "storing"
    STORED = "stored"
    FAILED = "failed"
    CANCELLED = "cancelled"


class StoreFlow(DoorFlow):
    """Signals: ``offered(SlotChoice)``, ``opening(SlotChoice)``, ``stored(StoredParcel)``,
    ``failed(str message, bool another_slot_possible)``, ``cancelled()``."""

    offered = Signal(object)
    opening = Signal(object)
    stored = Signal(object)
    failed = Signal(str, bool)
    cancelled = Signal()

    def __init__(
        self, desk: Desk, tasks: TaskRunner, devices: DeviceHub, operator_id: int, parent: QObject | None = None
    ) -> None:
        super().__init__(desk, tasks, devices, operator_id, parent)
        self.state = StoreState.IDLE
        self.parcel: ParcelInfo | None = None
        self.choice: SlotChoice | None = None
        self.excluded: list[int] = []
        self._cancel: threading.Event | None = None

    @property
    def busy(self) -> bool:
        return self.state in (StoreState.CHOOSING, StoreState.STORING)

    def start(self, parcel: ParcelInfo) -> bool:
        """Offer the best slot for ``parcel`` (already registered). False while a door is in use."""
        if self.state is StoreState.STORING:
            return False
        self.parcel, self.choice, self.excluded = parcel, None, []
        self._choose()
        return True

    def try_another(self) -> bool:
        """After a failed door: offer the next slot, excluding every one that failed."""
        if self.state is not StoreState.FAILED or self.parcel is None:
            return False
        self._choose()
        return True

    def _choose(self) -> None:
        assert self.parcel is not None
        self.state = StoreState.CHOOSING
        # key: a new parcel's choice supersedes the old one's; cancel() drops it too
        self.tasks.db(
            functools.partial(self.desk.parcels.choose_slot, exclude_slot_ids=tuple(self.excluded)),
            self.parcel.id,
            owner=self, key="choose", done=self._offered,
            failed=lambda exc: self._failed(exc, False),
        )

    def _offered(self, choice: SlotChoice) -> None:
        if self.closed or self.state is not StoreState.CHOOSING:
            return
        self.choice = choice
        self.state = StoreState.OFFERED
        self.offered.emit(choice)

    def open_door(self) -> bool:
        """Open the offered door and wait (on a worker) for it to close. At most one at a time."""
        if self.state is not StoreState.OFFERED or self.parcel is None or self.choice is None:
            return False
        board = self.devices.lock_board
        if board is None:
            self.state = StoreState.FAILED
            self.failed.emit(no_board_text(), False)
            return False
        from services.lockers import doors as locker_ops

        self.state = StoreState.STORING
        self._cancel = threading.Event()
        choice = self.choice
        self.opening.emit(choice)
        self.tasks.io(
            functools.partial(
                locker_ops.store_parcel,
                operator_id=self.operator_id,
                close_timeout_s=self.close_timeout_s,
                cancel=self._cancel,
            ),
            board,
            self.desk.parcels,
            self.parcel.id,
            choice,
            # No new parcel can start while a door is in use (start() refuses), so no key is needed.
            owner=self, done=self._stored,
            failed=lambda exc: self._store_failed(choice, exc),
        )
        return True

    def _stored(self, result: StoredParcel) -> None:
        if self.closed:
            return
        self.state = StoreState.STORED
        self.stored.emit(result)

    def _store_failed(self, choice: SlotChoice, exc: BaseException) -> None:
        if self.closed:
            return
        if self._cancel is not None and self._cancel.is_set():
            self.state = StoreState.CANCELLED
            self.cancelled.emit()
            return
        another = isinstance(exc, DeskError) and exc.code in SLOT_FAULTS
        if another or not isinstance(exc, DeskError):
            self.excluded.append(choice.slot_id)  # never offer a door that just failed
        self._failed(exc, another, choice)

    def _failed(self, exc: BaseException, another: bool, choice: SlotChoice | None = None) -> None:
        if self.closed:
            return
        self.state = StoreState.FAILED
        board, lock = (choice.board, choice.lock) if choice is not None else (None, None)
        self.failed.emit(failure_text(exc, board, lock), another)

    def cancel(self) -> None:
        """Stop waiting for the door (nothing is marked stored), or drop the offer."""
        if self.state in (StoreState.IDLE, StoreState.STORED, StoreState.CANCELLED):
            return
        if self.state is StoreState.STORING and self._cancel is not None:
            self._cancel.set()  # the worker stops waiting and reports back
            return
        self.tasks.drop_pending(self, "choose")
        self.state = StoreState.CANCELLED
        self.cancelled.emit()
