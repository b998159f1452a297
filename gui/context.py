"""What a page needs, handed to it by the main window (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gui.common.tasks import TaskRunner
from services.core.records import OperatorInfo
from services.core.settings import Settings

if TYPE_CHECKING:  # the desk pulls in SQLAlchemy; keep it off the start-up path
    from gui.device_hub import DeviceHub
    from services.desk import Desk


@dataclass
class TillState:
    """What the till shows now, for pages that must not act behind its back (closing a shift)."""

    open_sale_items: int = 0  # items in the unpaid basket


@dataclass
class PageContext:
    desk: Desk
    tasks: TaskRunner
    settings: Settings
    operator: OperatorInfo
    language: str
    devices: DeviceHub
    till: TillState = field(default_factory=TillState)
