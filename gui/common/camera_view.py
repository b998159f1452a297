"""Camera preview: the newest frame, a scanning guide, detection boxes, or a status text.

Wire it to a ``CameraWorker``::

    worker.frame_ready.connect(view.set_frame)
    worker.status_changed.connect(view.set_status)

Boxes are given in frame pixel coordinates (as decoders and face detectors report
them) and are mapped to the scaled picture when painted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget


class Overlay(Enum):
    """What is drawn over the picture to guide the person holding the item."""

    NONE = "none"
    BARCODE = "barcode"  # a wide guide rectangle with a red scan line
    FACE = "face"  # a tall guide rectangle for a face


@dataclass(frozen=True)
class OverlayBox:
    """A rectangle in frame pixels, e.g. a decoded barcode or a detected face."""

    x: float
    y: float
    width: float
    height: float
    label: str = ""
    color: QColor | None = None


_RUNNING = "running"
_BOX_COLOR = QColor(46, 204, 113)
_GUIDE_COLOR = QColor(255, 255, 255, 200)
_SCANLINE_COLOR = QColor(231, 76, 60, 220)


class CameraView(QWidget):
    """Paints frames scaled to fit (aspect ratio kept) with overlays on top.

    While the camera is not running (``set_status`` with anything but ``running``)
    the last frame is dropped and a status text is shown instead, so a stale picture
    is never mistaken for a live one.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._state: str | None = None
        self._detail = ""
        self._overlay = Overlay.BARCODE
        self._boxes: list[OverlayBox] = []
        self._mirrored = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(self.tr("Camera preview"))

    # -- state ----------------------------------------------------------------------

    def image(self) -> QImage | None:
        """The frame being shown, or None."""
        return self._image

    def has_image(self) -> bool:
        return self._image is not None

    def state(self) -> str | None:
        return self._state

    def status_text(self) -> str:
        """The sentence shown instead of a picture; empty while live."""
        if self._state is None:
            return "" if self._image is not None else self.tr("Waiting for the camera…")
        texts = {
            "starting": self.tr("Starting the camera…"),
            _RUNNING: "" if self._image is not None else self.tr("Waiting for the camera…"),
            "lost": self.tr("No camera — retrying…"),
            "ended": self.tr("The video has ended"),
            "stopped": self.tr("Camera off"),
        }
        return texts.get(self._state, self.tr("Camera unavailable"))

    def overlay(self) -> Overlay:
        return self._overlay

    def boxes(self) -> list[OverlayBox]:
        return list(self._boxes)

    # -- slots ----------------------------------------------------------------------

    @Slot(QImage)
    def set_frame(self, image: QImage) -> None:
        if self._state is not None and self._state != _RUNNING:
            return  # a frame that was in flight when the camera went away
        self._image = image
        self.update()

    @Slot(str, str)
    def set_status(self, state: str, detail: str) -> None:
        self._state = state
        self._detail = detail
        if state != _RUNNING:
            self._image = None
            self._boxes = []
        self.setToolTip(detail if state != _RUNNING else "")
        self.update()

    def set_overlay(self, overlay: Overlay) -> None:
        self._overlay = overlay
        self.update()

    def set_boxes(self, boxes: Sequence[OverlayBox]) -> None:
        """Replace the boxes drawn over the picture (an empty list clears them)."""
        self._boxes = list(boxes)
        self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        """Show the picture like a mirror (natural for a face check); boxes follow."""
        self._mirrored = mirrored
        self.update()

    def clear(self) -> None:
        self._image = None
        self._boxes = []
        self.update()

    # -- geometry -------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    def picture_rect(self) -> QRectF:
        """Where the frame is drawn inside the widget (empty without a frame)."""
        if self._image is None or self._image.isNull():
            return QRectF()
        size = QSize(self._image.size()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def frame_to_widget(self) -> QTransform:
        """Maps frame pixel coordinates to widget coordinates (mirroring included)."""
        target = self.picture_rect()
        if target.isEmpty() or self._image is None:
            return QTransform()
        sx = target.width() / self._image.width()
        sy = target.height() / self._image.height()
        if self._mirrored:
            return QTransform(-sx, 0, 0, sy, target.right(), target.top())
        return QTransform(sx, 0, 0, sy, target.left(), target.top())

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor(24, 24, 24))
            if self._image is None:
                self._paint_status(painter)
                return
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            target = self.picture_rect()
            image = self._image.mirrored(True, False) if self._mirrored else self._image
            painter.drawImage(target, image)
            self._paint_guide(painter, target)
            self._paint_boxes(painter)
        finally:
            painter.end()

    def _paint_status(self, painter: QPainter) -> None:
        painter.setPen(QColor(230, 230, 230))
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4)
        painter.setFont(font)
        painter.drawText(
            self.rect().adjusted(12, 12, -12, -12),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.status_text(),
        )

    def _paint_guide(self, painter: QPainter, target: QRectF) -> None:
        if self._overlay is Overlay.NONE:
            return
        if self._overlay is Overlay.BARCODE:
            guide = QRectF(0, 0, target.width() * 0.7, target.height() * 0.4)
        else:
            guide = QRectF(0, 0, target.height() * 0.5, target.height() * 0.7)
        guide.moveCenter(target.center())
        painter.setPen(QPen(_GUIDE_COLOR, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(guide, 8, 8)
        if self._overlay is Overlay.BARCODE:
            painter.setPen(QPen(_SCANLINE_COLOR, 2))
            y = guide.center().y()
            painter.drawLine(QPointF(guide.left() + 6, y), QPointF(guide.right() - 6, y))

    def _paint_boxes(self, painter: QPainter) -> None:
        if not self._boxes:
            return
        transform = self.frame_to_widget()
        metrics = painter.fontMetrics()
        for box in self._boxes:
            color = box.color or _BOX_COLOR
            rect = transform.mapRect(QRectF(box.x, box.y, box.width, box.height))
            painter.setPen(QPen(color, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            if box.label:
                text_rect = QRectF(metrics.boundingRect(box.label)).adjusted(-4, -2, 4, 2)
                text_rect.moveBottomLeft(rect.topLeft())
                if text_rect.top() < 0:
                    text_rect.moveTopLeft(rect.bottomLeft())
                painter.fillRect(text_rect, color)
                painter.setPen(QColor(0, 0, 0))
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, box.label)
