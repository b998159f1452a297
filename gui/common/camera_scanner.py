"""Camera scanning: frames are decoded on the capture thread, accepted codes arrive by signal.

A code counts only when consecutive frames agree (every decoder misreads now and then
with a valid check digit), and an item held in view rings up once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from gui.common.camera_view import CameraView, Overlay, OverlayBox
from gui.common.camera_worker import CameraWorker

if TYPE_CHECKING:
    import numpy as np

    from devices.camera import FrameSource

log = logging.getLogger(__name__)

# Per-frame budget for the decoding pipeline: a frame without a code must not cost
# 80 ms (bench/results/decode.json), or the preview stutters at 10 frames a second.
DECODE_BUDGET_MS = 12.0


class CameraScanner(QObject):
    code_read = Signal(str)
    _code_from_thread = Signal(str)
    _boxes_from_thread = Signal(object)  # list[OverlayBox], never None

    def __init__(self, source: FrameSource, *, frames_to_agree: int, repeat_window_s: float,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        from devices.barcode import FrameConsensus, PipelineDecoder

        self.decoder = PipelineDecoder(max_ms=DECODE_BUDGET_MS)
        self.consensus = FrameConsensus(required=frames_to_agree, window_s=repeat_window_s, repeat_in_view=False)
        self.worker = CameraWorker(source, parent=self)
        self.worker.add_frame_listener(self._on_frame)
        self._code_from_thread.connect(self.code_read, Qt.ConnectionType.QueuedConnection)
        self.view: CameraView | None = None
        self.frames_decoded = 0

    def attach(self, view: CameraView) -> None:
        self.view = view
        view.set_overlay(Overlay.BARCODE)
        self.worker.frame_ready.connect(view.set_frame)
        self.worker.status_changed.connect(view.set_status)
        self._boxes_from_thread.connect(view.set_boxes, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> bool:
        self.worker.remove_frame_listener(self._on_frame)
        return self.worker.stop()

    def _on_frame(self, frame: np.ndarray) -> None:
        """Capture thread: decode, vote, hand accepted codes to the GUI thread."""
        reads = self.decoder.decode(frame)
        self.frames_decoded += 1
        boxes = [OverlayBox(*read.bbox, label=read.text) for read in reads if read.bbox is not None]
        self._boxes_from_thread.emit(boxes)
        for read in self.consensus.feed(reads):
            self._code_from_thread.emit(read.gtin or read.text)
