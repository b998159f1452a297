"""The combined pipeline against zxing-cpp alone and the plain fallback, on real photos."""

from __future__ import annotations

import csv

import cv2
import numpy as np
import pytest

from devices.barcode import (
    BarcodeFormat,
    FallbackDecoder,
    PipelineDecoder,
    PyzbarDecoder,
    Read,
    Stage,
    ZxingDecoder,
)
from devices.barcode.pipeline import make_zoom, plain
from tests.conftest import SHARED_DATA

DATA = SHARED_DATA / "barcodes"

pytestmark = pytest.mark.skipif(not (DATA / "manifest.csv").exists(),
                                reason=f"shared barcode data not found at {DATA}")


def sample(set_name: str, count: int) -> list[tuple[np.ndarray, str]]:
    """The first ``count`` images of a set (file order), with expected texts."""
    with open(DATA / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["set"] == set_name][:count]
    return [(cv2.imread(str(DATA / set_name / r["file"]), cv2.IMREAD_GRAYSCALE),
             r["expected_text"]) for r in rows]


def correct(decoder, images: list[tuple[np.ndarray, str]]) -> int:
    return sum(text in [r.text for r in decoder.decode(img)] for img, text in images)


@pytest.mark.parametrize("set_name", ["upca-5", "ean13-4"])
def test_pipeline_at_least_as_good_as_zxing_and_fallback(set_name: str) -> None:
    images = sample(set_name, 12)
    zx = correct(ZxingDecoder(), images)
    pipe = correct(PipelineDecoder(), images)
    assert pipe >= zx
    assert pipe >= correct(FallbackDecoder(), images)
    assert pipe > zx  # these sets are where CLAHE and the zoom pay off (docs/decoding.md)


def test_first_successful_stage_wins_and_is_reported() -> None:
    (img, text), = sample("qrcode-3", 1)
    res = PipelineDecoder().decode_verbose(img)
    assert res.stage == "zxing"
    assert [r.text for r in res.reads] == [text]
    assert list(res.stage_ms) == ["zxing"]


def test_empty_frame_runs_every_stage_and_returns_nothing() -> None:
    res = PipelineDecoder().decode_verbose(np.full((120, 160), 200, np.uint8))
    assert res.reads == [] and res.stage is None
    expected = 6 if PyzbarDecoder().available()[0] else 3
    assert len(res.stage_ms) == expected


def test_time_budget_stops_after_first_stage() -> None:
    res = PipelineDecoder(max_ms=0.0).decode_verbose(np.full((120, 160), 200, np.uint8))
    assert list(res.stage_ms) == ["zxing"]


def test_zoom_maps_polygon_back_to_input_coordinates() -> None:
    """A code found in the zoomed centre must be reported where it is in the frame."""
    (img, text), = sample("ean13-3", 1)  # 240x240
    frame = np.full((480, 640), 255, np.uint8)
    frame[120:360, 160:400] = img        # inside the centre half of the frame
    zx = ZxingDecoder()
    pipe = PipelineDecoder([Stage("zoom", zx, make_zoom(2.0, whole_max=400))])
    (read,) = pipe.decode(frame)
    assert read == Read(text, BarcodeFormat.EAN13)
    # In frame coordinates: inside the pasted photo, and starting (x) where the code
    # starts in the photo itself. (y depends on which scan line zxing-cpp used.)
    assert read.polygon is not None
    assert all(158 <= px <= 402 and 118 <= py <= 362 for px, py in read.polygon)
    direct = zx.decode(img)[0].bbox
    assert abs(read.bbox[0] - (direct[0] + 160)) <= 3
    assert abs(read.bbox[2] - direct[2]) <= 4


def test_pipeline_with_only_unavailable_stages_is_unavailable() -> None:
    class Missing:
        name = "missing"

        def available(self) -> tuple[bool, str]:
            return False, "library not installed"

        def decode(self, image: np.ndarray) -> list[Read]:
            raise AssertionError("must not be called")

    pipe = PipelineDecoder([Stage("m", Missing(), plain)])
    assert pipe.available() == (False, "library not installed")
