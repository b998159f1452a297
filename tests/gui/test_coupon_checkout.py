"""The cashier flow of issue 5, by keys: scan → coupons → member → claim (F2) → pay (F12) → receipt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.cashier.checkout_dialog import CheckoutDialog, ReceiptDialog
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


def test_scan_claim_and_pay_with_the_best_coupons(qtbot: QtBot, window: MainWindow, desk: Desk, tmp_path: Path) -> None:
    page = _cashier(qtbot, window)
    cola = desk.catalog.search("可乐 1.5L")[0]
    for _ in range(4):
        _scan(qtbot, window, cola.code)
    offers = [r.offer.code for r in page.coupons.offers]
    assert offers[0] in ("WEEKEND5", "DRINK20") and "COLA1" in offers
    assert "best for this basket" in page.coupons.list.item(0).text()

    # Claiming without a member explains what to do.
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert "Identify the member first" in page.message.text()

    _scan(qtbot, window, "M20260005")  # the member scans their card
    assert page.coupons.member is not None and "****" in page.coupons.member_label.text()
    drink_row = [r.offer.code for r in page.coupons.offers].index("DRINK20")
    page.coupons.list.setCurrentRow(drink_row)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)  # pressed twice: claimed once per press, within the limit of 2
    wait_idle(qtbot, window)
    assert "Claimed" in page.message.text()
    assert len(desk.coupons.wallet(page.coupons.member.id)) in (1, 2)
    claimed = len(desk.coupons.wallet(page.coupons.member.id))

    qtbot.keyClick(page.table, Qt.Key.Key_F12)
    wait_idle(qtbot, window)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CheckoutDialog) and w.isVisible())
    assert dialog.quote is not None
    subtotal = 4 * cola.price_fen
    expected_discount = min(500, subtotal * 20 // 100)  # at least one DRINK20 applies
    assert dialog.quote.subtotal_fen == subtotal
    assert dialog.quote.discount_fen >= expected_discount
    assert dialog.quote.total_fen == subtotal - dialog.quote.discount_fen
    boxes = dialog.coupon_checks
    assert len(boxes) == claimed and any(b.isChecked() for b in boxes)

    dialog.tendered.set_fen(10000)
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    receipt = page.last_receipt
    assert receipt is not None and receipt.change_fen == 10000 - receipt.quote.total_fen
    assert page.basket.item_count == 0 and page.coupons.member is None
    assert f"Paid {format_fen(receipt.quote.total_fen)}" in page.message.text()
    shown = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ReceiptDialog) and w.isVisible())
    asked = shown.save_pdf()  # asks where, offering the receipts folder and the order number
    offered = Path(asked.selectedFiles()[0])
    assert offered == window.devices.data_dir / "receipts" / f"{receipt.number}.pdf"
    pdf = tmp_path / "chosen" / "receipt.pdf"
    pdf.parent.mkdir()
    asked.fileSelected.emit(str(pdf))
    asked.close()
    wait_idle(qtbot, window)
    assert "Saved to" in shown.saved.text()
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    shown.accept()


def test_unticking_a_coupon_requotes_and_pays_without_it(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    member = desk.coupons.find_member("M20260006")
    desk.coupons.claim_by_code("NEW5", member.id, "S001")
    _scan(qtbot, window, "M20260006")
    _scan(qtbot, window, desk.catalog.search("雨伞")[0].code)
    dialog = page.checkout()
    assert dialog is not None
    wait_idle(qtbot, window)
    assert dialog.quote is not None and dialog.quote.discount_fen == 500
    box = dialog.coupon_checks[0]
    box.setChecked(False)
    wait_idle(qtbot, window)
    assert dialog.quote.discount_fen == 0
    dialog.method.setCurrentIndex(dialog.method.findData("card"))
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert "reference" in dialog.message.text()  # a card payment needs its slip number; nothing was charged
    dialog.reference.setText("POS-0042")
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert page.last_receipt is not None and page.last_receipt.quote.discount_fen == 0
    assert [c.code for c in desk.coupons.wallet(member.id)] == ["NEW5"]  # kept for later


def test_unknown_member_card(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _cashier(qtbot, window)
    _scan(qtbot, window, "M99999999")
    assert "No member with code" in page.message.text() and page.coupons.member is None


def test_typed_code_is_claimed_for_the_member_and_the_total_drops(
        qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    _scan(qtbot, window, "M20260008")
    umbrella = desk.catalog.search("雨伞")[0]
    _scan(qtbot, window, umbrella.code)
    dialog = page.checkout()
    assert dialog is not None
    wait_idle(qtbot, window)
    assert dialog.quote is not None
    before = dialog.quote.total_fen
    qtbot.keyClicks(dialog.code_edit, "new5")
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)  # Enter applies the code; it does not pay
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and page.last_receipt is None
    assert dialog.quote.total_fen == before - 500
    assert "NEW5" in dialog.code_message.text() and "saves ¥5.00" in dialog.code_message.text()
    assert [b.isChecked() for b in dialog.coupon_checks] == [True]
    member = desk.coupons.find_member("M20260008")
    assert [c.code for c in desk.coupons.wallet(member.id)] == ["NEW5"]  # claimed once, not twice
    dialog.reject()


def test_a_bad_code_shows_its_reason_in_the_dialog(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _cashier(qtbot, window)
    _scan(qtbot, window, desk.catalog.search("雨伞")[0].code)
    dialog = page.checkout()
    assert dialog is not None
    wait_idle(qtbot, window)

    def typed(code: str) -> str:
        dialog.code_edit.setText(code)
        qtbot.mouseClick(dialog.code_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        return dialog.code_message.text()

    assert "There is no coupon “NOPE9”" in typed("NOPE9")
    assert "identify the member first" in typed("NEW5")  # no member in this sale
    dialog.reject()
    wait_idle(qtbot, window)
    _scan(qtbot, window, "M20260009")
    dialog = page.checkout()
    assert dialog is not None
    wait_idle(qtbot, window)
    assert "is paused" in typed("NOODLE3")
    assert dialog.quote is not None and dialog.quote.discount_fen == 0 and dialog.isVisible()
    dialog.reject()
