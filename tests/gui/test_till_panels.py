"""Issue 17 item 3: the coupon panel, the promotions strip, the customer display and the total
follow every basket change (add, quantity, remove, new sale, member change) and always describe
the same basket — the one answer services/checkout/till.py gives."""

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


def _scan(qtbot: QtBot, window: MainWindow, code: str) -> None:
    window.route_scan(code)
    wait_idle(qtbot, window)


def _panels_match_the_basket(page: CashierPage, desk: Desk) -> None:
    """What the panels show equals what the services say for the basket as it is now."""
    items = page.items()
    member_id = page.coupons.member.id if page.coupons.member else None
    if not items:
        assert page.coupons.offers == []
        assert page.promotions.items == desk.promotions.featured("S001", None, 4)
        return
    focus = page._last_scanned if page._last_scanned in {c for c, _ in items} else items[-1][0]
    expected = desk.coupons.ranked_offers(items, focus, "S001", member_id)
    assert [(r.offer.code, r.discount_fen, r.reason) for r in page.coupons.offers] == [
        (r.offer.code, r.discount_fen, r.reason) for r in expected
    ]
    promoted = desk.promotions.suggestions(items, focus, "S001", member_id)
    assert [p.product.code for p in page.promotions.items] == [p.product.code for p in promoted]
    display = page.feed.state
    assert display.total_fen == page.basket.total_fen
    assert [o.discount_fen for o in display.offers] == [r.discount_fen for r in expected[: len(display.offers)]]
    assert tuple(display.promotions) == tuple(page.promotions.items)


def test_panels_follow_removal_and_quantity(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    cola = desk.catalog.search("可乐 1.5L")[0]
    bread = desk.catalog.search("全麦面包 分享装")[0]
    _scan(qtbot, window, cola.code)
    _scan(qtbot, window, bread.code)
    page.feed.publish()
    _panels_match_the_basket(page, desk)
    assert page.coupons.offers[0].offer.code == "BREAD50" and page.coupons.offers[0].discount_fen == 1645

    # The tour's case: remove the bread; nothing may still say "saves ¥16.45" on the ¥8.30 basket.
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    page.feed.publish()
    assert page.basket.total_fen == cola.price_fen
    _panels_match_the_basket(page, desk)
    assert "BREAD50" not in {r.offer.code for r in page.coupons.offers}
    assert all(r.discount_fen <= cola.price_fen for r in page.coupons.offers)
    assert all(o.discount_fen <= cola.price_fen for o in page.feed.state.offers)

    # A quantity change re-ranks too.
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Plus)
    wait_idle(qtbot, window)
    page.feed.publish()
    _panels_match_the_basket(page, desk)

    # −1 down to 1 and once more: the line stays, the cashier is told how to remove it.
    qtbot.keyClick(page.table, Qt.Key.Key_Minus)
    qtbot.keyClick(page.table, Qt.Key.Key_Minus)
    wait_idle(qtbot, window)
    assert page.model.rowCount() == 1 and page.basket.lines[0].quantity == 1
    assert "Remove (Del)" in page.message.text()

    # Removing the last line shows the featured items and no coupons.
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    page.feed.publish()
    _panels_match_the_basket(page, desk)
    assert page.total_label.text() == "Total ¥0.00"


def test_the_total_shows_the_members_best_price_live(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    cola = desk.catalog.search("可乐 1.5L")[0]
    for _ in range(4):
        _scan(qtbot, window, cola.code)
    assert page.total_label.text() == f"Total {format_fen(4 * cola.price_fen)}"
    _scan(qtbot, window, "M20260005")
    member = page.coupons.member
    assert member is not None
    page.coupons.list.setCurrentRow([r.offer.code for r in page.coupons.offers].index("DRINK20"))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)  # claim: the panels and the best price follow
    wait_idle(qtbot, window)
    quote = desk.checkout.quote(page.items(), member.id, "S001")
    assert quote.total_fen < quote.subtotal_fen
    assert page.total_label.text() == f"Total {format_fen(quote.subtotal_fen)}"
    assert page.member_total_label.isVisible()
    assert page.member_total_label.text() == f"{format_fen(quote.total_fen)} with the member's coupons"
    page.feed.publish()
    assert page.feed.state.member_total_fen == quote.total_fen
    _panels_match_the_basket(page, desk)

    # A quantity change moves the best price with it.
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Minus)
    wait_idle(qtbot, window)
    quote = desk.checkout.quote(page.items(), member.id, "S001")
    assert page.member_total_label.text() == f"{format_fen(quote.total_fen)} with the member's coupons"

    # Clearing the member drops their price at once.
    page.coupons.clear_member()
    assert page.total_label.text() == f"Total {format_fen(3 * cola.price_fen)}"
    assert not page.member_total_label.isVisible()
    wait_idle(qtbot, window)
    assert not page.member_total_label.isVisible()
    _panels_match_the_basket(page, desk)
