"""Issue 17 item 4: the cash field follows the total, quick-cash buttons, and no amount reverts silently."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.cashier.checkout_dialog import quick_cash_steps
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


def test_quick_cash_steps_are_the_next_notes_above_the_total() -> None:
    assert quick_cash_steps(3290) == [4000, 5000, 10000]
    assert quick_cash_steps(5000) == [6000, 10000]  # ¥50 exactly: Exact covers it, no duplicate
    assert quick_cash_steps(4990) == [5000, 10000]  # the next ¥10 and ¥50 are the same note amount
    assert quick_cash_steps(12345) == [13000, 15000, 20000]


def test_cash_follows_a_code_that_lowers_the_total_and_quick_cash_pays(
        qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    window.route_scan("M20260008")
    umbrella = desk.catalog.search("雨伞")[0]
    window.route_scan(umbrella.code)
    wait_idle(qtbot, window)
    dialog = page.checkout()
    assert dialog is not None
    wait_idle(qtbot, window)
    assert dialog.quote is not None
    before = dialog.quote.total_fen
    assert dialog.tendered.text() == "" and dialog.change_label.text() == "Exact amount, no change"
    labels = [b.text() for b in dialog.quick_cash_buttons]
    assert labels == ["Exact"] + [format_fen(a) for a in quick_cash_steps(before)]

    dialog.code_edit.setText("NEW5")
    dialog.apply_code()
    wait_idle(qtbot, window)
    after = dialog.quote.total_fen
    assert after == before - 500
    # The cash field is empty (= the exact amount): it follows the new total and shows no change.
    assert dialog.tendered.text() == "" and dialog.change_label.text() == "Exact amount, no change"
    assert [b.text() for b in dialog.quick_cash_buttons][1:] == [format_fen(a) for a in quick_cash_steps(after)]

    # Too little cash is shown as short and refused with a message, never silently reverted.
    dialog.tendered.set_fen(after - 100)
    assert dialog.change_label.text() == "¥1.00 short"
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and page.last_receipt is None
    assert dialog.message.text() and dialog.tendered.fen() == after - 100

    note = quick_cash_steps(after)[-1]
    qtbot.mouseClick(dialog.quick_cash_buttons[-1], Qt.MouseButton.LeftButton)
    assert dialog.tendered.fen() == note
    assert dialog.change_label.text() == f"Change {format_fen(note - after)}"
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    receipt = page.last_receipt
    assert receipt is not None and receipt.tendered_fen == note and receipt.change_fen == note - after
    for w in window.findChildren(type(dialog)):
        w.close()
