"""zxing-cpp backend: the default decoder (fastest, best rates in barcodes.md)."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any

from devices.barcode.imaging import to_gray
from devices.barcode.normalize import make_read, unique
from devices.barcode.types import ALL_FORMATS, BarcodeFormat, DecoderUnavailable, Image, Read

_TO_ZXING = {
    BarcodeFormat.EAN13: "EAN13",
    BarcodeFormat.EAN8: "EAN8",
    BarcodeFormat.UPCA: "UPCA",
    BarcodeFormat.UPCE: "UPCE",
    BarcodeFormat.CODE128: "Code128",
    BarcodeFormat.QR: "QRCode",
}


def _load() -> ModuleType:
    import zxingcpp

    return zxingcpp


class ZxingDecoder:
    """``zxingcpp.read_barcodes`` limited to the desk's formats (a third of the time of "all").

    ``try_rotate`` stays on (off halves the 1-D rate: upright codes are not found);
    ``try_invert`` on by default for dark-mode phone screens showing QR codes.
    """

    def __init__(self, formats: Iterable[BarcodeFormat] = ALL_FORMATS, *,
                 try_rotate: bool = True, try_invert: bool = True,
                 try_downscale: bool = True, binarizer: str = "LocalAverage",
                 name: str = "zxing") -> None:
        self.name = name
        self.formats = frozenset(formats) - {BarcodeFormat.OTHER}
        self._options = {"try_rotate": try_rotate, "try_invert": try_invert,
                         "try_downscale": try_downscale}
        self._binarizer = binarizer
        self._zx: ModuleType | None = None
        self._reason = ""
        self._from_zxing: dict[Any, BarcodeFormat] = {}
        self._zx_formats: list[Any] = []
        try:
            zx = _load()
            self._from_zxing = {getattr(zx.BarcodeFormat, v): k for k, v in _TO_ZXING.items()}
            self._zx_formats = [getattr(zx.BarcodeFormat, _TO_ZXING[f])
                                for f in sorted(self.formats, key=lambda f: f.value)]
            self._binarizer_value = getattr(zx.Binarizer, binarizer)
            self._zx = zx
        except (ImportError, OSError, AttributeError) as exc:
            self._reason = f"zxing-cpp unusable: {type(exc).__name__}: {exc}"

    def available(self) -> tuple[bool, str]:
        return (self._zx is not None, self._reason)

    def decode(self, image: Image) -> list[Read]:
        if self._zx is None:
            raise DecoderUnavailable(self._reason)
        zx = self._zx
        found = zx.read_barcodes(to_gray(image), formats=self._zx_formats,
                                 text_mode=zx.TextMode.Plain, binarizer=self._binarizer_value,
                                 **self._options)
        reads = []
        for b in found:
            fmt = self._from_zxing.get(b.format, BarcodeFormat.OTHER)
            text = b.text
            if fmt is BarcodeFormat.UPCE:
                # zxing-cpp 3.x prints UPC-E expanded to 13 digits; the symbol's own
                # 8 digits are in ``extra``. Without them the read cannot be canonical.
                text = (b.extra or {}).get("UPCE", "")
            pos = b.position
            poly = [(p.x, p.y) for p in (pos.top_left, pos.top_right, pos.bottom_right,
                                         pos.bottom_left)]
            reads.append(make_read(text, fmt, poly, self.name))
        return unique(reads)
