"""Personal data shown only as much as the screen needs."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """'13812341234' -> '138****1234'. Short or odd numbers keep only their last 4 digits."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "****"


def mask_name(name: str) -> str:
    """'王小明' -> '王*明', 'Li' -> 'L*', 'Alice Wong' -> 'A**** W***'."""
    if " " in name.strip():
        return " ".join(mask_name(part) for part in name.split())
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    if all(ord(ch) > 0x2E80 for ch in name):
        return name[0] + "*" * (len(name) - 2) + name[-1]
    return name[0] + "*" * (len(name) - 1)
