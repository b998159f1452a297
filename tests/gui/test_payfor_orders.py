from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gui.main_window import MainWindow
from gui.orders.page import OrdersPage
from models import OutboxEvent
from services.desk import Desk
from services.payfor.desk import FEED_HANDLERS, GoodsLine, Party
from tests.gui.helpers import log_in, wait_idle


def test_orders_awaiting_a_payer_cancel_and_a_members_received_orders(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    member = desk.coupons.find_member("M20260007")
    waiting = desk.payfor.send([GoodsLine("可乐", 2, 350)], Party(member_id=member.id), Party(phone="13900009999"))
    received = desk.payfor.send([GoodsLine("雨伞", 1, 2500)], Party(member_id=member.id), Party(phone="13900008888"))
    with desk.db.sessions.begin() as s:  # the server's feed said the second one was paid
        FEED_HANDLERS["payfor.paid"](s, {"order_no": received.order_no, "paid_at": "2026-12-08T02:00:00+00:00"})
    log_in(qtbot, window, "cashier", "1111")
    page = window.show_page(OrdersPage)
    assert isinstance(page, OrdersPage)
    wait_idle(qtbot, window)
    panel = page.payfor
    assert [o.order_no for o in panel.model.rows] == [waiting.order_no]
    assert panel.model.index(0, 3).data() == "¥7.00"
    panel.table.selectRow(0)
    panel.cancel_button.click()
    wait_idle(qtbot, window)
    assert "is being cancelled" in panel.notice.text()
    with desk.db.sessions() as s:
        topics = list(s.scalars(select(OutboxEvent.topic).order_by(OutboxEvent.id)))
    assert topics[-1] == "payfor.cancel"
    panel.view.setCurrentIndex(1)
    wait_idle(qtbot, window)
    assert [o.order_no for o in panel.model.rows] == [received.order_no]
    window.route_scan("M20260007")  # the member's card: the orders they received
    wait_idle(qtbot, window)
    assert [o.order_no for o in panel.model.rows] == [received.order_no]
    assert "1 orders received" in panel.notice.text()


def test_the_till_sends_the_basket_to_a_payer_and_refuses_a_recipient_without_contact(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    from PySide6.QtCore import Qt

    from gui.cashier.page import CashierPage

    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    cola = desk.catalog.search("可乐")[0]
    qtbot.keyClicks(page.code_edit, cola.code)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    dialog = page.pay_for_another()
    assert dialog is not None
    dialog.recipient_edit.setText("")  # nobody at the counter is a member, and no phone given
    dialog.payer_edit.setText("13900009999")
    dialog.send()
    wait_idle(qtbot, window)
    assert "no contact" in dialog.error.text() and dialog.record is None
    dialog.recipient_edit.setText("13800001111")
    dialog.payer_edit.setText("M20260007")  # a member card: the payer is that member
    dialog.send()
    wait_idle(qtbot, window)
    assert dialog.record is not None
    assert page.model.rowCount() == 0 and dialog.record.order_no in page.message.text()
    sent = desk.payfor.get(dialog.record.order_no)
    assert sent.state == "sent" and sent.amount_fen == cola.price_fen
    with desk.db.sessions() as s:
        assert s.scalars(select(OutboxEvent.topic).order_by(OutboxEvent.id.desc())).first() == "payfor.create"
