"""The cashier's till: scan or type codes, adjust quantities, see the running total."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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

from gui.context import PageContext
from gui.i18n import error_text
from gui.models.basket_model import BasketModel
from gui.pages.base import Page
from services.basket import Basket
from services.errors import DeskError
from services.money import format_fen
from services.records import ProductInfo


class CashierPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.basket = Basket()
        self.model = BasketModel(self.basket, ctx.language)

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setPlaceholderText(self.tr("Scan or type a product code, then Enter"))
        self.code_edit.setClearButtonEnabled(True)
        self.code_edit.returnPressed.connect(self._submit_typed_code)
        add_button = QPushButton(self.tr("Add"))
        add_button.clicked.connect(self._submit_typed_code)

        self.table = QTableView()
        self.table.setObjectName("basketTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(BasketModel.NAME, QHeaderView.ResizeMode.Stretch)
        for col in (BasketModel.CODE, BasketModel.PRICE, BasketModel.QTY, BasketModel.TOTAL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(24)

        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        total_font = QFont(self.total_label.font())
        total_font.setPointSize(total_font.pointSize() * 2)
        total_font.setBold(True)
        self.total_label.setFont(total_font)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label = QLabel()

        plus = QPushButton(self.tr("+1  (+)"))
        plus.clicked.connect(lambda: self._change_quantity(+1))
        minus = QPushButton(self.tr("−1  (−)"))
        minus.clicked.connect(lambda: self._change_quantity(-1))
        remove = QPushButton(self.tr("Remove  (Del)"))
        remove.clicked.connect(self._remove_selected)
        new_sale = QPushButton(self.tr("New sale  (F9)"))
        new_sale.clicked.connect(self._new_sale)

        entry = QHBoxLayout()
        entry.addWidget(self.code_edit, 1)
        entry.addWidget(add_button)
        buttons = QHBoxLayout()
        for b in (plus, minus, remove, new_sale):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep focus in the code field for the next scan
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addSpacing(16)
        buttons.addWidget(self.total_label)

        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        for key, slot in (
            ("+", lambda: self._change_quantity(+1)),
            ("-", lambda: self._change_quantity(-1)),
            (QKeySequence.StandardKey.Delete, self._remove_selected),
            ("F9", self._new_sale),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_totals()

    def title(self) -> str:
        return self.tr("Cashier")

    def activated(self) -> None:
        self.code_edit.setFocus()

    # -- scanning ---------------------------------------------------------

    def handle_scan(self, code: str) -> bool:
        self._lookup(code)
        return True

    def _submit_typed_code(self) -> None:
        code = self.code_edit.text()
        if not code.strip():
            return
        self.code_edit.clear()
        self._lookup(code)

    def _lookup(self, code: str) -> None:
        self.ctx.tasks.db(self.ctx.desk.catalog.lookup, code, done=self._product_found, failed=self._lookup_failed)

    def _product_found(self, product: ProductInfo) -> None:
        try:
            row = self.basket.add(product)
        except DeskError as exc:
            self._show_error(error_text(exc))
            return
        self.model.refresh()
        self.table.selectRow(row)
        name = product.name if self.ctx.language.startswith("zh") or not product.name_en else product.name_en
        self._show_info(self.tr("Added {name} — {price}").format(name=name, price=format_fen(product.price_fen)))
        self._update_totals()

    def _lookup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        self._show_error(error_text(exc))
        QApplication.beep()

    # -- editing the basket -----------------------------------------------

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.basket.lines) - 1 if self.basket.lines else None

    def _change_quantity(self, delta: int) -> None:
        row = self._selected_row()
        if row is None:
            return
        new_quantity = self.basket.lines[row].quantity + delta
        if new_quantity < 1:
            self._remove_selected()
            return
        try:
            self.basket.set_quantity(row, new_quantity)
        except DeskError as exc:
            self._show_error(error_text(exc))
            return
        self.model.refresh()
        self.table.selectRow(row)
        self._update_totals()

    def _remove_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        self.basket.remove(row)
        self.model.refresh()
        if self.basket.lines:
            self.table.selectRow(min(row, len(self.basket.lines) - 1))
        self._update_totals()

    def _new_sale(self) -> None:
        if self.basket.lines:
            answer = QMessageBox.question(
                self,
                self.tr("New sale"),
                self.tr("Clear the basket ({count} items, {total})?").format(
                    count=self.basket.item_count, total=format_fen(self.basket.total_fen)
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.basket.clear()
        self.model.refresh()
        self._update_totals()
        self.message.clear()
        self.code_edit.setFocus()

    # -- feedback -----------------------------------------------------------

    def _update_totals(self) -> None:
        self.total_label.setText(self.tr("Total {amount}").format(amount=format_fen(self.basket.total_fen)))
        self.count_label.setText(self.tr("{count} items").format(count=self.basket.item_count))

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(text)

    def _show_info(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(text)

