"""Plain data about residents, handed to the GUI.

Never ORM objects bound to a session; this module imports nothing heavy, so the GUI can use
these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResidentInfo:
    id: int
    name: str
    phone_masked: str
    building: str  # building code, e.g. "6"
    unit: str  # unit code, e.g. "1203"
    consent_face: bool
    consent_notifications: bool

    @property
    def address(self) -> str:
        return f"{self.building}-{self.unit}"
