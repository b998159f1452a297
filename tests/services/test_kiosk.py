"""The kiosk's rules without a screen: typed numbers, their echo, and the administrator's PIN."""

from __future__ import annotations

import pytest

from services.core.errors import DeskError, ErrorCode
from services.coupons.kiosk import mask_entry, member_key, unlock_with_admin_pin
from services.desk import Desk


def test_typed_digits_become_a_phone_or_a_member_number() -> None:
    assert member_key("13812345678") == "13812345678"
    assert member_key("20260005") == "M20260005"
    with pytest.raises(DeskError) as info:
        member_key("")
    assert info.value.code is ErrorCode.UNKNOWN_MEMBER


def test_the_echo_never_shows_the_middle_of_a_phone_number() -> None:
    assert mask_entry("138") == "138"
    assert mask_entry("1381234") == "138****"
    assert mask_entry("13812345678") == "138****5678"


def test_only_an_administrator_pin_unlocks(desk: Desk) -> None:
    assert unlock_with_admin_pin(desk.auth, "9999").role == "admin"
    with pytest.raises(DeskError) as info:
        unlock_with_admin_pin(desk.auth, "1111")  # the cashier's PIN
    assert info.value.code is ErrorCode.WRONG_PIN
