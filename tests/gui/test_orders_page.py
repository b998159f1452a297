from __future__ import annotations

from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.orders.page import OrdersPage
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def test_orders_are_listed_found_and_refunded(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    member = desk.coupons.find_member("M20260007")
    desk.coupons.claim_by_code("NEW5", member.id, "S001")
    cola = desk.catalog.search("可乐")[0].code
    paid = desk.checkout.pay([(cola, 3)], member.id, "S001", "cash", tendered_fen=10000)
    desk.checkout.pay([(desk.catalog.search("雨伞")[0].code, 1)], None, "S001", "qr", reference="WX123")
    log_in(qtbot, window, "cashier", "1111")
    page = window.show_page(OrdersPage)
    assert isinstance(page, OrdersPage)
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 2
    window.route_scan("M20260007")  # a member card finds that member's orders
    wait_idle(qtbot, window)
    assert [o.number for o in page.model.rows] == [paid.number]
    assert page.model.index(0, 3).data() == "¥5.00"
    page.table.selectRow(0)
    page.confirm = lambda order: True
    page.refund_selected()
    page.refund_selected()  # a double press refunds once
    wait_idle(qtbot, window)
    assert f"Order {paid.number} refunded; 1 coupons returned" in page.notice.text()
    wait_idle(qtbot, window)
    assert page.model.rows[0].status == "refunded"
    assert [c.code for c in desk.coupons.wallet(member.id)] == ["NEW5"]
    page.table.selectRow(0)
    page.refund_selected()
    wait_idle(qtbot, window)
    assert "already refunded" in page.notice.text()
