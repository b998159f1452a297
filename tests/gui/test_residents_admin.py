"""Residents page, administrators: add and edit a resident, import a CSV list with problems by line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.residents.page import ResidentsPage
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def _page(qtbot: QtBot, window: MainWindow, login: str, pin: str) -> ResidentsPage:
    log_in(qtbot, window, login, pin)
    page = window.show_page(ResidentsPage)
    assert isinstance(page, ResidentsPage)
    wait_idle(qtbot, window)
    return page


def test_desk_operators_do_not_get_the_admin_tools(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window, "desk", "2222")
    assert page.admin_tools.isHidden()


def test_add_edit_and_import(qtbot: QtBot, window: MainWindow, desk: Desk, tmp_path: Path) -> None:
    page = _page(qtbot, window, "admin", "9999")
    tools = page.admin_tools
    assert not tools.isHidden()
    building = desk.residents.search("")[0].building
    qtbot.mouseClick(tools.new_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    dialog = tools.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.building, building)
    qtbot.keyClicks(dialog.unit, "0299")
    qtbot.keyClicks(dialog.phone, "12345")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and "Name: required" in dialog.problems.text() and "11-digit" in dialog.problems.text()
    dialog.name.setText("陈静")
    dialog.phone.setText("139 0000 1234")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not dialog.isVisible() and f"{building}-0299" in tools.notice.text()
    added = desk.residents.search(f"{building}-0299")
    assert [r.phone_masked for r in added] == ["139****1234"]

    page.search_edit.setText(f"{building}-0299")
    page.search()
    wait_idle(qtbot, window)
    page.table.selectRow(0)
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.mouseClick(tools.edit_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    dialog = tools.dialog
    assert dialog is not None and dialog.phone.text() == "13900001234"  # the full number, for editing only
    dialog.name.setText("陈静静")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert [r.name for r in desk.residents.search(f"{building}-0299")] == ["陈静静"]

    bad = tmp_path / "residents.csv"
    bad.write_text(f"building,unit,name,phone\n{building},0301,周一,13700000001\nZZ,0302,吴二,137\n", "utf-8")
    tools.choose_file = lambda: str(bad)
    qtbot.mouseClick(tools.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: tools.import_problems.count() == 2, timeout=3000)
    assert desk.residents.search(f"{building}-0301") == []
    bad.write_text(f"building,unit,name,phone\n{building},0301,周一,13700000001\n", "utf-8")
    qtbot.mouseClick(tools.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert "Imported 1 residents" in tools.notice.text() and tools.import_problems.isHidden()
    assert [r.name for r in desk.residents.search(f"{building}-0301")] == ["周一"]
