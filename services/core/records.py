"""Plain data about operators, the database and the outbox, handed to the GUI.

Never ORM objects bound to a session; this module imports nothing heavy, so the GUI can use
these types at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    login: str
    name: str
    role: str  # "cashier" | "desk" | "admin"
    locked_until: datetime | None = None


@dataclass(frozen=True)
class DatabaseStatus:
    url: str  # password hidden
    backend: str  # "sqlite" | "postgresql" | …
    revision: str
    created: bool  # the schema was created on this start
    demo_loaded: bool


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    failed: int
    oldest_pending: datetime | None
