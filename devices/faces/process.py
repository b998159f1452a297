"""The face engine in a child process, so dlib never holds the desk's GIL.

dlib's detector and encoder hold Python's GIL for their whole call (65-190 ms), which
would freeze the camera preview threads of the desk. ``EngineProcess`` runs a
``FaceEngine`` in a spawned child (never forked: the parent runs Qt) and offers the same
``analyse``/``look``/``still`` calls; the caller blocks in ``recv`` (which releases the
GIL). Calls are serialised by a lock; one child serves one desk.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import threading
from multiprocessing.connection import Connection
from typing import Any

from devices.faces.engine import (
    LIVE_PROFILE,
    STILL_PROFILE,
    Analysis,
    DetectProfile,
    FaceEngine,
    FaceShot,
    Frame,
    Look,
)

log = logging.getLogger(__name__)


class EngineGone(RuntimeError):
    """The child process ended (or never started)."""


def _serve(conn: Connection) -> None:
    engine = FaceEngine()
    try:
        engine.load()
        conn.send(("ready", engine.model_version))
    except Exception as exc:  # reported to the parent, which shows it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        op, args = request
        if op == "stop":
            return
        try:
            if op == "analyse":
                frame, profile, jitters = args
                result: Any = engine.analyse(frame, profile, jitters=jitters)
            elif op == "look":
                result = engine.look(*args)
            elif op == "still":
                image, profile, jitters = args
                result = engine.enrolment_photo(image, jitters=jitters, profile=profile)
            else:
                raise ValueError(f"unknown request {op!r}")
            conn.send(("ok", result))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class EngineProcess:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: Any = None
        self.model_version = ""

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self, timeout_s: float = 60.0) -> str:
        """Spawn the child and wait until its models are loaded (seconds); returns the model version."""
        with self._lock:
            if self.running:
                return self.model_version
            ctx = mp.get_context("spawn")
            parent, child = ctx.Pipe()
            process = ctx.Process(target=_serve, args=(child,), name="face-engine", daemon=True)
            process.start()
            child.close()
            if not parent.poll(timeout_s):
                process.kill()
                raise EngineGone("the face engine did not start in time")
            status, detail = parent.recv()
            if status != "ready":
                process.join(1)
                raise EngineGone(str(detail))
            self._conn, self._process, self.model_version = parent, process, str(detail)
            return self.model_version

    def _call(self, op: str, *args: Any) -> Any:
        with self._lock:
            if self._conn is None or not self.running:
                raise EngineGone("the face engine is not running")
            try:
                self._conn.send((op, args))
                status, result = self._conn.recv()
            except (EOFError, OSError) as exc:
                raise EngineGone(f"the face engine stopped: {exc}") from exc
        if status != "ok":
            raise RuntimeError(str(result))
        return result

    def analyse(self, frame: Frame, profile: DetectProfile = LIVE_PROFILE, *, jitters: int = 1) -> Analysis:
        result: Analysis = self._call("analyse", frame, profile, jitters)
        return result

    def look(self, frame: Frame, profile: DetectProfile) -> Look:
        result: Look = self._call("look", frame, profile)
        return result

    def enrolment_photo(self, image: Frame | None, *, jitters: int,
                        profile: DetectProfile = STILL_PROFILE) -> tuple[FaceShot, Any]:
        """An enrolment photo checked and, when usable, encoded with ``jitters``."""
        result: tuple[FaceShot, Any] = self._call("still", image, profile, jitters)
        return result

    def stop(self) -> None:
        with self._lock:
            conn, process, self._conn, self._process = self._conn, self._process, None, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send(("stop", ()))
            conn.close()
        if process is not None:
            process.join(2)
            if process.is_alive():
                process.kill()
