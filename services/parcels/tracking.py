"""Waybill (tracking) numbers: the one rule the desk, the parcel service and the courier API share."""

from __future__ import annotations

import re

from services.core.errors import DeskError, ErrorCode

MIN_LENGTH, MAX_LENGTH = 6, 40
# Code 128 carries printable ASCII; a waybill has no spaces. The courier API validates with the same pattern.
TRACKING_PATTERN = rf"^[\x21-\x7e]{{{MIN_LENGTH},{MAX_LENGTH}}}$"
_TRACKING_RE = re.compile(TRACKING_PATTERN)
_PREFIXES = (("SF", "SF"), ("JDV", "JD"), ("JD", "JD"), ("JT", "JT"), ("YT", "YTO"), ("ZT", "ZTO"), ("E", "EMS"))


def is_tracking_no(text: str) -> bool:
    return bool(_TRACKING_RE.match(text.strip()))


def check_tracking_no(text: str) -> str:
    """The waybill number without surrounding blanks, or DeskError(MALFORMED_CODE, kind="tracking_no")."""
    text = text.strip()
    if not _TRACKING_RE.match(text):
        raise DeskError(ErrorCode.MALFORMED_CODE, code=text, kind="tracking_no")
    return text


def guess_courier(tracking_no: str) -> str:
    """The courier a waybill number's prefix suggests ("SF1234…" -> "SF"); "" when it says nothing."""
    upper = tracking_no.upper()
    return next((code for prefix, code in _PREFIXES if upper.startswith(prefix)), "")
