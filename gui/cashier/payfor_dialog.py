"""The till's "paid by someone else": the basket becomes an order another person pays for.

Recipient: the member at the counter, or a phone number. Payer: a member card / phone number of a
member, or any phone number. The order goes to the server through the outbox; the payer gets a
link on their phone. A recipient with no contact at all is refused here, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.context import PageContext
from services.core.errors import DeskError
from services.core.money import format_fen
from services.coupons.records import MemberInfo
from services.payfor.desk import GoodsLine, Party, PayForProblem, PayForRecord


class PayForDialog(QDialog):
    def __init__(self, ctx: PageContext, goods: Sequence[GoodsLine], member: MemberInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.goods, self.member = ctx, list(goods), member
        self.record: PayForRecord | None = None
        self.setWindowTitle(self.tr("Paid by someone else"))
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText(self.tr("Recipient's phone number"))
        if member is not None:
            self.recipient_edit.setText(member.name)
            self.recipient_edit.setReadOnly(True)
        self.payer_edit = QLineEdit()
        self.payer_edit.setPlaceholderText(self.tr("Payer's member card or phone number"))
        self.address_edit = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Recipient"), self.recipient_edit)
        form.addRow(self.tr("Payer"), self.payer_edit)
        form.addRow(self.tr("Delivery address"), self.address_edit)
        total = sum(g.qty * g.unit_fen for g in self.goods)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton(self.tr("Send to the payer ({total})").format(
            total=format_fen(total)), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def send(self) -> None:
        self.send_button.setEnabled(False)
        recipient = Party(member_id=self.member.id) if self.member else Party(phone=self.recipient_edit.text())
        payer_text = self.payer_edit.text().strip()
        desk = self.ctx.desk

        def run() -> PayForRecord:
            try:
                payer = Party(member_id=desk.coupons.find_member(payer_text).id) if payer_text else Party()
            except DeskError:
                payer = Party(phone=payer_text)  # not a member: just their phone number
            return desk.payfor.send(self.goods, recipient, payer, address=self.address_edit.text().strip())

        self.ctx.tasks.db(run, done=self._sent, failed=self._failed)

    def _sent(self, record: PayForRecord) -> None:
        self.record = record
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        if not isinstance(exc, PayForProblem):
            raise exc
        self.error.setText({
            "recipient_no_contact": self.tr("The recipient has no contact: enter their phone number."),
            "bad_phone": self.tr("That is not a mobile phone number (11 digits starting with 1)."),
            "payer_unknown": self.tr("Enter the payer's member card or phone number."),
            "payer_is_recipient": self.tr("The payer must be someone other than the recipient."),
            "empty_basket": self.tr("The basket is empty."),
        }.get(exc.code, exc.code))
