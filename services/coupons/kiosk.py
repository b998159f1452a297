"""Rules of the self-service coupon kiosk (gui/kiosk/): who the typed number is, what the screen shows of it,
and unlocking the kiosk with an administrator's PIN."""

from __future__ import annotations

from datetime import datetime

from services.core.auth import AuthService
from services.core.errors import DeskError, ErrorCode
from services.core.records import OperatorInfo

PHONE_DIGITS = 11


def member_key(typed: str) -> str:
    """What the shopper typed on the keypad, as a find_member key: 11 digits are a phone
    number, anything else a member number (printed on the card without its "M")."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    if not digits:
        raise DeskError(ErrorCode.UNKNOWN_MEMBER, text="")
    return digits if len(digits) == PHONE_DIGITS else f"M{digits}"


def mask_entry(typed: str) -> str:
    """The keypad's echo: the first three and (from eight digits on) the last four shown, the rest as '*'.

    '138' -> '138', '1381234' -> '138****', '13812345678' -> '138****5678'.
    """
    digits = "".join(ch for ch in typed if ch.isdigit())
    if len(digits) <= 3:
        return digits
    tail = 4 if len(digits) >= 8 else 0
    return digits[:3] + "*" * (len(digits) - 3 - tail) + (digits[-tail:] if tail else "")


def unlock_with_admin_pin(auth: AuthService, pin: str, now: datetime | None = None) -> OperatorInfo:
    """The administrator whose PIN this is, through the desk's login (wrong PINs count and lock out as there)."""
    last: DeskError | None = None
    for operator in auth.operators():
        if operator.role != "admin":
            continue
        try:
            return auth.login(operator.id, pin, now)
        except DeskError as exc:
            last = exc
    raise last or DeskError(ErrorCode.UNKNOWN_OPERATOR)
