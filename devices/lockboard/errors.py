"""Exceptions of the lock-board driver: one type per way an operation can fail.

Every exception carries ``board`` and ``lock`` (``None`` when not applicable) and a
message that names them, so a log line or a staff alert says *which* door. The
tree lets callers catch at the level they care about::

    LockBoardError
    ├── PortUnavailable          port missing, unplugged, vanished mid-exchange
    ├── CommunicationError       one exchange failed (queries are retried)
    │   ├── NoReply              silence until the timeout
    │   ├── BadChecksum          a frame arrived but its BCC was wrong
    │   ├── TruncatedReply       the start of a frame, then silence
    │   ├── GarbledReply         bytes, but nothing shaped like a frame
    │   └── WrongAddressReply    a valid frame naming another board/lock
    ├── OpenOutcomeUnknown       OPEN sent, no trustworthy answer: door may be open
    ├── LockJammed               the pulse fired but the lock reads closed
    │   └── MiswiredChannel      ... and another lock of the board opened instead
    ├── SensorSuspect            readings a pulse cannot produce (inverted sensor)
    ├── DoorLeftOpen             waited for "door closed", deadline passed
    ├── CooldownActive           same lock re-opened within the cooldown
    └── WaitCancelled            a wait was stopped by its cancel event
"""

from __future__ import annotations


def where(board: int | None, lock: int | None) -> str:
    if board is None:
        return "lock board"
    if lock is None or lock == 0:
        return f"board {board}"
    return f"board {board} lock {lock}"


class LockBoardError(Exception):
    def __init__(self, message: str, *, board: int | None = None, lock: int | None = None):
        super().__init__(message)
        self.board = board
        self.lock = lock


class PortUnavailable(LockBoardError):
    """The serial port cannot be opened or stopped working (EIO, unplugged, pty gone)."""


class CommunicationError(LockBoardError):
    """One request/reply exchange failed; ``attempts`` says how many were made."""

    def __init__(
        self, message: str, *, board: int | None = None, lock: int | None = None, attempts: int = 1
    ):
        super().__init__(message, board=board, lock=lock)
        self.attempts = attempts


class NoReply(CommunicationError):
    """Silence: board off, wrong DIP address, cable, or board busy."""


class BadChecksum(CommunicationError):
    """A frame-shaped reply with a wrong BCC (line noise, two boards on one address)."""


class TruncatedReply(CommunicationError):
    """A reply started but stopped short."""


class GarbledReply(CommunicationError):
    """Bytes that contain no frame at all (baud mismatch, A/B swapped, noise)."""


class WrongAddressReply(CommunicationError):
    """A valid reply naming another board or lock than the one asked."""

    def __init__(
        self,
        message: str,
        *,
        board: int | None = None,
        lock: int | None = None,
        attempts: int = 1,
        answered_board: int = 0,
        answered_lock: int = 0,
    ):
        super().__init__(message, board=board, lock=lock, attempts=attempts)
        self.answered_board = answered_board
        self.answered_lock = answered_lock


class OpenOutcomeUnknown(LockBoardError):
    """OPEN went out but neither its reply nor a follow-up QUERY came back.

    The door may be open. Never treat this as success or as failure: the parcel
    stays "in locker" and the slot needs a query (or a person) before reuse.
    """

    def __init__(self, message: str, *, board: int, lock: int, cause: LockBoardError):
        super().__init__(message, board=board, lock=lock)
        self.cause = cause


class LockJammed(LockBoardError):
    """The board fired the coil (twice if its first reply was lost) but the lock reads closed."""


class MiswiredChannel(LockJammed):
    """The target stayed closed and a different lock of the same board opened."""

    def __init__(self, message: str, *, board: int, lock: int, opened_lock: int):
        super().__init__(message, board=board, lock=lock)
        self.opened_lock = opened_lock


class SensorSuspect(LockBoardError):
    """A reading no pulse can produce, e.g. open before the pulse and closed after it."""


class DoorLeftOpen(LockBoardError):
    def __init__(self, message: str, *, board: int, lock: int, open_for_s: float):
        super().__init__(message, board=board, lock=lock)
        self.open_for_s = open_for_s


class CooldownActive(LockBoardError):
    """Refused: the lock was fired less than the cooldown ago (coil protection)."""

    def __init__(self, message: str, *, board: int, lock: int, remaining_s: float):
        super().__init__(message, board=board, lock=lock)
        self.remaining_s = remaining_s


class WaitCancelled(LockBoardError):
    """A blocking wait was cancelled cooperatively (worker thread shutting down)."""
