"""Face recognition beside the camera preview: the newest frame only, on a thread of its own.

The capture thread offers every frame (``offer``); while the worker is busy with one,
the others are dropped, so the preview (fed separately by ``CameraWorker``) keeps its
frame rate. Detection and encoding run in the face engine's child process
(``devices.faces.EngineProcess``: dlib holds the GIL for its whole call, which would
freeze the preview). Results reach the GUI thread through queued signals, never None.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from services.faces.check import FaceCheck, LivenessCheck

if TYPE_CHECKING:
    import numpy as np

    from services.faces.check import Analyser
    from services.faces.rules import Gallery, Thresholds

log = logging.getLogger(__name__)


class FaceWorker(QObject):
    ready = Signal(str)  # the engine is loaded: its model version
    unavailable = Signal(str)  # the engine could not start: why (technical)
    frame_result = Signal(object)  # services.faces.check.FrameResult
    liveness_step = Signal(object)  # services.faces.check.LivenessStep

    def __init__(self, gallery: Gallery, thresholds: Thresholds, *, engine: Analyser | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._owns_engine = engine is None
        self._gallery = gallery
        self._thresholds = thresholds
        self._cond = threading.Condition()
        self._latest: np.ndarray | None = None
        self._commands: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._check: FaceCheck | None = None
        self._liveness: LivenessCheck | None = None
        self._paused = False
        self.busy = False
        self.frames_processed = 0
        self.frames_dropped = 0

    # -- GUI thread -----------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="face-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout_s)
        engine, self._engine = self._engine, None
        if self._owns_engine and engine is not None:
            engine.stop()  # type: ignore[attr-defined]

    def set_candidates(self, candidates: Collection[int] | None) -> None:
        """Verify against these residents (parcels waiting); None or empty: search everyone."""
        ids = frozenset(candidates or ())
        self._command(lambda: self._check.set_candidates(ids) if self._check else None)

    def start_liveness(self, kind: str, timeout_s: float = 8.0) -> None:
        def go() -> None:
            assert self._engine is not None
            self._liveness = LivenessCheck(self._engine, kind, timeout_s=timeout_s)
        self._command(go)

    def recognise_again(self) -> None:
        """Back to recognition from scratch (next person, or after a release)."""
        def go() -> None:
            self._liveness = None
            self._paused = False
            if self._check is not None:
                self._check.reset()
        self._command(go)

    def resume(self) -> None:
        """Go on analysing without forgetting the decision: the same face is not decided again
        until it has left the picture."""
        def go() -> None:
            self._paused = False
        self._command(go)

    def pause(self) -> None:
        """Stop analysing (a resident is being served); frames are still shown."""
        def go() -> None:
            self._paused = True
            self._liveness = None
        self._command(go)

    def _command(self, fn: Callable[[], None]) -> None:
        with self._cond:
            self._commands.append(fn)
            self._cond.notify_all()

    # -- capture thread -------------------------------------------------------------

    def offer(self, frame: np.ndarray) -> None:
        """Called for every captured frame; keeps only the newest while the worker is busy."""
        with self._cond:
            if self.busy or self._latest is not None:
                self.frames_dropped += 1
            self._latest = frame
            self._cond.notify_all()

    # -- worker thread --------------------------------------------------------------

    def _run(self) -> None:
        try:
            if self._engine is None:
                from devices.faces import EngineProcess

                process = EngineProcess()
                process.start()
                self._engine = process
                version = process.model_version
            else:
                version = "in-process"
        except Exception as exc:
            log.exception("face engine did not start")
            self.unavailable.emit(f"{type(exc).__name__}: {exc}")
            return
        self._check = FaceCheck(self._engine, self._gallery, self._thresholds)
        self.ready.emit(version)
        while not self._stop.is_set():
            with self._cond:
                self._cond.wait_for(lambda: self._latest is not None or self._commands or self._stop.is_set())
                commands, self._commands = self._commands, []
                frame, self._latest = self._latest, None
                self.busy = frame is not None
            for command in commands:
                command()
            if frame is None or self._stop.is_set():
                continue
            try:
                self._process(frame)
            except Exception:
                if self._stop.is_set():
                    return
                log.exception("face recognition failed on a frame")
            finally:
                self.busy = False

    def _process(self, frame: np.ndarray) -> None:
        result: Any
        if self._liveness is not None:
            result = self._liveness.process(frame)
            self.frames_processed += 1
            self.liveness_step.emit(result)
            if result.passed or result.expired:
                self._liveness = None
                self._paused = True
            return
        if self._paused or self._check is None:
            return
        result = self._check.process(frame)
        self.frames_processed += 1
        self.frame_result.emit(result)
