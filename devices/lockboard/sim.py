"""A simulated RS-485 line of "8A/80" boards served on a real pseudo-terminal.

The driver opens :attr:`LockSimulator.port` (``/dev/pts/N``) like any serial port.
A pty ignores the baud rate, so the simulator adds the board's own timing: an OPEN
answers after pulse + 50 ms (≈ 350 ms), QUERY after 20 ms, QUERY_ALL after 30 ms,
all multiplied by ``SimTiming.scale`` so tests can run fast. Requests are served
one at a time, like a single-threaded board firmware: a frame sent while a pulse
is in progress waits (OPEN_ALL holds the line ≈ 8.4 s).

Faults are injected with :meth:`LockSimulator.inject` (see ``faults.FaultKind``);
fault delays are real milliseconds, not scaled. :meth:`vanish` closes the pty
(the driver then gets EIO -> ``PortUnavailable``; the ``/dev/pts/N`` path
disappears) and :meth:`restore` creates a new one, usually at a different path
(use ``symlink=`` for a stable name).
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import threading
import time
import tty
from dataclasses import dataclass, field
from typing import Any

from devices.lockboard import protocol as p
from devices.lockboard.faults import Fault, FaultKind, FaultPlan
from devices.lockboard.sim_model import BoardModel, LockView
from devices.lockboard.sim_reply import mangle_reply


@dataclass(frozen=True)
class SimTiming:
    pulse_ms: float = 300.0
    open_reply_ms: float = 50.0
    query_ms: float = 20.0
    query_all_ms: float = 30.0
    scale: float = 1.0
    frame_gap_ms: float = 50.0  # a partial frame older than this is dropped (not scaled)

    def seconds(self, ms: float) -> float:
        return ms * self.scale / 1000.0


@dataclass(frozen=True)
class SimRecord:
    """One frame the simulated line received, and what it sent back (if anything)."""

    received_at: float
    raw: bytes
    kind: p.RequestKind | None
    board: int
    lock: int
    replied_at: float | None = None
    reply: bytes | None = None
    faults: tuple[FaultKind, ...] = field(default_factory=tuple)

    @property
    def board_time_s(self) -> float | None:
        return None if self.replied_at is None else self.replied_at - self.received_at


class LockSimulator:
    """Boards (24 locks each by default) on one pty. Thread-safe scripting API."""

    def __init__(
        self,
        boards: tuple[int, ...] | list[int] = (1,),
        *,
        locks_per_board: int = p.LOCKS_PER_BOARD,
        timing: SimTiming | None = None,
        seed: int | None = None,
        symlink: str | None = None,
    ) -> None:
        self.timing = timing or SimTiming()
        self.plan = FaultPlan(seed)
        self.boards = {b: BoardModel(b, locks_per_board, self.plan) for b in boards}
        self._symlink = symlink
        self._master: int | None = None
        self._slave: int | None = None
        self._port = ""
        self._records: list[SimRecord] = []
        self._records_lock = threading.Lock()
        self._commands: queue.Queue[tuple[str, threading.Event]] = queue.Queue()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ life cycle

    @property
    def port(self) -> str:
        """The device path to give the driver (the symlink if one was asked for)."""
        return self._symlink or self._port

    @property
    def pty_path(self) -> str:
        return self._port

    def start(self) -> str:
        if self._thread is not None:
            return self.port
        self._open_pty()
        self._thread = threading.Thread(target=self._run, name="lock-sim", daemon=True)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=15)
            self._thread = None
        self._close_pty()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> LockSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def vanish(self) -> None:
        """Unplug: close the pty. The driver's next read/write fails with EIO."""
        self._command("vanish")

    def restore(self) -> str:
        """Plug back in: a new pty (path may differ; a symlink follows it)."""
        self._command("restore")
        return self.port

    # ------------------------------------------------------------ scripting

    def inject(self, kind: FaultKind | Fault, **params: Any) -> Fault:
        """Add a fault: ``sim.inject(FaultKind.JAMMED, board=1, lock=3, times=1)``."""
        fault = kind if isinstance(kind, Fault) else Fault(kind, **params)
        return self.plan.add(fault)

    def clear_faults(self, kind: FaultKind | None = None) -> None:
        self.plan.clear(kind)

    def person_opens(self, board: int, lock: int) -> None:
        """Door opened with no command (forced, service key)."""
        model = self.boards[board]
        with model.lock:
            model.person_opens(lock)

    def person_closes(self, board: int, lock: int) -> None:
        """Door pushed shut; the latch catches (unless the AJAR fault is on)."""
        model = self.boards[board]
        with model.lock:
            model.person_closes(lock)

    def close_all_doors(self) -> None:
        for model in self.boards.values():
            with model.lock:
                for n in model.locks:
                    model.person_closes(n)

    def lock_state(self, board: int, lock: int) -> LockView:
        model = self.boards[board]
        with model.lock:
            return model.view(lock, time.monotonic())

    def records(self) -> list[SimRecord]:
        with self._records_lock:
            return list(self._records)

    def received(self, kind: p.RequestKind, board: int | None = None,
                 lock: int | None = None) -> list[SimRecord]:
        return [r for r in self.records() if r.kind is kind
                and (board is None or r.board == board) and (lock is None or r.lock == lock)]

    def clear_records(self) -> None:
        with self._records_lock:
            self._records.clear()

    # ------------------------------------------------------------ pty plumbing

    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass through untouched
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self._port = os.ttyname(slave)
        if self._symlink:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._symlink)
            os.symlink(self._port, self._symlink)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None
        if self._symlink:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._symlink)

    def _command(self, name: str) -> None:
        """Run a pty change on the sim thread, which alone touches the fds while running."""
        if self._thread is None:
            self._do(name)
            return
        done = threading.Event()
        self._commands.put((name, done))
        os.write(self._wake_w, b"x")
        if not done.wait(timeout=15):
            raise TimeoutError(f"lock simulator did not {name}")

    def _do(self, name: str) -> None:
        if name == "vanish":
            self._close_pty()
        elif name == "restore" and self._master is None:
            self._open_pty()

    # ------------------------------------------------------------ the board loop

    def _run(self) -> None:
        reader = p.RequestReader()
        last_rx = 0.0
        gap = self.timing.frame_gap_ms / 1000.0
        while not self._stop.is_set():
            fds = [self._wake_r] + ([self._master] if self._master is not None else [])
            ready, _, _ = select.select(fds, [], [], 0.05)
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
            while not self._commands.empty():
                name, done = self._commands.get()
                self._do(name)
                reader.reset()
                done.set()
            master = self._master
            now = time.monotonic()
            if reader.pending and now - last_rx > gap:
                reader.reset()  # firmware drops a frame that stopped half way
            if master is None or master not in ready:
                continue
            try:
                data = os.read(master, 1024)
            except OSError:
                time.sleep(0.01)
                continue
            last_rx = now
            for request in reader.feed(data):
                if self._stop.is_set():
                    break
                self._serve(request, time.monotonic())

    def _serve(self, req: p.Request, received_at: float) -> None:
        fired: list[FaultKind] = []

        def record(reply: bytes | None = None, replied_at: float | None = None) -> None:
            rec = SimRecord(received_at, req.raw, req.kind, req.board, req.lock,
                            replied_at, reply, tuple(fired))
            with self._records_lock:
                self._records.append(rec)

        if self.plan.peek(FaultKind.ECHO, req.board, req.lock):
            fired.append(FaultKind.ECHO)
            self._write(req.raw)  # the adapter echoes before the board even starts
        model = self.boards.get(req.board)
        if model is None:
            return record()  # nobody has that DIP address
        with model.lock:
            if received_at < model.silent_until:
                return record()
            busy = self.plan.take(FaultKind.BUSY, req.board, req.lock)
            if busy is not None:
                fired.append(FaultKind.BUSY)
                model.silent_until = received_at + busy.delay_ms / 1000.0
                return record()
        if self.plan.take(FaultKind.NO_REPLY, req.board, req.lock):
            fired.append(FaultKind.NO_REPLY)
            return record()
        reply = self._act(model, req, fired)
        if reply is None or self._stop.is_set():
            return record()
        out = mangle_reply(reply, req, self.plan, fired, self._stop)
        if out is None:
            return record()
        for i, chunk in enumerate(out.chunks):
            if i and self._stop.wait(out.chunk_gap_s):
                return record()
            if i == len(out.chunks) - 1:
                # Record before the last byte leaves, so a host that has its reply
                # always finds the record (tests and the benchmark read them).
                record(b"".join(out.chunks), time.monotonic())
            self._write(chunk)

    def _act(self, model: BoardModel, req: p.Request, fired: list[FaultKind]) -> bytes | None:
        """Carry out the request with board timing; the clean reply, or None if silent."""
        t = self.timing
        kind = req.kind
        if kind in (p.RequestKind.OPEN, p.RequestKind.OPEN_HOLD):
            power = self.plan.take(FaultKind.POWER_LOSS, req.board, req.lock)
            with model.lock:
                now = time.monotonic()
                if power is not None:
                    fired.append(FaultKind.POWER_LOSS)
                    completes = power.pulse_completes
                    if completes is None:
                        completes = self.plan.rng.random() < 0.5
                    if completes:
                        model.fire(req.lock, now)
                    model.silent_until = now + power.delay_ms / 1000.0
                    return None
                model.fire(req.lock, now)
            pulse = req.hold_s * 1000.0 if kind is p.RequestKind.OPEN_HOLD else t.pulse_ms
            if self._stop.wait(t.seconds(pulse + t.open_reply_ms)):
                return None
            with model.lock:
                return p.open_reply(req.board, req.lock,
                                    model.shorted(req.lock, time.monotonic()))
        if kind is p.RequestKind.OPEN_ALL:
            for n in range(1, model.lock_count + 1):
                with model.lock:
                    model.fire(n, time.monotonic())
                if self._stop.wait(t.seconds(t.pulse_ms + t.open_reply_ms)):
                    return None
            return req.raw  # the board answers OPEN_ALL with the request's own bytes
        delay = t.query_ms if kind is p.RequestKind.QUERY else t.query_all_ms
        if self._stop.wait(t.seconds(delay)):
            return None
        with model.lock:
            now = time.monotonic()
            if kind is p.RequestKind.QUERY:
                return p.query_reply(req.board, req.lock, model.shorted(req.lock, now))
            return p.query_all_reply(req.board, model.mask(now))

    def _write(self, data: bytes) -> None:
        if self._master is None:
            return
        with contextlib.suppress(OSError):  # nobody reading and buffer full: bytes are lost
            os.write(self._master, data)
