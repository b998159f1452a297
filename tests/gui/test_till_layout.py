"""Issue 17 item 5 at the till: 1180×720 holds long inputs and long names; the camera leaves names room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.cashier.basket_model import BasketModel
from gui.cashier.page import CashierPage
from gui.main_window import MainWindow
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def test_a_long_input_and_the_camera_keep_the_window_and_the_names(
        qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    window.resize(1180, 720)
    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    longest = max(desk.catalog.search("", limit=200), key=lambda p: len(p.name_en))
    member = desk.coupons.find_member("M20260005")
    desk.coupons.claim_by_code("DRINK20", member.id, "S001")
    cola = desk.catalog.search("可乐 1.5L")[0]
    for code in ("M20260005", longest.code, cola.code, cola.code, cola.code):
        window.route_scan(code)
        wait_idle(qtbot, window)
    assert page.member_total_label.isVisible()  # the member's price shown beside the total ...
    qtbot.wait(50)
    assert window.width() == 1180  # ... without pushing the window wider

    # A 250-character "code": a clear message, elided; the window keeps its width.
    page.code_edit.setText("9" * 250)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.wait(50)
    assert "not a product code" in page.message.text() and "…" in page.message.text()
    assert "9" * 250 in page.message.toolTip()
    assert window.width() == 1180

    # With the camera view open the product names keep their room (the code column gives way).
    page.camera_button.setChecked(True)
    qtbot.waitUntil(lambda: page.camera_view.isVisible(), timeout=3000)
    qtbot.wait(50)
    assert window.width() == 1180
    assert page.table.isColumnHidden(BasketModel.CODE)
    assert page.table.columnWidth(BasketModel.NAME) >= 220
    tip = page.model.index(0, BasketModel.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert longest.name_en in tip and longest.code in tip
    page.camera_button.setChecked(False)
    wait_idle(qtbot, window, timeout=15000)  # the camera's start and stop run on workers
    assert not page.table.isColumnHidden(BasketModel.CODE)
