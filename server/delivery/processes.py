"""Where the delivery workers run: threads in the API process, or processes of their own.

In-process threads (the default, and the desk's in-process server) share the API
process's GIL with the sync endpoint. `--delivery-processes N` runs the workers
in N child processes instead, so sync and delivery use separate cores
(bench/server.py). Children share work through the database as threads do
(SKIP LOCKED on PostgreSQL, conditional updates on SQLite), are woken by the API
after each sync batch, and stop when the server stops or dies.

    delivery = make_delivery(db, settings)    # DeliveryPool or DeliveryProcesses
    delivery.start()
    delivery.wake()                           # after new deliveries were queued
    delivery.stop()
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from typing import Any, Protocol

from server.db import ServerDatabase
from server.delivery import courier
from server.delivery.worker import DeliveryPool
from server.settings import ServerSettings

log = logging.getLogger(__name__)

# How often a child checks for a wake-up from the API and for its parent still being there.
CHILD_TICK_S = 0.2


class Delivery(Protocol):
    def start(self) -> None: ...

    def wake(self) -> None: ...

    def stop(self, timeout_s: float = 30.0) -> None: ...


def build_pool(db: ServerDatabase, settings: ServerSettings) -> DeliveryPool:
    """The worker threads of one process: message deliveries, and courier calls when idle."""
    pool = DeliveryPool(db, settings, settings.delivery_workers)
    pool.add_job(lambda: courier.run_call_once(db, settings))
    return pool


def make_delivery(db: ServerDatabase, settings: ServerSettings) -> Delivery:
    if settings.delivery_processes > 0:
        return DeliveryProcesses(settings)
    return build_pool(db, settings)


class DeliveryProcesses:
    """`settings.delivery_processes` child processes, each with `delivery_workers` threads."""

    def __init__(self, settings: ServerSettings) -> None:
        self._settings = settings
        self._ctx = multiprocessing.get_context("spawn")
        self._children: list[tuple[Any, Any]] = []  # (process, wake event)

    def start(self, timeout_s: float = 60.0) -> None:
        """Returns once every child runs its workers, so a server that answers /health delivers."""
        if self._children:
            return
        ready = []
        for n in range(self._settings.delivery_processes):
            wake, up = self._ctx.Event(), self._ctx.Event()
            child = self._ctx.Process(
                target=_child_main,
                args=(self._settings, wake, up, os.getpid()),
                name=f"counterdesk-delivery-process-{n}",
                daemon=True,
            )
            child.start()
            self._children.append((child, wake))
            ready.append(up)
        deadline = time.monotonic() + timeout_s
        for (child, _wake), up in zip(self._children, ready, strict=True):
            while not up.wait(0.1):
                if not child.is_alive() or time.monotonic() > deadline:
                    self.stop(5)
                    raise RuntimeError(f"a delivery process did not start (exit code {child.exitcode})")

    def wake(self) -> None:
        for _child, wake in self._children:
            wake.set()

    def stop(self, timeout_s: float = 30.0) -> None:
        """SIGTERM: each child finishes the sends it started, records them, hands the rest back."""
        for child, _wake in self._children:
            if child.is_alive():
                child.terminate()
        for child, _wake in self._children:
            child.join(timeout_s)
            if child.is_alive():
                log.warning("delivery process %s did not stop in %.0f s; killed", child.pid, timeout_s)
                child.kill()
                child.join()
        self._children = []


def _child_main(settings: ServerSettings, wake: Any, ready: Any, parent_pid: int) -> None:
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    # Ctrl-C in the terminal reaches the whole process group; the parent decides, then stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(levelname)s %(message)s")
    db = ServerDatabase(settings.database_url)
    pool = build_pool(db, settings)
    pool.start()
    ready.set()
    try:
        while not stopping.is_set():
            if wake.wait(CHILD_TICK_S):
                wake.clear()
                pool.wake()
            if os.getppid() != parent_pid:
                log.warning("the server process %s is gone; delivery process stopping", parent_pid)
                break
    finally:
        pool.stop()
        db.close()
