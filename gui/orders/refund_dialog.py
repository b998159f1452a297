"""An order's detail (double-click on the Orders page) and a refund of chosen lines and quantities,
approved by a manager's or administrator's PIN (services/checkout/refunds.py checks it, with the
login's lockout, and records who approved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.messages import say
from gui.common.tasks import TaskRunner
from gui.login_dialog import role_name
from services.checkout.records import OrderSummary
from services.core.errors import DeskError
from services.core.money import format_fen
from services.core.records import OperatorInfo

if TYPE_CHECKING:  # these modules load SQLAlchemy; the dialog only names their types
    from services.checkout.refunds import OrderLineRow, RefundResult
    from services.desk import Desk

APPROVER_ROLES = ("manager", "admin")


class RefundDialog(QDialog):
    """Lines with what is left to refund; a quantity per line, the approver and their PIN."""

    def __init__(self, desk: Desk, tasks: TaskRunner, operator: OperatorInfo, order: OrderSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.tasks, self.operator, self.order = desk, tasks, operator, order
        self.setWindowTitle(self.tr("Order {number}").format(number=order.number))
        self.header = QLabel(self.tr("{time} · {total} · {status}").format(
            time=order.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), total=format_fen(order.total_fen),
            status=self.tr("paid") if order.status == "paid" else self.tr("refunded")))
        self.lines = QTableWidget(0, 6)
        self.lines.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Unit price"), self.tr("Qty"),
                                              self.tr("Paid"), self.tr("Refunded"), self.tr("Refund now")])
        self.lines.verticalHeader().setVisible(False)
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.spins: dict[int, QSpinBox] = {}
        self.approver = QComboBox()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(self.tr("Approver's PIN"))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.refund_button = QPushButton(self.tr("Refund the chosen units"))
        self.refund_button.clicked.connect(self.refund)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        approval = QHBoxLayout()
        approval.addWidget(QLabel(self.tr("Approved by")))
        approval.addWidget(self.approver, 1)
        approval.addWidget(self.pin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.refund_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.lines, 1)
        layout.addLayout(approval)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.last_refund: RefundResult | None = None
        self.refund_button.setEnabled(False)
        self.load()

    def load(self) -> None:
        self.tasks.db(self.desk.refunds.order_lines, self.order.number, owner=self, done=self._show_lines, failed=self._failed)
        self.tasks.db(self.desk.auth.operators, owner=self, done=self._show_approvers, failed=self._failed)

    def _show_lines(self, rows: list[OrderLineRow]) -> None:
        self.lines.setRowCount(len(rows))
        self.spins.clear()
        for i, r in enumerate(rows):
            for column, text in enumerate((f"{r.name} ({r.code})", format_fen(r.unit_price_fen), str(r.quantity),
                                           format_fen(r.total_fen), str(r.refunded_quantity))):
                self.lines.setItem(i, column, QTableWidgetItem(text))
            spin = QSpinBox()
            spin.setRange(0, r.quantity - r.refunded_quantity)
            spin.setEnabled(self.order.status == "paid" and r.refunded_quantity < r.quantity)
            self.lines.setCellWidget(i, 5, spin)
            self.spins[r.id] = spin
        self.lines.resizeColumnsToContents()
        self.refund_button.setEnabled(self.order.status == "paid" and any(s.isEnabled() for s in self.spins.values()))

    def _show_approvers(self, operators: list[OperatorInfo]) -> None:
        self.approver.clear()
        for o in operators:
            if o.role in APPROVER_ROLES:
                self.approver.addItem(f"{o.name} ({role_name(o.role)})", o.id)
        if self.operator.role in APPROVER_ROLES:
            self.approver.setCurrentIndex(max(0, self.approver.findData(self.operator.id)))

    def chosen(self) -> dict[int, int]:
        return {line_id: spin.value() for line_id, spin in self.spins.items() if spin.value() > 0}

    def refund(self) -> None:
        chosen = self.chosen()
        if not self.refund_button.isEnabled():
            return
        if not chosen:
            say(self.notice, self.tr("Choose how many units of which lines to refund."), error=True)
            return
        if self.approver.currentData() is None or not self.pin.text():
            say(self.notice, self.tr("A manager or an administrator approves a refund with their PIN."), error=True)
            return
        self.refund_button.setEnabled(False)
        self.tasks.db(self.desk.refunds.refund_lines, self.order.number, chosen, self.operator.id,
                      int(self.approver.currentData()), self.pin.text(), owner=self, done=self._refunded, failed=self._failed)

    def _refunded(self, result: RefundResult) -> None:
        self.last_refund = result
        self.pin.clear()
        text = self.tr("Refunded {amount}.").format(amount=format_fen(result.amount_fen))
        if result.order_refunded:
            text += " " + self.tr("The whole order is now refunded; {n} coupons went back to the member.").format(
                n=result.coupons_released)
        say(self.notice, text, ok=True)
        self.tasks.db(self.desk.refunds.order_lines, self.order.number, owner=self, done=self._show_lines, failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.pin.clear()
        if not isinstance(exc, DeskError):
            raise exc
        say(self.notice, error_text(exc), error=True)
        self.refund_button.setEnabled(bool(self.spins) and self.order.status == "paid")
