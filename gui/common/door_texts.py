"""How the desk names a door, and what it is told when a door does not open: one sentence per way it
can fail. Shared by the Lockers page (admin "Open door") and the parcel flows. The texts keep
the "LockersPage" translation context they were written under.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication


def door_name(board: int, lock: int) -> str:
    """How the desk names a door: board 1, lock 7 -> "1-07" (also on the cabinet labels)."""
    return f"{board}-{lock:02d}"


def open_error_text(board: int, lock: int, exc: BaseException) -> str:
    """What the desk is told when an open fails: one message per way it can fail."""
    from devices.lockboard import (
        BadChecksum,
        CooldownActive,
        DoorLeftOpen,
        GarbledReply,
        LockBoardError,
        LockJammed,
        MiswiredChannel,
        NoReply,
        OpenOutcomeUnknown,
        PortUnavailable,
        SensorSuspect,
        TruncatedReply,
        WrongAddressReply,
    )

    door = door_name(board, lock)
    if isinstance(exc, MiswiredChannel):
        return QCoreApplication.translate(
            "LockersPage",
            "Door {door} did not open, and door {other} opened instead: the wiring of board {board} "
            "is wrong. Close door {other} and do not use either locker until it is fixed."
        ).format(door=door, other=door_name(board, exc.opened_lock), board=board)
    if isinstance(exc, LockJammed):
        return QCoreApplication.translate(
            "LockersPage",
            "Door {door} did not open: the lock is jammed or the door is blocked. "
            "Try once more later, then call staff."
        ).format(door=door)
    if isinstance(exc, OpenOutcomeUnknown):
        return QCoreApplication.translate(
            "LockersPage",
            "Door {door} may be open: board {board} did not confirm it. Check the door before using the locker."
        ).format(door=door, board=board)
    if isinstance(exc, PortUnavailable):
        return QCoreApplication.translate(
            "LockersPage",
            "Door {door}: the port of the lock board is unavailable, so the door may or may not have opened. "
            "Check the door and the cable, then press Reconnect."
        ).format(door=door)
    if isinstance(exc, NoReply):
        return QCoreApplication.translate(
            "LockersPage",
            "Door {door}: board {board} does not answer. Check its power, cable and address switch."
        ).format(door=door, board=board)
    if isinstance(exc, CooldownActive):
        return QCoreApplication.translate("LockersPage", "Door {door} was fired moments ago; wait {seconds} s and try again.").format(
            door=door, seconds=math.ceil(exc.remaining_s)
        )
    if isinstance(exc, SensorSuspect):
        return QCoreApplication.translate(
            "LockersPage",
            "Door {door}: the door sensor gives impossible readings (wired the other way round?). "
            "Check the door and the sensor setting of board {board}."
        ).format(door=door, board=board)
    if isinstance(exc, DoorLeftOpen):
        return QCoreApplication.translate("LockersPage", "Door {door} is still open.").format(door=door)
    detail = {
        BadChecksum: QCoreApplication.translate("LockersPage", "a corrupted reply"),
        TruncatedReply: QCoreApplication.translate("LockersPage", "an incomplete reply"),
        GarbledReply: QCoreApplication.translate("LockersPage", "an unreadable reply"),
        WrongAddressReply: QCoreApplication.translate("LockersPage", "a reply from another board or lock"),
    }
    for kind, what in detail.items():
        if isinstance(exc, kind):
            return QCoreApplication.translate(
                "LockersPage",
                "Door {door}: communication error with board {board} ({what}). "
                "Check the cable and try again."
            ).format(door=door, board=board, what=what)
    if isinstance(exc, LockBoardError):
        return QCoreApplication.translate("LockersPage", "Door {door} could not be opened: {error}").format(door=door, error=exc)
    return QCoreApplication.translate("LockersPage", "Door {door}: unexpected error: {error}").format(door=door, error=exc)
