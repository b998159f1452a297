"""pyserial driver for "8A/80" lock-control boards on one RS-485 line.

Blocking by design: the app calls it from a worker thread. It is thread-safe: every
public operation holds the link's ``RLock`` for its whole sequence of frames (an
OPEN and its confirming QUERY are never interleaved with another thread's
frames). Use **one** ``SerialLockBoard`` per serial port and share it.

Rules it follows (research/lockers.md §5):

* an OPEN whose reply is missing or unreadable is **never re-sent blindly**: the
  driver queries first; open -> success, closed -> exactly one more OPEN, still
  closed -> ``LockJammed``; query impossible -> ``OpenOutcomeUnknown``;
* an OPEN reply of "still closed" is confirmed with QUERY_ALL, which also reveals a
  miswired channel (another lock opened) or an inverted sensor;
* queries are retried (``query_retries``); a board that misses them all is offline;
* on start and on every reconnect, QUERY_ALL reconciles every board; opens are
  never replayed;
* a lock is not fired again within ``cooldown_s`` (coil protection).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import serial

from devices.lockboard import protocol as p
from devices.lockboard.api import (
    BoardSnapshot,
    LockState,
    OpenResult,
    Polarity,
    ReconcileReport,
    wait_until_closed,
)
from devices.lockboard.errors import (
    CommunicationError,
    CooldownActive,
    LockBoardError,
    LockJammed,
    MiswiredChannel,
    NoReply,
    OpenOutcomeUnknown,
    SensorSuspect,
    where,
)
from devices.lockboard.link import PortSpec, SerialFactory, SerialLink

Key = tuple[int, int]


@dataclass(frozen=True)
class DriverConfig:
    """Timings default to lockers.md §5; tests shrink them together with the simulator's."""

    boards: tuple[int, ...] = (1,)
    locks_per_board: int = p.LOCKS_PER_BOARD
    polarity: Polarity = Polarity.SHORTED_WHEN_LOCKED
    echo: bool | None = None  # None: probe at start whether the adapter echoes TX
    baudrate: int = 9600
    query_timeout_s: float = 0.25
    query_all_timeout_s: float = 0.4
    open_timeout_s: float = 1.0
    open_all_timeout_s: float = 10.0
    settle_s: float = 0.1
    gap_s: float = 0.02
    cooldown_s: float = 2.0
    query_retries: int = 1


class SerialLockBoard:
    """The real ``LockBoard``: open / query / query_all / wait_closed over pyserial."""

    def __init__(
        self,
        port: PortSpec,
        config: DriverConfig | None = None,
        *,
        on_reconnect: Callable[[ReconcileReport], None] | None = None,
        serial_factory: SerialFactory = serial.Serial,
    ) -> None:
        self.config = config or DriverConfig()
        self._link = SerialLink(
            port, baudrate=self.config.baudrate, echo=self.config.echo,
            settle_s=self.config.settle_s, gap_s=self.config.gap_s, serial_factory=serial_factory,
        )
        self._on_reconnect = on_reconnect
        self._started = False
        self._known: dict[Key, bool] = {}  # last read: True = closed
        self._commanded: set[Key] = set()  # opened by us, not yet seen closed again
        self._last_fire: dict[Key, float] = {}
        self._online: dict[int, bool] = {}

    # ------------------------------------------------------------ life cycle

    def start(self) -> ReconcileReport:
        """Open the port, learn whether it echoes, and QUERY_ALL every board."""
        with self._link.lock:
            self._ensure_port()
            self._started = True
            return self._reconcile()

    def reconcile(self) -> ReconcileReport:
        with self._link.lock:
            self._ensure_port()
            return self._reconcile()

    def close(self) -> None:
        self._link.close()

    def set_port(self, port: PortSpec) -> None:
        """Use another device path; the next call reopens it and reconciles."""
        self._link.set_port(port)

    def __enter__(self) -> SerialLockBoard:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def echo(self) -> bool | None:
        return self._link.echo

    def board_online(self, board: int) -> bool | None:
        """False after a board missed every query try; None before it was asked."""
        return self._online.get(board)

    # ------------------------------------------------------------ operations

    def query(self, board: int, lock: int) -> LockState:
        self._check(board, lock)
        with self._operation():
            return self._query_one(board, lock)

    def query_all(self, board: int) -> BoardSnapshot:
        self._check(board, None)
        with self._operation():
            return self._query_all(board)

    def open(self, board: int, lock: int, *, hold_s: int | None = None) -> OpenResult:
        """Fire one lock and return only once the board confirms it open (see module doc)."""
        self._check(board, lock)
        with self._operation():
            key = (board, lock)
            start = time.monotonic()
            remaining = self.config.cooldown_s - (start - self._last_fire.get(key, -1e9))
            if remaining > 0:
                raise CooldownActive(
                    f"{where(board, lock)}: fired {self.config.cooldown_s - remaining:.1f} s ago;"
                    f" wait {remaining:.1f} s (coil cooldown)",
                    board=board, lock=lock, remaining_s=remaining,
                )
            if self._known.get(key) is False:
                # Last seen open (maybe by us): a person may have shut it since. Look
                # again, so "open before, closed after" really means a wrong sensor.
                self._query_one(board, lock)
            prior = {k: v for k, v in self._known.items() if k[0] == board}
            before = None if prior.get(key) is None else not prior[key]
            frame = p.open_hold_frame(board, lock, hold_s) if hold_s else p.open_frame(board, lock)
            timeout = self.config.open_timeout_s + (hold_s or 0)

            def done(how: Literal["reply", "query"], sent: int) -> OpenResult:
                self._remember(board, lock, False)
                return OpenResult(board, lock, how, sent, time.monotonic() - start, before)

            for sent in (1, 2):
                self._last_fire[key] = time.monotonic()
                self._commanded.add(key)
                try:
                    reply = self._link.exchange(
                        frame, p.ReplyShape.OPEN, board, lock, timeout, "OPEN")
                except CommunicationError as exc:
                    # The OPEN may or may not have fired: ask before doing anything else.
                    snap = self._confirm(board, lock, exc)
                    if not snap.is_closed(lock):
                        return done("query", sent)
                    if sent == 2:
                        raise self._closed_after_pulse(board, lock, before, prior, snap, sent) from exc
                    continue  # proven closed: the first OPEN never fired, one more is safe
                if not self.config.polarity.closed(reply.shorted):
                    return done("reply", sent)
                # "Still closed": confirm (an unexpected echo or stale frame looks the same).
                snap = self._confirm(board, lock, None)
                if not snap.is_closed(lock):
                    return done("query", sent)
                raise self._closed_after_pulse(board, lock, before, prior, snap, sent)
            raise AssertionError("unreachable")  # pragma: no cover

    def open_all(self, board: int) -> BoardSnapshot:
        """Fire every lock of a board (≈ 24 × 350 ms; holds the bus), then QUERY_ALL."""
        self._check(board, None)
        with self._operation():
            for lock in range(1, self.config.locks_per_board + 1):
                self._commanded.add((board, lock))
                self._last_fire[(board, lock)] = time.monotonic()
            try:
                self._link.exchange(p.open_all_frame(board), p.ReplyShape.OPEN, board, 0,
                                    self.config.open_all_timeout_s, "OPEN_ALL")
            except CommunicationError as exc:
                return self._confirm(board, 0, exc)
            return self._query_all(board)

    def wait_closed(
        self, board: int, lock: int, timeout_s: float, *, poll_s: float = 1.0,
        cancel: threading.Event | None = None,
    ) -> LockState:
        """Poll until the door reads closed; ``DoorLeftOpen`` at the deadline."""
        self._check(board, lock)
        return wait_until_closed(self.query, board, lock, timeout_s, poll_s=poll_s,
                                 cancel=cancel)

    # ------------------------------------------------------------ internals

    @contextmanager
    def _operation(self) -> Iterator[None]:
        with self._link.lock:
            self._ensure_port()
            yield

    def _ensure_port(self) -> None:
        if self._link.is_open:
            return
        self._link.open()
        if self.config.echo is None:
            self._link.detect_echo(p.query_frame(self.config.boards[0], 1),
                                   self.config.query_timeout_s)
        if self._started:
            report = self._reconcile()
            if self._on_reconnect is not None:
                self._on_reconnect(report)

    def _reconcile(self) -> ReconcileReport:
        snaps: dict[int, BoardSnapshot] = {}
        failed: dict[int, LockBoardError] = {}
        for board in self.config.boards:
            try:
                snaps[board] = self._query_all(board)
            except CommunicationError as exc:
                failed[board] = exc
        return ReconcileReport(snaps, failed)

    def _query_one(self, board: int, lock: int) -> LockState:
        reply = self._retrying(
            lambda: self._link.exchange(
                p.query_frame(board, lock), p.ReplyShape.QUERY, board, lock,
                self.config.query_timeout_s, "QUERY",
            ),
            board,
        )
        closed = self.config.polarity.closed(reply.shorted)
        self._remember(board, lock, closed)
        return LockState(board, lock, closed)

    def _query_all(self, board: int) -> BoardSnapshot:
        reply = self._retrying(
            lambda: self._link.exchange(
                p.query_all_frame(board), p.ReplyShape.QUERY_ALL, board, 0,
                self.config.query_all_timeout_s, "QUERY_ALL",
            ),
            board,
        )
        closed: set[int] = set()
        for lock in range(1, self.config.locks_per_board + 1):
            is_closed = self.config.polarity.closed(bool(reply.mask >> (lock - 1) & 1))
            self._remember(board, lock, is_closed)
            if is_closed:
                closed.add(lock)
        all_locks = set(range(1, self.config.locks_per_board + 1))
        unexpected = {n for n in all_locks - closed if (board, n) not in self._commanded}
        return BoardSnapshot(board, frozenset(closed), self.config.locks_per_board,
                             frozenset(unexpected))

    def _retrying(self, exchange: Callable[[], p.Reply], board: int) -> p.Reply:
        tries = 1 + max(self.config.query_retries, 0)
        for attempt in range(1, tries + 1):
            try:
                reply = exchange()
            except CommunicationError as exc:
                if attempt < tries:
                    continue
                exc.attempts = tries
                exc.args = (f"{exc.args[0]} ({tries} tries)",)
                if isinstance(exc, NoReply):
                    self._online[board] = False
                raise
            self._online[board] = True
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    def _confirm(self, board: int, lock: int, cause: CommunicationError | None) -> BoardSnapshot:
        """QUERY_ALL after a doubtful OPEN; if even that fails the outcome is unknown."""
        try:
            return self._query_all(board)
        except CommunicationError as exc:
            why = f"OPEN got {type(cause).__name__}" if cause else "OPEN said closed"
            raise OpenOutcomeUnknown(
                f"{where(board, lock)}: {why} and the confirming query failed ({exc}); "
                "the door may be open - check it before reusing the slot",
                board=board, lock=lock, cause=exc,
            ) from exc

    def _closed_after_pulse(
        self, board: int, lock: int, before: bool | None, prior: dict[Key, bool],
        snap: BoardSnapshot, sent: int,
    ) -> LockBoardError:
        at = where(board, lock)
        self._commanded.discard((board, lock))
        if before is True:
            return SensorSuspect(
                f"{at}: read open before the pulse and closed after it; a pulse cannot close "
                "a door - sensor inverted or polarity setting wrong", board=board, lock=lock,
            )
        newly_open = sorted(n for n in snap.open_locks
                            if n != lock and prior.get((board, n)) is True)
        if newly_open:
            return MiswiredChannel(
                f"{at}: stayed closed while lock {newly_open[0]} of the same board opened "
                "- channel miswired", board=board, lock=lock, opened_lock=newly_open[0],
            )
        return LockJammed(
            f"{at}: still closed after {sent} OPEN pulse(s) - latch jammed, door blocked, or "
            "sensor stuck at 'closed'", board=board, lock=lock,
        )

    def _remember(self, board: int, lock: int, closed: bool) -> None:
        self._known[(board, lock)] = closed
        if closed:
            self._commanded.discard((board, lock))

    def _check(self, board: int, lock: int | None) -> None:
        if not p.MIN_BOARD <= board <= p.MAX_BOARD:
            raise ValueError(f"board address {board} outside {p.MIN_BOARD}..{p.MAX_BOARD}")
        if lock is not None and not 1 <= lock <= self.config.locks_per_board:
            raise ValueError(f"lock {lock} outside 1..{self.config.locks_per_board}")
