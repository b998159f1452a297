from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.cashier.page import CashierPage
from gui.main_window import MainWindow
from services.core.money import format_fen
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def _cashier(qtbot: QtBot, window: MainWindow) -> CashierPage:
    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    return page


def _type_code(qtbot: QtBot, window: MainWindow, page: CashierPage, code: str) -> None:
    qtbot.keyClicks(page.code_edit, code)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)


def test_typed_codes_fill_the_basket_and_total(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    cola = desk.catalog.search("可乐")[0]
    water = desk.catalog.search("矿泉水")[0]
    _type_code(qtbot, window, page, cola.code)
    _type_code(qtbot, window, page, water.code)
    _type_code(qtbot, window, page, cola.code)
    assert page.code_edit.text() == ""
    assert page.model.rowCount() == 2
    assert page.model.index(0, 3).data() == "2"
    expected = 2 * cola.price_fen + water.price_fen
    assert page.total_label.text() == f"Total {format_fen(expected)}"
    assert "3 items" in page.count_label.text()
    assert "Added" in page.message.text()

    # Quantity keys work on the selected line, Delete removes it.
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Plus)
    assert page.model.index(1, 3).data() == "2"
    qtbot.keyClick(page.table, Qt.Key.Key_Minus)
    qtbot.keyClick(page.table, Qt.Key.Key_Minus)  # −1 on a quantity of 1 never deletes the line silently
    assert page.model.rowCount() == 2
    assert page.model.index(1, 3).data() == "1"
    assert "Remove (Del)" in page.message.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # removal is its own key
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 0
    assert page.total_label.text() == "Total ¥0.00"


def test_bad_codes_explain_and_change_nothing(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    cola = desk.catalog.search("可乐")[0]
    _type_code(qtbot, window, page, cola.code)
    before = page.total_label.text()
    for bad, words in (
        ("6901234567891", "check digit"),
        ("4006381333931", "No product with code 4006381333931"),
        ("12AB", "not a product code"),
    ):
        _type_code(qtbot, window, page, bad)
        assert words in page.message.text()
        assert page.model.rowCount() == 1 and page.total_label.text() == before


def test_scanner_reads_reach_the_cashier(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    code = desk.catalog.search("牙膏")[0].code
    page.code_edit.setText("half-typed")
    assert window.route_scan(code)
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == code
    assert page.code_edit.text() == "half-typed"  # a scan never clobbers what the cashier was typing


def test_rapid_scans_all_count_in_order(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    codes = [p.code for p in desk.catalog.search("面")[:5]]
    for code in codes:
        window.route_scan(code)
    wait_idle(qtbot, window)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == codes


def test_chinese_ui_shows_chinese_names(qtbot: QtBot, desk: Desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.helpers import close_window, make_window

    w = make_window(qtbot, desk, tmp_path, language="zh_CN")
    try:
        page = _cashier(qtbot, w)
        product = desk.catalog.search("可乐")[0]
        _type_code(qtbot, w, page, product.code)
        assert page.model.index(0, 1).data() == product.name
    finally:
        close_window(qtbot, w)
