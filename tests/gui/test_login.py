from __future__ import annotations

from pytestqt.qtbot import QtBot

from gui.cashier.page import CashierPage
from gui.coupons.page import CouponsAdminPage
from gui.groupbuy.page import GroupBuyPage
from gui.lockers.page import LockersPage
from gui.main_window import MainWindow
from gui.orders.page import OrdersPage
from gui.parcels.page import ParcelsPage
from gui.residents.page import ResidentsPage
from gui.shifts.page import ShiftsPage
from tests.gui.helpers import log_in, wait_idle


def test_login_shows_the_pages_of_the_role(qtbot: QtBot, window: MainWindow) -> None:
    log_in(qtbot, window, "cashier", "1111")
    assert window.operator is not None and window.operator.login == "cashier"
    assert [type(p) for p in window.pages] == [CashierPage, OrdersPage, ShiftsPage, GroupBuyPage]
    assert window.nav.count() == 4
    assert not window.settings_action.isEnabled()  # only administrators change settings

    window.logout()
    assert window.pages == [] and window.nav.count() == 0
    wait_idle(qtbot, window)
    log_in(qtbot, window, "desk", "2222")
    desk_pages = [type(p) for p in window.pages]
    assert desk_pages[0] is ParcelsPage  # the property desk starts on its daily page
    assert {ParcelsPage, ResidentsPage, LockersPage} <= set(desk_pages) and CashierPage not in desk_pages
    window.logout()
    wait_idle(qtbot, window)
    log_in(qtbot, window, "admin", "9999")
    assert {type(p) for p in window.pages} >= {CashierPage, OrdersPage, ResidentsPage, LockersPage, CouponsAdminPage}


def test_wrong_pins_then_lockout(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.login_dialog
    assert dialog is not None
    for attempt in range(1, 5):
        log_in(qtbot, window, "cashier", "0000")
        assert window.operator is None and dialog.isVisible()
        assert f"Tries left before this operator is locked: {5 - attempt}." in dialog.message.text()
    log_in(qtbot, window, "cashier", "0000")
    assert "locked until" in dialog.message.text()
    log_in(qtbot, window, "cashier", "1111")  # the right PIN does not open a locked operator
    assert window.operator is None and "locked until" in dialog.message.text()
    log_in(qtbot, window, "admin", "9999")  # others still can
    assert window.operator is not None and window.operator.login == "admin"


def test_escape_does_not_dismiss_login(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.login_dialog
    assert dialog is not None
    qtbot.keyClick(dialog, "\x1b")
    assert dialog.isVisible()
