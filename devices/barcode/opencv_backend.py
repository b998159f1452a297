"""OpenCV backend: ``cv2.barcode.BarcodeDetector`` for 1-D, ``cv2.QRCodeDetector`` for QR.

barcodes.md: weakest of the three (no UPC-E, no Code 128 - it turns Code 128 labels
into made-up EAN/UPC numbers - and slower on QR). Kept for comparison and as a
backend that needs nothing beyond the OpenCV wheel; not used by the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import cv2
import numpy as np

from devices.barcode.imaging import to_gray
from devices.barcode.normalize import make_read, unique
from devices.barcode.types import ALL_FORMATS, BarcodeFormat, DecoderUnavailable, Image, Read

_FROM_CV = {
    "EAN_13": BarcodeFormat.EAN13,
    "EAN_8": BarcodeFormat.EAN8,
    "UPC_A": BarcodeFormat.UPCA,
    "UPC_E": BarcodeFormat.UPCE,
    "CODE_128": BarcodeFormat.CODE128,
}


def _polygon(points: Any) -> list[tuple[float, float]] | None:
    if points is None:
        return None
    pts = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    return [(float(x), float(y)) for x, y in pts]


class OpenCVDecoder:
    """1-D codes through ``BarcodeDetector``, QR through ``QRCodeDetector`` (multi)."""

    def __init__(self, formats: Iterable[BarcodeFormat] = ALL_FORMATS, *,
                 name: str = "opencv") -> None:
        self.name = name
        self.formats = frozenset(formats) - {BarcodeFormat.OTHER}
        self._reason = ""
        self._bar: Any = None
        self._qr: Any = None
        try:
            if self.formats - {BarcodeFormat.QR}:
                self._bar = cv2.barcode.BarcodeDetector()
            if BarcodeFormat.QR in self.formats:
                self._qr = cv2.QRCodeDetector()
        except (AttributeError, cv2.error) as exc:
            self._reason = f"OpenCV detectors missing in this build: {exc}"

    def available(self) -> tuple[bool, str]:
        return (not self._reason, self._reason)

    def decode(self, image: Image) -> list[Read]:
        if self._reason:
            raise DecoderUnavailable(self._reason)
        gray = to_gray(image)
        reads = []
        if self._bar is not None:
            ok, texts, types, points = self._bar.detectAndDecodeWithType(gray)
            if ok:
                pts = np.asarray(points).reshape(-1, 4, 2) if points is not None else None
                for i, (text, kind) in enumerate(zip(texts, types, strict=False)):
                    fmt = _FROM_CV.get(kind)
                    if not text or fmt is None or fmt not in self.formats:
                        continue
                    poly = _polygon(pts[i]) if pts is not None and i < len(pts) else None
                    reads.append(make_read(text, fmt, poly, self.name))
        if self._qr is not None:
            try:
                ok, texts, points, _ = self._qr.detectAndDecodeMulti(gray)
            except cv2.error:
                ok, texts, points = False, (), None
            if ok:
                pts = np.asarray(points).reshape(-1, 4, 2) if points is not None else None
                for i, text in enumerate(texts):
                    if text:
                        poly = _polygon(pts[i]) if pts is not None and i < len(pts) else None
                        reads.append(make_read(text, BarcodeFormat.QR, poly, self.name))
        return unique(reads)
