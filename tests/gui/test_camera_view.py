"""CameraWorker and CameraView fed by a VirtualCamera over the shared barcode images."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QPointF, QSize
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from devices.camera import Frame, VirtualCamera
from gui.common.camera_view import CameraView, Overlay, OverlayBox
from gui.common.camera_worker import CameraWorker, ndarray_to_qimage
from tests.conftest import SHARED_DATA

EAN13 = SHARED_DATA / "barcodes" / "ean13-1"


@pytest.fixture
def workers() -> Iterator[list[CameraWorker]]:
    """Workers made by a test; all are stopped afterwards, even when it fails."""
    made: list[CameraWorker] = []
    yield made
    for worker in made:
        assert worker.stop()


def make_worker(workers: list[CameraWorker], source: VirtualCamera) -> CameraWorker:
    worker = CameraWorker(source, retry_initial_s=0.05, retry_max_s=0.2)
    workers.append(worker)
    return worker


def test_frames_reach_the_view(qtbot: QtBot, workers: list[CameraWorker]) -> None:
    worker = make_worker(workers, VirtualCamera(EAN13, fps=30))
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(320, 240)
    view.show()
    worker.frame_ready.connect(view.set_frame)
    worker.status_changed.connect(view.set_status)

    with qtbot.waitSignal(worker.frame_ready, timeout=3000) as blocker:
        worker.start()
    image = blocker.args[0]
    assert isinstance(image, QImage) and not image.isNull()
    first = cv2.imread(str(EAN13 / "1.png"))
    assert first is not None
    assert image.size() == QSize(first.shape[1], first.shape[0])
    qtbot.waitUntil(view.has_image, timeout=3000)
    assert view.state() == "running"
    assert worker.state == "running"
    assert view.status_text() == ""
    assert not view.grab().isNull()  # paints the frame with the scanning guide

    with qtbot.waitSignal(worker.status_changed, timeout=3000) as status:
        assert worker.stop()
    assert status.args[0] == "stopped"
    assert not view.has_image()
    assert view.status_text() == "Camera off"


def test_missing_camera_shows_retrying_text(
    qtbot: QtBot, tmp_path: Path, workers: list[CameraWorker]
) -> None:
    worker = make_worker(workers, VirtualCamera(tmp_path / "no-camera-here"))
    view = CameraView()
    qtbot.addWidget(view)
    worker.status_changed.connect(view.set_status)
    worker.frame_ready.connect(view.set_frame)
    with qtbot.waitSignal(
        worker.status_changed, timeout=3000, check_params_cb=lambda state, _: state == "lost"
    ) as blocker:
        worker.start()
    assert "does not exist" in blocker.args[1]
    assert view.status_text() == "No camera — retrying…"
    assert "does not exist" in view.toolTip()
    assert not view.has_image()
    painted = view.grab().toImage()
    colours = {painted.pixel(x, painted.height() // 2) for x in range(painted.width())}
    assert len(colours) > 1  # the status text is drawn over the background


def test_camera_coming_back_brings_the_picture_back(
    qtbot: QtBot, tmp_path: Path, workers: list[CameraWorker]
) -> None:
    folder = tmp_path / "cam"
    worker = make_worker(workers, VirtualCamera(folder, fps=30))
    view = CameraView()
    qtbot.addWidget(view)
    worker.status_changed.connect(view.set_status)
    worker.frame_ready.connect(view.set_frame)
    with qtbot.waitSignal(
        worker.status_changed, timeout=3000, check_params_cb=lambda state, _: state == "lost"
    ):
        worker.start()
    folder.mkdir()
    cv2.imwrite(str(folder / "1.png"), np.full((60, 80, 3), 128, dtype=np.uint8))
    qtbot.waitUntil(view.has_image, timeout=3000)
    assert view.state() == "running"


def test_busy_gui_gets_only_the_newest_frame(qtbot: QtBot, workers: list[CameraWorker]) -> None:
    worker = make_worker(workers, VirtualCamera(EAN13, fps=200))
    received: list[QImage] = []
    worker.frame_ready.connect(received.append)
    with qtbot.waitSignal(worker.frame_ready, timeout=3000):
        worker.start()
    time.sleep(0.4)  # the GUI thread is busy; ~80 frames are captured meanwhile
    before = len(received)
    QCoreApplication.processEvents()
    assert len(received) - before <= 2


def test_frame_listener_gets_arrays_off_the_gui_thread(
    qtbot: QtBot, workers: list[CameraWorker]
) -> None:
    worker = make_worker(workers, VirtualCamera(EAN13, fps=60))
    got: list[tuple[Frame, bool]] = []
    event = threading.Event()

    def listener(frame: Frame) -> None:
        got.append((frame, threading.current_thread() is threading.main_thread()))
        event.set()

    worker.add_frame_listener(listener)
    worker.start()
    assert event.wait(3.0)
    frame, on_main = got[0]
    assert frame.ndim == 3 and frame.dtype == np.uint8
    assert not on_main


def test_ndarray_to_qimage_formats_and_copies() -> None:
    bgr = np.zeros((2, 3, 3), dtype=np.uint8)
    bgr[0, 0] = (0, 0, 255)  # red in BGR
    bgr[1, 2] = (255, 0, 0)  # blue
    image = ndarray_to_qimage(bgr)
    bgr[:] = 0  # the image must own its pixels
    assert image.pixelColor(0, 0) == QColor(255, 0, 0)
    assert image.pixelColor(2, 1) == QColor(0, 0, 255)

    grey = np.array([[0, 200]], dtype=np.uint8)
    assert ndarray_to_qimage(grey).pixelColor(1, 0) == QColor(200, 200, 200)

    bgra = np.zeros((1, 1, 4), dtype=np.uint8)
    bgra[0, 0] = (0, 255, 0, 255)
    assert ndarray_to_qimage(bgra).pixelColor(0, 0) == QColor(0, 255, 0)

    wide = np.zeros((10, 20, 3), dtype=np.uint8)[:, ::2]  # not contiguous
    assert ndarray_to_qimage(wide).size() == QSize(10, 10)


def solid_image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(0, 0, 128))
    return image


def test_boxes_are_mapped_from_frame_to_widget(qtbot: QtBot) -> None:
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.set_overlay(Overlay.NONE)
    view.set_frame(solid_image(320, 240))
    assert view.frame_to_widget().map(QPointF(10, 10)) == QPointF(20, 20)

    box_color = QColor(255, 200, 0)
    view.set_boxes([OverlayBox(50, 50, 100, 60, label="6901234567892", color=box_color)])
    grabbed = view.grab().toImage()
    assert grabbed.pixelColor(100, 160) == box_color  # left edge: frame x=50, scaled 2x
    assert grabbed.pixelColor(299, 160) == box_color  # right edge: frame x=150
    assert grabbed.pixelColor(320, 300) == QColor(0, 0, 128)  # the picture itself

    view.set_mirrored(True)
    assert view.frame_to_widget().map(QPointF(10, 10)) == QPointF(620, 20)


def test_picture_keeps_its_aspect_ratio(qtbot: QtBot) -> None:
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.set_frame(solid_image(400, 300))
    rect = view.picture_rect()
    assert rect.height() == 400
    assert rect.width() == pytest.approx(400 * 4 / 3, abs=1)
    assert rect.left() == pytest.approx((800 - rect.width()) / 2)
    for overlay in Overlay:
        view.set_overlay(overlay)
        assert not view.grab().isNull()


def test_frame_in_flight_after_loss_is_ignored(qtbot: QtBot) -> None:
    view = CameraView()
    qtbot.addWidget(view)
    view.set_status("running", "camera 0")
    view.set_frame(solid_image(40, 30))
    assert view.has_image()
    view.set_status("lost", "camera 0 returned no frame")
    assert not view.has_image()
    view.set_frame(solid_image(40, 30))
    assert not view.has_image()
    assert view.status_text() == "No camera — retrying…"
