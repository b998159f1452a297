"""Checkout: the settlement with the member's coupons, the cashier's override, payment, receipt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.cashier.receipt import receipt_html, save_receipt_pdf
from gui.common.i18n import error_text, reason_text
from gui.common.money_edit import FenEdit
from gui.common.style import ERROR, OK, TOUCH_MIN_PX, css
from gui.context import PageContext
from services.checkout.records import OrderReceipt, Quote
from services.core.errors import DeskError
from services.core.money import format_fen
from services.coupons.records import ClaimedCoupon, MemberInfo


def quick_cash_steps(total_fen: int) -> list[int]:
    """The next multiple of ¥10, ¥50 and ¥100 strictly above ``total_fen``, each once
    (the Exact button covers the total itself)."""
    found: list[int] = []
    for note in (1000, 5000, 10000):
        amount = (total_fen // note + 1) * note
        if amount not in found:
            found.append(amount)
    return found


class CheckoutDialog(QDialog):
    def __init__(self, ctx: PageContext, items: list[tuple[str, int]], member: MemberInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Checkout"))
        self.ctx = ctx
        self.items = items
        self.member = member
        self.quote: Quote | None = None
        self.receipt: OrderReceipt | None = None
        self.only: list[int] | None = None  # None: the best combination
        self._paying = False
        self._claiming = False
        self._typed: ClaimedCoupon | None = None  # the coupon a typed code just claimed, until the next quote

        self.summary = QTextBrowser()
        self.summary.setMinimumSize(460, 220)
        self.coupon_box = QVBoxLayout()
        self.coupon_checks: list[QCheckBox] = []
        self.total_label = QLabel()
        self.total_label.setObjectName("checkoutTotal")
        self.total_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.method = QComboBox()
        self.method.addItem(self.tr("Cash"), "cash")
        self.method.addItem(self.tr("Card"), "card")
        self.method.addItem(self.tr("QR payment (WeChat Pay / Alipay)"), "qr")
        self.method.currentIndexChanged.connect(self._method_changed)
        self.tendered = FenEdit()
        self.tendered.setObjectName("checkoutTendered")
        self.tendered.setPlaceholderText(self.tr("empty: the exact amount"))
        self.tendered.fen_changed.connect(self._update_change)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("card slip or payment reference"))
        self.change_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(css(ERROR))
        self.pay_button = QPushButton(self.tr("Pay"))
        self.pay_button.setDefault(True)
        self.pay_button.clicked.connect(self.pay)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("coupon code, e.g. NEW5"))
        self.code_button = QPushButton(self.tr("Apply code"))
        self.code_button.setAutoDefault(False)
        self.code_button.clicked.connect(self.apply_code)
        self.code_edit.installEventFilter(self)
        self.code_message = QLabel()
        self.code_message.setWordWrap(True)
        cancel = QPushButton(self.tr("Back to the basket"))
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Payment"), self.method)
        form.addRow(self.tr("Cash received"), self.tendered)
        self.quick_cash = QHBoxLayout()
        self.quick_cash_buttons: list[QPushButton] = []
        form.addRow("", self.quick_cash)
        form.addRow(self.tr("Reference"), self.reference)
        form.addRow("", self.change_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.pay_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(QLabel(self.tr("<b>Member coupons</b> (untick to keep one for later)")))
        layout.addLayout(self.coupon_box)
        code_row = QHBoxLayout()
        code_row.addWidget(QLabel(self.tr("Coupon code")))
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.code_button)
        layout.addLayout(code_row)
        layout.addWidget(self.code_message)
        layout.addWidget(self.total_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._method_changed()
        self.requote()

    # -- quote ----------------------------------------------------------------------

    def requote(self) -> None:
        self.pay_button.setEnabled(False)
        self.ctx.tasks.db(self.ctx.desk.checkout.quote, self.items, self.member.id if self.member else None,
                          self.ctx.settings.store_code, self.only, owner=self, done=self._show_quote, failed=self._failed)

    def _show_quote(self, quote: Quote) -> None:
        self.quote = quote
        zh = self.ctx.language.startswith("zh")
        rows = "".join(
            f"<tr><td>{(line.name if zh or not line.name_en else line.name_en)}</td><td align=right>{line.quantity}</td>"
            f"<td align=right>{format_fen(line.unit_price_fen)}</td>"
            f"<td align=right>{'-' + format_fen(line.discount_fen) if line.discount_fen else ''}</td>"
            f"<td align=right>{format_fen(line.total_fen)}</td></tr>"
            for line in quote.lines
        )
        self.summary.setHtml(
            f"<table width='100%'><tr><th align=left>{self.tr('Product')}</th><th>{self.tr('Qty')}</th>"
            f"<th>{self.tr('Price')}</th><th>{self.tr('Discount')}</th><th>{self.tr('Total')}</th></tr>{rows}</table>"
        )
        while self.coupon_box.count():
            item = self.coupon_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.coupon_checks = []
        if not quote.coupons:
            self.coupon_box.addWidget(QLabel(self.tr("none") if self.member else self.tr("no member identified")))
        for c in quote.coupons:
            title = c.title if zh or not c.title_en else c.title_en
            detail = f"−{format_fen(c.discount_fen)}" if c.applied else reason_text(c.reason, c.params)
            box = QCheckBox(f"{title}  ({detail})")
            box.setChecked(c.applied)
            box.setProperty("member_coupon_id", c.member_coupon_id)
            box.toggled.connect(self._override)
            self.coupon_box.addWidget(box)
            self.coupon_checks.append(box)
        self.total_label.setText(self.tr("Total {total}  (saved {discount})").format(
            total=format_fen(quote.total_fen), discount=format_fen(quote.discount_fen)))
        self._quick_cash(quote.total_fen)
        self._update_change()
        self._show_typed(quote)
        self.pay_button.setEnabled(True)

    def _show_typed(self, quote: Quote) -> None:
        typed, self._typed = self._typed, None
        if typed is None:
            return
        zh = self.ctx.language.startswith("zh")
        title = typed.title if zh or not typed.title_en else typed.title_en
        mine = next((c for c in quote.coupons if c.member_coupon_id == typed.member_coupon_id), None)
        if mine is not None and mine.applied:
            text = self.tr("{code} “{title}” is the member's now: saves {amount}.").format(
                code=typed.code, title=title, amount=format_fen(mine.discount_fen))
        else:
            why = reason_text(mine.reason, mine.params) if mine else self.tr("not usable on this basket")
            text = self.tr("{code} “{title}” is the member's now, but does not apply to this sale: {why}.").format(
                code=typed.code, title=title, why=why)
        self.code_message.setStyleSheet(css(OK))
        self.code_message.setText(text)

    # -- a typed coupon code ------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the code field applies the code; it must never fall through to Pay.
        if (watched is self.code_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.apply_code()
            return True
        return super().eventFilter(watched, event)

    def apply_code(self) -> None:
        """Claim the typed code for the member (or find the one they hold) and quote again with it."""
        if self._claiming or self._paying:
            return
        code = self.code_edit.text().strip()
        if not code:
            return
        self._claiming = True
        self.code_button.setEnabled(False)
        self.ctx.tasks.db(self.ctx.desk.coupons.claim_for_checkout, code, self.member.id if self.member else None,
                          self.ctx.settings.store_code, self.ctx.operator.id,
                          owner=self, done=self._code_claimed, failed=self._code_failed)

    def _code_claimed(self, claimed: ClaimedCoupon) -> None:
        self._claiming = False
        self.code_button.setEnabled(True)
        self.code_edit.clear()
        self._typed = claimed
        if self.only is not None and claimed.member_coupon_id not in self.only:
            self.only.append(claimed.member_coupon_id)  # the cashier's other choices stay as they were
        self.requote()

    def _code_failed(self, exc: BaseException) -> None:
        self._claiming = False
        self.code_button.setEnabled(True)
        if not isinstance(exc, DeskError):
            raise exc
        self.code_message.setStyleSheet(css(ERROR))
        self.code_message.setText(error_text(exc))
        self.code_edit.selectAll()

    def _override(self) -> None:
        self.only = [int(b.property("member_coupon_id")) for b in self.coupon_checks if b.isChecked()]
        self.requote()

    # -- payment --------------------------------------------------------------------

    def _method_changed(self) -> None:
        cash = self.method.currentData() == "cash"
        self.tendered.setEnabled(cash)
        for button in self.quick_cash_buttons:
            button.setEnabled(cash)
        self.reference.setEnabled(not cash)
        self._update_change()

    def _quick_cash(self, total_fen: int) -> None:
        """Exact, then the next ¥10 / ¥50 / ¥100 note amounts above the total (each once)."""
        for button in self.quick_cash_buttons:
            self.quick_cash.removeWidget(button)
            button.deleteLater()
        self.quick_cash_buttons = []
        amounts: list[int | None] = [None]
        for step in quick_cash_steps(total_fen):
            amounts.append(step)
        for amount in amounts:
            text = self.tr("Exact") if amount is None else format_fen(amount)
            button = QPushButton(text)
            button.setObjectName("quickCash")
            button.setAutoDefault(False)
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.clicked.connect(lambda _checked=False, fen=amount: self.tendered.set_fen(fen))
            button.setEnabled(self.method.currentData() == "cash")
            self.quick_cash.addWidget(button)
            self.quick_cash_buttons.append(button)

    def _tendered_fen(self) -> int:
        """The cash received; an empty field means the customer gave the exact amount."""
        typed = self.tendered.fen()
        if typed is None and self.quote is not None and not self.tendered.text().strip():
            return self.quote.total_fen
        return typed or 0

    def _update_change(self) -> None:
        if self.quote is None or self.method.currentData() != "cash":
            self.change_label.clear()
            return
        if not self.tendered.text().strip():
            self.change_label.setText(self.tr("Exact amount, no change"))
            self.change_label.setStyleSheet("")
            return
        change = self._tendered_fen() - self.quote.total_fen
        if change < 0:
            self.change_label.setText(self.tr("{amount} short").format(amount=format_fen(-change)))
            self.change_label.setStyleSheet(css(ERROR))
        else:
            self.change_label.setText(self.tr("Change {amount}").format(amount=format_fen(change)))
            self.change_label.setStyleSheet("")

    def pay(self) -> None:
        if self._paying or self.quote is None:
            return  # a double Enter pays once
        self._paying = True
        self.pay_button.setEnabled(False)
        self.ctx.tasks.db(
            lambda: self.ctx.desk.checkout.pay(
                self.items, self.member.id if self.member else None, self.ctx.settings.store_code,
                self.method.currentData(), reference=self.reference.text(), tendered_fen=self._tendered_fen(),
                only=self.only, operator_id=self.ctx.operator.id, expected_total_fen=self.quote.total_fen if self.quote else None,
            ),
            owner=self, done=self._paid, failed=self._pay_failed,
        )

    def _paid(self, receipt: OrderReceipt) -> None:
        self.receipt = receipt
        self.accept()

    def _pay_failed(self, exc: BaseException) -> None:
        self._paying = False
        self._failed(exc)
        self.requote()  # show what is true now

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        self.message.setText(error_text(exc))
        self.pay_button.setEnabled(self.quote is not None)


class ReceiptDialog(QDialog):
    def __init__(self, ctx: PageContext, receipt: OrderReceipt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Receipt {number}").format(number=receipt.number))
        self.ctx = ctx
        self.receipt = receipt
        view = QTextBrowser()
        view.setHtml(receipt_html(receipt, ctx.language, ctx.settings.printer))
        view.setMinimumSize(360, 420)
        self.saved = QLabel()
        save = QPushButton(self.tr("Save PDF"))
        save.clicked.connect(self.save_pdf)
        done = QPushButton(self.tr("Done"))
        done.setDefault(True)
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(save)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)

    def save_pdf(self) -> QFileDialog:
        """Ask where (the receipts folder and the order number offered), then save there."""
        folder = self.ctx.devices.data_dir / "receipts"
        folder.mkdir(parents=True, exist_ok=True)
        dialog = QFileDialog(self, self.tr("Save the receipt as PDF"), str(folder / f"{self.receipt.number}.pdf"),
                             self.tr("PDF files (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(folder / f"{self.receipt.number}.pdf"))
        dialog.fileSelected.connect(lambda chosen: self.save_pdf_to(Path(chosen)))
        dialog.open()
        return dialog

    def save_pdf_to(self, path: Path) -> None:
        self.saved.setText(self.tr("Saving…"))
        self.ctx.tasks.io(save_receipt_pdf, self.receipt, self.ctx.language, path, self.ctx.settings.printer,
                          owner=self, done=lambda saved: self.saved.setText(self.tr("Saved to {path}").format(path=saved)),
                          failed=lambda exc: self.saved.setText(self.tr("Could not save the PDF: {error}").format(
                              error=exc)))
