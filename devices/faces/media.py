"""Webcam-like frames from photos, for the virtual camera (tests, the benchmark, trying the pickup check).

A person at the desk, ~60 cm from the webcam, has a face about 35 % of the frame height
(research/faces.md §3): ``desk_frame`` scales a photo so that its face has that height
and centres the face in a 640x480 frame on a grey background.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np

from devices.faces.engine import FaceBox, Frame

FRAME_SIZE = (640, 480)


def blank_frame(size: tuple[int, int] = FRAME_SIZE, shade: int = 96) -> Frame:
    """An empty desk: no face in view."""
    return np.full((size[1], size[0], 3), shade, dtype=np.uint8)


def desk_frame(photo: Frame, face: FaceBox, *, size: tuple[int, int] = FRAME_SIZE,
               face_fraction: float = 0.35) -> Frame:
    """``photo`` scaled so ``face`` is ``face_fraction`` of the frame height, face centred."""
    width, height = size
    factor = face_fraction * height / max(1, face.height)
    scaled = cv2.resize(photo, None, fx=factor, fy=factor,
                        interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)
    cx = (face.left + face.right) / 2 * factor
    cy = (face.top + face.bottom) / 2 * factor
    frame = blank_frame(size)
    x0, y0 = round(width / 2 - cx), round(height / 2 - cy)
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    w = min(scaled.shape[1] - sx0, width - dx0)
    h = min(scaled.shape[0] - sy0, height - dy0)
    if w > 0 and h > 0:
        frame[dy0:dy0 + h, dx0:dx0 + w] = scaled[sy0:sy0 + h, sx0:sx0 + w]
    return frame


def write_video(frames: Iterable[Frame], path: Path, fps: float = 10.0) -> Path:
    """An MJPG .avi the virtual camera (OpenCV) plays back."""
    writer: cv2.VideoWriter | None = None
    try:
        for frame in frames:
            if writer is None:
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps,
                                         (frame.shape[1], frame.shape[0]))
                if not writer.isOpened():
                    raise OSError(f"cannot write a video to {path}")
            writer.write(frame)
    finally:
        if writer is not None:
            writer.release()
    return path
