"""Canonical text per format, and check-digit validation of what backends return.

Canonical form (the way the digits are printed under the bars, which is also how
the shared test data's ``expected_text`` is written):

- EAN-13: 13 digits. An EAN-13 that starts with ``0`` *is* a UPC-A symbol (same bars),
  so it is reported as ``UPCA`` with the leading zero dropped - whatever the backend said.
- EAN-8: 8 digits.
- UPC-A: 12 digits (zxing-cpp 3.x prints 13 with a leading 0; that 0 is dropped).
- UPC-E: 8 digits (number system, 6 digits, check digit), the compressed form.
  zxing-cpp 3.x prints the expanded 13-digit GTIN; its ``extra["UPCE"]`` has the 8 digits.
- Code 128 and QR: the decoded text unchanged.

For product lookups use ``Read.gtin`` (13 digits, UPC-E expanded), never ``text``.
Reads whose check digit is wrong, or whose digits have the wrong length, are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from devices.barcode.types import BarcodeFormat, Read
from devices.gtin import is_valid_gtin, is_valid_upce

_LENGTH = {BarcodeFormat.EAN13: 13, BarcodeFormat.EAN8: 8, BarcodeFormat.UPCA: 12,
           BarcodeFormat.UPCE: 8}


def canonical(text: str, fmt: BarcodeFormat) -> tuple[str, BarcodeFormat] | None:
    """Canonical (text, format) for a backend's raw answer, or None if it is not valid."""
    if not fmt.is_retail:
        return (text, fmt) if text else None
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    if fmt is BarcodeFormat.EAN13 and len(digits) == 13 and digits[0] == "0":
        fmt, digits = BarcodeFormat.UPCA, digits[1:]
    elif fmt is BarcodeFormat.UPCA and len(digits) == 13 and digits[0] == "0":
        digits = digits[1:]
    if len(digits) != _LENGTH[fmt]:
        return None
    valid = is_valid_upce(digits) if fmt is BarcodeFormat.UPCE else is_valid_gtin(digits)
    return (digits, fmt) if valid else None


def make_read(text: str, fmt: BarcodeFormat, polygon: Iterable[tuple[float, float]] | None,
              backend: str) -> Read | None:
    """A canonical ``Read``, or None when the raw answer fails validation."""
    canon = canonical(text, fmt)
    if canon is None:
        return None
    poly = tuple((int(x), int(y)) for x, y in polygon) if polygon is not None else None
    return Read(canon[0], canon[1], poly or None, backend)


def unique(reads: Iterable[Read | None]) -> list[Read]:
    """Drop Nones and repeats (same text and format), keeping the first occurrence."""
    seen: set[Read] = set()
    out: list[Read] = []
    for r in reads:
        if r is not None and r not in seen:
            seen.add(r)
            out.append(r)
    return out
