"""Shared test set-up: offscreen Qt, and no test ever touches the real user's data folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.db_fixtures import demo_db_template, demo_db_url, desk, pg_url  # noqa: F401  (fixtures)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DATA = SHARED / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every user folder (data, config, logs) at a temporary directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COUNTERDESK_HOME", str(home))
    monkeypatch.delenv("COUNTERDESK_DB_URL", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _gc_on_the_gui_thread() -> object:
    """As in the app (gui/gc_guard.py): no QObject may be collected on a worker thread."""
    from PySide6.QtWidgets import QApplication

    from gui.gc_guard import MainThreadGC

    app = QApplication.instance() or QApplication([])
    guard = MainThreadGC(app)
    yield guard
    guard.stop()
