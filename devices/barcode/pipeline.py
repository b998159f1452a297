"""The combined decoder used for camera frames, and the plain fallback it is compared with.

Stages run in order of cost; the first stage that returns a valid read wins (a till
needs one code per frame, and every extra stage is paid on every empty frame):

1. zxing-cpp on the grey frame                       - most frames end here (~3 ms at 640x480)
2. zxing-cpp after CLAHE                             - glare/shadow on 1-D codes (barcodes.md)
3. zxing-cpp on a 2x "zoom" after CLAHE              - small codes: more pixels per module
4. pyzbar on the grey frame                          - zbar thresholds locally; other misses
5. pyzbar after CLAHE
6. pyzbar on the CLAHE zoom

The zoom is the whole image when its larger side is at most ``zoom_whole_max`` px
(a small crop or ROI), else the centre half in each direction (where the guide box
puts the code), upscaled ``zoom`` times with cubic interpolation: never a downscale,
which barcodes.md shows halves the rate. Polygons from zoomed stages are mapped back
to the input's coordinates.

pyzbar stages are skipped when libzbar is missing. ``max_ms`` (optional) stops
before a further stage once that much time has been spent on the frame, so a
camera worker can bound the cost of empty frames; the benchmark runs without it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.barcode.imaging import clahe, to_gray
from devices.barcode.pyzbar_backend import PyzbarDecoder
from devices.barcode.types import Decoder, DecoderUnavailable, Image, Read
from devices.barcode.zxing_backend import ZxingDecoder


@dataclass(frozen=True)
class View:
    """A pre-processed image plus how to map its coordinates back to the input."""

    image: Image
    scale: float = 1.0
    x0: int = 0
    y0: int = 0

    def unmap(self, read: Read) -> Read:
        if read.polygon is None or (self.scale == 1.0 and self.x0 == 0 and self.y0 == 0):
            return read
        poly = tuple((round(x / self.scale) + self.x0, round(y / self.scale) + self.y0)
                     for x, y in read.polygon)
        return Read(read.text, read.format, poly, read.backend)


Prep = Callable[[Image], View]


def plain(gray: Image) -> View:
    return View(gray)


def equalised(gray: Image) -> View:
    return View(clahe(gray))


def make_zoom(factor: float = 2.0, whole_max: int = 400) -> Prep:
    """A ``Prep`` that upscales the image (small) or its centre half (large), then CLAHE."""

    def zoom(gray: Image) -> View:
        h, w = gray.shape[:2]
        x0 = y0 = 0
        if max(h, w) > whole_max:
            x0, y0 = w // 4, h // 4
            gray = gray[y0:y0 + h // 2, x0:x0 + w // 2]
        big = np.asarray(cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC), dtype=np.uint8)
        return View(clahe(big), factor, x0, y0)

    return zoom


@dataclass(frozen=True)
class Stage:
    name: str
    decoder: Decoder
    prep: Prep


@dataclass
class PipelineResult:
    """What ``decode_verbose`` reports: the reads, which stage found them, time per stage."""

    reads: list[Read]
    stage: str | None
    stage_ms: dict[str, float] = field(default_factory=dict)


class PipelineDecoder:
    """zxing-cpp first, then CLAHE, zoom and pyzbar retries (see the module docstring)."""

    def __init__(self, stages: Sequence[Stage] | None = None, *,
                 max_ms: float | None = None, name: str = "pipeline") -> None:
        self.name = name
        self.max_ms = max_ms
        self.stages = list(stages) if stages is not None else default_stages()
        self._usable = [s for s in self.stages if s.decoder.available()[0]]
        skipped = sorted({s.decoder.name for s in self.stages} -
                         {s.decoder.name for s in self._usable})
        self.skipped_reasons = {s.decoder.name: s.decoder.available()[1]
                                for s in self.stages if s.decoder.name in skipped}

    def available(self) -> tuple[bool, str]:
        if not self._usable:
            return False, "; ".join(self.skipped_reasons.values()) or "no stages"
        return True, ""

    def decode(self, image: Image) -> list[Read]:
        return self.decode_verbose(image).reads

    def decode_verbose(self, image: Image) -> PipelineResult:
        if not self._usable:
            raise DecoderUnavailable(self.available()[1])
        gray = to_gray(image)
        start = time.perf_counter()
        result = PipelineResult([], None)
        for i, stage in enumerate(self._usable):
            t0 = time.perf_counter()
            if i and self.max_ms is not None and (t0 - start) * 1000 >= self.max_ms:
                break
            view = stage.prep(gray)
            reads = [view.unmap(r) for r in stage.decoder.decode(view.image)]
            result.stage_ms[stage.name] = (time.perf_counter() - t0) * 1000
            if reads:
                result.reads, result.stage = reads, stage.name
                break
        return result


def default_stages(zxing: Decoder | None = None, pyzbar: Decoder | None = None,
                   zoom: float = 2.0, zoom_whole_max: int = 400) -> list[Stage]:
    zx = zxing if zxing is not None else ZxingDecoder()
    pz = pyzbar if pyzbar is not None else PyzbarDecoder()
    zoomed = make_zoom(zoom, zoom_whole_max)
    return [
        Stage("zxing", zx, plain),
        Stage("zxing+clahe", zx, equalised),
        Stage("zxing+zoom", zx, zoomed),
        Stage("pyzbar", pz, plain),
        Stage("pyzbar+clahe", pz, equalised),
        Stage("pyzbar+zoom", pz, zoomed),
    ]


class FallbackDecoder(PipelineDecoder):
    """The baseline: zxing-cpp, and pyzbar only when zxing-cpp found nothing."""

    def __init__(self, zxing: Decoder | None = None, pyzbar: Decoder | None = None,
                 name: str = "fallback") -> None:
        zx = zxing if zxing is not None else ZxingDecoder()
        pz = pyzbar if pyzbar is not None else PyzbarDecoder()
        super().__init__([Stage("zxing", zx, plain), Stage("pyzbar", pz, plain)], name=name)
