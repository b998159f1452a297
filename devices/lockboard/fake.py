"""An in-memory ``LockBoard`` for GUI work and service tests: no serial port, no timing.

Same door physics as the simulator (``sim_model``) and the same exceptions as the
driver, so code written against it behaves the same with real boards. Faults that
concern locks and sensors can be injected through ``plan``; line faults have no
meaning here - use ``set_offline`` to make a board stop answering.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from devices.lockboard import protocol as p
from devices.lockboard.api import BoardSnapshot, LockState, OpenResult, wait_until_closed
from devices.lockboard.errors import LockJammed, NoReply, PortUnavailable, where
from devices.lockboard.faults import Fault, FaultKind, FaultPlan
from devices.lockboard.sim_model import BoardModel


class InMemoryLockBoard:
    def __init__(self, boards: tuple[int, ...] = (1,), locks_per_board: int = p.LOCKS_PER_BOARD):
        self.plan = FaultPlan(seed=0)
        self.boards = {b: BoardModel(b, locks_per_board, self.plan) for b in boards}
        self._offline: set[int] = set()
        self._commanded: set[tuple[int, int]] = set()
        self._lock = threading.RLock()
        self._closed = False
        self.opens: list[tuple[int, int]] = []

    # ---------------------------------------------------------------- scripting

    def inject(self, kind: FaultKind, **params: Any) -> Fault:
        return self.plan.add(Fault(kind, **params))

    def set_offline(self, board: int, offline: bool = True) -> None:
        with self._lock:
            (self._offline.add if offline else self._offline.discard)(board)

    def person_opens(self, board: int, lock: int) -> None:
        with self._lock:
            self.boards[board].person_opens(lock)

    def person_closes(self, board: int, lock: int) -> None:
        with self._lock:
            self.boards[board].person_closes(lock)

    # ---------------------------------------------------------------- LockBoard

    def open(self, board: int, lock: int) -> OpenResult:
        start = time.monotonic()
        with self._lock:
            model = self._board(board, lock)
            before = not model.shorted(lock, start)
            self.opens.append((board, lock))
            self._commanded.add((board, lock))
            model.fire(lock, start)
            if model.shorted(lock, time.monotonic()):
                self._commanded.discard((board, lock))
                raise LockJammed(f"{where(board, lock)}: still closed after 1 OPEN pulse(s)",
                                 board=board, lock=lock)
            return OpenResult(board, lock, "reply", 1, time.monotonic() - start, before)

    def query(self, board: int, lock: int) -> LockState:
        with self._lock:
            closed = self._board(board, lock).shorted(lock, time.monotonic())
            if closed:
                self._commanded.discard((board, lock))
            return LockState(board, lock, closed)

    def query_all(self, board: int) -> BoardSnapshot:
        with self._lock:
            model = self._board(board, None)
            mask = model.mask(time.monotonic())
            closed = frozenset(n for n in model.locks if mask >> (n - 1) & 1)
            self._commanded -= {(board, n) for n in closed}
            unexpected = frozenset(n for n in model.locks
                                   if n not in closed and (board, n) not in self._commanded)
            return BoardSnapshot(board, closed, model.lock_count, unexpected)

    def wait_closed(self, board: int, lock: int, timeout_s: float, *, poll_s: float = 1.0,
                    cancel: threading.Event | None = None) -> LockState:
        return wait_until_closed(self.query, board, lock, timeout_s, poll_s=poll_s,
                                 cancel=cancel)

    def close(self) -> None:
        self._closed = True

    def _board(self, board: int, lock: int | None) -> BoardModel:
        if self._closed:
            raise PortUnavailable("in-memory lock board is closed", board=board, lock=lock)
        if board in self._offline or board not in self.boards:
            raise NoReply(f"{where(board, lock)}: no reply (board offline)", board=board,
                          lock=lock)
        if lock is not None and lock not in self.boards[board].locks:
            raise ValueError(f"lock {lock} outside 1..{self.boards[board].lock_count}")
        return self.boards[board]
