from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from services.desk import Desk
from tests.gui.helpers import close_window, make_window


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, tmp_path: Path) -> Iterator[MainWindow]:
    w = make_window(qtbot, desk, tmp_path)
    yield w
    close_window(qtbot, w)
