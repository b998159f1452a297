"""Member cards as a scanner reads them."""

from __future__ import annotations


def is_member_code(code: str) -> bool:
    """Member cards carry "M" and digits (M20260001); product codes are all digits."""
    code = code.strip().upper()
    return len(code) > 1 and code[0] == "M" and code[1:].isdigit()
