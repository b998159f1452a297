"""Orders page: double-click shows the order's lines; refunding chosen units needs a manager's PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.orders.page import OrdersPage
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def test_partial_refund_with_a_managers_pin(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    cola, umbrella = desk.catalog.search("可乐")[0], desk.catalog.search("雨伞")[0]
    total = cola.price_fen * 3 + umbrella.price_fen
    paid = desk.checkout.pay([(cola.code, 3), (umbrella.code, 1)], None, "S001", "cash", tendered_fen=total)
    log_in(qtbot, window, "cashier", "1111")
    page = window.show_page(OrdersPage)
    assert isinstance(page, OrdersPage)
    wait_idle(qtbot, window)
    page.table.selectRow(0)
    qtbot.mouseClick(page.lines_button, Qt.MouseButton.LeftButton)
    dialog = page.detail
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, window)
    assert dialog.lines.rowCount() == 2 and dialog.approver.count() == 1  # only the administrator approves
    first, second = list(dialog.spins)
    dialog.spins[first].setValue(2)
    qtbot.keyClicks(dialog.pin, "1111")  # the cashier's PIN is not the approver's
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert "Wrong PIN" in dialog.notice.text() and dialog.pin.text() == ""
    assert all(r.refunded_quantity == 0 for r in desk.refunds.order_lines(paid.number))

    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert f"Refunded ¥{cola.price_fen * 2 // 100}." in dialog.notice.text().replace(".00", "")
    assert [r.refunded_quantity for r in desk.refunds.order_lines(paid.number)] == [2, 0]
    assert dialog.spins[first].maximum() == 1
    dialog.spins[first].setValue(1)
    dialog.spins[second].setValue(1)
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert "whole order is now refunded" in dialog.notice.text() and not dialog.refund_button.isEnabled()
    dialog.accept()
    wait_idle(qtbot, window)
    assert page.model.rows[0].status == "refunded"
