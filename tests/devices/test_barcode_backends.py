"""Each backend on real photos from the shared data, canonical forms, unavailable pyzbar."""

from __future__ import annotations

import csv
import sys
from functools import cache

import cv2
import numpy as np
import pytest

from devices.barcode import (
    BarcodeFormat,
    DecoderUnavailable,
    OpenCVDecoder,
    PipelineDecoder,
    PyzbarDecoder,
    Read,
    ZxingDecoder,
    canonical,
    pyzbar_backend,
)
from devices.barcode.normalize import make_read
from tests.conftest import SHARED_DATA

DATA = SHARED_DATA / "barcodes"

pytestmark = pytest.mark.skipif(not (DATA / "manifest.csv").exists(),
                                reason=f"shared barcode data not found at {DATA}")


@cache
def expected() -> dict[str, str]:
    with open(DATA / "manifest.csv", newline="", encoding="utf-8") as fh:
        return {f"{r['set']}/{r['file']}": r["expected_text"] for r in csv.DictReader(fh)}


def gray(name: str) -> np.ndarray:
    img = cv2.imread(str(DATA / name), cv2.IMREAD_GRAYSCALE)
    assert img is not None, name
    return img


def bgr(name: str) -> np.ndarray:
    img = cv2.imread(str(DATA / name), cv2.IMREAD_COLOR)
    assert img is not None, name
    return img


KNOWN = [
    ("ean13-3/01.png", BarcodeFormat.EAN13),
    ("upca-1/2.png", BarcodeFormat.UPCA),
    ("code128-1/1.png", BarcodeFormat.CODE128),
    ("qrcode-3/01.png", BarcodeFormat.QR),
]
# barcodes.md: OpenCV's detector has no Code 128 (or UPC-E) reader at all.
OPENCV_UNSUPPORTED = {BarcodeFormat.CODE128, BarcodeFormat.UPCE}

BACKENDS = {"zxing": ZxingDecoder, "pyzbar": PyzbarDecoder, "opencv": OpenCVDecoder}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest):
    dec = BACKENDS[request.param]()
    ok, reason = dec.available()
    if not ok:
        pytest.skip(reason)
    return dec


@pytest.mark.parametrize(("name", "fmt"), KNOWN, ids=[k[0] for k in KNOWN])
def test_backend_decodes_known_image(backend, name: str, fmt: BarcodeFormat) -> None:
    if backend.name == "opencv" and fmt in OPENCV_UNSUPPORTED:
        pytest.skip("OpenCV has no reader for this symbology")
    reads = backend.decode(gray(name))
    assert Read(expected()[name], fmt) in reads
    assert all(r.backend == backend.name for r in reads)


def test_backends_accept_bgr_frames(backend) -> None:
    reads = backend.decode(bgr("ean13-1/1.png"))
    assert [r.text for r in reads] == [expected()["ean13-1/1.png"]]


def test_upce_is_eight_digits_for_every_backend_that_reads_it() -> None:
    name = "upce-1/1.png"
    for dec in (ZxingDecoder(), PyzbarDecoder()):
        if not dec.available()[0]:
            continue
        (read,) = dec.decode(gray(name))
        assert (read.text, read.format) == (expected()[name], BarcodeFormat.UPCE)
        assert read.gtin == "0012345000065"  # expanded, for product lookups


def test_upca_is_twelve_digits_and_gtin_thirteen() -> None:
    (read,) = ZxingDecoder().decode(gray("upca-1/2.png"))  # zxing-cpp prints 13 digits
    assert read.text == "036602301467"
    assert read.gtin == "0036602301467"
    assert read.polygon is not None and read.bbox is not None


def test_no_read_on_images_without_barcode() -> None:
    names = ["falsepositives-2/01.png", "falsepositives-2/05.png", "falsepositives-2/12.png",
             "falsepositives-2/20.png"]
    decoders = [ZxingDecoder(), PyzbarDecoder(), PipelineDecoder()]
    for name in names:
        img = gray(name)
        for dec in decoders:
            if dec.available()[0]:
                assert dec.decode(img) == [], (dec.name, name)


@pytest.mark.parametrize(("text", "fmt"), [
    ("9780764544201", BarcodeFormat.EAN13),   # right is ...200
    ("48512344", BarcodeFormat.EAN8),         # right is ...343
    ("036602301468", BarcodeFormat.UPCA),     # right is ...467
    ("01234566", BarcodeFormat.UPCE),         # right is ...565
    ("0036602301468", BarcodeFormat.UPCA),    # zxing-style 13 digits, wrong check
    ("97807645442", BarcodeFormat.EAN13),     # wrong length
    ("97807645442O0", BarcodeFormat.EAN13),   # not all digits
])
def test_bad_check_digit_or_shape_is_dropped(text: str, fmt: BarcodeFormat) -> None:
    assert canonical(text, fmt) is None
    assert make_read(text, fmt, None, "test") is None


def test_canonical_forms() -> None:
    assert canonical("0036602301467", BarcodeFormat.EAN13) == ("036602301467",
                                                                BarcodeFormat.UPCA)
    assert canonical("0036602301467", BarcodeFormat.UPCA) == ("036602301467",
                                                               BarcodeFormat.UPCA)
    assert canonical("9780764544200", BarcodeFormat.EAN13) == ("9780764544200",
                                                                BarcodeFormat.EAN13)
    assert canonical("Code 128", BarcodeFormat.CODE128) == ("Code 128", BarcodeFormat.CODE128)
    assert canonical("", BarcodeFormat.QR) is None


def test_pyzbar_unavailable_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make pyzbar's own library loader fail, as on a machine without libzbar0."""
    import pyzbar.zbar_library

    def no_library():
        raise OSError("libzbar.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(pyzbar.zbar_library, "load", no_library)
    # Force a fresh import so pyzbar really tries to load the library again.
    for mod in ("pyzbar.pyzbar", "pyzbar.wrapper"):
        monkeypatch.delitem(sys.modules, mod, raising=False)
    monkeypatch.delattr(sys.modules["pyzbar"], "pyzbar", raising=False)
    monkeypatch.delattr(sys.modules["pyzbar"], "wrapper", raising=False)

    dec = pyzbar_backend.PyzbarDecoder()
    ok, reason = dec.available()
    assert not ok
    assert "libzbar" in reason and "OSError" in reason
    with pytest.raises(DecoderUnavailable):
        dec.decode(gray("ean13-3/01.png"))

    # The pipeline carries on without it and says why.
    pipe = PipelineDecoder()
    assert pipe.available() == (True, "")
    assert "pyzbar" in pipe.skipped_reasons
    assert [r.text for r in pipe.decode(gray("ean13-3/01.png"))] == ["9780764544200"]

