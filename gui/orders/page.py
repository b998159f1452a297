"""Orders: today's and past sales, searchable by order number, member code or product code; refunds."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.context import PageContext
from gui.orders.payfor_panel import PayForPanel
from gui.orders.refund_dialog import RefundDialog
from gui.page import Page
from services.checkout.records import OrderSummary
from services.core.errors import DeskError
from services.core.money import format_fen

if TYPE_CHECKING:
    from services.receipts.model import ReceiptData

Index = QModelIndex | QPersistentModelIndex


class OrderTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OrderSummary] = []

    def set_rows(self, rows: list[OrderSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Order"), self.tr("Time"), self.tr("Items"), self.tr("Discount"), self.tr("Total"),
                    self.tr("Payment"), self.tr("Status"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        o = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = self.tr("paid") if o.status == "paid" else self.tr("refunded")
            payment = {"cash": self.tr("cash"), "card": self.tr("card"), "qr": self.tr("QR")}.get(o.payment_method, o.payment_method)
            return (o.number, o.created_at.astimezone().strftime("%m-%d %H:%M"), str(o.items),
                    format_fen(o.discount_fen), format_fen(o.total_fen), payment, status)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and o.status != "paid":
            return Qt.GlobalColor.darkGray
        return None


class OrdersPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Order number, member card or product code"))
        self.search_edit.setClearButtonEnabled(True)
        self.model = OrderTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.refund_button = QPushButton(self.tr("Refund the selected order"))
        self.refund_button.clicked.connect(self.refund_selected)
        self.reprint_button = QPushButton(self.tr("Reprint"))
        self.reprint_button.setToolTip(self.tr("Print the selected order's receipt again (marked as a copy)"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.confirm = self._ask  # tests replace this seam instead of answering a modal box
        self.lines_button = QPushButton(self.tr("Refund lines…"))
        self.lines_button.clicked.connect(self.open_detail)
        self.table.doubleClicked.connect(lambda _i: self.open_detail())
        self.detail: RefundDialog | None = None
        self._refunding = False

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.lines_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.refund_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.payfor = PayForPanel(ctx)  # orders paid by someone else
        layout.addWidget(self.payfor, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())

    def title(self) -> str:
        return self.tr("Orders")

    def activated(self) -> None:
        self.search()
        self.payfor.refresh()
        self.search_edit.setFocus()

    def handle_scan(self, code: str) -> bool:
        self.search_edit.setText(code)  # a scanned product or member card finds its orders
        self.search()
        self.payfor.show_member(code)
        return True

    def search(self) -> None:
        self._debounce.stop()
        self.ctx.tasks.db(self.ctx.desk.checkout.orders, self.search_edit.text(), owner=self, key="search", done=self._show)

    def _show(self, rows: list[OrderSummary]) -> None:
        self.model.set_rows(rows)
        paid = sum(o.total_fen for o in rows if o.status == "paid")
        self.summary.setText(self.tr("%n order(s), {total} paid", "", len(rows)).format(total=format_fen(paid)))

    def open_detail(self) -> None:
        """The selected order's lines; refund chosen units there with a manager's PIN."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.detail = RefundDialog(self.ctx.desk, self.ctx.tasks, self.ctx.operator, self.model.rows[rows[0].row()],
                                   self)
        self.detail.finished.connect(lambda _r: self.search())
        self.detail.open()

    def _ask(self, order: OrderSummary) -> bool:
        answer = QMessageBox.question(self, self.tr("Refund"), self.tr(
            "Refund order {number} ({total})? Its coupons go back to the member.").format(
                number=order.number, total=format_fen(order.total_fen)))
        return answer == QMessageBox.StandardButton.Yes

    def refund_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self._refunding or not rows:
            return
        order = self.model.rows[rows[0].row()]
        if not self.confirm(order):
            return
        self._refunding = True
        self.ctx.tasks.db(self.ctx.desk.checkout.refund, order.number, self.ctx.operator.id,
                          owner=self, done=lambda n: self._refunded(order, n), failed=self._failed)

    def _refunded(self, order: OrderSummary, coupons: int) -> None:
        self._refunding = False
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.setText(self.tr("Order {number} refunded; {n} coupons returned to the member.").format(
            number=order.number, n=coupons))
        self.search()

    def _failed(self, exc: BaseException) -> None:
        self._refunding = False
        if not isinstance(exc, DeskError):
            raise exc
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.setText(error_text(exc))

    # -- reprint ----------------------------------------------------------------------------------

    def reprint_selected(self) -> bool:
        """Queue the stored order's receipt again (read from the database, not the till's memory)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._say(self.tr("Select an order to reprint."), False)
            return False
        if not self.ctx.settings.printer.receipt_printer:
            self._say(self.tr("No receipt printer is set: choose one in Desk → Settings → Printer."), False)
            return False
        number = self.model.rows[rows[0].row()].number
        self.ctx.tasks.db(self.ctx.desk.receipts.receipt, number, self.ctx.language,
                          owner=self, done=self._reprint_ready, failed=self._failed)
        return True

    def _reprint_ready(self, result: tuple[ReceiptData, str]) -> None:
        from devices.printer.ticket import ROLLS
        from services.receipts.layout import receipt_ticket
        from services.receipts.model import ShopInfo

        data, store_name = result
        printer = self.ctx.settings.printer
        shop = ShopInfo(store_name, tuple(printer.header), tuple(printer.footer))
        ticket = receipt_ticket(data, shop, ROLLS.get(printer.width_mm, ROLLS[80]), self.ctx.language)
        ticket = replace(ticket, open_drawer=False)  # a copy never opens the drawer
        if self.ctx.devices.printing.submit("receipt", ticket) is None:
            self._say(self.tr("The receipt printer is not ready to take jobs yet; try again in a moment."), False)
            return
        self._say(self.tr("Receipt of order {number} sent to the printer.").format(number=data.number), True)

    def _say(self, text: str, ok: bool) -> None:
        self.notice.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.notice.setText(text)
