"""Faults the simulator can inject (research/lockers.md §5, "Faults the simulator must inject").

A :class:`Fault` targets a board and/or lock (``None`` = any), fires ``times`` times
(``None`` = until cleared) with probability ``probability``. "Physical" faults of a
lock or sensor (JAMMED, AJAR, INVERTED_SENSOR, STUCK_*, MISWIRED, COOLDOWN_REFUSAL)
are *states*: they are consulted without being used up unless ``times`` is set.
"""

from __future__ import annotations

import enum
import random
import threading
from dataclasses import dataclass


class FaultKind(enum.Enum):
    # --- the line / the reply
    NO_REPLY = "no_reply"  # board ignores the frame entirely (dead board, wrong DIP)
    LOST_REPLY = "lost_reply"  # board acts, its reply never arrives
    LATE_REPLY = "late_reply"  # reply delayed by delay_ms (lands in the next exchange)
    BAD_CHECKSUM = "bad_checksum"  # last byte corrupted
    TRUNCATED = "truncated"  # only keep_bytes of the reply are sent
    SPLIT_REPLY = "split_reply"  # reply in two writes, delay_ms apart
    NOISE = "noise"  # FF FE before and FB F2 after the reply
    WRONG_ADDRESS = "wrong_address"  # reply names target_board / target_lock
    ECHO = "echo"  # the adapter echoes every request (line level)
    DUPLICATE_ADDRESS = "duplicate_address"  # two boards answer at once: interleaved bytes
    BAUD_MISMATCH = "baud_mismatch"  # reply replaced by bytes at the wrong baud
    JITTER = "jitter"  # extra random delay in [min_delay_ms, delay_ms]
    # --- the board
    BUSY = "busy"  # board ignores every frame for delay_ms from the first hit
    POWER_LOSS = "power_loss"  # on OPEN: pulse completes or not, then silent delay_ms
    COOLDOWN_REFUSAL = "cooldown_refusal"  # re-fire within delay_ms: no pulse, honest state
    # --- the lock, door and sensor
    JAMMED = "jammed"  # pulse fires, latch does not release
    AUTO_CLOSE = "auto_close"  # someone pushes the door shut delay_ms after it springs open
    AJAR = "ajar"  # person_closes() leaves the door unlatched: still reads open
    INVERTED_SENSOR = "inverted_sensor"
    STUCK_CLOSED = "stuck_closed"
    STUCK_OPEN = "stuck_open"
    MISWIRED = "miswired"  # OPEN of this lock fires target_lock instead


# Kinds that describe a lasting condition: consulted with peek(), used up only with times.
STATE_KINDS = frozenset({
    FaultKind.JAMMED, FaultKind.AJAR, FaultKind.INVERTED_SENSOR, FaultKind.STUCK_CLOSED,
    FaultKind.STUCK_OPEN, FaultKind.MISWIRED, FaultKind.COOLDOWN_REFUSAL, FaultKind.ECHO,
    FaultKind.AUTO_CLOSE,
})


@dataclass
class Fault:
    kind: FaultKind
    board: int | None = None
    lock: int | None = None
    times: int | None = None
    probability: float = 1.0
    delay_ms: float = 0.0
    min_delay_ms: float = 0.0
    keep_bytes: int = 3
    target_board: int | None = None
    target_lock: int | None = None
    pulse_completes: bool | None = None  # POWER_LOSS: None = coin toss

    def matches(self, board: int | None, lock: int | None) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.board is not None and board is not None and self.board != board:
            return False
        # A lock-specific fault hits only frames for that lock, not the *_ALL frames.
        return self.lock is None or self.lock == lock


class FaultPlan:
    """Thread-safe list of active faults with deterministic randomness (``seed``)."""

    def __init__(self, seed: int | None = None) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.rng = random.Random(seed)
        self.fired: list[tuple[FaultKind, int | None, int | None]] = []

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

    def clear(self, kind: FaultKind | None = None) -> None:
        with self._lock:
            self._faults = [f for f in self._faults if kind is not None and f.kind is not kind]

    def active(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if f.times is None or f.times > 0]

    def take(self, kind: FaultKind, board: int | None, lock: int | None) -> Fault | None:
        """The first matching fault, used up once if it has a ``times`` budget."""
        with self._lock:
            for f in self._faults:
                if f.kind is kind and f.matches(board, lock):
                    if f.probability < 1.0 and self.rng.random() >= f.probability:
                        continue
                    if f.times is not None:
                        f.times -= 1
                    self.fired.append((kind, board, lock))
                    return f
        return None

    def peek(self, kind: FaultKind, board: int | None, lock: int | None) -> Fault | None:
        """A matching lasting fault, without using it up (no probability roll)."""
        with self._lock:
            for f in self._faults:
                if f.kind is kind and f.matches(board, lock):
                    return f
        return None
