"""Types shared by every barcode backend: the format enum, one read, the decoder protocol."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from devices.gtin import upce_to_upca

Image = npt.NDArray[np.uint8]
"""An 8-bit image: grey (H×W) or BGR (H×W×3), as OpenCV delivers camera frames."""

Point = tuple[int, int]


class BarcodeFormat(enum.Enum):
    """Symbologies the desk cares about; everything else is ``OTHER``."""

    EAN13 = "EAN13"
    EAN8 = "EAN8"
    UPCA = "UPCA"
    UPCE = "UPCE"
    CODE128 = "CODE128"
    QR = "QR"
    OTHER = "OTHER"

    @property
    def is_retail(self) -> bool:
        """EAN/UPC: codes that carry a GS1 check digit and identify a product."""
        return self in _RETAIL


_RETAIL = frozenset({BarcodeFormat.EAN13, BarcodeFormat.EAN8, BarcodeFormat.UPCA,
                     BarcodeFormat.UPCE})


@dataclass(frozen=True)
class Read:
    """One decoded symbol in canonical form (see ``devices.barcode.normalize``).

    Two reads are equal when text and format are equal; where it was found and by
    which backend do not take part in comparisons, so reads from different backends
    or frames can be put in a set.
    """

    text: str
    format: BarcodeFormat
    polygon: tuple[Point, ...] | None = field(default=None, compare=False)
    backend: str = field(default="", compare=False)

    @property
    def gtin(self) -> str | None:
        """The product key: a 13-digit GTIN for EAN/UPC reads (UPC-E expanded), else None."""
        if self.format is BarcodeFormat.UPCE:
            upca = upce_to_upca(self.text)
            return None if upca is None else upca.zfill(13)
        if self.format.is_retail:
            return self.text.zfill(13)
        return None

    @property
    def bbox(self) -> tuple[int, int, int, int] | None:
        """Axis-aligned (x, y, w, h) around the polygon, when the backend gave one."""
        if not self.polygon:
            return None
        xs = [p[0] for p in self.polygon]
        ys = [p[1] for p in self.polygon]
        return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


@runtime_checkable
class Decoder(Protocol):
    """What every decoder (single backend or pipeline) offers.

    ``decode`` never raises for an unreadable image; it returns an empty list.
    Calling ``decode`` on an unavailable decoder raises ``DecoderUnavailable``.
    """

    name: str

    def available(self) -> tuple[bool, str]:
        """(True, "") when usable, else (False, a reason for logs and the settings page)."""
        ...

    def decode(self, image: Image) -> list[Read]:
        """All valid symbols found in ``image`` (grey or BGR), canonicalised, duplicates removed."""
        ...


class DecoderUnavailable(RuntimeError):
    """Raised by ``decode`` when the backend's library cannot be used on this machine."""


ALL_FORMATS: frozenset[BarcodeFormat] = frozenset(f for f in BarcodeFormat
                                                  if f is not BarcodeFormat.OTHER)
