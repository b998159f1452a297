"""Qt face of ``devices.camera.CaptureLoop``: frames and statuses as signals.

The loop's callbacks run on its own threads. Each frame is converted to a ``QImage``
there (QImage, unlike QPixmap, may be built off the GUI thread), then handed to the GUI
thread through a queued signal. At most one frame is in flight: if the GUI has not
taken the previous one yet, the new one replaces it, so a busy GUI thread sees the
newest picture instead of a growing backlog.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage

from devices.camera import CameraState, CaptureLoop, Frame, FrameSource

log = logging.getLogger(__name__)

FrameListener = Callable[[Frame], None]


def ndarray_to_qimage(frame: Frame) -> QImage:
    """Copy a BGR (or grey, or BGRA) ``uint8`` array into a QImage that owns its pixels."""
    array = np.ascontiguousarray(frame)
    height, width = array.shape[:2]
    if array.ndim == 2:
        fmt = QImage.Format.Format_Grayscale8
    elif array.shape[2] == 3:
        fmt = QImage.Format.Format_BGR888
    elif array.shape[2] == 4:
        fmt = QImage.Format.Format_ARGB32  # BGRA bytes on little-endian machines
    else:
        raise ValueError(f"unsupported frame shape {array.shape}")
    image = QImage(array.data, width, height, array.strides[0], fmt)
    # The QImage above borrows numpy's buffer; copy() gives it pixels of its own.
    return image.copy()


class CameraWorker(QObject):
    """Owns a ``CaptureLoop`` over ``source`` and re-emits its output on the GUI thread.

    ``frame_ready(QImage)`` carries the newest frame; ``status_changed(state, detail)``
    carries a ``devices.camera.CameraState`` value and a technical detail. Frame
    listeners (``add_frame_listener``) get the raw BGR array on the capture thread,
    for decoders that must not wait for the GUI.
    """

    frame_ready = Signal(QImage)
    status_changed = Signal(str, str)

    _frame_waiting = Signal()
    _status_from_thread = Signal(str, str)

    def __init__(
        self,
        source: FrameSource,
        *,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 5.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._loop = CaptureLoop(
            source,
            self._on_frame,
            self._on_status,
            retry_initial_s=retry_initial_s,
            retry_max_s=retry_max_s,
        )
        self._lock = threading.Lock()
        self._pending: QImage | None = None
        self._listeners: list[FrameListener] = []
        self._state = CameraState.STOPPED.value
        self._frame_waiting.connect(self._deliver_frame, Qt.ConnectionType.QueuedConnection)
        self._status_from_thread.connect(self._deliver_status, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def source(self) -> FrameSource:
        return self._loop.source

    @property
    def state(self) -> str:
        """The last status delivered on the GUI thread."""
        return self._state

    def is_running(self) -> bool:
        return self._loop.is_running()

    def add_frame_listener(self, listener: FrameListener) -> None:
        """Call ``listener(frame)`` on the capture thread for every delivered frame.

        It must be quick (hand the frame to a worker); it must not touch widgets.
        """
        with self._lock:
            self._listeners.append(listener)

    def remove_frame_listener(self, listener: FrameListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @Slot()
    def start(self) -> None:
        if not self._loop.is_running():
            self._loop.start()

    @Slot()
    def stop(self, timeout_s: float = 2.0) -> bool:
        """Stop capture cooperatively; True once the loop's threads have ended."""
        stopped = self._loop.stop(timeout_s)
        if not stopped:
            log.warning("camera %s did not stop within %.1f s", self.source.name, timeout_s)
        return stopped

    # -- capture threads ------------------------------------------------------------

    def _on_frame(self, frame: Frame) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(frame)
            except Exception:
                log.exception("camera frame listener failed")
        image = ndarray_to_qimage(frame)
        with self._lock:
            already_waiting = self._pending is not None
            self._pending = image
        if not already_waiting:
            self._frame_waiting.emit()

    def _on_status(self, state: CameraState, detail: str) -> None:
        self._status_from_thread.emit(state.value, detail)

    # -- GUI thread -----------------------------------------------------------------

    @Slot()
    def _deliver_frame(self) -> None:
        with self._lock:
            image, self._pending = self._pending, None
        if image is not None:
            self.frame_ready.emit(image)

    @Slot(str, str)
    def _deliver_status(self, state: str, detail: str) -> None:
        self._state = state
        self.status_changed.emit(state, detail)
