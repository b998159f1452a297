"""pyzbar backend (zbar through ctypes): needs the system library libzbar0.

pyzbar loads libzbar when ``pyzbar.pyzbar`` is first imported; on a machine without
it that import raises ImportError (library not found) or OSError (found, but broken).
Both are caught here and turned into ``available() == (False, reason)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from devices.barcode.imaging import to_gray
from devices.barcode.normalize import make_read, unique
from devices.barcode.types import ALL_FORMATS, BarcodeFormat, DecoderUnavailable, Image, Read

_TO_ZBAR = {
    BarcodeFormat.EAN13: "EAN13",
    BarcodeFormat.EAN8: "EAN8",
    BarcodeFormat.UPCA: "UPCA",
    BarcodeFormat.UPCE: "UPCE",
    BarcodeFormat.CODE128: "CODE128",
    BarcodeFormat.QR: "QRCODE",
}
_FROM_ZBAR = {v: k for k, v in _TO_ZBAR.items()}


def load_pyzbar() -> ModuleType:
    """Import pyzbar (which loads libzbar); raises ImportError/OSError when it cannot."""
    return importlib.import_module("pyzbar.pyzbar")


class PyzbarDecoder:
    """``pyzbar.decode`` with the desk's symbologies enabled explicitly.

    Enabling UPC-A/UPC-E explicitly matters: with zbar's defaults they come back as
    13-digit EAN-13 codes.
    """

    def __init__(self, formats: Iterable[BarcodeFormat] = ALL_FORMATS, *,
                 name: str = "pyzbar") -> None:
        self.name = name
        self.formats = frozenset(formats) - {BarcodeFormat.OTHER}
        self._pz: ModuleType | None = None
        self._symbols: list[Any] = []
        self._reason = ""
        try:
            pz = load_pyzbar()
            self._symbols = [getattr(pz.ZBarSymbol, _TO_ZBAR[f])
                             for f in sorted(self.formats, key=lambda f: f.value)]
            self._pz = pz
        except (ImportError, OSError) as exc:
            self._reason = (f"pyzbar unavailable (is the system library libzbar0 "
                            f"installed?): {type(exc).__name__}: {exc}")

    def available(self) -> tuple[bool, str]:
        return (self._pz is not None, self._reason)

    def decode(self, image: Image) -> list[Read]:
        if self._pz is None:
            raise DecoderUnavailable(self._reason)
        reads = []
        for sym in self._pz.decode(to_gray(image), symbols=self._symbols):
            fmt = _FROM_ZBAR.get(sym.type, BarcodeFormat.OTHER)
            try:
                text = sym.data.decode("utf-8")
            except UnicodeDecodeError:
                text = sym.data.decode("latin-1")
            poly = [(p.x, p.y) for p in sym.polygon] if sym.polygon else None
            reads.append(make_read(text, fmt, poly, self.name))
        return unique(reads)
