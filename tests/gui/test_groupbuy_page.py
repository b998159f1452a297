"""The Group buys page on a real demo database: check-in at the till by member card, live shoppers (masked),
"Suggest now" with the certificate, states updating by polling, and the group checkout by scanning G…."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gui.cashier.page import CashierPage
from gui.groupbuy.page import GroupBuyPage
from gui.main_window import MainWindow
from models import Member, Product
from models.groupbuy import ConsentKind
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def test_till_check_in_suggest_states_and_group_checkout(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    log_in(qtbot, window, "cashier", "1111")
    cashier = window.show_page(CashierPage)
    assert isinstance(cashier, CashierPage)
    window.route_scan("M20260007")  # the cashier identifies a member by their card
    wait_idle(qtbot, window)
    cola = desk.catalog.search("可乐")[0].code
    window.route_scan(cola)
    wait_idle(qtbot, window)
    store = desk.groupbuy.store_id("S001")
    till = [c for c in desk.groupbuy.live(store) if c.source == "till"]
    member7 = desk.coupons.find_member("M20260007")
    assert [c.member_id for c in till] == [member7.id] and till[0].basket_fen == cashier.basket.total_fen > 0
    desk.groupbuy.check_out(member7.id)

    with desk.db.sessions() as s:
        members = list(s.execute(select(Member.id, Member.name).order_by(Member.id)).all())[:3]
        codes = list(s.scalars(select(Product.code).where(Product.active.is_(True))
                               .order_by(Product.price_fen.desc())))  # fmt: skip
    for (m, _), basket in zip(members, (18000, 9000, 6000), strict=True):
        desk.groupbuy.check_in(m, store, basket_fen=basket, items=2, source="phone")
        desk.groupbuy.set_consent(m, ConsentKind.SUGGEST, True)

    page = window.show_page(GroupBuyPage)
    assert isinstance(page, GroupBuyPage)
    wait_idle(qtbot, window)
    assert page.live_model.rowCount() == 3
    shown = {page.live_model.index(r, 0).data() for r in range(3)}
    assert shown.isdisjoint({name for _, name in members}) and all("*" in n for n in shown)
    assert all("****" in page.live_model.index(r, 1).data() for r in range(3))

    page.suggest_button.click()
    wait_idle(qtbot, window)
    assert "1 groups suggested from 3 members" in page.notice.text() and "proven best" in page.notice.text()
    qtbot.waitUntil(lambda: page.group_model.rowCount() == 1, timeout=5000)
    group = page.group_model.rows[0]
    assert page.group_model.index(0, 1).data() == "waiting for answers"
    assert "exact" in page.group_model.index(0, 5).data()

    for m, _ in members:  # the members answer on their phones; the page's timer picks it up
        desk.groupbuy.respond(group.id, m, accept=True)
    qtbot.waitUntil(lambda: page.group_model.index(0, 1).data() == "formed: pay at the till", timeout=8000)

    window.route_scan(group.code)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    assert dialog is not None
    for i in range(3):
        dialog.member_box.setCurrentIndex(i)
        window.route_scan(codes[i])  # scans go to the open group checkout
        window.route_scan(codes[i])
        window.route_scan(codes[i + 3])
        wait_idle(qtbot, window)
    window.route_scan("6900000000000")  # an unknown product is refused and taken back out
    wait_idle(qtbot, window)
    assert "No product" in dialog.message.text()
    dialog.member_box.setCurrentIndex(0)
    dialog.add_item(codes[0])  # a valid item again re-quotes
    qtbot.waitUntil(dialog.pay_button.isEnabled, timeout=5000)
    quote = dialog.quote
    assert quote is not None and quote.saving_fen > 0
    assert sum(p.share_fen for p in quote.parts) == quote.saving_fen
    dialog.pay_button.click()
    wait_idle(qtbot, window)
    assert dialog.receipt is not None and len(dialog.receipt.receipts) == 3
    assert f"Group {group.code} paid: 3 orders" in page.notice.text()
    assert desk.groupbuy.group(group.id).state == "settled"

    window.route_scan(group.code)  # paid already: the page says so, no dialog
    wait_idle(qtbot, window)
    assert "cannot be paid" in page.notice.text()
