"""The customer display follows the till: basket and coupons, the promoted products, the paid state."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.cashier.checkout_dialog import CheckoutDialog, ReceiptDialog
from gui.cashier.page import CashierPage
from gui.customer_display.window import CustomerDisplay
from gui.main_window import MainWindow
from services.core.money import format_fen
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def _settled(qtbot: QtBot, window: MainWindow) -> None:
    wait_idle(qtbot, window)
    qtbot.wait(20)  # the feed coalesces changes to one snapshot per event-loop turn
    wait_idle(qtbot, window)


def test_display_follows_scan_coupons_promotions_and_checkout(qtbot: QtBot, window: MainWindow, desk: Desk,
                                                              tmp_path: Path) -> None:
    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    window.customer_display.action.trigger()  # Desk → Customer display
    display = window.customer_display.display
    assert isinstance(display, CustomerDisplay) and display.isVisible()
    _settled(qtbot, window)
    assert display.state.phase == "idle" and display.state.promotions  # the store's featured products
    assert "坚果混合装" in display.featured.text()
    qtbot.waitUntil(lambda: json.loads((tmp_path / "settings.json").read_text("utf-8"))["display"]["enabled"])

    cola = next(p for p in desk.catalog.search("可乐") if p.name == "可乐 500ml")
    window.route_scan(cola.code)
    _settled(qtbot, window)
    state = display.state
    assert state.phase == "basket" and [(line.name, line.quantity) for line in state.lines] == [("可乐 500ml", 1)]
    assert state.total_fen == cola.price_fen and format_fen(cola.price_fen) in display.total.text()
    assert "可乐 500ml" in display.lines.text()
    titles = [o.title for o in state.offers]
    assert "可乐立减1元" in titles and "可乐立减1元" in display.side.text()
    assert "best for this basket" in state.offers[0].why
    # Promoted beside the coupons: chips go with cola, on the till and on the display.
    assert page.promotions.items[0].product.name == "薯片 原味 小包"
    assert "薯片 原味 小包" in display.side.text()

    # One click on the promoted item puts it in the basket.
    qtbot.mouseClick(page.promotions.buttons[0], Qt.MouseButton.LeftButton)
    _settled(qtbot, window)
    assert [line.product.name for line in page.basket.lines] == ["可乐 500ml", "薯片 原味 小包"]
    assert len(display.state.lines) == 2

    # The member shows masked.
    window.route_scan("M20260005")
    _settled(qtbot, window)
    member = page.coupons.member
    assert member is not None
    assert member.phone_masked in display.member.text() and "****" in display.member.text()
    assert member.name not in display.member.text()

    # Closing and reopening the display mid-sale leaves the till alone and shows the same basket.
    display.close()
    _settled(qtbot, window)
    assert not window.customer_display.action.isChecked() and window.customer_display.display is None
    window.route_scan(cola.code)
    _settled(qtbot, window)
    assert page.basket.item_count == 3
    window.customer_display.action.trigger()
    display = window.customer_display.display
    assert display is not None
    _settled(qtbot, window)
    assert [line.quantity for line in display.state.lines] == [2, 1]

    qtbot.keyClick(page.table, Qt.Key.Key_F12)
    wait_idle(qtbot, window)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CheckoutDialog) and w.isVisible())
    dialog.tendered.set_fen(10000)
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, window)
    receipt = page.last_receipt
    assert receipt is not None
    assert display.state.phase == "paid" and display.state.member == ""
    assert display.paid_title.text() == f"Paid {format_fen(receipt.quote.total_fen)}"
    assert format_fen(receipt.change_fen) in display.paid_detail.text()
    next(w for w in QApplication.topLevelWidgets() if isinstance(w, ReceiptDialog) and w.isVisible()).accept()

    # The next customer's first scan ends "thank you"; logging out leaves the display idle, with no basket.
    window.route_scan(cola.code)
    _settled(qtbot, window)
    assert display.state.phase == "basket" and display.state.member == ""
    window.logout()
    _settled(qtbot, window)
    assert display.state.phase == "idle" and not display.state.lines


def test_strip_suggests_what_reaches_a_threshold_and_ctrl_1_adds_it(qtbot: QtBot, window: MainWindow,
                                                                    desk: Desk) -> None:
    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    milk = next(p for p in desk.catalog.search("纯牛奶") if p.name == "纯牛奶 250ml")
    for _ in range(5):
        window.route_scan(milk.code)
        wait_idle(qtbot, window)
    missing = 3000 - 5 * milk.price_fen  # DAIRY5: ¥5 off ¥30 of dairy
    first = page.promotions.items[0]
    assert first.kind == "threshold" and first.product.category == "乳制品"
    assert page.promotions.buttons[0].text().endswith(f"add {format_fen(missing)} more of Dairy to reach ¥30.00")
    qtbot.keyClick(page.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert [line.product.code for line in page.basket.lines] == [milk.code, first.product.code]
    assert page.basket.total_fen >= 3000  # the suggestion closes the gap with one item
    assert all(item.product.code not in (milk.code, first.product.code) for item in page.promotions.items)
