"""Camera capture without Qt: frame sources and a capture loop that survives unplugging.

A ``FrameSource`` is opened, read frame by frame (BGR ``uint8`` arrays, as OpenCV gives
them) and closed. ``OpenCVCamera`` wraps ``cv2.VideoCapture``; ``VirtualCamera`` plays a
video file or a folder of images so the demo and the tests need no webcam.

``CaptureLoop`` runs a source on two plain threads: one reads frames as fast as the
source gives them, the other hands the newest frame to ``on_frame``. A slow consumer
therefore makes frames drop instead of piling up (a queue would show the cashier a
picture that is seconds old). When the source fails the loop reports ``lost`` and
reopens it with backoff, reporting ``running`` again once frames flow.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import cv2
import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Frame = npt.NDArray[np.uint8]
FrameCallback = Callable[[Frame], None]


class CameraError(RuntimeError):
    """A source could not be opened or stopped giving frames."""


class CameraState(StrEnum):
    """States passed to ``on_status``; the GUI translates them for people."""

    STARTING = "starting"
    RUNNING = "running"
    LOST = "lost"
    ENDED = "ended"
    STOPPED = "stopped"


StatusCallback = Callable[[CameraState, str], None]


@runtime_checkable
class FrameSource(Protocol):
    """Something that gives frames. Subclass it (or match it) for a new kind of camera.

    ``open``/``read``/``close`` are only called from the capture thread.
    """

    @property
    def name(self) -> str:
        """Short description for logs and status details."""
        ...

    def open(self) -> None:
        """Open the device; raise ``CameraError`` when it is not there."""
        ...

    def read(self) -> Frame | None:
        """Return the next frame, ``None`` when a finite source has ended, or raise
        ``CameraError`` when the device stopped giving frames."""
        ...

    def close(self) -> None:
        """Release the device; must not raise, and may be called when not open."""
        ...

    def interrupt(self) -> None:
        """Make a ``read`` that is waiting return soon. Called from another thread by
        ``CaptureLoop.stop``; sources whose reads are short need not do anything."""
        return None


class OpenCVCamera(FrameSource):
    """A webcam (device index) or a video file/stream (path or URL) via ``cv2.VideoCapture``.

    ``width``/``height``/``fps`` are requests; the driver picks the nearest mode it has.
    """

    def __init__(
        self,
        device: int | str,
        *,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        api_preference: int = cv2.CAP_ANY,
    ) -> None:
        self._device = device
        self._width = width
        self._height = height
        self._fps = fps
        self._api = api_preference
        self._capture: cv2.VideoCapture | None = None

    @property
    def name(self) -> str:
        return f"camera {self._device}"

    def open(self) -> None:
        self.close()
        capture = cv2.VideoCapture(self._device, self._api)
        if not capture.isOpened():
            capture.release()
            raise CameraError(f"cannot open {self.name}")
        if self._width:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._width)
        if self._height:
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._height)
        if self._fps:
            capture.set(cv2.CAP_PROP_FPS, self._fps)
        self._capture = capture

    def read(self) -> Frame:
        if self._capture is None:
            raise CameraError(f"{self.name} is not open")
        ok, frame = self._capture.read()
        if not ok or frame is None:
            raise CameraError(f"{self.name} returned no frame")
        return _as_bgr(frame)

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def interrupt(self) -> None:
        # cv2 has no safe way to cancel a read from another thread; a read returns
        # within one frame period anyway.
        return None


_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"}


def _natural_key(path: Path) -> list[int | str]:
    """Sort ``2.png`` before ``10.png``, as a person numbering files expects."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


def image_files(folder: Path) -> list[Path]:
    """The images in ``folder``, in natural order."""
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _IMAGE_SUFFIXES]
    return sorted(files, key=_natural_key)


class VirtualCamera(FrameSource):
    """Plays a video file or a folder of images at ``fps``, optionally looping.

    Unreadable images are skipped; if a whole pass yields nothing (the folder was
    emptied or removed) ``read`` raises ``CameraError`` like an unplugged camera.
    """

    def __init__(self, path: Path | str, *, fps: float = 10.0, loop: bool = True) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._path = Path(path)
        self._period = 1.0 / fps
        self._loop = loop
        self._files: list[Path] = []
        self._index = 0
        self._video: cv2.VideoCapture | None = None
        self._next_due = 0.0
        self._wake = threading.Event()

    @property
    def name(self) -> str:
        return f"virtual camera {self._path}"

    @property
    def fps(self) -> float:
        return 1.0 / self._period

    def open(self) -> None:
        self.close()
        self._wake.clear()
        if self._path.is_dir():
            files = image_files(self._path)
            if not files:
                raise CameraError(f"no images in {self._path}")
            self._files = files
            self._index = 0
        elif self._path.is_file():
            video = cv2.VideoCapture(str(self._path))
            if not video.isOpened():
                video.release()
                raise CameraError(f"cannot play {self._path}")
            self._video = video
        else:
            raise CameraError(f"{self._path} does not exist")
        self._next_due = time.monotonic()

    def read(self) -> Frame | None:
        frame = self._read_video() if self._video is not None else self._read_image()
        if frame is None:
            return None
        self._pace()
        return frame

    def close(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None
        self._files = []

    def interrupt(self) -> None:
        self._wake.set()

    def _pace(self) -> None:
        """Wait until this frame is due; a late reader does not get a catch-up burst."""
        now = time.monotonic()
        delay = self._next_due - now
        if delay > 0:
            self._wake.wait(delay)
        self._next_due = max(self._next_due, now) + self._period

    def _read_image(self) -> Frame | None:
        if not self._files:
            raise CameraError(f"{self.name} is not open")
        for _ in range(len(self._files)):
            if self._index >= len(self._files):
                if not self._loop:
                    return None
                self._index = 0
            path = self._files[self._index]
            self._index += 1
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is not None:
                return _as_bgr(image)
            log.warning("virtual camera: cannot read %s, skipped", path)
        raise CameraError(f"no readable images left in {self._path}")

    def _read_video(self) -> Frame | None:
        assert self._video is not None
        ok, frame = self._video.read()
        if not ok and self._loop:
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._video.read()
            if not ok:
                raise CameraError(f"cannot rewind {self._path}")
        if not ok or frame is None:
            return None
        return _as_bgr(frame)


def _as_bgr(frame: npt.NDArray[Any]) -> Frame:
    """Normalise what drivers hand back (grey, BGRA) to 3-channel BGR uint8."""
    if frame.dtype != np.uint8:
        raise CameraError(f"unsupported frame type {frame.dtype}")
    if frame.ndim == 2:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 3:
        return np.asarray(frame, dtype=np.uint8)
    raise CameraError(f"unsupported frame shape {frame.shape}")


@dataclass
class CaptureStats:
    """Counters for diagnostics and benchmarks."""

    frames_read: int = 0
    frames_delivered: int = 0
    frames_dropped: int = 0
    reconnects: int = 0


class CaptureLoop:
    """Reads a ``FrameSource`` on background threads; see the module docstring.

    ``on_frame`` runs on the delivery thread and ``on_status`` on the capture thread;
    both must be quick or hand work elsewhere. The last status is ``ended`` (a finite
    source ran out) or ``stopped``. ``retry_initial_s`` doubles after each
    failed attempt up to ``retry_max_s``.
    """

    def __init__(
        self,
        source: FrameSource,
        on_frame: FrameCallback,
        on_status: StatusCallback | None = None,
        *,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 5.0,
    ) -> None:
        self._source = source
        self._on_frame = on_frame
        self._on_status = on_status
        self._retry_initial = retry_initial_s
        self._retry_max = retry_max_s
        self._stop = threading.Event()
        self._cond = threading.Condition()
        self._latest: Frame | None = None
        self._capture_done = False
        self._threads: list[threading.Thread] = []
        self._state = CameraState.STOPPED
        self.stats = CaptureStats()

    @property
    def source(self) -> FrameSource:
        return self._source

    @property
    def state(self) -> CameraState:
        return self._state

    def is_running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def start(self) -> None:
        if self.is_running():
            raise RuntimeError("capture loop already running")
        self._stop.clear()
        self._latest = None
        self._capture_done = False
        self.stats = CaptureStats()
        self._threads = [
            threading.Thread(target=self._capture, name="camera-capture", daemon=True),
            threading.Thread(target=self._deliver, name="camera-deliver", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 2.0) -> bool:
        """Ask both threads to finish and wait; True when they have ended.

        A driver stuck inside a read cannot be forced; the threads are daemons so
        they never keep the process alive, and False tells the caller.
        """
        self._stop.set()
        self._source.interrupt()
        with self._cond:
            self._cond.notify_all()
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not self.is_running()

    # -- capture thread -------------------------------------------------------------

    def _capture(self) -> None:
        try:
            self._status(CameraState.STARTING, self._source.name)
            self._capture_until_stopped()
        finally:
            self._source.close()
            with self._cond:
                self._capture_done = True
                self._cond.notify_all()
            if self._state is not CameraState.ENDED:
                self._status(CameraState.STOPPED, "")

    def _capture_until_stopped(self) -> None:
        delay = self._retry_initial
        while not self._stop.is_set():
            try:
                self._source.open()
                self._read_until_failure()
                return  # stopped, or a finite source ended
            except CameraError as exc:
                reason = str(exc)
            except Exception as exc:  # a driver bug must not end capture for good
                log.exception("frame source %s failed", self._source.name)
                reason = f"{type(exc).__name__}: {exc}"
            self._source.close()
            if self._stop.is_set():
                return
            self._status(CameraState.LOST, f"{reason}; retrying in {delay:.1f} s")
            self.stats.reconnects += 1
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, self._retry_max)

    def _read_until_failure(self) -> None:
        first = True
        while not self._stop.is_set():
            frame = self._source.read()
            if frame is None:
                self._status(CameraState.ENDED, self._source.name)
                return
            if self._stop.is_set():
                return
            if first:
                self._status(CameraState.RUNNING, self._source.name)
                first = False
            with self._cond:
                self.stats.frames_read += 1
                if self._latest is not None:
                    self.stats.frames_dropped += 1
                self._latest = frame
                self._cond.notify_all()

    # -- delivery thread ------------------------------------------------------------

    def _deliver(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: self._latest is not None or self._stop.is_set() or self._capture_done
                )
                frame, self._latest = self._latest, None
            if self._stop.is_set() or frame is None:
                return
            self.stats.frames_delivered += 1
            try:
                self._on_frame(frame)
            except Exception:
                log.exception("camera frame consumer failed")

    def _status(self, state: CameraState, detail: str) -> None:
        self._state = state
        log.info("%s: %s %s", self._source.name, state, detail)
        if self._on_status is None:
            return
        try:
            self._on_status(state, detail)
        except Exception:
            log.exception("camera status consumer failed")
