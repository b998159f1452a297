"""The group checkout: each member's items scanned into their own basket, the group's promotion applied
once to the pooled total, each member's share and what they pay, one payment each, all settled at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.context import PageContext
from gui.groupbuy.texts import groupbuy_error_text
from services.core.money import format_fen
from services.groupbuy.checkout import GroupQuote, GroupReceipt, Payment
from services.groupbuy.service import GroupInfo


class GroupCheckoutDialog(QDialog):
    def __init__(self, ctx: PageContext, group: GroupInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group = group
        self.members = [s for s in group.seats if s.answer == "accepted"]
        self.baskets: dict[int, list[tuple[str, int]]] = {s.member_id: [] for s in self.members}
        self.quote: GroupQuote | None = None
        self.receipt: GroupReceipt | None = None
        self._paying = False
        self.setWindowTitle(self.tr("Group checkout {code}").format(code=group.code))

        self.member_box = QComboBox()
        for seat in self.members:
            self.member_box.addItem(seat.name, seat.member_id)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Scan or type a product code for this member"))
        self.code_edit.returnPressed.connect(lambda: self.add_item(self.code_edit.text()))
        self.items_list = QListWidget()
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.grid = QGridLayout()
        self.due_labels: dict[int, QLabel] = {}
        self.methods: dict[int, QComboBox] = {}
        self.references: dict[int, QLineEdit] = {}
        for row, seat in enumerate(self.members):
            method = QComboBox()
            method.addItem(self.tr("Cash"), "cash")
            method.addItem(self.tr("Card"), "card")
            method.addItem(self.tr("QR payment"), "qr")
            reference = QLineEdit()
            reference.setPlaceholderText(self.tr("card / QR reference"))
            self.due_labels[seat.member_id] = QLabel("—")
            self.methods[seat.member_id] = method
            self.references[seat.member_id] = reference
            self.grid.addWidget(QLabel(seat.name), row, 0)
            self.grid.addWidget(self.due_labels[seat.member_id], row, 1)
            self.grid.addWidget(method, row, 2)
            self.grid.addWidget(reference, row, 3)
        self.pay_button = QPushButton(self.tr("Pay together"))
        self.pay_button.setEnabled(False)
        self.pay_button.clicked.connect(self.pay)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.pay_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        entry = QHBoxLayout()
        entry.addWidget(self.member_box)
        entry.addWidget(self.code_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Meeting point: this counter. Each member pays their own part.")))
        layout.addLayout(entry)
        layout.addWidget(self.items_list, 1)
        layout.addWidget(self.summary)
        layout.addLayout(self.grid)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def handle_scan(self, code: str) -> bool:
        self.add_item(code)
        return True

    def add_item(self, code: str) -> None:
        code = code.strip()
        self.code_edit.clear()
        if not code:
            return
        member_id = int(self.member_box.currentData())
        basket = self.baskets[member_id]
        for i, (c, q) in enumerate(basket):
            if c == code:
                basket[i] = (c, q + 1)
                break
        else:
            basket.append((code, 1))
        self._requote(undo=(member_id, code))

    def _requote(self, undo: tuple[int, str] | None = None) -> None:
        self._show_items()
        self.pay_button.setEnabled(False)
        if any(not b for b in self.baskets.values()):
            self.summary.setText(self.tr("Scan every member's items; the saving is computed on the pooled basket."))
            return
        baskets = {m: list(b) for m, b in self.baskets.items()}
        self.ctx.tasks.db(self.ctx.desk.group_checkout.quote, self.group.id, baskets, self.ctx.settings.store_code,
                          owner=self, key="quote", done=self._show_quote,
                          failed=lambda e: self._quote_failed(e, undo))  # fmt: skip

    def _show_items(self) -> None:
        self.items_list.clear()
        names = {s.member_id: s.name for s in self.members}
        for member_id, basket in self.baskets.items():
            for code, quantity in basket:
                self.items_list.addItem(f"{names[member_id]}: {code} × {quantity}")

    def _show_quote(self, quote: GroupQuote) -> None:
        self.quote = quote
        self.summary.setText(self.tr("Pooled {pooled}: the promotion saves {saving} once; to pay {due}.").format(
            pooled=format_fen(quote.pooled_fen), saving=format_fen(quote.saving_fen),
            due=format_fen(quote.due_fen)))  # fmt: skip
        for part in quote.parts:
            self.due_labels[part.member_id].setText(self.tr("{total} − share {share} = {due}").format(
                total=format_fen(part.quote.total_fen), share=format_fen(part.share_fen),
                due=format_fen(part.due_fen)))  # fmt: skip
        self.message.clear()
        self.pay_button.setEnabled(True)

    def _quote_failed(self, exc: BaseException, undo: tuple[int, str] | None) -> None:
        if undo is not None:  # the item just added is what the checkout refused: take it back out
            member_id, code = undo
            basket = self.baskets[member_id]
            for i, (c, q) in enumerate(basket):
                if c == code:
                    if q > 1:
                        basket[i] = (c, q - 1)
                    else:
                        basket.pop(i)
                    break
            self._show_items()
        self._error(exc)

    def pay(self) -> None:
        if self._paying or self.quote is None:
            return
        self._paying = True
        self.pay_button.setEnabled(False)
        payments = {}
        for part in self.quote.parts:
            method = str(self.methods[part.member_id].currentData())
            payments[part.member_id] = Payment(method, self.references[part.member_id].text().strip(),
                                               part.due_fen if method == "cash" else 0)  # fmt: skip
        expected = {p.member_id: p.due_fen for p in self.quote.parts}
        baskets = {m: list(b) for m, b in self.baskets.items()}
        pay, group_id, store, operator = self.ctx.desk.group_checkout.pay, self.group.id, self.ctx.settings.store_code, self.ctx.operator.id
        self.ctx.tasks.db(lambda: pay(group_id, baskets, payments, store, operator_id=operator, expected_due_fen=expected),
                          owner=self, done=self._paid, failed=self._pay_failed)  # fmt: skip

    def _paid(self, receipt: GroupReceipt) -> None:
        self._paying = False
        self.receipt = receipt
        self.accept()

    def _pay_failed(self, exc: BaseException) -> None:
        self._paying = False
        self.pay_button.setEnabled(self.quote is not None)
        self._error(exc)

    def _error(self, exc: BaseException) -> None:
        text = groupbuy_error_text(exc)
        if text is None:
            raise exc
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
