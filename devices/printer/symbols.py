"""Barcode and QR modules, and how many print-head dots each module gets.

Both renderers (raster for the printer, vector for the PDF) draw the same modules at
the same dot sizes, so the PDF of a roll looks like the paper. Code 128 comes from
python-barcode (it switches code sets to keep digit runs short); QR from segno.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from barcode import Code128  # type: ignore[import-untyped]

BARCODE_HEIGHT_DOTS = 80  # 10 mm at 203 dpi
MAX_BARCODE_MODULE_DOTS = 3
MIN_BARCODE_MODULE_DOTS = 2  # 0.25 mm: narrower bars do not scan reliably from thermal paper
QR_BORDER_MODULES = 2


@lru_cache(maxsize=256)
def code128_modules(data: str) -> str:
    """The symbol as a string of '1' (bar) and '0' (space) modules, without quiet zones."""
    modules: list[str] = Code128(data).build()
    return modules[0]


def barcode_fits(data: str, dots: int) -> bool:
    """Whether ``data`` as Code 128 fits the head at a scannable module width (quiet zones in the margins)."""
    return len(code128_modules(data)) * MIN_BARCODE_MODULE_DOTS <= dots


def barcode_module_dots(modules: int, dots: int) -> int:
    return max(1, min(MAX_BARCODE_MODULE_DOTS, dots // modules))


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """QR modules (True = dark) with a border of QR_BORDER_MODULES light modules; error level M."""
    qr = segno.make(data, error="m", micro=False, boost_error=False)
    rows = [tuple(bool(v) for v in row) for row in qr.matrix]
    size = len(rows) + 2 * QR_BORDER_MODULES
    blank = (False,) * size
    pad = (False,) * QR_BORDER_MODULES
    return (
        (blank,) * QR_BORDER_MODULES
        + tuple(pad + row + pad for row in rows)
        + (blank,) * QR_BORDER_MODULES
    )


def qr_module_dots(size: int, dots: int) -> int:
    """Module size so the symbol takes about half the head (≈ 24 mm on 58 mm, 36 mm on 80 mm)."""
    return max(2, min(8, (dots // 2) // size))
