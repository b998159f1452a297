"""Printing in the desk (issue 18): Settings → Printer, receipts after a sale through the queue,
the drawer on cash, faults on the status bar, reprint from Orders, labels on storing a parcel.

The printer is a fake ESC/POS printer on a real TCP socket on 127.0.0.1 (tests/devices/fake_escpos.py),
answering the status queries from its state (paper out, offline, unplugged).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from devices.lockboard.protocol import RequestKind
from gui.cashier.checkout_dialog import CheckoutDialog, ReceiptDialog
from gui.cashier.page import CashierPage
from gui.main_window import MainWindow
from gui.orders.page import OrdersPage
from gui.parcels.page import ParcelsPage
from gui.parcels.store_flow import StoreState
from gui.settings_dialog import SettingsDialog
from services.core.settings import PrinterSettings, Settings
from services.desk import Desk
from tests.devices.fake_escpos import FakeTcpPrinter
from tests.gui.helpers import close_window, log_in, make_window, wait_idle

INIT = b"\x1b@"
DRAWER = b"\x1bp"
CUT = b"\x1dV"


@pytest.fixture
def printer() -> Iterator[FakeTcpPrinter]:
    p = FakeTcpPrinter()
    yield p
    p.unplug()


def _window(qtbot: QtBot, desk: Desk, tmp_path: Path, url: str, label_url: str = "") -> MainWindow:
    settings = Settings(printer=PrinterSettings(receipt_printer=url, label_printer=label_url, width_mm=58))
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    window.devices.printing.start(poll_s=0.1)
    return window


def _sell_cash(qtbot: QtBot, window: MainWindow, desk: Desk) -> str:
    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    code = desk.catalog.search("可乐")[0].code
    qtbot.keyClicks(page.code_edit, code)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    dialog = page.checkout()
    assert isinstance(dialog, CheckoutDialog)
    wait_idle(qtbot, window)
    dialog.tendered.set_fen(10000)
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert page.last_receipt is not None
    for w in QApplication.topLevelWidgets():
        if isinstance(w, ReceiptDialog) and w.isVisible():
            w.accept()
    return page.last_receipt.number


def _jobs(printer: FakeTcpPrinter) -> int:
    return bytes(printer.received).count(CUT)


def test_paper_out_keeps_the_sale_and_the_receipt_prints_once_when_paper_is_back(
    qtbot: QtBot, desk: Desk, tmp_path: Path, printer: FakeTcpPrinter
) -> None:
    printer.paper = "out"
    window = _window(qtbot, desk, tmp_path, printer.url)
    try:
        number = _sell_cash(qtbot, window, desk)
        # The sale is recorded whatever the printer does.
        assert [o.number for o in desk.checkout.orders(number)] == [number]
        qtbot.waitUntil(lambda: "1 receipt(s) waiting: paper out" in window.status.devices_label.text(), timeout=5000)
        assert "color: #b00020" in window.status.devices_label.styleSheet()
        assert _jobs(printer) == 0  # paper out is seen before anything is sent
        printer.paper = "ok"
        window.devices.printing.retry_now()
        qtbot.waitUntil(lambda: "Printer: ready" in window.status.devices_label.text(), timeout=5000)
        data = bytes(printer.received)
        assert _jobs(printer) == 1 and data.count(INIT) >= 1
        assert DRAWER in data  # a cash sale within the drawer window opens the drawer
        assert number.encode() in data
        qtbot.wait(300)
        assert _jobs(printer) == 1  # printed once, not again
    finally:
        close_window(qtbot, window)


def test_unplugged_printer_is_named_and_the_queue_survives_a_restart(
    qtbot: QtBot, desk: Desk, tmp_path: Path, printer: FakeTcpPrinter
) -> None:
    url = printer.url
    printer.unplug()  # nothing listens at host:port any more
    window = _window(qtbot, desk, tmp_path, url)
    try:
        _sell_cash(qtbot, window, desk)
        qtbot.waitUntil(lambda: "receipt(s) waiting: printer not found" in window.status.devices_label.text(),
                        timeout=8000)
    finally:
        close_window(qtbot, window)
    spool = tmp_path / "data" / "print-spool" / "receipt"
    assert len(list(spool.glob("*.json"))) == 1  # kept on disk for the next start


def test_reprint_from_orders_is_marked_and_never_opens_the_drawer(
    qtbot: QtBot, desk: Desk, tmp_path: Path, printer: FakeTcpPrinter
) -> None:
    paid = desk.checkout.pay([(desk.catalog.search("可乐")[0].code, 2)], None, "S001", "cash", tendered_fen=10000)
    window = _window(qtbot, desk, tmp_path, printer.url)
    try:
        log_in(qtbot, window, "cashier", "1111")
        page = window.show_page(OrdersPage)
        assert isinstance(page, OrdersPage)
        wait_idle(qtbot, window)
        assert not page.reprint_selected()
        assert "Select an order" in page.notice.text()
        page.table.selectRow(0)
        assert page.reprint_selected()
        wait_idle(qtbot, window)
        assert f"Receipt of order {paid.number} sent to the printer" in page.notice.text()
        qtbot.waitUntil(lambda: _jobs(printer) == 1, timeout=5000)
        data = bytes(printer.received)
        assert paid.number.encode() in data and DRAWER not in data
    finally:
        close_window(qtbot, window)


def test_reprint_without_a_printer_says_where_to_set_one(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    desk.checkout.pay([(desk.catalog.search("可乐")[0].code, 1)], None, "S001", "card", reference="POS1")
    window = make_window(qtbot, desk, tmp_path)
    try:
        log_in(qtbot, window, "cashier", "1111")
        page = window.show_page(OrdersPage)
        assert isinstance(page, OrdersPage)
        wait_idle(qtbot, window)
        page.table.selectRow(0)
        assert not page.reprint_selected()
        assert "Settings → Printer" in page.notice.text()
    finally:
        close_window(qtbot, window)


def test_settings_printer_tab_prints_a_test_page_and_names_faults(
    qtbot: QtBot, window: MainWindow, printer: FakeTcpPrinter
) -> None:
    log_in(qtbot, window, "admin", "9999")
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert not dialog.print_test_page()
    assert "receipt printer's address first" in dialog.printer_result.text()

    dialog.receipt_printer_edit.setText(printer.url)
    assert dialog.print_test_page()
    assert not dialog.test_print_button.isEnabled()  # one test at a time, on a worker
    qtbot.waitUntil(lambda: dialog.test_print_button.isEnabled(), timeout=8000)
    assert "Test page sent" in dialog.printer_result.text() and "online, paper ok" in dialog.printer_result.text()
    data = bytes(printer.received)
    assert data.startswith(INIT) or INIT in data
    assert DRAWER not in data  # the test page never opens the drawer

    printer.paper = "out"
    dialog.print_test_page()
    qtbot.waitUntil(lambda: dialog.test_print_button.isEnabled(), timeout=8000)
    assert "Nothing printed" in dialog.printer_result.text() and "paper out" in dialog.printer_result.text()

    # A malformed address is refused on OK, naming it; nothing is saved.
    dialog.receipt_printer_edit.setText("tcp://")
    dialog.accept()
    assert dialog.isVisible() and "Not a printer address: tcp://" in dialog.printer_result.text()

    dialog.receipt_printer_edit.setText(printer.url)
    dialog.header_edit.setPlainText("  人民路 1 号 \n\n电话 021-5555 1234")
    dialog.roll_combo.setCurrentIndex(dialog.roll_combo.findData(58))
    dialog.accept()
    assert window.settings.printer.receipt_printer == printer.url
    assert window.settings.printer.header == ["人民路 1 号", "电话 021-5555 1234"]
    assert window.settings.printer.width_mm == 58


def test_storing_a_parcel_prints_its_label(qtbot: QtBot, desk: Desk, tmp_path: Path, printer: FakeTcpPrinter) -> None:
    window = _window(qtbot, desk, tmp_path, "", label_url=printer.url)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=10_000)
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(ParcelsPage)
        assert isinstance(page, ParcelsPage)
        wait_idle(qtbot, window)
        resident = next(r for r in desk.residents.search("") if not desk.parcels.for_resident(r.id, live_only=False))
        assert window.route_scan("SF7654321098")
        wait_idle(qtbot, window)
        picker = page.intake.picker
        qtbot.keyClicks(picker.edit, f"{resident.building}-{resident.unit}")
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
        picker.table.selectRow(next(i for i, r in enumerate(picker.model.rows) if r.id == resident.id))
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.intake.flow.state is StoreState.OFFERED, timeout=5000)
        choice = page.intake.flow.choice
        assert choice is not None
        sim = window.devices.lock_simulator
        assert sim is not None
        page.intake.flow.close_timeout_s = 10.0
        page.intake.open_door()
        qtbot.waitUntil(lambda: any(r.reply is not None for r in sim.received(RequestKind.OPEN, choice.board, choice.lock))
                        and not sim.lock_state(choice.board, choice.lock).latched, timeout=8000)
        qtbot.wait(300)
        sim.person_closes(choice.board, choice.lock)
        qtbot.waitUntil(lambda: page.intake.flow.state is not StoreState.STORING, timeout=8000)
        assert page.intake.last_code, page.intake.message.text()
        qtbot.waitUntil(lambda: _jobs(printer) == 1, timeout=5000)
        data = bytes(printer.received)
        assert b"SF7654321098" in data and DRAWER not in data
        qtbot.waitUntil(lambda: "Label printer: ready" in window.status.devices_label.text(), timeout=5000)
    finally:
        close_window(qtbot, window)


def test_a_printer_switched_off_is_named_and_the_sale_stands(
    qtbot: QtBot, desk: Desk, tmp_path: Path, printer: FakeTcpPrinter
) -> None:
    printer.mute = True  # connected but silent: switched off behind a network adapter, or a loose cable
    window = _window(qtbot, desk, tmp_path, printer.url)
    try:
        number = _sell_cash(qtbot, window, desk)
        assert [o.number for o in desk.checkout.orders(number)] == [number]
        qtbot.waitUntil(lambda: "receipt(s) waiting: printer not answering" in window.status.devices_label.text(),
                        timeout=8000)
        printer.mute = False
        window.devices.printing.retry_now()
        qtbot.waitUntil(lambda: "Printer: ready" in window.status.devices_label.text(), timeout=8000)
        assert bytes(printer.received).count(CUT) == 1 and number.encode() in bytes(printer.received)
        assert len(desk.checkout.orders(number)) == 1  # one sale, one receipt
    finally:
        close_window(qtbot, window)
