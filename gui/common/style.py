"""The desk's colours and touch sizes in one place: pages take their state colours from here.

Red for a problem, green for done or a saving, grey for hints; the same everywhere, so a
cashier learns them once (issue 17, item 11). Sizes are for fingers on a till touch screen.
"""

from __future__ import annotations

ERROR = "#b00020"
OK = "#1b5e20"
MUTED = "#555555"

TOUCH_MIN_PX = 44  # the smallest target a finger hits reliably (Apple HIG 44 pt, Material 48 dp)


def css(color: str, *, bold: bool = False) -> str:
    """A label style sheet for a state colour."""
    return f"color: {color};" + (" font-weight: bold;" if bold else "")
