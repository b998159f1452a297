"""Small image helpers shared by backends and the pipeline."""

from __future__ import annotations

import cv2
import numpy as np

from devices.barcode.types import Image


def to_gray(image: Image) -> Image:
    """An 8-bit, C-contiguous grey copy/view of a grey, BGR or BGRA frame."""
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        image = np.asarray(cv2.cvtColor(image, code), dtype=np.uint8)
    elif image.ndim != 2:
        raise ValueError(f"expected a 2-D or 3-D image, got shape {image.shape}")
    if image.dtype != np.uint8:
        raise ValueError(f"expected an 8-bit image, got {image.dtype}")
    return np.ascontiguousarray(image)


def clahe(gray: Image) -> Image:
    """Local contrast equalisation: evens out glare and shadow along 1-D scan lines.

    barcodes.md: +6 points on EAN/UPC for zxing-cpp, QR and Code 128 unchanged.
    A new CLAHE object per call (microseconds) keeps this safe to call from several
    worker threads at once.
    """
    return np.asarray(cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray), dtype=np.uint8)
