"""Run work off the GUI thread and get the result back on it.

One helper for every slow call (Anki's ``CollectionOp``, Picard's ``run_task``):
``tasks.db(fn, *args, done=..., failed=...)`` runs ``fn`` on the single database
worker, so writes are serialised in submission order; ``tasks.io(...)`` runs on a
small pool for network, decoding and devices. ``done``/``failed`` are called on
the GUI thread. Never touch widgets inside ``fn``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Outcome:
    """One finished job. Sent through the signal as a single object: PySide6 miscounts
    references to None passed through queued ``object`` arguments, so none ever is."""

    __slots__ = ("callback", "is_error", "value")

    def __init__(self, callback: Callable[[Any], None] | None, value: Any, is_error: bool) -> None:
        self.callback = callback
        self.value = value
        self.is_error = is_error


class TaskRunner(QObject):
    _finished = Signal(object)  # _Outcome

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._io = ThreadPoolExecutor(max_workers=4, thread_name_prefix="io")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        """Tasks submitted whose callback has not run yet (tests wait on this)."""
        return self._pending

    def db(self, fn: Callable[..., Any], *args: Any, done: Done | None = None, failed: Failed | None = None) -> None:
        self._submit(self._db, fn, args, done, failed)

    def io(self, fn: Callable[..., Any], *args: Any, done: Done | None = None, failed: Failed | None = None) -> None:
        self._submit(self._io, fn, args, done, failed)

    def _submit(
        self, pool: ThreadPoolExecutor, fn: Callable[..., Any], args: tuple[Any, ...], done: Done | None, failed: Failed | None
    ) -> None:
        if self._closed:
            return
        self._pending += 1

        def job() -> None:
            try:
                value = fn(*args)
            except BaseException as exc:  # delivered to the GUI thread, never swallowed
                self._finished.emit(_Outcome(failed, exc, True))
            else:
                self._finished.emit(_Outcome(done, value, False))

        pool.submit(job)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        self._pending -= 1
        if self._closed:
            return  # the window that asked is gone; its widgets may already be deleted
        if outcome.callback is not None:
            outcome.callback(outcome.value)
        elif outcome.is_error:
            # Nobody asked to handle it: let the application's error handler show it.
            raise outcome.value

    def shutdown(self) -> None:
        """Finish what is running (a write half-done is worse than a slow exit), start nothing new."""
        self._closed = True
        self._io.shutdown(wait=False, cancel_futures=True)
        self._db.shutdown(wait=True)
