"""Pay-for-another orders on the Orders page: those awaiting a payer (resend / cancel), those paid
for another, and — after a member card is scanned — the orders that member received."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.context import PageContext
from services.core.errors import DeskError
from services.core.money import format_fen
from services.payfor.desk import PayForProblem, PayForRecord

Index = QModelIndex | QPersistentModelIndex


class PayForTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PayForRecord] = []

    def set_rows(self, rows: list[PayForRecord]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Order"), self.tr("Recipient"), self.tr("Payer"), self.tr("Total"),
                    self.tr("State"), self.tr("Delivery"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        o = self.rows[index.row()]
        state = {"sent": self.tr("sending"), "awaiting_payer": self.tr("awaiting payer"), "paid": self.tr("paid"),
                 "closed": self.tr("closed"), "cancelled": self.tr("cancelled")}.get(o.state, o.state)
        return (o.order_no, o.recipient, o.payer, format_fen(o.amount_fen), state,
                f"{o.delivery_status} {o.tracking_no}".strip())[index.column()]


class PayForPanel(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = QComboBox()
        self.view.addItem(self.tr("Awaiting a payer"), "awaiting")
        self.view.addItem(self.tr("Paid for another"), "paid")
        self.view.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = PayForTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.resend_button = QPushButton(self.tr("Send the payment request again"))
        self.cancel_button = QPushButton(self.tr("Cancel the order"))
        self.resend_button.clicked.connect(lambda: self._act("resend"))
        self.cancel_button.clicked.connect(lambda: self._act("cancel"))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Paid by someone else:")))
        top.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        payfor = self.ctx.desk.payfor
        fn = payfor.awaiting_payer if self.view.currentData() == "awaiting" else payfor.paid_for_another
        self.ctx.tasks.db(fn, done=self.model.set_rows)

    def show_member(self, code: str) -> None:
        """A scanned member card: the orders this member received (their history)."""
        def received() -> list[PayForRecord]:
            member = self.ctx.desk.coupons.find_member(code)
            return self.ctx.desk.payfor.for_member(member.id)

        self.ctx.tasks.db(received, done=self._member_rows, failed=lambda _e: None)

    def _member_rows(self, rows: list[PayForRecord]) -> None:
        self.model.set_rows(rows)
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("{n} orders received by this member").format(n=len(rows)))

    def _act(self, what: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        order = self.model.rows[rows[0].row()]
        fn = self.ctx.desk.payfor.resend if what == "resend" else self.ctx.desk.payfor.cancel
        self.ctx.tasks.db(fn, order.order_no, done=lambda _r: self._done(order, what), failed=self._failed)

    def _done(self, order: PayForRecord, what: str) -> None:
        self.notice.setStyleSheet("color: #1b5e20;")
        text = self.tr("A new payment request for {number} is on its way.") if what == "resend" else \
            self.tr("Order {number} is being cancelled.")
        self.notice.setText(text.format(number=order.order_no))
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, PayForProblem | DeskError):
            raise exc
        self.notice.setStyleSheet("color: #b00020;")
        if isinstance(exc, PayForProblem) and exc.code == "not_awaiting_payer":
            self.notice.setText(self.tr("This order no longer waits for a payer."))
        else:
            self.notice.setText(self.tr("This order cannot be changed: {code}").format(
                code=exc.code if isinstance(exc, PayForProblem) else str(exc)))
