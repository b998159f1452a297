"""Doors and parcels together: store, release, reconcile. Blocking; run on a worker thread.

Nothing is marked stored, picked up or returned that the board did not confirm:
storing needs the OPEN confirmed *and* the door reported closed again; a door that
does not open takes its slot out of service (so ``choose_slot`` offers another) and
raises a DeskError naming the door.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from devices.lockboard.api import LockBoard, OpenResult
from devices.lockboard.errors import (
    DoorLeftOpen,
    LockBoardError,
    LockJammed,
    OpenOutcomeUnknown,
    SensorSuspect,
    WaitCancelled,
)
from services.core.errors import DeskError, ErrorCode
from services.core.records import OperatorInfo
from services.parcels.desk import ParcelService
from services.parcels.records import IN_LOCKER_STATES, ParcelInfo, SlotChoice, StoredParcel

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
HOLD_MARGIN_S = 60.0  # a door stays held this long past the close timeout (the parcel may be inside)


def _where(bank: str | None, slot_no: int | None, board: int, lock: int,
           bank_code: str | None = None) -> dict[str, object]:
    """The door in an error's params: bank name and code (the desk names a slot "A-03"), slot, board door."""
    return {"bank": bank or "", "bank_code": bank_code or "", "slot_no": slot_no, "board": board, "lock": lock}


def _open(board: LockBoard, parcels: ParcelService, slot_id: int, where: dict[str, object],
          operator_id: int | None) -> None:
    """OPEN one door; a door that did not (or may not have) opened leaves service, with a DeskError."""
    b, lk = int(str(where["board"])), int(str(where["lock"]))
    try:
        board.open(b, lk)
    except (LockJammed, SensorSuspect) as exc:
        parcels.mark_slot_out_of_service(slot_id, f"jammed: {exc}"[:120], operator_id=operator_id)
        raise DeskError(ErrorCode.LOCK_JAMMED, **where) from exc
    except OpenOutcomeUnknown as exc:
        parcels.mark_slot_out_of_service(slot_id, f"open not confirmed, check the door: {exc}"[:120],
                                         operator_id=operator_id)
        raise DeskError(ErrorCode.LOCK_NO_ANSWER, detail=str(exc), **where) from exc
    except LockBoardError as exc:  # port gone, board silent, cooldown: nothing was fired
        raise DeskError(ErrorCode.LOCK_NO_ANSWER, detail=str(exc), **where) from exc


def _wait(board: LockBoard, where: dict[str, object], timeout_s: float, cancel: threading.Event | None) -> None:
    b, lk = int(str(where["board"])), int(str(where["lock"]))
    try:
        board.wait_closed(b, lk, timeout_s, poll_s=min(1.0, max(0.05, timeout_s / 20)), cancel=cancel)
    except DoorLeftOpen as exc:
        raise DeskError(ErrorCode.DOOR_NOT_CLOSED, waited_s=round(exc.open_for_s, 1), **where) from exc
    except WaitCancelled as exc:
        raise DeskError(ErrorCode.DOOR_NOT_CLOSED, waited_s=None, cancelled=True, **where) from exc
    except LockBoardError as exc:
        raise DeskError(ErrorCode.LOCK_NO_ANSWER, detail=str(exc), **where) from exc


def open_by_hand(board: LockBoard, parcels: ParcelService, board_no: int, lock: int, *,
                 operator: OperatorInfo) -> OpenResult:
    """An administrator opens one door from the Lockers page. Only administrators may; every attempt,
    opened or failed, goes into the audit log with who asked. The board's error is raised unchanged
    so the desk can name the door and the way it failed."""
    if operator.role != "admin":
        raise DeskError(ErrorCode.NOT_ALLOWED, action="open_door", board=board_no, lock=lock)
    try:
        result = board.open(board_no, lock)
    except LockBoardError as exc:
        parcels.record_door_opened_by_hand(board_no, lock, operator_id=operator.id,
                                           outcome=f"failed: {type(exc).__name__}: {exc}")
        raise
    parcels.record_door_opened_by_hand(board_no, lock, operator_id=operator.id, outcome="opened")
    return result


def store_parcel(board: LockBoard, parcels: ParcelService, parcel_id: int, choice: SlotChoice, *,
                 operator_id: int | None, close_timeout_s: float = 120, cancel: threading.Event | None = None
                 ) -> StoredParcel:
    """Open the chosen door, wait until it is closed again, then mark the parcel stored.

    LOCK_JAMMED / LOCK_NO_ANSWER: the door did not open (a jammed slot leaves service;
    call ``choose_slot`` again). DOOR_NOT_CLOSED: the door is still open after
    ``close_timeout_s``; the parcel is not stored — close the door and store again.
    """
    where = _where(choice.bank_name, choice.slot_no, choice.board, choice.lock, choice.bank_code)
    # Held first: a second desk offered the same door gets SLOT_TAKEN before anything opens.
    parcels.hold_slot(choice.slot_id, parcel_id, seconds=close_timeout_s + HOLD_MARGIN_S)
    try:
        _open(board, parcels, choice.slot_id, where, operator_id)
    except DeskError:
        parcels.release_slot_hold(choice.slot_id, parcel_id)
        raise
    _wait(board, where, close_timeout_s, cancel)  # DOOR_NOT_CLOSED: the hold stays until it runs out
    return parcels.mark_stored(parcel_id, choice.slot_id, operator_id=operator_id)


def release_parcels(board: LockBoard, parcels: ParcelService, parcel_ids: Sequence[int], *, via: str,
                    operator_id: int | None, close_timeout_s: float = 120,
                    on_progress: Progress | None = None, cancel: threading.Event | None = None) -> list[ParcelInfo]:
    """Open the doors of these parcels (a resident collecting); each door closed again completes its parcel.

    ``on_progress(parcel_id, what)``: "opened", "picked_up", or "failed:<error code>".
    A door that does not open, or is not closed in time, is reported and its parcel stays
    in the locker. Returns the parcels completed.
    """
    def report(pid: int, what: str) -> None:
        if on_progress is not None:
            on_progress(pid, what)

    opened: list[tuple[ParcelInfo, dict[str, object]]] = []
    for pid in parcel_ids:
        info = parcels.get(pid)
        if info.state not in IN_LOCKER_STATES or info.slot_id is None or info.board is None or info.lock is None:
            report(pid, f"failed:{ErrorCode.PARCEL_WRONG_STATE.value}")
            continue
        where = _where(info.bank_name, info.slot_no, info.board, info.lock, info.bank_code)
        try:
            _open(board, parcels, info.slot_id, where, operator_id)
        except DeskError as exc:
            log.warning("parcel %s: door did not open: %s", pid, exc)
            report(pid, f"failed:{exc.code.value}")
            continue
        opened.append((info, where))
        report(pid, "opened")
    deadline = time.monotonic() + close_timeout_s
    done: list[ParcelInfo] = []
    for info, where in opened:
        try:
            _wait(board, where, max(0.1, deadline - time.monotonic()), cancel)
            done.append(parcels.mark_picked_up(info.id, via=via, operator_id=operator_id))
            report(info.id, "picked_up")
        except DeskError as exc:
            log.warning("parcel %s: not completed: %s", info.id, exc)
            report(info.id, f"failed:{exc.code.value}")
    return done


def release_to_courier(board: LockBoard, parcels: ParcelService, parcel_id: int, *, operator_id: int | None,
                       close_timeout_s: float = 120, cancel: threading.Event | None = None) -> ParcelInfo:
    """Open a recalled parcel's door for its courier; door closed again: the parcel is returned."""
    info = parcels.get(parcel_id)
    if info.slot_id is None or info.board is None or info.lock is None or info.state.value != "recall_requested":
        raise DeskError(ErrorCode.PARCEL_WRONG_STATE, parcel_id=parcel_id, tracking_no=info.tracking_no,
                        state=info.state.value, wanted=("recall_requested",))
    where = _where(info.bank_name, info.slot_no, info.board, info.lock, info.bank_code)
    _open(board, parcels, info.slot_id, where, operator_id)
    _wait(board, where, close_timeout_s, cancel)
    return parcels.mark_returned(parcel_id, operator_id=operator_id)


def reconcile(board: LockBoard, parcels: ParcelService) -> list[str]:
    """After a restart or power loss: compare the records with every board's QUERY_ALL.

    One line per mismatch, naming bank, door, board and lock:
    ``open_with_parcel`` (a parcel's door stands open: forced, or the app died mid-store),
    ``open_empty`` (an empty door is open), ``board_silent`` (no answer),
    ``out_of_service_closed`` (a slot out of service whose door now reads closed: check and
    return it to service). Nothing is changed; a person decides.
    """
    problems: list[str] = []
    banks = parcels.layout()
    boards = sorted({s.board for bank in banks for s in bank.slots})
    snapshots = {}
    for b in boards:
        try:
            snapshots[b] = board.query_all(b)
        except LockBoardError as exc:
            problems.append(f"board_silent board={b}: {exc}")
    for bank in banks:
        for s in bank.slots:
            snap = snapshots.get(s.board)
            if snap is None:
                continue
            closed = snap.is_closed(s.lock)
            where = f"bank={bank.code} door={s.no} board={s.board} lock={s.lock}"
            if not closed and s.parcel_id is not None:
                problems.append(f"open_with_parcel {where} parcel={s.parcel_tracking}")
            elif not closed:
                problems.append(f"open_empty {where}")
            elif s.out_of_service:
                problems.append(f"out_of_service_closed {where} reason={s.out_of_service_reason}")
    return problems
