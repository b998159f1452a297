"""GS1 check digits for EAN-13, EAN-8, UPC-A and UPC-E codes.

Scanners and decoders read these codes; products are keyed by them. Every GS1
code ends in a mod-10 check digit computed with weights 3,1,3,1… from the right,
so one function validates all of them once UPC-E is expanded to UPC-A.
"""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


def check_digit(body: str) -> int:
    """The check digit for ``body`` (the code without its last digit)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for an 8-, 12-, 13- or 14-digit code whose check digit is right."""
    if len(code) not in GTIN_LENGTHS or not code.isascii() or not code.isdigit():
        return False
    return check_digit(code[:-1]) == int(code[-1])


def with_check_digit(body: str) -> str:
    return body + str(check_digit(body))


def upce_to_upca(code: str) -> str | None:
    """Expand an 8-digit UPC-E code (number system 0 or 1) to its 12-digit UPC-A form."""
    if len(code) != 8 or not code.isdigit() or code[0] not in "01":
        return None
    ns, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def is_valid_upce(code: str) -> bool:
    upca = upce_to_upca(code)
    return upca is not None and is_valid_gtin(upca)
