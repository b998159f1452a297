"""Shifts in the GUI (issue 18): the till's prompt, open with a float, cash in/out, X, close → Z.

Real SQLite desk, a fake ESC/POS printer on 127.0.0.1 for the printed reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.cashier.page import CashierPage
from gui.main_window import MainWindow
from gui.shifts.page import ShiftsPage
from services.core.settings import PrinterSettings, Settings
from services.desk import Desk
from tests.devices.fake_escpos import FakeTcpPrinter
from tests.gui.helpers import close_window, log_in, make_window, wait_idle


@pytest.fixture
def printer() -> Iterator[FakeTcpPrinter]:
    p = FakeTcpPrinter()
    yield p
    p.unplug()


@pytest.fixture
def till(qtbot: QtBot, desk: Desk, tmp_path: Path, printer: FakeTcpPrinter) -> Iterator[MainWindow]:
    settings = Settings(printer=PrinterSettings(receipt_printer=printer.url, width_mm=58))
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    window.devices.printing.start(poll_s=0.1)
    try:
        yield window
    finally:
        close_window(qtbot, window)


def test_till_prompts_then_a_shift_runs_and_closes_with_a_z_that_adds_up(
    qtbot: QtBot, till: MainWindow, desk: Desk, printer: FakeTcpPrinter
) -> None:
    window = till
    log_in(qtbot, window, "cashier", "1111")
    cashier = window.current_page()
    assert isinstance(cashier, CashierPage)
    wait_idle(qtbot, window)
    assert cashier.shift_banner.isVisible()  # no shift yet: the till says so before the first sale
    assert "No shift is open" in cashier.shift_banner.label.text()

    dialog = cashier.shift_banner.open_dialog()
    assert not dialog.open_shift()
    assert "opening float" in dialog.error.text()
    dialog.float_edit.setText("500.00")
    assert dialog.open_shift()
    wait_idle(qtbot, window)
    assert not dialog.isVisible() and not cashier.shift_banner.isVisible()
    shift = desk.shifts.current("S001")
    assert shift is not None and shift.opening_float_fen == 50000

    # A cash sale through the till.
    cola = desk.catalog.search("可乐")[0]
    paid = desk.checkout.pay([(cola.code, 2)], None, "S001", "cash", tendered_fen=10000)

    page = window.show_page(ShiftsPage)
    assert isinstance(page, ShiftsPage)
    wait_idle(qtbot, window)
    assert f"Shift {shift.id} open since" in page.state_label.text() and "¥500.00" in page.state_label.text()
    assert not page.open_button.isEnabled()

    page.move_amount.setText("100.00")
    assert page.cash_move("out")
    wait_idle(qtbot, window)
    assert "Say why cash goes in or out" in page.notice.text()  # no reason: refused, nothing recorded
    page.move_reason.setText("cash to the safe")
    assert page.cash_move("out")
    wait_idle(qtbot, window)
    assert "¥100.00 taken out of the drawer: cash to the safe" in page.notice.text()

    assert page.x_report()
    wait_idle(qtbot, window)
    expected = 50000 + paid.quote.total_fen - 10000
    assert f"X report 1 taken: expected cash {'¥' + f'{expected / 100:,.2f}'}" in page.notice.text()
    assert "Sent to the printer" in page.notice.text()
    assert page.report_list.count() == 1 and "X report 1" in page.report_list.item(0).text()
    assert "X" in page.report_view.toPlainText()

    # An unpaid basket at the till: the close is refused, the shift stays open.
    window.show_page(CashierPage)
    qtbot.keyClicks(cashier.code_edit, cola.code)
    qtbot.keyClick(cashier.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    window.show_page(ShiftsPage)
    wait_idle(qtbot, window)
    assert not page.close_shift()
    assert "Count the cash" in page.notice.text()
    page.counted_edit.setText(f"{(expected - 50) / 100:.2f}")
    assert page.close_shift()
    wait_idle(qtbot, window)
    assert "unpaid sale (1 items)" in page.notice.text()
    assert desk.shifts.current("S001") is not None

    cashier.basket.clear()
    cashier.model.refresh()
    cashier._update_totals()
    assert page.close_shift()
    wait_idle(qtbot, window)
    assert "Shift closed: Z report" in page.notice.text()
    assert "difference -¥0.50" in page.notice.text() or "difference ¥-0.50" in page.notice.text()
    assert desk.shifts.current("S001") is None
    kept = desk.shifts.reports(shift.id)
    assert [r.kind for r in kept] == ["X", "Z"]
    z = kept[-1]
    assert z.expected_cash_fen == expected and z.counted_cash_fen == expected - 50 and z.difference_fen == -50
    assert z.orders == 1 and z.sales_fen == paid.quote.total_fen
    assert page.open_button.isEnabled() and not page.close_button.isEnabled()
    assert "Z" in page.report_view.toPlainText()
    qtbot.waitUntil(lambda: bytes(printer.received).count(b"\x1dV") == 2, timeout=5000)  # the X and the Z


def test_opening_a_second_shift_is_refused_with_the_open_one_named(
    qtbot: QtBot, till: MainWindow, desk: Desk
) -> None:
    window = till
    first = desk.shifts.open("S001", 20000)
    log_in(qtbot, window, "admin", "9999")
    page = window.show_page(ShiftsPage)
    assert isinstance(page, ShiftsPage)
    wait_idle(qtbot, window)
    dialog = page.open_dialog()  # e.g. opened from a page shown before the other till opened one
    dialog.float_edit.setText("10")
    dialog.open_shift()
    wait_idle(qtbot, window)
    assert dialog.isVisible() and f"already open in store S001 (shift {first.id})" in dialog.error.text()
