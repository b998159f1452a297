"""The Products and Operators pages (administrators): their main flows against a real database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.gtin import with_check_digit
from gui.catalog.page import ProductsPage
from gui.main_window import MainWindow
from gui.staff.page import OperatorsPage
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle

NEW = with_check_digit("690999900001")


def _show(qtbot: QtBot, window: MainWindow, cls: type) -> object:
    log_in(qtbot, window, "admin", "9999")
    page = window.show_page(cls)
    assert isinstance(page, cls)
    wait_idle(qtbot, window)
    return page


def test_cashiers_see_neither_page(qtbot: QtBot, window: MainWindow) -> None:
    log_in(qtbot, window, "cashier", "1111")
    assert window.page(ProductsPage) is None and window.page(OperatorsPage) is None


def test_products_search_add_withdraw_import_export(qtbot: QtBot, window: MainWindow, desk: Desk,
                                                   tmp_path: Path) -> None:
    page = _show(qtbot, window, ProductsPage)
    assert isinstance(page, ProductsPage)
    qtbot.keyClicks(page.search_edit, "kl")
    qtbot.waitUntil(lambda: bool(page.model.rows) and page.model.rows[0].name.startswith("可乐"), timeout=3000)

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.code, "123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # refused: every problem named
    wait_idle(qtbot, window)
    assert dialog.isVisible() and "valid check digit" in dialog.problems.text() and "Name: required" in \
        dialog.problems.text()
    dialog.code.setText(NEW)
    dialog.name.setText("饕餮鲎")
    qtbot.keyClicks(dialog.price, "4.5")
    dialog.quick_key.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not dialog.isVisible() and "Saved" in page.notice.text()
    assert desk.catalog.lookup(NEW).price_fen == 450 and [p.code for p in desk.catalog.quick_keys()] == [NEW]

    page.search_edit.setText("tth")
    qtbot.waitUntil(lambda: [r.code for r in page.model.rows] == [NEW], timeout=3000)
    page.table.selectRow(0)
    assert page.active_button.text() == "Withdraw"
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(page.model.rows) and not page.model.rows[0].active, timeout=3000)
    assert desk.catalog.search("tth") == []

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"code,name,price,category\n123,,x,NOPE\n")
    page.choose_file = lambda: str(bad)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.import_problems.count() == 4, timeout=3000)
    assert all(page.import_problems.item(i).text().startswith("Line 2") for i in range(4))

    target = tmp_path / "out.csv"
    page.choose_target = lambda: str(target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(target.exists, timeout=3000)
    wait_idle(qtbot, window)
    assert target.read_bytes().startswith(b"\xef\xbb\xbfcode,name") and NEW in target.read_text("utf-8-sig")


def test_operators_add_reset_pin_and_withdraw(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _show(qtbot, window, OperatorsPage)
    assert isinstance(page, OperatorsPage)
    qtbot.waitUntil(lambda: {r.login for r in page.model.rows} >= {"admin", "cashier", "desk"}, timeout=3000)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.login, "lucy")
    qtbot.keyClicks(dialog.pin, "12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and "Name: required" in dialog.problems.text() and "PIN: 4 to 8 digits" in \
        dialog.problems.text()
    dialog.name.setText("Lucy")
    dialog.pin.setText("4321")
    dialog.role.setCurrentIndex(dialog.role.findData("manager"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "lucy" in {r.login for r in page.model.rows}, timeout=3000)
    lucy = next(r for r in desk.staff.operators() if r.login == "lucy")
    assert lucy.role == "manager" and desk.auth.login(lucy.id, "4321").id == lucy.id

    row = next(i for i, r in enumerate(page.model.rows) if r.login == "lucy")
    page.table.selectRow(row)
    page.ask_pin = lambda _r: "778899"
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert desk.auth.login(lucy.id, "778899").id == lucy.id
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not next(r for r in page.model.rows if r.login == "lucy").active, timeout=3000)

    admin_row = next(i for i, r in enumerate(page.model.rows) if r.login == "admin")
    page.table.selectRow(admin_row)
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)  # the last administrator stays
    wait_idle(qtbot, window)
    assert "last active administrator" in page.notice.text()
