"""What the app sees of a lock board: the ``LockBoard`` protocol and its result types.

Implementations: :class:`~devices.lockboard.driver.SerialLockBoard` (real boards, or
the pty simulator) and :class:`~devices.lockboard.fake.InMemoryLockBoard` (no serial
at all). Both are blocking; call them from a worker thread.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from devices.lockboard.errors import (
    CommunicationError,
    DoorLeftOpen,
    LockBoardError,
    WaitCancelled,
    where,
)


class Polarity(enum.Enum):
    """How the feedback contact is wired (a commissioning setting, per lockers.md §1.4).

    ``SHORTED_WHEN_LOCKED`` ("上锁短路", the vendor default): status ``11`` / bit 1
    means closed. ``SHORTED_WHEN_OPEN`` ("开锁短路"): the meaning is inverted.
    """

    SHORTED_WHEN_LOCKED = "shorted_when_locked"
    SHORTED_WHEN_OPEN = "shorted_when_open"

    def closed(self, shorted: bool) -> bool:
        return shorted if self is Polarity.SHORTED_WHEN_LOCKED else not shorted


@dataclass(frozen=True)
class LockState:
    board: int
    lock: int
    closed: bool

    @property
    def is_open(self) -> bool:
        return not self.closed


@dataclass(frozen=True)
class OpenResult:
    """A *confirmed* open. Failures are exceptions, never an ``OpenResult``.

    ``confirmed_by`` is ``"reply"`` when the board's OPEN answer said released, or
    ``"query"`` when that answer was lost/odd and a QUERY showed the door open.
    ``open_frames_sent`` is 1 normally, 2 only when a QUERY proved the first OPEN
    had not fired. ``was_open_before`` is the last state the driver knew (``None`` =
    unknown); True hints at a door left ajar or a sensor stuck at "open".
    """

    board: int
    lock: int
    confirmed_by: Literal["reply", "query"]
    open_frames_sent: int
    elapsed_s: float
    was_open_before: bool | None = None


@dataclass(frozen=True)
class BoardSnapshot:
    """All locks of one board at one moment (from QUERY_ALL).

    ``unexpected_open``: open locks this driver did not open since it last saw them
    closed - forced doors, service keys, or doors opened while the app was down.
    """

    board: int
    closed_locks: frozenset[int]
    lock_count: int = 24
    unexpected_open: frozenset[int] = field(default_factory=frozenset)

    def is_closed(self, lock: int) -> bool:
        return lock in self.closed_locks

    @property
    def open_locks(self) -> frozenset[int]:
        return frozenset(range(1, self.lock_count + 1)) - self.closed_locks


@dataclass(frozen=True)
class ReconcileReport:
    """Result of QUERY_ALL on every configured board (start-up and reconnect)."""

    snapshots: dict[int, BoardSnapshot]
    failed: dict[int, LockBoardError]

    @property
    def all_ok(self) -> bool:
        return not self.failed


@runtime_checkable
class LockBoard(Protocol):
    """The lock-control surface the app programs against. Blocking; thread-safe."""

    def open(self, board: int, lock: int) -> OpenResult: ...

    def query(self, board: int, lock: int) -> LockState: ...

    def query_all(self, board: int) -> BoardSnapshot: ...

    def wait_closed(
        self,
        board: int,
        lock: int,
        timeout_s: float,
        *,
        poll_s: float = 1.0,
        cancel: threading.Event | None = None,
    ) -> LockState: ...

    def close(self) -> None: ...


def wait_until_closed(
    query: Callable[[int, int], LockState],
    board: int,
    lock: int,
    timeout_s: float,
    *,
    poll_s: float = 1.0,
    cancel: threading.Event | None = None,
) -> LockState:
    """Poll ``query`` until the door reads closed; shared by every ``LockBoard``.

    A failed poll (``CommunicationError``) is tolerated while time remains, because
    one lost frame must not abort a parcel flow; if the *last* poll before the
    deadline failed, that error is raised instead of ``DoorLeftOpen`` since the door
    state is then unknown. ``PortUnavailable`` propagates at once.
    """
    start = time.monotonic()
    deadline = start + timeout_s
    last_error: CommunicationError | None = None
    while True:
        try:
            state = query(board, lock)
            last_error = None
            if state.closed:
                return state
        except CommunicationError as exc:
            last_error = exc
        now = time.monotonic()
        if now >= deadline:
            if last_error is not None:
                raise last_error
            raise DoorLeftOpen(
                f"{where(board, lock)}: door still open after {now - start:.1f} s",
                board=board,
                lock=lock,
                open_for_s=now - start,
            )
        pause = min(poll_s, deadline - now)
        if cancel is not None:
            if cancel.wait(pause):
                raise WaitCancelled(f"{where(board, lock)}: wait for door closed cancelled",
                                    board=board, lock=lock)
        else:
            time.sleep(pause)
