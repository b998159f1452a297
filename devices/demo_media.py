"""Frames for the demo's virtual camera: demo products' barcodes as a webcam would see them.

Each product is rendered as a real EAN-13 (zxing-cpp's writer) on a label, placed on a
textured background with a slight tilt, blur and sensor noise, held for a number of
frames, then taken away for a few empty frames, like a cashier holding items to the
camera one after another. The decoders read these exactly as they read photos.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

FRAME_W, FRAME_H = 640, 480


def _barcode_label(code: str) -> np.ndarray:
    barcode = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.EAN13)
    image = np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=3, add_quiet_zones=True))
    label = cv2.copyMakeBorder(image, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(label, cv2.COLOR_GRAY2BGR)


def _background(rng: random.Random) -> np.ndarray:
    base = np.full((FRAME_H, FRAME_W, 3), (rng.randint(90, 140), rng.randint(100, 150), rng.randint(110, 160)), np.uint8)
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 12, base.shape)
    return np.clip(base + noise, 0, 255).astype(np.uint8)


def _place(background: np.ndarray, label: np.ndarray, rng: random.Random) -> np.ndarray:
    h, w = label.shape[:2]
    scale = min(0.8 * FRAME_W / w, 0.6 * FRAME_H / h, 1.0)
    label = cv2.resize(label, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    h, w = label.shape[:2]
    angle = rng.uniform(-8, 8)
    cx = FRAME_W / 2 + rng.uniform(-40, 40)
    cy = FRAME_H / 2 + rng.uniform(-30, 30)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[0, 2] += cx - w / 2
    matrix[1, 2] += cy - h / 2
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), matrix, (FRAME_W, FRAME_H))
    warped = cv2.warpAffine(label, matrix, (FRAME_W, FRAME_H))
    frame = background.copy()
    frame[mask > 0] = warped[mask > 0]
    frame = cv2.GaussianBlur(frame, (3, 3), 0.8)
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 4, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def render_product_frames(
    codes: Sequence[str], folder: Path, *, hold_frames: int = 6, gap_frames: int = 4, seed: int = 7
) -> list[Path]:
    """Write numbered PNG frames to ``folder`` (created); returns them in play order."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written: list[Path] = []
    index = 0

    def save(frame: np.ndarray) -> None:
        nonlocal index
        path = folder / f"{index:04d}.png"
        cv2.imwrite(str(path), frame)
        written.append(path)
        index += 1

    for code in codes:
        label = _barcode_label(code)
        background = _background(rng)
        for _ in range(hold_frames):
            save(_place(background, label, rng))
        for _ in range(gap_frames):
            save(_background(rng))
    return written
