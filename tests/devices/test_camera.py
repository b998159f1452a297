"""Frame sources and the capture loop, with real images from the shared data folder."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera import (
    CameraError,
    CameraState,
    CaptureLoop,
    Frame,
    FrameSource,
    OpenCVCamera,
    VirtualCamera,
    image_files,
)
from tests.conftest import SHARED_DATA

EAN13 = SHARED_DATA / "barcodes" / "ean13-1"
TIMEOUT_S = 5.0


class Statuses:
    """Thread-safe record of (state, detail) callbacks with waiting."""

    def __init__(self) -> None:
        self.log: list[tuple[CameraState, str]] = []
        self._cond = threading.Condition()

    def __call__(self, state: CameraState, detail: str) -> None:
        with self._cond:
            self.log.append((state, detail))
            self._cond.notify_all()

    def states(self) -> list[CameraState]:
        with self._cond:
            return [state for state, _ in self.log]

    def wait_for(self, *sequence: CameraState) -> None:
        """Wait until ``sequence`` appears in order (not necessarily adjacent)."""

        def seen() -> bool:
            it = iter(state for state, _ in self.log)
            return all(any(s == wanted for s in it) for wanted in sequence)

        with self._cond:
            if not self._cond.wait_for(seen, TIMEOUT_S):
                raise AssertionError(f"never saw {sequence}; got {self.log}")


def imread(path: Path) -> Frame:
    image = cv2.imread(str(path))
    assert image is not None, path
    return np.asarray(image, dtype=np.uint8)


def test_image_folder_is_in_natural_order() -> None:
    names = [p.name for p in image_files(EAN13)]
    assert names[:3] == ["1.png", "2.png", "3.png"]
    assert len(names) == 34


def test_virtual_camera_reads_images_in_order() -> None:
    camera = VirtualCamera(EAN13, fps=1000)
    camera.open()
    try:
        for name in ("1.png", "2.png", "3.png"):
            frame = camera.read()
            assert frame is not None
            assert np.array_equal(frame, imread(EAN13 / name))
    finally:
        camera.close()


def test_virtual_camera_delivers_at_the_set_rate() -> None:
    frames: queue.Queue[Frame] = queue.Queue()
    statuses = Statuses()
    loop = CaptureLoop(VirtualCamera(EAN13, fps=20), frames.put, statuses)
    loop.start()
    try:
        statuses.wait_for(CameraState.RUNNING)
        first = frames.get(timeout=TIMEOUT_S)
        started = time.monotonic()
        count = 0
        while time.monotonic() - started < 1.0:
            frames.get(timeout=TIMEOUT_S)
            count += 1
    finally:
        assert loop.stop()
    assert first.ndim == 3 and first.shape[2] == 3 and first.dtype == np.uint8
    assert 14 <= count <= 26, count
    assert statuses.states()[0] == CameraState.STARTING
    assert statuses.states()[-1] == CameraState.STOPPED


def test_finite_source_ends() -> None:
    statuses = Statuses()
    loop = CaptureLoop(VirtualCamera(EAN13, fps=500, loop=False), lambda f: None, statuses)
    loop.start()
    statuses.wait_for(CameraState.RUNNING, CameraState.ENDED)
    assert loop.stop()
    assert loop.stats.frames_read == 34
    assert statuses.states()[-1] == CameraState.ENDED


def write_video(path: Path, count: int) -> None:
    """Encode the first ``count`` barcode images as an MJPG video (a derived file)."""
    files = image_files(EAN13)[:count]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (640, 480))
    assert writer.isOpened()
    for file in files:
        writer.write(cv2.resize(imread(file), (640, 480)))
    writer.release()


def test_video_file_through_opencv_and_virtual_camera(tmp_path: Path) -> None:
    video = tmp_path / "clip.avi"
    write_video(video, 5)

    camera = OpenCVCamera(str(video))
    camera.open()
    try:
        frames = [camera.read() for _ in range(5)]
        assert all(f.shape == (480, 640, 3) for f in frames)
        with pytest.raises(CameraError):
            camera.read()  # past the end: a real camera would be "unplugged" here
    finally:
        camera.close()

    looping = VirtualCamera(video, fps=1000, loop=True)
    looping.open()
    try:
        assert all(looping.read() is not None for _ in range(12))
    finally:
        looping.close()


def test_missing_devices_raise_camera_error(tmp_path: Path) -> None:
    with pytest.raises(CameraError):
        OpenCVCamera(str(tmp_path / "video0")).open()
    with pytest.raises(CameraError):
        VirtualCamera(tmp_path / "nothing-here").open()
    with pytest.raises(CameraError):
        VirtualCamera(tmp_path).open()  # a folder without images


class FlakySource(FrameSource):
    """Fails to open ``open_failures`` times, then gives ``good_frames`` frames, then
    fails reading once (an unplug), then works for good."""

    def __init__(self, open_failures: int, good_frames: int) -> None:
        self.open_failures = open_failures
        self.good_frames = good_frames
        self.opens = 0
        self.reads = 0
        self.is_open = False
        self.unplugged_once = False

    @property
    def name(self) -> str:
        return "flaky"

    def open(self) -> None:
        self.opens += 1
        if self.opens <= self.open_failures:
            raise CameraError("device not found")
        self.is_open = True

    def read(self) -> Frame:
        assert self.is_open
        time.sleep(0.005)
        self.reads += 1
        if self.reads == self.good_frames and not self.unplugged_once:
            self.unplugged_once = True
            raise CameraError("read failed")
        return np.full((4, 4, 3), self.reads % 256, dtype=np.uint8)

    def close(self) -> None:
        self.is_open = False


def test_failing_source_goes_lost_then_running_again() -> None:
    source = FlakySource(open_failures=3, good_frames=5)
    statuses = Statuses()
    frames: queue.Queue[Frame] = queue.Queue()
    loop = CaptureLoop(source, frames.put, statuses, retry_initial_s=0.01, retry_max_s=0.05)
    loop.start()
    try:
        statuses.wait_for(
            CameraState.STARTING,
            CameraState.LOST,
            CameraState.LOST,
            CameraState.LOST,
            CameraState.RUNNING,
            CameraState.LOST,
            CameraState.RUNNING,
        )
        frames.get(timeout=TIMEOUT_S)
    finally:
        assert loop.stop()
    states = statuses.states()
    assert states[:5] == [CameraState.STARTING] + [CameraState.LOST] * 3 + [CameraState.RUNNING]
    lost_details = [detail for state, detail in statuses.log if state == CameraState.LOST]
    assert "device not found" in lost_details[0] and "retrying" in lost_details[0]
    assert "read failed" in lost_details[-1]
    assert source.opens == 5
    assert loop.stats.reconnects == 4
    assert not source.is_open  # closed by the capture thread on stop


def test_image_folder_vanishing_and_returning(tmp_path: Path) -> None:
    """Unplug for the virtual camera: its folder disappears, then comes back."""
    folder = tmp_path / "cam"
    folder.mkdir()
    for i in range(3):
        cv2.imwrite(str(folder / f"{i}.png"), np.full((8, 8, 3), i * 50, dtype=np.uint8))
    statuses = Statuses()
    loop = CaptureLoop(
        VirtualCamera(folder, fps=200), lambda f: None, statuses, retry_initial_s=0.02,
        retry_max_s=0.05,
    )
    loop.start()
    try:
        statuses.wait_for(CameraState.RUNNING)
        away = tmp_path / "away"
        folder.rename(away)
        statuses.wait_for(CameraState.RUNNING, CameraState.LOST)
        time.sleep(0.1)
        away.rename(folder)
        statuses.wait_for(CameraState.RUNNING, CameraState.LOST, CameraState.RUNNING)
    finally:
        assert loop.stop()


def test_stop_is_prompt_while_waiting_for_a_slow_frame() -> None:
    statuses = Statuses()
    loop = CaptureLoop(VirtualCamera(EAN13, fps=0.2), lambda f: None, statuses)
    loop.start()
    statuses.wait_for(CameraState.RUNNING)
    started = time.monotonic()
    assert loop.stop()
    assert time.monotonic() - started < 0.5


def test_stop_is_prompt_during_retry_backoff(tmp_path: Path) -> None:
    statuses = Statuses()
    loop = CaptureLoop(VirtualCamera(tmp_path / "gone"), lambda f: None, statuses, retry_initial_s=30)
    loop.start()
    statuses.wait_for(CameraState.LOST)
    started = time.monotonic()
    assert loop.stop()
    assert time.monotonic() - started < 0.5
    assert statuses.states()[-1] == CameraState.STOPPED


class CountingSource(FrameSource):
    """A fast source whose frames carry their sequence number in the first pixel."""

    def __init__(self) -> None:
        self.count = 0

    @property
    def name(self) -> str:
        return "counting"

    def open(self) -> None:
        self.count = 0

    def read(self) -> Frame:
        time.sleep(0.002)
        self.count += 1
        frame = np.zeros((2, 2, 3), dtype=np.uint8)
        frame[0, 0] = (self.count & 0xFF, (self.count >> 8) & 0xFF, (self.count >> 16) & 0xFF)
        return frame

    def close(self) -> None:
        return None


def frame_number(frame: Frame) -> int:
    b, g, r = (int(v) for v in frame[0, 0])
    return b | (g << 8) | (r << 16)


def test_slow_consumer_gets_the_newest_frame_and_old_ones_drop() -> None:
    source = CountingSource()
    seen: list[tuple[int, int]] = []

    def slow_consumer(frame: Frame) -> None:
        seen.append((frame_number(frame), source.count))
        time.sleep(0.05)

    loop = CaptureLoop(source, slow_consumer)
    loop.start()
    time.sleep(0.5)
    assert loop.stop()
    assert len(seen) >= 4
    numbers = [n for n, _ in seen]
    assert numbers == sorted(numbers)
    # Each delivered frame was the newest one when the consumer got it (at most a
    # frame or two behind), never a backlog.
    assert all(current - n <= 2 for n, current in seen[1:])
    assert loop.stats.frames_dropped > loop.stats.frames_delivered
