"""A print queue that keeps every ticket on disk until a printer has taken it.

A sale never waits for, or fails because of, the printer: the till submits the receipt
(one small JSON file written atomically, so it survives a crash or a restart) and a
worker thread prints it. When the printer is off, unplugged or out of paper the job
stays, the fault is reported (``state()``, ``on_change``), and the worker retries with
back-off; jobs print in the order they came, so a later receipt never jumps an earlier
one. ``retry_now()`` is the operator's "printer is back" button.

A job that failed part-way (paper ran out mid-receipt, cable pulled) is printed again
whole: a customer may get a torn first copy and a complete second one, never none.
The cash drawer opens only on an attempt within ``drawer_window_s`` of the sale: a
retry minutes later must not open the drawer at an unattended till.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devices.printer.base import Printer, PrinterError, PrinterFault
from devices.printer.ticket import Ticket, TicketError, ticket_from_json, ticket_to_json

log = logging.getLogger(__name__)

BACKOFF_S = (2.0, 5.0, 10.0, 30.0, 60.0)


@dataclass(frozen=True)
class JobInfo:
    id: str
    title: str
    created_at: float  # epoch seconds
    attempts: int
    fault: PrinterFault | None
    detail: str


@dataclass(frozen=True)
class QueueState:
    pending: tuple[JobInfo, ...]
    printed: int  # jobs printed since this queue started
    fault: PrinterFault | None  # the last attempt's fault; None when the last attempt printed
    detail: str


@dataclass(eq=False)  # jobs are compared by identity
class _Job:
    id: str
    path: Path
    ticket: Ticket
    created_at: float
    attempts: int = 0
    next_try: float = 0.0
    fault: PrinterFault | None = None
    detail: str = ""

    def info(self) -> JobInfo:
        return JobInfo(self.id, self.ticket.title, self.created_at, self.attempts, self.fault, self.detail)

    def save(self) -> None:
        data = {"id": self.id, "created_at": self.created_at, "attempts": self.attempts, "next_try": self.next_try,
                "fault": self.fault.value if self.fault else None, "detail": self.detail,
                "ticket": ticket_to_json(self.ticket)}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)


class PrintQueue:
    def __init__(
        self,
        spool_dir: Path,
        printer: Callable[[], Printer],
        *,
        backoff_s: tuple[float, ...] = BACKOFF_S,
        drawer_window_s: float = 30.0,
        clock: Callable[[], float] = time.time,
        on_change: Callable[[QueueState], None] | None = None,
    ) -> None:
        self._dir = spool_dir
        self._dir.mkdir(parents=True, exist_ok=True)
        self._printer = printer  # asked for on every attempt: Settings may have changed the printer
        self._backoff = backoff_s
        self._drawer_window = drawer_window_s
        self._clock = clock
        self._on_change = on_change
        self._lock = threading.RLock()  # the job list and counters
        self._pump_lock = threading.Lock()  # one pump at a time (the worker, or a caller's pump())
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._printed = 0
        self._fault: PrinterFault | None = None
        self._detail = ""
        self._seq = 0
        self._jobs: list[_Job] = self._load()

    def _load(self) -> list[_Job]:
        jobs: list[_Job] = []
        for path in sorted(self._dir.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                fault = PrinterFault(data["fault"]) if data.get("fault") else None
                jobs.append(_Job(str(data["id"]), path, ticket_from_json(str(data["ticket"])),
                                 float(data["created_at"]), int(data["attempts"]), 0.0, fault,
                                 str(data.get("detail", ""))))
            except (OSError, ValueError, KeyError, TypeError, TicketError) as exc:
                aside = path.with_suffix(".bad")
                log.error("print job %s is unreadable (%s); moved to %s", path, exc, aside)
                os.replace(path, aside)
        if jobs:
            self._seq = max(int(j.path.stem.split("-")[0]) for j in jobs)
        return jobs

    # --- the till's side -------------------------------------------------------------------------

    def submit(self, ticket: Ticket) -> str:
        """Keep the ticket (on disk before this returns) and wake the worker; returns the job id."""
        with self._lock:
            self._seq += 1
            job_id = uuid.uuid4().hex[:12]
            job = _Job(job_id, self._dir / f"{self._seq:09d}-{job_id}.json", ticket, self._clock())
            job.save()
            self._jobs.append(job)
        self._wake.set()
        self._changed()
        return job_id

    def state(self) -> QueueState:
        with self._lock:
            return QueueState(tuple(j.info() for j in self._jobs), self._printed, self._fault, self._detail)

    def retry_now(self) -> None:
        with self._lock:
            for job in self._jobs:
                job.next_try = 0.0
        self._wake.set()

    def drop(self, job_id: str) -> bool:
        """Give up on a job (the operator decides it is not needed); True when it was there."""
        with self._lock:
            for job in self._jobs:
                if job.id == job_id:
                    job.path.unlink(missing_ok=True)
                    self._jobs.remove(job)
                    break
            else:
                return False
        self._changed()
        return True

    # --- the worker's side -----------------------------------------------------------------------

    def pump(self, *, force: bool = False) -> QueueState:
        """Print the jobs that are due, oldest first; stop at the first fault (order is kept).

        The printer's I/O runs outside the queue's lock, so ``state()`` and ``submit()`` from the
        GUI never wait for a printer that takes its time to time out.
        """
        with self._pump_lock:
            while True:
                with self._lock:
                    if not self._jobs:
                        break
                    job = self._jobs[0]
                    now = self._clock()
                    if not force and job.next_try > now:
                        break
                    job.attempts += 1
                    drawer = job.ticket.open_drawer and now - job.created_at <= self._drawer_window
                try:
                    self._printer().print_ticket(job.ticket, open_drawer=drawer)
                except PrinterError as exc:
                    with self._lock:
                        job.fault, job.detail = exc.fault, exc.detail
                        job.next_try = now + self._backoff[min(job.attempts, len(self._backoff)) - 1]
                        self._fault, self._detail = exc.fault, exc.detail
                        if job in self._jobs:  # not dropped meanwhile
                            job.save()
                    log.warning("print job %s (%s) failed, attempt %d: %s", job.id, job.ticket.title,
                                job.attempts, exc)
                    break
                with self._lock:
                    job.path.unlink(missing_ok=True)
                    if job in self._jobs:
                        self._jobs.remove(job)
                    self._printed += 1
                    self._fault, self._detail = None, ""
                self._changed()
        state = self.state()
        self._changed(state)
        return state

    def start(self, poll_s: float = 1.0) -> None:
        if self._thread is not None:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.is_set():
                try:
                    self.pump()
                except Exception:  # a bug must not stop printing for the rest of the day
                    log.exception("print queue pump failed")
                self._wake.wait(poll_s)
                self._wake.clear()

        self._thread = threading.Thread(target=run, name="print-queue", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _changed(self, state: QueueState | None = None) -> None:
        if self._on_change is not None:
            self._on_change(state or self.state())
