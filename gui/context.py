"""What a page needs, handed to it by the main window (no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gui.common.tasks import TaskRunner
from services.core.records import OperatorInfo
from services.core.settings import Settings

if TYPE_CHECKING:  # the desk pulls in SQLAlchemy; keep it off the start-up path
    from gui.device_hub import DeviceHub
    from services.desk import Desk


@dataclass
class PageContext:
    desk: Desk
    tasks: TaskRunner
    settings: Settings
    operator: OperatorInfo
    language: str
    devices: DeviceHub
