"""Run work off the GUI thread and get the result back on it.

One helper for every slow call (Anki's ``CollectionOp``, Picard's ``run_task``):
``tasks.db(fn, *args, done=..., failed=...)`` runs ``fn`` on the single database
worker, so writes are serialised in submission order; ``tasks.io(...)`` runs on a
small pool for network, decoding and devices. ``done``/``failed`` are called on
the GUI thread. Never touch widgets inside ``fn``.

``owner=widget`` ties the callbacks to the widget that asked: once it is destroyed
(logout, a closed dialog) they are dropped, never called. ``key="search"`` with an
owner keeps only the newest answer: a result for (owner, key) older than the last
request submitted for the same (owner, key) is dropped, so a slow earlier search never
overwrites a later one. These replace per-page liveness checks and generation counters.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Owner:
    """What the runner knows about one owner: gone or not, and the newest request per key.

    The owner is held weakly: the runner must never be what keeps a closed dialog alive."""

    __slots__ = ("gone", "latest", "name", "ref")

    def __init__(self, obj: QObject) -> None:
        self.ref = weakref.ref(obj)
        self.name = type(obj).__name__
        self.gone = False
        self.latest: dict[str, int] = {}

    def alive(self) -> bool:
        obj = self.ref()
        return not self.gone and obj is not None and shiboken6.isValid(obj)


class _Outcome:
    """One finished job. Sent through the signal as a single object: PySide6 miscounts
    references to None passed through queued ``object`` arguments, so none ever is."""

    __slots__ = ("callback", "is_error", "key", "owner", "seq", "value")

    def __init__(
        self, callback: Callable[[Any], None] | None, value: Any, is_error: bool,
        owner: _Owner | None, key: str | None, seq: int,
    ) -> None:
        self.callback = callback
        self.value = value
        self.is_error = is_error
        self.owner = owner
        self.key = key
        self.seq = seq


class TaskRunner(QObject):
    _finished = Signal(object)  # _Outcome

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._io = ThreadPoolExecutor(max_workers=4, thread_name_prefix="io")
        self._pending = 0
        self._seq = 0
        # Keyed by id() of the owner's wrapper; an entry leaves when its owner is destroyed,
        # and outcomes hold the _Owner itself, so a reused id never inherits an old state.
        self._owners: dict[int, _Owner] = {}
        self._closed = False  # after shutdown(): the pools are gone, nothing new may start
        self._finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        """Tasks submitted whose callback has not run (or been dropped) yet; tests wait on this."""
        return self._pending

    def db(
        self, fn: Callable[..., Any], *args: Any, owner: QObject | None = None, key: str | None = None,
        done: Done | None = None, failed: Failed | None = None,
    ) -> None:
        """Run ``fn(*args)`` on the database worker; see the module docstring for owner and key."""
        self._submit(self._db, fn, args, owner, key, done, failed)

    def io(
        self, fn: Callable[..., Any], *args: Any, owner: QObject | None = None, key: str | None = None,
        done: Done | None = None, failed: Failed | None = None,
    ) -> None:
        """Run ``fn(*args)`` on the I/O pool; see the module docstring for owner and key."""
        self._submit(self._io, fn, args, owner, key, done, failed)

    def drop_pending(self, owner: QObject, key: str) -> None:
        """Answers still on their way for (owner, key) are dropped: the owner showed something newer
        without asking (a search box cleared), so they are as stale as a superseded request's."""
        self._seq += 1
        self._owner(owner).latest[key] = self._seq

    def _owner(self, obj: QObject) -> _Owner:
        key = id(obj)
        state = self._owners.get(key)
        if state is None or state.ref() is not obj:
            new = state = self._owners[key] = _Owner(obj)
            obj.destroyed.connect(lambda *_: self._forget(key, new))
        return state

    def _forget(self, key: int, state: _Owner) -> None:
        state.gone = True
        if self._owners.get(key) is state:
            del self._owners[key]

    def _submit(
        self, pool: ThreadPoolExecutor, fn: Callable[..., Any], args: tuple[Any, ...],
        owner: QObject | None, key: str | None, done: Done | None, failed: Failed | None,
    ) -> None:
        if self._closed:
            return
        if key is not None and owner is None:
            raise ValueError("a task key needs an owner")
        state = self._owner(owner) if owner is not None else None
        self._seq += 1
        seq = self._seq
        if state is not None and key is not None:
            state.latest[key] = seq
        self._pending += 1

        def job() -> None:
            try:
                value = fn(*args)
            except BaseException as exc:  # delivered to the GUI thread, never swallowed
                self._finished.emit(_Outcome(failed, exc, True, state, key, seq))
            else:
                self._finished.emit(_Outcome(done, value, False, state, key, seq))

        pool.submit(job)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        self._pending -= 1
        if self._closed:
            return  # the window that asked is gone; its widgets may already be deleted
        owner = outcome.owner
        if owner is not None:
            if not owner.alive():
                log.debug("dropped a result for a destroyed %s: %r", owner.name, outcome.value)
                return
            if outcome.key is not None and owner.latest.get(outcome.key) != outcome.seq:
                log.debug("dropped a stale %r result: %r", outcome.key, outcome.value)
                return
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
