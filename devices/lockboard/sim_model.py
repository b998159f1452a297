"""Physics of simulated boards: latches, doors and the one feedback contact per lock.

Model (research/lockers.md §5): each lock has a *latch* and a *door*. The board's
only sensor reads "closed" when the latch is engaged and the door is shut. A
successful pulse releases the latch and the spring pushes the door open; it
stays open until a person closes it (``person_closes``), which re-latches it
(unless the AJAR fault is active). ``person_opens`` is a forced opening (service
key, crowbar): latch released and door open with no command.

The raw contact is wired "shorted when locked" (the vendor default); sensor faults
change what the contact reports, never the physical state. Callers hold
``BoardModel.lock`` (the simulator does) so state changes are atomic.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from devices.lockboard.faults import FaultKind, FaultPlan


@dataclass
class LockModel:
    latched: bool = True
    door_closed: bool = True
    close_at: float | None = None  # AUTO_CLOSE: when someone pushes the door shut
    last_fire: float = -1e9
    fires: int = 0

    @property
    def closed(self) -> bool:
        return self.latched and self.door_closed


@dataclass(frozen=True)
class LockView:
    """A snapshot of one simulated lock, for tests and the CLI."""

    board: int
    lock: int
    latched: bool
    door_closed: bool
    contact_shorted: bool  # what the board reports (vendor wiring: shorted = locked)
    fires: int

    @property
    def closed(self) -> bool:
        return self.latched and self.door_closed


class BoardModel:
    DEFAULT_COOLDOWN_S = 2.0

    def __init__(self, address: int, lock_count: int, plan: FaultPlan) -> None:
        self.address = address
        self.lock_count = lock_count
        self.plan = plan
        self.locks = {n: LockModel() for n in range(1, lock_count + 1)}
        self.silent_until = 0.0  # power loss or BUSY: frames ignored until then
        self.lock = threading.RLock()

    def settle(self, now: float) -> None:
        """Apply delayed physical events (a door pushed shut) that are due."""
        for m in self.locks.values():
            if m.close_at is not None and now >= m.close_at:
                m.close_at = None
                m.door_closed = True
                m.latched = True

    def shorted(self, lock: int, now: float) -> bool:
        """Raw contact state as the board reads it (True = 0x11 / bit 1)."""
        self.settle(now)
        if self.plan.peek(FaultKind.STUCK_CLOSED, self.address, lock):
            return True
        if self.plan.peek(FaultKind.STUCK_OPEN, self.address, lock):
            return False
        closed = self.locks[lock].closed
        if self.plan.peek(FaultKind.INVERTED_SENSOR, self.address, lock):
            return not closed
        return closed

    def mask(self, now: float) -> int:
        out = 0
        for n in self.locks:
            if self.shorted(n, now):
                out |= 1 << (n - 1)
        return out

    def fire(self, lock: int, now: float) -> int | None:
        """Pulse the coil wired to ``lock``; returns the lock that physically fired."""
        model = self.locks[lock]
        refusal = self.plan.peek(FaultKind.COOLDOWN_REFUSAL, self.address, lock)
        if refusal is not None:
            window = (refusal.delay_ms / 1000.0) or self.DEFAULT_COOLDOWN_S
            if now - model.last_fire < window:
                return None
        model.last_fire = now
        target = lock
        miswire = self.plan.peek(FaultKind.MISWIRED, self.address, lock)
        if miswire is not None and miswire.target_lock is not None:
            target = miswire.target_lock
        fired = self.locks[target]
        fired.fires += 1
        if self.plan.take(FaultKind.JAMMED, self.address, target) is not None:
            return target
        fired.latched = False
        fired.door_closed = False
        auto = self.plan.take(FaultKind.AUTO_CLOSE, self.address, target)
        if auto is not None:
            fired.close_at = now + auto.delay_ms / 1000.0
        return target

    def person_opens(self, lock: int) -> None:
        m = self.locks[lock]
        m.latched = False
        m.door_closed = False
        m.close_at = None

    def person_closes(self, lock: int) -> None:
        m = self.locks[lock]
        m.door_closed = True
        m.close_at = None
        m.latched = self.plan.peek(FaultKind.AJAR, self.address, lock) is None

    def view(self, lock: int, now: float) -> LockView:
        m = self.locks[lock]
        shorted = self.shorted(lock, now)
        return LockView(self.address, lock, m.latched, m.door_closed, shorted, m.fires)
