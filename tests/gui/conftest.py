from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from services.desk import Desk
from tests.gui.helpers import close_window, make_window


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, tmp_path: Path) -> Iterator[MainWindow]:
    w = make_window(qtbot, desk, tmp_path)
    yield w
    close_window(qtbot, w)


@pytest.fixture(autouse=True, scope="session")
def english_plurals(qapp: object) -> None:
    """As main.py does for an English desk: "1 item", "2 items" (resources/translations/counterdesk_en.ts)."""
    from PySide6.QtCore import QCoreApplication

    from gui.common.i18n import EN_PLURALS, install_translator

    app = QCoreApplication.instance()
    assert app is not None
    if not any(t.objectName() == EN_PLURALS for t in app.findChildren(QTranslator)):
        assert install_translator(app, "en") is not None
